import { uiLangFor } from '../text/locale.ts';
import { hasHan, looksVietnamese } from '../text/normalize.ts';
import type { Lang } from '../types.ts';

/**
 * Which articles answer: the explicit `lang` option, else the script of the question (Han → zh,
 * Vietnamese letters → vi), else the user's Discord locale (`vi` → vi, `zh-CN`/`zh-TW` → zh), else
 * DEFAULT_LANG.
 */
export function answerLang(
  explicit: unknown,
  text: string | undefined,
  locale: string | undefined,
  fallback: Lang,
): Lang {
  if (explicit === 'vi' || explicit === 'zh') return explicit;
  if (text) {
    if (hasHan(text)) return 'zh';
    if (looksVietnamese(text)) return 'vi';
  }
  const ui = uiLangFor(locale);
  if (ui === 'vi') return 'vi';
  if (ui === 'zh-CN' || ui === 'zh-TW') return 'zh';
  return fallback;
}

export function otherLang(lang: Lang): Lang {
  return lang === 'vi' ? 'zh' : 'vi';
}
