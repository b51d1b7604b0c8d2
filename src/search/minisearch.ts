import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { type Lexis, TermDictionary } from './dictionary.ts';
import { FieldLengthMap, IdentityMap } from './dense.ts';
import type { PassageMentions } from './analysis.ts';
import type { Postings } from './postings.ts';

/**
 * MiniSearch over passages analysed once (analysis.ts), with the term index's postings as its own.
 *
 * A passage reaches MiniSearch as `{ id }`: its terms are already known, so `tokenize` hands MiniSearch the list
 * the caller put in `feed` (nothing is joined into a string to be split again). A whole corpus is not added
 * passage by passage: MiniSearch is restored with `loadJS` (its documented way to start from a saved index) with an
 * empty index, and then given what `addAll` would have built, computed from the postings in one pass: the same
 * document ids, field lengths (distinct terms), average field length (the same running mean, in the same order, so
 * the same bits) and, per term, a Map of passage → count that is a PostingMap. Searching it gives the same scores in
 * the same order as an index built with `addAll` (a test compares them).
 *
 * This reaches into MiniSearch's fields (`_index`, `_documentIds`, …) as of 7.2; the version is pinned by the lock
 * file and is part of a saved index's version, and the test above fails first if a new MiniSearch lays them out
 * differently.
 */

export interface Doc {
  id: number;
}

/** MiniSearch's scores of one query per document, before `search` makes a result object of each (7.2). */
type RawResults = Map<number, { score: number; terms: string[] }>;

/** One document's result as MiniSearch's `termResults` reads and updates it (7.2). */
interface TermResult {
  score: number;
  terms: string[];
  match: Record<string, { push(field: string): unknown }>;
}

/** What MiniSearch keeps, as 7.2 names it. */
interface Internals {
  executeQuery(query: string, options: SearchOptions): RawResults;
  /**
   * Scores one term's postings (`fieldTermData`, from `_index.get`) into `results`: a document's result is updated
   * when `results.get` gives one, else made and `set`.
   */
  termResults(
    sourceTerm: string,
    derivedTerm: string,
    termWeight: number,
    termBoost: number,
    fieldTermData: unknown,
    fieldBoosts: Record<string, number>,
    boostDocument: SearchOptions['boostDocument'],
    bm25params: unknown,
    results: Pick<Map<number, TermResult>, 'get' | 'set'>,
  ): unknown;
  _options: Pick<SearchOptions, 'tokenize' | 'processTerm'> & { searchOptions: SearchOptions };
  _index: TermDictionary;
  _documentIds: IdentityMap;
  _idToShortId: IdentityMap;
  _fieldLength: FieldLengthMap;
  _avgFieldLength: number[];
  _documentCount: number;
  _nextId: number;
}

const internals = (ms: MiniSearch<Doc>) => ms as unknown as Internals;

/** The one field; its MiniSearch field id is 0. */
const FIELD = 'terms';

/** An index as the build worker makes it, or as it is saved: the vocabulary, the postings, each passage's length. */
export interface IndexData {
  lexis: Lexis;
  postings: Postings;
  /** Each passage's number of distinct terms (MiniSearch's field length), in corpus order. */
  lengths: Uint32Array;
  /** Each passage's mentions, as its layout finds them, in corpus order (see analysis.ts). */
  mentions: PassageMentions;
}

export interface Indexed {
  ms: MiniSearch<Doc>;
  dict: TermDictionary;
  /** The terms of the passage being added or removed (read by MiniSearch's `tokenize`). */
  feed: { tokens: string[] };
}

function options(feed: { tokens: string[] }): Options<Doc> {
  return {
    fields: [FIELD],
    extractField: (doc, field) => (field === 'id' ? doc.id : ''),
    tokenize: () => feed.tokens,
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => [text], processTerm: (term) => term },
  };
}

/** MiniSearch with no documents yet, whose counts and mean length are these; its maps are set by the caller. */
function emptyOf(counts: { documentCount: number; nextId: number; mean: number }) {
  const feed = { tokens: [] as string[] };
  const ms = MiniSearch.loadJS<Doc>(
    {
      documentCount: counts.documentCount,
      nextId: counts.nextId,
      documentIds: {},
      fieldIds: { [FIELD]: 0 },
      fieldLength: {},
      averageFieldLength: [counts.mean],
      storedFields: {},
      dirtCount: 0,
      index: [],
      serializationVersion: 2,
    },
    options(feed),
  );
  return { ms, feed };
}

/** MiniSearch over `data`, whose passages are numbered 0..count-1 in corpus order. */
export function miniSearchOf(data: IndexData): Indexed {
  const { lengths } = data;
  const n = lengths.length;
  const { ms, feed } = emptyOf({ documentCount: n, nextId: n, mean: runningMean(lengths) });
  const m = internals(ms);
  // Read by passage number rather than hashed: MiniSearch reads two of them for every posting it scores. Its ids are
  // our passage numbers (see addPassage), so the id maps keep only which passages are there, and the lengths are
  // read from the index data's array.
  m._documentIds = new IdentityMap(n);
  m._idToShortId = new IdentityMap(n);
  m._fieldLength = new FieldLengthMap(lengths);
  m._index = new TermDictionary(data.lexis, data.postings);
  return { ms, dict: m._index, feed };
}

/** The mean MiniSearch's `addAll` keeps, updated document by document as it does. */
export function runningMean(lengths: ArrayLike<number>): number {
  let mean = 0;
  for (let k = 0; k < lengths.length; k++) mean = (mean * k + lengths[k]!) / (k + 1);
  return mean;
}

/** Add passage `id` with its terms (repeats included). */
export function addPassage(index: Indexed, id: number, tokens: string[]): void {
  // MiniSearch's short ids key the postings, and the engine reads them as passage numbers: they must agree.
  if (internals(index.ms)._nextId !== id) throw new Error(`MiniSearch: passage ${id} added out of turn`);
  index.feed.tokens = tokens;
  try {
    index.ms.add({ id });
  } finally {
    index.feed.tokens = [];
  }
}

/** Remove passage `id`, given the terms it was added with. */
export function removePassage(index: Indexed, id: number, tokens: string[]): void {
  index.feed.tokens = tokens;
  try {
    index.ms.remove({ id });
  } finally {
    index.feed.tokens = [];
  }
}

/**
 * The same index, to change in place (`addPassage`, `removePassage`) while this one keeps answering unchanged: a
 * new MiniSearch over the same dictionary and maps, forked (each copied on write, or a byte per passage).
 */
export function forkIndexed(index: Indexed): Indexed {
  const m = internals(index.ms);
  const { ms, feed } = emptyOf({ documentCount: m._documentCount, nextId: m._nextId, mean: m._avgFieldLength[0]! });
  const f = internals(ms);
  f._documentIds = m._documentIds.fork();
  f._idToShortId = m._idToShortId.fork();
  f._fieldLength = m._fieldLength.fork();
  f._index = m._index.fork();
  return { ms, dict: f._index, feed };
}

/** Passage n's number of distinct terms (it must be in the index). */
export function lengthOf(index: Indexed, n: number): number {
  return internals(index.ms)._fieldLength.lengthOf(n);
}

/** After changes: the average field length a rebuild would have, given the passages' lengths in corpus order. */
export function settle(index: Indexed, lengths: ArrayLike<number>): void {
  internals(index.ms)._avgFieldLength[0] = runningMean(lengths);
}

/** Every passage a query matched, with its score (not sorted): two arrays, position by position. */
export interface Scored {
  ids: Uint32Array;
  scores: Float64Array;
}

/**
 * MiniSearch's search of `query` (its terms scored by BM25 and combined by its own code), without the rest of what
 * `search` does with them: one result object per passage matched (an object, an array of its terms, its stored
 * fields), then a sort of them all. A large corpus matches thousands of passages per question, and the caller keeps
 * only the best few hundred. The scores are `search`'s to the last bit: each passage's score times the number of
 * query terms it matched, as `search` weighs it; a passage's id is its short id (see `miniSearchOf`).
 */
export function scoreQuery(index: Indexed, query: string, options: SearchOptions): Scored {
  const m = internals(index.ms);
  // As `executeQuery` merges them.
  const { tokenize, processTerm } = m._options;
  const merged = { tokenize, processTerm, ...m._options.searchOptions, ...options };
  if (
    (merged.combineWith ?? 'or').toLowerCase() === 'or' &&
    !merged.prefix &&
    !merged.fuzzy &&
    (merged.fields === undefined || (merged.fields.length === 1 && merged.fields[0] === FIELD)) &&
    merged.tokenize !== undefined
  )
    return summed(index, query, merged);
  const raw = m.executeQuery(query, options);
  const ids = new Uint32Array(raw.size);
  const scores = new Float64Array(raw.size);
  let i = 0;
  for (const [id, { score, terms }] of raw) {
    ids[i] = id;
    scores[i++] = score * (terms.length || 1);
  }
  return { ids, scores };
}

/**
 * Per index, one slot per passage for `summed`: its score so far, how many of the query's terms it has, and the
 * passages touched, in the order MiniSearch's results would hold them.
 */
interface Sums {
  scores: Float64Array;
  counts: Uint32Array;
  touched: Uint32Array;
}
const sumsOf = new WeakMap<Indexed, Sums>();

/** `{ push }` that keeps nothing: where MiniSearch notes which field a term matched, which nothing here reads. */
const NOWHERE = { push: () => 0 };

/**
 * `scoreQuery` for a query of one exact term per token, combined with OR (what the engine asks): MiniSearch's own
 * `termResults` scores each term's postings, as `executeQuery` has it do, but into one running sum per passage in a
 * typed array instead of a result object, a terms array and a match object per passage and term in a Map per term,
 * merged Map by Map (most of a query's cost at 100,000 passages, and most of the garbage a search leaves). Each
 * passage's score adds up the terms' scores in the same order as MiniSearch's merge does (to the last bit), and the
 * passages come in the same order.
 */
function summed(index: Indexed, query: string, options: SearchOptions): Scored {
  const m = internals(index.ms);
  const size = m._nextId;
  let sums = sumsOf.get(index);
  if (!sums || sums.scores.length < size) {
    sums = { scores: new Float64Array(size), counts: new Uint32Array(size), touched: new Uint32Array(size) };
    sumsOf.set(index, sums);
  }
  const { scores, counts, touched } = sums;
  let n = 0;
  // The one result `termResults` is handed for every passage: it holds the score of the passage asked for last, put
  // back in its slot when the next is asked for (and after each term), so MiniSearch adds to the passage's sum. A
  // plain number field, not an accessor: V8 then updates it in place, where a getter and setter made a heap number of
  // each value read and written (two a posting, most of a search's garbage). Its terms hold the term being scored, so
  // MiniSearch adds none to them.
  let doc = -1;
  let first = true;
  const result: TermResult = { score: 0, terms: [], match: {} };
  const putBack = () => {
    if (doc >= 0) scores[doc] = result.score;
    doc = -1;
  };
  const results = {
    get(id: number): TermResult {
      putBack();
      doc = id;
      result.score = scores[id]!;
      // A term asked twice counts once, as MiniSearch's distinct terms of a result do.
      if (first && counts[id]!++ === 0) touched[n++] = id;
      return result;
    },
    set(): never {
      throw new Error('MiniSearch: a result was made where the running sums had one');
    },
  };
  const terms = options.tokenize!(query)
    .flatMap((term) => options.processTerm!(term) ?? [])
    .filter((term): term is string => !!term);
  // A boost of 0 (or none) is 1, as MiniSearch has it.
  const boosts = { [FIELD]: Number(options.boost?.[FIELD]) || 1 };
  const seen = new Set<string>();
  try {
    terms.forEach((term, i) => {
      const termBoost = typeof options.boostTerm === 'function' ? options.boostTerm(term, i, terms) : 1;
      first = !seen.has(term);
      seen.add(term);
      result.terms = [term];
      result.match = { [term]: NOWHERE };
      m.termResults(term, term, 1, termBoost, m._index.get(term), boosts, options.boostDocument, options.bm25, results);
      putBack();
    });
    const ids = new Uint32Array(n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const id = touched[i]!;
      ids[i] = id;
      out[i] = scores[id]! * counts[id]!;
    }
    return { ids, scores: out };
  } finally {
    // Every slot zero again for the next query, whatever a boost callback may have thrown.
    for (let i = 0; i < n; i++) {
      const id = touched[i]!;
      scores[id] = 0;
      counts[id] = 0;
    }
  }
}
