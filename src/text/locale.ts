/**
 * The bot's interface languages and how a Discord client locale maps to one. Used by the answer policy (a
 * member's locale says which articles they read) and by the reply words.
 */

/** The interface languages. Discord sends `zh-CN` and `zh-TW` separately and does not fall back between them. */
export type UiLang = 'vi' | 'zh-CN' | 'zh-TW' | 'en';
export const UI_LANGS: readonly UiLang[] = ['vi', 'zh-CN', 'zh-TW', 'en'];

/** The interface language for a Discord locale (`interaction.locale`); English for any other or none. */
export function uiLangFor(discordLocale?: string): UiLang {
  switch (discordLocale?.toLowerCase()) {
    case 'vi':
      return 'vi';
    case 'zh-cn':
      return 'zh-CN';
    case 'zh-tw':
      return 'zh-TW';
    default:
      return 'en';
  }
}

/**
 * Locales as people type them on a command line, mapped to the Discord locale the bot answers for: Vietnamese
 * (`vi`, `vn`, `vi-VN`), Simplified Chinese (`zh`, `zh-CN`, `zh-Hans`, `zh-SG`, `cn`), Traditional Chinese
 * (`zh-TW`, `zh-Hant`, `zh-HK`, `zh-MO`), English (`en`, `en-US`, `en-GB`). Case and `_` for `-` do not matter.
 */
const TYPED_LOCALES: Readonly<Record<string, string>> = {
  vi: 'vi',
  vn: 'vi',
  'vi-vn': 'vi',
  zh: 'zh-CN',
  cn: 'zh-CN',
  'zh-cn': 'zh-CN',
  'zh-hans': 'zh-CN',
  'zh-hans-cn': 'zh-CN',
  'zh-sg': 'zh-CN',
  'zh-tw': 'zh-TW',
  'zh-hant': 'zh-TW',
  'zh-hant-tw': 'zh-TW',
  'zh-hk': 'zh-TW',
  'zh-hant-hk': 'zh-TW',
  'zh-mo': 'zh-TW',
  en: 'en-US',
  'en-us': 'en-US',
  'en-gb': 'en-GB',
};

/** The locales `typedLocale` accepts, for a usage message. */
export const TYPED_LOCALE_NAMES = [
  'vi',
  'vn',
  'vi-VN',
  'zh',
  'zh-CN',
  'zh-Hans',
  'zh-SG',
  'zh-TW',
  'zh-Hant',
  'zh-HK',
  'zh-MO',
  'en',
  'en-US',
  'en-GB',
];

/** The Discord locale for what someone typed, or undefined when it is none of the accepted ones. */
export function typedLocale(typed: string): string | undefined {
  return TYPED_LOCALES[typed.trim().toLowerCase().replace(/_/g, '-')];
}
