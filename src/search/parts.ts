import type { Ambiguous, Lexicon, Mention } from '../text/lexicon.ts';
import type { Passage } from '../types.ts';
import type { EngineOptions } from './options.ts';
import type { ChatReader } from './chat.ts';
import type { FocusKind } from './focus.ts';
import type { Segmenter } from './segment.ts';
import type { TermIndex } from './terms.ts';

/** What question analysis, scoring and highlighting read of a built index. */
export interface IndexParts {
  /** Passages by their index number (MiniSearch's document id); a removed passage leaves a hole. */
  readonly docs: ReadonlyArray<Passage | undefined>;
  /** Passage n's place in corpus order: equal scores are ranked by it. */
  rank(n: number): number;
  readonly terms: TermIndex;
  readonly lexicon: Lexicon;
  /** Cuts Vietnamese into words, the same way for passages and questions. */
  readonly segmenter: Segmenter;
  /** Reads chat abbreviations and colloquial words as the articles write them. */
  readonly chat: ChatReader;
  /** Whether a word typed without diacritics may stand for other words than a form (see `Spellings`). */
  readonly ambiguous: Ambiguous;
  /** A question's misspelled names written as the names ("megafone" is MegaFon). */
  spellNames(text: string): string;
  readonly options: Required<EngineOptions>;
  /** Glossary keys of places (`g:russia`): what answers "where". */
  readonly places: ReadonlySet<string>;
  /** Entity keys of people (`e:jack-ma`): what answers "who" best. */
  readonly people: ReadonlySet<string>;
  /** Entity keys of whoever can own a share or pay a sum: people, companies and funds (not products, not outlets). */
  readonly parties: ReadonlySet<string>;
  /** Entity keys of news outlets the articles cite (`e:techcrunch`): a passage citing one is not about it. */
  readonly outlets: ReadonlySet<string>;
  /**
   * The keys passage `n` names that can answer "who" (entity keys) or "where" (place keys): read from the index's
   * postings, which hold every key a passage names, rather than from its text analysed again.
   */
  passageKeys(n: number, kind: 'person' | 'place'): readonly string[];
  /** Glossary keys of the words for the corpus's subject itself (`g:deal`; see `GlossaryTerm.kind`). */
  readonly topics: ReadonlySet<string>;
  /** Glossary keys of the words for a position someone holds (`g:ceo`, `g:chairman`; see `GlossaryTerm.kind`). */
  readonly roles: ReadonlySet<string>;
  /** Glossary keys of the words for a joint venture (`g:joint-venture`). */
  readonly ventures: ReadonlySet<string>;
  /** Per joint venture's entity key (`e:aliexpress-russia`), the keys of the companies and funds that formed it. */
  readonly partners: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * When every sentence of passage `n` that has a word for a joint venture also names a company or fund outside the
   * corpus's ventures' partners ("5 月它与俄罗斯天然气工业银行成立了一家合资公司"), those outsiders' keys: its venture
   * words speak of their venture, not of the deal's. Empty otherwise.
   */
  otherVenture(n: number): readonly string[];
  /** How an entity (`e:jack-ma`) is written in one script, in lower case: its names and other spellings in it. */
  namesIn(key: string, script: 'latin' | 'han'): readonly string[];
  /** Whether passage `n`'s text holds an answer of a kind that needs no names (a percentage, a date…). */
  textAnswers(n: number, kind: FocusKind): boolean;
  /**
   * Whether passage n speaks of a person by a pronoun: a quotation its speaker is given for by one ("…，”他说。", "…,"
   * he said), or "ông Daniel Zhang sẽ thay thế ông": the person the passage before names is the one meant.
   */
  personBefore(n: number): boolean;
  /**
   * The entities (`e:` keys) passage n speaks of without naming them, as entities.yaml's `called` says
   * ("…với một trong những công ty internet hàng đầu của quốc gia này" is Mail.ru): the passage is about them.
   */
  calledIn(n: number): readonly Mention[];
  /**
   * Whether passage n speaks of a figure the passage before gives ("然而，这一数字不包括…", "this figure does not
   * include…"): that figure is its subject.
   */
  figureBefore(n: number): boolean;
  /**
   * Passage n's mentions as the build found them: within its word bounds, as its layout has them, or, `unbounded`,
   * those a scan of its text alone finds (`Lexicon.scan(text)`). Undefined when the build did not scan it (a passage
   * added in place since): the caller scans it. New objects at each call.
   */
  builtMentions(n: number, unbounded?: boolean): Mention[] | undefined;
  /** Passage n's tokens, mentions and sentences (made once and kept a while: see highlight.ts). */
  layout(n: number): PassageLayout;
  /**
   * The people passage n reports speaking: each named, then a verb of saying in the same sentence with no other person
   * named between ("Michael Evans 在评论中解释说", "Usmanov cho biết"). Not announcing a plan (宣布, "tuyên bố"): that
   * someone announced something is no word of theirs about it.
   */
  speakers(n: number): readonly string[];
  /** Scratch arrays of one slot per passage, for one search at a time (see {@link Scratch}). */
  scratch(): Scratch;
}

/** Space a search reuses instead of allocating: one slot per passage in each array. */
export interface Scratch {
  /** Scores, all zero between searches. */
  scores: Float64Array;
  /** Passage numbers (any content). */
  ids: Uint32Array;
  /** Values (any content). */
  values: Float64Array;
}

/** A passage worth a coverage score, with its retrieval score (BM25, or for common terms a rarity-weighted count of them). */
export interface Candidate {
  id: number;
  score: number;
}

export interface PassageLayout {
  tokens: Array<{ term: string; start: number; end: number }>;
  mentions: Mention[];
  /** [start, end) of each sentence. */
  sentences: Array<[number, number]>;
  /** [start, end) of each Chinese word of two characters or more. */
  hanWords: Array<[number, number]>;
}
