/**
 * The bot's own words in its four interface languages. Corpus text is never translated; only what the bot says
 * around it (headings, buttons, errors, moderator reports) follows the user's Discord client language.
 *
 * Every language is one `const` object with exactly the keys of `en`, so a missing or stray key is a type error.
 * Parameters are written `{name}`; `t` requires exactly the parameters the English text names.
 */

import type { Lang } from '../types.ts';

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

const en = {
  // Answers
  notInSources: 'Not in the sources. Searched for “{query}” in {langs} articles.',
  answerHeading: 'From the sources',
  sources: 'Sources',
  more: 'More',
  otherLanguage: 'Other language',
  nothingMore: 'Nothing more in the sources.',
  // Citations
  paragraph: '¶ {n}',
  langVi: 'Vietnamese',
  langZh: 'Chinese',
  retracted: 'Retracted by the source',
  corrected: 'Corrected: {text}',
  // /stake and /who
  stakeOtherLang: 'Stake not stated in {lang} sources; showing {otherLang} sources.',
  stakeHeading: 'Shareholdings in the joint venture',
  whoDescriptions: 'Descriptions',
  whoMentions: 'Passing mentions',
  // Errors and validation
  error: 'Something went wrong; reference {id}.',
  noPermission: 'Only moderators can do this.',
  unknownCommand: 'Unknown command “{command}”.',
  unknownOption: 'Unknown option “{option}”.',
  missingOption: 'Missing required option “{option}”.',
  valueTooLong: '“{option}” is too long (max {max} characters).',
  notAChoice: '“{value}” is not one of the choices for “{option}”.',
  // Corpus status, reload, add, remove
  corpus: 'Corpus',
  articles: 'Articles',
  passages: 'Passages',
  entities: 'Entities',
  loadedAt: 'Loaded at',
  loadedBy: 'By',
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  passagesDelta: 'Passages: +{added} −{removed}',
  corpusReloaded: 'Corpus reloaded.',
  corpusUnchanged: 'Nothing changed.',
  corpusBusy: 'Another corpus change is in progress; try again in a moment.',
  fileRejected: 'File rejected: {reason}',
} as const;

/** The name of one of the bot's messages. */
export type MessageKey = keyof typeof en;

/** A translation: every key of the English catalogue, no others. */
export type Catalogue = { readonly [K in MessageKey]: string };

const vi = {
  notInSources: 'Không có trong nguồn. Đã tìm “{query}” trong các bài viết {langs}.',
  answerHeading: 'Theo các nguồn',
  sources: 'Nguồn',
  more: 'Xem thêm',
  otherLanguage: 'Ngôn ngữ khác',
  nothingMore: 'Nguồn không còn gì thêm.',
  paragraph: '¶ {n}',
  langVi: 'Tiếng Việt',
  langZh: 'Tiếng Trung',
  retracted: 'Đã bị nguồn rút lại',
  corrected: 'Đã đính chính: {text}',
  stakeOtherLang: 'Nguồn {lang} không nêu tỷ lệ sở hữu; đang hiển thị nguồn {otherLang}.',
  stakeHeading: 'Tỷ lệ sở hữu trong liên doanh',
  whoDescriptions: 'Mô tả',
  whoMentions: 'Được nhắc đến',
  error: 'Đã xảy ra lỗi; mã tham chiếu {id}.',
  noPermission: 'Chỉ người kiểm duyệt mới làm được việc này.',
  unknownCommand: 'Không có lệnh “{command}”.',
  unknownOption: 'Không có tùy chọn “{option}”.',
  missingOption: 'Thiếu tùy chọn bắt buộc “{option}”.',
  valueTooLong: '“{option}” quá dài (tối đa {max} ký tự).',
  notAChoice: '“{value}” không phải là một lựa chọn của “{option}”.',
  corpus: 'Kho dữ liệu',
  articles: 'Bài viết',
  passages: 'Đoạn trích',
  entities: 'Thực thể',
  loadedAt: 'Nạp lúc',
  loadedBy: 'Người nạp',
  added: 'Đã thêm',
  removed: 'Đã xóa',
  changed: 'Đã thay đổi',
  passagesDelta: 'Đoạn trích: +{added} −{removed}',
  corpusReloaded: 'Đã nạp lại kho dữ liệu.',
  corpusUnchanged: 'Không có gì thay đổi.',
  corpusBusy: 'Đang có một thay đổi kho dữ liệu khác; vui lòng thử lại sau giây lát.',
  fileRejected: 'Tệp bị từ chối: {reason}',
} as const satisfies Catalogue;

const zhCN = {
  notInSources: '资料来源中没有相关内容。已在{langs}文章中搜索“{query}”。',
  answerHeading: '资料来源怎么说',
  sources: '资料来源',
  more: '更多',
  otherLanguage: '其他语言',
  nothingMore: '资料来源中没有更多内容。',
  paragraph: '第{n}段',
  langVi: '越南语',
  langZh: '中文',
  retracted: '已被来源撤回',
  corrected: '已更正：{text}',
  stakeOtherLang: '{lang}资料来源未提及持股比例，以下显示{otherLang}资料来源。',
  stakeHeading: '合资企业的持股情况',
  whoDescriptions: '介绍',
  whoMentions: '顺带提及',
  error: '出现错误，参考编号：{id}。',
  noPermission: '只有管理员可以执行此操作。',
  unknownCommand: '未知命令“{command}”。',
  unknownOption: '未知选项“{option}”。',
  missingOption: '缺少必填选项“{option}”。',
  valueTooLong: '“{option}”太长（最多 {max} 个字符）。',
  notAChoice: '“{value}”不是“{option}”的可选值。',
  corpus: '语料库',
  articles: '文章',
  passages: '段落',
  entities: '实体',
  loadedAt: '加载时间',
  loadedBy: '操作者',
  added: '已添加',
  removed: '已删除',
  changed: '已更改',
  passagesDelta: '段落：+{added} −{removed}',
  corpusReloaded: '语料库已重新加载。',
  corpusUnchanged: '没有任何变化。',
  corpusBusy: '另一项语料库变更正在进行中，请稍后再试。',
  fileRejected: '文件被拒绝：{reason}',
} as const satisfies Catalogue;

const zhTW = {
  notInSources: '資料來源中沒有相關內容。已在{langs}文章中搜尋「{query}」。',
  answerHeading: '資料來源怎麼說',
  sources: '資料來源',
  more: '更多',
  otherLanguage: '其他語言',
  nothingMore: '資料來源中沒有更多內容。',
  paragraph: '第{n}段',
  langVi: '越南語',
  langZh: '中文',
  retracted: '已被來源撤回',
  corrected: '已更正：{text}',
  stakeOtherLang: '{lang}資料來源未提及持股比例，以下顯示{otherLang}資料來源。',
  stakeHeading: '合資企業的持股情況',
  whoDescriptions: '介紹',
  whoMentions: '順帶提及',
  error: '發生錯誤，參考編號：{id}。',
  noPermission: '只有管理員可以執行此操作。',
  unknownCommand: '未知的指令「{command}」。',
  unknownOption: '未知的選項「{option}」。',
  missingOption: '缺少必填選項「{option}」。',
  valueTooLong: '「{option}」太長（最多 {max} 個字元）。',
  notAChoice: '「{value}」不是「{option}」的可選值。',
  corpus: '語料庫',
  articles: '文章',
  passages: '段落',
  entities: '實體',
  loadedAt: '載入時間',
  loadedBy: '操作者',
  added: '已新增',
  removed: '已刪除',
  changed: '已變更',
  passagesDelta: '段落：+{added} −{removed}',
  corpusReloaded: '語料庫已重新載入。',
  corpusUnchanged: '沒有任何變化。',
  corpusBusy: '另一項語料庫變更正在進行中，請稍後再試。',
  fileRejected: '檔案遭拒：{reason}',
} as const satisfies Catalogue;

/** Every catalogue, by interface language. */
export const MESSAGES: { readonly [L in UiLang]: Catalogue } = { en, vi, 'zh-CN': zhCN, 'zh-TW': zhTW };

/** The `{name}` placeholders of a message template, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The parameters message `K` needs: one per placeholder of its English text. */
export type MessageParams<K extends MessageKey> = { readonly [P in Placeholders<(typeof en)[K]>]: string | number };

/** `[]` for a message without placeholders, `[params]` for one with. */
type ParamsArg<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never] ? [] : [params: MessageParams<K>];

/**
 * The message `key` in `ui`, with its `{name}` placeholders filled. Numbers are written the language's way
 * (`6.000` in Vietnamese, `6,000` otherwise). The result is plain text: escape it before it goes into Markdown,
 * since parameters such as `{query}` carry user text.
 */
export function t<K extends MessageKey>(ui: UiLang, key: K, ...params: ParamsArg<K>): string {
  const values: Readonly<Record<string, string | number>> = params[0] ?? {};
  return MESSAGES[ui][key].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) return placeholder;
    return typeof value === 'number' ? value.toLocaleString(ui) : value;
  });
}

/** A corpus language's name in `ui`, e.g. `langName('vi', 'zh')` is "Tiếng Trung". */
export function langName(ui: UiLang, lang: Lang): string {
  return MESSAGES[ui][lang === 'vi' ? 'langVi' : 'langZh'];
}

/** Corpus languages' names joined as `ui` joins a list: "Vietnamese and Chinese", "越南语和中文". */
export function langList(ui: UiLang, langs: readonly Lang[]): string {
  return new Intl.ListFormat(ui, { type: 'conjunction' }).format(langs.map((lang) => langName(ui, lang)));
}
