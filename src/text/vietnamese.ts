import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fold } from './normalize.ts';

/**
 * Vietnamese words. Vietnamese is written a syllable at a time, with spaces between syllables, so `quốc gia`
 * (country) is one word of two syllables, and its `gia` is not the `gia` of `tham gia` (take part). The word list
 * is the Viet74K dictionary shipped by the @vntk/dictionary package (74,000 entries, MIT): its lower-case entries of
 * two to four syllables are the compounds; every syllable of every entry is a Vietnamese syllable.
 *
 * Read once, on first use (about 1 MB of text); the forms without diacritics, which only questions typed without
 * them need, are worked out the first time one is asked for.
 */

/** Compounds longer than this many syllables are rare in questions and articles alike. */
export const MAX_COMPOUND_SYLLABLES = 4;

export interface VietnameseWords {
  /** Lower-case compounds as written (`quốc gia`). */
  readonly compounds: ReadonlySet<string>;
  /** The same without diacritics (`quoc gia`), for text typed without them. */
  readonly foldedCompounds: ReadonlySet<string>;
  /** Every syllable without diacritics (`quoc`, `gia`, `nguoi`), to tell Vietnamese typed without them. */
  readonly syllables: ReadonlySet<string>;
}

/** An entry of letters only, its syllables separated by single spaces. */
const ENTRY = /^\p{L}+(?: \p{L}+)*$/u;

class Dictionary implements VietnameseWords {
  readonly compounds = new Set<string>();
  private readonly syllablesAsWritten = new Set<string>();
  private folded: Set<string> | undefined;
  private plain: Set<string> | undefined;

  constructor(text: string) {
    for (const raw of text.split('\n')) {
      const entry = raw.trim();
      if (!entry || !ENTRY.test(entry)) continue;
      const lower = entry.toLowerCase();
      const parts = lower.split(' ');
      for (const p of parts) this.syllablesAsWritten.add(p);
      // Capitalised entries are place and person names (`A Lưới`): not words a question or article shares by chance.
      if (parts.length < 2 || parts.length > MAX_COMPOUND_SYLLABLES || /^\p{Lu}/u.test(entry)) continue;
      this.compounds.add(lower);
    }
  }

  get foldedCompounds(): ReadonlySet<string> {
    // One pass over all the compounds at once, not one fold each.
    this.folded ??= new Set(fold([...this.compounds].join('\n')).split('\n'));
    return this.folded;
  }

  get syllables(): ReadonlySet<string> {
    this.plain ??= new Set([...this.syllablesAsWritten].map(fold));
    return this.plain;
  }
}

let words: Dictionary | undefined;

/** The dictionary's words (read on first call, then kept). */
export function vietnameseWords(): VietnameseWords {
  words ??= new Dictionary(
    readFileSync(createRequire(import.meta.url).resolve('@vntk/dictionary/data/Viet74K.txt'), 'utf8').normalize('NFC'),
  );
  return words;
}
