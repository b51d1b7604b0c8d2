/**
 * The Latin-script words of a text, found by walking its characters rather than by a regular expression: the index
 * build reads every word of every passage, and a match object per word (with its copy of the input and groups) cost
 * more than the matching. What it finds is exactly what these expressions find (a test compares them):
 * - `/[\p{L}\p{M}\p{N}]+(?:[.'’-][\p{L}\p{M}\p{N}]+)*%?/gu` with `percent` (the tokenizer's words: `Mail.ru`,
 *   `e-commerce`, `48%`);
 * - the same without the `%?` (the lexicon's words).
 */

/** One word: `text.slice(start, end)`. */
export interface FoundWord {
  text: string;
  start: number;
  end: number;
  /** Letters and marks only (`/^[\p{L}\p{M}]+$/u`): a syllable that may join the next into a word of several. */
  letters: boolean;
}

const LETTER = 1;
const DIGIT = 2;
const OTHER = 3;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const NUMBER = /^\p{N}$/u;

/** What each UTF-16 unit of the Basic Multilingual Plane is (0: not looked at yet). */
const kinds = new Uint8Array(0x10000);
/** The same for code points beyond it. */
const astral = new Map<number, number>();

function kindOf(ch: string): number {
  return LETTER_OR_MARK.test(ch) ? LETTER : NUMBER.test(ch) ? DIGIT : OTHER;
}

/** The kind of the code point at `i`, and how many UTF-16 units it takes (as `kind * 4 + units`). */
function at(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) {
    // ASCII letters and digits, looked up without a table write.
    let k = kinds[c]!;
    if (k === 0) kinds[c] = k = c >= 0xdc00 && c <= 0xdfff ? OTHER : kindOf(String.fromCharCode(c));
    return k * 4 + 1;
  }
  const d = text.charCodeAt(i + 1);
  if (d < 0xdc00 || d > 0xdfff) return OTHER * 4 + 1;
  const cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  let k = astral.get(cp);
  if (k === undefined) astral.set(cp, (k = kindOf(String.fromCodePoint(cp))));
  return k * 4 + 2;
}

// Separators inside a word: . ' ’ -
const isJoiner = (c: number) => c === 0x2e || c === 0x27 || c === 0x2019 || c === 0x2d;

/** The words of `text`, in order (see the file's comment). */
export function latinWords(text: string, percent: boolean): FoundWord[] {
  const out: FoundWord[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let k = at(text, i);
    if (k >> 2 === OTHER) {
      i += k & 3;
      continue;
    }
    const start = i;
    let letters = true;
    // A run of word characters, then (separator, run) as long as a word character follows the separator.
    for (;;) {
      while (i < n && (k = at(text, i)) >> 2 !== OTHER) {
        if (k >> 2 === DIGIT) letters = false;
        i += k & 3;
      }
      if (i + 1 < n && isJoiner(text.charCodeAt(i)) && at(text, i + 1) >> 2 !== OTHER) {
        letters = false;
        i++;
        continue;
      }
      break;
    }
    if (percent && i < n && text.charCodeAt(i) === 0x25) {
      letters = false;
      i++;
    }
    out.push({ text: text.slice(start, i), start, end: i, letters });
  }
  return out;
}
