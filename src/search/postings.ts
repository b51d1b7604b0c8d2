import type { Joined } from './analysis.ts';

/**
 * One term's postings: the passages that have it, ascending, with its count in each, on two typed arrays.
 *
 * It is a `Map<passage, count>` to MiniSearch, which keeps one Map per term and field and reads it in BM25 scoring
 * (`size`, `keys()`, `get`), and changes it when a document is added or removed (`set`, `delete`). MiniSearch
 * numbers documents in the order they are added, so a Map it builds iterates in ascending order, and so does this
 * one: scores, and the order of equal scores, are the same. The term index reads the same arrays for "does passage
 * n have term t" and for the common-term path, so the postings are held once.
 *
 * Copy on write (`fork`): a fork shares the arrays and never changes what another map sharing them reads. Each map
 * reads its first `count` slots; the slots from `ownFrom` on are its alone, and the arrays' `claim` says how far any
 * map sharing them has written. So a fork appends a passage (numbered above all others, as an index changed in place
 * numbers them) where the room after the shared slots is unclaimed, and removes its last passage by counting one
 * fewer. A passage removed from the middle stays in its slot, noted as gone (`gone`), and a count changed in a
 * shared slot is noted beside it (`counts`): reads skip the one and read the other, so removing an article of the
 * build copies no postings (copying each list it touched was most of such a change). The notes are folded into a
 * copy of the list (`own`) once they grow past a bound, or when a passage is put in the middle of shared slots.
 */
export class PostingMap implements Map<number, number> {
  private docArr: Uint32Array;
  private tfArr: Uint32Array;
  private count: number;
  /** Where the last lookup or iteration stood: MiniSearch calls `get` for the key its iterator just gave. */
  private cursor = 0;
  /** Slots from here on are this map's alone (below, other maps sharing the arrays may read them). */
  private ownFrom: number;
  /** How many slots of the arrays any map sharing them has used: what is above is free room. */
  private claim: { top: number };
  /** Passages removed but still in their slots (below `count`), skipped by every read. */
  private gone: Set<number> | undefined;
  /** Counts changed in slots this map could not write (shared ones), by passage. */
  private counts: Map<number, number> | undefined;
  /** The passages without those gone, made at the first `docs()` after a change. */
  private live: Uint32Array | undefined;

  constructor(
    docs: Uint32Array,
    tfs: Uint32Array,
    size = docs.length,
    claim = { top: size },
    ownFrom = 0,
    notes?: { gone: Set<number> | undefined; counts: Map<number, number> | undefined },
  ) {
    this.docArr = docs;
    this.tfArr = tfs;
    this.count = size;
    this.claim = claim;
    this.ownFrom = ownFrom;
    this.gone = notes?.gone;
    this.counts = notes?.counts;
  }

  /** A copy of a Map MiniSearch made (for a term first seen in a document added later). */
  static from(map: ReadonlyMap<number, number>): PostingMap {
    const out = new PostingMap(new Uint32Array(Math.max(4, map.size)), new Uint32Array(Math.max(4, map.size)), 0);
    for (const [doc, tf] of [...map].sort((a, b) => a[0] - b[0])) out.set(doc, tf);
    return out;
  }

  /**
   * A map with the same postings that changes without changing what this one reads (see above). This one stops
   * writing to the slots they share too.
   */
  fork(): PostingMap {
    this.ownFrom = Math.max(this.ownFrom, this.count);
    return new PostingMap(this.docArr, this.tfArr, this.count, this.claim, this.count, {
      gone: this.gone && new Set(this.gone),
      counts: this.counts && new Map(this.counts),
    });
  }

  /**
   * Every slot this map's own, without a copy: the maps it shares its arrays with (those it was forked from) will
   * not be read again. Changed counts are written into their slots; passages gone stay noted.
   */
  takeOver(): void {
    this.ownFrom = 0;
    this.claim.top = this.count;
    if (this.counts) {
      for (const [doc, tf] of this.counts) this.tfArr[this.find(doc)] = tf;
      this.counts = undefined;
    }
  }

  /**
   * Make every slot this map's own: its postings (without those gone, with their counts) copied to new arrays, with
   * room for `room` more.
   */
  private own(room: number): void {
    const { gone, counts } = this;
    const size = this.size;
    const capacity = size + Math.max(4, room);
    const docs = new Uint32Array(capacity);
    const tfs = new Uint32Array(capacity);
    if (!gone && !counts) {
      docs.set(this.docArr.subarray(0, this.count));
      tfs.set(this.tfArr.subarray(0, this.count));
    } else {
      let k = 0;
      for (let i = 0; i < this.count; i++) {
        const doc = this.docArr[i]!;
        if (gone?.has(doc)) continue;
        docs[k] = doc;
        tfs[k++] = counts?.get(doc) ?? this.tfArr[i]!;
      }
    }
    this.docArr = docs;
    this.tfArr = tfs;
    this.count = size;
    this.claim = { top: size };
    this.ownFrom = 0;
    this.gone = undefined;
    this.counts = undefined;
    this.live = undefined;
    this.cursor = 0;
  }

  get size(): number {
    return this.gone ? this.count - this.gone.size : this.count;
  }

  /** The passages, ascending (a view or a copy kept: valid until the next change). */
  docs(): Uint32Array {
    const { gone } = this;
    if (!gone) return this.docArr.subarray(0, this.count);
    if (!this.live) {
      const live = new Uint32Array(this.size);
      let k = 0;
      for (let i = 0; i < this.count; i++) if (!gone.has(this.docArr[i]!)) live[k++] = this.docArr[i]!;
      this.live = live;
    }
    return this.live;
  }

  /** Slot of `doc` (gone or not), or -(insertion point) - 1. */
  private find(doc: number): number {
    const c = this.cursor;
    if (c < this.count && this.docArr[c] === doc) return c;
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.docArr[mid]!;
      if (v === doc) return (this.cursor = mid);
      if (v < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return -lo - 1;
  }

  has(doc: number): boolean {
    return this.find(doc) >= 0 && !this.gone?.has(doc);
  }

  get(doc: number): number | undefined {
    const i = this.find(doc);
    if (i < 0) return undefined;
    if (this.gone === undefined && this.counts === undefined) return this.tfArr[i];
    return this.gone?.has(doc) ? undefined : (this.counts?.get(doc) ?? this.tfArr[i]);
  }

  set(doc: number, tf: number): this {
    const i = this.find(doc);
    if (i >= 0) {
      if (this.gone?.delete(doc)) {
        if (this.gone.size === 0) this.gone = undefined;
        this.live = undefined;
      }
      if (i < this.ownFrom) (this.counts ??= new Map()).set(doc, tf);
      else {
        this.tfArr[i] = tf;
        this.counts?.delete(doc);
      }
      return this;
    }
    let at = -i - 1;
    this.live = undefined;
    // In place when the slots moved are this map's and the next slot is free room; else copied first, with a half
    // more room.
    if (at < this.ownFrom || this.claim.top !== this.count || this.count === this.docArr.length) {
      this.own(Math.ceil(this.size / 2));
      at = -this.find(doc) - 1;
    }
    this.docArr.copyWithin(at + 1, at, this.count);
    this.tfArr.copyWithin(at + 1, at, this.count);
    this.docArr[at] = doc;
    this.tfArr[at] = tf;
    this.count++;
    this.claim.top = this.count;
    return this;
  }

  delete(doc: number): boolean {
    const i = this.find(doc);
    if (i < 0 || this.gone?.has(doc)) return false;
    this.live = undefined;
    this.counts?.delete(doc);
    this.cursor = 0;
    if (i < this.count - 1) {
      // Left in its slot, noted as gone: nothing moved or copied, until the notes grow past their bound.
      (this.gone ??= new Set()).add(doc);
      if (this.gone.size > GONE_FREE + (this.count >>> GONE_SHARE)) this.own(this.count >>> 4);
      return true;
    }
    // The last is counted out, with the passages gone just before it.
    const was = this.count;
    this.count--;
    const { gone } = this;
    while (gone && this.count > 0 && gone.delete(this.docArr[this.count - 1]!)) this.count--;
    if (gone?.size === 0) this.gone = undefined;
    // The slots left are free room again when they were this map's.
    if (this.count >= this.ownFrom && this.claim.top === was) this.claim.top = this.count;
    return true;
  }

  clear(): void {
    this.count = 0;
    this.cursor = 0;
    this.gone = undefined;
    this.counts = undefined;
    this.live = undefined;
  }

  /** The count in slot `i` (whose passage is not gone). */
  private tfAt(i: number): number {
    return this.counts?.get(this.docArr[i]!) ?? this.tfArr[i]!;
  }

  forEach(fn: (tf: number, doc: number, map: Map<number, number>) => void): void {
    for (let i = 0; i < this.count; i++) if (!this.gone?.has(this.docArr[i]!)) fn(this.tfAt(i), this.docArr[i]!, this);
  }

  *entries(): MapIterator<[number, number]> {
    for (let i = 0; i < this.count; i++) if (!this.gone?.has(this.docArr[i]!)) yield [this.docArr[i]!, this.tfAt(i)];
  }

  keys(): MapIterator<number> {
    return new Keys(this);
  }

  /**
   * The iterator of `keys()`: the key at `i` (-1 when that passage is gone), noting where it stands for the `get`
   * that follows.
   */
  keyAt(i: number): number | undefined {
    if (i >= this.count) return undefined;
    this.cursor = i;
    const doc = this.docArr[i]!;
    return this.gone?.has(doc) ? -1 : doc;
  }

  *values(): MapIterator<number> {
    for (let i = 0; i < this.count; i++) if (!this.gone?.has(this.docArr[i]!)) yield this.tfAt(i);
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  readonly [Symbol.toStringTag] = 'PostingMap';
}

/**
 * How many passages a list may have gone before it is copied without them: a few, and an eighth of its slots. Each
 * read in order skips them, and the first `docs()` after a change copies the list without them.
 */
const GONE_FREE = 16;
const GONE_SHARE = 3;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * Not a generator: this is BM25's inner loop. Each step hands back the same result object, changed: a loop reads a
 * result before it asks for the next, and one object per posting was an eighth of what a question at 100,000
 * passages allocated.
 */
class Keys implements MapIterator<number> {
  private i = 0;
  private readonly result = { value: 0, done: false as const };
  constructor(private readonly map: PostingMap) {}
  next(): IteratorResult<number, undefined> {
    let value = this.map.keyAt(this.i++);
    while (value === -1) value = this.map.keyAt(this.i++);
    if (value === undefined) return DONE;
    this.result.value = value;
    return this.result;
  }
  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * Every term's postings, as a CSR layout over flat arrays (built in the build worker, sliced into PostingMaps), with
 * room after each term's list (`slack`) so that passages added in place append to it where it lies: without it, the
 * first passage added to a term copied its whole list (one article added at 50,000 passages copied 2.6 million
 * postings, two thirds of its time).
 */
export interface Postings {
  /** Term t's room is `docs[starts[t] .. starts[t + 1])`; its postings the first `sizes[t]`, ascending, counts in `tfs`. */
  starts: Uint32Array;
  sizes: Uint32Array;
  docs: Uint32Array;
  tfs: Uint32Array;
}

/** The room left after a term's `df` postings: a few, and a sixteenth more (3 % more postings in all, zeros). */
const slack = (df: number) => 2 + (df >>> 4);

/**
 * Invert per-passage term lists (see `Analysed`), read run by run in passage order, into per-term postings: a
 * counting sort, linear, with each term's room sized from the joined document frequencies. Also each passage's
 * number of distinct terms (MiniSearch's field length).
 */
export function invert(joined: Joined): { postings: Postings; lengths: Uint32Array } {
  const { dfs, runs } = joined;
  const vocabSize = dfs.length;
  const starts = new Uint32Array(vocabSize + 1);
  for (let t = 0; t < vocabSize; t++) starts[t + 1] = starts[t]! + dfs[t]! + slack(dfs[t]!);
  const fill = starts.slice(0, vocabSize);
  const docs = new Uint32Array(starts[vocabSize]!);
  const counts = new Uint32Array(starts[vocabSize]!);
  const lengths = new Uint32Array(joined.passages);
  for (const { from, to, row, part, map } of runs) {
    const { offsets, ids, tfs } = part;
    for (let n = from, r = row; n < to; n++, r++) {
      const end = offsets[r + 1]!;
      lengths[n] = end - offsets[r]!;
      if (map)
        for (let k = offsets[r]!; k < end; k++) {
          const at = fill[map[ids[k]!]!]!++;
          docs[at] = n;
          counts[at] = tfs[k]!;
        }
      else
        for (let k = offsets[r]!; k < end; k++) {
          const at = fill[ids[k]!]!++;
          docs[at] = n;
          counts[at] = tfs[k]!;
        }
    }
  }
  return { postings: { starts, sizes: dfs, docs, tfs: counts }, lengths };
}
