import MiniSearch from 'minisearch';
import { PostingMap, type Postings } from './postings.ts';

/**
 * The vocabulary as flat data that crosses threads without being rebuilt: every term in one string, where each
 * starts, and an open-addressing hash table of their ids. Made in the build worker (or saved with the index), so
 * this thread makes no Map of hundreds of thousands of strings and no radix tree of them.
 */
export interface Lexis {
  /** The terms, one after another: term id's text is `text.slice(starts[id], starts[id + 1])`. */
  text: string;
  starts: Uint32Array;
  /** Power-of-two sized; each slot a term id, or -1. */
  slots: Int32Array;
}

/** FNV-1a over UTF-16 code units. */
function hash(s: string, from = 0, to = s.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function lexisOf(vocab: readonly string[]): Lexis {
  const text = vocab.join('');
  const starts = new Uint32Array(vocab.length + 1);
  for (let i = 0; i < vocab.length; i++) starts[i + 1] = starts[i]! + vocab[i]!.length;
  let size = 16;
  while (size < vocab.length * 2) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  const mask = size - 1;
  for (let id = 0; id < vocab.length; id++) {
    let s = hash(text, starts[id], starts[id + 1]) & mask;
    while (slots[s] !== -1) s = (s + 1) & mask;
    slots[s] = id;
  }
  return { text, starts, slots };
}

/**
 * One term's entry in MiniSearch's index: field id → postings, for our one field (0). MiniSearch keeps a Map there;
 * this holds the PostingMap directly, and turns a plain Map MiniSearch gives it (a term first seen in a passage
 * added later) into one.
 */
export class TermEntry implements Map<number, Map<number, number>> {
  /** In the dictionary: false once MiniSearch has deleted the term (its last passage removed). */
  present: boolean;

  constructor(public list: PostingMap | undefined) {
    this.present = list !== undefined;
  }

  get size(): number {
    return this.list ? 1 : 0;
  }
  get(field: number): PostingMap | undefined {
    return field === 0 ? this.list : undefined;
  }
  has(field: number): boolean {
    return field === 0 && this.list !== undefined;
  }
  set(field: number, map: Map<number, number>): this {
    if (field !== 0) throw new Error('TermEntry: the index has one field');
    this.list = map instanceof PostingMap ? map : PostingMap.from(map);
    return this;
  }
  delete(field: number): boolean {
    const had = this.has(field);
    if (had) this.list = undefined;
    return had;
  }
  clear(): void {
    this.list = undefined;
  }
  forEach(fn: (value: Map<number, number>, key: number, map: Map<number, Map<number, number>>) => void): void {
    if (this.list) fn(this.list, 0, this);
  }
  *entries(): MapIterator<[number, Map<number, number>]> {
    if (this.list) yield [0, this.list];
  }
  *keys(): MapIterator<number> {
    if (this.list) yield 0;
  }
  *values(): MapIterator<Map<number, number>> {
    if (this.list) yield this.list;
  }
  [Symbol.iterator](): MapIterator<[number, Map<number, number>]> {
    return this.entries();
  }
  readonly [Symbol.toStringTag] = 'TermEntry';
}

/** MiniSearch's radix tree, for the prefix and fuzzy searches we do not make (built only if one is asked for). */
type Tree = { get(term: string): unknown; set(term: string, v: unknown): void } & Record<string, unknown>;
const Tree = (new MiniSearch({ fields: ['x'] }) as unknown as { _index: { constructor: new () => Tree } })._index
  .constructor;

/**
 * The term dictionary MiniSearch looks terms up in (its `_index`), over a Lexis and the postings: the methods of
 * MiniSearch's SearchableMap it calls, each entry made when a term is first looked up. Terms met later (passages
 * added in place) get the next ids. Prefix and fuzzy lookups, which the engine does not use, fall back to a
 * SearchableMap of every term.
 */
export class TermDictionary {
  private readonly made = new Map<number, TermEntry>();
  private readonly later = new Map<string, number>();
  private readonly laterTerms: string[] = [];
  private live: number;
  private tree: Tree | undefined;

  constructor(
    private readonly lexis: Lexis,
    private readonly postings: Postings,
  ) {
    this.live = lexis.starts.length - 1;
  }

  /** How many terms the dictionary has had (ids are below this). */
  get ids(): number {
    return this.lexis.starts.length - 1 + this.laterTerms.length;
  }

  /** The term's id, or -1 when it has never been in the index. */
  idOf(term: string): number {
    const { text, starts, slots } = this.lexis;
    const mask = slots.length - 1;
    for (let s = hash(term) & mask; ; s = (s + 1) & mask) {
      const id = slots[s]!;
      if (id === -1) break;
      const from = starts[id]!;
      if (starts[id + 1]! - from === term.length && text.startsWith(term, from)) return id;
    }
    return this.later.get(term) ?? -1;
  }

  termOf(id: number): string {
    const V = this.lexis.starts.length - 1;
    return id < V ? this.lexis.text.slice(this.lexis.starts[id], this.lexis.starts[id + 1]) : this.laterTerms[id - V]!;
  }

  /** The entry of term `id` (made on first use), empty once its last passage is gone. */
  entry(id: number): TermEntry {
    let e = this.made.get(id);
    if (!e) {
      const { starts, sizes, docs, tfs } = this.postings;
      const V = this.lexis.starts.length - 1;
      const [from, to] = [starts[id], starts[id + 1]];
      e = new TermEntry(
        id < V ? new PostingMap(docs.subarray(from, to), tfs.subarray(from, to), sizes[id]) : undefined,
      );
      this.made.set(id, e);
    }
    return e;
  }

  get size(): number {
    return this.live;
  }

  get(term: string): TermEntry | undefined {
    const id = this.idOf(term);
    const e = id < 0 ? undefined : this.entry(id);
    return e?.present ? e : undefined;
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }

  /** The entry of `term`, made empty if the index does not have it (MiniSearch then fills it). */
  fetch(term: string): TermEntry {
    let id = this.idOf(term);
    if (id < 0) {
      id = this.ids;
      this.later.set(term, id);
      this.laterTerms.push(term);
    }
    const e = this.entry(id);
    if (!e.present) {
      e.present = true;
      this.live++;
    }
    this.tree = undefined;
    return e;
  }

  set(term: string, value: Map<number, Map<number, number>>): this {
    const e = this.fetch(term);
    const list = value.get(0);
    if (list) e.set(0, list);
    else e.clear();
    return this;
  }

  delete(term: string): void {
    const id = this.idOf(term);
    if (id < 0) return;
    const e = this.entry(id);
    if (e.present) {
      e.present = false;
      e.clear();
      this.live--;
    }
    this.tree = undefined;
  }

  *entries(): IterableIterator<[string, TermEntry]> {
    for (let id = 0; id < this.ids; id++) {
      const e = this.entry(id);
      if (e.present) yield [this.termOf(id), e];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, TermEntry]> {
    return this.entries();
  }

  private searchable(): Tree {
    if (!this.tree) {
      this.tree = new Tree();
      for (const [term, e] of this.entries()) this.tree.set(term, e);
    }
    return this.tree;
  }

  atPrefix(prefix: string): unknown {
    return (this.searchable().atPrefix as (p: string) => unknown).call(this.tree, prefix);
  }

  fuzzyGet(term: string, maxDistance: number): unknown {
    return (this.searchable().fuzzyGet as (t: string, d: number) => unknown).call(this.tree, term, maxDistance);
  }
}
