import { blankHan, fold, HAN_RUN, looksVietnamese, normalize } from '../text/normalize.ts';
import type { WordBounds } from '../text/lexicon.ts';
import type { Segmenter } from './segment.ts';
import { vietnameseWords } from '../text/vietnamese.ts';
import { isEnglishWord } from '../text/english.ts';
import { allMatches } from '../text/matches.ts';
import { type FoundWord, latinWords as findWords } from '../text/latin-words.ts';

/**
 * One tokenizer for the index and for queries, for Vietnamese, Chinese and English.
 *
 * - Latin-script words (Vietnamese syllables, English, names, numbers) are lower-cased; a word with
 *   diacritics also yields its folded form (`đầu` → `đầu`, `dau`), so a question typed without
 *   accents still matches, while the exact form matches twice and ranks first.
 * - Compounds such as `Mail.ru`, `e-commerce` and `48%` yield the whole and their parts.
 * - Chinese has no spaces: MiniSearch's default would take a whole clause as one token. A Han run
 *   yields overlapping character bigrams (and the single character for a run of one); the evaluation
 *   (`npm run eval -- --han word|bigram|both`) decides between bigrams, Intl.Segmenter words and both.
 *   Traditional characters are converted to Simplified first.
 */

/** A term and where it came from in the analysed text (UTF-16 offsets, [start, end)). */
export interface Token {
  term: string;
  start: number;
  end: number;
  /** Latin word, Han n-gram, or number. */
  kind: 'word' | 'han' | 'number';
  /** Present on the accent-free copy of a word that has diacritics. */
  folded?: true;
}

export type HanMode = 'bigram' | 'word' | 'both';

export interface TokenizeOptions {
  /** How Chinese is segmented (default {@link DEFAULT_HAN_MODE}). */
  han?: HanMode;
  /**
   * Vietnamese word segmentation: with it, a word of several syllables (`quốc gia`) is one term (`quốc_gia`), and
   * its syllables are not terms of their own. Without it, every syllable is a term.
   */
  segmenter?: Segmenter | undefined;
  /** Which terms the corpus uses: breaks ties between two ways to cut a question into words (see Segmenter). */
  known?: ((term: string) => boolean) | undefined;
  /**
   * The text was typed without diacritics, whatever marks reading its chat words added ("lien doanh o dau" read as
   * "lien doanh ở đâu"): its plain syllables match the words without diacritics (see Segmenter).
   */
  typedPlain?: boolean | undefined;
}

/** Chosen by `npm run eval` on the labelled set (see README, "How it works"). */
export const DEFAULT_HAN_MODE: HanMode = 'bigram';

// Latin-script words: letters/marks/digits, joined by . ' ’ - inside (Mail.ru, e-commerce, 7.4), optional %
// (src/text/latin-words.ts).
const HAN_CHAR = /^\p{Script=Han}$/u;
/** The letters and digits of a compound (`Mail.ru`: `Mail`, `ru`). */
const WORD_PART = /[\p{L}\p{M}\p{N}]+/gu;
const DIGITS = /^[\d.,]+%?$/;

// Function words and question words: they say how a question is asked, not what it is about.
const STOP_VI = `và của là có được cho với các những một này đó kia thì mà ở trong để từ khi đã sẽ đang cũng như mọi vậy
về theo tại vào ra lên nào gì ai đâu bao nhiêu sao không nhỉ vậy thế hả à ạ ơi nhé hãy biết bị bởi rằng ông bà anh chị
họ nó làm phải hay hoặc lại rồi còn nhiều nữa hiện nay đây ấy chứ chăng vì nên thể gồm bằng cái việc điều mấy giờ bây nói
chưa hết qua ngoài trước lần thứ con chiếc bên phía luôn thôi đấy nọ nha ha hen á báo viết đi coi xem thử vô giùm dùm mình tôi em tui
bạn ơi hở hử ư nhá số đúng thật tất cả hồi bài kiểu loại sắp từng khỏi hỏi định chỉ
nghe đồn bảo tận khoảng chừng tầm xấp xỉ giữa
bác cụ chú thím chế ae admin ad bot ủa ờ ừ ơ ôi úi ta lận tưởng trên kể liệt kê`;
const STOP_EN = `a an the is are was were be been being do does did done what who whom whose which when where why how
much many of in on at to for from by with about as and or but that this these those it its his her their they them he
she him we you i me my our your will would can could should shall may might has have had not no yes there here than then so
if into over under after before up down out more most some any each per tell please say says said know get got
also just only very according besides even actually really still yet already ever whether both either like kind
sort thing things stuff guy guys ok okay nah yeah hey hi lol btw going article articles exactly basically literally
anyway anyways honestly tbh though idk imo ngl lmao haha seriously located situated based come comes came all every
through via wait too again story true whos whats wheres hows right wise roughly approximately approx around
dollar dollars usd bucks something smth sth between among amongst itself themselves himself herself myself ourselves yourself
thanks thank thx tks ty tia cheers advance appreciate appreciated quick q qq everything anything everyone anyone
someone somebody anybody words list`;
/** The English stop words ("exactly", "between"): a misspelling of one is no word of the question either. */
export const ENGLISH_STOP_WORDS: readonly string[] = STOP_EN.split(/\s+/).filter(Boolean);
const STOP_WORDS = new Set([...STOP_VI.split(/\s+/).filter(Boolean), ...ENGLISH_STOP_WORDS]);
// A word typed without accents is a stop word if its accent-free form is one (`co` for `có`).
const FOLDED_STOP_WORDS = new Set([...STOP_WORDS].map(fold));

/** Chinese particles: a bigram containing one carries no meaning of its own. */
const HAN_PARTICLES = new Set('的了吗呢吧啊么嘛呀哦');
/** Chinese question words and fillers, dropped as bigrams. */
const HAN_STOP_BIGRAMS = new Set(
  '什么 多少 哪里 哪儿 哪个 哪些 哪家 哪位 为何 为什 怎么 怎样 如何 是否 是谁 谁是 请问 有没 没有 几个 告诉 知道 一下 是不 不是 可以 来说 来着 分别 各自 各家 文章 本文 文中 这篇 到底 究竟 对应 同时'.split(
    ' ',
  ),
);
/** Characters that are never a unit of meaning by themselves in a question (see {@link contentUnits}). */
const HAN_STOP_CHARS = new Set(
  '的了吗呢吧啊么嘛呀哦是在和与有也都就将把被对谁哪几个什怎样为何请问这那其之于及做跟同啥咋里各笔',
);

/** Words of several syllables that only address or pad a question ("mọi người ơi", "cho mình hỏi"). */
const STOP_PHRASES = new Set(
  [
    'mọi người',
    'các bạn',
    'cho hỏi',
    'cho mình hỏi',
    'cho em hỏi',
    'cho tôi hỏi',
    'làm ơn',
    'ad ơi',
    'thế nào',
    'như thế nào',
    'bài viết',
    'bài báo',
    // "they", "people": whoever says or guesses it, not what is said.
    'người ta',
    // "tóm lại", "nói ngắn gọn", "là chính": how the member wants it said, not what is asked.
    'tóm lại',
    'tóm tắt',
    'nói ngắn gọn',
    'ngắn gọn',
    'nói chung',
    'là chính',
    'các bác',
    'nói dễ hiểu',
    'dễ hiểu',
    'giúp mình với',
    'giúp mình',
    'giúp em',
    'giúp với',
    // Thanking the channel.
    'cảm ơn',
    'cám ơn',
    'cảm ơn nhiều',
  ].map(fold),
);

/** True when a word of several syllables (lower case) says nothing about what is asked. */
function isStopPhrase(syllables: readonly string[]): boolean {
  return syllables.every(isStopWord) || STOP_PHRASES.has(fold(syllables.join(' ')));
}

/** English contractions: "what's", "he's", "isn't" are their first word for stopping. */
const CONTRACTION = /['’](?:s|re|ve|ll|d|m|t)$|n['’]t$/u;

/** True when `term` (already normalised) is a stop word. */
export function isStopWord(term: string): boolean {
  if (STOP_WORDS.has(term)) return true;
  if (CONTRACTION.test(term)) return isStopWord(term.replace(CONTRACTION, ''));
  return term === fold(term) && FOLDED_STOP_WORDS.has(term);
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * A Han run's normal form (`normalize`), a character at a time: each ideograph's form is looked up once. A run whose
 * characters all stay one UTF-16 unit (all but the rarest) has its characters at their own offsets.
 */
const hanForms = new Map<number, string>();
function hanChars(run: string): string[] | undefined {
  const chars: string[] = [];
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    let f = hanForms.get(c);
    if (f === undefined) {
      f = c >= 0xd800 && c <= 0xdfff ? '' : normalize(String.fromCharCode(c));
      hanForms.set(c, f);
    }
    if (f.length !== 1) return undefined;
    chars.push(f);
  }
  return chars;
}

function hanTokens(run: string, offset: number, mode: HanMode, out: Token[]): void {
  const simple = mode === 'bigram' ? hanChars(run) : undefined;
  if (simple) {
    hanBigrams(simple, offset, out);
    return;
  }
  const norm = normalize(run);
  const chars = [...norm];
  // A Han run is BMP-only in practice, but extension ideographs are astral: walk code points.
  const starts: number[] = [];
  let pos = 0;
  for (const c of chars) {
    starts.push(pos);
    pos += c.length;
  }
  starts.push(pos);
  const at = (i: number) => offset + starts[i]!;

  if (chars.length === 1) {
    if (!HAN_PARTICLES.has(chars[0]!)) out.push({ term: chars[0]!, start: at(0), end: at(1), kind: 'han' });
    return;
  }
  if (mode !== 'word') {
    for (let i = 0; i + 1 < chars.length; i++) {
      const a = chars[i]!;
      const b = chars[i + 1]!;
      const bigram = a + b;
      if (HAN_PARTICLES.has(a) || HAN_PARTICLES.has(b) || HAN_STOP_BIGRAMS.has(bigram)) continue;
      out.push({ term: bigram, start: at(i), end: at(i + 2), kind: 'han' });
    }
  }
  if (mode !== 'bigram') {
    let index = 0;
    for (const seg of segmenter.segment(norm)) {
      const len = [...seg.segment].length;
      const from = index;
      index += len;
      if (!seg.isWordLike) continue;
      // In 'both' mode two-character words are already there as bigrams.
      if (mode === 'both' && len === 2) continue;
      if (len === 1 && mode === 'both') continue;
      if (len === 1 && HAN_STOP_CHARS.has(seg.segment)) continue;
      if (HAN_STOP_BIGRAMS.has(seg.segment)) continue;
      out.push({ term: seg.segment, start: at(from), end: at(index), kind: 'han' });
    }
  }
}

/** `hanTokens` in bigram mode for a run of one-unit characters (`hanChars`): character i is at `offset + i`. */
function hanBigrams(chars: readonly string[], offset: number, out: Token[]): void {
  if (chars.length === 1) {
    if (!HAN_PARTICLES.has(chars[0]!)) out.push({ term: chars[0]!, start: offset, end: offset + 1, kind: 'han' });
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    if (HAN_PARTICLES.has(a) || HAN_PARTICLES.has(b)) continue;
    const bigram = a + b;
    if (HAN_STOP_BIGRAMS.has(bigram)) continue;
    out.push({ term: bigram, start: offset + i, end: offset + i + 2, kind: 'han' });
  }
}

// Words repeat across passages: normalising and folding each spelling once saves most of the index build.
interface Forms {
  term: string;
  folded: string;
  /** Its tokens as a word of its own (see {@link Made}), once asked for. */
  made?: Made[];
}
const wordForms = new Map<string, Forms>();
/**
 * The most spellings (of words, of words of several syllables) remembered before they are forgotten all at once: a
 * thread analysing half of the natural bench corpus at 100,000 passages meets about 140,000 words.
 */
const MADE_MAX = 500_000;
function formsOf(word: string): Forms {
  let f = wordForms.get(word);
  if (!f) {
    if (wordForms.size > MADE_MAX) wordForms.clear();
    const term = normalize(word);
    f = { term, folded: fold(term) };
    wordForms.set(word, f);
  }
  return f;
}

/**
 * The tokens of a word or of a word of several syllables, with offsets from its start: what it yields depends on
 * its text alone, so it is worked out once per spelling (passages repeat their words) and copied at each offset.
 */
interface Made {
  term: string;
  start: number;
  end: number;
  kind: Token['kind'];
  folded: boolean;
  /** The term's id in the analysis numbered {@link TermSink.gen} `gen` (see {@link analyzeInto}). */
  id?: number;
  gen?: number;
}

/** A spelling's tokens in the order `analyze` gives them (by start, then end; as made among equals). */
function ordered(made: Made[]): Made[] {
  return made.sort((x, y) => x.start - y.start || x.end - y.end);
}
const madeCompounds = new Map<string, Made[]>();

function place(made: readonly Made[], offset: number, out: Token[]): void {
  for (const m of made) {
    const t: Token = { term: m.term, start: offset + m.start, end: offset + m.end, kind: m.kind };
    if (m.folded) t.folded = true;
    out.push(t);
  }
}

function pushWord(made: Made[], t: string, start: number, end: number, kind: Token['kind']): void {
  if (kind === 'word' && isStopWord(t)) return;
  made.push({ term: t, start, end, kind, folded: false });
  const f = formsOf(t).folded;
  if (f !== t) made.push({ term: f, start, end, kind, folded: true });
}

function wordMade(word: string, term: string): Made[] {
  const made: Made[] = [];
  const kind: Token['kind'] = DIGITS.test(term) ? 'number' : 'word';
  pushWord(made, term, 0, word.length, kind);
  if (kind === 'number') {
    // 48% also answers to 48.
    if (term.endsWith('%')) made.push({ term: term.slice(0, -1), start: 0, end: word.length - 1, kind, folded: false });
    return made;
  }
  if (/[.'’\-%]/.test(word)) {
    for (const m of allMatches(WORD_PART, word)) {
      if (m[0].length < 2 || m[0].length === word.length) continue;
      pushWord(made, normalize(m[0]), m.index, m.index + m[0].length, kind);
    }
  }
  return made;
}

function wordTokens(word: string, offset: number, out: Token[]): void {
  const f = formsOf(word);
  place((f.made ??= ordered(wordMade(word, f.term))), offset, out);
}

/**
 * One token for a word of several syllables (`quốc gia` → `quốc_gia`), and its copy without diacritics. A word of
 * three or more syllables also stands for the dictionary's words inside it (`người bán hàng` for `bán hàng`,
 * `người tiêu dùng` for `tiêu dùng`), so a question that says the shorter word finds it.
 */
function compoundMade(syllables: string[], words: readonly FoundWord[], first: number): Made[] {
  const made: Made[] = [];
  if (isStopPhrase(syllables)) return made;
  const from = words[first]!.start;
  const push = (i: number, j: number) => {
    const term = syllables.slice(i, j).join('_');
    const start = words[first + i]!.start - from;
    const end = words[first + j - 1]!.end - from;
    made.push({ term, start, end, kind: 'word', folded: false });
    const folded = fold(term);
    if (folded !== term) made.push({ term: folded, start, end, kind: 'word', folded: true });
  };
  push(0, syllables.length);
  if (syllables.length < 3) return made;
  const { compounds } = vietnameseWords();
  for (let i = 0; i < syllables.length; i++)
    for (let j = i + 2; j <= syllables.length; j++) {
      if (j - i === syllables.length) continue;
      const part = syllables.slice(i, j);
      if (compounds.has(part.join(' ')) && !isStopPhrase(part)) push(i, j);
    }
  return made;
}

function compoundToken(latin: string, words: readonly FoundWord[], i: number, j: number, out: Token[]): void {
  place(compoundOf(latin, words, i, j), words[i]!.start, out);
}

function compoundOf(latin: string, words: readonly FoundWord[], i: number, j: number): Made[] {
  const from = words[i]!.start;
  // The syllables and the spaces between them: all its tokens depend on.
  const key = latin.slice(from, words[j - 1]!.end);
  let made = madeCompounds.get(key);
  if (!made) {
    if (madeCompounds.size > MADE_MAX) madeCompounds.clear();
    const syllables: string[] = [];
    for (let k = i; k < j; k++) syllables.push(formsOf(words[k]!.text).term);
    made = ordered(compoundMade(syllables, words, i));
    madeCompounds.set(key, made);
  }
  return made;
}

/** Only spaces, tabs and no-break spaces in `text[from, to)`, and at least one. */
function onlySpaces(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0) return false;
  }
  return true;
}

/**
 * Typed without diacritics, a capitalised word inside a sentence followed by one in lower case ("…nha nuoc Nga co
 * tham gia", "AliExpress vao Nga tu hoi nao"): a name, then another word — not one word the dictionary lists with
 * those letters ("ngà cỏ"), which would hide the name. Not at a sentence's start ("Nguoi dung" is "người dùng").
 */
function nameBefore(latin: string, name: FoundWord, next: FoundWord): boolean {
  if (!UPPER_FIRST.test(name.text) || UPPER_FIRST.test(next.text)) return false;
  return !SENTENCE_START.test(latin.slice(0, name.start));
}
const UPPER_FIRST = /^\p{Lu}/u;
const SENTENCE_START = /(?:^|[.!?。！？:;])\s*$/u;

/**
 * How the Latin words of a text group into words: [first, last) indices into `words`, in order. Runs of syllables
 * with nothing but spaces between them are cut by the segmenter; anything else (a number, `Mail.ru`, a word after
 * punctuation) stands alone. Without a segmenter every word stands alone.
 */
function wordGroups(latin: string, words: FoundWord[], options: TokenizeOptions): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  for (let i = 0; i < words.length;) {
    if (!options.segmenter || !words[i]!.letters) {
      groups.push([i, ++i]);
      continue;
    }
    let j = i + 1;
    while (
      j < words.length &&
      words[j]!.letters &&
      onlySpaces(latin, words[j - 1]!.end, words[j]!.start) &&
      !(options.typedPlain && nameBefore(latin, words[j - 1]!, words[j]!))
    )
      j++;
    if (j - i === 1) {
      groups.push([i, ++i]);
      continue;
    }
    const syllables: string[] = [];
    const folded: string[] = [];
    for (let k = i; k < j; k++) {
      const f = formsOf(words[k]!.text);
      syllables.push(f.term);
      folded.push(f.folded);
    }
    let k = i;
    const stop = options.typedPlain ? isStopWord : undefined;
    for (const len of options.segmenter.split(syllables, options.known, folded, options.typedPlain, stop))
      groups.push([k, (k += len)]);
    i = j;
  }
  return groups;
}

/**
 * The Latin words of `latin` and their groups (see {@link wordGroups}). A question's analysis asks for them three
 * times with the same options object (its tokens, its units, its word bounds): the last text's are kept with it.
 */
function latinWords(latin: string, options: TokenizeOptions): { words: FoundWord[]; groups: Array<[number, number]> } {
  const last = lastWords.get(options);
  if (last?.latin === latin) return last;
  const words = findWords(latin, true);
  const made = { latin, words, groups: wordGroups(latin, words, options) };
  lastWords.set(options, made);
  return made;
}
const lastWords = new WeakMap<
  TokenizeOptions,
  { latin: string; words: FoundWord[]; groups: Array<[number, number]> }
>();

/** The Latin words of `latin` (Han runs blanked out), as terms. */
function latinTokens(latin: string, options: TokenizeOptions, out: Token[]): void {
  const { words, groups } = latinWords(latin, options);
  for (const [i, j] of groups) {
    const first = words[i]!;
    if (j - i === 1) wordTokens(first.text, first.start, out);
    else compoundToken(latin, words, i, j, out);
  }
}

/**
 * Split text into search terms with their offsets. Expects NFC text (the loader and the query path
 * normalise first); offsets are into the given string.
 */
export function analyze(text: string, options: TokenizeOptions = {}): Token[] {
  const mode = options.han ?? DEFAULT_HAN_MODE;
  const out: Token[] = [];
  // Han runs first, then the Latin words between them; sorted by position at the end.
  for (const m of allMatches(HAN_RUN, text)) hanTokens(m[0], m.index, mode, out);
  latinTokens(blankHan(text), options, out);
  out.sort((x, y) => x.start - y.start || x.end - y.end);
  return out;
}

/**
 * Where {@link analyzeInto} puts a text's terms: as ids of one numbering, which the per-spelling results remember
 * (an id cached with another `gen` is not this numbering's).
 */
export interface TermSink {
  /** Unique to this numbering on this thread. */
  readonly gen: number;
  /** The id of `term`, numbered when first asked for. */
  id(term: string): number;
  /** The next term of the text. */
  add(id: number): void;
}

function addMade(made: readonly Made[], sink: TermSink): void {
  for (const m of made) {
    let id = m.id;
    if (m.gen !== sink.gen || id === undefined) {
      id = sink.id(m.term);
      m.id = id;
      m.gen = sink.gen;
    }
    sink.add(id);
  }
}

/**
 * Each UTF-16 unit's normal form as a Han character (`hanChars`), plus one; 0 when not worked out yet, and
 * {@link NOT_ONE} when it is not one unit (a surrogate, or a form of another length).
 */
const hanNormal = new Uint32Array(0x10000);
const NOT_ONE = 0x10001;
/** 1 at the normal forms of {@link HAN_PARTICLES}. */
const particleUnits = new Uint8Array(0x10000);
for (const p of HAN_PARTICLES) particleUnits[p.charCodeAt(0)] = 1;
let runUnits = new Uint16Array(256);

/** Units from here on, below {@link UNIT_TO}, key a bigram's id by a small integer (see {@link hanKey}). */
const UNIT_FROM = 0x2e00;
const UNIT_TO = 0xa000;
/**
 * The ids of Han bigrams (and single characters, by negative keys) of the current numbering, by their units: -1
 * for a stop bigram.
 */
const hanIds = new Map<number, number>();
let hanGen = -1;

function hanKey(a: number, b: number): number {
  return a >= UNIT_FROM && a < UNIT_TO && b >= UNIT_FROM && b < UNIT_TO
    ? (a - UNIT_FROM) * (UNIT_TO - UNIT_FROM) + (b - UNIT_FROM)
    : -1;
}

function bigramId(a: number, b: number, sink: TermSink): number {
  const key = hanKey(a, b);
  let id = key >= 0 ? hanIds.get(key) : undefined;
  if (id === undefined) {
    const term = String.fromCharCode(a, b);
    id = HAN_STOP_BIGRAMS.has(term) ? -1 : sink.id(term);
    if (key >= 0) hanIds.set(key, id);
  }
  return id;
}

/** What `hanTokens` gives for a run, as ids (no token made; in bigram mode, no string unless the term is new). */
function addHan(run: string, offset: number, mode: HanMode, sink: TermSink): void {
  const n = run.length;
  let simple = mode === 'bigram';
  if (simple) {
    if (n > runUnits.length) runUnits = new Uint16Array(Math.max(n, runUnits.length * 2));
    for (let i = 0; i < n; i++) {
      const c = run.charCodeAt(i);
      let u = hanNormal[c]!;
      if (u === 0) {
        const f = c >= 0xd800 && c <= 0xdfff ? '' : normalize(String.fromCharCode(c));
        hanNormal[c] = u = f.length === 1 ? f.charCodeAt(0) + 1 : NOT_ONE;
      }
      if (u === NOT_ONE) {
        simple = false;
        break;
      }
      runUnits[i] = u - 1;
    }
  }
  if (!simple) {
    const out: Token[] = [];
    hanTokens(run, offset, mode, out);
    // In order as analyze sorts them (words and bigrams of a run interleave).
    out.sort((x, y) => x.start - y.start || x.end - y.end);
    for (const t of out) sink.add(sink.id(t.term));
    return;
  }
  // What hanBigrams gives.
  if (n === 1) {
    const a = runUnits[0]!;
    if (particleUnits[a]) return;
    let id = hanIds.get(-1 - a);
    if (id === undefined) hanIds.set(-1 - a, (id = sink.id(String.fromCharCode(a))));
    sink.add(id);
    return;
  }
  for (let i = 0; i + 1 < n; i++) {
    const a = runUnits[i]!;
    const b = runUnits[i + 1]!;
    if (particleUnits[a] || particleUnits[b]) continue;
    const id = bigramId(a, b, sink);
    if (id >= 0) sink.add(id);
  }
}

/**
 * What `analyze(text, options).map((t) => t.term)` gives, in the same order, as ids put into `sink` (no token made),
 * and the text's {@link wordBounds} (read from arrays the next call reuses: good until then).
 */
export function analyzeInto(text: string, options: TokenizeOptions, sink: TermSink): WordBounds {
  const mode = options.han ?? DEFAULT_HAN_MODE;
  if (hanGen !== sink.gen) {
    hanIds.clear();
    hanGen = sink.gen;
  }
  const runs = allMatches(HAN_RUN, text);
  const latin = runs.length ? blankHan(text) : text;
  const { words, groups } = latinWords(latin, options);
  // The bounds are marked in reused arrays, stamped with this text's number: valid until the next text.
  if (latin.length >= boundMarks.length)
    boundMarks = new Uint32Array(Math.max(latin.length + 1, boundMarks.length * 2));
  const stamp = (boundStamp = boundStamp === 0x3fffffff ? 1 : boundStamp + 1);
  if (stamp === 1) boundMarks.fill(0);
  // Han runs and Latin words do not overlap: their terms are put in by position, as analyze sorts them.
  let r = 0;
  for (const [i, j] of groups) {
    const first = words[i]!;
    while (r < runs.length && runs[r]!.index < first.start) {
      addHan(runs[r]![0], runs[r]!.index, mode, sink);
      r++;
    }
    markBound(first.start, stamp, START);
    markBound(words[j - 1]!.end, stamp, END);
    addMade(
      j - i === 1
        ? (formsOf(first.text).made ??= ordered(wordMade(first.text, formsOf(first.text).term)))
        : compoundOf(latin, words, i, j),
      sink,
    );
  }
  for (; r < runs.length; r++) addHan(runs[r]![0], runs[r]!.index, mode, sink);
  return reusedBounds;
}

/**
 * Per UTF-16 offset of the last text {@link analyzeInto} read: its stamp times 4, plus {@link START} and {@link END}
 * when a word starts or ends there.
 */
let boundMarks = new Uint32Array(1024);
let boundStamp = 0;
const START = 1;
const END = 2;
function markBound(at: number, stamp: number, kind: number): void {
  const m = boundMarks[at]!;
  boundMarks[at] = m >>> 2 === stamp ? m | kind : stamp * 4 + kind;
}
const reusedBounds: WordBounds = {
  starts: { has: (at: number) => boundMarks[at]! >>> 2 === boundStamp && (boundMarks[at]! & START) !== 0 },
  ends: { has: (at: number) => boundMarks[at]! >>> 2 === boundStamp && (boundMarks[at]! & END) !== 0 },
};

/** The terms alone, as MiniSearch wants them. */
export function tokenize(text: string, options: Pick<TokenizeOptions, 'han'> = {}): string[] {
  return analyze(text.normalize('NFC'), options).map((t) => t.term);
}

/** A piece of a question that must be answered: a content word, or one Han character. */
export interface Unit {
  start: number;
  end: number;
  weight: number;
  /**
   * What the unit does in the question, when it is not plain content:
   * - `time`: the noun of a time interrogative (`năm nào`, 哪一年, "what year"); it asks for a date
   *   the way "khi nào" and "when" do, and a passage that says "năm tới" has not answered it.
   * - `type`: the kind of thing asked for, right after "what"/"which"/什么/哪 or before `nào`/`gì`
   *   ("which company", 什么机构, "dịch vụ gì"); an answer need not repeat it ("USM", not "the company USM").
   * - `name`: a Latin word capitalised inside the sentence (`Bloomberg`, `Việt Nam`), a proper name.
   */
  role?: 'type' | 'name' | 'time';
}

/** Interrogatives of time (see {@link Unit.role}), and the nouns that make one next to nào, mấy, what... */
const HAN_TIME_FRAMES = ['哪一年', '哪年', '哪一天', '哪天', '哪个月', '什么时候', '何时', '几月', '几号', '多久'];
const TIME_NOUNS = new Set(['năm', 'tháng', 'ngày', 'lúc', 'hồi', 'year', 'years', 'month', 'day', 'date']);
/** The same typed without diacritics (`nam nao`); `nắm` (hold) is not `năm` (year), so only plain forms fold. */
const PLAIN_TIME_NOUNS = new Set([...TIME_NOUNS].map(fold));
/** Han classifiers that may follow 哪 before the noun it asks about (哪家公司, 哪一所大学). */
const HAN_CLASSIFIERS = new Set('个家位所种类些项条件');

interface LatinWord {
  start: number;
  end: number;
  /** Folded search form. */
  key: string;
  /** Lower-case form as typed. */
  term: string;
  stop: boolean;
  name: boolean;
}

/**
 * Calling the channel or asking to ask, right before where the question starts ("Mọi người ơi cho em hỏi Dân Nga…",
 * "ae oi cho hoi Vụ Nga…"): the capitalised word after it opens the question, as after a full stop.
 */
const ASKING_TO_ASK =
  /(?:^|[,，]\s*)(?:[\p{L}\p{M}]+\s+){0,6}(?:hỏi|hoi|ơi|oi)(?:\s+(?:chút|chut|tí|ti|xíu|xiu|với|voi|nhé|nhe|nha|ạ|a))?$/iu;

/** Long enough, and letters only, to be a name typed in lower case (not teen code: "ntn", "khum"). */
const BARE_NAME = /^[a-z]{5,}$/u;
/**
 * Chat spellings of Vietnamese: letters held ("vayyy", "khongg"), laughter ("hahaha", "ahihi"), syllables run
 * together ("thuongmai").
 */
function chatSpelling(term: string): boolean {
  const syl = vietnameseWords().syllables;
  if (syl.has(term.replace(/(.)\1+$/u, '$1'))) return true;
  if (/^a?(?:h[aieuo]){2,}$/u.test(term)) return true;
  for (let i = 2; i < term.length; i++) if (syl.has(term.slice(0, i)) && syl.has(term.slice(i))) return true;
  // An English word with "e" before it ("ewallet", "ecommerce") is an English term.
  return term.startsWith('e') && isEnglishWord(term.slice(1));
}
/**
 * English words members open a Vietnamese question with: greetings, asking, calling the channel (stop words among
 * them, "hey", "hi", "please", "guys", are never names already).
 */
const OPENERS = new Set(['hello', 'helo', 'bro', 'bros', 'sis', 'pls', 'plz', 'update', 'yo', 'mod', 'mods']);
/** What follows a word that calls the channel or asks to ask: "ơi", a comma, "cho hỏi", "mọi người". */
const CALLING_AFTER = /^\s*(?:[,，:：!！]|(?:ơi|oi|cho|mọi người|moi nguoi|mn|ae|cả nhà|ca nha)(?![\p{L}\p{M}]))/iu;

function latinUnits(query: string, units: Unit[], options: TokenizeOptions, typed: string): void {
  const ws: LatinWord[] = [];
  const vietnamese = looksVietnamese(typed);
  const { words: matches, groups } = latinWords(query, options);
  for (const m of matches) {
    const term = normalize(m.text);
    const stop = isStopWord(term);
    // Capitalised inside a sentence: a proper name (`Bloomberg`, `FIFA`), not the first word of a question. Inside a
    // Chinese one too ("合资公司头一年GMV跑了多少"): what comes before is read as typed, Chinese characters included.
    const before = typed.slice(0, m.start).trimEnd();
    const opening = before === '' || /[.?!:。？！：]$/u.test(before) || ASKING_TO_ASK.test(before);
    // In a Vietnamese question, a word the corpus never uses that no Vietnamese syllable spells.
    const foreign = () =>
      vietnamese &&
      !stop &&
      options.known !== undefined &&
      !options.known(term) &&
      !vietnameseWords().syllables.has(fold(term));
    const name =
      (/^\p{Lu}/u.test(m.text) &&
        // Capitalised, opening the question: such a word ("Amazon có đầu tư không?"), unless it calls the channel
        // ("Bro ơi …", "Hello mọi người, …", "Pls cho hỏi …").
        (!opening || (foreign() && !OPENERS.has(term) && !CALLING_AFTER.test(typed.slice(m.end))))) ||
      // In lower case, such a word that is no chat spelling nor an English word ("alibaba có hợp tác với yandex nữa
      // không"): a name typed without its capital.
      (BARE_NAME.test(term) && foreign() && !chatSpelling(term) && !isEnglishWord(term));
    ws.push({ start: m.start, end: m.end, key: fold(term), term, stop, name });
  }
  const key = (i: number) => ws[i]?.key ?? '';
  const timeNoun = (i: number) => {
    const w = ws[i];
    return w !== undefined && (TIME_NOUNS.has(w.term) || (w.term === w.key && PLAIN_TIME_NOUNS.has(w.key)));
  };
  const timeFrame = (i: number) =>
    timeNoun(i) &&
    (key(i + 1) === 'nao' ||
      key(i + 1) === 'may' ||
      key(i - 1) === 'may' ||
      key(i - 1) === 'what' ||
      key(i - 1) === 'which' ||
      (key(i - 2) === 'bao' && key(i - 1) === 'nhieu') ||
      (key(i + 1) === 'bao' && key(i + 2) === 'nhieu') ||
      (key(i - 2) === 'how' && key(i - 1) === 'many'));
  const type = new Set<number>();
  ws.forEach((w, i) => {
    // Vietnamese puts the noun before the interrogative, English after.
    // Not "tên gì" (what name): the words before it are whose name, not the kind of thing asked ("ceo mail.ru tên gì").
    if ((w.key === 'nao' || w.key === 'gi') && !timeFrame(i - 1) && key(i - 1) !== 'ten')
      for (let j = i - 1; j >= i - 3 && ws[j] && !ws[j]!.stop; j--) type.add(j);
    if (w.key === 'what' || w.key === 'which')
      for (let j = i + 1; j <= i + 2 && ws[j] && !ws[j]!.stop; j++) type.add(j);
  });
  const roleOf = (i: number) =>
    timeFrame(i) ? ('time' as const) : ws[i]!.name ? ('name' as const) : type.has(i) ? ('type' as const) : undefined;
  // A word of several syllables is one unit, with the role of its first syllable ("dịch vụ gì": dịch vụ, the type).
  for (const [i, j] of groups) {
    if (isStopPhrase(ws.slice(i, j).map((w) => w.term))) continue;
    const role = roleOf(i);
    units.push({ start: ws[i]!.start, end: ws[j - 1]!.end, weight: 1, ...(role ? { role } : {}) });
  }
}

function hanUnits(run: string, offset: number, units: Unit[]): void {
  const norm = normalize(run);
  const chars = [...norm];
  // Characters that only take part in question-word bigrams ("多少", "是谁") are not content.
  const skip = new Array<boolean>(chars.length).fill(false);
  for (let i = 0; i + 1 < chars.length; i++) {
    if (HAN_STOP_BIGRAMS.has(chars[i]! + chars[i + 1]!)) skip[i] = skip[i + 1] = true;
  }
  const time = new Array<boolean>(chars.length).fill(false);
  // Each frame is looked for where the text has it (its characters are all in the Basic Multilingual Plane: as many
  // UTF-16 units as characters), not compared at every character.
  for (const frame of HAN_TIME_FRAMES) {
    for (let at = norm.indexOf(frame); at >= 0; at = norm.indexOf(frame, at + 1)) {
      const i = [...norm.slice(0, at)].length;
      time.fill(true, i, i + frame.length);
    }
  }
  const content = (i: number) =>
    i < chars.length && !skip[i] && !HAN_STOP_CHARS.has(chars[i]!) && HAN_CHAR.test(chars[i]!);
  // 什么 + noun (not 为什么, "why") and 哪 (+ 一) (+ classifier) + noun ask for a kind of thing; 哪里 asks where.
  const type = new Set<number>();
  for (let i = 0; i < chars.length; i++) {
    let j = -1;
    if (chars[i] === '什' && chars[i + 1] === '么' && chars[i - 1] !== '为') j = i + 2;
    else if (chars[i] === '哪' && chars[i + 1] !== '里' && chars[i + 1] !== '儿') {
      j = i + 1;
      if (chars[j] === '一') j++;
      if (HAN_CLASSIFIERS.has(chars[j] ?? '')) j++;
    }
    if (j >= 0) for (let k = j; k < j + 2 && content(k) && !time[k]; k++) type.add(k);
  }
  let pos = offset;
  chars.forEach((c, i) => {
    const role = time[i] ? ('time' as const) : type.has(i) ? ('type' as const) : undefined;
    if (content(i)) units.push({ start: pos, end: pos + c.length, weight: 0.5, ...(role ? { role } : {}) });
    pos += c.length;
  });
}

/**
 * The parts of a question that carry meaning, used to judge how much of it a passage answers.
 * Latin content words (a word of several syllables is one) weigh 1; a Han character weighs ½ (a Chinese word is
 * about two characters).
 */
export function contentUnits(query: string, options: TokenizeOptions = {}): Unit[] {
  const units: Unit[] = [];
  for (const m of allMatches(HAN_RUN, query)) hanUnits(m[0], m.index, units);
  latinUnits(blankHan(query), units, options, query);
  return units.sort((a, b) => a.start - b.start);
}

/**
 * Where the words of a text start and end once Vietnamese syllables are grouped into words (stop words included),
 * for matching names and terms on whole words only.
 */
export function wordBounds(text: string, options: TokenizeOptions): WordBounds {
  const latin = blankHan(text);
  const { words, groups } = latinWords(latin, options);
  const starts = new Set<number>();
  const ends = new Set<number>();
  for (const [i, j] of groups) {
    const last = words[j - 1]!;
    starts.add(words[i]!.start);
    ends.add(last.end);
  }
  return { starts, ends };
}
