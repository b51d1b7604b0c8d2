import type { Lang } from '../types.ts';
import { fold, hasHan, looksVietnamese } from './normalize.ts';
import { vietnameseWords } from './vietnamese.ts';

/**
 * Which language a short text (a question) is written in: Chinese when it is mostly Han characters, Vietnamese when
 * it has Vietnamese letters — or, typed without diacritics (`nga co bao nhieu nguoi dung`), when most of its words
 * are Vietnamese syllables and few are English function words — English when the English words win, and undefined
 * when nothing tells (names only).
 */

/** English words that say a sentence is English (function words and question words). */
const ENGLISH = new Set(
  `a an the is are was were be been being do does did what who whom whose which when where why how much many of in on
at to for from by with about as and or but that this these those it its his her their they them he she we you i me my
our your will would can could should has have had not no yes there than then so if into over after before more most
some any each please tell say said know get got also just only very does whats what's who's where's how's isn't
doesn't didn't already still yet ever actually really anyone anything someone something because`.split(/\s+/),
);

export type WrittenLanguage = Lang | 'en';

/**
 * `read`, remembering its last text and answer: answering one question asks the same of its text several times (the
 * answer policy, whether the language was chosen, then the chat words).
 */
function lastRead<T>(read: (text: string) => T): (text: string) => T {
  let last: { text: string; value: T } | undefined;
  return (text) => {
    if (last?.text !== text) last = { text, value: read(text) };
    return last.value;
  };
}

export function detectLanguage(text: string): WrittenLanguage | undefined {
  return detected(text);
}
const detected = lastRead(writtenIn);

function writtenIn(text: string): WrittenLanguage | undefined {
  const han = [...text.matchAll(/\p{Script=Han}/gu)].length;
  const words = [...text.matchAll(/[\p{L}\p{M}]+(?:['’][\p{L}]+)?/gu)].map((m) => m[0]).filter((w) => !hasHan(w));
  if (han > 0 && han >= words.length) return 'zh';
  if (looksVietnamese(text)) return 'vi';
  if (words.length === 0) return han > 0 ? 'zh' : undefined;
  const syllables = vietnameseWords().syllables;
  let vi = 0;
  let en = 0;
  let listed = 0;
  for (const raw of words) {
    const w = raw.toLowerCase();
    if (ENGLISH.has(w)) {
      en++;
      listed++;
    } else if (syllables.has(fold(w))) vi++;
    // A longer word in plain letters that is no Vietnamese syllable ("teaming", "russian", a name) leans English: a
    // short English question in chat words ("which russian co is alibaba teaming up w/") has few listed ones. Not
    // without one listed English word: "alibaba bn %" is Vietnamese.
    else if (w.length >= 4 && /^[a-z]+(?:['’][a-z]+)?$/u.test(w)) en += 0.5;
  }
  if (vi > en && vi >= 2) return 'vi';
  if (en > vi && listed > 0) return 'en';
  return han > 0 ? 'zh' : undefined;
}

/** A question that names the article to answer from: "theo bài tiếng Việt", "越南那篇", "the Chinese article". */
export interface ArticleNamed {
  lang: Lang;
  /** Where the phrase stands in the question ([start, end)): not content to search for. */
  start: number;
  end: number;
}

const ARTICLE_PHRASES: Array<{ pattern: RegExp; lang: (word: string) => Lang }> = [
  {
    // theo bài (báo) tiếng Việt / bản tiếng Trung / bài bên Tàu, with or without diacritics
    pattern:
      /(?<![\p{L}\p{M}])(?:(?:theo|trong|ở|o|bên|ben|từ|tu)\s+)?(?:bài|bai|bản|ban|báo|bao|nguồn|nguon|tin)(?:\s+(?:báo|bao|viết|viet))?(?:\s+(?:bằng|bang|bên|ben))?\s+(?:tiếng\s+|tieng\s+)?(việt|viet|trung|hoa|tàu|tau|tq)(?![\p{L}\p{M}])/giu,
    lang: (w) => (/^vi[eệ]t$/iu.test(w) ? 'vi' : 'zh'),
  },
  {
    pattern:
      /(越南[文语語]?|越文|中文|汉语|華語|华语|漢語)(?:的那篇|那篇|那边|那邊|版本?|文章|的文章|报道|報導|報道|报导|原文|那个|那個)/gu,
    lang: (w) => (w.startsWith('越') ? 'vi' : 'zh'),
  },
  {
    pattern:
      /(?<![\p{L}])(?:(?:according\s+to|in|from|per)\s+)?the\s+(chinese|vietnamese)\s+(?:article|version|piece|story|text|source|one|report)(?![\p{L}])/giu,
    lang: (w) => (w.toLowerCase() === 'vietnamese' ? 'vi' : 'zh'),
  },
];

/** The article language a question names, if it names one. */
export function articleNamed(text: string): ArticleNamed | undefined {
  const found = named(text);
  return found && { ...found };
}
const named = lastRead(namedIn);

function namedIn(text: string): ArticleNamed | undefined {
  for (const { pattern, lang } of ARTICLE_PHRASES) {
    for (const m of text.matchAll(pattern)) return { lang: lang(m[1]!), start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

/**
 * The language an article's body is mostly written in, for checking its declared `lang`: Chinese when most of its
 * letters are Han characters; Vietnamese when most of its Latin words are, by their letters (a Vietnamese text is
 * full of ă â đ ê ô ơ ư and tone marks); English or another Latin-script language otherwise. Undefined for a body
 * with too little text to tell.
 */
export function bodyLanguage(text: string): WrittenLanguage | undefined {
  const han = [...text.matchAll(/\p{Script=Han}/gu)].length;
  const words = [...text.matchAll(/\p{Script=Latin}[\p{Script=Latin}\p{M}]*/gu)].map((m) => m[0]);
  const latinLetters = words.reduce((n, w) => n + w.length, 0);
  if (han + latinLetters < 40) return undefined;
  if (han > latinLetters) return 'zh';
  const vietnamese = words.filter((w) => looksVietnamese(w)).length;
  return vietnamese >= words.length * 0.15 ? 'vi' : 'en';
}
