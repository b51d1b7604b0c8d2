/**
 * The bot's own words in its four interface languages. Corpus text is never translated; only what the bot says
 * around it (headings, buttons, errors, moderator reports) follows the user's Discord client language.
 *
 * Every language is one `const` object with exactly the keys of `en`, so a missing or stray key is a type error.
 * Parameters are written `{name}`; `t` requires exactly the parameters the English text names.
 */

import type { UiLang } from '../text/locale.ts';
import type { Lang } from '../types.ts';

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
  caption: 'Under a picture in the article',
  correctedBelow: 'Superseded by a correction, quoted below.',
  correctedAbove: 'Superseded by a correction, quoted above.',
  correctionLabel: 'Correction',
  // /stake and /who
  otherLangFallback: 'Not stated in {lang} sources; showing {otherLang} sources.',
  otherLangCloser: '{otherLang} sources answer this more closely than {lang} sources; showing {otherLang} sources.',
  otherLangCloserFirst: '{otherLang} sources answer this more closely than {lang} sources, so they come first.',
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
  corpusNothingChanged: 'Nothing changed. Problems with {what}:',
  corpusAdded: 'Article {file} added.',
  corpusReplaced: 'Article {file} replaced (the old version is kept in .trash).',
  corpusRemoved: 'Article {source} removed (kept in .trash).',
  otherFilesChanged: 'Entities, glossary or corrections changed.',
  fileExists: '{file} already exists; use replace:true to replace it.',
  fileTooLarge: '{file} is too large ({size} bytes; the limit is {max}).',
  badFileName: '“{file}” is not a Markdown article: name it <source-id>.md (letters, digits, hyphens).',
  fileUnreadable: 'Could not download the attachment {file}; reference {id}.',
  fileNotFound: 'Cannot read {file} ({reason}).',
  unknownSource: 'There is no article “{source}”.',
  noStore: 'Corpus changes are not available here.',
  shuttingDown: 'The bot is restarting; try again in a moment.',
  buttonInvalid: 'This button is no longer valid; ask again.',
  corpusWhere: 'Folder',
  corpusDatabase: 'Database',
  corpusVersion: 'Version',
  corpusBusyHeld: 'Another corpus change is in progress ({holder}); try again in a moment.',
  holderProcess: 'process {pid} on {host}',
  holderSince: 'since {time}',
  corpusUnavailable:
    'The corpus database cannot be reached, so nothing was changed; questions are still answered from the articles already loaded. Try again later.',
  // Feedback: /corpus insights
  insightsTitle: 'Insights: the last {days} days',
  insightsReach: 'Reaches back to {date}; answers are kept {retention} days.',
  insightsEmpty: 'No answers were recorded in this window.',
  insightsTotals: '{answers} answers · 👍 {up} · 👎 {down} · not in the sources: {missing}',
  insightsVia: 'Only answers given via {via}.',
  insightsQuestions: 'Not found or voted 👎',
  insightsNoQuestions: 'Every question was answered and none was voted 👎.',
  insightsAsked: 'asked {n}×',
  insightsMissing: 'not in the sources {n}×',
  insightsShown: 'shown',
  insightsArticles: 'Articles: 👍 / 👎',
  insightsNoVotes: 'No votes yet.',
  noFeedback: 'The feedback log is not available here.',
  feedbackUnreadable: 'The feedback log could not be read; reference {id}.',
} as const;

/** The name of one of the bot's messages. */
export type MessageKey = keyof typeof en;

/** A translation: every key of the English catalogue, no others. */
export type Catalogue = Readonly<Record<MessageKey, string>>;

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
  caption: 'Dòng dưới một bức ảnh trong bài',
  correctedBelow: 'Đã được đính chính, xem trích dẫn bên dưới.',
  correctedAbove: 'Đã được đính chính, xem trích dẫn bên trên.',
  correctionLabel: 'Đính chính',
  otherLangFallback: 'Nguồn {lang} không nêu điều này; đang hiển thị nguồn {otherLang}.',
  otherLangCloser: 'Nguồn {otherLang} trả lời sát hơn nguồn {lang}; đang hiển thị nguồn {otherLang}.',
  otherLangCloserFirst: 'Nguồn {otherLang} trả lời sát hơn nguồn {lang}, nên được hiển thị trước.',
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
  corpusNothingChanged: 'Không có gì thay đổi. Lỗi ở {what}:',
  corpusAdded: 'Đã thêm bài viết {file}.',
  corpusReplaced: 'Đã thay bài viết {file} (bản cũ được giữ trong .trash).',
  corpusRemoved: 'Đã xóa bài viết {source} (được giữ trong .trash).',
  otherFilesChanged: 'Thực thể, bảng thuật ngữ hoặc đính chính đã thay đổi.',
  fileExists: '{file} đã tồn tại; dùng replace:true để thay thế.',
  fileTooLarge: '{file} quá lớn ({size} byte; giới hạn là {max}).',
  badFileName: '“{file}” không phải bài viết Markdown: hãy đặt tên <mã-nguồn>.md (chữ, số, gạch nối).',
  fileUnreadable: 'Không tải được tệp đính kèm {file}; mã tham chiếu {id}.',
  fileNotFound: 'Không đọc được tệp {file} ({reason}).',
  unknownSource: 'Không có bài viết “{source}”.',
  noStore: 'Không thể thay đổi kho dữ liệu ở đây.',
  shuttingDown: 'Bot đang khởi động lại; vui lòng thử lại sau giây lát.',
  buttonInvalid: 'Nút này không còn hiệu lực; vui lòng hỏi lại.',
  corpusWhere: 'Thư mục',
  corpusDatabase: 'Cơ sở dữ liệu',
  corpusVersion: 'Phiên bản',
  corpusBusyHeld: 'Đang có một thay đổi kho dữ liệu khác ({holder}); vui lòng thử lại sau giây lát.',
  holderProcess: 'tiến trình {pid} trên {host}',
  holderSince: 'từ {time}',
  corpusUnavailable:
    'Không kết nối được cơ sở dữ liệu của kho dữ liệu nên không có gì thay đổi; câu hỏi vẫn được trả lời từ các bài viết đã nạp. Vui lòng thử lại sau.',
  insightsTitle: 'Phản hồi: {days} ngày qua',
  insightsReach: 'Dữ liệu có từ {date}; câu trả lời được giữ {retention} ngày.',
  insightsEmpty: 'Không có câu trả lời nào được ghi trong khoảng này.',
  insightsTotals: '{answers} câu trả lời · 👍 {up} · 👎 {down} · không có trong nguồn: {missing}',
  insightsVia: 'Chỉ các câu trả lời qua {via}.',
  insightsQuestions: 'Không tìm thấy hoặc bị 👎',
  insightsNoQuestions: 'Mọi câu hỏi đều được trả lời và không có câu nào bị 👎.',
  insightsAsked: 'hỏi {n} lần',
  insightsMissing: 'không có trong nguồn {n} lần',
  insightsShown: 'đã hiển thị',
  insightsArticles: 'Bài viết: 👍 / 👎',
  insightsNoVotes: 'Chưa có lượt bình chọn.',
  noFeedback: 'Nhật ký phản hồi không khả dụng ở đây.',
  feedbackUnreadable: 'Không đọc được nhật ký phản hồi; mã tham chiếu {id}.',
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
  caption: '文章配图下的文字',
  correctedBelow: '此说法已被更正，更正内容见下方引文。',
  correctedAbove: '此说法已被更正，更正内容见上方引文。',
  correctionLabel: '更正',
  otherLangFallback: '{lang}资料来源未提及此事，以下显示{otherLang}资料来源。',
  otherLangCloser: '{otherLang}资料来源比{lang}资料来源回答得更直接，以下显示{otherLang}资料来源。',
  otherLangCloserFirst: '{otherLang}资料来源比{lang}资料来源回答得更直接，因此排在前面。',
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
  corpusNothingChanged: '没有任何更改。{what} 的问题：',
  corpusAdded: '已添加文章 {file}。',
  corpusReplaced: '已替换文章 {file}（旧版本保存在 .trash 中）。',
  corpusRemoved: '已删除文章 {source}（保存在 .trash 中）。',
  otherFilesChanged: '实体、术语表或更正已更改。',
  fileExists: '{file} 已存在；如需替换请使用 replace:true。',
  fileTooLarge: '{file} 太大（{size} 字节；上限为 {max}）。',
  badFileName: '“{file}”不是 Markdown 文章：请命名为 <来源编号>.md（字母、数字、连字符）。',
  fileUnreadable: '无法下载附件 {file}，参考编号：{id}。',
  fileNotFound: '无法读取文件 {file}（{reason}）。',
  unknownSource: '没有文章“{source}”。',
  noStore: '此处无法更改语料库。',
  shuttingDown: '机器人正在重启，请稍后再试。',
  buttonInvalid: '此按钮已失效，请重新提问。',
  corpusWhere: '文件夹',
  corpusDatabase: '数据库',
  corpusVersion: '版本',
  corpusBusyHeld: '另一项语料库变更正在进行中（{holder}），请稍后再试。',
  holderProcess: '主机 {host} 上的进程 {pid}',
  holderSince: '自 {time} 起',
  corpusUnavailable: '无法连接语料库数据库，因此未做任何更改；问题仍根据已加载的文章回答。请稍后再试。',
  insightsTitle: '反馈：最近 {days} 天',
  insightsReach: '数据最早到 {date}；回答保留 {retention} 天。',
  insightsEmpty: '这段时间内没有记录任何回答。',
  insightsTotals: '{answers} 个回答 · 👍 {up} · 👎 {down} · 来源中没有：{missing}',
  insightsVia: '仅限通过 {via} 的回答。',
  insightsQuestions: '未找到或被 👎 的问题',
  insightsNoQuestions: '所有问题都有回答，且没有被 👎。',
  insightsAsked: '被问 {n} 次',
  insightsMissing: '来源中没有 {n} 次',
  insightsShown: '显示的段落',
  insightsArticles: '文章：👍 / 👎',
  insightsNoVotes: '暂无投票。',
  noFeedback: '此处无法使用反馈记录。',
  feedbackUnreadable: '无法读取反馈记录；参考编号 {id}。',
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
  caption: '文章配圖下的文字',
  correctedBelow: '此說法已被更正，更正內容見下方引文。',
  correctedAbove: '此說法已被更正，更正內容見上方引文。',
  correctionLabel: '更正',
  otherLangFallback: '{lang}資料來源未提及此事，以下顯示{otherLang}資料來源。',
  otherLangCloser: '{otherLang}資料來源比{lang}資料來源回答得更直接，以下顯示{otherLang}資料來源。',
  otherLangCloserFirst: '{otherLang}資料來源比{lang}資料來源回答得更直接，因此排在前面。',
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
  corpusNothingChanged: '沒有任何變更。{what} 的問題：',
  corpusAdded: '已新增文章 {file}。',
  corpusReplaced: '已取代文章 {file}（舊版本保存在 .trash 中）。',
  corpusRemoved: '已刪除文章 {source}（保存在 .trash 中）。',
  otherFilesChanged: '實體、詞彙表或更正已變更。',
  fileExists: '{file} 已存在；如需取代請使用 replace:true。',
  fileTooLarge: '{file} 太大（{size} 位元組；上限為 {max}）。',
  badFileName: '「{file}」不是 Markdown 文章：請命名為 <來源編號>.md（字母、數字、連字號）。',
  fileUnreadable: '無法下載附件 {file}，參考編號：{id}。',
  fileNotFound: '無法讀取檔案 {file}（{reason}）。',
  unknownSource: '沒有文章「{source}」。',
  noStore: '此處無法變更語料庫。',
  shuttingDown: '機器人正在重新啟動，請稍後再試。',
  buttonInvalid: '此按鈕已失效，請重新提問。',
  corpusWhere: '資料夾',
  corpusDatabase: '資料庫',
  corpusVersion: '版本',
  corpusBusyHeld: '另一項語料庫變更正在進行中（{holder}），請稍後再試。',
  holderProcess: '主機 {host} 上的處理程序 {pid}',
  holderSince: '自 {time} 起',
  corpusUnavailable: '無法連線語料庫資料庫，因此未做任何變更；問題仍根據已載入的文章回答。請稍後再試。',
  insightsTitle: '回饋：最近 {days} 天',
  insightsReach: '資料最早到 {date}；回答保留 {retention} 天。',
  insightsEmpty: '這段時間內沒有記錄任何回答。',
  insightsTotals: '{answers} 個回答 · 👍 {up} · 👎 {down} · 來源中沒有：{missing}',
  insightsVia: '僅限透過 {via} 的回答。',
  insightsQuestions: '未找到或被 👎 的問題',
  insightsNoQuestions: '所有問題都有回答，且沒有被 👎。',
  insightsAsked: '被問 {n} 次',
  insightsMissing: '來源中沒有 {n} 次',
  insightsShown: '顯示的段落',
  insightsArticles: '文章：👍 / 👎',
  insightsNoVotes: '尚無投票。',
  noFeedback: '此處無法使用回饋記錄。',
  feedbackUnreadable: '無法讀取回饋記錄；參考編號 {id}。',
} as const satisfies Catalogue;

/** Every catalogue, by interface language. */
export const MESSAGES: Readonly<Record<UiLang, Catalogue>> = { en, vi, 'zh-CN': zhCN, 'zh-TW': zhTW };

/** The `{name}` placeholders of a message template, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** The parameters message `K` needs: one per placeholder of its English text. */
export type MessageParams<K extends MessageKey> = Readonly<Record<Placeholders<(typeof en)[K]>, string | number>>;

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
    return typeof value === 'number' ? numberFormat(ui).format(value) : value;
  });
}

// Building an Intl formatter costs far more than using one: one of each per language, made on first use.
const numberFormats = new Map<UiLang, Intl.NumberFormat>();
const listFormats = new Map<UiLang, Intl.ListFormat>();

function numberFormat(ui: UiLang): Intl.NumberFormat {
  let f = numberFormats.get(ui);
  if (!f) numberFormats.set(ui, (f = new Intl.NumberFormat(ui)));
  return f;
}

/** A corpus language's name in `ui`, e.g. `langName('vi', 'zh')` is "Tiếng Trung". */
export function langName(ui: UiLang, lang: Lang): string {
  return MESSAGES[ui][lang === 'vi' ? 'langVi' : 'langZh'];
}

/** Corpus languages' names joined as `ui` joins a list: "Vietnamese and Chinese", "越南语和中文". */
export function langList(ui: UiLang, langs: readonly Lang[]): string {
  let f = listFormats.get(ui);
  if (!f) listFormats.set(ui, (f = new Intl.ListFormat(ui, { type: 'conjunction' })));
  return f.format(langs.map((lang) => langName(ui, lang)));
}
