import { fold } from './normalize.ts';
import { escapeRegExp } from './patterns.ts';

/**
 * Names typed with a letter wrong, missing or doubled ("megafone", "aliexpres", "tmal") or run together ("mailru"):
 * members type names from memory, and a name the index does not know is a name the question loses. A word that is
 * not known otherwise (the texts' words, Vietnamese syllables, the names' own words: "Russian" of Russian Direct
 * Investment Fund is no misspelled "Russia") and is one edit from exactly one one-word name (two for a long word),
 * starting with its first two letters ("tmal" is Tmall, "tall" is not), is read as that name; a word that is a name
 * written without its spaces and dots is read as the name.
 */
export class NameTypos {
  /** Each name without spaces, dots and diacritics, in lower case → the name. */
  private readonly whole = new Map<string, string>();
  /** The one-word names (5 letters or more), folded → as written. */
  private readonly words = new Map<string, string>();
  /** Every word of every name, folded. */
  private readonly nameWords = new Set<string>();
  /** A name written with a dot ("mail.ru") and an "s" after it: its possessive typed without the apostrophe. */
  private readonly dottedPossessive: RegExp | undefined;

  /**
   * `english`: the names are English words and phrases (the glossary's "internet", "chief executive"), not names:
   * every word of 5 letters or more of a phrase may be misspelled, and a word typed with an "s" after one is its
   * plural, no possessive.
   */
  constructor(
    names: Iterable<string>,
    private readonly english = false,
  ) {
    const dotted: string[] = [];
    for (const name of names) {
      if (!/^[\p{Script=Latin}\p{M}\d .'&-]+$/u.test(name)) continue;
      if (!english && /\p{L}\.\p{L}+$/u.test(name)) dotted.push(escapeRegExp(name.toLowerCase()));
      const lower = name.toLowerCase().normalize('NFC');
      const squashed = fold(lower).replace(/[^a-z\d]/gu, '');
      if (squashed.length >= 4) this.whole.set(squashed, lower);
      const words = lower.split(/[\s.'&-]+/u).filter(Boolean);
      for (const word of words) this.nameWords.add(fold(word));
      // A name's own words too ("dobordeev" is Boris Dobrodeev's), when long enough to be told from others.
      for (const word of words)
        if (word.length >= (english || words.length === 1 ? 5 : 6)) this.words.set(fold(word), word);
    }
    this.dottedPossessive =
      dotted.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}.])(${dotted.join('|')})s(?![\\p{L}\\p{N}])`, 'giu') : undefined;
  }

  /**
   * `text` with each word it does not `know` that stands for a name written as the name. `real`: asked only of a word
   * about to be read as a name — whether it is a word of its own all the same ("supposed" is no misspelled
   * "supported"), for checks too slow to ask of every word.
   */
  correct(text: string, know: (word: string) => boolean, real?: (word: string) => boolean): string {
    // "whats mail.rus payment thing": the dotted name's possessive ("mail.ru's").
    const possessives = this.dottedPossessive ? text.replace(this.dottedPossessive, "$1's") : text;
    return possessives.replace(/[\p{Script=Latin}\p{M}\d]+/gu, (typed) => {
      const lower = typed.toLowerCase();
      const folded = fold(lower);
      if (typed.length < 4 || /\d/u.test(typed) || this.nameWords.has(folded) || know(lower)) return typed;
      if (this.english && typed.length < 5) return typed;
      // "dobrodeevs job", "megafons cut": a name's possessive typed without its apostrophe.
      if (!this.english && typed.length >= 5 && folded.endsWith('s') && this.nameWords.has(folded.slice(0, -1)))
        return `${typed.slice(0, -1)}'s`;
      const name = this.whole.get(folded);
      if (name !== undefined) return name;
      const most = folded.length >= 8 ? 2 : 1;
      // The nearest ("repalces" is "replaces", one edit, before "replace", two); two as near are no reading.
      let found: string | undefined;
      let nearest = most + 1;
      let tied = false;
      for (const [word, written] of this.words) {
        if (!word.startsWith(folded.slice(0, 2)) || word === folded || Math.abs(word.length - folded.length) > most)
          continue;
        const edits = editDistance(word, folded, most);
        if (edits > most || edits > nearest) continue;
        if (edits < nearest) [found, nearest, tied] = [written, edits, false];
        else if (found !== written) tied = true;
      }
      return found === undefined || tied || real?.(lower) ? typed : found;
    });
  }
}

/**
 * The edits (a letter put in, left out, changed, or two neighbours swapped) from `a` to `b`, or `most + 1` once it is
 * more than `most`.
 */
export function editDistance(a: string, b: string, most: number): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  let next = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    next[0] = i;
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      next[j] = d;
      least = Math.min(least, d);
    }
    if (least > most) return most + 1;
    [before, row, next] = [row, next, before];
  }
  return Math.min(row[b.length]!, most + 1);
}
