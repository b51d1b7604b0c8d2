/**
 * Which passages have which terms, beside MiniSearch: term ids and document frequencies, each passage's sorted
 * term ids ("does passage n have term t" in a binary search) and each term's passages (for the common-term path).
 * Built once per corpus from the same analysis that feeds MiniSearch.
 */
export class TermIndex {
  /** Term → id, for every word and key of the corpus. */
  private readonly ids = new Map<string, number>();
  private readonly freq: number[] = [];
  /** Each passage's sorted term ids. */
  private readonly docTerms: Uint32Array[] = [];
  /** Term id → the passages that have it, ascending. */
  private readonly postings: Uint32Array[] = [];

  /** How many passages have been added. */
  get docCount(): number {
    return this.docTerms.length;
  }

  /** Add the next passage's terms (passages are numbered in the order they are added, from 0). */
  add(terms: Iterable<string>): void {
    const ids = new Set<number>();
    for (const t of terms) {
      let id = this.ids.get(t);
      if (id === undefined) {
        id = this.freq.length;
        this.ids.set(t, id);
        this.freq.push(0);
      }
      ids.add(id);
    }
    for (const id of ids) this.freq[id]!++;
    this.docTerms.push(Uint32Array.from(ids).sort());
  }

  /** Build the postings; call once, after the last `add`. */
  seal(): void {
    const filled = new Uint32Array(this.freq.length);
    for (const df of this.freq) this.postings.push(new Uint32Array(df));
    this.docTerms.forEach((ids, n) => {
      for (const id of ids) this.postings[id]![filled[id]!++] = n;
    });
  }

  /** The term's id, or -1 when no passage has it. */
  id(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  /** How many passages have the term. */
  df(id: number): number {
    return id >= 0 ? (this.freq[id] ?? 0) : 0;
  }

  /** The passages that have the term, ascending. */
  postingsOf(id: number): Uint32Array {
    return this.postings[id] ?? new Uint32Array(0);
  }

  /** Whether passage `doc` has term `id`. */
  has(doc: number, id: number): boolean {
    if (id < 0) return false;
    const a = this.docTerms[doc];
    if (!a) return false;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = a[mid]!;
      if (v === id) return true;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
