// A UTF-16 surrogate without its partner: only JSON escapes ("\ud800") make one, and no database can store it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether PostgreSQL can store this text: no NUL (22021 in text, 22P05 in
 * jsonb) and no lone surrogate. Shared by the form reader, the schemas (which
 * the browser runs too, so no String.prototype.isWellFormed) and token payloads.
 */
export function isStorableText(text: string) {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}
