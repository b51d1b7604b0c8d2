import { ApplicationCommandOptionType, type APIApplicationCommandBasicOption } from 'discord-api-types/v10';

/**
 * Option definitions shared by the commands, with their localisations (`vi`, `zh-CN`, `zh-TW`).
 * Names stay ASCII; descriptions and choice names follow the user's client language.
 */

interface Localized {
  vi: string;
  'zh-CN': string;
  'zh-TW': string;
}

export function described(en: string, l: Localized) {
  return { description: en, description_localizations: l };
}

export const langOption: APIApplicationCommandBasicOption = {
  type: ApplicationCommandOptionType.String,
  name: 'lang',
  ...described('Which articles to answer from', {
    vi: 'Trả lời từ bài viết tiếng nào',
    'zh-CN': '从哪种语言的文章回答',
    'zh-TW': '從哪種語言的文章回答',
  }),
  choices: [
    { name: 'Vietnamese', name_localizations: { vi: 'Tiếng Việt', 'zh-CN': '越南语', 'zh-TW': '越南語' }, value: 'vi' },
    { name: 'Chinese', name_localizations: { vi: 'Tiếng Trung', 'zh-CN': '中文', 'zh-TW': '中文' }, value: 'zh' },
  ],
};

export const hideOption: APIApplicationCommandBasicOption = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'hide',
  ...described('Only you see the answer', {
    vi: 'Chỉ mình bạn thấy câu trả lời',
    'zh-CN': '仅你自己可见',
    'zh-TW': '僅你自己可見',
  }),
};
