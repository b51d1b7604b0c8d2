import type { TermDictionary } from './dictionary.ts';

/**
 * Which passages have which terms: term ids, document frequencies, "does passage n have term t" and each term's
 * passages (for the common-term path). It holds nothing of its own: it reads the dictionary and postings MiniSearch
 * scores from (dictionary.ts, postings.ts), so a passage added to or removed from MiniSearch is added to or removed
 * from here too.
 */
export class TermIndex {
  /** How many passages the index has (removed ones not counted). */
  docCount: number;

  constructor(
    private readonly dict: TermDictionary,
    docCount: number,
  ) {
    this.docCount = docCount;
  }

  /** The term's id, or -1 when no passage has it. */
  id(term: string): number {
    const id = this.dict.idOf(term);
    return id >= 0 && this.df(id) > 0 ? id : -1;
  }

  /** How many passages have the term. */
  df(id: number): number {
    return id >= 0 && id < this.dict.ids ? (this.dict.entry(id).list?.size ?? 0) : 0;
  }

  /** The passages that have the term, ascending. */
  postingsOf(id: number): Uint32Array {
    return (id >= 0 && id < this.dict.ids ? this.dict.entry(id).list?.docs() : undefined) ?? NONE;
  }

  /** Whether passage `doc` has term `id`. */
  has(doc: number, id: number): boolean {
    return id >= 0 && id < this.dict.ids && (this.dict.entry(id).list?.has(doc) ?? false);
  }
}

const NONE = new Uint32Array(0);
