import fc from "fast-check";
import { expect, test } from "vitest";
import { isStorableText } from "./storable-text";

test("text with NUL or a lone surrogate cannot be stored; any other text can", () => {
  for (const bad of ["a\u0000b", "\ud800", "a\udc00", "\udc00", "😀\udc00", "\ud83d"])
    expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
  for (const good of ["", "Jane Smith", "😀", "x😀y", "Ŵ ẃ 漢字"]) expect(isStorableText(good), good).toBe(true);
  // The same answer as Node's own check (String.prototype.isWellFormed, which older browsers lack).
  const wellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();
  fc.assert(
    fc.property(
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }),
      (text) => isStorableText(text) === (!text.includes("\u0000") && wellFormed(text)),
    ),
  );
});
