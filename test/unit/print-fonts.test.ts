// The pieces of issue 22 that are pure: runs of characters by font, the characters no font has,
// the birth year beside a masked number, and the public page's last-4 mask.
import { describe, expect, it } from 'vitest';
import { birthYearOf } from '../../src/domain/identity.ts';
import { codePointName, missingCharacters, runsOf, type GlyphSource } from '../../src/modules/certificates/print-fonts.ts';
import { lastFourOnly } from '../../src/modules/certificates/verification.ts';

const fontWith = (characters: string): GlyphSource => {
  const codes = new Set([...characters].map((character) => character.codePointAt(0)!));
  return { hasGlyphForCodePoint: (codePoint) => codes.has(codePoint) };
};
const noto = fontWith('李王张三企业测试');
const hanaMinB = fontWith('𠀀𪚥');

describe('runsOf', () => {
  it('keeps text the main font has in one run, and cuts out each stretch a fallback must print', () => {
    expect(runsOf('张三', noto, [hanaMinB])).toEqual([{ text: '张三', fallback: null }]);
    expect(runsOf('李𠀀𪚥', noto, [hanaMinB])).toEqual([
      { text: '李', fallback: null },
      { text: '𠀀𪚥', fallback: 0 },
    ]);
    // Spaces need no glyph and stay with the run they are in; a character no font has stays with the main one.
    expect(runsOf('李 𠀀 王𰀀', noto, [hanaMinB])).toEqual([
      { text: '李 ', fallback: null },
      { text: '𠀀 ', fallback: 0 },
      { text: '王𰀀', fallback: null },
    ]);
  });
});

describe('missingCharacters', () => {
  it('names each character no font has once per text, with its code point (surrogate pairs whole)', () => {
    expect(missingCharacters([{ path: 'holders.0.name', text: '李𠀀𪚥𠀀' }], noto, [])).toEqual([
      { path: 'holders.0.name', text: '李𠀀𪚥𠀀', character: '𠀀', codePoint: 'U+20000' },
      { path: 'holders.0.name', text: '李𠀀𪚥𠀀', character: '𪚥', codePoint: 'U+2A6A5' },
    ]);
    expect(missingCharacters([{ path: 'name', text: '李𠀀𪚥' }, { path: 'trade', text: null }], noto, [hanaMinB])).toEqual([]);
    expect(codePointName('A')).toBe('U+0041');
  });
});

describe('masks', () => {
  it('birthYearOf keeps the year only', () => {
    expect(birthYearOf('1975-03-08')).toBe('1975');
    expect(birthYearOf('')).toBeNull();
    expect(birthYearOf(null)).toBeNull();
  });

  it('lastFourOnly leaves the last 4 characters of a masked number, no region digits', () => {
    expect(lastFourOnly('230102********002X')).toBe('**************002X');
    expect(lastFourOnly('E1*****78')).toBe('*******78');
  });
});
