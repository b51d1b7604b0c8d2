/**
 * What a question asks for — an amount (a share, a sum of money, a count), a person or organisation, a time, a
 * place or a reason; how a name is written (latin-name, han-name) or what something unnamed is called; where an
 * article comes from (source) or its title — in Vietnamese, Chinese and English, and whether a passage holds an
 * answer of that kind (the kinds answered by names or by a passage's place are read in score.ts).
 *
 * A passage that names the question's subject but holds no answer of the kind asked for does not answer it:
 * "Alibaba nắm bao nhiêu % cổ phần?" is not answered by a passage about Alibaba with no percentage in it, and
 * "ai thay Jack Ma làm chủ tịch?" not by one that names nobody but Jack Ma.
 */

import { allMatches } from '../text/matches.ts';

export type FocusKind =
  | 'percent'
  | 'money'
  | 'amount'
  | 'duration'
  | 'person'
  | 'organisation'
  | 'time'
  | 'place'
  | 'venue'
  | 'reason'
  | 'source'
  | 'title'
  | 'caption'
  | 'called'
  | 'latin-name'
  | 'han-name'
  | 'quote'
  | 'post';

export interface Focus {
  kind: FocusKind;
  /** Where the words that ask it stand in the question ([start, end) offsets): they are not content to match. */
  cues: Array<[number, number]>;
  /** Who has more or the most of it ("ai nắm nhiều cổ phần nhất", 哪家占得最少): a comparison of figures. */
  compared?: true;
  /**
   * For a sum asked for a share the question names ("bán 5% được bao nhiêu tiền", 那 5% 卖了多少钱): those shares'
   * numbers ("5"). The sum that answers is the one said of that share, not of another in the same passage.
   */
  shares?: string[];
  /**
   * `asked`: "Alibaba là công ty của nước nào", 阿里巴巴是哪国公司, "which country is megafon from": the country a
   * company is of, said where the text calls it that country's ("gã khổng lồ … của Trung Quốc", 中国电子商务巨头阿里巴巴,
   * "Mail.ru, công ty Nga"), not any country a passage about it names (Alibaba "đặt cược vào Nga"). `given`: "đối tác
   * phía Nga là công ty nào", "which russian co is alibaba teaming up w/": a company the text calls of the country the
   * question names. Set by the question's analysis, which knows what it names.
   */
  nationality?: 'asked' | 'given';
  /**
   * For `called` asked with names ("阿里在土耳其投的那家电商叫啥名", "the turkish company alibaba backed, what's it
   * called"): the name asked for is another's, said beside the question's other words and places, not a venture of
   * the names (see `focusMet` in score.ts).
   */
  other?: true;
  /** For `money`: what something is worth (值多少钱, "trị giá bao nhiêu", "what's it worth"), a sum stated. */
  worth?: true;
  /**
   * For `money` or `amount`, not `worth`: what someone put in, paid or got ("bỏ ra bao nhiêu", 掏了多少, "how much did
   * they put in"): a sum said of whom the question names (see `focusMet` in score.ts).
   */
  paid?: true;
  /**
   * For `time` asked exactly ("chính xác ngày nào", "what year exactly", 具体哪天): the precision asked for. Only a date
   * written to it answers (a year, a month, a day of a month), not a relative one ("một ngày sau khi", 几年前).
   * `date`: a day asked, not exactly ("ngày nào", 哪天, "what day"): a day of a month, or one counted from another day
   * ("một ngày sau khi", 前一天) — not a year or a span ("trong năm tới", 未来一年).
   */
  exact?: 'year' | 'month' | 'day' | 'date';
  /**
   * For `time` asked by its year ("năm nào", "what year", 哪年): a year, written or counted from the article's ("năm
   * tới", 今年, 2017), not "some years ago" (几年前).
   */
  year?: true;
}

/** The words that ask which country something is of (see `Focus.nationality`), in lower case. */
export const ASKS_NATIONALITY =
  /(?<![\p{L}\p{M}])(?:của|cua|công ty|cong ty|cty|hãng|hang|tập đoàn|tap doan|doanh nghiệp|doanh nghiep|đến từ|den tu|gốc|goc)\s+(?:nước|nuoc|quốc gia|quoc gia)\s+(?:nào|nao)(?![\p{L}\p{M}])|哪国|哪个国家的|来自哪|哪里的公司|(?:which|what) country(?:'s)?\b.*\bfrom\b|\bfrom (?:which|what) country|(?:which|what) country (?:is|are) (?:it|they)\b|\bnationality\b/u;

/**
 * A country said as a company's (see `Focus.nationality`) at the place key found at [start, end) of `text`: "của"
 * or a word for a company right before it, or (in Chinese) a word for a company, or 的, right after it.
 */
export function saysNationality(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 100), start).toLowerCase();
  const after = text.slice(end, end + 12);
  return NATIONALITY_BEFORE.test(before) || NATIONALITY_AFTER.test(after);
}
// A company's head word right before the country ("Mail.ru, công ty Nga"), or some words before "của" or "tại" ("gã
// khổng lồ ngành thương mại điện tử của Trung Quốc", "công ty cung cấp thanh toán, … tại Ấn Độ"; not "cuộc đua
// internet của Nga", Russia's internet race).
const NATIONALITY_BEFORE =
  /(?<![\p{L}\p{M}])(?:công ty|tập đoàn|hãng|gã khổng lồ|doanh nghiệp|nhà mạng|quỹ|ông lớn)(?:[^.;:!?]{0,90}\s(?:của|tại))?\s+$/u;
const NATIONALITY_AFTER =
  /^\s?(?:的)?[^，。、；：,.;:！？!?\s]{0,8}?(?:公司|巨头|企业|集团|银行|基金|运营商|电信|电商)|^\s+(?:company|companies|giant|firm|group|e-?commerce|internet|tech|telecom)\b/u;

interface Cue {
  /** `meaning`: "ý là sao", "là sao" — what something means; it asks for no kind of answer (the "sao" is not why). */
  kind: FocusKind | 'amount-word' | 'meaning';
  /** Matched against the question in lower case; Latin cues as whole words, with or without diacritics. */
  pattern: RegExp;
}

/** Latin words, whole, in lower case; `[aáàảãạ]`-style classes are not needed: both forms are listed. */
const w = (...words: string[]) =>
  new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{M}\\p{N}])`, 'gu');
const h = (...words: string[]) => new RegExp(words.join('|'), 'gu');
/** Not right after a word for the article ("bài báo nói gì"): what it says, not what someone said. */
const NOT_THE_ARTICLE = '(?<!(?:bài báo|bai bao|bài viết|bai viet|bài|bai|báo|bao|tin|tác giả|tac gia)\\s+)';

/** The words that ask, by kind. Which kind wins when several are found is decided in `questionFocus`. */
const CUES: Cue[] = [
  // How a name is written in Latin letters, or in Chinese characters: answered by a passage that writes it so (the
  // Chinese article writes 全球速卖通俄罗斯 and 张勇, the Vietnamese one AliExpress Rusia and Daniel Zhang).
  {
    kind: 'latin-name',
    pattern: w(
      'tên tiếng anh',
      'ten tieng anh',
      'tiếng anh là gì',
      'tieng anh la gi',
      'viết bằng tiếng anh',
      'viet bang tieng anh',
      'english name',
      'spelled',
      'spelt',
      'spell',
      'spelling',
    ),
  },
  // 洋名, 外文名: a foreign name, as members call the Latin one.
  {
    kind: 'latin-name',
    pattern: h(
      '英文名字',
      '英文名',
      '英文品牌名',
      '英文品牌',
      '英文原名',
      '英文全名',
      '英文全称',
      '英文怎么',
      '英文叫',
      '英文是',
      '英文点',
      '点串',
      '点拼',
      '英文系',
      '怎么拼',
      '拼写',
      '拼法',
      '洋名',
      '外文名',
      '外国名',
    ),
  },
  // What English-language reports or foreign media call someone ("马云在英文报道里一般叫什么名字", "张勇就是外媒说的那个
  // Daniel Zhang 吗"): answered by the name written in Latin letters.
  {
    kind: 'latin-name',
    pattern:
      /(?:英文|英语|外媒|外国媒体|国外媒体|海外媒体)[^，,。？?！!]{0,8}?(?:叫(?!停|好|卖)|称为|称作|称呼|写作|写成|说的那个|讲的那个)/gu,
  },
  {
    kind: 'han-name',
    pattern: w(
      'tên tiếng trung',
      'ten tieng trung',
      'tên tiếng hoa',
      'ten tieng hoa',
      'tên chữ hán',
      'ten chu han',
      'tiếng trung là gì',
      'tieng trung la gi',
      'viết bằng tiếng trung',
      'viet bang tieng trung',
      'chinese name',
    ),
  },
  { kind: 'han-name', pattern: h('中文名字', '中文名', '中文怎么', '中文叫', '中文是', '汉字怎么写') },
  {
    kind: 'reason',
    pattern: w(
      'tại sao',
      'tai sao',
      'vì sao',
      'vi sao',
      // Not "còn … sao" (what about …): "còn ghế CEO sao".
      '(?<!(?:còn|con)(?:\\s+[^\\s,，?？]+){1,6}\\s+)sao',
      'lý do',
      'ly do',
      'vì đâu',
      'mục đích',
      'muc dich',
      'để làm gì',
      'de lam gi',
      // Central "để chi" (what for), read from "để chi rứa" as "để gì vậy".
      'để chi(?!\\s+(?:trả|tra|tiêu|tieu|phí|phi))',
      'de chi(?!\\s+(?:tra|tieu|phi))',
      'để gì',
      'why',
      'reason',
      'reasons',
      'purpose',
      'what for',
    ),
  },
  // Not 目的地 (a destination: "一站式目的地").
  { kind: 'reason', pattern: h('为什么', '为何', '原因', '何故', '目的(?!地)') },
  // What someone said: answered best by their words quoted ("“迄今为止，我们在俄罗斯…”他说"), not only by a report
  // that they spoke. A preference (`softFocus`), not a requirement: a report of what they said answers too.
  {
    kind: 'quote',
    pattern: w(
      // Not what the article says ("bài báo nói gì về Tmall"): what it says of something is any passage about it.
      `${NOT_THE_ARTICLE}(?:nói gì|noi gi|nói những gì|noi nhung gi|nói sao|noi sao|nói thế nào|noi the nao|nói như thế nào|noi nhu the nao)`,
      'phát biểu gì',
      'phat bieu gi',
      'phát biểu những gì',
      'phat bieu nhung gi',
      'phát biểu ra sao',
      'phat bieu ra sao',
      'bình luận gì',
      'binh luan gi',
      'nhận xét gì',
      'nhan xet gi',
      'tuyên bố gì',
      'tuyen bo gi',
      'chia sẻ gì',
      'chia se gi',
      // What someone thinks of it: their words, as said ("nghĩ sao" is not "why").
      'nghĩ sao',
      'nghi sao',
      'nghĩ gì',
      'nghi gi',
      'nghĩ thế nào',
      'nghi the nao',
      'thấy sao',
      'thay sao',
      'thấy thế nào',
      'thay the nao',
      'đánh giá sao',
      'danh gia sao',
      'đánh giá thế nào',
      'danh gia the nao',
      'nhìn nhận',
      'nhin nhan',
      'think about',
      'think of',
      'opinion',
    ),
  },
  { kind: 'meaning', pattern: w('là sao', 'la sao', 'ý là sao', 'y la sao', 'nghĩa là sao', 'nghia la sao') },
  // 几个意思 (mainland slang: what does it mean), 咩意思, 啥意思: what something means, no count asked.
  { kind: 'meaning', pattern: h('几个意思', '什么意思', '咩意思', '乜意思') },
  // "what did evans say about…": the verb of saying, after "what did/does" (the words between are the question's).
  {
    kind: 'quote',
    pattern:
      /(?<=(?<![\p{L}\p{M}])what (?:did|does|do|has|had|would)(?![\p{L}\p{M}])(?! (?:the |this |that )?(?:article|story|report|news|piece|post|it)(?![\p{L}\p{M}]))[^?]{0,60}?)(?<![\p{L}\p{M}])(?:say|said|comment|mention|tell)(?![\p{L}\p{M}])|(?<![\p{L}\p{M}])(?<!(?:article|story|report|news|piece|post|it) )(?:say|said|says)(?= about(?![\p{L}\p{M}]))/gu,
  },
  // 说了什么, 怎么说; "阿里总裁说他们以前…主要靠什么": what someone said, asked inside it — the verb of saying (not 据说, 听说
  // "it is said", 来说 "for", 说明 "shows"; nor what the article says: "文章里说马云…算是啥").
  {
    kind: 'quote',
    pattern:
      /怎么看|如何看|看法|(?<![据听所来])(?<!(?:文章|文中|文章里|文章中|原文|报道|報道|新闻|新聞|这篇|這篇|那篇|里面|裡面)(?:里|裡|中)?)(?:说|讲|說|講)(?!明)(?=[^，,。？?]{0,30}?什么)|怎么说|怎么讲|原话/gu,
  },
  {
    kind: 'time',
    pattern: w(
      'khi nào',
      'khi nao',
      'bao giờ',
      'bao gio',
      'lúc nào',
      'luc nao',
      'hồi nào',
      'hoi nao',
      'năm nào',
      // Not "Nam" of Việt Nam, typed without diacritics ("viet nam nao", "viet nam bao nhieu %").
      '(?<!(?:việt|viet|miền|mien)\\s+)nam nao',
      'tháng nào',
      'thang nao',
      'tháng mấy',
      'thang may',
      'what month',
      'which month',
      'ngày nào',
      'ngay nao',
      'năm bao nhiêu',
      '(?<!(?:việt|viet|miền|mien)\\s+)nam bao nhieu',
      'when',
      'what year',
      'which year',
      'what date',
      'which date',
      'what exact date',
      'which exact date',
      'exact date',
      'precise date',
      'specific date',
      'what day',
      'which day',
      'what time',
      'how long ago',
      // How long something has gone on is told by when it began (几年前 of 多久, "mấy năm trước").
      'how long',
      'bao lâu',
      'bao lau',
      // "có mặt ở Nga lâu chưa": has it been long — told by when it began.
      'lâu chưa',
      'lau chua',
      // Which came first: answered by when each was, or by how far apart ("một ngày sau khi", 前一天).
      'trước hay sau',
      'truoc hay sau',
      'sau hay trước',
      'sau hay truoc',
      'before or after',
      'after or before',
    ),
  },
  {
    kind: 'time',
    pattern: h(
      '之前还是之后',
      '前还是后',
      '先还是后',
      '什么时候',
      '何时',
      '哪一年',
      '哪年',
      '哪一天',
      '哪天',
      '几月',
      '几号',
      '哪个月',
      '多久',
      '几时',
    ),
  },
  {
    kind: 'place',
    pattern: w(
      'ở đâu',
      'o dau',
      'từ đâu',
      'tu dau',
      'nơi nào',
      'noi nao',
      'chỗ nào',
      'cho nao',
      // Not "nhà nước nào" (which state's).
      '(?<!(?:nhà|nha)\\s)nước nào',
      '(?<!(?:nhà|nha)\\s)nuoc nao',
      'quốc gia nào',
      'quoc gia nao',
      'thành phố nào',
      'thanh pho nao',
      'where',
      'which country',
      'what country',
      'which countries',
      'what countries',
      'which city',
      'what city',
      'which cities',
      'what cities',
    ),
  },
  // 哪些地方, 哪个地区, 哪几个国家: "which" with a word for a place, whatever the classifier between.
  {
    kind: 'place',
    pattern: h(
      '哪里',
      '哪儿',
      '在哪',
      '何处',
      '哪(?:一|几)?(?:个|些)?(?:国家|国|城市|地方|地区)',
      '什么(?:国家|城市|地方|地区)',
    ),
  },
  { kind: 'person', pattern: w('ai', 'người nào', 'nguoi nao', 'who', 'whom', 'whose') },
  // "ông trùm nào", "đại gia nào", "which tycoon", 哪个大佬: which man or magnate, a person.
  {
    kind: 'person',
    pattern: w(
      '(?<=(?<![\\p{L}\\p{M}])(?:ông|ong|ông trùm|ong trum|trùm|trum|đại gia|dai gia|tỷ phú|ty phu|nhân vật|nhan vat)\\s+)(?:nào|nao)',
      '(?:which|what)(?=\\s+(?:tycoon|tycoons|billionaire|billionaires|oligarch|oligarchs|businessman|businessmen|magnate|mogul|exec|executive|executives)(?![\\p{L}\\p{M}]))',
      'which(?=\\s+(?:guy|guys|man|person|people)(?![\\p{L}\\p{M}]))',
    ),
  },
  // Which company, fund or firm: answered by a passage naming an organisation the question does not name. Only the
  // asking word is the cue: the kind of organisation stays content ("công ty" is in the passage that answers). A
  // country or a trade may stand between ("cty nga nao", "công ty viễn thông nào").
  {
    kind: 'organisation',
    pattern: w(
      '(?<=(?:công ty|cty|cong ty|hãng|tập đoàn|tap doan|doanh nghiệp|doanh nghiep|quỹ|tổ chức|to chuc|ngân hàng|ngan hang|nhà mạng|nha mang|cổ đông|co dong|đối tác|doi tac|nhà đầu tư|nha dau tu)\\s+(?:(?:nga|trung quốc|trung quoc|tq|việt nam|viet nam|mỹ|my|ấn độ|an do|thổ nhĩ kỳ|tho nhi ky|nước ngoài|nuoc ngoai|viễn thông|vien thong|internet|công nghệ|cong nghe|thương mại điện tử|thuong mai dien tu)\\s+)?)(?:nào|nao)',
      // "quỹ gì", "ngân hàng gì": which fund or bank, named ("công ty gì" asks what kind of company).
      '(?<=(?:quỹ|quy|ngân hàng|ngan hang)\\s+(?:(?:của nga|cua nga|nga|nhà nước|nha nuoc)\\s+)?)(?:gì|gi)',
      '(?:which|what)(?=\\s+(?:[\\p{L}-]+\\s+)?(?:companies|company|firms|firm|groups|group|conglomerates|conglomerate|funds|fund|banks|bank|carriers|carrier|organisations|organizations|organisation|organization|shareholders|shareholder|partners|partner|investors|investor|backers)(?![\\p{L}\\p{M}]))',
      // "who are the partners", "đối tác là ai": those who take part in a deal are companies and funds.
      "(?:who|whos|who's)(?=\\s+(?:(?:is|are|were|was)\\s+)?(?:the\\s+)?(?:shareholders|partners|investors|backers|owners)(?![\\p{L}\\p{M}]))",
      '(?<=(?:đối tác|doi tac|cổ đông|co dong|nhà đầu tư|nha dau tu)\\s+(?:là|la|gồm|gom)\\s+)(?:ai|những ai|nhung ai)',
      // "lập liên doanh với ai", "bắt tay với ai": whom a company joins is a company.
      '(?<=(?:liên doanh|lien doanh|hợp tác|hop tac|bắt tay|bat tay|liên minh|lien minh)\\s+(?:với|voi)\\s+)ai',
    ),
  },
  {
    kind: 'organisation',
    pattern: h(
      '哪家',
      '哪一家',
      '哪几家',
      '哪(?=个公司|些公司|个基金|个集团|个银行|个股东|位股东|些股东|个合作伙伴|些合作伙伴|个伙伴|些伙伴|方)',
      '什么(?=公司|基金|集团|银行)',
      '(?<=(?:股东|合作伙伴|伙伴|投资方|投资者)(?:是|有|都有|都是))谁',
      // 跟谁搞过合资, 和谁合作: whom a company joins in a venture is a company.
      '(?<=[跟和与同])谁(?=[^，。？?]{0,4}(?:合资|合作|联手|结盟|成立))',
    ),
  },
  { kind: 'person', pattern: h('谁', '哪位', '什么人', '哪个(?=老板|大佬|富豪|大亨|人)') },
  // The post someone holds ("chức vụ của Jack Ma", "what position will Zhang hold", 张勇担任什么职务): answered by a
  // passage that names a position (glossary `kind: role`) — with the person, as the question's name asks.
  {
    kind: 'post',
    pattern: w(
      'chức vụ',
      'chuc vu',
      'chức danh',
      'chuc danh',
      'chức gì',
      'chuc gi',
      'chức nào',
      'chuc nao',
      'giữ chức',
      'giu chuc',
      'làm chức',
      'lam chuc',
      'cương vị',
      'cuong vi',
      '(?:what|which) (?:position|positions|post|job|jobs|role|roles|title|titles)',
      'job title',
    ),
  },
  { kind: 'post', pattern: h('职位', '职务', '头衔', '什么职', '啥职', '什么位置', '什么身份') },
  // "what is daniel zhang's job now": someone's job, position or post (not "tmall's role": its part in the deal).
  { kind: 'post', pattern: /(?<=\p{L}['’]s )(?:job|position|post)(?![\p{L}\p{M}])/gu },
  // Where the article comes from: answered by a passage naming a news outlet (kind: source in entities.yaml).
  {
    kind: 'source',
    pattern: w(
      'nguồn nào',
      'nguon nao',
      'nguồn tin',
      'nguon tin',
      'nguồn bài',
      'nguon bai',
      'nguồn gốc bài',
      'nguon goc bai',
      'báo nào',
      'bao nao',
      'trang nào',
      'trang nao',
      'dịch từ',
      'dich tu',
      'trích từ',
      'trich tu',
      'lấy từ',
      'lay tu',
      'tham khảo từ',
      'tham khao tu',
      'có nguồn không',
      'co nguon khong',
      'nguồn đâu',
      'nguon dau',
      'lấy nguồn(?!\\s+(?:vốn|von|tiền|tien|hàng|hang))',
      'lay nguon(?!\\s+(?:von|tien|hang))',
      'nguồn từ',
      'nguon tu',
      'lấy tin',
      'lay tin',
      'nguồn ở đâu',
      'nguon o dau',
      'đưa tin gốc',
      'dua tin goc',
      'tin gốc',
      'tin goc',
      'bài gốc',
      'bai goc',
      'báo gốc',
      'bao goc',
      'which source',
      'what source',
      'what sources',
      'sources cited',
      'quoted from',
      'quoted in',
      'reported by',
      'which outlet',
      'which publication',
      'which newspaper',
      'which site',
      'what outlet',
      'what publication',
      'which media',
      'what media',
      'who reported',
      'first reported',
      'originally reported',
      'broke the news',
      'broke the story',
      // "whats the source", "where did the news come from": where the article's news comes from.
      "what(?:'s|’s|s| is| was) (?:the|its|ur|your) sources?",
      'source of (?:the|this|that) (?:news|story|article|report|info)',
      'where (?:did|does|do) (?:the|this|that) (?:news|story|article|report|info) come from',
      "where(?:'s|’s|s| is| was) (?:the|this|that) (?:original )?(?:news|story|article|report|info) from",
      'original (?:story|article|report|source|news)',
    ),
  },
  {
    kind: 'source',
    pattern: h(
      '参考来源',
      '消息来源',
      '新闻来源',
      // "这新闻哪来的", "消息从哪来的": where the news came from.
      '(?:新闻|消息|报道|文章)[^，。？?]{0,3}哪(?:里|儿)?来的',
      '来源是',
      '出处',
      '哪家媒体报',
      '哪个媒体报',
      '哪家媒体',
      '哪个媒体',
      '什么媒体',
      '参考的',
      '参考了',
      '引自',
      '转载自',
      '译自',
      '据谁',
      '哪家外媒',
      '哪个外媒',
      // 哪家外国科技媒体, 引用了哪家: which outlet, however it is described, or whom the report cites.
      '哪(?:家|个)[^，。？?,]{0,8}(?:媒体|网站|报纸|报社|通讯社)',
      '引用(?:了)?(?:哪|什么|谁)',
      '哪家报',
      '哪个网站',
      '哪家网站',
      // 邊個網站 (Cantonese, read as 谁网站): which site.
      '谁(?:的)?(?:网站|媒体|报纸)',
      '最早报道',
    ),
  },
  // The article's title: its first passage, which begins with it.
  {
    kind: 'title',
    pattern: w(
      'tiêu đề',
      'tieu de',
      'tựa đề',
      'tua de',
      'tít bài',
      'tit bai',
      'tên bài',
      'ten bai',
      'title',
      'headline',
    ),
  },
  { kind: 'title', pattern: h('标题', '题目', '大标题') },
  // What a picture of the article says: the passage right under it (a `caption` note).
  {
    kind: 'caption',
    pattern: w(
      'chú thích ảnh',
      'chu thich anh',
      'chú thích hình',
      'chu thich hinh',
      'dưới ảnh',
      'duoi anh',
      'dưới hình',
      'duoi hinh',
      'bức ảnh',
      'buc anh',
      'tấm ảnh',
      'tam anh',
      'ảnh minh họa',
      'anh minh hoa',
      'có ảnh',
      'co anh',
      'có hình',
      'co hinh',
      'ảnh gì',
      'hình gì',
      'caption',
      'picture',
      'pictures',
      'photo',
      'photos',
      // Not "the public image" of a person.
      'the image',
      'an image',
      'what image',
      'which image',
      'images',
      'pic',
    ),
  },
  {
    kind: 'caption',
    pattern: h(
      '配图',
      '图说',
      '图片',
      '照片',
      '插图',
      '图注',
      '图下',
      '张图',
      '幅图',
      '这图',
      '那图',
      '幅相',
      '张相',
      '相片',
      '相下面',
      '相底',
    ),
  },
  {
    kind: 'percent',
    pattern: w(
      // Not a figure written in words ("48 percent", "10 phần trăm"): a share given, not asked.
      '(?<!\\d\\s?)phần trăm',
      '(?<!\\d\\s?)phan tram',
      'tỷ lệ',
      'ty le',
      'bao nhiêu phần',
      'bao nhieu phan',
      'mấy phần',
      'may phan',
      'phần mấy',
      'phan may',
      '(?<!\\d\\s?)percent',
      'percentage',
      'what share',
      'what stake',
      'how big a stake',
      'how much of',
      // "how's the jv split", "how is ownership divided up": how it is shared among its partners.
      "(?<=how(?:['’]?s| is| was| are| were)?(?:\\s+[\\p{L}\\p{M}.]+){0,3}\\s+)(?:split|divided|divvied|carved|shared out)",
      // "what is alibaba's stake", "whats megafons share of the jv": the share someone holds.
      "(?<=what(?:['’]?s| is| was| are| were)?(?:\\s+[\\p{L}\\p{M}.'’]+){0,3}\\s+)(?:stake|stakes|share|shares)",
      // Whether someone holds most of it, or controls it: told by the shares.
      'majority',
      'control',
      'controls',
      'controlling',
      'quyền kiểm soát',
      'quyen kiem soat',
      'kiểm soát',
      'kiem soat',
      'more than half',
      'over half',
      'hơn một nửa',
      'hon mot nua',
      'hơn nửa',
      'quá nửa',
      'qua nua',
      'quá bán',
      'qua ban',
    ),
  },
  {
    kind: 'percent',
    pattern: h(
      '百分之',
      '百分比',
      '比例',
      '几成',
      '(?<![\\d.,]\\s?)[%％]',
      '过半',
      '超过一半',
      '一半以上',
      '控股权',
      '绝对控股',
      // "是阿里控股吧": holding control, not a holding company (控股公司, 控股集团).
      '控股(?!权|公司|集团)',
    ),
  },
  {
    kind: 'amount-word',
    // Not "mấy mảng gì", "mấy nước nào", "mấy bên đứng sau Mail.ru là ai": which ones, who, not how many. Nor "hàng
    // của mấy shop": after của, với, cho it is "those", not "how many". Nor "mấy hôm sau Jack Ma mới nói": a few days
    // later, said in passing. Nor "Ai bên Alibaba nói … phải nhờ mấy công ty bản địa": after "ai" (who), "mấy" before
    // companies or parties is "those", not "how many".
    pattern: w(
      'bao nhiêu',
      'bao nhieu',
      // "có nhiêu người dùng" (southern): "bao nhiêu" — written with its mark, not "nhiều" (many).
      '(?<!bao\\s+)nhiêu',
      '(?<!(?:của|cua|với|voi|cho|từ|tu)\\s+)mấy(?!(?:\\s+[\\p{L}\\p{M}.]+){1,8}\\s+(?:gì|gi|nào|nao|ai)(?![\\p{L}\\p{M}])(?!\\s+(?:đó|do)(?![\\p{L}\\p{M}])))(?!\\s+(?:hôm|hom|ngày|ngay|tuần|tuan|tháng|thang|năm|nam)\\s+(?:sau|trước|truoc)\\s+\\S)(?!\\s+(?:công ty|cong ty|cty|bên|ben|đối tác|doi tac|hãng|hang|tập đoàn|tap doan|doanh nghiệp|doanh nghiep)(?![\\p{L}\\p{M}])(?<=(?<![\\p{L}\\p{M}])ai\\s[^?？]*))',
      'how much',
      'how many',
      'what amount',
      'how big',
      'how large',
    ),
  },
  {
    kind: 'amount-word',
    pattern: h('多少', '(?<!哪)几个(?!意思)', '(?<!哪)几家', '几次', '几亿', '多大', '几天', '几年', '几周'),
  },
];

/** Words that ask for a name (not what someone does): "tên là gì", 叫啥名, "what's it called". */
export const ASKS_NAME =
  /(?<![\p{L}\p{M}])(?:tên là gì|ten la gi|ten là gì|ten la gì|tên gì|ten gi|ten gì|gọi là gì|goi la gi|called what|what(?:'s|s| is| was| are)? (?:the )?names?|what(?:'s| is| was)? (?:it|they|that|this) called)(?![\p{L}\p{M}])|(?<=(?:what|whats|what's)\b[^?]{0,40})(?<![\p{L}\p{M}])called(?=\s*[?？]?\s*$)|叫什么|叫啥|叫咩|名字|名儿|叫做什么/u;

/**
 * Words that ask what something is called or what someone does ("tên là gì", 叫什么名字, 英文名, "stand for",
 * 是干什么的, "là người làm gì"): not content a passage must repeat. A question that asks only this of what it names
 * ("RDIF là viết tắt của gì", "速卖通俄罗斯英文名咋写", "马云是干什么的") is answered by the passages that name it, as
 * "Jack Ma là ai?" is.
 */
const NAME_CUES = [
  w(
    'là người làm gì',
    'chuyên làm gì',
    'làm nghề gì',
    'tên là gì',
    'tên là',
    'tên gì',
    'tên đầy đủ',
    'tên tiếng anh',
    'tên tiếng việt',
    'tên',
    'ten la gi',
    'ten la',
    'ten gi',
    // "ten j" read as "ten gì": the chat word read, the rest typed plain.
    'ten gì',
    'ten la gì',
    // Not "ten" alone: in English it is a number.
    'ten cua',
    'ten day du',
    'ten tieng anh',
    'viết tắt của',
    'viết tắt',
    'viet tat cua',
    'viet tat',
    'gọi là gì',
    'gọi là',
    'goi la gi',
    'goi la',
    'viết thế nào',
    'viết như thế nào',
    'viet the nao',
    'what is it called',
    'called',
    'name',
    'names',
    'named',
    'full name',
    'english name',
    'stand for',
    'stands for',
    'short for',
    'abbreviation',
    'described as',
    'describe',
    'call',
    'calls',
    'describes',
    'referred to as',
    'được mô tả là',
    'được mô tả như',
    'duoc mo ta la',
    'được miêu tả là',
    'duoc mieu ta la',
    'spelled',
    'spelt',
    'spell',
    // "ten cai cty do la j", "ten cái liên doanh là j": "tên … là gì", after every longer cue that starts with "ten".
    'ten(?=[^?.!,]* (?:la|là) (?:gi|gì|j)(?![\\p{L}\\p{M}]))',
  ),
  h(
    '是做什么的',
    '做什么的',
    '是干什么的',
    '干什么的',
    '叫什么名字',
    '什么名字',
    '什么名儿',
    '名儿',
    '叫什么',
    '叫做什么',
    '叫啥',
    '英文名字',
    '英文名',
    '英文品牌名',
    '英文品牌',
    '洋名',
    '外文名',
    '中文名',
    '名字',
    '全称',
    '全名',
    '缩写',
    '简称',
    '怎么写',
    '咋写',
    '写的是什么',
    '写的是',
    // 管张勇叫啥: "call Zhang Yong what".
    '管(?=[^，。？?]{1,12}叫)',
    '怎么拼',
    '拼写',
    // How the article describes it (天猫被形容成什么): what it is called there.
    '被形容成',
    '被形容为',
    '形容成',
    '形容为',
    '被描述成',
    '被描述为',
    '描述成',
    '描述为',
    '被称为',
    '被称作',
  ),
];

/** Where the question asks what something is called ([start, end) offsets in `question`, lower-cased or not). */
export function nameCues(question: string): Array<[number, number]> {
  return spansOf(NAME_CUES, question);
}

/** Where any of `patterns` matches `question` in lower case, as [start, end) offsets. */
function spansOf(patterns: readonly RegExp[], question: string): Array<[number, number]> {
  const q = question.toLowerCase();
  return patterns.flatMap((pattern) =>
    allMatches(pattern, q).map((m): [number, number] => [m.index, m.index + m[0].length]),
  );
}

/**
 * Where a question opens with a clause about the member rather than the deal — having read the news, wanting to ask
 * ("Mình mới đọc tin, cho hỏi …", "看完新闻想问下，…", "just read the news, quick question: …") — as [start, end)
 * offsets, or undefined. Its words (đọc, tin, hỏi) are no content a passage must hold; the question follows it.
 */
export function preamble(question: string): [number, number] | undefined {
  const q = question.toLowerCase();
  // Up to two such clauses ("just read the news, quick question: …").
  let end = 0;
  for (let i = 0; i < 2; i++) {
    const rest = q.slice(end);
    const space = rest.length - rest.trimStart().length;
    const m = PREAMBLE.exec(rest.slice(space));
    if (!m) break;
    end += space + m[0].length;
  }
  // "Nghe nói liên doanh này tới 20 tỷ đô, có đúng không?", "听说合资公司值200亿，是真的吗": what was heard is the
  // question when all that follows it asks whether it is true.
  return end > 0 && q.slice(end).trim() !== '' && !ONLY_IS_IT_TRUE.test(q.slice(end)) ? [0, end] : undefined;
}
const ONLY_IS_IT_TRUE = new RegExp(
  [
    '^\\s*(?:(?:có|co|là|la)\\s+)?(?:đúng|dung|thật|that|chuẩn|chuan|phải|phai)\\s+(?:không|khong|ko|k|hông|hong|chưa|chua)(?:\\s+(?:vậy|vay|ạ|a|nhỉ|nhi|ta|hả|ha|mọi người|moi nguoi|các bác|cac bac|ae|anh em))*',
    '^\\s*(?:is (?:that|it|this) (?:true|right|correct|so)|(?:is that )?right|true|correct)',
    '^\\s*(?:是|係)?(?:真的|真係)(?:吗|嗎|么|麼|嘛|吧|咩|啊|呀|假的|定假)?|^\\s*(?:对|對|是)(?:吗|嗎|不对|不對|吧)|^\\s*是不是(?:真的)?|^\\s*(?:属实|屬實|靠谱|靠譜|准确|準確)(?:吗|嗎|么|不)?',
    '^\\s*(?:thật|that)\\s*(?:hả|ha|à|a|hông|hong|không|khong|ko|k|vậy|vay)?|^\\s*(?:có\\s+)?(?:chuẩn|chuan)\\s+(?:chưa|chua|không|khong|ko|k)',
  ]
    .map((p) => `(?:${p})\\s*[?？!！.。~～]*\\s*$`)
    .join('|'),
  'u',
);
/**
 * Where a long question's lead-in ends: a story of how the member came to ask ("ok so my boss forwarded me this …,
 * anyway the bit i need is …", "Mình lướt thấy tin …, mà tiện cho mình hỏi …"), then a marker of asking after at
 * least LEAD_IN characters. Offsets [0, end) of the lead-in and marker, or undefined. Its words, names included,
 * are no content: the question is what follows.
 */
export function leadIn(question: string): [number, number] | undefined {
  const q = question.toLowerCase();
  let end: number | undefined;
  for (const m of allMatches(ASKING_MARKER, q)) if (m.index >= LEAD_IN) end = m.index + m[0].length;
  // A question after it, not a word or two ("…, cho mình hỏi chút nha"): three words, or four Chinese characters.
  const rest = end === undefined ? '' : q.slice(end);
  const asked = (rest.match(/[\p{L}\p{N}]+/gu) ?? []).length >= 3 || (rest.match(/\p{Script=Han}/gu) ?? []).length >= 4;
  return end !== undefined && asked ? [0, end] : undefined;
}
const LEAD_IN = 50;
const ASKING_MARKER = new RegExp(
  [
    '(?<![\\p{L}\\p{M}])(?:tiện|tien)?\\s*cho\\s+(?:(?:em|mình|minh|tôi|toi|tui|tớ|mk)\\s+)?(?:hỏi|hoi)(?:\\s+(?:chút|chut|tí|ti|xíu|xiu|là|la))?(?![\\p{L}\\p{M}])\\s*[,，:：]?',
    '(?<![\\p{L}\\p{M}])(?:mình|minh|em|tôi|toi|tui)\\s+(?:chỉ\\s+|chi\\s+)?(?:muốn|muon|cần|can)\\s+(?:hỏi|hoi|biết|biet)(?:\\s+(?:là|la))?(?![\\p{L}\\p{M}])\\s*[,，:：]?',
    '(?<![\\p{L}\\p{M}])(?:the (?:bit|part|thing)|what) i (?:actually |really |just )?(?:need|want)(?: to know)?(?: for [^,.?!]{1,30}?)? is(?![\\p{L}\\p{M}])\\s*:?',
    '(?<![\\p{L}\\p{M}])(?:my (?:actual |real )?question is|i (?:just |really )?(?:need|want) to know|quick question)(?![\\p{L}\\p{M}])\\s*:?',
    '(?:我想问的是|我想问|想问一下|想问下|我就想知道|问题是|我的问题是)[,，:：]?',
  ].join('|'),
  'gu',
);
/**
 * Where a question closes with a clause about the member ("…, mình hơi mù tịt", "…，我不太懂"), as [start, end) offsets,
 * or undefined: a last clause, after a comma, whose subject is the member. Its words are no content a passage must hold.
 */
export function afterword(question: string): [number, number] | undefined {
  const m = AFTERWORD.exec(question.toLowerCase());
  return m && m.index > 0 ? [m.index, question.length] : undefined;
}
/** Someone of the channel who knows or remembers, closing a question; `ai` is "ai|" when a bare "ai" may ask so. */
const whoKnows = (ai: string) =>
  `(?:有没有人|有人|谁|誰|(?<![\\p{L}\\p{M}])(?:có ai|co ai|${ai}anyone|anybody|does anyone|somebody)(?![\\p{L}\\p{M}]))\\s*(?:还|還)?\\s*(?:记得|記得|知道|清楚|(?<![\\p{L}\\p{M}])(?:biết|biet|nhớ|nho|know|remember|recall)(?![\\p{L}\\p{M}]))[^,，.。?？!！:：]{0,20}[.。?？!！]*\\s*$`;
const AFTERWORD = new RegExp(
  [
    "[,，]\\s*(?:(?<![\\p{L}\\p{M}])(?:mình|minh|tôi|toi|tui|tớ|em|i'm|im|i am)(?![\\p{L}\\p{M}])|我)[^,，.。?？!！:：]{0,40}[.。?？!！]*\\s*$",
    // The same typed without its comma, right after the words that close a question ("… vậy mình hơi mù tịt"): the
    // member's state (a bit lost, not following, just read it).
    '(?<=(?<![\\p{L}\\p{M}])(?:vậy|vay|z|nhỉ|nhi|ạ|hả|thế|không|khong|ko|chưa|chua)\\s+)(?:mình|minh|tôi|toi|tui|tớ|em)\\s+(?:hơi|hoi|không|khong|ko|chưa|chua|mới|moi|đang|dang|thấy|thay|chả|cha|chẳng|chang)(?![\\p{L}\\p{M}])[^,，.。?？!！:：]{0,40}[.。?？!！]*\\s*$',
    // Asking for the answer to be put simply ("…, nói dễ hiểu giúp mình với", "…, noi ngan gon thoi").
    '[,，]\\s*(?<![\\p{L}\\p{M}])(?:nói|noi|giải thích|giai thich|tóm|tom)\\s+(?:dễ hiểu|de hieu|ngắn gọn|ngan gon|đơn giản|don gian|lại|lai)(?![\\p{L}\\p{M}])[^,，.。?？!！:：]{0,30}[.。?？!！]*\\s*$',
    // The member forgot it ("…, quên mất tiêu", "…，我忘了", "…, forgot"): why they ask, not what. Typed without the
    // comma too: "quên mất tiêu" closing a question is never what it asks.
    "(?:[,，]|\\s)\\s*(?:(?<![\\p{L}\\p{M}])(?:quên|quen)\\s+(?:mất|mat|rồi|roi|tiêu|tieu)|(?:我)?(?:忘了|忘记了|唔记得|唔記得)|(?<![\\p{L}\\p{M}])(?:i )?(?:forgot|forget|can't remember|cant remember))(?![\\p{L}\\p{M}])[^,，.。?？!！:：]{0,20}[.。?？!！]*\\s*$",
    // Asking to be told ("…, kể ra giúp mình", "…, chỉ giùm em với"): how the member asks, not what.
    '[,，]\\s*(?:(?<![\\p{L}\\p{M}])(?:kể ra|ke ra|liệt kê|liet ke|kể|ke|chỉ|chi|nói|noi)\\s+)?(?<![\\p{L}\\p{M}])(?:giúp|giup|giùm|gium|dùm|dum|hộ)\\s+(?:mình|minh|mk|em|tôi|toi|tui|tớ|với|voi)(?![\\p{L}\\p{M}])(?![^,，.。?？!！:：]*(?<![\\p{L}\\p{M}])(?:ai|gì|gi|nào|nao|bao nhiêu|bao nhieu|sao|đâu|dau|mấy|may)(?![\\p{L}\\p{M}]))[^,，.。?？!！:：]{0,20}[.。?？!！]*\\s*$',
    // Thanking the channel ("…？谢谢大家", "…, cảm ơn mọi người", "… thanks in advance").
    '[,，.。?？!！]\\s*(?:谢谢|謝謝|多谢|多謝|感谢|感謝|先谢|先謝|(?<![\\p{L}\\p{M}])(?:thanks|thank you|thank u|thx|tks|cảm ơn|cám ơn|cam on|camon)(?![\\p{L}\\p{M}]))[^,，.。?？!！:：]{0,20}[.。?？!！~～]*\\s*$',
    // Asking the channel who remembers or knows ("…，谁记得", "…？有人知道吗", "…, có ai biết không", "…, anyone know?").
    // "…？有没有懂哥", "求懂哥": calling whoever knows (懂哥, internet slang).
    '[,，?？]\\s*(?:有没有|有無|有冇|求|等|蹲)?\\s*懂(?:哥|姐|王|的人|嘅人)[^,，.。?？!！:：]{0,10}[.。?？!！~～]*\\s*$',
    // "…？求个出处", "…，求科普": asking the channel for a source or an explanation, after the question.
    '[,，?？]\\s*求(?:个|一个|一下)?(?:出处|来源|链接|科普|解答|答案|解释)[^,，.。?？!！:：]{0,10}[.。?？!！~～]*\\s*$',
    `[,，?？]\\s*${whoKnows('ai|')}`,
    // Typed without the comma: not a bare "ai" (who), which may be the question's own ("là của ai biết không").
    `\\s+${whoKnows('')}`,
  ].join('|'),
  'u',
);

const PREAMBLE = new RegExp(
  [
    // "Mọi người ơi cho em hỏi …", "ae oi cho hoi …": calling the channel and asking to ask, with no comma after it.
    '^\\s*(?:(?:mọi người|moi nguoi|anh em|các bạn|cac ban|các bác|cac bac|cả nhà|ca nha)\\s+(?:ơi|oi)\\s*[,，]?\\s*)?(?:cho\\s+(?:(?:em|mình|minh|tôi|toi|tui|tớ)\\s+)?(?:hỏi|hoi)(?:\\s+(?:chút|chut|tí|ti|xíu|xiu|với|voi|cái|cai))?|(?:hỏi|hoi)\\s+(?:chút|chut|tí|ti|xíu|xiu))(?![\\p{L}\\p{M}])\\s*[,，:：]?',
    '^\\s*(?:mọi người|moi nguoi|anh em|các bạn|cac ban|các bác|cac bac|cả nhà|ca nha)\\s+(?:ơi|oi)(?![\\p{L}\\p{M}])\\s*[,，:：]?',
    // "Mình mới đọc tin cho hỏi …": reading, then asking to ask, with no comma between them and the question.
    '^[^,，.。?？!！:：]{0,60}?(?<![\\p{L}\\p{M}])(?:đọc|doc|xem|nghe)(?![\\p{L}\\p{M}])[^,，.。?？!！:：]{0,40}?(?<![\\p{L}\\p{M}])cho\\s+(?:(?:em|mình|minh|tôi|toi|tui|tớ)\\s+)?(?:hỏi|hoi)(?![\\p{L}\\p{M}])\\s*[,，:：]?',
    // A first clause, up to its comma or colon, with a verb of reading, hearing or asking in it.
    '^[^,，.。?？!！:：]{0,60}?(?<![\\p{L}\\p{M}])(?:đọc|doc|xem tin|xem bài|nghe nói|nghe noi|hỏi|hoi(?!\\s+(?:truoc|xua|do|ay|nay|dau)(?![\\p{L}\\p{M}]))|thắc mắc|thac mac|tò mò|to mo|read|saw|heard|seen|wondering|curious|question)(?![\\p{L}\\p{M}])[^,，.。?？!！:：]{0,40}[,，:：]',
    '^[^,，。？?！!：:]{0,20}?(?:看完|看了|刚看|读了|听说|想问|问下|问一下|请教)[^,，。？?！!：:]{0,20}[,，：:]',
    // "Mình đọc trên group khác nói …", "i read on reddit that …", 我在别的群看到说…: where a claim was read, up to the
    // verb that reports it (not "xem Usmanov nói gì": what someone said, asked).
    '^[^,，.。?？!！:：]{0,40}?(?<![\\p{L}\\p{M}])(?:đọc|doc|nghe|thấy|thay)(?![\\p{L}\\p{M}])[^,，.。?？!！:：]{0,30}?(?<![\\p{L}\\p{M}])(?:nói|noi|bảo|bao(?!\\s+(?:nhiêu|nhieu|nhiu|giờ|gio|lâu|lau|gồm|gom)(?![\\p{L}\\p{M}]))|rằng|rang|kêu|keu)(?![\\p{L}\\p{M}])(?!\\s+(?:gì|gi|j|sao|thế nào|the nao|như thế nào|nhu the nao|về|ve)(?![\\p{L}\\p{M}]))',
    '^[^,.?!:]{0,40}?(?<![\\p{L}\\p{M}])(?:i|we)\\s+(?:read|saw|heard|seen)(?![\\p{L}\\p{M}])[^,.?!:]{0,30}?(?<![\\p{L}\\p{M}])(?:that|saying)(?![\\p{L}\\p{M}])(?=\\s+[\\p{L}\\p{N}][^?]*\\s[\\p{L}\\p{N}])',
    '^[^,，。？?！!：:]{0,20}?(?:看到|看见|听到|听人)[^,，。？?！!：:]{0,10}?(?:说|讲)(?![了的过])',
    // "文章里说马云…算是啥", "文中提到MegaFon是干啥的": what the article says, then the question about it.
    '^(?:这篇|這篇|那篇)?(?:文章|文中|原文|报道|報道|新闻|新聞)(?:里|裡|中|上)?(?:说|說|讲|講|提到|写|寫)(?![了过過的])(?!什么|什麼|啥|咩)',
    // "想問下RDIF係咩嚟", "问一下mail.ru是谁的": asking to ask, the question right after it.
    '^(?:我|我们)?(?:想|想要)?(?:请教|问|問|請教)一?下|^(?:我|我们)?想(?:问|問)',
  ].join('|'),
  'u',
);

/**
 * Words of money: the plain word for it, which asks rather than names what a passage would say ("bao nhiêu tiền",
 * 多少钱: the articles write sums, never "tiền"); currencies; words of price; and words of spending.
 */
const MONEY_WORDS = {
  // "cash" is read as "capital" (chat.yaml) before the asking words are looked for.
  plain: {
    latin: [
      'tiền',
      'tien',
      'money',
      'cash',
      'capital',
      'tiền mặt',
      'tien mat',
      'vốn(?!\\s+(?:có|co|dĩ|di|là|la|đã|da|hóa|hoá|hoa)(?![\\p{L}\\p{M}]))',
    ],
    han: ['钱', '现金', '現金'],
  },
  currency: { latin: ['đô', 'do la', 'usd', 'dollars?'], han: ['美元', '\\$'] },
  price: {
    latin: [
      'trị giá',
      'tri gia',
      'giá',
      'định giá',
      'dinh gia',
      'worth',
      'cost',
      'costs',
      'pay',
      'paid',
      'price',
      'value',
      'valued',
      'valuation',
      'sold for',
      'sell for',
      'get for',
      'got for',
      'thu về',
      'thu ve',
      'quy mô',
      'quy mo',
    ],
    han: ['价值', '估值', '身价', '金额', '价格', '花了', '规模'],
  },
  /** Words that speak of money only right before the asking words ("gia bao nhieu", "mất bao nhiêu", 花多少). */
  spent: { latin: ['gia', 'mất', 'mat', 'hết', 'het'], han: ['花'] },
};
type MoneyGroup = keyof typeof MONEY_WORDS;
/** The words of `groups` as one alternation: Latin words whole, Chinese ones anywhere. */
const moneyWords = (...groups: MoneyGroup[]) =>
  `(?<![\\p{L}\\p{M}])(?:${groups.flatMap((g) => MONEY_WORDS[g].latin).join('|')})(?![\\p{L}\\p{M}])|${groups.flatMap((g) => MONEY_WORDS[g].han).join('|')}`;
/** Words of money: an amount asked about with one of them asks for a sum. */
const MONEY = new RegExp(moneyWords('plain', 'currency', 'price'), 'u');
/** A plain or currency word starting right after the asking words ("bao nhiêu tiền", 多少钱, "how much money"). */
const MONEY_AFTER = new RegExp(`^\\s*(?:${moneyWords('plain', 'currency')})`, 'u');
/** The plain word for money (see {@link MONEY_WORDS}). */
const MONEY_PLAIN = new RegExp(moneyWords('plain'), 'u');
/** A word of price or spending ending right before them ("giá bao nhiêu", "trị giá bao nhiêu", 价值多少, 花多少). */
const MONEY_BEFORE = new RegExp(`(?:${moneyWords('price', 'spent')})\\s*$`, 'u');
/**
 * Words that compare amounts: more, most, bigger; nhiều (cổ phần) hơn/nhất, lớn nhất; 更多, 最多, 最大 — or ask how
 * they are split among several ("ownership split", "cổ phần chia thế nào", 股份怎么分) or what they come to together
 * ("tổng cộng", 加起来, "add up"): each one's, side by side.
 */
const COMPARED =
  /(?<![\p{L}\p{M}])(?:more|most|less|least|bigger|biggest|larger|largest|smaller|smallest|split|splits|breakdown|divided|(?:nhiều|nhieu|ít|it|lớn|lon|nhỏ|nho)(?:\s+[\p{L}\p{M}]+){0,5}\s+(?:hơn|hon|nhất|nhat)|phân chia|(?<!(?:cổ|co)\s+)phan chia|chia nhau|chia (?:như |nhu )?(?:thế nào|the nao|ra sao|sao)|tổng cộng|tong cong|cộng lại|cong lai|in total|add up|adds up|added up|combined)(?![\p{L}\p{M}])|更多|最多|最少|最大|最小|更大|比较多|多还是|怎么分|咋分|如何分|大头|加起来|总共|合计|一共/u;
/** A unit of time right after the asking words: "mấy ngày", "bao nhiêu năm", 几天, 多少年, "how many days". */
const SPAN_UNIT =
  /^\s*(?:(?:ngày|ngay|năm|tháng|thang|tuần|tuan|days?|months?|years?|weeks?)(?![\p{L}\p{M}])|[天年月日周]|个月)/u;
/** Words for those who hold shares. */
const SHAREHOLDERS = /(?<![\p{L}\p{M}])(?:cổ đông|co dong|shareholders?|stakeholders?)(?![\p{L}\p{M}])|股东/u;
/**
 * Words of shares: an amount asked about with one of them asks for a percentage. Typed plain, "nam" is "nắm" (hold)
 * only before "nhieu"/"it" ("ai nam nhieu hon"): alone it is as often "năm" (year).
 */
const SHARE =
  /(?<![\p{L}\p{M}])(?:cổ phần|co phan|cổ đông|co dong|sở hữu|so huu|nắm giữ|nam giu|nắm|giữ(?=\s*\d)|giu(?=\s*\d)|chiếm|chiem|góp phần|gop phan|stake|stakes|share|shares|shareholder|own|owns|ownership|cut|slice|nam(?=\s+(?:nhieu|it)(?![\p{L}\p{M}])))(?![\p{L}\p{M}])|股份|股权|持股|持有|股东|占/u;

/**
 * What `question` (chat words already read, NFC) asks for, or undefined when it asks for nothing in particular
 * (what something is, whether something is so).
 */
export function questionFocus(question: string, plain?: string): Focus | undefined {
  const q = question.toLowerCase();
  // A question typed without diacritics has its chat words read with theirs ("lam mang j" is "lam mang gì"), so
  // "làm gì" or "lam gi" alone would miss it: its asking words are looked for in `plain` too, the question read
  // without diacritics letter for letter, where none found already holds them.
  const p = plain?.toLowerCase();
  const forms = p !== undefined && p !== q && p.length === q.length ? [q, p] : [q];
  const found: Array<{ kind: Cue['kind']; start: number; end: number }> = [];
  for (const form of forms)
    for (const cue of CUES) {
      for (const m of allMatches(cue.pattern, form)) {
        const [start, end] = [m.index, m.index + m[0].length];
        if (form === q || !found.some((f) => f.start <= start && f.end >= end))
          found.push({ kind: cue.kind, start, end });
      }
    }
  const has = (re: RegExp) => forms.some((form) => re.test(form));
  const exec = (re: RegExp, from: number, to: number) => {
    for (const form of forms) {
      const m = re.exec(form.slice(from, to));
      if (m) return m;
    }
    return null;
  };
  // Words that ask inside longer ones are part of them: "sao" (why) of "nói sao" (what did he say).
  const inside = (f: { start: number; end: number }) =>
    found.some((g) => g !== f && g.start <= f.start && g.end >= f.end && g.end - g.start > f.end - f.start);
  const kinds = new Set(found.filter((f) => !inside(f)).map((f) => f.kind));
  const cues = found.map((f): [number, number] => [f.start, f.end]);
  const compared = exec(COMPARED, 0, q.length);
  // An amount: a share, a sum of money or a count, by what the question says around it.
  if (kinds.has('percent')) {
    // "bên nào góp nhiều nhất và được bao nhiêu %": the words that compare ask too.
    if (compared) cues.push([compared.index, compared.index + compared[0].length]);
    return { kind: 'percent', cues, ...(compared ? { compared: true as const } : {}) };
  }
  // "what's AliExpress Russia worth": a sum, as "how much is it worth" asks.
  const worth = exec(WHAT_WORTH, 0, q.length);
  if (worth && !kinds.has('time')) {
    // The asking words are "what's" and "worth"; what is valued, between them, is the question's.
    const end = worth.index + worth[0].length;
    cues.push([worth.index, worth.index + worth[0].indexOf(' ')], [end - 'worth'.length, end]);
    return sharesNamed(q, { kind: 'money', cues, worth: true });
  }
  // "ai nắm nhiều cổ phần nhất", "who owns more of the jv, megafon or mail.ru", 谁占股最多: who has the most of a
  // share or a sum is answered by the figures, whoever the asking word names.
  // "阿里拿下那48%的股份一共花了多少钱": money asked right after the asking words is a sum, whatever share is named.
  const moneyAsked = found.some((f) => f.kind === 'amount-word' && exec(MONEY_AFTER, f.end, f.end + 12) !== null);
  if (compared && !kinds.has('time')) {
    cues.push([compared.index, compared.index + compared[0].length]);
    // "who invested the most", 谁投资最多: what each put in is told by the stake it holds (no sum is given per party).
    if ((has(SHARE) || has(INVESTED)) && !moneyAsked) return { kind: 'percent', cues, compared: true };
    if (has(MONEY)) return sharesNamed(q, { kind: 'money', cues, compared: true });
  }
  if (kinds.has('amount-word') && !kinds.has('time')) {
    // "bán 5% cổ phần được bao nhiêu tiền", "那 5% 股份卖了多少钱": a money word right beside the asking words says
    // what is counted, whatever share the question also names.
    let beside = false;
    for (const f of found) {
      if (f.kind !== 'amount-word') continue;
      const after = exec(MONEY_AFTER, f.end, f.end + 12);
      if (after) {
        beside = true;
        // "bao nhiêu tiền", 多少钱: the plain word for money asks with them (the articles write sums, never "tiền").
        if (MONEY_PLAIN.test(after[0])) cues.push([f.end, f.end + after[0].length]);
      } else if (exec(MONEY_BEFORE, Math.max(0, f.start - 12), f.start)) beside = true;
    }
    if (beside)
      return sharesNamed(q, { kind: 'money', cues, ...(has(WORTH) || has(SIZE) ? { worth: true as const } : {}) });
    // "how much did alibaba pay for its stake": a word of money beside a share asks the sum paid for it.
    if (has(SHARE) && !has(PAID)) return { kind: 'percent', cues };
    // "how big is the deal", "liên doanh lớn cỡ nào", 合资公司多大: the size of the deal itself is what it is worth.
    if (has(SIZE) && has(THE_DEAL)) return sharesNamed(q, { kind: 'money', cues, worth: true });
    // "how big is the deal in $", 多大 in money: its size is what it is worth.
    if (has(MONEY))
      return sharesNamed(q, { kind: 'money', cues, ...(has(WORTH) || has(SIZE) ? { worth: true as const } : {}) });
    // "cách mấy ngày", 几天, "how many days": a count of days, months or years.
    if (
      found.some(
        (f) =>
          f.kind === 'amount-word' &&
          (exec(SPAN_UNIT, f.end, f.end + 8) !== null || /[天年周]$/u.test(q.slice(f.start, f.end))),
      )
    )
      return { kind: 'duration', cues };
    return { kind: 'amount', cues };
  }
  // "liên doanh có những cổ đông nào", 合资公司有哪些股东, "which shareholders": who holds shares is told by the split.
  if (kinds.has('organisation') && has(SHAREHOLDERS)) return { kind: 'percent', cues, compared: true };
  // "阿里官方是在哪儿发话的", "where did alibaba announce it", "ali nói điều này ở đâu": where words were said is where
  // they were published (a blog, a statement, an interview), not a country. The verb of saying asks too.
  if (kinds.has('place')) {
    // Not a word of a place cue itself ("noi nao", where).
    const said = spansOf([SAID], q).filter(([s, e]) => !cues.some(([cs, ce]) => s < ce && e > cs));
    if (said.length > 0) return { kind: 'venue', cues: [...cues, ...said] };
  }
  // "Alibaba công bố trên blog nào", "which blog did alibaba post it on", 发在哪个博客: which blog or site asks where.
  // Not where the article itself comes from ("bài này lấy nguồn từ trang nào": its source).
  // Asked with a verb of publishing or saying: "Mail.ru là trang web gì" asks what it is, not where words went.
  const medium = kinds.has('source') || spansOf([SAID], q).length === 0 ? [] : spansOf([WHICH_MEDIUM], q);
  if (medium.length > 0) return { kind: 'venue', cues: [...cues, ...medium] };
  for (const kind of [
    'caption',
    'title',
    'source',
    'latin-name',
    'han-name',
    'time',
    'reason',
    'place',
    'organisation',
    'person',
    'post',
    'quote',
  ] as const)
    if (kinds.has(kind)) {
      if (kind === 'time' && has(SHARE)) return sharesNamed(q, { kind, cues });
      // "Jack Ma từ chức chính xác vào ngày nào", "what year exactly": a date of that precision, not "the day after".
      if (kind === 'time' && has(EXACTLY)) {
        const exact = precision(q);
        if (exact) return { kind, cues, exact };
      }
      // "ký vào ngày mấy năm nào": a day of a year is a date written to the day.
      if (kind === 'time' && has(ASKS_YEAR))
        return { kind, cues, ...(has(ASKS_DAY) ? { exact: 'day' } : { year: true }) };
      if (kind === 'time' && has(ASKS_DAY)) return { kind, cues, exact: 'date' };
      // "tháng nào", 几月, "what month": a month written, not "next year".
      if (kind === 'time' && has(ASKS_MONTH)) return { kind, cues, exact: 'month' };
      // "what position will zhang hold", "giữ chức gì", 担任什么职务: holding or taking a post asks with the post.
      if (kind === 'post') return { kind, cues: [...cues, ...spansOf([TAKES_POST], q)] };
      return { kind, cues };
    }
  // "Alibaba nắm 51% đúng không?": a share stated to be checked is answered by the passage that gives the shares. The
  // figure stays content: no cue.
  if (found.length === 0 && has(SHARE) && STATED_PERCENT.test(q)) return { kind: 'percent', cues: [] };
  // "liên doanh này chỉ 200 triệu đô thôi đúng không", 合资公司是50亿美元吧: so is a sum, by the passage that gives the
  // sum — said of nothing paid, put in or bought, what something is worth. Not a sum asked about ("2 tỷ đó đã gồm các
  // khoản đầu tư khác chưa", "does the $2b cover all the money going in"): what it holds is asked.
  if (found.length === 0 && MONEY_AMOUNT.test(q) && !has(HOLDS))
    return { kind: 'money', cues: [], ...(has(SPENDING) ? {} : { worth: true as const }) };
  return undefined;
}
/** Words of investing: putting money into something. */
const INVESTED =
  /(?<![\p{L}\p{M}])(?:invest|invests|invested|investing|put in|put the most|đầu tư|dau tu|góp vốn|gop von|bỏ vốn|bo von|rót vốn|rot von)(?![\p{L}\p{M}])|投资|出资|注资|投入|投钱/u;
/** Words of what a sum holds: it includes, covers, counts in. */
const HOLDS =
  /(?<![\p{L}\p{M}])(?:gồm|gom|tính hết|tinh het|tính cả|tinh ca|tính vào|tinh vao|cover|covers|include|includes|including|included|counted|count in|left out|leave out|excluded|excludes)(?![\p{L}\p{M}])|包含|包括|包晒|含|计入|算进|算上/u;
/** Words of paying, investing or buying: a sum said with one is spent, not what something is worth. */
const SPENDING =
  /(?<![\p{L}\p{M}])(?:pay|paid|pays|cost|costs|spend|spent|invest|invests|invested|buy|buys|bought|sold|sell|đầu tư|dau tu|bỏ ra|bo ra|góp|gop|rót|rot|mua|bán)(?![\p{L}\p{M}])|投资|投入|出资|收购|买|卖|花/u;
/** Whether a question asks what someone put in, paid or got for something (see `Focus.paid`). */
export function asksPaid(question: string): boolean {
  // Not a word of paying that describes the venture asked about ("阿里投资的这个合资公司", "liên doanh mà Alibaba rót vốn").
  const q = question
    .toLowerCase()
    .replace(/(?:投资|出资|注资|投了)(?:成立)?的(?:这个|这家|那个|那家)?(?=合资|新公司|企业|公司)/gu, ' ')
    .replace(
      /(?<=(?:liên doanh|lien doanh|công ty|cong ty)\s+(?:mà|ma|do)\s+[^,?]{1,20}?)(?:rót vốn|rot von|đầu tư|dau tu|góp vốn|gop von|bỏ tiền|bo tien)/gu,
      ' ',
    );
  return PUT_IN.test(q);
}
const PUT_IN =
  /(?<![\p{L}\p{M}])(?:pay|paid|pays|paying|spend|spent|spends|spending|cost|costs|invest|invests|invested|investing|put|puts|putting|chip in|chipped in|fork out|forked out|shell out|shelled out|cough up|buy|buys|bought|sell|sells|sold|đầu tư|dau tu|bỏ ra|bo ra|bỏ vào|bo vao|bỏ vô|bo vo|bỏ tiền|bo tien|bỏ bao|bo bao|bỏ bn|bo bn|bỏ nhiêu|bo nhieu|góp|gop|rót|rot|chi ra|xì tiền|xi tien|mua(?!\s+(?:sắm|sam))|bán)(?![\p{L}\p{M}])|投资|投入|投了|出资|注资|出钱|出了多少|掏|花了|付了|砸了|收购|买|卖/u;
const STATED_PERCENT = /\d\s*(?:[%％]|phần trăm|phan tram|percent(?![\p{L}\p{M}]))|百分之/u;

/** A share written as a number and a percent sign or word: "5%", "15,2 %", "10％", "48 percent", "10 phần trăm". */
const SHARE_FIGURE = /(\d+(?:[.,]\d+)?)\s?(?:[%％]|(?:percent|phần trăm|phan tram)(?![\p{L}\p{M}]))/giu;
const shareNumber = (digits: string) => digits.replace(',', '.');

/** Whether `text` states a number (not only that an amount was not disclosed). */
export function statesNumber(text: string): boolean {
  return NUMBER.test(text);
}

/** Whether `text` states a sum of money (not only that one was not disclosed). */
export function statesSum(text: string): boolean {
  return MONEY_AMOUNT.test(text);
}

/**
 * Whether `text` states a sum as what something is worth: a word of worth in the sum's clause ("价值约 20 亿美元",
 * "trị giá 2 tỷ USD"), not a price paid ("以 7.4 亿美元收购").
 */
export function statesWorth(text: string): boolean {
  for (const [start, end] of clausesOf(text)) {
    const clause = text.slice(start, end);
    if (MONEY_AMOUNT.test(clause) && WORTH.test(clause)) return true;
  }
  return false;
}

/**
 * Where `text` states a sum put in or paid: each sum, with the clause it stands in when that clause says it as what
 * something is worth ("trị giá 2 tỷ USD", "这笔交易(仅)价值约 5 亿美元"), and each amount left undisclosed ("投资了未披露的
 * 金额", marked so), in text order.
 */
export function sumsPaid(text: string): Array<{ at: number; worth?: readonly [number, number]; undisclosed?: true }> {
  const clauses = clausesOf(text);
  const sums = allMatches(FIGURES.money!, text).map((m) => {
    const clause = clauses.find(([s, e]) => s <= m.index && m.index < e);
    return clause && WORTH.test(text.slice(clause[0], clause[1])) ? { at: m.index, worth: clause } : { at: m.index };
  });
  const unsaid = allMatches(UNDISCLOSED_ALL, text).map((m) => ({ at: m.index, undisclosed: true as const }));
  return [...sums, ...unsaid].sort((x, y) => x.at - y.at);
}

/**
 * The clauses of `text`, as [start, end) offsets: what commas, brackets and sentence ends separate (not the dot of
 * "mail . ru", nor the comma of "2,5 tỷ").
 */
export function clausesOf(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  for (const m of text.matchAll(CLAUSE_END)) {
    out.push([from, m.index]);
    from = m.index + m[0].length;
  }
  if (from < text.length) out.push([from, text.length]);
  return out;
}
const CLAUSE_END = /[，。；！？;!?【】]|(?<!\d),|,(?!\d)|\.\s(?=\p{Lu})/gu;

/** "what's … worth", "what is the jv worth now": what something is worth, asked without "how much". */
const WHAT_WORTH = /(?<![\p{L}\p{M}])what(?:'s|’s|s| is| was| are| were)\s(?:[^?]{0,60}\s)?worth(?![\p{L}\p{M}])/u;
/** Words that ask how big something is: asked in money, what it is worth. */
const SIZE =
  /(?<![\p{L}\p{M}])(?:how big|how large|lớn cỡ nào|lon co nao|lớn bao nhiêu|lon bao nhieu|lớn thế nào|lon the nao)(?![\p{L}\p{M}])|多大/u;
/** Words of paying for something, or of money itself (not a sum named, nor what something is worth). */
const PAID =
  /(?<![\p{L}\p{M}])(?:pay|paid|pays|cost|costs|spend|spent|trả|tra|tiền|tien|money)(?![\p{L}\p{M}])|花了|付了|钱/u;
/** Words for the deal or its venture. */
const THE_DEAL =
  /(?<![\p{L}\p{M}])(?:deal|jv|joint venture|venture|liên doanh|lien doanh|thương vụ|thuong vu|vụ này|vu nay)(?![\p{L}\p{M}])|合资|交易|这单/u;
/** Words of worth: what something is worth, valued at. */
const WORTH =
  /(?<![\p{L}\p{M}])(?:trị giá|tri gia|giá trị|gia tri|định giá|dinh gia|đáng giá|(?:đáng|dang)(?=\s+(?:bao nhiêu|bao nhieu|mấy|may)(?![\p{L}\p{M}]))|dang gia|worth|value|valued|valuation)(?![\p{L}\p{M}])|值|估值|价值|身价/u;

function sharesNamed(q: string, focus: Focus): Focus {
  const shares = allMatches(SHARE_FIGURE, q).map((m) => shareNumber(m[1]!));
  return shares.length > 0 ? { ...focus, shares } : focus;
}

/**
 * Whether `text` gives a sum for one of `shares`: a sum whose nearest share in its sentence is one of them. "MegaFon
 * 已同意将其在 Mail.ru 的 10%股份交易给阿里巴巴，这笔交易(仅)价值约 5 亿美元" prices the 10%; "它出售了 mail . ru 5%的股份【2017 年
 * 2 月，MegaFon 以 7.4 亿美元收购了 mail . ru 15.2%的股份" prices the 15.2%, not the 5%.
 */
export function pricesShare(
  text: string,
  shares: readonly string[],
  sentences: ReadonlyArray<[number, number]>,
): boolean {
  const figures = allMatches(SHARE_FIGURE, text).map((m) => ({ at: m.index, share: shareNumber(m[1]!) }));
  for (const m of allMatches(FIGURES.money!, text)) {
    const sentence = sentences.find(([s, e]) => m.index >= s && m.index < e);
    let nearest: { at: number; share: string } | undefined;
    for (const f of figures) {
      if (sentence && (f.at < sentence[0] || f.at >= sentence[1])) continue;
      if (!nearest || Math.abs(f.at - m.index) < Math.abs(nearest.at - m.index)) nearest = f;
    }
    if (nearest && shares.includes(nearest.share)) return true;
  }
  return false;
}

/**
 * Whether `text` dates one of `shares`: a sentence that names the share and a time ("2017 年 2 月，MegaFon 以 7.4 亿美元收购了
 * mail . ru 15.2%的股份" dates the 15.2%). Asked when the 10% changed hands, no sentence with 10% has a date.
 */
export function datesShare(
  text: string,
  shares: readonly string[],
  sentences: ReadonlyArray<[number, number]>,
): boolean {
  return sentences.some(([s, e]) => {
    const sentence = text.slice(s, e);
    return TIME.test(sentence) && allMatches(SHARE_FIGURE, sentence).some((m) => shares.includes(shareNumber(m[1]!)));
  });
}

/** An amount the article says was not disclosed answers "how much" too: with what it says. */
const UNDISCLOSED = /chưa được tiết lộ|không tiết lộ|chưa tiết lộ|未披露|undisclosed|not disclosed/iu;
const UNDISCLOSED_ALL = new RegExp(UNDISCLOSED.source, 'giu');

const PERCENT = /\d+(?:[.,]\d+)?\s?[%％]|phần trăm|百分之|\d+\s?成|một nửa|1 nửa|nửa|一半|half/iu;
const MONEY_AMOUNT =
  /(?:\d+(?:[.,]\d+)?\s*(?:tỷ|triệu|nghìn|ngàn|billion|million|亿|万|千)?\s*(?:USD|đô|đồng|美元|卢布|rúp|rubles?|dollars?|\$))|\$\s?\d|\d+(?:[.,]\d+)?\s*(?:亿|万)\s*美元/iu;
// 一家, 一个, 一位 are "a company", "a", "one (person)": the article's "a", not a count; 一亿 is one.
const NUMBER =
  /\d|nửa|一半|半数|第[一二三四五六七八九十]|(?:[二三四五六七八九十两]|[一二三四五六七八九十两]{2,})[个家次位年月亿万]|一[亿万]|[百千万亿]/u;
/** One day, month or year, counted: "một ngày sau", 前一天, 未来一年, "a day later". */
const ONE_SPAN =
  /(?<![\p{L}\p{M}])(?:một|mot|one|a)\s+(?:ngày|năm|tháng|tuần|day|month|year|week)(?![\p{L}\p{M}])|一[天年月周]/iu;
/** Words that insist on an exact answer (see `Focus.exact`). */
const EXACTLY =
  /(?<![\p{L}\p{M}])(?:chính xác|chinh xac|cụ thể|cu the|đúng ngày|dung ngay|exactly|exact|precisely|specific)(?![\p{L}\p{M}])|具体|确切|准确|確切|準確/u;
/** Asking which year; and which day (see `Focus.year`). */
const ASKS_YEAR =
  /(?<![\p{L}\p{M}])(?:năm nào|nam nao|năm mấy|nam may|năm bao nhiêu|nam bao nhieu|what year|which year)(?![\p{L}\p{M}])|哪年|哪一年|几几年|幾幾年/u;
const ASKS_DAY =
  /(?<![\p{L}\p{M}])(?:ngày mấy|ngay may|ngày nào|ngay nao|ngày bao nhiêu|what day|which day|what date|which date)(?![\p{L}\p{M}])|哪天|哪一天|几号|幾號|几月几日/u;
const ASKS_MONTH =
  /(?<![\p{L}\p{M}])(?:tháng nào|thang nao|tháng mấy|thang may|what month|which month)(?![\p{L}\p{M}])|几月|幾月|哪个月|哪個月/u;
/** A year written, or counted from the article's: what answers "which year" (see `Focus.year`). */
export const YEARLY =
  /(?<!\d)(?:19|20)\d{2}(?!\d)(?!\s*[万亿])|(?<!vài |mấy |nhiều )năm (?:tới|sau|ngoái|nay|trước)|今年|明年|去年|未来一年|next year|last year|this year/iu;
/**
 * The precision a time question asks for: the finest unit it names (năm, 年, year…), a day when it names a day or
 * date; none when it names none ("when exactly is jack ma stepping down": "within the next year" answers it).
 */
function precision(q: string): 'year' | 'month' | 'day' | undefined {
  // The finest named: "哪年哪月哪天", "ngày tháng năm nào" ask a day. Not 天 of 天然气 (Gazprombank's name).
  if (
    /(?<![\p{L}\p{M}])(?:(?:ngày|ngay|hôm|hom)(?:\s+(?:tháng|thang|năm|nam))*\s+(?:nào|nao|mấy|may|gì|gi)|(?:what|which|exact)\s+(?:day|date)|date\s+exactly|to the day)(?![\p{L}\p{M}])|哪一?天|哪一?日|几[号號日]|日期|日子/u.test(
      q,
    )
  )
    return 'day';
  if (/(?<![\p{L}\p{M}])(?:tháng|thang|month)(?![\p{L}\p{M}])|月/u.test(q)) return 'month';
  if (/(?<![\p{L}\p{M}])(?:năm|nam|year)(?![\p{L}\p{M}])|年/u.test(q)) return 'year';
  return undefined;
}
/** A day written: of a month ("ngày 11", "11 日", "September 11", "11/9"). */
const DAY_WRITTEN =
  '\\d+\\s?[日号]|ngày\\s?\\d+|\\d{1,2}\\/\\d{1,2}|(?:January|February|March|April|May|June|July|August|September|October|November|December)\\s+\\d{1,2}\\b';
/** A day counted from another: "một ngày sau khi", "hôm trước", "the day after", 前一天, 次日. */
const DAY_COUNTED =
  '(?<![\\p{L}\\p{M}])(?:một ngày|hôm|ngày hôm) (?:sau|trước)|(?<![\\p{L}\\p{M}])(?:the )?(?:day|days) (?:after|before)|[前后次翌]一?[天日]|当天|同一天';
/** A date written to each precision (see `Focus.exact`). */
export const DATED = {
  year: /(?:19|20)\d{2}/u,
  month:
    /(?:19|20)\d{2}|tháng\s?\d+|\d+\s?月|January|February|March|April|May|June|July|August|September|October|November|December/iu,
  day: new RegExp(DAY_WRITTEN, 'iu'),
  date: new RegExp(`${DAY_WRITTEN}|${DAY_COUNTED}`, 'iu'),
} as const;
const TIME =
  /(?:19|20)\d{2}|tháng\s?\d+|\d+\s?月|\d+\s?日|năm tới|năm sau|năm ngoái|năm nay|năm trước|hiện tại|hiện nay|hôm qua|hôm nay|ngày sau|ngày trước|một ngày|vài năm|trước đó|sắp tới|gần đây|几年前|前一天|次日|今年|明年|去年|未来一年|目前|此前|最近|迄今|现任|next year|last year|this year|yesterday|ago|January|February|March|April|May|June|July|August|September|October|November|December/iu;
/** Verbs of saying or publishing, asked with "where" (see `venue`). */
/**
 * Verbs of holding or taking a post, asked with it (see the `post` cues). Not 担任, 出任: the Chinese article says
 * them ("张将出任董事长兼 CEO"), so they are evidence, not only asking.
 */
const TAKES_POST =
  /(?<![\p{L}\p{M}])(?:hold|holds|holding|held|take|takes|taking|took|have|has|had|get|gets|got|giữ|giu|nắm|đảm nhận|dam nhan|đảm nhiệm|dam nhiem)(?![\p{L}\p{M}])/gu;
const SAID =
  /(?<![\p{L}\p{M}])(?:nói|noi|phát biểu|phat bieu|công bố|cong bo|tuyên bố|tuyen bo|giải thích|giai thich|thông báo|thong bao|lên tiếng|len tieng|chia sẻ|chia se|đăng|announce|announced|announces|explain|explained|explains|stated|statement|(?:post|posted|publish|publishes|published|release|released|put out)(?!\s+(?:(?:its|their|the|new)\s+)?(?:products?|goods|items|results|services?|apps?))|wrote|written|(?:say|said)(?=\s+(?:this|that|it|so|these|those)(?![\p{L}\p{M}])|\s*[?？.!]*$))(?![\p{L}\p{M}])|发话|表示|宣布|公布|解释|透露|声明|回应|发表|说法|发(?:布)?在(?=[^，。,？?]{0,4}哪)|(?:说|讲)(?:的|了)(?=\s*[吗呢啊呀？?。！!]|\s*$)/gu;
/** Which blog or site, asked: where words were published. */
const WHICH_MEDIUM =
  /(?<![\p{L}\p{M}])(?:(?:blog|website|trang web) (?:nào|nao)|(?:which|what) (?:blog|website|site))(?![\p{L}\p{M}])|(?:哪个|哪一个|什么)(?:博客|网站|官网)/gu;
/** Where words are published or said: on a blog, in a statement, an interview or comments, in a report. */
const VENUE =
  /在[^，。,]{0,12}(?:博客|声明|评论|采访|报道|会议|发布会|公告|文章|帖子|网站|官网)(?:上|中|里)|据[^，。,]{0,12}报道|(?<![\p{L}\p{M}])(?:on (?:its|their|his|her|the|a) [\p{L} ]{0,20}(?:blog|website|site)|in (?:a|an|its|their|the) [\p{L} ]{0,20}(?:statement|interview|comments?|report|post|press release)|trên (?:blog|trang|website)|trong (?:một |1 )?(?:tuyên bố|thông cáo|bài phỏng vấn|cuộc phỏng vấn|bình luận))(?![\p{L}\p{M}])/iu;
const REASON =
  /(?<![\p{L}\p{M}])(?:để|vì|do|bởi|nhằm|nên|giúp|cho phép|khiến|vì vậy|bởi vì|xét đến|because|since|so that|in order|due to|to ensure|considering|given that)(?![\p{L}\p{M}])|因为|由于|为了|以便|以确保|随着|需要|所以|因此|使得|为此|考虑到|鉴于/iu;

const FIGURES: Partial<Record<FocusKind, RegExp>> = {
  percent: new RegExp(PERCENT.source, 'giu'),
  money: new RegExp(MONEY_AMOUNT.source, 'giu'),
};

/**
 * Where the text states a figure of `kind` (a share, a sum of money): [start, end) of each. Undefined for the kinds
 * whose answers are not figures that belong to someone.
 */
export function figureSpans(kind: FocusKind, text: string): Array<[number, number]> | undefined {
  const re = FIGURES[kind];
  return re && allMatches(re, text).map((m): [number, number] => [m.index, m.index + m[0].length]);
}

const ABOUT_AN_ARTICLE =
  /(?<![\p{L}\p{M}])(?:bài|bai|article|story|post|piece|write-up|news|bản tin|ban tin|tin tức|tin tuc|tin này|tin nay|tin gốc|tin goc)(?![\p{L}\p{M}])|文章|这篇|那篇|本文|原文|文版|译文|新闻|这条|这则|消息/iu;

/** Verbs of mentioning something ("nhắc tới", 提到, "bring up"): where a question about an article uses them. */
export function mentionCues(question: string): Array<[number, number]> {
  return spansOf(MENTIONS, question);
}
const MENTIONS = [
  w(
    'nhắc tới',
    'nhac toi',
    'nhắc đến',
    'nhac den',
    'nhắc',
    'nhac',
    'đề cập',
    'de cap',
    'nói tới',
    'noi toi',
    'nói đến',
    'noi den',
    'bring up',
    'brings up',
    'bringing up',
    'bring',
    'mention',
    'mentions',
    'mentioned',
  ),
  h('提到', '提及', '说到', '讲到', '谈到'),
];

/** Whether the question speaks of an article itself ("bài này", "the article", 这篇, 越南文版). */
export function aboutAnArticle(question: string): boolean {
  return ABOUT_AN_ARTICLE.test(question);
}

/** Whether the passage's text holds an answer of `kind` that does not need the names in it (see below). */
export function textAnswers(kind: FocusKind, text: string): boolean {
  switch (kind) {
    case 'percent':
      return PERCENT.test(text);
    case 'money':
      return MONEY_AMOUNT.test(text) || UNDISCLOSED.test(text);
    case 'amount':
      return NUMBER.test(text) || UNDISCLOSED.test(text);
    case 'duration':
      return NUMBER.test(text) || ONE_SPAN.test(text);
    case 'time':
      return TIME.test(text);
    case 'reason':
      return REASON.test(text);
    case 'quote':
      return quotesWords(text);
    case 'post':
      // Answered by the glossary's positions: see `focusMet` in score.ts.
      return false;
    case 'venue':
      return VENUE.test(text);
    case 'person':
    case 'organisation':
    case 'place':
    case 'source':
    case 'title':
    case 'caption':
    case 'called':
    case 'latin-name':
    case 'han-name':
      // Answered by names, or by where the passage stands: see `focusMet` in score.ts.
      return false;
  }
}

/**
 * Whether `text` quotes someone's words: a quotation of some length (10 Chinese characters, or 6 words), opened or
 * closed in it — a quotation of several sentences is quoted in each. Not a word or two in quotation marks
 * (“重要增长市场”, "địa điểm dừng chân", a "horse").
 */
function quotesWords(text: string): boolean {
  for (const m of allMatches(QUOTED, text)) if (speech(m[1] ?? m[2] ?? m[3] ?? '')) return true;
  return false;
}
// An opening mark and what follows it; or, at the start, what comes before a closing mark (the end of a quotation
// opened in a sentence before). A straight quote opens and closes alike: only a pair of them quotes.
const QUOTED = /"([^"]*)"|[“「『]([^”」』]*)|^([^“「『"]*)[”」』]/gu;
function speech(words: string): boolean {
  const han = words.match(/\p{Script=Han}/gu)?.length ?? 0;
  return han >= 10 || (han === 0 && words.trim().split(/\s+/u).length >= 6);
}

/**
 * For "who", "which company" and "where": how well the passage names someone or somewhere the question does not
 * name itself — 1 for a person (who), a company or fund (which company) or a place (where), ½ for an organisation
 * where a person was asked (who may be a company: "ai rót tiền vào?"), 0 for neither.
 */
export function namesAnswer(
  kind: 'person' | 'organisation' | 'place',
  passageKeys: Iterable<string>,
  questionKeys: ReadonlySet<string>,
  known: { places: ReadonlySet<string>; people: ReadonlySet<string>; parties: ReadonlySet<string> },
): number {
  let best = 0;
  for (const key of passageKeys) {
    if (questionKeys.has(key)) continue;
    if (kind === 'organisation' && known.parties.has(key) && !known.people.has(key)) return 1;
    if (kind === 'place' && known.places.has(key)) return 1;
    if (kind === 'person' && known.people.has(key)) return 1;
    if (kind === 'person' && key.startsWith('e:')) best = 0.5;
  }
  return best;
}

/** This module's patterns, compiled before the first question (see `compileAhead`, src/text/patterns.ts). */
export const FOCUS_PATTERNS: readonly RegExp[] = [
  ...CUES.map((c) => c.pattern),
  ...NAME_CUES,
  ...MENTIONS,
  ...Object.values(DATED),
  ...Object.values(FIGURES),
  UNDISCLOSED_ALL,
  PUT_IN,
  ASKS_NATIONALITY,
  NATIONALITY_BEFORE,
  NATIONALITY_AFTER,
  ASKS_NAME,
  AFTERWORD,
  PREAMBLE,
  MONEY,
  MONEY_AFTER,
  MONEY_PLAIN,
  MONEY_BEFORE,
  COMPARED,
  SPAN_UNIT,
  SHAREHOLDERS,
  SHARE,
  INVESTED,
  HOLDS,
  SPENDING,
  STATED_PERCENT,
  SHARE_FIGURE,
  CLAUSE_END,
  WHAT_WORTH,
  SIZE,
  WORTH,
  UNDISCLOSED,
  PERCENT,
  MONEY_AMOUNT,
  NUMBER,
  ONE_SPAN,
  EXACTLY,
  ASKS_YEAR,
  ASKS_DAY,
  YEARLY,
  TIME,
  TAKES_POST,
  SAID,
  VENUE,
  REASON,
  ABOUT_AN_ARTICLE,
  QUOTED,
  ONLY_IS_IT_TRUE,
  ASKING_MARKER,
  WHICH_MEDIUM,
  PAID,
  THE_DEAL,
];
