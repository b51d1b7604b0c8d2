import type { Lexicon, Mention } from '../text/lexicon.ts';
import { corpusLexicon, type Vocabulary } from './keys.ts';
import { Segmenter } from './segment.ts';
import { analyze, analyzeInto, type HanMode, type TermSink, type TokenizeOptions, wordBounds } from './tokenize.ts';

/**
 * The question-independent analysis of passages, done once per passage: its terms (words, Chinese bigrams) and the
 * lexicon keys (`e:`/`g:`) it mentions, counted, as flat typed arrays that cross threads without copying.
 *
 * Passage i's distinct terms are `ids[offsets[i] .. offsets[i + 1])`, in the order the passage first has them, with
 * their counts in `tfs` (a term's count is how often MiniSearch would see it in the passage; a key counts once).
 * `vocab[id]` is the term; terms are numbered in the order the passages first have them.
 */
export interface Analysed {
  vocab: string[];
  offsets: Uint32Array;
  ids: Uint32Array;
  tfs: Uint32Array;
  /** Per term id, how many of the passages have it (summed over the parts of a split analysis when they are joined). */
  dfs: Uint32Array;
  /**
   * When the passages were analysed in ranges handed out in turn (see {@link analysePassages}'s `take`): per range,
   * in the order analysed, its first passage, the passage after its last, and the vocabulary's size after it. The
   * analysis's passages are those of its ranges, in that order.
   */
  ranges?: Uint32Array;
  /** Each passage's names and glossary terms, as its layout finds them (see {@link PassageMentions}), by row. */
  mentions: PassageMentions;
}

/**
 * The lexicon's mentions in passages, found once at the build (the scan that gives their keys), so that a candidate
 * met for the first time is not scanned again. Row r's are two lists of `keys` (indices into `names`), `starts` and
 * `stops`, in the order a scan gives them: `[ends[2r], ends[2r + 1])` within its word bounds (as its layout has them),
 * then `[ends[2r + 1], ends[2r + 2])` without them (`Lexicon.scan(text)`), empty when that finds the same (see
 * `Lexicon.scanWithin`: most passages).
 */
export interface PassageMentions {
  ends: Uint32Array;
  keys: Uint32Array;
  starts: Uint32Array;
  stops: Uint32Array;
  names: string[];
}

/** The mentions of row r, within its word bounds or (`unbounded`) without them: new objects, the caller's to keep. */
export function mentionsAt(m: PassageMentions, r: number, unbounded = false): Mention[] {
  let from = m.ends[2 * r]!;
  let to = m.ends[2 * r + 1]!;
  if (unbounded && m.ends[2 * r + 2]! > to) [from, to] = [to, m.ends[2 * r + 2]!];
  const out: Mention[] = [];
  for (let k = from; k < to; k++) out.push({ key: m.names[m.keys[k]!]!, start: m.starts[k]!, end: m.stops[k]! });
  return out;
}

function sameMentions(a: readonly Mention[], b: readonly Mention[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++)
    if (a[i]!.key !== b[i]!.key || a[i]!.start !== b[i]!.start || a[i]!.end !== b[i]!.end) return false;
  return true;
}

/** Appends mentions to the columns of a `PassageMentions` (see `analysePassages`). */
class MentionColumns {
  readonly keys: Grow;
  readonly starts: Grow;
  readonly stops: Grow;
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  constructor(capacity: number) {
    this.keys = new Grow(capacity);
    this.starts = new Grow(capacity);
    this.stops = new Grow(capacity);
  }
  push(m: Mention): void {
    let name = this.ids.get(m.key);
    if (name === undefined) this.ids.set(m.key, (name = this.names.push(m.key) - 1));
    this.keys.push(name);
    this.starts.push(m.start);
    this.stops.push(m.end);
  }
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

/** Passages' texts by number: an array of them, or packed ones made into strings one at a time (`packedTexts`). */
export interface Texts {
  readonly length: number;
  at(n: number): string | undefined;
}

/**
 * Texts packed one after another (`PassageColumns.texts`, saved.ts), each ending where `ends` says: each is made into
 * a string of its own when it is read, so a thread reads only the passages it analyses, where they are (a
 * SharedArrayBuffer the build's threads share).
 */
export function packedTexts(units: Uint16Array, ends: Uint32Array): Texts {
  const bytes = Buffer.from(units.buffer, units.byteOffset, units.byteLength);
  return {
    length: ends.length,
    at: (n) =>
      n >= 0 && n < ends.length ? bytes.toString('utf16le', n === 0 ? 0 : 2 * ends[n - 1]!, 2 * ends[n]!) : undefined,
  };
}

/** Numbers each analysis on this thread (see {@link TermSink.gen}). */
let generation = 0;

/** A range of passages, [first, last + 1), or none when there are no more. */
export type TakeRange = () => readonly [number, number] | undefined;

/**
 * Analyse `texts` (NFC) in order: each passage's `passageTerms`, counted, without making them one by one. With `take`,
 * only the ranges it hands out, in that order (threads that share the passages take the next range as they get to
 * it; `joinAnalyses` puts their analyses in order again).
 */
export function analysePassages(
  texts: Texts,
  tokenizing: TokenizeOptions,
  lexicon: Lexicon,
  take?: TakeRange,
): Analysed {
  const vocab: string[] = [];
  const byTerm = new Map<string, number>();
  const offsets = new Uint32Array(texts.length + 1);
  const ranges = new Grow(take ? 48 : 0);
  const ids = new Grow(texts.length * 48);
  const tfs = new Grow(texts.length * 48);
  // Per term id: the last passage that had it (+1) and its count there.
  let seen = new Uint32Array(1024);
  let count = new Uint32Array(1024);
  let df = new Uint32Array(1024);
  const distinct: number[] = [];
  let passage = 0;
  const mentionEnds = new Uint32Array(2 * texts.length + 1);
  const mentions = new MentionColumns(texts.length * 4);
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
          const d = new Uint32Array(df.length * 2);
          d.set(df);
          df = d;
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
  let row = 0;
  for (let range = take ? take() : ([0, texts.length] as const); range; range = take?.()) {
    for (let i = range[0]; i < range[1]; i++) {
      distinct.length = 0;
      // Numbers the passages of this analysis (from 1: 0 is no passage), whatever their place in `texts`.
      passage = ++row;
      const text = texts.at(i)!;
      const bounds = analyzeInto(text, tokenizing, sink);
      // Each key once, in the order `Lexicon.keys` gives them; every mention kept, where it is.
      const scanned = lexicon.scanWithin(text, bounds);
      for (const m of scanned.mentions) {
        const id = sink.id(m.key);
        if (seen[id] !== passage) sink.add(id);
        mentions.push(m);
      }
      mentionEnds[2 * row - 1] = mentions.keys.length;
      // A form passed over for crossing a word's bound: the scan without bounds too, when it finds others.
      if (scanned.cut) {
        const alone = lexicon.scan(text);
        if (!sameMentions(alone, scanned.mentions)) for (const m of alone) mentions.push(m);
      }
      mentionEnds[2 * row] = mentions.keys.length;
      for (const id of distinct) {
        ids.push(id);
        tfs.push(count[id]!);
        df[id]!++;
      }
      offsets[row] = ids.length;
    }
    if (take) {
      ranges.push(range[0]);
      ranges.push(range[1]);
      ranges.push(vocab.length);
    }
  }
  const out: Analysed = {
    vocab,
    offsets: row === texts.length ? offsets : offsets.slice(0, row + 1),
    ids: ids.done(),
    tfs: tfs.done(),
    dfs: df.slice(0, vocab.length),
    ...(take ? { ranges: ranges.done() } : {}),
    mentions: {
      ends: row === texts.length ? mentionEnds : mentionEnds.slice(0, 2 * row + 1),
      keys: mentions.keys.done(),
      starts: mentions.starts.done(),
      stops: mentions.stops.done(),
      names: mentions.names,
    },
  };
  termIds.set(out, byTerm);
  return out;
}

/** Analyse `texts` with the corpus's vocabulary (the ranges `take` hands out, or all of them). */
export function analyseWith(texts: Texts, han: HanMode, v: Vocabulary, take?: TakeRange): Analysed {
  return analysePassages(texts, { han, segmenter: new Segmenter(v.forms) }, corpusLexicon(v.entries), take);
}

/** Fewer passages than this are analysed on one thread: a second one costs more to start than it saves. */
export const SPLIT_FROM = 4_000;

/**
 * The passages' ranges, taken in turn by the threads that share `next`: each takes the next range when it is done with
 * one, so both finish together however late the second one started or however fast each one goes.
 */
export function rangesOf(next: Int32Array, count: number): TakeRange {
  const size = Math.max(64, Math.ceil(count / 256));
  return () => {
    const from = Atomics.add(next, 0, size);
    return from < count ? [from, Math.min(count, from + size)] : undefined;
  };
}

/** The share of the passages a second thread analyses (build.analyse.worker.ts). */
export interface AnalyseJob {
  /** Every passage's text, one after another (`PassageColumns.texts`: shared, not copied), and where each ends. */
  texts: Uint16Array;
  ends: Uint32Array;
  han: HanMode;
  vocabulary: Vocabulary;
  /** The first passage of the next range to take, shared by the threads that analyse (see {@link rangesOf}). */
  next: Int32Array;
}

/**
 * The term → id map each analysis made on this thread, beside it rather than in it (an analysis sent to another
 * thread is copied without it): joining analyses looks the first one's terms up in it instead of making another.
 */
const termIds = new WeakMap<Analysed, Map<string, number>>();

/**
 * Passages `[from, to)` of all, analysed in one part: their term lists are the part's rows from `row` on, their term
 * ids the part's own, mapped to the joined ones through `map` (none: the same).
 */
export interface Run {
  from: number;
  to: number;
  row: number;
  part: Pick<Analysed, 'offsets' | 'ids' | 'tfs' | 'mentions'>;
  map: Int32Array | undefined;
}

/**
 * Analyses of passages made apart (e.g. in two threads), joined without copying their term lists: the vocabulary
 * and document frequencies one `analysePassages` over all the texts would give, and the runs of passages that
 * read each part's lists in passage order (`invert` makes the postings from them in one pass).
 */
export interface Joined {
  vocab: string[];
  dfs: Uint32Array;
  runs: Run[];
  /** How many passages in all. */
  passages: number;
  /** The parts' mentions, in passage order. */
  mentions: PassageMentions;
}

/**
 * Each part's ranges (`Analysed.ranges`; a part without them has the passages after the previous part's, in order),
 * put in order. A term's id is the order in which the passages first have it: a part numbers the terms new to it in a
 * range in that order, and those of them no earlier range had are new to all the passages, in that order.
 */
export function joinAnalyses(parts: readonly Analysed[]): Joined {
  const only = parts.length === 1 ? parts[0]! : undefined;
  if (only && !only.ranges) {
    const passages = only.offsets.length - 1;
    const run = { from: 0, to: passages, row: 0, part: only, map: undefined };
    return { vocab: only.vocab, dfs: only.dfs, runs: [run], passages, mentions: only.mentions };
  }
  const spans: Array<Run & { newFrom: number; newTo: number; index: number }> = [];
  const maps = parts.map((p) => new Int32Array(p.vocab.length).fill(-1));
  let next = 0;
  parts.forEach((p, index) => {
    const r = p.ranges ?? Uint32Array.of(next, next + p.offsets.length - 1, p.vocab.length);
    let row = 0;
    let newFrom = 0;
    for (let k = 0; k < r.length; k += 3) {
      spans.push({ from: r[k]!, to: r[k + 1]!, row, part: p, map: maps[index], newFrom, newTo: r[k + 2]!, index });
      row += r[k + 1]! - r[k]!;
      newFrom = r[k + 2]!;
      next = Math.max(next, r[k + 1]!);
    }
  });
  spans.sort((x, y) => x.from - y.from);
  let passages = 0;
  for (const s of spans) {
    if (s.from !== passages) throw new Error(`joinAnalyses: passages ${passages} to ${s.from} are in no part`);
    passages = s.to;
  }
  // Each part's local ids → the joined ids. The first part's terms are looked up in the map its thread made, when it
  // was made on this thread (not copied from another): its terms are not hashed again.
  const firstMap = parts[0] ? termIds.get(parts[0]) : undefined;
  const others = new Map<string, number>();
  const vocab: string[] = [];
  for (const s of spans) {
    const p = s.part as Analysed;
    const map = s.map!;
    for (let local = s.newFrom; local < s.newTo; local++) {
      const term = p.vocab[local]!;
      let id: number;
      // Terms the first part has are numbered through its map, the others through one of their own.
      const first = !firstMap ? undefined : s.index === 0 ? local : firstMap.get(term);
      if (first !== undefined) {
        id = maps[0]![first]!;
        if (id < 0) maps[0]![first] = id = vocab.push(term) - 1;
      } else {
        id = others.get(term) ?? -1;
        if (id < 0) others.set(term, (id = vocab.push(term) - 1));
      }
      map[local] = id;
    }
  }
  const dfs = new Uint32Array(vocab.length);
  parts.forEach((p, index) => {
    const map = maps[index]!;
    for (let local = 0; local < p.dfs.length; local++) dfs[map[local]!]! += p.dfs[local]!;
  });
  return {
    vocab,
    dfs,
    runs: spans.map(({ from, to, row, part, map }) => ({ from, to, row, part, map })),
    passages,
    mentions: joinMentions(spans, passages),
  };
}

/**
 * The mentions of the spans' rows (in passage order, covering `passages`), their keys numbered in the order the
 * passages first have them (as one analysis of all of them numbers them).
 */
function joinMentions(
  spans: ReadonlyArray<{ from: number; to: number; row: number; part: Pick<Analysed, 'mentions'> }>,
  passages: number,
): PassageMentions {
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const maps = new Map<PassageMentions, Int32Array>();
  let size = 0;
  for (const { part } of spans) {
    const m = part.mentions;
    if (maps.has(m)) continue;
    size += m.keys.length;
    maps.set(m, new Int32Array(m.names.length).fill(-1));
  }
  const ends = new Uint32Array(2 * passages + 1);
  const keys = new Uint32Array(size);
  const starts = new Uint32Array(size);
  const stops = new Uint32Array(size);
  let at = 0;
  for (const { from, to, row, part } of spans) {
    const m = part.mentions;
    const map = maps.get(m)!;
    // Each row's two lists, one after the other.
    for (let n = 2 * from, r = 2 * row; n < 2 * to; n++, r++) {
      for (let k = m.ends[r]!, end = m.ends[r + 1]!; k < end; k++, at++) {
        const local = m.keys[k]!;
        let id = map[local]!;
        if (id < 0) {
          const name = m.names[local]!;
          id = nameIds.get(name) ?? -1;
          if (id < 0) nameIds.set(name, (id = names.push(name) - 1));
          map[local] = id;
        }
        keys[at] = id;
        starts[at] = m.starts[k]!;
        stops[at] = m.stops[k]!;
      }
      ends[n + 1] = at;
    }
  }
  return { ends, keys, starts, stops, names };
}
