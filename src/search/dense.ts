/**
 * Maps keyed by passage number for MiniSearch's per-document maps (minisearch.ts): it keeps three (short id → id,
 * id → short id, short id → field lengths) and reads two of them for every posting it scores. Keys are small
 * non-negative integers added in ascending order, and a deleted key is never added again (MiniSearch numbers
 * documents with an ever-growing counter, and our passage numbers, its ids, grow the same way), so they iterate in
 * ascending order, which is a Map's insertion order. An array index is cheaper than a hash lookup, and 100,000
 * entries take a byte each instead of a Map entry (and an array) each.
 */

/** Which of the keys 0, 1, 2, … are present, one byte each. The maps below keep no more than this per passage. */
class Presence {
  private present: Uint8Array;
  /** One past the highest key the map has had. */
  private end: number;
  count: number;

  constructor(n: number) {
    this.present = new Uint8Array(Math.max(16, n)).fill(1, 0, n);
    this.end = n;
    this.count = n;
  }

  /** The same keys, to change apart (a byte per key copied: 100,000 passages, a few microseconds). */
  copy(): Presence {
    const out = new Presence(0);
    out.present = this.present.slice();
    out.end = this.end;
    out.count = this.count;
    return out;
  }

  has(key: number): boolean {
    return key < this.end && this.present[key] === 1;
  }

  /** Mark `key` present: true when it is new (then above every key the map has had, or this throws). */
  add(key: number): boolean {
    if (this.has(key)) return false;
    if (!Number.isInteger(key) || key < this.end)
      throw new Error(`dense map: key ${String(key)} is not an integer above every key the map has had`);
    if (key >= this.present.length) {
      const grown = new Uint8Array(Math.max(key + 1, Math.ceil(this.present.length * 1.5)));
      grown.set(this.present);
      this.present = grown;
    }
    this.present[key] = 1;
    this.end = key + 1;
    this.count++;
    return true;
  }

  delete(key: number): boolean {
    if (!this.has(key)) return false;
    this.present[key] = 0;
    this.count--;
    return true;
  }

  clear(): void {
    this.present.fill(0);
    this.count = 0;
  }

  *keys(): MapIterator<number> {
    for (let k = 0; k < this.end; k++) if (this.present[k] === 1) yield k;
  }
}

/** Shared by the Map methods of the two maps below, which differ only in their values. */
abstract class PresenceMap<V> implements Map<number, V> {
  constructor(protected readonly keySet: Presence) {}
  abstract get(key: number): V | undefined;
  abstract set(key: number, value: V): this;
  /** The value of a present key, as a new object where `get` may lend a shared one. */
  protected abstract valueAt(key: number): V;

  get size(): number {
    return this.keySet.count;
  }
  has(key: number): boolean {
    return this.keySet.has(key);
  }
  delete(key: number): boolean {
    return this.keySet.delete(key);
  }
  clear(): void {
    this.keySet.clear();
  }
  forEach(fn: (value: V, key: number, map: Map<number, V>) => void): void {
    for (const [k, v] of this) fn(v, k, this);
  }
  *entries(): MapIterator<[number, V]> {
    for (const k of this.keySet.keys()) yield [k, this.valueAt(k)];
  }
  keys(): MapIterator<number> {
    return this.keySet.keys();
  }
  *values(): MapIterator<V> {
    for (const [, v] of this) yield v;
  }
  [Symbol.iterator](): MapIterator<[number, V]> {
    return this.entries();
  }
  abstract readonly [Symbol.toStringTag]: string;
}

/**
 * MiniSearch's short id ↔ document id maps when the two are the same numbers (our passage numbers, minisearch.ts):
 * each key maps to itself, so only which keys are present is kept (100,000 passages: 100 KB, made in well under a
 * millisecond, where a DenseMap of them took tens of milliseconds of a saved index's load).
 */
export class IdentityMap extends PresenceMap<number> {
  constructor(n: number, keys = new Presence(n)) {
    super(keys);
  }
  /** The same map, to change apart (an index changed in place, see minisearch.ts). */
  fork(): IdentityMap {
    return new IdentityMap(0, this.keySet.copy());
  }
  get(key: number): number | undefined {
    return this.keySet.has(key) ? key : undefined;
  }
  set(key: number, value: number): this {
    if (value !== key) throw new Error(`IdentityMap: key ${key} cannot map to ${value}`);
    this.keySet.add(key);
    return this;
  }
  protected valueAt(key: number): number {
    return key;
  }
  readonly [Symbol.toStringTag] = 'IdentityMap';
}

/**
 * MiniSearch's document → field lengths map, for one field, over the lengths as numbers rather than an array per
 * passage. MiniSearch reads a passage's array at once (`get(d)[0]` as it scores a posting), so `get` lends one
 * array, refilled at each call; an array MiniSearch sets (a passage added in place, whose length it writes into
 * the array after setting it) is kept as it is. Iterating gives arrays of their own.
 */
export class FieldLengthMap extends PresenceMap<number[]> {
  private readonly lent: number[] = [0];
  private readonly given: Map<number, number[]>;

  constructor(
    private readonly lengths: ArrayLike<number>,
    keys = new Presence(lengths.length),
    given = new Map<number, number[]>(),
  ) {
    super(keys);
    this.given = given;
  }

  /**
   * The same map, to change apart (an index changed in place): the lengths as built are shared, and so are the
   * arrays of passages added since (MiniSearch writes into a passage's array only as it adds the passage).
   */
  fork(): FieldLengthMap {
    return new FieldLengthMap(this.lengths, this.keySet.copy(), new Map(this.given));
  }

  /** Passage `key`'s length (it must be present), read without lending an array. */
  lengthOf(key: number): number {
    return key < this.lengths.length ? this.lengths[key]! : this.given.get(key)![0]!;
  }
  get(key: number): number[] | undefined {
    if (!this.keySet.has(key)) return undefined;
    const own = this.given.get(key);
    if (own) return own;
    this.lent[0] = this.lengths[key]!;
    return this.lent;
  }
  set(key: number, value: number[]): this {
    if (key < this.lengths.length) throw new Error(`FieldLengthMap: passage ${key} was made with the map`);
    this.keySet.add(key);
    this.given.set(key, value);
    return this;
  }
  override delete(key: number): boolean {
    this.given.delete(key);
    return super.delete(key);
  }
  protected valueAt(key: number): number[] {
    return [...this.get(key)!];
  }
  readonly [Symbol.toStringTag] = 'FieldLengthMap';
}
