/*
 * What a search compares, and which comparisons JavaScript may decide for Postgres. `ILIKE` lowers
 * the text and the pattern with the database's locale, then matches them. For a query of ASCII
 * characters only, a match can only lie in the ASCII runs of the lowered text, and those are the
 * text's own ASCII runs with A-Z lowered, in every locale but Turkish ones ("I" → "ı"), so the
 * index lowers A-Z and nothing else and decides exactly, except for text holding a character whose
 * lower case is ASCII in some locale and not in another: such a card is left to SQL.
 */

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

export const isAscii = (text: string) => !NON_ASCII.test(text);

/** A-Z lowered, every other character kept: what Postgres' lower() does to ASCII in any non-Turkish locale. */
export function asciiLower(text: string): string {
  return isAscii(text) ? text.toLowerCase() : text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

/**
 * The characters beyond ASCII whose lower case holds an ASCII character: İ (U+0130, "i" in glibc,
 * "i̇" in ICU, itself in the C locale), the Kelvin sign K (U+212A, "k"), and Ì Í Ĩ (U+00CC, U+00CD,
 * U+0128), which a Lithuanian locale lowers to "i" and combining marks. search-text.spec.ts checks
 * that no other code point lowers to ASCII.
 */
export const LOWERS_TO_ASCII = /[\u00cc\u00cd\u0128\u0130\u212a]/;

/** Whether Postgres may answer differently from asciiLower for this text under an ASCII query. */
export const undecidable = (text: string | null) => text !== null && LOWERS_TO_ASCII.test(text);

/** A trigram of three ASCII characters as a 21-bit number: 7 bits a character. */
export const TRIGRAM_SPACE = 1 << 21;

/** A buffer the trigrams of one card are written into, grown for a long title or key. */
export interface TrigramBuffer {
  grams: Int32Array;
}

/**
 * The distinct ASCII trigrams of lowered `texts`, sorted, at the start of `into.grams`; returns how
 * many. Trigrams with other characters are left out: only an ASCII query is answered from the
 * index, and it holds none of them.
 */
export function trigramsOf(texts: readonly string[], into: TrigramBuffer): number {
  let count = 0;
  for (const text of texts) {
    if (into.grams.length < count + text.length) {
      const bigger = new Int32Array(2 * (count + text.length));
      bigger.set(into.grams.subarray(0, count));
      into.grams = bigger;
    }
    for (let at = 0; at + 3 <= text.length; at++) {
      const a = text.charCodeAt(at);
      const b = text.charCodeAt(at + 1);
      const c = text.charCodeAt(at + 2);
      if (a < 128 && b < 128 && c < 128) into.grams[count++] = (a << 14) | (b << 7) | c;
    }
  }
  const sorted = into.grams.subarray(0, count).sort();
  let distinct = 0;
  for (let i = 0; i < count; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i];
  return distinct;
}
