/**
 * Where sentences end, in Vietnamese, Chinese and English: one rule for splitting articles into passages and for
 * cutting quotes short in replies.
 *
 * - `。！？．｡` end a sentence wherever they stand, as Chinese is written without spaces.
 * - `. ! ? …` end one only before white space (or the end of the text) and before something that can start a
 *   sentence: `12.000`, `7.4`, `Mail.ru` and "…Mail.ru. đó" go on.
 * - A full stop after an abbreviation (`TP.`, `Mr.`, `v.v...`) or a capital initial (`A. Smith`) does not end a
 *   sentence. Lower-case one-letter words do: Vietnamese has them ("đồng ý.").
 * - Closing quotes and brackets belong to the sentence they close.
 */

/** Marks that end a sentence even with no space after them. */
const CJK_END = new Set(['。', '！', '？', '．', '｡']);
/** Marks that end a sentence when white space follows. */
const WESTERN_END = new Set(['.', '!', '?', '…']);
/** Closing quotes and brackets that stay with the sentence they follow. */
export const CLOSERS = new Set([
  '"',
  "'",
  '”',
  '’',
  '»',
  '›',
  ')',
  ']',
  '}',
  '」',
  '』',
  '）',
  '］',
  '】',
  '〕',
  '〉',
  '》',
  '〗',
]);
/** Words written with a full stop that does not end a sentence (lower case, without the final dot). */
const ABBREVIATIONS = new Set([
  'v.v',
  'vv',
  'tp',
  'ts',
  'ths',
  'pgs',
  'gs',
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'jr',
  'sr',
  'co',
  'inc',
  'ltd',
  'corp',
  'vs',
  'e.g',
  'i.e',
  'u.s',
  'etc',
  'no',
]);
/** What may start a sentence: a capital, a digit, an opening quote or bracket, a Han character. */
const STARTS_SENTENCE = /[\p{Lu}\p{N}"“'‘(（「『\p{Script=Han}]/u;

function isEndMark(c: string | undefined): boolean {
  return c !== undefined && (CJK_END.has(c) || WESTERN_END.has(c));
}

/**
 * The end marks (each one UTF-16 unit) by unit, for the walk over a text's units: CJK (2) or Western (1), else 0. Read
 * as a number per unit, the walk makes no string for each character (a Chinese or Vietnamese one is a new string).
 */
const END_UNITS = new Uint8Array(0x10000);
for (const c of WESTERN_END) END_UNITS[c.charCodeAt(0)] = 1;
for (const c of CJK_END) END_UNITS[c.charCodeAt(0)] = 2;
const CJK = 2;
/** The Chinese quotation marks that open (and close) a sentence of their own, as units. */
const [OPEN_DOUBLE, OPEN_CORNER, OPEN_WHITE] = Array.from('“「『', (c) => c.charCodeAt(0));
const [CLOSE_DOUBLE, CLOSE_CORNER, CLOSE_WHITE] = Array.from('”」』', (c) => c.charCodeAt(0));

/** Whether the word that ends right before `dot` is an abbreviation or a capital initial rather than a last word. */
function isAbbreviation(text: string, dot: number): boolean {
  const word = /[\p{L}\p{N}.]+$/u.exec(text.slice(Math.max(0, dot - 12), dot))?.[0].replace(/^\.+|\.+$/g, '') ?? '';
  return /^\p{Lu}$/u.test(word) || ABBREVIATIONS.has(word.toLowerCase());
}

/**
 * Where the sentence ends whose closing marks start at `start` (a run of end marks, then closing quotes): the offset
 * after them, or -1 when they do not end a sentence there.
 */
export function sentenceEndFrom(text: string, start: number): number {
  let marks = start;
  while (isEndMark(text[marks])) marks++;
  if (marks === start) return -1;
  let end = marks;
  while (end < text.length && CLOSERS.has(text[end]!)) end++;
  const run = text.slice(start, marks);
  if ([...run].some((c) => CJK_END.has(c))) return end;
  if (end < text.length && !/\s/u.test(text[end]!)) return -1;
  if (run.startsWith('.') && isAbbreviation(text, start)) return -1;
  const next = text.slice(end).trimStart()[0];
  if (next !== undefined && !STARTS_SENTENCE.test(next)) return -1;
  return end;
}

/** Whether a sentence ends right before offset `at` (white space after it aside). */
export function endsSentenceBefore(text: string, at: number): boolean {
  let close = at;
  while (close > 0 && CLOSERS.has(text[close - 1]!)) close--;
  let start = close;
  while (start > 0 && isEndMark(text[start - 1])) start--;
  return start < close && sentenceEndFrom(text, start) === at;
}

/**
 * [start, end) of each sentence in `text`, covering it without gaps: the white space after a sentence stays with
 * it. A Chinese quotation (“…” 「…」) is one sentence with its attribution, whatever ends inside it.
 */
export function sentenceBounds(text: string): Array<[number, number]> {
  const bounds: Array<[number, number]> = [];
  let start = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_DOUBLE || c === OPEN_CORNER || c === OPEN_WHITE) quote++;
    else if ((c === CLOSE_DOUBLE || c === CLOSE_CORNER || c === CLOSE_WHITE) && quote > 0) quote--;
    const mark = END_UNITS[c]!;
    if (mark === 0 || (quote > 0 && mark === CJK)) continue;
    let end = sentenceEndFrom(text, i);
    if (end < 0) {
      while (i + 1 < text.length && END_UNITS[text.charCodeAt(i + 1)]! > 0) i++;
      continue;
    }
    while (end < text.length && /\s/u.test(text[end]!)) end++;
    bounds.push([start, end]);
    start = end;
    quote = 0;
    i = end - 1;
  }
  if (start < text.length) bounds.push([start, text.length]);
  return bounds;
}
