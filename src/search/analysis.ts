import type { Lexicon } from '../text/lexicon.ts';
import { analyze, analyzeInto, type TermSink, type TokenizeOptions, wordBounds } from './tokenize.ts';

/**
 * The question-independent analysis of passages, done once per passage: its terms (words, Chinese bigrams) and the
 * lexicon keys (`e:`/`g:`) it mentions, counted, as flat typed arrays that cross threads without copying.
 *
 * Passage i's distinct terms are `ids[offsets[i] .. offsets[i + 1])`, ascending, with their counts in `tfs` (a
 * term's count is how often MiniSearch would see it in the passage; a key counts once). `vocab[id]` is the term.
 */
export interface Analysed {
  vocab: string[];
  offsets: Uint32Array;
  ids: Uint32Array;
  tfs: Uint32Array;
}

/** A Uint32Array that grows as it is written. */
class Grow {
  data: Uint32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

/** The terms MiniSearch indexes for one passage, in order, repeats included (what `analysePassages` counts). */
export function passageTerms(text: string, tokenizing: TokenizeOptions, lexicon: Lexicon): string[] {
  const terms = analyze(text, tokenizing).map((t) => t.term);
  for (const key of lexicon.keys(text, wordBounds(text, tokenizing))) terms.push(key);
  return terms;
}

/** Numbers each analysis on this thread (see {@link TermSink.gen}). */
let generation = 0;

/** Analyse `texts` (NFC) in order: each passage's `passageTerms`, counted, without making them one by one. */
export function analysePassages(texts: readonly string[], tokenizing: TokenizeOptions, lexicon: Lexicon): Analysed {
  const vocab: string[] = [];
  const byTerm = new Map<string, number>();
  const offsets = new Uint32Array(texts.length + 1);
  const ids = new Grow(texts.length * 48);
  const tfs = new Grow(texts.length * 48);
  // Per term id: the last passage that had it (+1) and its count there.
  let seen = new Uint32Array(1024);
  let count = new Uint32Array(1024);
  const distinct: number[] = [];
  let passage = 0;
  const sink: TermSink = {
    gen: ++generation,
    id(term: string): number {
      let id = byTerm.get(term);
      if (id === undefined) {
        id = vocab.length;
        byTerm.set(term, id);
        vocab.push(term);
        if (id >= seen.length) {
          const s = new Uint32Array(seen.length * 2);
          s.set(seen);
          seen = s;
          const c = new Uint32Array(count.length * 2);
          c.set(count);
          count = c;
        }
      }
      return id;
    },
    add(id: number): void {
      if (seen[id] !== passage) {
        seen[id] = passage;
        count[id] = 1;
        distinct.push(id);
      } else count[id]!++;
    },
  };
  for (let i = 0; i < texts.length; i++) {
    distinct.length = 0;
    passage = i + 1;
    const text = texts[i]!;
    const bounds = analyzeInto(text, tokenizing, sink);
    // Each key once, in the order `Lexicon.keys` gives them.
    for (const m of lexicon.scan(text, bounds)) {
      const id = sink.id(m.key);
      if (seen[id] !== passage) sink.add(id);
    }
    distinct.sort((a, b) => a - b);
    for (const id of distinct) {
      ids.push(id);
      tfs.push(count[id]!);
    }
    offsets[i + 1] = ids.length;
  }
  const out = { vocab, offsets, ids: ids.done(), tfs: tfs.done() };
  termIds.set(out, byTerm);
  return out;
}

/**
 * The term → id map each analysis made on this thread, beside it rather than in it (an analysis sent to another
 * thread is copied without it): joining analyses extends the first one's instead of making it again.
 */
const termIds = new WeakMap<Analysed, Map<string, number>>();

/**
 * One analysis of consecutive passage ranges analysed apart (e.g. in two threads): the second's terms take the
 * first's ids where they share them, so the result is what one `analysePassages` over all the texts would give.
 */
export function joinAnalyses(parts: readonly Analysed[]): Analysed {
  // The first part's ids stay as they are: its vocabulary and map are taken over (they are not used again), and
  // its arrays copied whole.
  const first = parts[0];
  const kept = first ? termIds.get(first) : undefined;
  if (first && kept) termIds.delete(first);
  const vocab: string[] = kept ? first!.vocab.slice() : [];
  const byTerm = kept ?? new Map<string, number>();
  let docs = 0;
  let total = 0;
  for (const p of parts) {
    docs += p.offsets.length - 1;
    total += p.ids.length;
  }
  const offsets = new Uint32Array(docs + 1);
  const ids = new Uint32Array(total);
  const tfs = new Uint32Array(total);
  let doc = 0;
  let at = 0;
  for (const p of parts) {
    if (kept && p === first) {
      offsets.set(p.offsets);
      ids.set(p.ids);
      tfs.set(p.tfs);
      doc = p.offsets.length - 1;
      at = p.ids.length;
      continue;
    }
    const map = new Uint32Array(p.vocab.length);
    let ascending = true;
    let last = -1;
    for (let local = 0; local < p.vocab.length; local++) {
      const term = p.vocab[local]!;
      let id = byTerm.get(term);
      if (id === undefined) {
        id = vocab.length;
        byTerm.set(term, id);
        vocab.push(term);
      }
      map[local] = id;
      if (id < last) ascending = false;
      last = id;
    }
    const pairs: number[] = [];
    for (let i = 0; i + 1 < p.offsets.length; i++) {
      const from = p.offsets[i]!;
      const to = p.offsets[i + 1]!;
      if (ascending) {
        for (let k = from; k < to; k++) {
          ids[at] = map[p.ids[k]!]!;
          tfs[at++] = p.tfs[k]!;
        }
      } else {
        // Renumbered terms are no longer in order: sort each passage's (id, count) pairs by the new id.
        pairs.length = 0;
        for (let k = from; k < to; k++) pairs.push(map[p.ids[k]!]! * 2 ** 21 + p.tfs[k]!);
        pairs.sort((a, b) => a - b);
        for (const v of pairs) {
          ids[at] = Math.floor(v / 2 ** 21);
          tfs[at++] = v % 2 ** 21;
        }
      }
      offsets[++doc] = at;
    }
  }
  return { vocab, offsets, ids, tfs };
}
