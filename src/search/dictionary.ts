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

  constructor(
    public list: PostingMap | undefined,
    /** The dictionary that may change it (none: one made from the built postings, which none changes). */
    readonly owner?: TermDictionary,
  ) {
    this.present = list !== undefined;
  }

  /** The same entry, for `owner` to change (its postings copied on write, see PostingMap). */
  forkFor(owner: TermDictionary): TermEntry {
    const e = new TermEntry(this.list?.fork(), owner);
    e.present = this.present;
    return e;
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

/** What a dictionary and its forks share, or copy at each fork (see `TermDictionary.fork`). */
interface Shared {
  /** Entries of the built postings, made on first use: shared by every fork, changed by none. */
  built: Map<number, TermEntry>;
  /** The entries that differ from the built postings (changed, or terms met later): copied at each fork. */
  changed: Map<number, TermEntry>;
  later: Map<string, number>;
  laterTerms: string[];
  live: number;
}

/**
 * The term dictionary MiniSearch looks terms up in (its `_index`), over a Lexis and the postings: the methods of
 * MiniSearch's SearchableMap it calls, each entry made when a term is first looked up. Terms met later (passages
 * added in place) get the next ids. Prefix and fuzzy lookups, which the engine does not use, fall back to a
 * SearchableMap of every term.
 *
 * A change in place works on a fork (`fork`), so the dictionary answering meanwhile is never changed: the fork
 * shares the entries and copies one (its postings copied on write) when it first changes it. Once forked, a
 * dictionary is read only.
 */
export class TermDictionary {
  private readonly built: Map<number, TermEntry>;
  private readonly changed: Map<number, TermEntry>;
  private readonly later: Map<string, number>;
  private readonly laterTerms: string[];
  private live: number;
  private tree: Tree | undefined;
  private forked = false;

  constructor(
    private readonly lexis: Lexis,
    private readonly postings: Postings,
    shared?: Shared,
  ) {
    this.built = shared?.built ?? new Map<number, TermEntry>();
    this.changed = shared?.changed ?? new Map<number, TermEntry>();
    this.later = shared?.later ?? new Map<string, number>();
    this.laterTerms = shared?.laterTerms ?? [];
    this.live = shared?.live ?? lexis.starts.length - 1;
  }

  /** A dictionary with the same terms and postings, to change while this one keeps answering unchanged. */
  fork(): TermDictionary {
    this.forked = true;
    return new TermDictionary(this.lexis, this.postings, {
      built: this.built,
      changed: new Map(this.changed),
      later: new Map(this.later),
      laterTerms: [...this.laterTerms],
      live: this.live,
    });
  }

  /**
   * The dictionaries this one was forked from will not be read again (the index they answer for was replaced by
   * this one): the postings this one changed become its own, so that a later change appends to them, or drops
   * their last passages, without copying what no other index reads.
   */
  takeOver(): void {
    for (const e of this.changed.values()) if (e.owner === this) e.list?.takeOver();
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
    const changed = this.changed.get(id);
    if (changed) return changed;
    // A term met later that this dictionary has not changed yet: none of its passages are here.
    if (id >= this.lexis.starts.length - 1) return new TermEntry(undefined);
    let e = this.built.get(id);
    if (!e) {
      const { starts, sizes, docs, tfs } = this.postings;
      const [from, to] = [starts[id], starts[id + 1]];
      e = new TermEntry(new PostingMap(docs.subarray(from, to), tfs.subarray(from, to), sizes[id]));
      this.built.set(id, e);
    }
    return e;
  }

  /** The entry of term `id`, this dictionary's own to change. */
  private writable(id: number): TermEntry {
    if (this.forked) throw new Error('TermDictionary: forked, so read only (changes go to the fork)');
    this.tree = undefined;
    const e = this.entry(id);
    if (e.owner === this) return e;
    const own = e.forkFor(this);
    this.changed.set(id, own);
    return own;
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
    const e = this.writable(id);
    if (!e.present) {
      e.present = true;
      this.live++;
    }
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
    const e = this.writable(id);
    if (e.present) {
      e.present = false;
      e.clear();
      this.live--;
    }
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
