import { fold } from './normalize.ts';

/** What is between the words: anything but Latin letters and marks (the words are its complement's runs). */
const NOT_A_WORD = /[^\p{Script=Latin}\p{M}]+/u;

/**
 * How the Latin words of some texts are spelled, by their form without diacritics: `do` is spelled `do`, `đó` and
 * `Độ` in the Vietnamese article, `nga` only `Nga`. A member who types `do` may mean any of them, so `do` is no
 * evidence for one particular word (`đô`, the chat word for USD); `nga` is evidence for `Nga`.
 *
 * Only the first `budget` characters are read: the spellings of a language's common words all show up early, and a
 * very large corpus must not pay for a full pass.
 */
export class Spellings {
  private readonly byFolded = new Map<string, Set<string>>();

  constructor(texts: Iterable<string>, budget = 2_000_000) {
    let read = 0;
    // Words recur: each is normalised and folded once, not at every occurrence, and no match object is made per word
    // (at 100,000 passages this reading took half as long again, on a start's first question).
    const seen = new Set<string>();
    for (const text of texts) {
      if (read >= budget) break;
      const part = text.length > budget - read ? text.slice(0, budget - read) : text;
      read += part.length;
      for (const typed of part.toLowerCase().split(NOT_A_WORD)) {
        if (typed === '' || seen.has(typed)) continue;
        seen.add(typed);
        const word = typed.normalize('NFC');
        const folded = fold(word);
        let spellings = this.byFolded.get(folded);
        if (!spellings) this.byFolded.set(folded, (spellings = new Set()));
        spellings.add(word);
      }
    }
  }

  /** Whether the texts have a word that is `folded` without its diacritics. */
  has(folded: string): boolean {
    return this.byFolded.has(folded);
  }

  /** Whether `folded` (a word typed without diacritics) is also spelled otherwise than `form` in the texts. */
  ambiguous(folded: string, form: string): boolean {
    const spellings = this.byFolded.get(folded);
    if (!spellings) return false;
    for (const s of spellings) if (s !== form) return true;
    return false;
  }
}
