// Only the Traditional → Simplified tables (a tenth of the package's full build, which also converts the other way).
import { Converter } from 'opencc-js/t2cn';

/**
 * Text normalisation shared by the index, the queries and every name look-up, so that the same word
 * always meets itself: Unicode form, width, case, Traditional vs Simplified Chinese, Vietnamese diacritics.
 */

/** Han ideographs (CJK unified, extension A and compatibility). */
export const HAN = /\p{Script=Han}/u;
/** Runs of Han characters. */
export const HAN_RUN = /\p{Script=Han}+/gu;

/**
 * `text` with each run of Han characters replaced by as many spaces: the Latin words between them, at their offsets
 * (Han characters are letters too, so a Latin word written against them would otherwise run on into them).
 */
export function blankHan(text: string): string {
  return text.replace(HAN_RUN, (run) => ' '.repeat(run.length));
}
/** A letter of each script a name may be written in (see `namesIn` in the search engine). */
export const WRITTEN_IN = { latin: /\p{Script=Latin}/u, han: HAN } as const;

// Taiwan standard Traditional (a superset of OpenCC's generic Traditional) to mainland Simplified.
const toSimplified = Converter({ from: 'tw', to: 'cn' });

const simplified = new Map<string, string>();

/**
 * Simplified characters that OpenCC's Taiwan table would convert again when they stand alone
 * (麼 → 么, then 么 → 幺): found by converting every ideograph twice. Keeping them makes
 * simplify idempotent and leaves 什么 alone.
 */
const KEEP = new Set(Array.from('\u85B4\u9EBC\u9EBD', (c) => toSimplified(c)));

/** One ideograph's Simplified form; cached, since the index converts millions of characters. */
function simplifyChar(ch: string): string {
  let out = simplified.get(ch);
  if (out === undefined) {
    const converted: string = KEEP.has(ch) ? ch : toSimplified(ch);
    out = converted.length === ch.length ? converted : ch;
    simplified.set(ch, out);
  }
  return out;
}

/**
 * Traditional → Simplified, one ideograph for one ideograph, so offsets stay valid. Character by
 * character rather than OpenCC's phrases: both the index and the questions go through it, so the
 * two meet even where a phrase would have chosen another character.
 */
export function simplify(text: string): string {
  if (!HAN.test(text)) return text;
  // Most texts are Simplified already: found so unit by unit from a table, without making a string. The first unit
  // that changes, or one of a surrogate pair (an ideograph outside the BMP), leaves the rest to the slower way.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return simplifyRuns(text);
    let to = simplerUnit[c]!;
    if (to === 0 && c !== 0) simplerUnit[c] = to = HAN.test(text[i]!) ? simplifyChar(text[i]!).charCodeAt(0) : c;
    if (to !== c) return simplifyRuns(text);
  }
  return text;
}

/** Per UTF-16 unit of the BMP, its Simplified unit (itself when none, or not Han); 0 when not looked up yet. */
const simplerUnit = new Uint16Array(0x10000);

function simplifyRuns(text: string): string {
  return text.replace(HAN_RUN, (run) => {
    let out = '';
    for (const ch of run) out += simplifyChar(ch);
    return out;
  });
}

/**
 * Search form of a string: NFKC (full-width letters, digits and `％` become ASCII), lower case,
 * Simplified Chinese. Keeps diacritics: see {@link fold} for the accent-free form.
 * The result has the same length as the input whenever the input is already NFKC, which is the case
 * for our cleaned passages (the loader NFC-normalises them and full-width forms are rare).
 */
export function normalize(text: string): string {
  return simplify(text.normalize('NFKC').toLowerCase());
}

/**
 * Vietnamese (and any Latin) text without diacritics: `Đầu tư` → `Dau tu`. NFD does not decompose
 * `đ`/`Đ` (they are letters of their own, not d plus a mark), so they are mapped by hand.
 * Idempotent: fold(fold(x)) === fold(x).
 */
export function fold(text: string): string {
  if (!/[\u0080-\uffff]/.test(text)) return text; // ASCII only: nothing to fold
  // Words recur: remember the folded form of short strings (bounded: forgotten all at once when full).
  if (text.length > FOLD_CACHE_MAX_LENGTH) return foldUncached(text);
  let folded = foldedWords.get(text);
  if (folded === undefined) {
    if (foldedWords.size >= FOLD_CACHE_SIZE) foldedWords.clear();
    foldedWords.set(text, (folded = foldUncached(text)));
  }
  return folded;
}
/** Strings up to this long (a word, a short name) have their folded form remembered… */
const FOLD_CACHE_MAX_LENGTH = 24;
/** …this many of them (the index build folds every word it reads: 140,000 spellings in 50,000 natural passages). */
const FOLD_CACHE_SIZE = 500_000;
const foldedWords = new Map<string, string>();

function foldUncached(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** True when the string contains Vietnamese-only letters (diacritics beyond plain Latin, or đ). */
export function looksVietnamese(text: string): boolean {
  return (
    /[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300-\u0303\u0309\u0323]/u.test(text.normalize('NFD')) ||
    /[àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/iu.test(text)
  );
}

/** True when the string contains at least one Han ideograph. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}
