import type { SearchEngine } from '../search/engine.ts';
import { uiLangFor } from '../text/locale.ts';
import { articleNamed, detectLanguage } from '../text/language.ts';
import type { Lang, SearchHit } from '../types.ts';

/**
 * One answer policy for /ask, /who and /stake. Both languages' articles are searched. The answer comes from the
 * asked language's articles when they hold evidence for the question; when they do not, or when the question is
 * in a language that has no articles (English), it comes from the other language's, labelled as such. /ask then
 * lists the rest of both languages by score (`mix`), each quote labelled with its language.
 *
 * The asked language is the `lang` option, else the language the question is written in (Chinese characters,
 * Vietnamese with or without its diacritics), else the member's Discord locale. An English question asked from an
 * English client has none: the best passages of either language answer it.
 */

export interface Asking {
  /** The `lang` option, when the member picked the articles' language. */
  explicit?: Lang | undefined;
  /** The member's Discord client language. */
  locale?: string | undefined;
}

/** The asked language, or undefined when the question and the member's client name none (English). */
export function askedLanguage(text: string, o: Asking): Lang | undefined {
  if (o.explicit) return o.explicit;
  const named = articleNamed(text);
  if (named) return named.lang;
  const written = detectLanguage(text);
  if (written === 'vi' || written === 'zh') return written;
  const ui = uiLangFor(o.locale);
  if (written === 'en' && ui === 'en') return undefined;
  if (ui === 'vi') return 'vi';
  if (ui === 'zh-CN' || ui === 'zh-TW') return 'zh';
  return undefined;
}

export function otherLang(lang: Lang): Lang {
  return lang === 'vi' ? 'zh' : 'vi';
}

/** What a policy found, and where from. */
export interface Found<T> {
  items: T[];
  /** The articles' language the items come from (for English questions, the first item's). */
  lang: Lang;
  /** True when the items come from the other language's articles (see `closer` for why). */
  fallback: boolean;
  /**
   * True when the asked language's articles do have passages, but the other language's best one answers the
   * question clearly more closely (its score passes theirs by `CLOSER_MARGIN`).
   */
  closer?: true;
  asked: Lang | undefined;
}

/**
 * How far the other language's best passage must score above the asked language's best to answer instead
 * (scores: coverage of the question, about 0–2.5, plus a tier of 10 for holding what is asked). A vi question
 * matches zh passages only through names and the glossary, so a zh passage that still scores higher says more.
 */
export const CLOSER_MARGIN = 0.2;

/**
 * The policy itself, for any kind of item: `find(lang)` lists what one language's articles hold (best first, empty
 * when they do not answer). With no asked language, both are listed and merged by `score`.
 */
export function fromAskedOrOther<T>(
  asked: Lang | undefined,
  find: (lang: Lang) => T[],
  merge: {
    score: (item: T) => number;
    lang: (item: T) => Lang;
    fallbackLang: Lang;
    firm?: boolean;
    /**
     * After the asked language's best passage, the rest of both languages' by score: a fact one article states
     * better (or alone) is on the first page too, labelled with its language. Only where scores compare.
     */
    mix?: boolean;
  },
): Found<T> {
  if (asked) {
    const own = find(asked);
    const other = find(otherLang(asked));
    const [ownBest, otherBest] = [own[0], other[0]];
    if (ownBest === undefined || merge.firm === true || otherBest === undefined)
      return own.length || !other.length
        ? { items: own, lang: asked, fallback: false, asked }
        : { items: other, lang: otherLang(asked), fallback: true, asked };
    // Both answer: the best of the language that answers (the asked one, unless the other's is clearly closer),
    // then, with `mix`, the rest of both by score.
    const closer = merge.score(otherBest) > merge.score(ownBest) + CLOSER_MARGIN;
    const [first, firstList, secondList] = closer ? [otherBest, other, own] : [ownBest, own, other];
    const items = merge.mix
      ? [first, ...[...firstList.slice(1), ...secondList].sort((x, y) => merge.score(y) - merge.score(x))]
      : firstList;
    return closer
      ? { items, lang: otherLang(asked), fallback: true, closer: true, asked }
      : { items, lang: asked, fallback: false, asked };
  }
  const items = [...find('vi'), ...find('zh')].sort((x, y) => merge.score(y) - merge.score(x));
  return { items, lang: items[0] ? merge.lang(items[0]) : merge.fallbackLang, fallback: false, asked };
}

/** /ask's answer: the index's best passages for the question, by the policy. */
export function askIndex(
  engine: SearchEngine,
  question: string,
  o: Asking & { limit: number; defaultLang: Lang },
): Found<SearchHit> {
  const asked = askedLanguage(question, o);
  const found = fromAskedOrOther(asked, (lang) => engine.search(question, { lang, limit: o.limit }), {
    // A language the member chose (the option, or "in the Chinese article") is kept whenever it answers.
    firm: o.explicit !== undefined || articleNamed(question) !== undefined,
    score: (h) => h.score,
    lang: (h) => h.passage.lang,
    fallbackLang: o.defaultLang,
    mix: true,
  });
  return { ...found, items: correctionsFirst(found.items) };
}

/**
 * A passage a correction supersedes never comes before its correction when both are found (both languages answer
 * together: an English question, or /ask's mixed list): where the articles disagree, the correction wins. It is
 * moved to right after the correction. (In one language's answer the superseded passage is shown with its
 * correction quoted beside it: see paged.ts.)
 */
function correctionsFirst(items: SearchHit[]): SearchHit[] {
  const out = [...items];
  for (const hit of items) {
    const by = hit.passage.notes.find((n) => n.kind === 'corrected')?.by.passage;
    const at = out.indexOf(hit);
    const correction = out.findIndex((h) => h.passage.id === by);
    if (by === undefined || correction < at) continue;
    out.splice(at, 1);
    out.splice(correction, 0, hit);
  }
  return out;
}
