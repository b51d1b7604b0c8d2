import { allMatches } from '../text/matches.ts';
import { compileAhead } from '../text/patterns.ts';
import { Lexicon, type Mention } from '../text/lexicon.ts';
import { fold, simplify, WRITTEN_IN } from '../text/normalize.ts';
import type { Corpus, Entity, GlossaryTerm, Lang, Passage, SearchHit, SearchOptions, Source } from '../types.ts';
import { hitOf, PassageLayouts } from './highlight.ts';
import { sentenceBounds } from '../text/sentences.ts';
import { corpusLexicon, lexiconEntries, segmenterForms } from './keys.ts';
import type { Candidate, IndexParts, PassageLayout, Scratch } from './parts.ts';
import { analyseQuestion, QUESTION_PATTERNS, type Question } from './question.ts';
import {
  commonCandidates,
  coverage,
  focusMet,
  focusOf,
  kthLargest,
  locality,
  mostCoverage,
  mostLocality,
  pronounForPerson,
  refersToFigure,
  SCORE_PATTERNS,
} from './score.ts';
import { type EngineOptions, defaultEngineOptions, defaultSearchOptions } from './options.ts';
import { ChatReader } from './chat.ts';
import { aboutAnArticle, FOCUS_PATTERNS, type FocusKind, textAnswers } from './focus.ts';
import { Segmenter } from './segment.ts';
import {
  type Analysed,
  analysePassages,
  joinAnalyses,
  mentionsAt,
  type PassageMentions,
  passageTerms,
} from './analysis.ts';
import { lexisOf } from './dictionary.ts';
import {
  addPassage,
  forkIndexed,
  type Indexed,
  type IndexData,
  lengthOf,
  miniSearchOf,
  removePassage,
  type Scored,
  scoreQuery,
  settle,
} from './minisearch.ts';
import { PassageIds } from './passage-ids.ts';
import { invert } from './postings.ts';
import { TermIndex } from './terms.ts';
import { Spellings } from '../text/spellings.ts';
import { NameTypos } from '../text/typos.ts';
import { detectLanguage } from '../text/language.ts';
import { isEnglishWord } from '../text/english.ts';
import { ENGLISH_STOP_WORDS, isStopWord } from './tokenize.ts';
import { runTogether, vietnameseWords } from '../text/vietnamese.ts';

/**
 * The index over a corpus's passages, and the search that answers a question or says that the
 * corpus does not answer it.
 *
 * Ranking has two parts. MiniSearch's BM25 finds candidates from the question's terms (words, Chinese
 * bigrams) and from the entities and glossary terms it names (`e:`/`g:` keys, which are the same in
 * every language and script). Then each candidate gets a coverage: the weighted share of the
 * question's content words (Chinese: characters) that the passage answers, by a shared term or a
 * shared entity/term key, with part credit when only the passage before it has the word. Passages are
 * ranked by coverage plus a little normalised BM25.
 *
 * The search abstains unless some passage both covers enough of the question (`threshold`) and has
 * evidence for what is asked (`minEvidence`). A name is cheap to match: "Jack Ma sinh năm nào?" (when
 * was Jack Ma born) is two-thirds covered by any passage about Jack Ma. So the evidence leaves out the
 * one entity the passage is about and weighs every other unit by how rare it is in the corpus: a
 * passage must also have some of the words that say what is asked ("sinh", 出生, "founded"), and
 * ubiquitous ones (Alibaba, Nga, 合资) barely count. A question that only names an entity ("Jack Ma
 * là ai?") asks for nothing more.
 */

const KEY = /^[eg]:/;

/**
 * The one name a question asks about when it asks nothing else of it ("Mail.ru 是做什么的", "what does RDIF do",
 * "Paytm là gì"): its key. Undefined when the question asks for a kind of answer or has other words.
 */
function onlyName(a: Question): string | undefined {
  if (a.names.length !== 1 || (a.focus && a.focus.kind !== 'called')) return undefined;
  // "cty mail.ru kinh doanh mảng gì": calling it a company asks nothing more of it.
  return a.units.length > 0 &&
    a.units.every((u) => u.name === 0 || u.role === 'type' || u.matches.includes('g:company'))
    ? a.names[0]
    : undefined;
}

/** The k-th best score of the candidates `shown` lets through, or -Infinity when fewer are. */
function kthShown<T extends { score: number }>(scored: readonly T[], shown: (s: T) => boolean, k: number): number {
  if (k < 1) return Number.NEGATIVE_INFINITY;
  // The best k so far, best first (k is a page of answers: a few).
  const best: number[] = [];
  for (const s of scored) {
    if (!shown(s) || (best.length === k && !(s.score > best[k - 1]!))) continue;
    let i = Math.min(best.length, k - 1);
    while (i > 0 && best[i - 1]! < s.score) {
      best[i] = best[i - 1]!;
      i--;
    }
    best[i] = s.score;
  }
  return best.length === k ? best[k - 1]! : Number.NEGATIVE_INFINITY;
}

/** What ends a clause inside a sentence: a full stop or mark in Chinese text, or a quotation's end. */
const CLAUSE_END = /[。！？；!?;“”"「」『』｡]/u;

/** The terms of a query given as one string, a line each (no term has a line break). */
const eachLine = (text: string) => text.split('\n');

/** Added to the score of a passage that holds an answer of the kind asked: more than all else can add. */
const FOCUS_TIER = 10;

/** Verbs of saying something (see `IndexParts.speakers`). */
const SPEECH_VERB =
  /解释说|解释道|表示|说道|说，|称，|指出|补充道|补充说|透露|认为|(?<![\p{L}\p{M}])(?:said|says|told|explained|added|noted|cho biết|giải thích|chia sẻ|nhấn mạnh|nói rằng|nói là|phát biểu)(?![\p{L}\p{M}])/giu;
/** What `speakers` reads of a passage without a verb of saying: nothing. */
const NO_LAYOUT: Pick<PassageLayout, 'mentions' | 'sentences'> = { mentions: [], sentences: [] };
/** How far after a person's name (UTF-16 units) a verb of saying is still theirs. */
const SPEAKER_REACH = 40;

/**
 * An engine's index structures. An incremental change (`withCorpus`) makes the next engine's from these without
 * changing them: forks that share what they do not change and copy on write (see minisearch.ts), in time
 * proportional to the change, not to the corpus.
 */
interface Core {
  indexed: Indexed;
  terms: TermIndex;
  /** Passage id → its number (made on first use: a start from a saved index does not wait for it). */
  byId?: PassageIds;
  /** Source id → its passages' numbers: what a change of the article removes (made at the first change). */
  bySource?: Map<string, number[]>;
  /**
   * The mentions the build found in its passages (numbered as then: a passage added in place since is numbered past
   * them, and is scanned when it is read).
   */
  mentions: PassageMentions;
}

function coreOf(data: IndexData): Core {
  const indexed = miniSearchOf(data);
  return { indexed, terms: new TermIndex(indexed.dict, data.lengths.length), mentions: data.mentions };
}

function passagesBySource(docs: ReadonlyArray<Passage | undefined>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  docs.forEach((p, n) => {
    if (!p) return;
    const numbers = out.get(p.source);
    if (numbers) numbers.push(n);
    else out.set(p.source, [n]);
  });
  return out;
}

/**
 * The index data of the passages' analysis, or of analyses of them made apart (threads that took ranges in turn, see
 * build.worker.ts), joined and inverted in one pass over their term lists.
 */
export function indexDataOf(analysed: Analysed | readonly Analysed[]): IndexData {
  const joined = joinAnalyses(Array.isArray(analysed) ? analysed : [analysed]);
  return { lexis: lexisOf(joined.vocab), ...invert(joined), mentions: joined.mentions };
}

/** How far from a passage's end, in UTF-16 units, the outlet of the article's reference ends (a full stop may follow). */
const REFERENCE_TAIL = 2;

export class SearchEngine implements IndexParts {
  readonly corpus: Corpus;
  readonly options: Required<EngineOptions>;
  private lexiconMade: Lexicon | undefined;
  private segmenterMade: Segmenter | undefined;
  private chatMade: ChatReader | undefined;
  readonly terms: TermIndex;
  /** Passages by their index number (MiniSearch's document id); a removed passage leaves a hole. */
  readonly docs: ReadonlyArray<Passage | undefined>;
  private readonly core: Core;
  private readonly sources = new Map<string, Source>();
  /** Passage number → its position in the corpus, once they differ (see `withCorpus`). */
  private readonly ranks: Uint32Array | undefined;
  private readonly entities = new Map<string, Entity>();
  readonly places: ReadonlySet<string>;
  readonly people: ReadonlySet<string>;
  readonly parties: ReadonlySet<string>;
  readonly outlets: ReadonlySet<string>;
  readonly ventures: ReadonlySet<string>;
  readonly partners: ReadonlyMap<string, ReadonlySet<string>>;
  readonly topics: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
  /** Companies and funds that formed none of the corpus's joint ventures (none when no venture lists partners). */
  private readonly outsiders: ReadonlySet<string>;
  /** Per passage, what `otherVenture` found (undefined: not yet looked at). */
  private readonly otherVentures: Array<readonly string[] | undefined> = [];
  private space: Scratch | undefined;
  private spellings: Spellings | undefined;
  /** Per answer kind, per passage: 1 when its text holds one, -1 when not, 0 not yet looked at. */
  private readonly answerKinds = new Map<FocusKind, Int8Array>();
  private readonly layouts: PassageLayouts;
  /** The keys that can answer "who" (every entity: a person, or an organisation for half) and "where" (places). */
  private answerKeys: Record<'person' | 'place', Array<{ key: string; id: number }>> | undefined;
  /**
   * The last question searched, analysed: /ask searches each question twice, once per language, and the analysis
   * (chat words, terms, names, units) is the same both times. `found`: MiniSearch's results for it, per filter (see
   * `ranked`).
   */
  private last: { query: string; a: Question; found: Map<string, Scored> } | undefined;

  /**
   * Build the index on this thread. `buildEngine` (build.ts) does the same work in worker threads, or loads a
   * saved index; all give the same answers. (`made` is internal: an engine over structures already made, see
   * `fromIndexData` and `withCorpus`.)
   */
  constructor(
    corpus: Corpus,
    options: EngineOptions = {},
    made?: { core: Core; docs: Array<Passage | undefined>; ranks?: Uint32Array },
  ) {
    this.corpus = corpus;
    this.options = { ...defaultEngineOptions, ...options };
    const keysOf = (kind: Entity['kind']) =>
      new Set(corpus.entities.filter((e) => e.kind === kind).map((e) => `e:${e.id}`));
    this.people = keysOf('person');
    this.outlets = keysOf('source');
    this.parties = new Set([...keysOf('person'), ...keysOf('company'), ...keysOf('fund')]);
    const termsOf = (kind: GlossaryTerm['kind']) =>
      new Set(corpus.glossary.filter((g) => g.kind === kind).map((g) => `g:${g.id}`));
    this.places = termsOf('place');
    this.ventures = termsOf('venture');
    this.topics = termsOf('topic');
    this.roles = termsOf('role');
    const formed = corpus.entities.filter((e) => e.partners);
    this.partners = new Map(formed.map((e) => [`e:${e.id}`, new Set(e.partners!.map((id) => `e:${id}`))]));
    const inside = new Set(formed.flatMap((e) => [e.id, ...e.partners!]).map((id) => `e:${id}`));
    this.outsiders = new Set(
      formed.length === 0 ? [] : [...keysOf('company'), ...keysOf('fund')].filter((key) => !inside.has(key)),
    );
    for (const s of corpus.sources) this.sources.set(s.id, s);
    for (const e of corpus.entities) this.entities.set(e.id, e);
    this.ranks = made?.ranks;
    if (made) {
      this.core = made.core;
      this.docs = made.docs;
    } else {
      const texts = corpus.passages.map((p) => p.text);
      const analysed = analysePassages(texts, { han: this.options.han, segmenter: this.segmenter }, this.lexicon);
      this.core = coreOf(indexDataOf(analysed));
      this.docs = corpus.passages;
    }
    this.terms = this.core.terms;
    this.layouts = new PassageLayouts(this);
  }

  // The readers of questions are made on first use: a command that only lists the corpus (`sources`, `/corpus
  // status`) does not pay for them (~50 ms at a CLI call's start).
  get lexicon(): Lexicon {
    return (this.lexiconMade ??= corpusLexicon(lexiconEntries(this.corpus)));
  }

  get segmenter(): Segmenter {
    return (this.segmenterMade ??= new Segmenter(segmenterForms(this.corpus)));
  }

  get chat(): ChatReader {
    return (this.chatMade ??= new ChatReader(this.corpus.chat));
  }

  /** An engine over index data made elsewhere (a worker thread, a saved index) from `corpus.passages` in order. */
  static fromIndexData(corpus: Corpus, data: IndexData, options: EngineOptions = {}): SearchEngine {
    return new SearchEngine(corpus, options, { core: coreOf(data), docs: corpus.passages });
  }

  /**
   * Passage n's place in corpus order: equal scores are ranked by it, so the answers do not depend on how the
   * passages happen to be numbered (see `withCorpus`).
   */
  rank(n: number): number {
    return this.ranks ? this.ranks[n]! : n;
  }

  /**
   * The engine for `next`, a change of this engine's corpus, made by changing this index in place when only some
   * articles differ (MiniSearch's `add` and `remove`): a changed article's passages are removed and its new ones
   * added at the end. Undefined when a full build is due instead (entities, glossary, chat words or engine options
   * changed, kept articles came in another order, or much of the corpus changed). Answers are the same as a full
   * build's (a test compares them). This engine is not changed: it answers as before while the change is made, and
   * after it, or if the change fails (the new engine's structures are forks of its own, see `Core`).
   */
  withCorpus(next: Corpus, options: EngineOptions = {}): SearchEngine | undefined {
    const opts = { ...defaultEngineOptions, ...options };
    if (JSON.stringify(opts) !== JSON.stringify(this.options)) return undefined;
    const vocabulary = (c: Corpus) => JSON.stringify([lexiconEntries(c), c.chat, c.glossary]);
    if (vocabulary(next) !== vocabulary(this.corpus)) return undefined;
    const before = new Map(this.corpus.sources.map((s) => [s.id, s.hash]));
    const after = new Map(next.sources.map((s) => [s.id, s.hash]));
    const gone = [...before].filter(([id, hash]) => after.get(id) !== hash).map(([id]) => id);
    const come = new Set([...after].filter(([id, hash]) => before.get(id) !== hash).map(([id]) => id));
    const core = this.core;
    const had = this.articles();
    // Read per article and by position, not by passage id (a change costs what the articles changed cost, plus a
    // few typed-array passes over the corpus, not 100,000 hash lookups): the passages removed; then each passage of
    // the next corpus is either added (its article is new or changed) or the next kept passage of this corpus, in
    // the same order, checked by id. Removed last number first: a passage numbered above the others of its terms is
    // the last of their postings, dropped without moving or copying them (see PostingMap).
    const removed = gone.flatMap((id) => had.get(id) ?? []).sort((x, y) => y - x);
    const dropped = new Uint8Array(this.docs.length);
    for (const n of removed) dropped[n] = 1;
    const was = this.corpus.passages;
    // Position in this corpus → passage number: the same numbers until a change has been made.
    const ranked = this.ranks;
    let order: Uint32Array | undefined;
    if (ranked) {
      order = new Uint32Array(was.length);
      for (let n = 0; n < this.docs.length; n++) if (this.docs[n]) order[ranked[n]!] = n;
    }
    const numberAt = (j: number) => (order ? order[j]! : j);
    // Each next passage's number, or -1 when it is added; worked out before anything changes (a refused change
    // changes nothing).
    const numbers = new Int32Array(next.passages.length);
    let addedCount = 0;
    let j = 0;
    for (let i = 0; i < next.passages.length; i++) {
      const p = next.passages[i]!;
      while (j < was.length && dropped[numberAt(j)]) j++;
      if (j < was.length && was[j]!.id === p.id) numbers[i] = numberAt(j++);
      else if (come.has(p.source)) {
        numbers[i] = -1;
        addedCount++;
        // A kept passage out of its order, or one this corpus does not have: a rebuild is due (the passage before a
        // passage in its article is the one numbered before it, see score.ts, and a rebuild numbers them anew).
      } else return undefined;
    }
    // Past this, one build is cheaper than so many single changes.
    if (removed.length + addedCount > Math.max(1_000, was.length / 10)) return undefined;
    // The other articles are the same bytes, hence the same passages; only their notes (corrections) may differ.
    if (removed.length + addedCount === 0) return undefined;
    if (was.length - removed.length !== next.passages.length - addedCount) return undefined;
    // The next engine's structures: forks of this one's, which stay as they are.
    const indexed = forkIndexed(core.indexed);
    const byId = core.byId?.fork();
    const bySource = new Map(had);
    const docs = this.docs.slice();
    const tokenizing = { han: this.options.han, segmenter: this.segmenter };
    for (const n of removed) {
      const p = docs[n]!;
      removePassage(indexed, n, passageTerms(p.text, tokenizing, this.lexicon));
      docs[n] = undefined;
      byId?.delete(p.id);
    }
    for (const id of gone) bySource.delete(id);
    // In the new corpus order: added passages numbered and indexed, kept passages' new objects (with their new
    // notes), every passage's position, and the lengths in the order a rebuild would average them.
    const ranks = new Uint32Array(docs.length + addedCount);
    const ordered = new Uint32Array(next.passages.length);
    for (let i = 0; i < next.passages.length; i++) {
      const p = next.passages[i]!;
      let n = numbers[i]!;
      if (n < 0) {
        n = docs.length;
        addPassage(indexed, n, passageTerms(p.text, tokenizing, this.lexicon));
        docs.push(p);
        byId?.set(p.id, n);
        // A new list: the article's old one (gone above) is this engine's.
        let list = bySource.get(p.source);
        if (!list) bySource.set(p.source, (list = []));
        list.push(n);
      } else docs[n] = p;
      ranks[n] = i;
      ordered[i] = lengthOf(indexed, n);
    }
    settle(indexed, ordered);
    const terms = new TermIndex(indexed.dict, indexed.ms.documentCount);
    const made = {
      core: { indexed, terms, ...(byId ? { byId } : {}), bySource, mentions: core.mentions },
      docs,
      ranks,
    };
    const out = new SearchEngine(next, options, made);
    // The same names, glossary and chat words (checked above): the same readers, not made again at each change.
    out.lexiconMade = this.lexiconMade;
    out.segmenterMade = this.segmenterMade;
    out.chatMade = this.chatMade;
    return out;
  }

  /**
   * Say that the engines this one was changed from (`withCorpus`) answer no more: a later change of this one then
   * does not copy postings to keep what they read (see PostingMap). The live store calls it once this engine has
   * replaced the one it was changed from.
   */
  takeOver(): void {
    this.core.indexed.dict.takeOver();
  }

  /** `text` with the names it misspells ("megafone", "mailru") written as the names (see `NameTypos`). */
  spellNames(text: string): string {
    const syllables = vietnameseWords().syllables;
    const spelled = this.nameTypos().correct(
      text,
      (word) => this.terms.id(word) >= 0 || syllables.has(fold(word)) || this.spelled(fold(word)),
    );
    const language = detectLanguage(spelled);
    // "co mangxh vs nhantin ko": a Vietnamese word typed with its syllables run together, which no passage has.
    if (language === 'vi')
      return spelled.replace(/[\p{Script=Latin}\p{M}]{4,}/gu, (typed) => {
        if (this.terms.id(typed.toLowerCase()) >= 0) return typed;
        // Whether it is an English word is asked last: it is the dear check (a millisecond a word).
        const apart = runTogether(typed, vietnameseWords());
        return apart === undefined || isEnglishWord(typed.toLowerCase()) ? typed : apart;
      });
    // "internt", "cheif executive", "invets": an English question's words for the deal, typed from memory too.
    if (language !== 'en') return spelled;
    return this.englishTypos().correct(spelled, (word) => this.terms.id(word) >= 0 || isStopWord(word), isEnglishWord);
  }
  private typos: NameTypos | undefined;
  private english: NameTypos | undefined;

  private englishTypos(): NameTypos {
    return (this.english ??= new NameTypos(
      [...this.corpus.glossary.flatMap((t) => t.forms.en), ...ENGLISH_STOP_WORDS],
      true,
    ));
  }

  private nameTypos(): NameTypos {
    return (this.typos ??= new NameTypos(
      this.lexicon.entries.filter((e) => e.key.startsWith('e:')).flatMap((e) => e.forms),
    ));
  }

  /**
   * Make now what the first questions would otherwise make on their way, none of it depending on the question: the
   * readers of questions, the word trees of Vietnamese segmentation, the Vietnamese passages' spellings, the names'
   * misspellings, the order of the passages that name a news outlet, each article's passages, the names entities are
   * called by, each language's passages, the scratch arrays of scoring, the compiled patterns that read questions. An index built or loaded in a worker thread has made none of them on this thread (at 100,000
   * passages the first questions paid a second and more). The bot's warm-up calls it before it answers anyone.
   */
  prepare(): void {
    this.segmenter.prepare();
    this.chatMade ??= new ChatReader(this.corpus.chat);
    this.nameTypos();
    this.englishTypos();
    this.vietnameseSpellings();
    this.byOutletTail();
    this.articles();
    this.calledLexicon();
    for (const lang of ['vi', 'zh'] as const) this.written(lang);
    this.scratch();
    compileAhead([...QUESTION_PATTERNS, ...FOCUS_PATTERNS, ...SCORE_PATTERNS, SPEECH_VERB, CLAUSE_END]);
  }

  /** Read from the Vietnamese passages on the first question that needs it (see `Spellings`). */
  readonly ambiguous = (folded: string, form: string): boolean => this.vietnameseSpellings().ambiguous(folded, form);

  /** Whether the Vietnamese passages have a word that is `folded` without its diacritics. */
  private spelled(folded: string): boolean {
    return this.vietnameseSpellings().has(folded);
  }

  private vietnameseSpellings(): Spellings {
    return (this.spellings ??= new Spellings(this.corpus.passages.filter((p) => p.lang === 'vi').map((p) => p.text)));
  }

  passageKeys(n: number, kind: 'person' | 'place'): readonly string[] {
    // Kept per passage: a question asks it of each of its 200 candidates, once or more, each time a look-up in the
    // postings of every entity.
    const kept = this.keysIn[kind];
    let out = kept[n];
    if (out === undefined) {
      const known = (keys: string[]) =>
        keys.map((key) => ({ key, id: this.terms.id(key) })).filter(({ id }) => id >= 0);
      this.answerKeys ??= {
        person: known(this.corpus.entities.map((e) => `e:${e.id}`)),
        place: known([...this.places]),
      };
      const keys: string[] = [];
      for (const { key, id } of this.answerKeys[kind]) if (this.terms.has(n, id)) keys.push(key);
      kept[n] = out = keys;
    }
    return out;
  }
  private readonly keysIn: Record<'person' | 'place', Array<readonly string[] | undefined>> = { person: [], place: [] };

  otherVenture(n: number): readonly string[] {
    let found = this.otherVentures[n];
    if (found === undefined) this.otherVentures[n] = found = this.ventureOf(n);
    return found;
  }

  private ventureOf(n: number): readonly string[] {
    // Cheap tests first, on the postings: a venture word and an outsider in the passage at all.
    if (![...this.ventures].some((key) => this.terms.has(n, this.terms.id(key)))) return [];
    if (!this.passageKeys(n, 'person').some((key) => this.outsiders.has(key))) return [];
    // Only names and sentences: not the whole layout (tokens, Chinese words) a highlight needs.
    const text = this.docs[n]!.text;
    const mentions = this.builtMentions(n, true) ?? this.lexicon.scan(text);
    const sentences = sentenceBounds(text);
    const named = new Set<string>();
    for (const [s, e] of sentences) {
      const inSentence = mentions.filter((m) => m.start >= s && m.end <= e);
      const outside = inSentence.filter((m) => this.outsiders.has(m.key));
      for (const v of inSentence) {
        if (!this.ventures.has(v.key)) continue;
        // In one clause: a quotation ends a sentence of its own ("“…合资企业是…新趋势。…”拥有 … 的 USM 创始人…说").
        const beside = outside.filter(
          (o) => !CLAUSE_END.test(text.slice(Math.min(o.end, v.end), Math.max(o.start, v.start))),
        );
        if (beside.length === 0) return [];
        for (const o of beside) named.add(o.key);
      }
    }
    return [...named];
  }

  /**
   * The passages that name a news outlet, in the order a question about the source quotes them: an outlet named at
   * the very end ("… Tham khảo TechCrunch") is the article's reference, before one it quotes, so those that name one
   * nearest their end first (`outletTail`), then in corpus order. Made once (see `prepare`): a large corpus has
   * thousands of them, each read from its names (at 100,000 passages, a second and more).
   */
  private byOutletTail(): Uint32Array {
    if (!this.outletOrder) {
      const order = Uint32Array.from(this.naming(this.outlets));
      for (const n of order) this.outletTail(n);
      const tails = this.outletTails!;
      this.outletOrder = order.sort((x, y) => tails[x]! - tails[y]! || this.rank(x) - this.rank(y));
    }
    return this.outletOrder;
  }
  private outletOrder: Uint32Array | undefined;

  /**
   * How far from its end passage n last names a news outlet (in UTF-16 units; Infinity when it names none): read
   * from its names alone, once per passage.
   */
  private outletTail(n: number): number {
    const tails = (this.outletTails ??= new Float64Array(this.docs.length).fill(Number.NaN));
    let tail = tails[n]!;
    if (Number.isNaN(tail)) {
      const ends = this.layouts
        .mentions(n)
        .filter((m) => this.outlets.has(m.key))
        .map((m) => m.end);
      tails[n] = tail = this.docs[n]!.text.length - Math.max(...ends);
    }
    return tail;
  }
  /** Per passage, `outletTail` (NaN: not read yet). */
  private outletTails: Float64Array | undefined;

  /** Whether passage n names term `id` and no passage before it in its article does. */
  private firstNaming(n: number, id: number): boolean {
    if (id < 0 || !this.terms.has(n, id)) return false;
    // Read from the article's own passages (tens), not from the term's postings (up to every passage of the corpus,
    // which the first question about a common term paid in full). An article's passages need not be numbered in a
    // row: an index changed in place appends, and leaves holes.
    const p = this.docs[n]!;
    for (const m of this.articles().get(p.source) ?? []) {
      const before = this.docs[m];
      if (before && before.ordinal < p.ordinal && this.terms.has(m, id)) return false;
    }
    return true;
  }

  /** Article id → its passages' numbers, ascending (made once per index, kept through changes in place). */
  private articles(): Map<string, number[]> {
    return (this.core.bySource ??= passagesBySource(this.docs));
  }

  namesIn(key: string, script: 'latin' | 'han'): readonly string[] {
    const k = `${script} ${key}`;
    let names = this.scriptNames.get(k);
    if (!names) {
      const e = this.entities.get(key.slice(2));
      names = e
        ? [...e.names, ...e.otherNames].filter((s) => WRITTEN_IN[script].test(s)).map((s) => simplify(s.toLowerCase()))
        : [];
      this.scriptNames.set(k, names);
    }
    return names;
  }
  private readonly scriptNames = new Map<string, string[]>();

  builtMentions(n: number, unbounded = false): Mention[] | undefined {
    const m = this.core.mentions;
    return 2 * n + 2 < m.ends.length ? mentionsAt(m, n, unbounded) : undefined;
  }

  personBefore(n: number): boolean {
    return (this.pronouns[n] ??= pronounForPerson(this.docs[n]!.text));
  }
  private readonly pronouns: boolean[] = [];

  layout(n: number): PassageLayout {
    return this.layouts.get(n);
  }

  speakers(n: number): readonly string[] {
    let found = this.speaking[n];
    if (found === undefined) {
      const text = this.docs[n]!.text;
      const verbs = allMatches(SPEECH_VERB, text);
      // Its layout only when someone may speak in it.
      const { mentions, sentences } = verbs.length > 0 ? this.layouts.get(n) : NO_LAYOUT;
      const people = mentions.filter((m) => this.people.has(m.key));
      const out: string[] = [];
      for (const verb of verbs) {
        const [start] = sentences.find(([s, e]) => verb.index >= s && verb.index < e) ?? [0];
        const speaker = people.filter((m) => m.start >= start && m.end <= verb.index).at(-1);
        if (speaker && verb.index - speaker.end <= SPEAKER_REACH && !out.includes(speaker.key)) out.push(speaker.key);
      }
      found = this.speaking[n] = out;
    }
    return found;
  }

  calledIn(n: number): readonly Mention[] {
    return (this.called[n] ??= this.calledLexicon().scan(this.docs[n]!.text));
  }
  private readonly called: Array<readonly Mention[]> = [];
  private readonly speaking: Array<readonly string[]> = [];
  private calledNames: Lexicon | undefined;

  /** The names entities are called by ("the Russian internet giant"), as a lexicon of their own. */
  private calledLexicon(): Lexicon {
    return (this.calledNames ??= new Lexicon(
      this.corpus.entities.flatMap((e) => (e.called ?? []).map((form) => ({ key: `e:${e.id}`, forms: [form] }))),
    ));
  }

  figureBefore(n: number): boolean {
    return (this.figureRefs[n] ??= refersToFigure(this.docs[n]!.text));
  }
  private readonly figureRefs: boolean[] = [];

  textAnswers(n: number, kind: FocusKind): boolean {
    let known = this.answerKinds.get(kind);
    if (!known) this.answerKinds.set(kind, (known = new Int8Array(this.docs.length)));
    if (known[n] === 0) known[n] = textAnswers(kind, this.docs[n]!.text) ? 1 : -1;
    return known[n] === 1;
  }

  /** Per passage, 1 when it is written in `lang` (made on first use per language). */
  private written(lang: Lang): Uint8Array {
    let mask = this.langs.get(lang);
    if (!mask) {
      mask = new Uint8Array(this.docs.length);
      for (let n = 0; n < mask.length; n++) if (this.docs[n]?.lang === lang) mask[n] = 1;
      this.langs.set(lang, mask);
    }
    return mask;
  }
  private readonly langs = new Map<Lang, Uint8Array>();

  scratch(): Scratch {
    const n = this.docs.length;
    return (this.space ??= { scores: new Float64Array(n), ids: new Uint32Array(n), values: new Float64Array(n) });
  }

  /** Passage id → number. */
  private byId(): PassageIds {
    return (this.core.byId ??= PassageIds.of(this.docs));
  }

  passage(id: string): Passage | undefined {
    const n = this.byId().get(id);
    return n === undefined ? undefined : this.docs[n];
  }

  source(id: string): Source | undefined {
    return this.sources.get(id);
  }

  entity(id: string): Entity | undefined {
    return this.entities.get(id);
  }

  /** Entity ids a text names (in any script), in order of appearance. */
  entitiesIn(text: string): string[] {
    return [
      ...new Set(
        this.lexicon
          .scan(text.normalize('NFC'))
          .filter((m) => m.key.startsWith('e:'))
          .map((m) => m.key.slice(2)),
      ),
    ];
  }

  /** Every name and glossary term in a passage of this index, where it stands (computed once, then kept). */
  mentionsIn(passage: Passage): Mention[] {
    const n = this.byId().get(passage.id);
    return n === undefined || this.docs[n] !== passage
      ? this.layouts.of(passage.text).mentions
      : this.layouts.get(n).mentions;
  }

  /** True when the passage names the entity. */
  mentions(passageId: string, entityId: string): boolean {
    const n = this.byId().get(passageId);
    return n !== undefined && this.terms.has(n, this.terms.id(`e:${entityId}`));
  }

  /** The passages that name any of these keys (passage numbers, each once). */
  private naming(keys: Iterable<string>): Set<number> {
    const out = new Set<number>();
    for (const key of keys) for (const n of this.terms.postingsOf(this.terms.id(key))) out.add(n);
    return out;
  }

  /** Passages that name an entity, in corpus order. */
  passagesMentioning(entityId: string): Passage[] {
    const ns = [...this.terms.postingsOf(this.terms.id(`e:${entityId}`))];
    return ns.sort((x, y) => this.rank(x) - this.rank(y)).map((n) => this.docs[n]!);
  }

  /** The terms MiniSearch scores: the rarest first, within the postings budget. */
  private queryTerms(a: Question): string[] {
    const ids = [...new Set([...a.tokenIds, ...a.mentionIds].filter((id) => id >= 0))].sort(
      (x, y) => this.terms.df(x) - this.terms.df(y),
    );
    const byId = new Map([
      ...a.tokens.map((t, i) => [a.tokenIds[i]!, t.term] as const),
      ...a.mentions.map((m, i) => [a.mentionIds[i]!, m.key] as const),
    ]);
    const out: string[] = [];
    let postings = 0;
    for (const id of ids) {
      if (out.length > 0 && postings + this.terms.df(id) > this.options.postingsBudget) break;
      postings += this.terms.df(id);
      out.push(byId.get(id)!);
    }
    return out;
  }

  /**
   * MiniSearch's results as candidates: the best `candidates` of the allowed ones, best first, equal scores in corpus
   * order however the passages were numbered (see `withCorpus`). Only those scoring at least as much as the
   * `candidates`-th best are sorted: the same candidates, in the same order, as a sort of them all.
   */
  private best(found: Scored, allowed: (n: number) => boolean): Candidate[] {
    const k = this.options.candidates;
    // Positions in `found` of the allowed results, and their scores (which the selection below reorders).
    const { ids: at, values } = this.scratch();
    let kept = 0;
    for (let j = 0; j < found.ids.length; j++) {
      if (!allowed(found.ids[j]!)) continue;
      at[kept] = j;
      values[kept++] = found.scores[j]!;
    }
    const bar = kept > k ? kthLargest(values.subarray(0, kept), k) : Number.NEGATIVE_INFINITY;
    // Those at or above it sorted where they are (equal scores in corpus order): only the k kept become objects.
    const { ids, scores } = found;
    let above = 0;
    for (let i = 0; i < kept; i++) if (scores[at[i]!]! >= bar) at[above++] = at[i]!;
    at.subarray(0, above).sort((x, y) => scores[y]! - scores[x]! || this.rank(ids[x]!) - this.rank(ids[y]!));
    const out: Candidate[] = [];
    for (let i = 0; i < above && i < k; i++) out.push({ id: ids[at[i]!]!, score: scores[at[i]!]! });
    return out;
  }

  /**
   * Ranked passages that answer `query`, best first, each with its score and the spans to highlight.
   * Empty when nothing in the corpus answers it (unless `noAbstain`).
   */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const { limit } = { ...defaultSearchOptions, ...options };
    if (this.last?.query !== query) this.last = { query, a: analyseQuestion(query, this), found: new Map() };
    const a = this.last.a;
    const terms = this.queryTerms(a);
    const entityId = options.entity ? this.terms.id(`e:${options.entity}`) : undefined;
    // Read for every passage a common term has: a byte per passage, not the passage object.
    const inLang = options.lang ? this.written(options.lang) : undefined;
    const allowed = (n: number) =>
      (inLang === undefined || inLang[n] === 1) && (entityId === undefined || this.terms.has(n, entityId));
    // "Bài này dịch từ báo nào?", 标题怎么写: about the articles themselves. When nothing else in the question is
    // matched, the passages that hold what is asked (a news outlet named, an article's first passage) answer, in
    // corpus order.
    const meta = a.focus?.kind === 'source' || a.focus?.kind === 'title' || a.focus?.kind === 'caption';
    const aboutArticles = (): SearchHit[] => {
      const found: Candidate[] = [];
      const scores: number[] = [];
      if (a.focus?.kind === 'source') {
        // Every passage that names an outlet holds what is asked (`focusMet`): the first allowed ones, in the order
        // kept for them (see `byOutletTail`). One that names an outlet at its very end scores a whole point above
        // the others: the answer policy, which weighs one language's best against the other's, then quotes the
        // reference whichever language asked.
        for (const n of this.byOutletTail()) {
          if (found.length >= limit) break;
          if (!this.docs[n] || !allowed(n)) continue;
          found.push({ id: n, score: FOCUS_TIER });
          scores.push(FOCUS_TIER + (this.outletTail(n) <= REFERENCE_TAIL ? 1 : 0));
        }
      } else {
        for (const n of this.docs.keys())
          if (this.docs[n] && allowed(n) && focusMet(this, a, n) > 0) found.push({ id: n, score: FOCUS_TIER });
        found.sort((x, y) => this.rank(x.id) - this.rank(y.id));
        for (const c of found) scores.push(c.score);
      }
      return found.slice(0, limit).map((c, i) => hitOf(this, this.layouts, c, scores[i]!, a));
    };
    // Whether the question, its chat words read ("这瓜是哪家外媒爆的": 这新闻), speaks of an article.
    const ofAnArticle = () => aboutAnArticle(simplify(this.chat.read(query.normalize('NFC'), this.ambiguous)));
    // Nothing asked beyond the deal itself ("vụ này báo nào đưa tin"): the same. So for where the news itself comes
    // from ("这条新闻最早是哪家媒体发的"), not a report it quotes.
    if (
      meta &&
      (a.units.every((u) => u.topic === true || u.role === 'type') || (a.focus?.kind === 'source' && ofAnArticle()))
    )
      return aboutArticles();
    const hits = this.ranked(a, terms, allowed, options, limit);
    return hits.length === 0 && meta && !a.stranger && (a.focus?.kind === 'caption' || ofAnArticle())
      ? aboutArticles()
      : hits;
  }

  /**
   * MiniSearch's scores of the question's terms, for the passages `allowed` lets through (kept per filter for the last
   * question: /ask searches it once per language, "More" again).
   * The terms go in as one query split into them, not as a query per term: the same scores, added up in the same
   * order, without MiniSearch's work per query (its options merged again, its results combined) for each of a Chinese
   * question's dozens of terms.
   * A passage left out by the filter is left out by MiniSearch too (`boostDocument` 0: it makes no result object for
   * it, most of the cost of a search). One let through gets the same score, to the last bit, as without the filter:
   * MiniSearch multiplies its score by the boost, 1, where it would multiply it by 1, and a term's document frequency
   * counts every passage either way.
   */
  private found(
    last: NonNullable<SearchEngine['last']>,
    terms: readonly string[],
    boost: (term: string) => number,
    allowed: (n: number) => boolean,
    options: SearchOptions,
  ): Scored {
    const filtered = options.lang !== undefined || options.entity !== undefined;
    const key = filtered ? `${options.lang ?? ''} ${options.entity ?? ''}` : '';
    let found = last.found.get(key);
    if (!found) {
      found = scoreQuery(this.core.indexed, terms.join('\n'), {
        combineWith: 'OR',
        tokenize: eachLine,
        boostTerm: boost,
        ...(filtered ? { boostDocument: (id: number) => (allowed(id) ? 1 : 0) } : {}),
      });
      last.found.set(key, found);
    }
    return found;
  }

  /** The search proper (see `search`): candidates, their scores, and whether to abstain. */
  private ranked(
    a: Question,
    terms: string[],
    allowed: (n: number) => boolean,
    options: SearchOptions,
    limit: number,
  ): SearchHit[] {
    const last = this.last!;
    if (a.units.length === 0 || terms.length === 0 || (a.stranger && !options.noAbstain)) return [];
    const exact = new Set(a.tokens.filter((t) => !t.folded).map((t) => t.term));
    const boost = (term: string) =>
      KEY.test(term) ? this.options.keyBoost : exact.has(term) ? 1 : this.options.foldedCredit;
    const results: Candidate[] =
      this.terms.df(this.terms.id(terms[0]!)) > this.options.postingsBudget
        ? commonCandidates(this, a, boost, allowed)
        : this.best(this.found(last, terms, boost, allowed, options), allowed);
    if (results.length === 0) return [];
    const top = results[0]!.score;
    const softKind = a.focus !== undefined && this.options.softFocus.includes(a.focus.kind);
    const focusWeight = softKind ? this.options.softFocusWeight : this.options.focusWeight;
    const { bm25Weight, evidenceWeight, introWeight, localWeight, localCandidates } = this.options;
    // "What is X": the passage that introduces X, where its article first names it.
    const introduced = introWeight > 0 ? onlyName(a) : undefined;
    const introducedId = introduced === undefined ? -1 : this.terms.id(introduced);
    // A passage that holds an answer of the kind asked for comes before any that does not: a tier above. Not for
    // a soft kind (why): "để", "vì", 因为 are in most passages, and a reason is often given without them.
    const tiered = a.focus !== undefined && !softKind;
    const score = (r: Candidate, focused?: number) => {
      const c = coverage(this, a, r.id, focused);
      const focus = c.focus * focusWeight;
      const evidence = c.evidence * evidenceWeight;
      const s = { r, ...c, score: c.coverage + bm25Weight * (r.score / top) + focus + evidence };
      if (introduced !== undefined && this.firstNaming(r.id, introducedId)) s.score += introWeight;
      if (s.focus > 0 && tiered) s.score += FOCUS_TIER;
      return s;
    };
    // What is shown of those that answer: the passages that cover enough of the question.
    const shown = (s: { coverage: number }) =>
      options.noAbstain === true || s.coverage >= this.options.threshold * 0.75;
    // The most a sentence can add to a candidate's score (below).
    const most = localWeight > 0 ? localWeight * mostLocality(a, focusWeight, this.options.proximityWeight) : 0;
    const candidates = results.slice(0, this.options.candidates);
    // Of a tiered kind, a candidate that holds no answer of it can score at most `untiered`, with all a sentence may
    // add: when `limit` candidates that hold one are shown above that already, it cannot be shown, and its coverage
    // (the dearest part of most questions' scoring: its names, its sentences) is not worked out unless the abstention
    // below needs it. Ranks and scores shown are the same; the others keep their order.
    const mostCovered = mostCoverage(a, this.options);
    const untiered = tiered
      ? mostCovered +
        Math.max(0, bm25Weight) +
        mostCovered * Math.max(0, evidenceWeight) +
        Math.max(0, introWeight) +
        most
      : Infinity;
    let scored: Array<ReturnType<typeof score>>;
    let left: Array<[Candidate, number]> = [];
    if (Number.isFinite(untiered) && untiered < FOCUS_TIER) {
      const focuses = candidates.map((r) => focusOf(this, a, r.id));
      const inTier = candidates.flatMap((r, i) => (focuses[i]! > 0 ? [score(r, focuses[i])] : []));
      if (kthShown(inTier, shown, limit) > untiered) {
        scored = inTier;
        left = candidates.flatMap((r, i) => (focuses[i]! > 0 ? [] : [[r, focuses[i]!] as [Candidate, number]]));
      } else {
        // In their order: as if all were scored at once.
        let j = 0;
        scored = candidates.map((r, i) => (focuses[i]! > 0 ? inTier[j++]! : score(r, focuses[i])));
      }
    } else scored = candidates.map((r) => score(r));
    scored.sort((x, y) => y.score - x.score);
    // The best few again, by what their best sentence holds: the answer and its subject in one sentence.
    if (localWeight > 0) {
      // A candidate that cannot reach the `limit` shown even with the most a sentence can add is not looked at: its
      // layout (the dearest part) is not made, and what is shown is the same. Scores only grow here, so the
      // limit-th best shown score so far is at most the final one.
      // The bar moves only when a score grows; with no bound (`most` infinite) every candidate is looked at.
      const bounded = Number.isFinite(most);
      let bar = bounded ? kthShown(scored, shown, limit) : Number.NEGATIVE_INFINITY;
      for (const s of scored.slice(0, localCandidates)) {
        if (s.score + most < bar) continue;
        s.score += localWeight * locality(this, this.layouts.get(s.r.id), a, s.r.id, focusWeight);
        if (bounded) bar = kthShown(scored, shown, limit);
      }
      scored.sort((x, y) => y.score - x.score);
    }
    if (!options.noAbstain) {
      const { threshold, minEvidence } = this.options;
      // The evidence decides whether to answer, not how to rank: the best passage about the entity
      // may be the one that speaks of it as "he", beside the one with the asked words.
      // And a passage must hold an answer of the kind asked for (a figure, a name, a date…), unless only a
      // preference was asked for (why: reasons are not always spelled out with "because"), and be about whom the
      // question names (`named`).
      // How a name is written is answered by the name written so, whatever else the question says around it
      // ("马云在外媒里用的英文名叫啥": no passage says 外媒).
      // Nor does where words were published ("阿里是在哪儿发话的"): a blog or a statement named beside whom the question
      // names is the answer, whatever else the question words its asking with.
      const spelled = a.focus?.kind === 'latin-name' || a.focus?.kind === 'han-name' || a.focus?.kind === 'venue';
      // So is a share asked of a party the question names ("what is alibaba's stake in aliexpress russia", "and whats
      // their cut"): the share the passage gives that party (`focus` 1) is the evidence, whatever else is asked.
      const ownShare = a.focus?.kind === 'percent' && a.names.some((k) => this.parties.has(k));
      // What a person said is answered only by a passage that quotes words (“…”他说 being the person named before, in
      // `named`) or reports them speaking ("Michael Evans 在评论中解释说，…"): that Daniel Zhang will be chairman is no
      // word of his about the deal.
      const speakers = a.focus?.kind === 'quote' ? a.names.filter((k) => this.people.has(k)) : [];
      const preferred =
        softKind && speakers.length === 0 && !(a.focus?.kind === 'reason' && a.names.some((k) => this.people.has(k)));
      const answers = (s: ReturnType<typeof score>) =>
        s.coverage >= threshold &&
        (s.evidence >= minEvidence || (spelled && s.focus > 0) || (ownShare && s.focus >= 1)) &&
        s.named &&
        // Last: who speaks in a passage is read from its layout.
        (s.focus > 0 || preferred || this.speakers(s.r.id).some((k) => speakers.includes(k)));
      // The candidates left unscored above count here: one of them may be what lets the search answer.
      if (!scored.some(answers) && !left.some(([r, focus]) => answers(score(r, focus)))) return [];
    }
    return scored
      .filter(shown)
      .slice(0, limit)
      .map((s) => hitOf(this, this.layouts, s.r, s.score, a));
  }
}
