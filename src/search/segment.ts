import { fold } from '../text/normalize.ts';
import { MAX_COMPOUND_SYLLABLES, type VietnameseWords, vietnameseWords } from '../text/vietnamese.ts';

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

/**
 * Words of several syllables as a tree keyed by syllable: a run is looked up by walking it from its first syllable,
 * with no string joined per candidate (the index build asks about every run of two to four syllables of every
 * passage). Folding works syllable by syllable (a space joins nothing), so the words without diacritics are the
 * same tree built from each syllable's folded form.
 */
interface Node {
  next: Map<string, Node> | undefined;
  /** A word ends here. */
  word: boolean;
}

const node = (): Node => ({ next: undefined, word: false });

function insert(root: Node, syllables: readonly string[]): void {
  let at = root;
  for (const s of syllables) {
    at.next ??= new Map();
    let child = at.next.get(s);
    if (!child) at.next.set(s, (child = node()));
    at = child;
  }
  at.word = true;
}

/**
 * A tree of words, its subtree under each first syllable made when `split` first walks it: the dictionary's two trees
 * hold some 108,000 compounds, and a start's first question walks a few dozen syllables (making them whole was about a
 * tenth of that question's time at 100,000 passages). The same tree, visited the same way, as one made whole.
 */
class Tree {
  /** First syllable → the rest of each word that starts with it, as written after its first space (null: none). */
  private readonly rest = new Map<string, Array<string | null>>();
  /** First syllable → its node, once made (null: no word starts with it). */
  private readonly made = new Map<string, Node | null>();

  constructor(words: Iterable<string>) {
    for (const w of words) {
      const space = w.indexOf(' ');
      const first = space < 0 ? w : w.slice(0, space);
      const rest = space < 0 ? null : w.slice(space + 1);
      const list = this.rest.get(first);
      if (list) list.push(rest);
      else this.rest.set(first, [rest]);
    }
  }

  /** The node of `syllable` under the root, or undefined when no word starts with it. */
  get(syllable: string): Node | undefined {
    let at = this.made.get(syllable);
    if (at === undefined) {
      const words = this.rest.get(syllable);
      if (words) {
        at = node();
        for (const rest of words) insert(at, rest === null ? [] : rest.split(' '));
      } else at = null;
      this.made.set(syllable, at);
    }
    return at ?? undefined;
  }
}

/** The dictionary's trees, made once per process on first use (the dictionary is read once too). */
const dictTrees = new WeakMap<VietnameseWords, { written: Tree; folded: Tree }>();
function dictTreesOf(dict: VietnameseWords) {
  let t = dictTrees.get(dict);
  if (!t) dictTrees.set(dict, (t = { written: new Tree(dict.compounds), folded: new Tree(dict.foldedCompounds) }));
  return t;
}

/** Whether candidate word i..i+len is listed: not, in the dictionary only, or in the corpus's vocabulary. */
const NOT = 0;
const LISTED = 1;
const OURS = 2;

/** Scratch space of `split`, reused from run to run (the index build splits millions). */
let listedAt = new Uint8Array(256);
let bestScore = new Float64Array(64);
let bestWords = new Int32Array(64);
let bestLast = new Int32Array(64);

export class Segmenter {
  private readonly own = new Set<string>();
  private readonly ownFolded = new Set<string>();
  private trees: { written: Tree; folded: Tree } | undefined;

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

  /** The word trees `split` walks: the dictionary's (one per process) and the corpus's, each made as it is walked. */
  prepare(): { dict: { written: Tree; folded: Tree }; own: { written: Tree; folded: Tree } } {
    const dict = dictTreesOf(vietnameseWords());
    const own = (this.trees ??= { written: new Tree(this.own), folded: new Tree(this.ownFolded) });
    return { dict, own };
  }

  /**
   * How a run of syllables (lower case, NFC, in order, nothing between them but spaces) splits into words: the
   * length in syllables of each word, in order. `known` says which joined words (`quốc_gia`) the corpus uses; it
   * breaks ties in favour of words the question shares with the articles. `folded`, when the caller has them: each
   * syllable's `fold`. `typedPlain`: the run was typed without diacritics (those it has were added by reading chat
   * words), so its plain syllables are read as typed plain however many others have marks. `stopWord`, for a run typed
   * plain: a dictionary word the corpus never uses that has a stop word among its syllables is not a word here ("co
   * tang" is "có tăng", has it risen, not "có tang", in mourning; "so nguoi" is "số người"). Nor, when `known` is
   * given, is a dictionary word the corpus never uses whose syllables it uses each on its own: "người Nga" is "người"
   * and "Nga" (Russia), which the articles write, not one word they never do.
   */
  split(
    syllables: readonly string[],
    known?: (term: string) => boolean,
    folded?: readonly string[],
    typedPlain = false,
    stopWord?: (folded: string) => boolean,
  ): number[] {
    const n = syllables.length;
    if (n < 2) return n ? [1] : [];
    const { dict, own } = this.prepare();
    const bare = folded ?? syllables.map(fold);
    // A run typed with its diacritics (a third of its syllables or more have them) means its plain syllables as
    // written: "nước Nga ra" is Russia and "ra", not "ngã ra" (fall over) typed without them.
    let marks = 0;
    for (let k = 0; k < n; k++) if (syllables[k] !== bare[k]) marks++;
    const marked = !typedPlain && marks * 3 >= n;
    // Which runs of 2..MAX syllables are words, walking the trees from each syllable (a run typed plain is also
    // looked up among the words without diacritics).
    const W = MAX_COMPOUND_SYLLABLES + 1;
    if (listedAt.length < n * W) listedAt = new Uint8Array(n * W * 2);
    const listed = listedAt;
    listed.fill(NOT, 0, n * W);
    for (let i = 0; i + 1 < n; i++) {
      let dw = dict.written.get(syllables[i]!);
      let ow = own.written.get(syllables[i]!);
      let plain = !marked && syllables[i] === bare[i];
      let df = plain ? dict.folded.get(bare[i]!) : undefined;
      let of = plain ? own.folded.get(bare[i]!) : undefined;
      for (let len = 2; len <= MAX_COMPOUND_SYLLABLES && i + len <= n; len++) {
        const s = syllables[i + len - 1]!;
        dw = dw?.next?.get(s);
        ow = ow?.next?.get(s);
        plain &&= s === bare[i + len - 1];
        if (plain) {
          df = df?.next?.get(s);
          of = of?.next?.get(s);
        } else df = of = undefined;
        if (!dw && !ow && !df && !of) break;
        const ours = ow?.word === true || of?.word === true;
        listed[i * W + len] = ours ? OURS : dw?.word === true || df?.word === true ? LISTED : NOT;
      }
    }
    // best[j]: the best cut of the first j syllables: its attestation score, word count, length of its last word.
    if (bestScore.length <= n) {
      bestScore = new Float64Array(2 * n + 2);
      bestWords = new Int32Array(2 * n + 2);
      bestLast = new Int32Array(2 * n + 2);
    }
    const score = bestScore.fill(-Infinity, 0, n + 1);
    const words = bestWords.fill(0, 0, n + 1);
    const last = bestLast.fill(0, 0, n + 1);
    score[0] = 0;
    for (let j = 1; j <= n; j++) {
      for (let len = 1; len <= Math.min(MAX_COMPOUND_SYLLABLES, j); len++) {
        const i = j - len;
        if (score[i] === -Infinity) continue;
        let gain = 0;
        if (len > 1) {
          const how = listed[i * W + len]!;
          if (how === NOT) continue;
          const used = known?.(syllables.slice(i, j).join('_')) === true;
          if (how === LISTED && !used && stopWord && !marked && bare.slice(i, j).some(stopWord)) continue;
          if (how === LISTED && !used && known && syllables.slice(i, j).every((x) => known(x))) continue;
          gain = (len - 1) * ((how === OURS ? 3 : 1) + (used ? 2 : 0));
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
