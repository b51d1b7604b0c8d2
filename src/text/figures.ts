import { allMatches } from './matches.ts';

/**
 * Sums of money and counts written with a scale word, in any of our languages, as one key for their value: "2 tỷ
 * USD", "20 亿美元", "$2 billion" and "2bn" are all `n:2000000000`; "70 triệu" and "7000 万" are `n:70000000`. A
 * question that gives a figure in one language then meets the passage that gives it in the other, as names do.
 * Figures without a scale word (years, days, 48%) are left to their words: they read the same in every language.
 */

/** A scale word's value, by its lower-case spelling (with and without diacritics). */
const SCALES: Record<string, number> = {
  tỷ: 1e9,
  tỉ: 1e9,
  ty: 1e9,
  ti: 1e9,
  billion: 1e9,
  billions: 1e9,
  bn: 1e9,
  b: 1e9,
  亿: 1e8,
  億: 1e8,
  triệu: 1e6,
  trieu: 1e6,
  tr: 1e6,
  million: 1e6,
  millions: 1e6,
  mil: 1e6,
  mn: 1e6,
  m: 1e6,
  万: 1e4,
  萬: 1e4,
  nghìn: 1e3,
  nghin: 1e3,
  ngàn: 1e3,
  ngan: 1e3,
  thousand: 1e3,
  k: 1e3,
  千: 1e3,
};

/**
 * A number, then (maybe after a space) a scale word: Latin ones end where the word does ("2bn", "70 triệu", not the
 * "b" of "2 bên"), Chinese ones are single characters ("20 亿美元"). Not a number glued to Latin letters before it ("mp3"); a
 * Chinese character before it is no word of its own ("这20亿", "值20亿").
 */
const FIGURE =
  /(?<![\p{Script=Latin}\p{M}\d.,])(\d+(?:[.,]\d+)*)\s?(?:(tỷ|tỉ|ty|ti|billions?|bn|b|triệu|trieu|tr|millions?|mil|mn|m|nghìn|nghin|ngàn|ngan|thousand|k)(?![\p{L}\p{M}\d])|(亿|万|千|億|萬))/gu;

/** A number as written: "1.000" and "1,000" are a thousand; "7,4" and "7.4" are seven point four. */
function numberOf(written: string): number {
  if (/^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$/u.test(written)) return Number(written.replace(/[.,]/gu, ''));
  return Number(written.replace(',', '.'));
}

/** How a figure's key starts. */
export const FIGURE_KEY = 'n:';

/** The key of a figure's value: `n:` and the value rounded to 6 significant digits (7.4 亿 is 740 triệu). */
export function figureKey(value: number): string {
  return `${FIGURE_KEY}${Number(value.toPrecision(6))}`;
}

/** Where a figure's value key was found: UTF-16 offsets, as a lexicon's mentions (src/text/lexicon.ts) give them. */
export interface FigureMention {
  key: string;
  start: number;
  end: number;
}

/**
 * Whether `form` may hold a figure (`figureMentions` finds none in a text that holds none of these): a digit, a
 * Chinese numeral before 亿 or 万, a scale word that numbers in words go with. Cheap, asked of every passage.
 */
export function mayHoldFigure(form: string): boolean {
  return DIGIT.test(form) || HAN_FIGURE_HINT.test(form) || WORD_FIGURE_HINT.test(form);
}
const DIGIT = /\d/;

/** The figures with a scale word in `form` (lower case, as `alignedForm` gives), as mentions of their value's key. */
export function figureMentions(form: string): FigureMention[] {
  const found: FigureMention[] = [];
  for (const m of allMatches(FIGURE, form)) {
    const value = numberOf(m[1]!) * SCALES[m[2] ?? m[3]!]!;
    if (Number.isFinite(value) && value > 0)
      found.push({ key: figureKey(value), start: m.index, end: m.index + m[0].length });
  }
  if (WORD_FIGURE_HINT.test(form))
    for (const m of allMatches(WORD_FIGURE, form)) {
      const value = wordNumber(m[1]!) * SCALES[m[2]!]!;
      if (value > 0) found.push({ key: figureKey(value), start: m.index, end: m.index + m[0].length });
    }
  if (HAN_FIGURE_HINT.test(form))
    for (const m of allMatches(HAN_FIGURE, form)) {
      const value = hanNumber(m[1]!) * SCALES[m[2]!]!;
      if (value > 0) found.push({ key: figureKey(value), start: m.index, end: m.index + m[0].length });
    }
  return found.length > 1 ? found.sort((x, y) => x.start - y.start) : found;
}

/**
 * A figure in words, as members type them: "hai tỷ đô", "năm trăm triệu", "two billion", "seventy million", "five
 * hundred million". The number's words, then a scale word (so "năm", a year, alone is no five).
 */
const NUMBER_WORDS: Record<string, number> = {
  một: 1,
  mot: 1,
  hai: 2,
  ba: 3,
  bốn: 4,
  bon: 4,
  tư: 4,
  năm: 5,
  nam: 5,
  lăm: 5,
  sáu: 6,
  sau: 6,
  bảy: 7,
  bay: 7,
  tám: 8,
  tam: 8,
  chín: 9,
  chin: 9,
  mười: 10,
  muoi: 10,
  mươi: 10,
  one: 1,
  a: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const HUNDREDS: Record<string, number> = { trăm: 100, tram: 100, hundred: 100 };
const NUMBER_WORD = `(?:${[...Object.keys(NUMBER_WORDS), ...Object.keys(HUNDREDS)].join('|')})`;
/** The scale words a number in words goes with (not the short ones of digits: "2bn", "5m", "10k"). */
const WORD_SCALE = '(tỷ|tỉ|ty|ti|billions?|triệu|trieu|millions?|nghìn|nghin|ngàn|ngan|thousand)(?![\\p{L}\\p{M}])';
const WORD_FIGURE = new RegExp(`(?<![\\p{L}\\p{M}])(${NUMBER_WORD}(?:[\\s-]+${NUMBER_WORD})*)\\s+${WORD_SCALE}`, 'gu');
/** Whether a text may hold one (checked first). */
const WORD_FIGURE_HINT = new RegExp(`(?<![\\p{L}\\p{M}])${WORD_SCALE}`, 'u');
/**
 * The value of a number in words ("năm trăm" 500, "bảy mươi" 70, "two" 2, "five hundred" 500, "a" 1); 0 when the
 * words make none (two numbers side by side: "hai ba").
 */
function wordNumber(written: string): number {
  // Hundreds made so far, and the part below a hundred being read ("năm trăm hai mươi lăm": 500, then 2, 20, 25).
  let hundreds = 0;
  let below = 0;
  let last = Infinity;
  for (const word of written.split(/[\s-]+/u)) {
    const hundred = HUNDREDS[word];
    if (hundred !== undefined) {
      if (hundreds > 0) return 0;
      hundreds = (below || 1) * hundred;
      below = 0;
      last = hundred;
    } else if (word === 'mươi') {
      // "mươi" after a digit makes it tens ("bảy mươi").
      if (below === 0 || below >= 10) return 0;
      below *= 10;
      last = 10;
    } else {
      const n = NUMBER_WORDS[word]!;
      if (n >= last || (n >= 10 && below > 0)) return 0;
      below += n;
      last = n >= 10 ? n : 1;
    }
  }
  return hundreds + below;
}

/**
 * A figure in Chinese numerals, as members type them: 二十亿 (2 billion), 七千万 (70 million), 一个亿 (100 million).
 * Not 千万 alone ("by all means") nor 一万 inside a word: a numeral, then 亿 or 万.
 */
const HAN_FIGURE =
  /(?<![一二两三四五六七八九十百千零〇])([一二两三四五六七八九十][一二两三四五六七八九十百千零〇]*)[个個]?(亿|万|億|萬)/gu;
/** Whether a text may hold one (checked first: most have no Chinese numeral before 亿 or 万). */
const HAN_FIGURE_HINT = /[一二两三四五六七八九十百千零〇][个個]?[亿万億萬]/u;
const HAN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const HAN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
/** A number below ten thousand in Chinese numerals (二十 is 20, 七千 7,000, 十五 15); 0 when it is none. */
function hanNumber(written: string): number {
  let total = 0;
  let digit = -1;
  for (const ch of written) {
    const d = HAN_DIGITS[ch];
    if (d !== undefined) {
      if (digit >= 0) return 0;
      digit = d;
      continue;
    }
    const unit = HAN_UNITS[ch]!;
    total += (digit < 0 ? 1 : digit) * unit;
    digit = -1;
  }
  return total + (digit < 0 ? 0 : digit);
}
