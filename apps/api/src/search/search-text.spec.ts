import { describe, expect, it } from 'vitest';
import { asciiLower, LOWERS_TO_ASCII, trigramsOf, undecidable } from './search-text';

// eslint-disable-next-line no-control-regex
const hasAscii = (text: string) => /[\u0000-\u007f]/.test(text);

describe('search text', () => {
  it('lists every code point beyond ASCII whose lower case holds ASCII, in any locale JavaScript knows', () => {
    const lowersToAscii: string[] = [];
    for (let point = 0x80; point <= 0x10ffff; point++) {
      if (point >= 0xd800 && point <= 0xdfff) continue;
      const character = String.fromCodePoint(point);
      const lowered = [character.toLowerCase(), character.toLocaleLowerCase('tr'), character.toLocaleLowerCase('lt')];
      if (lowered.some(hasAscii)) lowersToAscii.push(character);
    }
    expect(lowersToAscii.map((character) => character.codePointAt(0)!.toString(16))).toEqual([
      'cc',
      'cd',
      '128',
      '130',
      '212a',
    ]);
    expect(lowersToAscii.every((character) => LOWERS_TO_ASCII.test(character))).toBe(true);
    // Three lowerings of each of the 1.1 M code points: ~5 s on a quiet machine, longer on a busy one.
  }, 60_000);

  it('lowers A-Z only, so no character beyond ASCII turns into ASCII', () => {
    expect(asciiLower('Blue RIVER 12')).toBe('blue river 12');
    expect(asciiLower('ÉTÉ İstanbul')).toBe('ÉtÉ İstanbul');
    expect(undecidable('İstanbul')).toBe(true);
    expect(undecidable('\u212a-pop')).toBe(true);
    expect(undecidable('Été')).toBe(false);
    expect(undecidable(null)).toBe(false);
  });

  it('takes the distinct trigrams of three ASCII characters, sorted, growing its buffer for long text', () => {
    const into = { grams: new Int32Array(2) };
    expect(trigramsOf(['abcd', 'abcab'], into)).toBe(4);
    expect([...into.grams.subarray(0, 4)]).toEqual(['abc', 'bca', 'bcd', 'cab'].map(trigram));
    expect(trigramsOf(['abéd', 'ab', ''], into)).toBe(0);
    expect(trigramsOf(['x'.repeat(5000)], into)).toBe(1);
  });
});

const trigram = (text: string) => (text.charCodeAt(0) << 14) | (text.charCodeAt(1) << 7) | text.charCodeAt(2);
