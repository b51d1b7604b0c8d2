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
