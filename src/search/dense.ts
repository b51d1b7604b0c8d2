/**
 * A `Map<number, V>` over a plain array indexed by the key, for keys that are small non-negative integers given in
 * ascending order: MiniSearch's short document ids. MiniSearch keeps three such maps (short id → id, id → short id,
 * short id → field lengths) and reads two of them for every posting it scores; an array index is cheaper than a
 * hash lookup, and holds 100,000 entries in less memory.
 *
 * It iterates in ascending key order, which is a Map's insertion order as long as keys are added in ascending order
 * and a deleted key is never added again: MiniSearch numbers documents with an ever-growing counter, and our passage
 * numbers (its ids) grow the same way (minisearch.ts). `undefined` is not a value it can hold.
 */
export class DenseMap<V> implements Map<number, V> {
  private slots: Array<V | undefined> = [];
  private count = 0;

  /**
   * The map of keys 0..n-1 to `value(k)`, made in one pass: what `set` would make key by key, without its checks
   * (100,000 passages: a few milliseconds, where setting them one by one costs a tenth of a second).
   */
  static range<V>(n: number, value: (key: number) => V): DenseMap<V> {
    const slots: Array<V | undefined> = [];
    for (let k = 0; k < n; k++) {
      const v = value(k);
      if (v === undefined) throw new Error('DenseMap: undefined is not a value it can hold');
      slots.push(v);
    }
    const out = new DenseMap<V>();
    out.slots = slots;
    out.count = n;
    return out;
  }

  /** A copy of `map`, whose keys must be ascending integers ≥ 0. */
  static from<V>(map: Iterable<readonly [number, V]>): DenseMap<V> {
    const out = new DenseMap<V>();
    for (const [k, v] of map) out.set(k, v);
    return out;
  }

  get size(): number {
    return this.count;
  }

  has(key: number): boolean {
    return this.slots[key] !== undefined;
  }

  get(key: number): V | undefined {
    return this.slots[key];
  }

  set(key: number, value: V): this {
    if (this.slots[key] !== undefined) {
      this.slots[key] = value;
      return this;
    }
    // A new key goes after every key the map has had, or the iteration order would not be the insertion order.
    if (!Number.isInteger(key) || key < this.slots.length)
      throw new Error(`DenseMap: key ${String(key)} is not an integer above every key the map has had`);
    while (this.slots.length < key) this.slots.push(undefined);
    this.slots.push(value);
    this.count++;
    return this;
  }

  delete(key: number): boolean {
    if (this.slots[key] === undefined) return false;
    this.slots[key] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    this.slots.length = 0;
    this.count = 0;
  }

  forEach(fn: (value: V, key: number, map: Map<number, V>) => void): void {
    for (const [k, v] of this) fn(v, k, this);
  }

  *entries(): MapIterator<[number, V]> {
    const { slots } = this;
    for (let k = 0; k < slots.length; k++) {
      const v = slots[k];
      if (v !== undefined) yield [k, v];
    }
  }

  *keys(): MapIterator<number> {
    for (const [k] of this) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this) yield v;
  }

  [Symbol.iterator](): MapIterator<[number, V]> {
    return this.entries();
  }

  readonly [Symbol.toStringTag] = 'DenseMap';
}
