import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allMatches } from '../src/text/matches.ts';
import { compileAhead } from '../src/text/patterns.ts';

/** What allMatches must list: matchAll's matches, as plain data. */
const seen = (ms: Iterable<RegExpMatchArray>) => [...ms].map((m) => ({ index: m.index, groups: [...m] }));

const PATTERNS = [
  /\p{Script=Han}+/gu,
  /[\p{L}\p{M}\p{N}]+(?:[.'’-][\p{L}\p{M}\p{N}]+)*%?/gu,
  /(?<![\p{L}\p{M}])(?:bao nhiêu|mấy)(?![\p{L}\p{M}])|多少/gu,
  // Empty matches: matchAll moves on by one code point in Unicode mode, by one UTF-16 unit otherwise.
  /x*/gu,
  /x*/g,
  /(?=a)|b/g,
];

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc
    .array(fc.constantFrom('bao nhiêu', 'mấy', '多少', 'x', 'a', 'b', ' ', '😀', '\ud800', 'Mail.ru', '48%'), {
      maxLength: 12,
    })
    .map((parts) => parts.join('')),
);

describe('allMatches', () => {
  it('lists what matchAll lists, for any text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATTERNS), text, (pattern, s) => {
        expect(seen(allMatches(pattern, s))).toEqual(seen(s.matchAll(pattern)));
        expect(pattern.lastIndex).toBe(0);
      }),
    );
  });

  it('starts where the pattern stands, as matchAll does, and leaves it there', () => {
    const pattern = /a/g;
    pattern.lastIndex = 2;
    expect(allMatches(pattern, 'aaaa').map((m) => m.index)).toEqual([...'aaaa'.matchAll(pattern)].map((m) => m.index));
    expect(allMatches(pattern, 'aaaa').map((m) => m.index)).toEqual([2, 3]);
    expect(pattern.lastIndex).toBe(2);
  });

  it('refuses a pattern that is not global, as matchAll does', () => {
    expect(() => allMatches(/a/, 'a')).toThrow(TypeError);
    expect(() => 'a'.matchAll(/a/)).toThrow(TypeError);
  });
});

describe('compileAhead', () => {
  it('leaves each pattern where it stood and matching as before', () => {
    const fresh = () => PATTERNS.map((p) => new RegExp(p.source, p.flags));
    const compiled = fresh();
    compiled.forEach((p, i) => (p.lastIndex = i));
    compileAhead(compiled);
    expect(compiled.map((p) => p.lastIndex)).toEqual(PATTERNS.map((_, i) => i));
    compiled.forEach((p) => (p.lastIndex = 0));
    fc.assert(
      fc.property(text, (t) => {
        const plain = fresh();
        compiled.forEach((p, i) => expect(seen(allMatches(p, t))).toEqual(seen(allMatches(plain[i]!, t))));
      }),
    );
  });
});
