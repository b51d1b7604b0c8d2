import { fold } from '../text/normalize.ts';
import { MAX_COMPOUND_SYLLABLES, vietnameseWords } from '../text/vietnamese.ts';

/**
 * Vietnamese word segmentation: which runs of syllables are one word (`quốc gia`, `chủ tịch`, `người dùng`).
 *
 * Dictionary-based: a run of two to four syllables is a word when the Vietnamese dictionary (src/text/vietnamese.ts)
 * or the corpus's own names and vocabulary (entities, glossary, chat words) list it. Among the ways to cut a phrase
 * into words, the one whose words are best attested wins: each syllable joined into a word counts 1 when the
 * dictionary lists the word, 3 when the corpus's vocabulary does, and 2 more when the articles use it (for
 * questions); so `quy dau tu nga` is `quy` + `dau tu` + `nga` (đầu tư, invest), not `quy dau` + `tu nga`. Ties go
 * to fewer words, then to the cut whose last word is longest (backward maximum matching, the better of the two
 * greedy directions for Vietnamese: `được lợi thế` is `được` + `lợi thế`, not `được lợi` + `thế`).
 *
 * Syllables typed without diacritics (`chu tich`) match the words without theirs, so a question typed on a phone
 * finds the same words; with diacritics they must match as written (`viên` is not `viễn`).
 */
export class Segmenter {
  private readonly own = new Set<string>();
  private readonly ownFolded = new Set<string>();

  /** `forms`: the corpus's multi-word names and terms (any case), which count as words and are preferred. */
  constructor(forms: Iterable<string> = []) {
    for (const form of forms) {
      const words = form.normalize('NFC').toLowerCase().split(/\s+/).filter(Boolean);
      if (words.length < 2 || words.length > MAX_COMPOUND_SYLLABLES) continue;
      if (!words.every((w) => /^[\p{L}\p{M}]+$/u.test(w))) continue;
      this.own.add(words.join(' '));
      this.ownFolded.add(fold(words.join(' ')));
    }
  }

  /**
   * How a run of syllables (lower case, NFC, in order, nothing between them but spaces) splits into words: the
   * length in syllables of each word, in order. `known` says which joined words (`quốc_gia`) the corpus uses; it
   * breaks ties in favour of words the question shares with the articles.
   */
  split(syllables: readonly string[], known?: (term: string) => boolean): number[] {
    const n = syllables.length;
    if (n < 2) return n ? [1] : [];
    const dict = vietnameseWords();
    // A run typed with its diacritics (a third of its syllables or more have them) means its plain syllables as
    // written: "nước Nga ra" is Russia and "ra", not "ngã ra" (fall over) typed without them.
    const plain = syllables.map((s) => s === fold(s));
    const marked = plain.filter((p) => !p).length * 3 >= n;
    // best[j]: the best cut of the first j syllables: its attestation score, word count, length of its last word.
    const score = new Array<number>(n + 1).fill(-Infinity);
    const words = new Array<number>(n + 1).fill(0);
    const last = new Array<number>(n + 1).fill(0);
    score[0] = 0;
    for (let j = 1; j <= n; j++) {
      for (let len = 1; len <= Math.min(MAX_COMPOUND_SYLLABLES, j); len++) {
        const i = j - len;
        if (score[i] === -Infinity) continue;
        let gain = 0;
        if (len > 1) {
          const parts = syllables.slice(i, j);
          const joined = parts.join(' ');
          const typedPlain = !marked && plain.slice(i, j).every(Boolean);
          const folded = typedPlain ? fold(joined) : '';
          const ours = this.own.has(joined) || (typedPlain && this.ownFolded.has(folded));
          const listed = ours || dict.compounds.has(joined) || (typedPlain && dict.foldedCompounds.has(folded));
          if (!listed) continue;
          gain = (len - 1) * ((ours ? 3 : 1) + (known?.(parts.join('_')) ? 2 : 0));
        }
        const s = score[i]! + gain;
        const w = words[i]! + 1;
        if (s > score[j]! || (s === score[j] && (w < words[j]! || (w === words[j] && len > last[j]!)))) {
          score[j] = s;
          words[j] = w;
          last[j] = len;
        }
      }
    }
    const out: number[] = [];
    for (let j = n; j > 0; j -= last[j]!) out.push(last[j]!);
    return out.reverse();
  }
}
