import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load.ts';
import { type Analysed, analysePassages, passageTerms } from '../src/search/analysis.ts';
import { indexDataOf } from '../src/search/engine.ts';
import { corpusLexicon, lexiconEntries, segmenterForms } from '../src/search/keys.ts';
import { Segmenter } from '../src/search/segment.ts';
import { analyze, analyzeInto, type HanMode, type TokenizeOptions, wordBounds } from '../src/search/tokenize.ts';
import { latinWords } from '../src/text/latin-words.ts';
import { alignedForm, type Mention } from '../src/text/lexicon.ts';
import { allMatches } from '../src/text/matches.ts';
import { fold, HAN_RUN, normalize, simplify } from '../src/text/normalize.ts';
import { MAX_COMPOUND_SYLLABLES, vietnameseWords } from '../src/text/vietnamese.ts';
import { ROOT } from './fixtures.ts';

/**
 * The index build's fast paths against the plain ways they replace: the same words, forms and cuts on the
 * articles and on any string.
 */

const corpus = await loadCorpus(path.join(ROOT, 'corpus'));
const texts = corpus.passages.map((p) => p.text);

/** Characters that make words interesting: letters with and without marks, digits, joiners, Han, astral, lone halves. */
const tricky = fc.constantFrom(
  ...Array.from('aZđĐêếệ'),
  'e\u0301',
  '\u0301',
  ...Array.from('09²٣'),
  ...Array.from(".'’-%"),
  ' ',
  '\t',
  '\u00a0',
  ...Array.from('，。'),
  ...Array.from('合資企业什么'),
  '\uF900',
  '\u2F00',
  '𠀀',
  '𝐀',
  '\ud800',
  '\udc00',
  'Ａ',
  'İ',
  'ß',
);
const anyText = fc.oneof(
  fc.string({ unit: tricky, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

describe('latinWords', () => {
  const regexWords = (text: string, percent: boolean) =>
    allMatches(
      percent
        ? /[\p{L}\p{M}\p{N}]+(?:[.'’-][\p{L}\p{M}\p{N}]+)*%?/gu
        : /[\p{L}\p{M}\p{N}]+(?:[.'’-][\p{L}\p{M}\p{N}]+)*/gu,
      text,
    ).map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length, letters: /^[\p{L}\p{M}]+$/u.test(m[0]) }));

  it('finds the words the regular expressions find, in the articles', () => {
    for (const text of texts)
      for (const percent of [true, false]) expect(latinWords(text, percent)).toEqual(regexWords(text, percent));
  });

  it('finds the words the regular expressions find, in any string', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (text, percent) => {
        expect(latinWords(text, percent)).toEqual(regexWords(text, percent));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('alignedForm', () => {
  /** Code point by code point, as it was first written. */
  const reference = (text: string) => {
    let out = '';
    for (const ch of text) {
      if (ch < '\u0080') out += ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
      else {
        const k = ch.normalize('NFKC').toLowerCase();
        out += k.length === ch.length ? k : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
      }
    }
    return simplify(out);
  };

  it('is the form made a character at a time, in the articles and in any string', () => {
    for (const text of texts) expect(alignedForm(text)).toBe(reference(text));
    fc.assert(
      fc.property(anyText, (text) => {
        expect(alignedForm(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a Han run normalised a character at a time', () => {
  it('is the run normalised whole (what the tokenizer relies on)', () => {
    const han = fc.string({
      unit: fc.integer({ min: 0x2e80, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength: 12,
    });
    fc.assert(
      fc.property(han, (text) => {
        for (const m of allMatches(HAN_RUN, text)) {
          const chars = [...m[0]].map((c) => normalize(c));
          if (chars.every((c) => c.length === 1)) expect(chars.join('')).toBe(normalize(m[0]));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Segmenter', () => {
  /** The cut worked out by joining the syllables of every candidate word, as it was first written. */
  function reference(own: Set<string>, syllables: readonly string[], known?: (term: string) => boolean): number[] {
    const n = syllables.length;
    if (n < 2) return n ? [1] : [];
    const ownFolded = new Set([...own].map(fold));
    const dict = vietnameseWords();
    const plain = syllables.map((s) => s === fold(s));
    const marked = plain.filter((p) => !p).length * 3 >= n;
    const score = new Array<number>(n + 1).fill(-Infinity);
    const words = new Array<number>(n + 1).fill(0);
    const last = new Array<number>(n + 1).fill(0);
    score[0] = 0;
    for (let j = 1; j <= n; j++) {
      for (let len = 1; len <= Math.min(MAX_COMPOUND_SYLLABLES, j); len++) {
        const i = j - len;
        if (score[i] === -Infinity) continue;
        let gain = 0;
        if (len > 1) {
          const parts = syllables.slice(i, j);
          const joined = parts.join(' ');
          const typedPlain = !marked && plain.slice(i, j).every(Boolean);
          const folded = typedPlain ? fold(joined) : '';
          const ours = own.has(joined) || (typedPlain && ownFolded.has(folded));
          const listed = ours || dict.compounds.has(joined) || (typedPlain && dict.foldedCompounds.has(folded));
          if (!listed) continue;
          const used = known?.(parts.join('_')) === true;
          // A dictionary word the corpus never uses, each of whose syllables it uses, is those syllables.
          if (!ours && !used && known && parts.every((x) => known(x))) continue;
          gain = (len - 1) * ((ours ? 3 : 1) + (used ? 2 : 0));
        }
        const s = score[i]! + gain;
        const w = words[i]! + 1;
        if (s > score[j]! || (s === score[j] && (w < words[j]! || (w === words[j] && len > last[j]!)))) {
          score[j] = s;
          words[j] = w;
          last[j] = len;
        }
      }
    }
    const out: number[] = [];
    for (let j = n; j > 0; j -= last[j]!) out.push(last[j]!);
    return out.reverse();
  }

  const forms = segmenterForms(corpus);
  const own = new Set(
    forms
      .map((f) => f.normalize('NFC').toLowerCase().split(/\s+/).filter(Boolean))
      .filter((w) => w.length >= 2 && w.length <= MAX_COMPOUND_SYLLABLES && w.every((s) => /^[\p{L}\p{M}]+$/u.test(s)))
      .map((w) => w.join(' ')),
  );
  const segmenter = new Segmenter(forms);
  // Runs made of words that overlap: the dictionary's compounds and ours, as written and without diacritics, and
  // single syllables of them.
  const compounds = [...vietnameseWords().compounds].filter((_, i) => i % 20 === 0);
  const word = fc.oneof(
    fc.constantFrom(...own),
    fc.constantFrom(...compounds),
    fc.constantFrom(...compounds, ...own).map(fold),
    fc.constantFrom(...compounds, ...own).map((w) => w.split(' ')[0]!),
  );
  const runs = fc.array(word, { maxLength: 6 }).map((ws) => ws.flatMap((w) => w.split(' ')));

  it('cuts any run of syllables as the plain way does, with and without the corpus terms', () => {
    fc.assert(
      fc.property(runs, fc.integer({ min: 0, max: 2 }), (syllables, k) => {
        // Terms the corpus "uses": none, every other one, or all.
        const known = k === 0 ? undefined : (term: string) => k === 2 || term.length % 2 === 0;
        expect(segmenter.split(syllables, known)).toEqual(reference(own, syllables, known));
        expect(segmenter.split(syllables, known, syllables.map(fold))).toEqual(reference(own, syllables, known));
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts the articles’ runs of syllables as the plain way does', () => {
    for (const text of texts) {
      const syllables = (text.toLowerCase().match(/[\p{L}\p{M}]+/gu) ?? []).slice(0, 200);
      for (let i = 0; i < syllables.length; i += 12) {
        const run = syllables.slice(i, i + 12);
        expect(segmenter.split(run)).toEqual(reference(own, run));
      }
    }
  });
});

describe('the index data of analyses made apart', () => {
  it('is that of one analysis of all the passages, whether or not a part was made on this thread', () => {
    const tokenizing = { segmenter: new Segmenter(segmenterForms(corpus)) };
    const lexicon = corpusLexicon(lexiconEntries(corpus));
    const all = [...texts, ...texts.map((t) => t.toUpperCase()), ...texts.slice(3)];
    const whole = indexDataOf(analysePassages(all, tokenizing, lexicon));
    for (const cut of [0, 1, 20, all.length - 1, all.length]) {
      const a = analysePassages(all.slice(0, cut), tokenizing, lexicon);
      // The second part comes from another thread: a copy, without the map its thread made.
      const b = structuredClone(analysePassages(all.slice(cut), tokenizing, lexicon));
      expect(indexDataOf([a, b])).toEqual(whole);
      expect(indexDataOf([structuredClone(a), b])).toEqual(whole);
    }
  });

  it('puts in order the ranges threads took in turn, whichever thread took which', () => {
    const tokenizing = { segmenter: new Segmenter(segmenterForms(corpus)) };
    const lexicon = corpusLexicon(lexiconEntries(corpus));
    const all = [...texts, ...texts.map((t) => t.toUpperCase()), ...texts.slice(3)];
    const whole = indexDataOf(analysePassages(all, tokenizing, lexicon));
    /** Hands out the given ranges, in order. */
    const handOut = (ranges: Array<[number, number]>) => () => ranges.shift();
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 40, maxLength: 40 }),
        (sizes, takers) => {
          // The passages cut into ranges of these sizes (the last one to the end), each taken by thread 0, 1 or 2.
          const byThread: Array<Array<[number, number]>> = [[], [], []];
          let from = 0;
          sizes.forEach((size, k) => {
            const to = k === sizes.length - 1 ? all.length : Math.min(all.length, from + size);
            if (to > from) byThread[takers[k]!]!.push([from, to]);
            from = to;
          });
          const parts = byThread.map((ranges) => analysePassages(all, tokenizing, lexicon, handOut(ranges)));
          expect(indexDataOf(parts)).toEqual(whole);
          // Those made on other threads come as copies, without the maps their threads made.
          expect(indexDataOf([parts[0]!, ...parts.slice(1).map((p) => structuredClone(p))])).toEqual(whole);
          expect(indexDataOf(parts.map((p) => structuredClone(p)))).toEqual(whole);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('analyzeInto and analysePassages', () => {
  const segmenter = new Segmenter(segmenterForms(corpus));
  const lexicon = corpusLexicon(lexiconEntries(corpus));
  let gen = 1000;
  /** analyzeInto's terms (through a numbering of its own) and its word bounds at every offset. */
  const into = (text: string, options: TokenizeOptions) => {
    const vocab: string[] = [];
    const byTerm = new Map<string, number>();
    const terms: string[] = [];
    const bounds = analyzeInto(text, options, {
      gen: ++gen,
      id(term) {
        let id = byTerm.get(term);
        if (id === undefined) byTerm.set(term, (id = vocab.push(term) - 1));
        return id;
      },
      add: (id) => terms.push(vocab[id]!),
    });
    const at = Array.from({ length: text.length + 2 }, (_, i) => [bounds.starts.has(i), bounds.ends.has(i)]);
    return { terms, at };
  };
  const plain = (text: string, options: TokenizeOptions) => {
    const bounds = wordBounds(text, options);
    return {
      terms: analyze(text, options).map((t) => t.term),
      at: Array.from({ length: text.length + 2 }, (_, i) => [bounds.starts.has(i), bounds.ends.has(i)]),
    };
  };
  const modes: HanMode[] = ['bigram', 'word', 'both'];

  it('gives the terms analyze gives, in order, and the same word bounds', () => {
    for (const han of modes)
      for (const options of [{ han, segmenter }, { han }])
        for (const text of [...texts, ...texts.map((t) => t.toUpperCase())])
          expect(into(text, options)).toEqual(plain(text, options));
    fc.assert(
      fc.property(anyText, fc.constantFrom(...modes), (raw, han) => {
        const text = raw.normalize('NFC');
        const options = { han, segmenter };
        expect(into(text, options)).toEqual(plain(text, options));
      }),
      { numRuns: 2000 },
    );
  });

  /** The analysis counted from passageTerms, the plain way. */
  const reference = (all: readonly string[], tokenizing: TokenizeOptions): Analysed => {
    const vocab: string[] = [];
    const byTerm = new Map<string, number>();
    const offsets = [0];
    const ids: number[] = [];
    const tfs: number[] = [];
    // Each passage's mentions as a layout finds them (its text scanned within its word bounds), then as a scan of
    // its text alone finds them when that finds others (none when the same).
    const ends = [0];
    const keys: number[] = [];
    const starts: number[] = [];
    const stops: number[] = [];
    const names: string[] = [];
    const add = (ms: Mention[]) => {
      for (const m of ms) {
        if (!names.includes(m.key)) names.push(m.key);
        keys.push(names.indexOf(m.key));
        starts.push(m.start);
        stops.push(m.end);
      }
      ends.push(keys.length);
    };
    for (const text of all) {
      const within = lexicon.scan(text, wordBounds(text, tokenizing));
      const alone = lexicon.scan(text);
      add(within);
      add(JSON.stringify(alone) === JSON.stringify(within) ? [] : alone);
      const counts = new Map<number, number>();
      for (const term of passageTerms(text, tokenizing, lexicon)) {
        let id = byTerm.get(term);
        if (id === undefined) byTerm.set(term, (id = vocab.push(term) - 1));
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      // In the order the passage first has them.
      for (const [id, tf] of counts) {
        ids.push(id);
        tfs.push(tf);
      }
      offsets.push(ids.length);
    }
    const dfs = new Uint32Array(vocab.length);
    for (const id of ids) dfs[id]!++;
    return {
      vocab,
      offsets: Uint32Array.from(offsets),
      ids: Uint32Array.from(ids),
      tfs: Uint32Array.from(tfs),
      dfs,
      mentions: {
        ends: Uint32Array.from(ends),
        keys: Uint32Array.from(keys),
        starts: Uint32Array.from(starts),
        stops: Uint32Array.from(stops),
        names,
      },
    };
  };

  it('counts what passageTerms gives, one analysis after another on the same thread', () => {
    const all = [...texts, ...texts.map((t) => t.toUpperCase()), '合資企业 Mail.ru 48% 什么', '', '的'];
    for (const han of modes) {
      const tokenizing = { han, segmenter };
      // Again in another order: ids remembered from the first analysis must not leak into the second.
      for (const order of [all, [...all].reverse(), all])
        expect(analysePassages(order, tokenizing, lexicon)).toEqual(reference(order, tokenizing));
    }
  });
});
