import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId } from '../src/reply/customId.ts';
import type { ButtonAction } from '../src/reply/customId.ts';
import { MAX_CUSTOM_ID } from '../src/reply/limits.ts';
import { codePointLength } from '../src/reply/text.ts';

const base: ButtonAction = { kind: 'more', command: 'ask', query: 'giá mua cổ phần', lang: 'vi', offset: 3 };

/** What a decoded action should equal: `hide: false` and no `hide` mean the same. */
function expected(action: ButtonAction): ButtonAction {
  const { hide, ...rest } = action;
  return hide ? { ...rest, hide } : rest;
}

function fitsDiscord(id: string): boolean {
  return id.length <= MAX_CUSTOM_ID && codePointLength(id) <= MAX_CUSTOM_ID;
}

const lonelySurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const anyQuery = fc.string({
  unit: fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 1 }),
    fc.string({ unit: 'binary', maxLength: 1 }),
    lonelySurrogate,
    fc.constantFrom(':', ' ', '\n', 'q1:', 'ệ'.normalize('NFD'), '越南', '👨‍👩‍👧‍👦'),
  ),
  maxLength: 120,
});
const anyAction = fc.record(
  {
    kind: fc.constantFrom('more', 'other-lang'),
    command: fc.constantFrom('ask', 'stake', 'who'),
    query: anyQuery,
    lang: fc.constantFrom('vi', 'zh'),
    offset: fc.oneof(fc.nat({ max: 100 }), fc.maxSafeNat()),
    hide: fc.boolean(),
  },
  { requiredKeys: ['kind', 'command', 'query', 'lang', 'offset'] },
) satisfies fc.Arbitrary<ButtonAction>;

describe('encodeCustomId and decodeCustomId', () => {
  it('round-trip a Vietnamese query', () => {
    expect(decodeCustomId(encodeCustomId(base))).toEqual(base);
  });

  it('round-trip every kind, command, language and visibility', () => {
    const action: ButtonAction = {
      kind: 'other-lang',
      command: 'stake',
      query: '阮氏芳草 持股',
      lang: 'zh',
      offset: 0,
      hide: true,
    };
    expect(decodeCustomId(encodeCustomId(action))).toEqual(action);
    expect(decodeCustomId(encodeCustomId({ ...action, command: 'who', hide: false }))).toEqual({
      ...expected(action),
      command: 'who',
      hide: undefined,
    });
  });

  it('round-trip a button of no chosen language, for the answer policy to decide again', () => {
    const { lang: _, ...any } = base;
    expect(encodeCustomId(any)).toBe('q2:ma0=:3:ask:giá mua cổ phần');
    expect(decodeCustomId(encodeCustomId(any))).toEqual(any);
  });

  it('round-trip queries with colons, emoji, NFD text, line breaks and nothing at all', () => {
    for (const query of ['a:b:c', 'q1:mav0=:0:x', '👨‍👩‍👧‍👦 🇻🇳', 'Việt Nam'.normalize('NFD'), 'dòng 1\ndòng 2', '']) {
      expect(decodeCustomId(encodeCustomId({ ...base, query }))?.query).toBe(query);
    }
  });

  it('write a compact, versioned id that names its command', () => {
    expect(encodeCustomId(base)).toBe('q2:mv0=:3:ask:giá mua cổ phần');
    expect(encodeCustomId({ ...base, offset: 100, hide: true })).toBe('q2:mv1=:2s:ask:giá mua cổ phần');
  });

  it('still read the ids of version 1, on buttons sent before', () => {
    expect(decodeCustomId('q1:mav0=:3:giá mua cổ phần')).toEqual(base);
    expect(decodeCustomId('q1:osz1=:0:持股')).toEqual({
      ...base,
      kind: 'other-lang',
      command: 'stake',
      lang: 'zh',
      offset: 0,
      query: '持股',
      hide: true,
    });
  });

  it('store a query that fits only in NFC without whitespace runs in that form, unshortened', () => {
    const query = 'Tập đoàn Việt Nam mua lại cổ phần    '.repeat(2).normalize('NFD');
    expect(query.length).toBeGreaterThan(90);
    const decoded = decodeCustomId(encodeCustomId({ ...base, query }));
    expect(decoded?.query).toBe(query.normalize('NFC').replace(/\s+/g, ' ').trim());
  });

  it('shorten a long Vietnamese query at a word and say so', () => {
    const query =
      'Tập đoàn Vingroup đã mua lại bao nhiêu phần trăm cổ phần của công ty con trong thương vụ năm nay và giá bao nhiêu';
    const id = encodeCustomId({ ...base, query });
    expect(fitsDiscord(id)).toBe(true);
    const decoded = decodeCustomId(id);
    expect(id[6]).toBe('t');
    expect(query.startsWith(decoded!.query)).toBe(true);
    expect(query[decoded!.query.length]).toBe(' ');
  });

  it('shorten a long Chinese query between words', () => {
    const query =
      '越南最大的私营企业集团宣布收购股份，交易金额尚未披露，据悉超过十亿美元，双方预计将于明年第一季度完成交割，监管部门仍在审查该交易的细节以及相关的反垄断问题，市场人士认为此举将改变整个行业格局';
    const id = encodeCustomId({ ...base, lang: 'zh', query });
    expect(fitsDiscord(id)).toBe(true);
    const decoded = decodeCustomId(id);
    expect(id[6]).toBe('t');
    expect(query.startsWith(decoded!.query)).toBe(true);
    expect(decoded!.query.length).toBeGreaterThan(70);
  });

  it('never split an emoji when shortening', () => {
    // 86 units of room after 'q2:mv0=:3:ask:'; each family is 11 units.
    const decoded = decodeCustomId(encodeCustomId({ ...base, query: '👨‍👩‍👧‍👦'.repeat(20) }));
    expect(decoded?.query).toBe('👨‍👩‍👧‍👦'.repeat(7));
  });

  it('refuse an offset that is not a non-negative integer', () => {
    for (const offset of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(() => encodeCustomId({ ...base, offset })).toThrow(
        `encodeCustomId: offset must be a non-negative integer (got ${offset})`,
      );
    }
  });

  it('decode anyone else’s or a garbled id as null', () => {
    for (const id of [
      '',
      'more',
      'q1:',
      'q1:mav0=:3',
      'q2:mv0=:3',
      'q2:mv0=:3:ask',
      'q2:mv0=:3::x',
      'q2:mv0=:3:a b:x',
      'Q2:mv0=:3:ask:x',
      'q3:mv0=:3:ask:x',
      'Q1:mav0=:3:x',
      'q1:xav0=:3:x',
      'q1:mxv0=:3:x',
      'q1:maxx=:3:x',
      'q1:mav2=:3:x',
      'q1:mav0?:3:x',
      'q1:mav0=:-3:x',
      'q1:mav0=:03:x',
      'q1:mav0=:3.5:x',
      'q1:mav0=::x',
      `q1:mav0=:${'z'.repeat(20)}:x`,
    ]) {
      expect([id, decodeCustomId(id)]).toEqual([id, null]);
    }
  });

  it('round-trip exactly whenever the query fits', () => {
    fc.assert(
      fc.property(anyAction, (action) => {
        const id = encodeCustomId(action);
        fc.pre(id[6] === '=');
        expect(decodeCustomId(id)).toEqual(expected(action));
      }),
    );
  });

  it('round-trip exactly any query of up to 80 UTF-16 units', () => {
    fc.assert(
      fc.property(
        anyAction.filter((a) => a.query.length <= 80 && a.offset < 36 ** 4),
        (action) => {
          expect(decodeCustomId(encodeCustomId(action))).toEqual(expected(action));
        },
      ),
    );
  });

  it('stay within 100 UTF-16 units and code points, and keep all but the query’s end, for any action', () => {
    fc.assert(
      fc.property(anyAction, (action) => {
        const id = encodeCustomId(action);
        expect(fitsDiscord(id)).toBe(true);
        const decoded = decodeCustomId(id);
        expect(decoded).not.toBeNull();
        const { query, ...rest } = decoded!;
        const { query: original, ...wanted } = expected(action);
        expect(rest).toEqual(wanted);
        const normalised = original.normalize('NFC').replace(/\s+/gu, ' ').trim();
        if (id[6] === 't') expect(normalised.startsWith(query)).toBe(true);
        else expect([original, normalised]).toContain(query);
      }),
    );
  });

  it('decode never throws, on any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyQuery,
          anyQuery.map((s) => `q1:${s}`),
          anyQuery.map((s) => `q1:mav0=:${s}`),
          anyQuery.map((s) => `q2:mv0=:3:${s}`),
        ),
        (id) => {
          const decoded = decodeCustomId(id);
          if (decoded !== null) expect(Number.isSafeInteger(decoded.offset) && decoded.offset >= 0).toBe(true);
        },
      ),
    );
  });
});
