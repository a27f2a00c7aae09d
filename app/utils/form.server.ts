import { isStorableText } from "./storable-text";

/**
 * The one way actions read a request body. Everything here happens before
 * Conform or Zod see the data, because they are not safe against hostile
 * input on their own: Conform expands `qualities[999999999]=1` into an array
 * of a billion slots before any schema runs (the process ran out of memory),
 * and PostgreSQL refuses NUL in text (22021), which surfaced as a 500.
 *
 * Every refusal is a thrown Response with a 4xx status and a short sentence,
 * which Remix shows in the route's error boundary.
 */

export const FORM_MAX_BYTES = 64 * 1024;
// As much of an oversized body as is read (and thrown away) to answer it with a 413.
const DRAIN_MAX_BYTES = 1024 * 1024;
export const FORM_MAX_FIELDS = 100;
export const FIELD_NAME_MAX = 100;
export const FIELD_INDEX_MAX = 99;

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);
/**
 * Conform reads these two names itself and acts on them before any schema runs
 * (JSON.parse, then list operations by index and by field path): broken JSON,
 * an "insert" into a field that is not a list, or a path like "a..b" each threw,
 * a 500. No form here uses intent buttons or list fields, so they are refused.
 */
const CONFORM_CONTROLS = new Set(["__intent__", "__state__"]);

function refuse(status: number, message: string): never {
  throw new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

const CANNOT_ACCEPT = "The form contains a character we cannot accept.";
const TOO_LARGE = "The form is too large to send.";

/**
 * The body as bytes, refusing it as soon as it passes maxBytes. Content-Length
 * is only a shortcut: a chunked body has none, and a client can lie.
 */
export async function readBodyBytes(
  request: Request,
  maxBytes: number,
  tooLarge = TOO_LARGE,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) refuse(413, tooLarge);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      refuse(400, "The form did not arrive whole. Please try again.");
    }
    if (next.done) break;
    total += next.value.byteLength;
    if (total > maxBytes) {
      // Read the rest without keeping it, so the sender hears the 413: cancelling
      // the stream destroys the connection, and the client got no answer at all.
      // Past DRAIN_MAX_BYTES it is no form, and the connection is dropped.
      while (total <= DRAIN_MAX_BYTES) {
        const rest = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        if (rest.done) refuse(413, tooLarge);
        total += rest.value.byteLength;
      }
      await reader.cancel().catch(() => {});
      refuse(413, tooLarge);
    }
    chunks.push(next.value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function mediaType(contentType: string | null) {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Throws the 400 when a field name could make Conform build something large, or is silly. */
function checkName(name: string) {
  if (name.length > FIELD_NAME_MAX) refuse(400, "The form has a field name that is too long.");
  if (!isStorableText(name)) refuse(400, CANNOT_ACCEPT);
  for (const match of name.matchAll(/\[\s*(\d+)\s*\]/g))
    if (match[1]!.length > 3 || Number(match[1]) > FIELD_INDEX_MAX)
      refuse(400, "The form has a field we do not recognise.");
}

/**
 * Reads a submitted form (urlencoded or multipart) with every guard applied,
 * and returns it as FormData. Use this in every action instead of
 * request.formData().
 */
export async function readForm(request: Request): Promise<FormData> {
  const contentType = request.headers.get("Content-Type");
  const type = mediaType(contentType);
  if (!FORM_TYPES.has(type)) refuse(415, "Send this form from the page it is on.");
  const bytes = await readBodyBytes(request, FORM_MAX_BYTES);

  let entries: [string, FormDataEntryValue][];
  if (type === "application/x-www-form-urlencoded") {
    // Browsers send UTF-8; bytes that are not become U+FFFD rather than an error.
    entries = [...new URLSearchParams(new TextDecoder().decode(bytes)).entries()];
  } else {
    try {
      entries = [...(await new Response(bytes, { headers: { "Content-Type": contentType! } }).formData()).entries()];
    } catch {
      refuse(400, "The form did not arrive whole. Please try again.");
    }
  }

  if (entries.length > FORM_MAX_FIELDS) refuse(400, "The form has too many fields.");
  const form = new FormData();
  for (const [name, value] of entries) {
    checkName(name);
    // No form on this site uploads a file.
    if (typeof value !== "string") refuse(400, "This form does not take files.");
    if (!isStorableText(value)) refuse(400, CANNOT_ACCEPT);
    if (CONFORM_CONTROLS.has(name)) refuse(400, "The form has a field we do not recognise.");
    form.append(name, value);
  }
  return form;
}

/** Throws the 400 when any string (or key) anywhere in a JSON value holds text PostgreSQL will not store. */
function checkJsonStrings(root: unknown) {
  // A loop, not recursion: 64 KiB of "[" nests 65,536 deep.
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (!isStorableText(value)) refuse(400, "The body contains a character we cannot accept.");
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (!isStorableText(key)) refuse(400, "The body contains a character we cannot accept.");
        stack.push(inner);
      }
    }
  }
}

/** The body as text, capped at maxBytes: for callers that must see the raw text (signatures). */
export async function readText(request: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, maxBytes, "The body is too large."));
}

/** Parses JSON text from a request: 400 when it is not JSON or holds a NUL in any string. */
export function parseJsonBody(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    refuse(400, "The body is not JSON.");
  }
  checkJsonStrings(value);
  return value;
}
