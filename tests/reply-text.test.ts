import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bold, codePointLength, escapeMarkdown, highlight, truncate } from '../src/reply/text.ts';

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** UTF-16 offsets of every grapheme boundary of `s`, 0 and `s.length` included. */
function boundaries(s: string): Set<number> {
  const found = new Set([0]);
  for (const { index, segment } of graphemes.segment(s)) found.add(index + segment.length);
  return found;
}

/** Whether `part` is `s` up to one of its grapheme boundaries. */
function isGraphemePrefix(s: string, part: string): boolean {
  return s.startsWith(part) && boundaries(s).has(part.length);
}

/** Whether `out` is a grapheme prefix of `s`, possibly followed by "…". */
function isCutOf(s: string, out: string): boolean {
  return isGraphemePrefix(s, out) || (out.endsWith('…') && isGraphemePrefix(s, out.slice(0, -1)));
}

/** What Discord shows for escaped Markdown with bold runs: escapes resolved, `**` gone, mass mentions restored. */
function rendered(markdown: string): string {
  return markdown
    .replace(/\\([^0-9A-Za-z\s])|\*\*/g, (_match, escaped: string | undefined) => escaped ?? '')
    .replace(/@\u200b(everyone|here)/g, '@$1');
}

const lonelySurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
/** Pieces that stress Markdown, graphemes and sentence ends. */
const tricky = fc.constantFrom(
  '*',
  '_',
  '~',
  '|',
  '`',
  '\\',
  '<',
  '>',
  '#',
  '-',
  '+',
  '[',
  ']',
  '(',
  ')',
  '@',
  'everyone',
  'here',
  '1.',
  '.',
  ' ',
  '\n',
  '\t',
  '。',
  '！',
  '”',
  '…',
  'a',
  'ý',
  'Việt'.normalize('NFD'),
  '越南',
  '👨‍👩‍👧‍👦',
  '🇻🇳',
  '𠀋',
  '\u0600',
);
/** Any text: printable graphemes, any code points, lone surrogates and Markdown-heavy pieces mixed. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 1 }),
    fc.string({ unit: 'binary', maxLength: 1 }),
    lonelySurrogate,
    tricky,
  ),
  maxLength: 80,
});

const vi =
  'Vingroup mua lại 51% cổ phần của công ty. Thương vụ được công bố hôm qua tại TP. Hồ Chí Minh với giá 12.000 tỷ đồng.';
const zh = '越南最大的私营企业集团宣布收购股份。交易金额尚未披露，据悉超过十亿美元。';

describe('codePointLength', () => {
  it('counts code points, as Discord does, not UTF-16 units', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀')).toBe(1);
    expect(codePointLength('𠀋越')).toBe(2);
    expect(codePointLength('👨‍👩‍👧‍👦')).toBe(7);
  });

  it('counts the combining marks of NFD Vietnamese separately', () => {
    expect(codePointLength('Việt')).toBe(4);
    expect(codePointLength('Việt'.normalize('NFD'))).toBe(6);
  });

  it('counts a lone surrogate as one', () => {
    expect(codePointLength('a\ud800b')).toBe(3);
  });
});

describe('truncate', () => {
  it('returns text that fits unchanged', () => {
    expect(truncate(vi, codePointLength(vi))).toBe(vi);
    expect(truncate('', 0)).toBe('');
  });

  it('cuts after the last whole sentence, without an ellipsis', () => {
    expect(truncate(vi, 60)).toBe('Vingroup mua lại 51% cổ phần của công ty.');
    expect(truncate(zh, 25)).toBe('越南最大的私营企业集团宣布收购股份。');
  });

  it('keeps closing quotes with their sentence', () => {
    expect(truncate('Ông nói: “Chúng tôi đồng ý.” Sau đó ông rời đi cùng các cộng sự.', 40)).toBe(
      'Ông nói: “Chúng tôi đồng ý.”',
    );
    expect(truncate('他说：「我们同意。」随后他与合作伙伴一起离开了会场。', 15)).toBe('他说：「我们同意。」');
  });

  it('cuts at a word with "…" when no sentence end keeps half the budget', () => {
    expect(truncate(vi, 30)).toBe('Vingroup mua lại 51% cổ phần…');
    expect(truncate(vi, 10)).toBe('Vingroup…');
  });

  it('cuts Chinese between words, not only at spaces', () => {
    expect(truncate(zh, 10)).toBe('越南最大的私营企业…');
  });

  it('does not end a sentence at thousands separators, decimals or abbreviations', () => {
    expect(truncate(vi, 100)).toBe(
      'Vingroup mua lại 51% cổ phần của công ty. Thương vụ được công bố hôm qua tại TP. Hồ Chí Minh với…',
    );
    expect(truncate('Giá trị 12.000 tỷ đồng và tỷ lệ 3.5 phần trăm được nêu trong hợp đồng', 30)).toBe(
      'Giá trị 12.000 tỷ đồng và tỷ…',
    );
  });

  it('ends a sentence at a one-letter Vietnamese word', () => {
    expect(truncate('Mọi người đều đồng ý. Cuộc họp kết thúc sớm hơn dự kiến.', 30)).toBe('Mọi người đều đồng ý.');
  });

  it('drops separators and opening brackets before the ellipsis', () => {
    expect(truncate('Tập đoàn lớn, (công ty con) và các quỹ', 15)).toBe('Tập đoàn lớn…');
  });

  it('cuts inside a long word when no boundary keeps half the budget', () => {
    expect(truncate('a'.repeat(50), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('never splits an emoji sequence, a flag, a surrogate pair or a combining mark', () => {
    expect(truncate('👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦', 10)).toBe('👨‍👩‍👧‍👦…');
    expect(truncate('🇻🇳🇨🇳🇻🇳', 4)).toBe('🇻🇳…');
    expect(truncate('𠀋𠀋𠀋', 2)).toBe('𠀋…');
    const nfd = 'Việt Nam'.normalize('NFD');
    expect(truncate(nfd, 5)).toBe('Vi…');
  });

  it('works down to a budget of one', () => {
    expect(truncate('Hello', 1)).toBe('…');
    expect(truncate('Hello', 2)).toBe('H…');
    expect(truncate('Hello', 0)).toBe('');
    expect(truncate('👨‍👩‍👧‍👦 là gia đình', 3)).toBe('…');
  });

  it('takes another ellipsis, or none, and can count UTF-16 units', () => {
    expect(truncate('Vingroup mua lại cổ phần', 12, { ellipsis: '' })).toBe('Vingroup mua');
    expect(truncate('Vingroup mua lại cổ phần', 12, { ellipsis: '...' })).toBe('Vingroup...');
    expect(truncate('𠀋𠀋𠀋', 4, { unit: 'utf-16', ellipsis: '' })).toBe('𠀋𠀋');
  });

  it('never exceeds the budget, for any text', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 100 }), (s, max) => {
        expect(codePointLength(truncate(s, max))).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('returns whole graphemes from the start of the text, plus at most an ellipsis', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 100 }), (s, max) => {
        expect(isCutOf(s, truncate(s, max))).toBe(true);
      }),
    );
  });

  it('changes nothing that fits', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 50 }), (s, extra) => {
        expect(truncate(s, codePointLength(s) + extra)).toBe(s);
      }),
    );
  });
});

describe('escapeMarkdown', () => {
  it('escapes inline markup so it shows literally', () => {
    expect(escapeMarkdown('*đậm* _nghiêng_ ~~gạch~~ ||ẩn|| `mã` \\')).toBe(
      '\\*đậm\\* \\_nghiêng\\_ \\~\\~gạch\\~\\~ \\|\\|ẩn\\|\\| \\`mã\\` \\\\',
    );
  });

  it('escapes masked links', () => {
    expect(escapeMarkdown('[bấm vào đây](https://example.com)')).toBe('\\[bấm vào đây\\]\\(https://example.com\\)');
  });

  it('escapes headings, quotes and lists only where a line starts', () => {
    expect(escapeMarkdown('# Tiêu đề\n> trích\n- mục\n+ mục\n1. một\n  -# nhỏ\ngiá 12-15 # 3 > 2')).toBe(
      '\\# Tiêu đề\n\\> trích\n\\- mục\n\\+ mục\n1\\. một\n  \\-# nhỏ\ngiá 12-15 # 3 > 2',
    );
  });

  it('disarms user, role and channel mentions, custom emoji and timestamps', () => {
    expect(escapeMarkdown('<@123> <@&456> <#789> <:vui:1> <t:1700000000>')).toBe(
      '\\<@123> \\<@&456> \\<#789> \\<:vui:1> \\<t:1700000000>',
    );
  });

  it('puts a zero-width space into @everyone and @here', () => {
    expect(escapeMarkdown('@everyone @here')).toBe('@\u200beveryone @\u200bhere');
  });

  it('leaves Chinese and Vietnamese text alone', () => {
    expect(escapeMarkdown(zh)).toBe(zh);
    expect(escapeMarkdown(vi)).toBe(vi);
  });

  it('never leaves *, _, ~, `, |, <, [ or ] unescaped', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = escapeMarkdown(s);
        for (const match of out.matchAll(/(\\*)[*_~`|<[\]]/g)) {
          expect(match[1]!.length % 2).toBe(1);
        }
      }),
    );
  });

  it('never starts a line with a heading, quote or list marker', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(escapeMarkdown(s)).not.toMatch(/^[ \t]*([>#+-]|\d+\.(\s|$))/m);
      }),
    );
  });

  it('never contains a working @everyone or @here', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(escapeMarkdown(s)).not.toMatch(/@(everyone|here)/);
      }),
    );
  });

  it('shows exactly the original text once Discord renders it', () => {
    fc.assert(
      fc.property(
        anyText.filter((s) => !s.includes('\u200b')),
        (s) => {
          expect(rendered(escapeMarkdown(s))).toBe(s);
        },
      ),
    );
  });
});

describe('bold', () => {
  it('wraps text in ** and leaves empty text empty', () => {
    expect(bold('Vingroup')).toBe('**Vingroup**');
    expect(bold('')).toBe('');
  });
});

describe('highlight', () => {
  it('bolds the spans and escapes the rest', () => {
    const text = 'Vingroup mua *VinFast* với giá 12.000 tỷ đồng';
    expect(highlight(text, [[14, 21]], 200)).toBe('Vingroup mua \\***VinFast**\\* với giá 12.000 tỷ đồng');
  });

  it('escapes Markdown inside a bold span', () => {
    expect(highlight('quỹ A_B', [[4, 7]], 50)).toBe('quỹ **A\\_B**');
  });

  it('merges spans that touch or are separated only by spaces into one bold run', () => {
    expect(
      highlight(
        'Vingroup Holdings mua lại',
        [
          [0, 8],
          [9, 17],
        ],
        100,
      ),
    ).toBe('**Vingroup Holdings** mua lại');
    expect(
      highlight(
        '越南收购股份',
        [
          [0, 2],
          [2, 4],
        ],
        100,
      ),
    ).toBe('**越南收购**股份');
    expect(
      highlight(
        'a, b',
        [
          [0, 1],
          [3, 4],
        ],
        100,
      ),
    ).toBe('**a**, **b**');
  });

  it('cuts the plain text first and drops or clips spans past the cut', () => {
    const text = 'Vingroup mua lại 51% cổ phần. Thương vụ công bố hôm qua ở Hà Nội.';
    expect(
      highlight(
        text,
        [
          [0, 8],
          [17, 20],
          [24, 40],
          [58, 64],
        ],
        45,
      ),
    ).toBe('**Vingroup** mua lại **51%** cổ **phần.**');
  });

  it('moves to a word cut when the sentence no longer fits with its bold markers', () => {
    const text = 'Vingroup mua lại 51% cổ phần. Thương vụ công bố hôm qua ở Hà Nội.';
    expect(
      highlight(
        text,
        [
          [0, 8],
          [17, 20],
          [24, 40],
          [58, 64],
        ],
        40,
      ),
    ).toBe('**Vingroup** mua lại **51%** cổ…');
  });

  it('widens spans to whole graphemes', () => {
    const nfd = 'Việt Nam'.normalize('NFD');
    // The span ends between "e" and its combining marks.
    expect(highlight(nfd, [[0, 3]], 100)).toBe(`**${'Việt'.normalize('NFD').slice(0, 5)}**${nfd.slice(5)}`);
    expect(highlight('👨‍👩‍👧‍👦 gia đình', [[2, 4]], 100)).toBe('**👨‍👩‍👧‍👦** gia đình');
  });

  it('cuts again when escaping makes the text too long', () => {
    const out = highlight('*'.repeat(30), [], 20);
    expect(codePointLength(out)).toBeLessThanOrEqual(20);
    expect(out).toBe(`${'\\*'.repeat(9)}…`);
  });

  it('shows an ellipsis when not even one escaped grapheme fits', () => {
    expect(highlight('*', [], 1)).toBe('…');
    expect(highlight('*', [], 0)).toBe('');
  });

  /** Spans anywhere near the text, in any order, possibly overlapping, empty or reversed. */
  const anySpans = fc.array(fc.tuple(fc.integer({ min: -3, max: 100 }), fc.integer({ min: -3, max: 100 })), {
    maxLength: 8,
  });

  it('always fits its budget, for any text and spans', () => {
    fc.assert(
      fc.property(anyText, anySpans, fc.integer({ min: 0, max: 120 }), (text, spans, max) => {
        expect(codePointLength(highlight(text, spans, max))).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('shows whole graphemes from the start of the text once rendered', () => {
    fc.assert(
      fc.property(
        anyText.filter((s) => !s.includes('\u200b')),
        anySpans,
        fc.integer({ min: 1, max: 120 }),
        (text, spans, max) => {
          expect(isCutOf(text, rendered(highlight(text, spans, max)))).toBe(true);
        },
      ),
    );
  });
});
