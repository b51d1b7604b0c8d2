import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lexicon } from '../src/text/lexicon.ts';
import { Spellings } from '../src/text/spellings.ts';
import { fold, normalize, simplify } from '../src/text/normalize.ts';
import { Segmenter } from '../src/search/segment.ts';
import { analyze, contentUnits, isStopWord, tokenize } from '../src/search/tokenize.ts';

const VI_SAMPLES = [
  'Đầu tư',
  'liên doanh',
  'người dụng',
  'Nga',
  'ngà',
  'Mail.ru',
  'v.v...',
  '48%',
  '7.4',
  'thương mại điện tử',
  'Thoả thuận',
  'ông Jack Ma',
  '2 tỷ USD',
];
const HAN_SAMPLES = [
  '合资企业',
  '合資企業',
  '阿里巴巴',
  '鲍里斯·多布罗迪耶夫',
  '马云',
  '俄罗斯',
  '持股多少',
  '的',
  '什么',
  '。',
  '“',
  '”',
  '20 亿',
  '15.2%',
  '𠀀',
];
const SEPARATORS = [' ', '', ', ', '. ', '\n', '　', '-'];

/** Strings that mix the corpus's scripts, marks and punctuation. */
const mixed = fc
  .array(
    fc.oneof(
      fc.constantFrom(...VI_SAMPLES, ...HAN_SAMPLES),
      fc.constantFrom(...SEPARATORS),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** Any string: whole graphemes, raw UTF-16 units (lone surrogates included), and the corpus's own mix. */
const anyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  mixed,
);

const RUNS = { numRuns: 300 };

describe('tokenize', () => {
  it('gives a Vietnamese word with diacritics and its folded copy', () => {
    expect(tokenize('đầu')).toEqual(['đầu', 'dau']);
    expect(tokenize('Đầu tư')).toEqual(['đầu', 'dau', 'tư', 'tu']);
  });

  it('gives a word without diacritics once', () => {
    expect(tokenize('Nga Internet')).toEqual(['nga', 'internet']);
  });

  it('gives a compound and its parts', () => {
    expect(tokenize('Mail.ru')).toEqual(['mail', 'mail.ru', 'ru']);
    expect(tokenize('e-commerce')).toEqual(['e-commerce', 'commerce']);
  });

  it("gives a Vietnamese word of three syllables or more, and the dictionary's words inside it", () => {
    // The corpus's vocabulary makes "người bán hàng" one word (the dictionary lists "bán hàng", "tiêu dùng").
    const segmenter = new Segmenter(['người bán hàng', 'người tiêu dùng']);
    const terms = (text: string) => analyze(text, { segmenter }).filter((t) => !t.folded);
    expect(terms('những người bán hàng Nga').map((t) => t.term)).toEqual(['người_bán_hàng', 'bán_hàng', 'nga']);
    // Each inner word where it is in the text.
    const [, inner] = terms('người tiêu dùng');
    expect(inner).toMatchObject({ term: 'tiêu_dùng', start: 6, end: 15 });
    // A word of two syllables is one term.
    expect(terms('tiêu dùng').map((t) => t.term)).toEqual(['tiêu_dùng']);
  });

  it('reads the plain syllables of a text typed with diacritics as written, not as words typed without them', () => {
    const segmenter = new Segmenter();
    const split = (text: string) => segmenter.split(text.toLowerCase().split(' '));
    // "nước Nga ra" (besides Russia): "Nga ra" is not "ngã ra" (fall over); typed all plain, it may be.
    expect(split('ở chính nước Nga ra')).toEqual([1, 1, 1, 1, 1]);
    expect(split('o chinh nuoc nga ra').at(-1)).toBe(2);
  });

  it('gives a percentage and its number', () => {
    expect(tokenize('48%')).toEqual(['48', '48%']);
    expect(tokenize('15.2%')).toEqual(['15.2', '15.2%']);
    expect(tokenize('7.4')).toEqual(['7.4']);
  });

  it('gives overlapping bigrams for Chinese', () => {
    expect(tokenize('合资企业')).toEqual(['合资', '资企', '企业']);
    expect(tokenize('合资企业', { han: 'bigram' })).toEqual(['合资', '资企', '企业']);
    expect(tokenize('合资企业', { han: 'word' })).toEqual(['合资', '企业']);
  });

  it('gives a single Han character as a term', () => {
    expect(tokenize('马')).toEqual(['马']);
  });

  it('gives Traditional Chinese the terms of Simplified', () => {
    expect(tokenize('合資企業')).toEqual(tokenize('合资企业'));
    expect(tokenize('阿里巴巴在合資企業持股多少')).toEqual(tokenize('阿里巴巴在合资企业持股多少'));
  });

  it('drops stop words in every language', () => {
    for (const word of ['là', 'la', 'của', 'có', 'co', 'bao nhiêu', '的', '什么', '多少', 'the', 'What is'])
      expect(tokenize(word), word).toEqual([]);
    expect(tokenize('Nga có bao nhiêu người dùng?')).toEqual(['nga', 'người', 'nguoi', 'dùng', 'dung']);
    expect(tokenize('阿里巴巴持股多少')).not.toContain('多少');
  });

  it('gives nothing for empty or punctuation-only text', () => {
    for (const text of ['', '   ', '?!', '。，、“”', '—…']) expect(tokenize(text), text).toEqual([]);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        tokenize(s);
        tokenize(s, { han: 'word' });
      }),
      RUNS,
    );
  });

  it('gives NFC and NFD forms of a text the same tokens', () => {
    expect(tokenize('Đầu tư'.normalize('NFD'))).toEqual(tokenize('Đầu tư'));
    fc.assert(
      fc.property(anyString, (s) => {
        expect(tokenize(s.normalize('NFC'))).toEqual(tokenize(s.normalize('NFD')));
      }),
      RUNS,
    );
  });
});

describe('analyze', () => {
  it('says where each term came from', () => {
    expect(analyze('Mail.ru 占 15%')).toEqual([
      { term: 'mail', start: 0, end: 4, kind: 'word' },
      { term: 'mail.ru', start: 0, end: 7, kind: 'word' },
      { term: 'ru', start: 5, end: 7, kind: 'word' },
      { term: '占', start: 8, end: 9, kind: 'han' },
      { term: '15', start: 10, end: 12, kind: 'number' },
      { term: '15%', start: 10, end: 13, kind: 'number' },
    ]);
    expect(analyze('đầu')).toEqual([
      { term: 'đầu', start: 0, end: 3, kind: 'word' },
      { term: 'dau', start: 0, end: 3, kind: 'word', folded: true },
    ]);
  });

  it('gives offsets inside the text, sorted, with start < end', () => {
    fc.assert(
      fc.property(anyString, (raw) => {
        const s = raw.normalize('NFC');
        const tokens = analyze(s);
        for (const t of tokens) {
          expect(t.start).toBeGreaterThanOrEqual(0);
          expect(t.start).toBeLessThan(t.end);
          expect(t.end).toBeLessThanOrEqual(s.length);
        }
        for (let i = 1; i < tokens.length; i++) expect(tokens[i]!.start).toBeGreaterThanOrEqual(tokens[i - 1]!.start);
      }),
      RUNS,
    );
  });
});

describe('isStopWord', () => {
  it('treats a word typed without accents as the stop word it folds to, but not the other way round', () => {
    expect(isStopWord('có')).toBe(true);
    expect(isStopWord('co')).toBe(true);
    expect(isStopWord('nga')).toBe(false);
  });

  it('knows the question words of every language, "how many" and "say" included', () => {
    for (const word of ['mấy', 'nói', 'noi', 'said', 'according']) expect(isStopWord(word), word).toBe(true);
  });

  it('takes "kiểu", "loại" (what kind of) for asking words, not for what is asked', () => {
    for (const word of ['kiểu', 'kieu', 'loại', 'loai']) expect(isStopWord(word), word).toBe(true);
  });
});

describe('contentUnits', () => {
  /** Each unit as its text, with its role when it has one. */
  const units = (q: string) => contentUnits(q).map((u) => q.slice(u.start, u.end) + (u.role ? `:${u.role}` : ''));

  it('gives Latin content words and Han characters, without question words', () => {
    expect(units('Nga có bao nhiêu người dùng?')).toEqual(['Nga', 'người', 'dùng']);
    expect(units('俄罗斯有多少网民？')).toEqual(['俄', '罗', '斯', '网', '民']);
  });

  it('marks the noun of a time interrogative, in every language', () => {
    expect(units('Jack Ma sinh năm nào?')).toEqual(['Jack', 'sinh', 'năm:time']);
    expect(units('Jack Ma sinh nam bao nhieu?')).toEqual(['Jack', 'sinh', 'nam:time']);
    expect(units('张勇是哪一年出生的？')).toEqual(['张', '勇', '一:time', '年:time', '出', '生']);
    expect(units('What year was Daniel Zhang born?')).toEqual(['year:time', 'Daniel:name', 'Zhang:name', 'born']);
  });

  it('marks the kind of thing asked for, but not a thing that is counted', () => {
    expect(units('Mail.ru cung cấp những dịch vụ gì?')).toEqual(['Mail.ru', 'cấp', 'dịch:type', 'vụ:type']);
    expect(units('RDIF 是什么机构？')).toEqual(['RDIF', '机:type', '构:type']);
    expect(units('MegaFon 的总部在哪个城市？')).toEqual(['MegaFon', '总', '部', '城:type', '市:type']);
    expect(units('Which payment system?')).toEqual(['payment:type', 'system:type']);
    // Up to three syllables before the Vietnamese interrogative: "kinh doanh mảng gì" (what line of business).
    expect(units('MegaFon kinh doanh mảng gì')).toEqual(['MegaFon', 'kinh:type', 'doanh:type', 'mảng:type']);
    expect(units('MegaFon có bao nhiêu nhân viên?')).toEqual(['MegaFon', 'nhân', 'viên']);
    expect(units('阿里巴巴为什么要进军俄罗斯？')).not.toContainEqual(expect.stringMatching(/:type$/));
  });

  it('marks words capitalised inside a sentence as names, not the first word', () => {
    expect(units('What did Michael Evans tell Bloomberg?')).toEqual(['Michael:name', 'Evans:name', 'Bloomberg:name']);
    expect(units('Giá vàng. Alibaba')).toEqual(['Giá', 'vàng', 'Alibaba']);
  });

  it('gives units inside the query, sorted', () => {
    fc.assert(
      fc.property(anyString, (raw) => {
        const s = raw.normalize('NFC');
        const us = contentUnits(s);
        for (const u of us) {
          expect(u.start).toBeGreaterThanOrEqual(0);
          expect(u.start).toBeLessThan(u.end);
          expect(u.end).toBeLessThanOrEqual(s.length);
        }
        for (let i = 1; i < us.length; i++) expect(us[i]!.start).toBeGreaterThanOrEqual(us[i - 1]!.start);
      }),
      RUNS,
    );
  });
});

describe('fold', () => {
  it('removes Vietnamese diacritics, đ included', () => {
    expect(fold('Đầu tư')).toBe('Dau tu');
    expect(fold('người dụng')).toBe('nguoi dung');
    expect(fold('Thổ Nhĩ Kỳ')).toBe('Tho Nhi Ky');
  });

  it('leaves Chinese alone', () => {
    expect(fold('合资企业')).toBe('合资企业');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(fold(fold(s))).toBe(fold(s));
      }),
      RUNS,
    );
  });
});

describe('normalize', () => {
  it('lower-cases, folds full-width forms and simplifies Chinese, keeping diacritics', () => {
    expect(normalize('ＡＢＣ％ 合資 Đầu')).toBe('abc% 合资 đầu');
    expect(simplify('鮑里斯')).toBe('鲍里斯');
  });

  it('simplifies one ideograph at a time, whatever the text around it (Simplified already, or not)', () => {
    // Each ideograph alone, as the text's own: the same as the text's.
    const oneByOne = (text: string) => Array.from(text, (ch) => simplify(ch)).join('');
    const han = fc.constantFrom(...'合資资企業业马雲云么麼的俄羅斯罗𠀋𪚥 aZ1，。'.match(/./gsu)!);
    fc.assert(
      fc.property(fc.array(han, { maxLength: 12 }), (chars) => {
        const text = chars.join('');
        expect(simplify(text)).toBe(oneByOne(text));
      }),
      RUNS,
    );
    expect(simplify('俄罗斯的合资企业')).toBe('俄罗斯的合资企业');
    expect(simplify('俄羅斯的合資企業')).toBe('俄罗斯的合资企业');
    expect(simplify('合资𠀋資')).toBe('合资𠀋资');
  });

  // OpenCC's Taiwan → mainland table maps a lone 么 to 幺, so Simplified input does not stay put and
  // Traditional 麼 goes 麼 → 么 → 幺 over two passes. (In 什么, 怎么 the phrase rules keep it.)
  it('leaves Simplified Chinese as it is, so that a second pass changes nothing', () => {
    expect(normalize('么')).toBe('么');
    expect(normalize(normalize('麼'))).toBe(normalize('麼'));
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(normalize(normalize(s))).toBe(normalize(s));
      }),
      RUNS,
    );
  });
});

describe('Lexicon.scan', () => {
  const lexicon = new Lexicon([
    { key: 'e:jack-ma', forms: ['Jack Ma', '马云'] },
    { key: 'e:mail-ru', forms: ['Mail.ru', 'mail . ru'] },
    { key: 'g:russia', forms: ['Nga', '俄罗斯', '俄國'] },
    { key: 'g:invest', forms: ['đầu tư'] },
  ]);

  it('finds names in any script and says where', () => {
    expect(lexicon.scan('Jack Ma và 馬雲')).toEqual([
      { key: 'e:jack-ma', start: 0, end: 7 },
      { key: 'e:jack-ma', start: 11, end: 13 },
    ]);
    expect([...lexicon.keys('俄國的 mail . ru')]).toEqual(['g:russia', 'e:mail-ru']);
  });

  it('finds a name in its English possessive', () => {
    expect(lexicon.scan("What was Mail.ru's revenue?")).toEqual([{ key: 'e:mail-ru', start: 9, end: 16 }]);
    expect([...lexicon.keys('Jack Ma’s age')]).toEqual(['e:jack-ma']);
    // Also where only whole words may match: the word ends after its 's.
    const bounds = { starts: new Set([0, 5, 11, 14, 20]), ends: new Set([4, 10, 13, 19, 30]) };
    expect([...lexicon.keys("What share of Nga's population", bounds)]).toEqual(['g:russia']);
  });

  it('matches a form typed without diacritics, but not other diacritics', () => {
    expect([...lexicon.keys('dau tu vao nga')]).toEqual(['g:invest', 'g:russia']);
    expect([...lexicon.keys('ngà voi')]).toEqual([]);
  });

  it('matches a form whose words are typed some with diacritics, some without', () => {
    expect([...lexicon.keys('đầu tu vao nga')]).toEqual(['g:invest', 'g:russia']);
    expect([...lexicon.keys('dầu tư')]).toEqual([]);
  });

  it('does not take a one-word form from a bare word that may stand for another', () => {
    const usd = new Lexicon([
      { key: 'g:usd', forms: ['đô'] },
      { key: 'g:india', forms: ['Ấn Độ'] },
    ]);
    const spellings = new Spellings(['Do sự phát triển, Ấn Độ và điều đó.']);
    const ambiguous = (folded: string, form: string) => spellings.ambiguous(folded, form);
    expect([...usd.keys('an do', undefined, ambiguous)]).toEqual(['g:india']);
    expect([...usd.keys('2 ty do', undefined, ambiguous)]).toEqual([]);
    expect([...usd.keys('2 tỷ đô', undefined, ambiguous)]).toEqual(['g:usd']);
    // Without the texts to tell, a bare word still matches.
    expect([...usd.keys('2 ty do')]).toEqual(['g:usd']);
    expect(spellings.ambiguous('nga', 'nga')).toBe(false);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        for (const m of lexicon.scan(s.normalize('NFC'))) expect(m.start).toBeLessThan(m.end);
      }),
      RUNS,
    );
  });
});
