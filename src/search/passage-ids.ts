/**
 * Passage id → passage number, for an index changed in place (engine.ts `withCorpus`): the map made from the
 * passages once, shared and never changed, and what changes made since (ids added, ids removed) on top of it. A
 * change works on a fork (`fork`: the changes copied, not the 100,000 ids), so the map the index answering now reads
 * is never changed.
 */
export class PassageIds {
  constructor(
    private readonly base: ReadonlyMap<string, number>,
    private readonly added = new Map<string, number>(),
    private readonly removed = new Set<string>(),
  ) {}

  /** The passages' numbers: `docs[n]`'s id maps to n (a hole is skipped). */
  static of(docs: ReadonlyArray<{ id: string } | undefined>): PassageIds {
    const base = new Map<string, number>();
    docs.forEach((p, n) => {
      if (p) base.set(p.id, n);
    });
    return new PassageIds(base);
  }

  get(id: string): number | undefined {
    const n = this.added.get(id);
    if (n !== undefined) return n;
    return this.removed.has(id) ? undefined : this.base.get(id);
  }

  set(id: string, n: number): void {
    this.added.set(id, n);
  }

  delete(id: string): void {
    this.added.delete(id);
    this.removed.add(id);
  }

  /** The same map, to change apart. */
  fork(): PassageIds {
    return new PassageIds(this.base, new Map(this.added), new Set(this.removed));
  }
}
