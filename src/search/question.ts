import { hanWords } from '../text/chinese.ts';
import { type Mention } from '../text/lexicon.ts';
import { FIGURE_KEY, figureMentions } from '../text/figures.ts';
import { figureOwner, isCompany, tradeOwner } from './described.ts';
import { allMatches } from '../text/matches.ts';
import { articleNamed, detectLanguage } from '../text/language.ts';
import { fold, looksVietnamese, simplify } from '../text/normalize.ts';
import {
  aboutAnArticle,
  asksPaid,
  ASKS_NAME,
  ASKS_NATIONALITY,
  type Focus,
  mentionCues,
  nameCues,
  leadIn,
  preamble,
  afterword,
  questionFocus,
  saysNationality,
} from './focus.ts';
import type { IndexParts } from './parts.ts';
import { analyze, contentUnits, isStopWord, type Token, type Unit, wordBounds } from './tokenize.ts';
import { isEnglishWord } from '../text/english.ts';

/**
 * What a question is made of, worked out once per search: its terms and their ids in the index, the names and
 * glossary terms it mentions, and its content units, each weighted for coverage and for evidence.
 */

/** A content unit of a question, as the engine weighs it. */
export interface QuestionUnit extends Unit {
  /** Index into {@link Analysis.names} when the unit is part of an entity's name. */
  name: number;
  /** Part of a glossary term: matched only by the term's key, never word by word. */
  term: boolean;
  /** Weight in the evidence: the coverage weight times the unit's specificity. */
  evidence: number;
  /** A Han character no bigram of the question reaches (基金「占」了): looked up in the passage text. */
  lone?: string;
  /** The terms and keys of the question that stand for this unit: where a passage has one, it has the unit. */
  matches: string[];
  /** No passage has any of its terms. */
  unknown?: true;
  /** A Chinese character (Simplified): the unit of a Chinese question. */
  char?: string;
  /**
   * Part of a word for the corpus's subject itself ("thương vụ", 这笔交易, "this deal"): it says what the question is
   * about, not what it asks, so it counts only for a passage that has it.
   */
  topic?: true;
  /**
   * For "who" and "which company" asked of a position: the word for the position, and a word for a joint venture
   * beside it ("ai làm CEO liên doanh", 合资公司的 CEO 是谁). Someone is asked for in that post, of that venture: a
   * passage without the word does not answer, however much else it has (Alibaba's CEO is not the venture's; the
   * venture named without a CEO names nobody in the post). Without a position, "which shareholders does the venture
   * have" is answered by the split, which need not repeat the venture's name.
   */
  needed?: true;
  /**
   * For how many people: the word right beside the word for whom is counted that says which of them ("người dùng
   * smartphone", "smartphone users", 智能手机用户). A count answers only in a sentence that has it too: "70 triệu
   * người dụng Internet" is not a count of smartphone users, though the next sentence speaks of smartphones.
   */
  qualifies?: true;
  /** A figure with a scale word ("2 tỷ USD", 20 亿美元): its value's key is among its matches (src/text/figures.ts). */
  figure?: true;
  /** In a clause that sets something aside ("Ngoài vụ liên doanh, …", 除了…, "besides X"): given, not asked. */
  aside?: true;
}

/**
 * The units right beside a word for whom is counted, with nothing but spaces between, that say which of them are
 * counted: a glossary word, not a place ("người dùng Nga" counts Russia's users, told wherever Russia is named), nor
 * another word for people counted.
 */
function qualifiersOf(
  q: string,
  units: readonly QuestionUnit[],
  counted: ReadonlySet<QuestionUnit>,
  cues: ReadonlyArray<[number, number]>,
  index: IndexParts,
): Set<QuestionUnit> {
  const found = new Set<QuestionUnit>();
  const sorted = [...units].sort((x, y) => x.start - y.start);
  // "bao nhiêu người đang sử dụng smartphone": people counted by what they use, the verb a few words after the asking
  // words; what they use says which.
  const using = sorted.filter(
    (u, i) =>
      u.matches.includes(USE) &&
      cues.some(([, end]) => u.start >= end && sorted.slice(0, i).filter((x) => x.start >= end).length < 3),
  );
  for (const c of [...counted, ...using]) {
    const i = sorted.indexOf(c);
    for (const u of counted.has(c) ? [sorted[i - 1], sorted[i + 1]] : [sorted[i + 1]]) {
      if (u === undefined || counted.has(u)) continue;
      const gap = u.start >= c.end ? q.slice(c.end, u.start) : q.slice(u.end, c.start);
      if (!/^\s*$/u.test(gap)) continue;
      if (!u.matches.some((m) => m.startsWith('g:'))) continue;
      if (u.matches.some((m) => COUNTED.has(m) || index.places.has(m) || index.topics.has(m))) continue;
      found.add(u);
    }
  }
  return found;
}

/**
 * "how much is alibaba worth", "Mail.ru trị giá bao nhiêu": the worth of one company or fund the question names alone,
 * with no venture, deal, place or share beside it. The articles value the joint venture ("liên doanh trị giá 2 tỷ
 * USD") and shares, never a partner itself: what a passage about the partner is worth is not its worth.
 */
function worthOfParty(
  focus: Focus | undefined,
  names: readonly string[],
  mentions: readonly Mention[],
  index: IndexParts,
): boolean {
  if (focus?.kind !== 'money' || !focus.worth || focus.shares || names.length !== 1) return false;
  const [name] = names;
  return (
    index.parties.has(name!) &&
    !index.people.has(name!) &&
    !index.partners.has(name!) &&
    !mentions.some(
      (m) => index.topics.has(m.key) || index.ventures.has(m.key) || index.places.has(m.key) || m.key === STAKE,
    )
  );
}

/**
 * "what did megafons ceo say", "CEO của MegaFon nói gì", "RDIF 的 CEO 是谁": a post of a company the question names,
 * which no passage speaks of with that company (the articles name Alibaba's and Mail.ru's heads, not MegaFon's):
 * whoever holds it is someone the articles never mention.
 */
function postOfUnknown(mentions: readonly Mention[], q: string, index: IndexParts): boolean {
  return mentions.some(
    (post) =>
      index.roles.has(post.key) &&
      // Not "老板", "ông chủ" (the boss): said of a company, as often its owner as its head.
      !OWNER_WORDS.test(q.slice(post.start, post.end)) &&
      mentions.some((m) => {
        if (!isCompany(index, m.key) || index.partners.has(m.key)) return false;
        const gap = m.end <= post.start ? q.slice(m.end, post.start) : q.slice(post.end, m.start);
        if (!POST_OF.test(gap)) return false;
        const { terms } = index;
        return !meet(terms.postingsOf(terms.id(post.key)), terms.postingsOf(terms.id(m.key)));
      }),
  );
}

/**
 * Whether two ascending lists of passages have one in common: each of the shorter one looked for in the longer, from
 * where the one before was (a binary search over what is left), with nothing made (a post's or a company's passages
 * may be most of a large corpus).
 */
function meet(a: Uint32Array, b: Uint32Array): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let lo = 0;
  for (let i = 0; i < short.length && lo < long.length; i++) {
    const n = short[i]!;
    let hi = long.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (long[mid]! < n) lo = mid + 1;
      else hi = mid;
    }
    if (lo < long.length && long[lo] === n) return true;
  }
  return false;
}
const OWNER_WORDS = /老板|老闆|ông chủ|ong chu|boss|owner/iu;
/** What stands between a company and its post: "MegaFon CEO", "megafon's ceo", "ceo của megafon", "RDIF 的 CEO". */
const POST_OF = /^\s*(?:['’]s|của|cua|of|的)?\s*$/iu;

/**
 * Which known terms and keys of the question stand for each unit, worked out once per question rather than once per
 * candidate: `coverage` (score.ts) looks each distinct term up once in a candidate, then reads the units' lists.
 */
export interface QuestionTerms {
  /** The distinct term ids (all known: ≥ 0) of the question's tokens and mentions. */
  ids: number[];
  /**
   * The terms that overlap unit k are entries `first[k]` to `first[k + 1]` (not included) of `slot` and `how`: `slot`
   * indexes `ids`; `how` is a token with the question's diacritics (`TEXT`), one matched without them (`FOLDED`), or
   * an entity or glossary key (`KEY`). Flat typed arrays: coverage reads them for every candidate.
   */
  first: Uint32Array;
  slot: Uint32Array;
  how: Uint8Array;
  /** Scratch for `coverage`, one per id. */
  state: Uint8Array;
}

/** How a term stands for a unit (`QuestionTerms.how`). */
export const TEXT = 0;
export const FOLDED = 1;
export const KEY = 2;

/** What a question is made of, worked out once per search. */
export interface Question {
  tokens: Token[];
  /** Term ids of the tokens (-1 when the corpus never uses the term). */
  tokenIds: number[];
  mentions: Mention[];
  mentionIds: number[];
  /** The distinct entity keys the question names. */
  names: string[];
  units: QuestionUnit[];
  /** What the question asks for, when it asks for a kind of thing (see focus.ts). */
  focus: Focus | undefined;
  /** Every entity and glossary key the question names. */
  keys: Set<string>;
  /** It names someone or something the articles never mention: nothing in them answers it. */
  stranger: boolean;
  /** It speaks of a company by a description rather than by its name (see {@link describesCompany}). */
  describes: boolean;
  /** The glossary keys of a trade it describes a company by ("电信公司", "công ty viễn thông"; see {@link tradesOf}). */
  trades: string[];
  /** Those pointed at, as one company spoken of ("那个电信公司", "the telecom company", "công ty viễn thông đó"). */
  pointed: string[];
  /** The known terms of each unit (see {@link QuestionTerms}). */
  termsByUnit: QuestionTerms;
  /** Per name, scratch for `coverage` (score.ts). */
  nameAsked: Float64Array;
  nameAnswered: Float64Array;
  nameSeen: Uint8Array;
}

/**
 * "megafon nam bao nhieu phan tram", "ai nam nhieu co phan nhat": typed without diacritics, "nam" before "bao nhiêu"
 * and a share, or before "nhiều"/"ít" (more, less), is "nắm" (hold),
 * not "năm" (year) or "Nam" (south, Việt Nam), which the articles also write, so the word alone is never read as
 * "nắm". Same length, so offsets hold.
 */
function holdBeforeShare(q: string): string {
  return q.replace(HOLD_BEFORE_SHARE, 'nắm');
}
const HOLD_BEFORE_SHARE =
  /(?<![\p{L}\p{M}])(?<!(?:việt|viet|miền|mien)\s+)nam(?=\s+(?:(?:bao nhiêu|bao nhieu|mấy|may)\s*(?:%|％|phần trăm|phan tram|cổ phần|co phan|phần|phan)|nhiều|nhieu|ít|it|\d+(?:[.,]\d+)?\s*(?:%|％))(?![\p{L}\p{M}]))/gu;

/**
 * "what does mail.ru actually do? never heard of it tbh", "what is RDIF? saw the acronym, no clue what it stands for",
 * "…CEO now? good luck with that lol": an English remark about the member after the question mark, that names nothing
 * (the lexicon knows no name in it, and every word is an English one), gives no figure and asks nothing, as [start,
 * end) offsets: not the question.
 */
function remarkAfter(q: string, mentions: readonly Mention[]): [number, number] | undefined {
  const mark = Math.max(q.lastIndexOf('?'), q.lastIndexOf('？'));
  if (mark <= 0 || !/\p{L}/u.test(q.slice(0, mark))) return undefined;
  const remark = q.slice(mark + 1).trimStart();
  const start = q.length - remark.length;
  if (!/\p{L}/u.test(remark) || /\p{N}/u.test(remark) || mentions.some((m) => m.end > start)) return undefined;
  if (/\p{Script=Han}/u.test(remark) || !MEMBER_REMARK.test(remark.toLowerCase())) return undefined;
  // Nor a word no English dictionary knows: a name the articles never mention ("…? i bet wildberries") is asked of.
  // "i'm new here", "it's new to me": a contraction's words are the words before it.
  const words = remark.toLowerCase().replace(/['’](?:m|s|t|ve|re|ll|d)(?![\p{L}\p{M}])/gu, '');
  const known = (word: string) => isStopWord(word) || isEnglishWord(word);
  if (!(words.match(/[\p{Script=Latin}\p{M}]+/gu) ?? []).every(known)) return undefined;
  // Not a second question ("…谁占股多？差多少"): a remark asks nothing.
  return questionFocus(remark) === undefined ? [start, q.length] : undefined;
}

/** Whether the question is only a party, a word for a share of it, and perhaps the venture (see `analyse`). */
function terseShare(q: string, tokens: readonly Token[], mentions: readonly Mention[], index: IndexParts): boolean {
  const share = mentions.find((m) => m.key === STAKE && SHARE_NOUN.test(q.slice(m.start, m.end)));
  if (!share || !mentions.some((m) => index.parties.has(m.key))) return false;
  const kept = (m: Mention) => m.key === STAKE || index.parties.has(m.key) || index.ventures.has(m.key);
  return tokens.every((t) => mentions.some((m) => kept(m) && m.start <= t.start && m.end >= t.end));
}
const SHARE_NOUN =
  /^(?:stakes?|shares?|cut|slice|piece|chunk|equity|cổ phần|co phan|phần vốn|phan von|股份|股权|持股|占股|份额)$/iu;

/** Words of a remark about the member or their mood: "i", "tbh", "lol", "no clue", "never heard", "good luck". */
const MEMBER_REMARK =
  /(?<![\p{L}\p{M}])(?:i|i'm|im|i've|ive|me|my|tbh|ngl|lol|lmao|haha|hahaha|idk|no clue|no idea|never heard|just curious|curious|wondering|good luck|thanks|thx|ty|pls|plz|sorry)(?![\p{L}\p{M}])/u;

/**
 * A thing counted ("bao nhiêu người dùng", "how many users can alibaba sell to", 多少用户): a count asked beside a
 * word of buying or selling is no sum paid (see `Focus.paid`).
 */
const COUNTED_THING =
  /(?<![\p{L}\p{M}])(?:người|nguoi|users?|people|customers?|shoppers?|khách hàng|khach hang|thị trường|thi truong|markets?|dịch vụ|dich vu|services?|mảng|mang|lĩnh vực|linh vuc|nước|nuoc|countries)(?![\p{L}\p{M}])|用户|网民|人|市场|服务|领域|国家|地区/u;
/**
 * "Russia-China relations", "US-Russia": two names joined by a hyphen are the two names. Spaced, so offsets hold.
 */
function namesApart(q: string): string {
  return q.replace(HYPHEN_BETWEEN_NAMES, ' ');
}
const HYPHEN_BETWEEN_NAMES = /(?<=(?<![\p{L}\p{M}])\p{Lu}[\p{L}\p{M}]+)-(?=\p{Lu}[\p{L}\p{M}]+(?![\p{L}\p{M}]))/gu;

/**
 * "mail.ru's own payment thing", "its own brand": "own" after a possessive stresses whose it is; it is not "owns" (a
 * stake). Blanked, so offsets hold.
 */
function ownAsEmphasis(q: string): string {
  return q.replace(OWN_AFTER_POSSESSIVE, '   ');
}
const OWN_AFTER_POSSESSIVE =
  /(?<=(?:['’]s|(?<![\p{L}\p{M}])(?:its|their|his|her|our|your|my))\s+)own(?![\p{L}\p{M}])/giu;

/**
 * "Chủ tịch (president) của Alibaba", "thương mại điện tử (e-commerce)": a word glossed in brackets right after it is
 * one unit with its gloss — a passage that has either has what is asked, not only one that has both. Not a Chinese
 * character (a unit of one character is not the word glossed).
 */
function glossesAsOne(q: string, raw: Array<{ start: number; end: number; weight: number }>): void {
  for (let i = 0; i + 1 < raw.length; i++) {
    const [word, gloss] = [raw[i]!, raw[i + 1]!];
    if (/\p{Script=Han}/u.test(q.slice(word.start, word.end))) continue;
    if (!/^\s*[(（]\s*$/u.test(q.slice(word.end, gloss.start)) || !/^\s*[)）]/u.test(q.slice(gloss.end))) continue;
    raw.splice(i, 2, { start: word.start, end: gloss.end, weight: Math.max(word.weight, gloss.weight) });
  }
}

/** A "1" by itself, not part of a figure: no scale word, unit or percent after it, nor a digit or decimal point. */
function loneOne(q: string, u: { start: number; end: number }): boolean {
  if (q.slice(u.start, u.end) !== '1' || /[\d.,]$/u.test(q.slice(0, u.start))) return false;
  return !LONE_ONE_FIGURE.test(q.slice(u.end));
}
const LONE_ONE_FIGURE =
  /^(?:[\d.,%％$]|\s*(?:[%％$]|(?:phần trăm|phan tram|percent|tỷ|tỉ|ty|triệu|trieu|nghìn|nghin|ngàn|ngan|trăm|tram|usd|đô|do|bn|billion|million|m|k)(?![\p{L}\p{M}\p{N}])|[亿万千百美年月日号]))/iu;

/**
 * The clause a question opens with to set something aside ("Ngoài X ra/thì …", 除了 X(以外)，…, "besides X, …"), as
 * [start, end) offsets of X, or undefined. Only at the start of the question or of a clause: "nước ngoài" is "abroad".
 */
function besides(q: string): [number, number] | undefined {
  return clause(BESIDES, q) ?? clause(BESIDES_AFTER, q);
}
/** The span of the one group of `re` (a `d`-flagged alternation) that matched `q` in lower case, or undefined. */
function clause(re: RegExp, q: string): [number, number] | undefined {
  // The others' spans are undefined at run time.
  const x = re.exec(q.toLowerCase())?.indices?.slice(1).find(Boolean);
  return x ? [x[0], x[1]] : undefined;
}
const BESIDES =
  /(?:^|[,，.。:：;；?？]\s*)(?:(?:ngoài|ngoai)\s+(.{2,60}?)\s*(?:(?<![\p{L}\p{M}])(?:ra|thì|thi|còn|con)(?![\p{L}\p{M}])|[,，])|(?:除了|除咗|除)(.{1,30}?)(?:以外|之外|外)?\s*[,，]?\s*(?:还|仲|也|，|,)|(?:besides|apart from|aside from|other than)\s+(.{2,60}?)\s*(?:,|\b(?:who|what|which|where|how|are|is|do|does|did|can)\b))/du;
/** Or closes with, in English ("who else put money in besides Alibaba and Mail.ru?"). */
const BESIDES_AFTER =
  /(?<![\p{L}\p{M}])(?:besides|apart from|aside from|other than|except)\s+(.{2,60}?)\s*[?？.!]*\s*$/du;
/**
 * The clause a question opens with that says what happens first, before it asks what comes after ("Jack Ma nghỉ rồi
 * thì …", "sau khi Jack Ma từ chức, …", "马云辞职之后…", "after ma steps down, …"), as [start, end), or undefined.
 */
function premise(q: string): [number, number] | undefined {
  return clause(PREMISE, q);
}
/** What someone will do, asked after it ("định làm gì tiếp", 打算做什么, "what will he do"), read without diacritics. */
const ASKS_DOING =
  /(?<![\p{L}\p{M}])(?:lam gi|lam j|do next|what will (?:he|she|they|it) do|what(?:'s| is) (?:he|she|they) (?:going to|gonna) do|plans?)(?![\p{L}\p{M}])|打算(?:做|干)?(?:什么|咩|乜|啥)?|做什么|干什么|做咩|做乜|计划做什么/u;
const PREMISE =
  /^(?:(.{2,60}?)\s+(?:rồi|roi|xong|xong rồi|xong roi)\s+(?:thì|thi)(?![\p{L}\p{M}])|(?:sau khi|sau khi mà)\s+(.{2,60}?)\s*(?:,|(?<![\p{L}\p{M}])(?:thì|thi)(?![\p{L}\p{M}]))|(.{1,20}?)(?:之后|以后)|after\s+(.{2,60}?)\s*(?:,|\b(?:what|who|will|does|did|is|are|has)\b))/du;
/** What the words of a clause that sets something aside weigh (of their weight). */
const SET_ASIDE = 0.6;

/** Words of when a post is held: from now on, current (glossary keys). */
const WHEN_OF_POST: ReadonlySet<string> = new Set(['g:future', 'g:current']);
/** What may be asked of a company the question describes by its country (see `analyseQuestion`). */
const DESCRIBED: ReadonlySet<string> = new Set(['amount', 'money', 'percent', 'time']);
/** The glossary's keys of investing and of holding a stake (see `analyseQuestion`). */
export const INVEST = 'g:invest';
const INCLUDE = 'g:include';
const PARTNER = 'g:partner';
export const STAKE = 'g:stake';
/** The glossary's key of taking part, and the keys of what taking part in the deal is (see `analyseQuestion`). */
const PART_OF = 'g:part-of';
const TAKING_PART = [INVEST, STAKE, 'g:partner'];
/** Words for now ("张勇现在是什么职位", "hiện giờ giữ chức gì"): the frame of a question, like the words of WHEN_OF_POST. */
const NOW =
  /现在|目前|如今|当前|而家|(?<![\p{L}\p{M}])(?:hiện giờ|hien gio|bây giờ|bay gio|hiện nay|hien nay|giờ|gio|now|currently)(?![\p{L}\p{M}])/gu;
/** The glossary's key of using something. */
const USE = 'g:use';
/**
 * "… hay là công ty nào khác", "or someone else", 还是别的公司: after a name, the question offers it as a guess and asks
 * which one it really is (matched on the question folded, lower case).
 */
const OR_ANOTHER =
  /(?<![\p{L}\p{M}])(?:hay|hoac)(?: la)? (?:(?:cong ty|cty|ben|hang|nguoi|ong|tap doan|doi tac) )?(?:nao |ai )?khac(?![\p{L}\p{M}])|(?<![\p{L}\p{M}])(?:hay|hoac)(?: la)? (?:cong ty|cty|ben|hang|tap doan|doi tac) nao(?![\p{L}\p{M}])|(?<![\p{L}\p{M}])hay (?:la )?ai(?: vay| the)?\s*[?？]|还是(?:别的|其他|其它|另外|别家|另一家)|定係(?:其他|第二)|\bor (?:someone|somebody|some other|another|a different|who else|which)\b/u;
/**
 * "Daniel还是David", "Daniel hay David", "MegaFon or Beeline": what stands between a name the articles know and a name
 * they never mention offered beside it as the other guess (matched on the question folded, lower case).
 */
const OR_BETWEEN =
  /^[\s,，、]*(?:还是|或者|或是|定係|(?<![\p{L}\p{M}])(?:hay la|hay|hoac la|hoac|or|hay chi la)(?![\p{L}\p{M}]))[\s,，、]*$/u;
/** A claim checked, closing the question: "… phải không?", "… đúng ko", "…, right?" (folded, lower case). */
const CLAIM_CHECK =
  /(?<![\p{L}\p{M}])(?:(?:phai|dung)\s+(?:khong|ko|k|hong|hem)|right|correct|true)(?:\s+(?:vay|a|nhi|ha|mn|ae|moi nguoi|anh em|ca nha))*\s*[?？!.]*\s*$/u;
/** What lies between a name and what it is said to be: "là (bên|cty)", "is (a|an|from)" (folded, lower case). */
const SAID_TO_BE = /^\s*(?:la|is|was|thuoc)(?:\s+(?:ben|cty|cong ty|hang|nguoi|cua|nuoc|a|an|from|of|based in))*\s*$/u;
/** Words that compare (matched on the question folded, lower case). */
const COMPARING = /(?<![\p{L}\p{M}])(?:hon|than|more|less|bigger|larger|smaller)(?![\p{L}\p{M}])|更|比|较/u;
/** Words for people counted: users, consumers, buyers, sellers (glossary keys). */
export const COUNTED: ReadonlySet<string> = new Set(['g:users', 'g:consumers', 'g:sellers']);
/** What may stand between the asking words and the word for whom is counted: spaces, a measure word (多少个). */
const MEASURE_WORDS = '[个位名家]';
const GAP_BEFORE_COUNTED = new RegExp(`^\\s*${MEASURE_WORDS}?\\s*$`, 'u');
const MEASURE_WORD = new RegExp(`^${MEASURE_WORDS}$`, 'u');

export function analyseQuestion(query: string, index: IndexParts): Question {
  const a = analyse(query, index);
  // "CEO của cái cty có 100 triệu user đó là ai", "拥有1亿用户的那家公司CEO是谁": a company described by a figure the
  // articles give of one company is that company, as if the member had named it — when something else of it is asked
  // (not "which company has 100 million users").
  const kind = a.focus?.kind;
  if (kind === 'called' || kind === 'latin-name' || kind === 'han-name') return a;
  if (!a.describes) return claimedOfAnother(query, a, index);
  const described = (owner: string | undefined) => {
    if (owner === undefined || a.names.includes(owner)) return undefined;
    const name = index.namesIn(owner, 'latin')[0] ?? index.namesIn(owner, 'han')[0];
    return name === undefined ? undefined : analyse(`${query} (${name})`, index);
  };
  // Asked which company, a company described is the one asked for ("cty nào có 100 triệu user") — unless pointed at as
  // one spoken of ("那个俄罗斯电信公司跟谁搞过合资").
  const organisation = kind === 'organisation';
  for (const u of organisation ? [] : a.units) {
    const key = figureKeyOf(u);
    const owner = key === undefined ? undefined : figureOwner(index, key);
    const read = described(owner);
    if (read) return read;
  }
  // "那个俄罗斯电信公司今年早些时候还跟谁搞过合资": the company of that trade, the same way — when no company is named
  // ("megafon là cty ngân hàng à" asks what MegaFon is).
  for (const key of a.names.some((k) => isCompany(index, k)) ? [] : organisation ? a.pointed : a.trades) {
    const read = described(tradeOwner(index, key));
    if (read) return read;
  }
  return a;
}

/**
 * "Nga có tận 100 triệu người dùng internet đúng hông": a figure the articles give of one company (Mail.ru's 100
 * million users), said of something else the question names (Russia) and of no company, is the member's mistake, not
 * evidence: it would find the owner's passage rather than the one about what is asked (Russia's 70 million). The
 * question is read without it. Not when a person or company is asked for ("100 triệu user là của cty nào").
 */
function claimedOfAnother(query: string, a: Question, index: IndexParts): Question {
  const kind = a.focus?.kind;
  if (kind === 'person' || kind === 'organisation' || a.names.some((k) => isCompany(index, k))) return a;
  const subject = a.units.some(
    (u) => !u.figure && u.matches.some((k) => index.places.has(k) || (k.startsWith('e:') && !isCompany(index, k))),
  );
  if (!subject) return a;
  const claimed = new Set<string>();
  for (const u of a.units) {
    const key = figureKeyOf(u);
    const owner = key === undefined ? undefined : figureOwner(index, key);
    if (key !== undefined && owner !== undefined && !a.names.includes(owner)) claimed.add(key);
  }
  if (claimed.size === 0) return a;
  let read = query;
  for (const f of figureMentions(query.toLowerCase()))
    if (claimed.has(f.key)) {
      // With its currency ("500 triệu USD"): a currency left alone reads as a name the articles never mention.
      const end =
        f.end + (/^\s*(?:usd|us\$|đô la|đô|dollars?|bucks|美元|美金)/iu.exec(read.slice(f.end))?.[0].length ?? 0);
      read = read.slice(0, f.start) + ' '.repeat(end - f.start) + read.slice(end);
    }
  return read === query ? a : analyse(read, index);
}

/** The key of the figure a unit is part of ("200" and "triệu USD" of "200 triệu USD"), if it is. */
function figureKeyOf(u: QuestionUnit): string | undefined {
  return u.figure ? u.matches.find((k) => k.startsWith(FIGURE_KEY)) : undefined;
}

/**
 * Whether a question speaks of a company by a description rather than by its name: a word for a company that no
 * name stands beside ("cái cty Nga có email … mà hợp tác với Alibaba"; not "cty MegaFon", "MegaFon 公司"). A name
 * joined to it by 的 or "của" is another's ("拥有 MegaFon 的集团": the group that owns MegaFon).
 */
function describesCompany(mentions: readonly Mention[], q: string): boolean {
  const names = mentions.filter((m) => m.key.startsWith('e:'));
  const beside = (from: number, to: number) => to - from <= 2 && !OF.test(q.slice(from, to));
  return mentions.some(
    (m) =>
      m.key === COMPANY_KEY &&
      !names.some((x) => (x.start >= m.end && beside(m.end, x.start)) || (x.end <= m.start && beside(x.end, m.start))),
  );
}
const OF = /的|của|cua/u;

/**
 * The trades a question describes a company by, with no name beside it: a term whose words say a company
 * ("那个俄罗斯电信公司"), or one right after a Vietnamese word for a company ("công ty viễn thông") or before an English
 * one ("the telecom company").
 */
function tradesOf(mentions: readonly Mention[], q: string, index: IndexParts): Mention[] {
  const names = mentions.filter((m) => m.key.startsWith('e:'));
  const gap = (x: Mention, y: Mention) => (x.end <= y.start ? q.slice(x.end, y.start) : q.slice(y.end, x.start));
  const near = (x: Mention, y: Mention) => gap(x, y).length <= 2;
  const company = mentions.filter((m) => m.key === COMPANY_KEY);
  const described = (m: Mention) =>
    COMPANY_WORD.test(q.slice(m.start, m.end)) ||
    company.some((c) => near(c, m) && (c.end <= m.start ? VI_COMPANY : EN_COMPANY).test(q.slice(c.start, c.end)));
  return mentions.filter(
    (m) =>
      m.key.startsWith('g:') &&
      m.key !== COMPANY_KEY &&
      !index.ventures.has(m.key) &&
      !index.places.has(m.key) &&
      !index.topics.has(m.key) &&
      described(m) &&
      !names.some((x) => near(x, m) && !OF.test(gap(x, m))),
  );
}
/** Whether a company described is pointed at as one spoken of (see `Question.pointed`). */
const pointedAt = (q: string, m: Mention) =>
  POINTED_BEFORE.test(q.slice(0, m.start)) || POINTED_AFTER.test(q.slice(m.end));
const COMPANY_WORD = /公司|集团|运营商/u;
/** "那个", "the", "that" before a company described; "đó", "ấy", "kia" after it. */
const POINTED_BEFORE =
  /(?:那个|那家|这个|这家|该)[^，。？?\s]{0,4}\s*$|(?<![\p{L}\p{M}])(?:the|that|this)\s+(?:[\p{L}-]+\s+)?$/iu;
const POINTED_AFTER = /^\s*(?:(?:company|firm)\s+)?(?:đó|do|ấy|ay|kia)(?![\p{L}\p{M}])|^\s*(?:company|firm)?\s*[,，]/iu;
const VI_COMPANY = /^(?:công ty|cong ty|cty|hãng|hang|tập đoàn|tap doan)$/iu;
const EN_COMPANY = /^(?:company|companies|firm|carrier|operator)$/iu;
export const COMPANY_KEY = 'g:company';

function analyse(query: string, index: IndexParts): Question {
  // Chat words read as the articles write them; Traditional characters as Simplified (one for one: offsets hold).
  const q = namesApart(
    ownAsEmphasis(
      holdBeforeShare(simplify(index.spellNames(index.chat.read(query.normalize('NFC'), index.ambiguous)))),
    ),
  );
  const typedPlain = !looksVietnamese(query);
  const english = detectLanguage(query) === 'en';
  const tokenizing = {
    han: index.options.han,
    segmenter: index.segmenter,
    known: (term: string) => index.terms.id(term) >= 0,
    typedPlain,
  };
  // A long story before the marker of asking ("…, anyway the bit i need is …"): no content, no term to search, and
  // whom it names is not whom the question asks about.
  const scanned = index.lexicon.scan(q, wordBounds(q, tokenizing), index.ambiguous);
  // Only when the question after it says whom or where it is about, or the story names nobody: "Mình đang tìm hiểu về
  // cổ phần của RDIF…, cho mình hỏi là bao nhiêu phần trăm?" asks of the RDIF the story names.
  const whomOrWhere = (m: Mention) => m.key.startsWith('e:') || index.places.has(m.key);
  const told = leadIn(q);
  const lead =
    told &&
    (scanned.some((m) => m.start >= told[1] && whomOrWhere(m)) ||
      !scanned.some((m) => m.start < told[1] && whomOrWhere(m)))
      ? told
      : undefined;
  const tokens = analyze(q, tokenizing).filter((t) => lead === undefined || t.start >= lead[1]);
  const mentions = scanned.filter((m) => lead === undefined || m.start >= lead[1]);
  const tokenIds = tokens.map((t) => index.terms.id(t.term));
  const mentionIds = mentions.map((m) => index.terms.id(m.key));
  // A closing clause about the member ("…, mình hơi mù tịt") or asking the channel ("…，谁记得"), unless it names
  // someone: not the question, nor what it asks (谁 of 谁记得 asks for no person).
  const closing = afterword(q) ?? remarkAfter(q, mentions);
  const asks = closing && !mentions.some((m) => m.key.startsWith('e:') && m.end > closing[0]) ? closing[0] : q.length;
  // Typed without diacritics: the asking words are looked for in the question read without them too.
  const story = (text: string) => (lead ? ' '.repeat(lead[1]) + text.slice(lead[1]) : text);
  let focus = questionFocus(
    story(q).slice(0, asks),
    typedPlain ? story(holdBeforeShare(fold(q))).slice(0, asks) : undefined,
  );
  if ((focus?.kind === 'money' || (focus?.kind === 'amount' && !COUNTED_THING.test(q))) && !focus.worth && asksPaid(q))
    focus = { ...focus, paid: true };
  // "mail.ru stake in JV??", "megafon cổ phần?", MegaFon 股份？: a party and a word for a share, and nothing else, ask
  // that party's share. Not "mail.ru owner?" (whom it belongs to).
  if (focus === undefined && terseShare(q, tokens, mentions, index)) focus = { kind: 'percent', cues: [] };
  // "MegaFon góp vốn bao nhiêu %", "who invested the most, what percent": the share of what was put in is the stake
  // held, which the split gives ("MegaFon 占 24%") without a word of investing.
  if (focus?.kind === 'percent' && !mentions.some((m) => m.key === STAKE))
    for (const m of mentions.filter((m) => m.key === INVEST)) {
      mentions.push({ key: STAKE, start: m.start, end: m.end });
      mentionIds.push(index.terms.id(STAKE));
    }
  // "RDIF có tham gia không", "did MegaFon take part", RDIF有参与吗: whether a party took part is answered where it invests,
  // holds its share or partners ("quỹ đầu tư … cũng đã đầu tư"), which never says "take part".
  const parties = mentions.filter((m) => m.key.startsWith('e:'));
  if (focus === undefined && parties.length > 0 && parties.every((m) => index.parties.has(m.key)))
    for (const m of mentions.filter((m) => m.key === PART_OF))
      for (const key of TAKING_PART) {
        mentions.push({ key, start: m.start, end: m.end });
        mentionIds.push(index.terms.id(key));
      }
  // The words that ask (bao nhiêu, 谁, when…) are not content a passage must repeat.
  // Nor is the article a question names ("theo bài tiếng Việt"): the answer policy reads it.
  const named = articleNamed(q);
  // An opening clause about the member ("Mình mới đọc tin, cho hỏi …"), unless it names someone.
  const opening = preamble(q);
  const asking = [
    ...(focus?.cues ?? []),
    ...nameCues(q),
    // "why does the article bring up paytm", "sao bài báo nhắc tới Paytm": that it is mentioned is the question, not
    // a word the passage that mentions it must repeat.
    ...(aboutAnArticle(q) ? mentionCues(q) : []),
    ...(named ? [[named.start, named.end] as [number, number]] : []),
    ...(opening && !mentions.some((m) => m.key.startsWith('e:') && m.start < opening[1]) ? [opening] : []),
    ...(lead ? [lead] : []),
    ...(closing && asks < q.length ? [closing] : []),
  ];
  const asked = (u: { start: number; end: number }) => !asking.some(([s, e]) => u.start < e && u.end > s);
  // "1 mình", "kéo 1 đối tác": typed for "một" (a, one), not a figure the answer must hold (unlike "1 tỷ", "1%").
  const raw = contentUnits(q, tokenizing).filter((u) => asked(u) && !loneOne(q, u));
  // A name or place the lexicon finds is content even when each of its words alone is a stop word: "An Do" (Ấn Độ,
  // typed without diacritics) is "an" and "do". (Not any term: "hiện có" is "now there are" as often as "existing".)
  for (const m of mentions)
    if (
      (m.key.startsWith('e:') || index.places.has(m.key)) &&
      asked(m) &&
      !/\p{Script=Han}/u.test(q.slice(m.start, m.end)) &&
      !raw.some((u) => u.start < m.end && u.end > m.start)
    )
      raw.push({ start: m.start, end: m.end, weight: 1 });
  // So is a glossary term of several words typed without diacritics whose words alone are stop words once typed so,
  // when the term as written has a word that is none: "dau tu" is "đầu tư" (invest), not "đâu" and "từ". (Not "hiện
  // có": written so, both its words are stop words too.)
  for (const m of mentions) {
    const typed = q.slice(m.start, m.end);
    if (!m.key.startsWith('g:') || !asked(m) || typed !== fold(typed) || !/\s/u.test(typed)) continue;
    if (raw.some((u) => u.start < m.end && u.end > m.start)) continue;
    const written = index.lexicon.writtenAs(m.key, typed.toLowerCase().split(/\s+/u).join(' '));
    if (written.some((words) => words.some((w) => !isStopWord(w.toLowerCase()))))
      raw.push({ start: m.start, end: m.end, weight: 1 });
  }
  raw.sort((x, y) => x.start - y.start);
  glossesAsOne(q, raw);
  const nameMentions = mentions.filter((m) => m.key.startsWith('e:'));
  const names = [...new Set(nameMentions.map((m) => m.key))];
  let near = new Overlapping(tokens);
  let units = raw.map((u): QuestionUnit => {
    const overlaps = (x: { start: number; end: number }) => x.start < u.end && x.end > u.start;
    // The tokens that overlap the unit, in order (indices into `tokens`).
    const over = near.of(u);
    const matches = [
      ...over.filter((i) => tokenIds[i]! >= 0).map((i) => tokens[i]!.term),
      ...mentions.filter(overlaps).map((m) => m.key),
    ];
    const keyIds = mentionIds.filter((_, i) => overlaps(mentions[i]!));
    const name = nameMentions.find(overlaps);
    if (name) {
      const weight = index.options.entityWeight / raw.filter((v) => v.start < name.end && v.end > name.start).length;
      return shaped(u, {
        weight,
        name: names.indexOf(name.key),
        term: false,
        evidence: weight * specificity(index, keyIds),
        matches,
      });
    }
    const term = keyIds.length > 0;
    const topic = mentions.some((m) => overlaps(m) && index.topics.has(m.key));
    // A character whose every bigram runs into a name has no term of its own.
    const bigrams = over.map((i) => tokens[i]!).filter((t) => t.kind === 'han');
    if (
      !term &&
      bigrams.length > 0 &&
      bigrams.every((t) => nameMentions.some((m) => m.start < t.end && m.end > t.start))
    ) {
      return shaped(u, {
        weight: u.weight,
        name: -1,
        term,
        evidence: u.weight,
        lone: q.slice(u.start, u.end),
        matches,
      });
    }
    const known = term || over.some((i) => tokenIds[i]! >= 0);
    const own = over.filter((i) => !tokens[i]!.folded).map((i) => tokenIds[i]!);
    const text = q.slice(u.start, u.end);
    const han = /^\p{Script=Han}$/u.test(text);
    // A word the articles never use is probably what is asked, and weighs more. Not a Chinese character: its
    // bigrams run across word boundaries (合资里, 里各), so an unknown one says nothing about its word. Nor a word of an
    // English question: no article is in English, so most of its words are unknown but those the glossary holds.
    const weight = known || han || english ? u.weight : u.weight * index.options.unknownWeight;
    return shaped(u, {
      char: han ? text : undefined,
      weight,
      name: -1,
      term,
      evidence: weight * specificity(index, term ? keyIds : own),
      matches,
      unknown: known ? undefined : true,
      topic: topic ? true : undefined,
      figure: matches.some((k) => k.startsWith(FIGURE_KEY)) ? true : undefined,
    });
  });
  // "200 triệu USD", "5 billion": a figure cut into a number and its scale word is one figure, weighed once (as a name
  // of several words is).
  const figureParts = new Map<string, number>();
  for (const u of units) {
    const key = figureKeyOf(u);
    if (key !== undefined) figureParts.set(key, (figureParts.get(key) ?? 0) + 1);
  }
  if ([...figureParts.values()].some((n) => n > 1))
    units = units.map((u) => {
      const parts = figureParts.get(figureKeyOf(u) ?? '') ?? 1;
      return parts > 1 ? { ...u, weight: u.weight / parts, evidence: u.evidence / parts } : u;
    });
  // "Alibaba bắt tay với Yandex hả, hay là công ty nào khác?", "did they team up with Yandex or someone else": a name
  // the articles never mention, offered as a guess beside asking which other one it is, is no word of the question.
  // So is one offered as the other guess beside a name the articles know ("Daniel还是David", "Daniel hay David").
  // Not two names compared ("Alibaba hay Amazon lớn hơn?"): each is asked of.
  const comparing = COMPARING.test(fold(q).toLowerCase());
  const guessed = (u: QuestionUnit, i: number) => {
    if (comparing) return false;
    // Or checked as a claim ("alibaba bắt tay với yandex ở Nga phải không?"): the articles' own partner answers it.
    if (
      CLAIM_CHECK.test(fold(q.slice(u.end)).toLowerCase()) &&
      mentions.some((m) => isCompany(index, m.key)) &&
      mentions.some((m) => m.key === PARTNER || index.ventures.has(m.key))
    )
      return true;
    const before = units.slice(0, i).findLast((v) => v.name >= 0);
    const after = units.slice(i + 1).find((v) => v.name >= 0);
    // Or said to be what a name the articles know is, checked as a claim ("Paytm là bên Indonesia đúng ko", "paytm is
    // an indonesian company, right?"): what the articles say of that name answers it.
    if (
      before !== undefined &&
      CLAIM_CHECK.test(fold(q.slice(u.end)).toLowerCase()) &&
      SAID_TO_BE.test(fold(q.slice(before.end, u.start)).toLowerCase())
    )
      return true;
    return (
      (before !== undefined && OR_BETWEEN.test(fold(q.slice(before.end, u.start)).toLowerCase())) ||
      (after !== undefined && OR_BETWEEN.test(fold(q.slice(u.end, after.start)).toLowerCase()))
    );
  };
  units = units.filter(
    (u, i) =>
      !(u.unknown && u.role === 'name' && (OR_ANOTHER.test(fold(q.slice(u.end)).toLowerCase()) || guessed(u, i))),
  );
  // A proper name the articles never mention ("the capital of France", "thời tiết Hà Nội"): the question is about
  // something else, however well its other words match.
  const stranger =
    units.some((u) => u.unknown && u.role === 'name') ||
    // "den 2020 nga se co bao nhieu ng dung net", "how it performed in 2019": a year after any the articles could speak
    // of (more than one after the latest they state) asks of a time they do not reach.
    tokens.some((t) => YEAR.test(t.term) && latestYear(index) > 0 && Number(t.term) > latestYear(index) + 1) ||
    // A glossary term no passage has ("阿里现在股价多少": the glossary knows a share price only to keep it apart from a
    // stake): the question asks of something the articles never speak of.
    mentions.some((m) => m.key.startsWith('g:') && !(index.terms.df(index.terms.id(m.key)) > 0)) ||
    worthOfParty(focus, names, mentions, index) ||
    postOfUnknown(mentions, q, index) ||
    (index.options.unknownAsked &&
      (placedUnknown(q, mentions, index) ||
        (focus?.kind === 'place' &&
          (placeOfUnknown(q, focus.cues, mentions, index) || units.some((u) => placeThing(q, u)))) ||
        ((focus?.kind === 'amount' || focus?.kind === 'money' || focus?.kind === 'percent') &&
          (countOfUnknown(q, focus.cues, units) || hanCountOfUnknown(q, focus.cues, mentions, index)))));
  // "Who is Boris Dobrodeev?" asks who the name itself is, not for someone else: any passage about them answers.
  if (
    (focus?.kind === 'person' || focus?.kind === 'organisation') &&
    names.length === 1 &&
    units.length > 0 &&
    units.every((u) => u.name >= 0)
  )
    focus = undefined;
  // "does the $2B figure count the other investments", "valuation 2 tỷ là tính cả mấy khoản đầu tư khác chưa": a sum
  // the question gives, asked what it includes, is no sum asked for ("然而，这一数字不包括…其他投资" answers it).
  if (
    (focus?.kind === 'money' || focus?.kind === 'amount') &&
    mentions.some((m) => m.key === INCLUDE) &&
    mentions.some((m) => m.key.startsWith(FIGURE_KEY))
  )
    focus = undefined;
  // The post someone holds now or later ("张勇以后是啥职位", "current title"): when is the frame of the question, not
  // evidence a passage must give ("张将出任董事长兼 CEO" says neither 以后 nor 现在). So is now for anything asked
  // ("阿里现在股份多少": zh ¶3 has 现在 and no share of the venture), and there it weighs less too.
  const post = focus?.kind === 'post';
  const now = allMatches(NOW, q.toLowerCase()).map((m) => [m.index, m.index + m[0].length] as const);
  units = units.map((u) =>
    (post && u.matches.some((m) => WHEN_OF_POST.has(m))) ||
    ((focus !== undefined || nameCues(q).length > 0) && now.some(([start, end]) => u.start >= start && u.end <= end))
      ? { ...u, role: 'time' as const, weight: post ? u.weight : u.weight * SET_ASIDE }
      : u,
  );
  // Who holds a position (see `QuestionUnit.needed`).
  const holds = (u: QuestionUnit, kinds: ReadonlySet<string>) => u.matches.some((m) => kinds.has(m));
  if ((focus?.kind === 'person' || focus?.kind === 'organisation') && units.some((u) => holds(u, index.roles)))
    units = units.map((u) => (holds(u, index.roles) || holds(u, index.ventures) ? { ...u, needed: true as const } : u));
  // "AliExpress ở Nga có bao nhiêu người mua", 有多少用户: a count of people is answered by a figure of them, not by any
  // figure of the company (its 48%): the word for whom is counted, right after the asking words, is needed — after a
  // measure word or one word that says which of them ("how many local sellers", 多少个本地商家) too.
  if (focus?.kind === 'amount') {
    const counted = new Set<QuestionUnit>();
    for (const [, end] of focus.cues) {
      const after = units.filter((u) => u.start >= end).sort((x, y) => x.start - y.start);
      let from = end;
      let words = 0;
      for (let i = 0; i < after.length; i++) {
        const u = after[i]!;
        if (!GAP_BEFORE_COUNTED.test(q.slice(from, u.start))) break;
        if (holds(u, COUNTED)) {
          counted.add(u);
          break;
        }
        if (MEASURE_WORD.test(q.slice(u.start, u.end))) {
          from = u.end;
          continue;
        }
        // Chinese units are characters: 本 and 地 of 本地 are one word, a key they share.
        const sameWord =
          i > 0 && from === u.start && u.matches.some((m) => m.includes(':') && after[i - 1]!.matches.includes(m));
        if (!sameWord && ++words > 1) break;
        from = u.end;
      }
    }
    const qualifying = qualifiersOf(q, units, counted, focus.cues, index);
    units = units.map((u) =>
      counted.has(u) ? { ...u, needed: true as const } : qualifying.has(u) ? { ...u, qualifies: true as const } : u,
    );
  }
  // "how much did alibaba put into that turkish e-commerce company", 阿里给土耳其那家电商投了多少钱: a company the
  // question describes by its country, asked a figure or a date of. A passage that does not name the country does
  // not speak of it, whatever figure it gives (the venture's 2 billion).
  if (focus && DESCRIBED.has(focus.kind)) {
    const described = mentions.filter((m) => index.places.has(m.key) && saysNationality(q, m.start, m.end));
    if (described.length > 0)
      units = units.map((u) =>
        described.some((m) => u.start < m.end && u.end > m.start) ? { ...u, needed: true as const } : u,
      );
  }
  // "Ngoài 70 triệu người dùng ở Nga thì còn ai nữa", 除了俄罗斯本国网民，还有哪些用户: what the opening clause sets aside
  // is given, not asked: the passage that only says it again ("70 triệu người dụng") is not the answer. Its words
  // count for less.
  const aside = besides(q);
  if (aside)
    units = units.map((u) =>
      u.start >= aside[0] && u.end <= aside[1]
        ? { ...u, weight: u.weight * SET_ASIDE, evidence: u.evidence * SET_ASIDE, aside: true as const }
        : u,
    );
  // "Jack Ma nghỉ rồi thì định làm gì tiếp", 马云辞职之后打算做咩, "after ma steps down what will he do": what happens
  // first is given; what comes after it is asked. A passage that only says the first again ("Jack Ma công bố kế hoạch
  // từ chức") is no evidence for the rest. Names stay: whom it is about.
  // The words that ask it ("định làm gì", 打算做什么) are no evidence either: "宣布计划…辞职" is a plan to resign.
  const first = premise(q);
  const doing = first ? ASKS_DOING.exec(fold(q.slice(first[1]).toLowerCase())) : null;
  if (first && doing) {
    const [from, to] = [first[1] + doing.index, first[1] + doing.index + doing[0].length];
    const given = (u: QuestionUnit) => u.name < 0 && u.start >= first[0] && u.end <= first[1];
    units = units.map((u) => (given(u) || (u.start >= from && u.end <= to) ? { ...u, evidence: 0 } : u));
  }
  // "megafon la ngan hang ha", "mail.ru là cty Trung Quốc à", "MegaFon 是银行吗", "is rdif a bank": whether something is
  // a kind of thing asks what it is, which the passage that introduces it says (a telecom, a Russian company), not a
  // passage with the kind's word (zh ¶16's 银行 is Gazprombank).
  // Nor are its words what MiniSearch should look for (zh ¶15's 中国公司 of "Mail.ru是中国公司吗").
  if (focus === undefined && names.length === 1 && kindChecked(q, mentions, names[0]!, units, index)) {
    units = units.filter((u) => u.name >= 0);
    const spans = mentions.filter((m) => m.key === names[0]);
    const inName = (x: { start: number; end: number }) => spans.some((m) => x.start >= m.start && x.end <= m.end);
    for (let i = tokens.length - 1; i >= 0; i--)
      if (!inName(tokens[i]!)) [tokens, tokenIds].forEach((l) => l.splice(i, 1));
    for (let i = mentions.length - 1; i >= 0; i--)
      if (!inName(mentions[i]!)) [mentions, mentionIds].forEach((l) => l.splice(i, 1));
    near = new Overlapping(tokens);
  }
  // "Alibaba là công ty của nước nào": the country the company is of; "which russian co": a company of that country
  // (see `Focus.nationality`).
  if (focus?.kind === 'place' && names.length > 0 && ASKS_NATIONALITY.test(q.toLowerCase()))
    focus = { ...focus, nationality: 'asked' };
  // "Michael Evans là người nước nào", "quốc tịch gì", 马云是哪里人, "where is jack ma from": a person's country, said
  // of them.
  else if (
    (focus === undefined || focus.kind === 'place') &&
    names.length > 0 &&
    names.every((k) => index.people.has(k)) &&
    ASKS_ORIGIN.test(q.toLowerCase())
  )
    focus = { kind: 'place', cues: focus?.cues ?? [], nationality: 'asked' };
  else if (focus?.kind === 'organisation' && mentions.some((m) => index.places.has(m.key)))
    focus = { ...focus, nationality: 'given' };
  // "Jack Ma's title" is his job, not an article's headline.
  if (focus?.kind === 'title' && names.some((k) => index.people.has(k))) focus = { kind: 'post', cues: focus.cues };
  // "cái liên doanh đó tên là gì", 合资公司叫啥名儿: the name of something the question does not name — a joint venture,
  // even when it names the companies that formed it ("MegaFon 跟 Gazprombank 那个合资公司叫啥"), not when it names a
  // person ("what did Usmanov call joint ventures").
  if (
    focus === undefined &&
    units.length > 0 &&
    (names.length === 0 ||
      (mentions.some((m) => index.ventures.has(m.key)) && !names.some((k) => index.people.has(k)))) &&
    nameCues(q).length > 0
  )
    focus = { kind: 'called', cues: [] };
  // "Cty TMĐT Thổ Nhĩ Kỳ mà Alibaba mới rót vốn tên là gì": the name of someone else the question describes, beside the
  // words that describe it.
  else if (
    focus === undefined &&
    names.length > 0 &&
    !names.some((k) => index.people.has(k)) &&
    !mentions.some((m) => index.roles.has(m.key)) &&
    mentions.some((m) => !m.key.startsWith('e:') && !index.topics.has(m.key)) &&
    ASKS_NAME.test(typedPlain ? fold(q).toLowerCase() : q.toLowerCase())
  )
    focus = { kind: 'called', cues: [], other: true };
  // What the question asks with (not an opening about the member, nor a lead-in) describes, or not, a company.
  const describing = mentions.filter(asked);
  const trades = tradesOf(describing, q, index);
  return {
    tokens,
    tokenIds,
    mentions,
    mentionIds,
    names,
    units,
    focus,
    keys: new Set(mentions.map((m) => m.key)),
    stranger,
    describes: describesCompany(describing, q) || trades.length > 0,
    trades: trades.map((m) => m.key),
    pointed: trades.filter((m) => pointedAt(q, m)).map((m) => m.key),
    termsByUnit: termsByUnit(units, near, tokens, tokenIds, mentions, mentionIds),
    nameAsked: new Float64Array(names.length),
    nameAnswered: new Float64Array(names.length),
    nameSeen: new Uint8Array(names.length),
  };
}

/** The words that ask where a person is from (see `Focus.nationality`), in lower case. */
const ASKS_ORIGIN =
  /(?<![\p{L}\p{M}])(?:người nước nào|nguoi nuoc nao|người ở đâu|nguoi o dau|người vùng nào|quốc tịch|quoc tich|nationality|from where|where (?:is|was|does|did|are)\b.{0,80}?\b(?:from|come from))(?![\p{L}\p{M}])|哪国人|哪里人|哪儿人|国籍|来自哪/u;

/** A year written in figures. */
const YEAR = /^(?:19|20)\d{2}$/u;
/** Per index, the latest year its passages state (0 for none). */
const latestYears = new WeakMap<IndexParts, number>();
function latestYear(index: IndexParts): number {
  let latest = latestYears.get(index);
  if (latest === undefined) {
    latest = 0;
    for (let y = 1900; y <= 2099; y++) if (index.terms.id(String(y)) >= 0) latest = y;
    latestYears.set(index, latest);
  }
  return latest;
}

/**
 * Whether the question only checks what kind of thing the entity `name` is ("X là Y hả", "X 是 Y 吗", "is X a Y"): "là",
 * 是 right after its name (or "is" right before it), and every other unit a kind of thing — a company, bank, fund,
 * telecom or e-commerce firm, or a country.
 */
function kindChecked(
  q: string,
  mentions: readonly Mention[],
  name: string,
  units: readonly QuestionUnit[],
  index: IndexParts,
): boolean {
  const m = mentions.find((x) => x.key === name);
  if (!m) return false;
  const lower = q.toLowerCase();
  if (!IS_AFTER.test(lower.slice(m.end, m.end + 6)) && !IS_BEFORE.test(lower.slice(0, m.start))) return false;
  return units.every((u) => u.name >= 0 || u.matches.some((k) => KINDS.has(k) || index.places.has(k)));
}
const IS_AFTER = /^\s*(?:(?:là|la|is|was)(?![\p{L}\p{M}])|是)/u;
const IS_BEFORE = /(?:^|\s)(?:is|was)\s+$/u;
const KINDS: ReadonlySet<string> = new Set(['g:company', 'g:bank', 'g:fund', 'g:telecom', 'g:ecommerce']);

/**
 * A question unit made from a content unit and what the analysis found of it, in one shape for every unit (absent
 * fields undefined): coverage and locality read them per candidate. Made field by field, not by spreading `u`: a
 * Chinese question has as many units as characters, and copying objects of varying shapes was most of the time the
 * units took.
 */
function shaped(u: Unit, f: Omit<QuestionUnit, 'start' | 'end' | 'role'>): QuestionUnit {
  // Every field, listed: a field added to units and not copied here fails to compile.
  const every: { [K in keyof Required<QuestionUnit>]: QuestionUnit[K] } = {
    start: u.start,
    end: u.end,
    weight: f.weight,
    role: u.role,
    name: f.name,
    term: f.term,
    evidence: f.evidence,
    lone: f.lone,
    matches: f.matches,
    unknown: f.unknown,
    char: f.char,
    topic: f.topic,
    needed: f.needed,
    qualifies: f.qualifies,
    figure: f.figure,
    aside: f.aside,
  };
  return every;
}

/** Each unit's overlapping known terms (see {@link QuestionTerms}). */
function termsByUnit(
  units: QuestionUnit[],
  near: Overlapping,
  tokens: Token[],
  tokenIds: number[],
  mentions: Mention[],
  mentionIds: number[],
): QuestionTerms {
  const ids: number[] = [];
  const slots = new Map<number, number>();
  const slotOf = (id: number) => {
    let at = slots.get(id);
    if (at === undefined) slots.set(id, (at = ids.push(id) - 1));
    return at;
  };
  const first = new Uint32Array(units.length + 1);
  const slot: number[] = [];
  const how: number[] = [];
  units.forEach((u, k) => {
    const overlaps = (x: { start: number; end: number }) => x.start < u.end && x.end > u.start;
    for (const i of near.of(u)) {
      if (tokenIds[i]! < 0) continue;
      slot.push(slotOf(tokenIds[i]!));
      how.push(tokens[i]!.folded === true ? FOLDED : TEXT);
    }
    mentions.forEach((m, i) => {
      if (mentionIds[i]! < 0 || !overlaps(m)) return;
      slot.push(slotOf(mentionIds[i]!));
      how.push(KEY);
    });
    first[k + 1] = slot.length;
  });
  return {
    ids,
    first,
    slot: Uint32Array.from(slot),
    how: Uint8Array.from(how),
    state: new Uint8Array(ids.length),
  };
}

/**
 * Which of a question's tokens (sorted by start, as `analyze` returns them) overlap a span, found by bisection rather
 * than by testing every token: a Chinese question has as many units as characters and about as many bigrams, and
 * testing each against each was the largest part of its analysis.
 */
class Overlapping {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** The longest token: one that overlaps a span starts less than this before the span. */
  private readonly longest: number;

  constructor(tokens: readonly Token[]) {
    this.starts = new Int32Array(tokens.length);
    this.ends = new Int32Array(tokens.length);
    let longest = 0;
    tokens.forEach((t, i) => {
      this.starts[i] = t.start;
      this.ends[i] = t.end;
      longest = Math.max(longest, t.end - t.start);
    });
    this.longest = longest;
  }

  /** The indices of the tokens that overlap [start, end), ascending. */
  of({ start, end }: { start: number; end: number }): number[] {
    const out: number[] = [];
    for (let i = this.firstFrom(start - this.longest + 1); i < this.starts.length && this.starts[i]! < end; i++)
      if (this.ends[i]! > start) out.push(i);
    return out;
  }

  /** The index of the first token starting at or after `pos`. */
  private firstFrom(pos: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * How telling a unit is, in [0, 1]: the share of passages that lack its commonest known term (a word
 * is as telling as its commonest reading: the bigram 罗斯 of 俄罗斯, not 斯有 across the next word).
 * 1 when no term is known. A share rather than log(N/df): the same corpus repeated, or grown, keeps
 * the same weights.
 */
export function specificity(index: IndexParts, ids: number[]): number {
  let df = -1;
  for (const id of ids) df = Math.max(df, id >= 0 ? index.terms.df(id) : 0);
  return df < 0 ? 1 : 1 - df / index.terms.docCount;
}

/**
 * "总部在哪里", "出生在哪": where a thing is, when the articles never mention that thing. Only places: the glossary
 * marks every place the articles name, and a place question about something they never mention has no answer in
 * them, however well its subject matches. The thing is the Chinese word right before the asking words, or before 在,
 * 于 or a verb of placing it (设, 放, 落, 建: "总部放在哪个城市"), of two or more characters, none of whose bigrams the
 * articles have, no name or glossary term. Vietnamese puts a verb there ("trụ sở đặt ở đâu"), so Vietnamese
 * questions are left to the other rules.
 */
function placeOfUnknown(q: string, cues: Array<[number, number]>, mentions: Mention[], index: IndexParts): boolean {
  const words = hanWords(q);
  // Not before "which country" (买到哪些国家的东西, 来自哪个国家): a verb there, not a thing placed. Nor after a verb of
  // reaching (买到哪些地方卖家的货, 卖到哪里): where to, not where something is.
  return cues.some(
    ([cue, end]) =>
      !COUNTRY_ASKED.test(q.slice(cue, end)) &&
      !/[到自往]\s*$/u.test(q.slice(0, cue)) &&
      unknownWordBefore(q, words, cue, /^[在于设放落建\s]*$/u, mentions, index),
  );
}

const COUNTRY_ASKED = /国|城市|地区/u;
const MODAL = /^(?:可以|能够|可能|应该|能|会|要|都|还|也|就)$/u;

/** Whether the Chinese word before `at`, with only `gap` between them, is one the articles never use. */
function unknownWordBefore(
  q: string,
  words: Array<[number, number]>,
  at: number,
  gap: RegExp,
  mentions: Mention[],
  index: IndexParts,
): boolean {
  const before = words.filter(([, e]) => e <= at).at(-1);
  return (
    before !== undefined &&
    gap.test(q.slice(before[1], at)) &&
    // "可以在哪些地方买": a word of can or may there is no thing placed.
    !MODAL.test(q.slice(before[0], before[1])) &&
    unknownHanWord(q, before, mentions, index)
  );
}

/**
 * "合资公司总部是不是设在莫斯科": whether a thing the articles never mention is placed somewhere — the Chinese word right
 * before a verb of placing (设在, 位于, 放在, 落户…, after 是不是 or 会 when asked) is one they never use. Asked
 * "where", or asked whether it is at a place they never name either, they have no answer.
 */
function placedUnknown(q: string, mentions: Mention[], index: IndexParts): boolean {
  const words = hanWords(q);
  return allMatches(PLACED, q).some((m) => unknownWordBefore(q, words, m.index, /^$/u, mentions, index));
}
const PLACED = /(?:是不是|是否|会不会|会|将|要|也)?(?:设在|位于|放在|落在|建在|落户|坐落在|坐落于)/gu;

/**
 * Whether the question's Chinese word [s, e) is one the articles never use: two or more characters, no name or
 * glossary term over it, and none of its character pairs a term of theirs.
 */
function unknownHanWord(q: string, [s, e]: [number, number], mentions: Mention[], index: IndexParts): boolean {
  if (e - s < 2 || mentions.some((m) => m.start < e && m.end > s)) return false;
  for (let i = s; i + 2 <= e; i++) if (index.terms.id(q.slice(i, i + 2)) >= 0) return false;
  return true;
}

/** One Latin word longer than any Vietnamese syllable typed without diacritics: an English word ("employees"). */
const LONGER_THAN_A_SYLLABLE = /^[a-z]{7,}$/iu;

/**
 * "đặt trụ sở ở đâu", "where's it headquartered", "where are its warehouses": a place question whose content has a
 * word the articles never use, neither a name nor a glossary term nor the kind asked ("nước nào"): the place of a
 * thing they never mention. Only words that cannot be a syllable typed without its diacritics ("vu" may be vụ, a
 * deal; "hang o" may be "hàng ở"): several syllables typed with their diacritics, or one Latin word longer than a
 * Vietnamese syllable.
 */
function placeThing(q: string, u: QuestionUnit): boolean {
  if (!u.unknown || u.term || u.name >= 0 || u.char !== undefined || u.role !== undefined) return false;
  const text = q.slice(u.start, u.end);
  return (/\s/u.test(text.trim()) && text !== fold(text)) || LONGER_THAN_A_SYLLABLE.test(text);
}

/**
 * "多少员工", "几个仓库": Chinese too puts what is counted right after the asking words. A word there that ends the
 * question and that the articles never use (`unknownHanWord`) cannot be counted by them.
 */
function hanCountOfUnknown(q: string, cues: Array<[number, number]>, mentions: Mention[], index: IndexParts): boolean {
  const words = hanWords(q);
  return cues.some(([, cue]) => {
    const after = words.find(([s]) => s >= cue);
    if (!after || !/^[的个家位名\s]*$/u.test(q.slice(cue, after[0]))) return false;
    const [s, e] = after;
    // "俄罗斯网民有多少来着": 来着 (what was it again) only ends the question.
    if (q.slice(s, e) === '来着') return false;
    // The thing counted ends the question ("多少员工啊"); a verb there goes on ("第几次结成战略联盟").
    if (!/^[\s啊呢吗呀吧哦？?！!。.，,]*$/u.test(q.slice(e))) return false;
    return !cues.some(([cs, ce]) => cs < e && ce > s) && unknownHanWord(q, after, mentions, index);
  });
}

/**
 * "bao nhiêu nhân viên", "mấy chi nhánh", "how many employees": Vietnamese and English put what is counted right after
 * the asking words. A word there of two or more syllables, or an English word, that the articles never use (no term,
 * name or glossary form) cannot be counted by them.
 */
function countOfUnknown(q: string, cues: Array<[number, number]>, units: QuestionUnit[]): boolean {
  return cues.some(([, e]) => {
    const next = units.find((u) => u.start >= e);
    return (
      next !== undefined &&
      /^\s*$/u.test(q.slice(e, next.start)) &&
      next.unknown === true &&
      next.name < 0 &&
      !next.term &&
      (/^[\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+)+$/u.test(q.slice(next.start, next.end)) ||
        LONGER_THAN_A_SYLLABLE.test(q.slice(next.start, next.end)))
    );
  });
}

/** This module's patterns, compiled before the first question (see `compileAhead`, src/text/patterns.ts). */
export const QUESTION_PATTERNS: readonly RegExp[] = [
  HOLD_BEFORE_SHARE,
  OWN_AFTER_POSSESSIVE,
  LONE_ONE_FIGURE,
  BESIDES,
  ASKS_DOING,
  PREMISE,
  NOW,
  GAP_BEFORE_COUNTED,
  MEASURE_WORD,
  OF,
  ASKS_ORIGIN,
  YEAR,
  IS_AFTER,
  IS_BEFORE,
  COUNTRY_ASKED,
  PLACED,
  LONGER_THAN_A_SYLLABLE,
  OR_BETWEEN,
  COMPARING,
  MODAL,
];
