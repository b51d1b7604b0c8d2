/**
 * The plain data that flows from the corpus to the commands. Nothing here knows about Discord.
 */

/** The languages the corpus is written in. */
export type Lang = 'vi' | 'zh';

/** One article: its front matter plus where it came from. */
export interface Source {
  /** File name without `.md`: lowercase letters, digits and hyphens. */
  id: string;
  title: string;
  lang: Lang;
  /** The original article (http or https). */
  url: string;
  /** YYYY-MM-DD, when known. */
  published?: string;
  publisher?: string;
  note?: string;
  /** Path of the file it was read from, relative to the corpus folder. */
  file: string;
  /** sha256 of the file's bytes, to tell what a reload changed. */
  hash: string;
}

/** Something the reader must see beside a passage's text. */
export type PassageNote =
  /** Struck-out text the source itself retracted; never shown as fact. */
  | { kind: 'retracted'; text: string }
  /** The passage stands right under a picture of the article: its caption ("what does the picture say"). */
  | { kind: 'caption' }
  /** A statement in this passage that a correction elsewhere supersedes. */
  | { kind: 'corrected'; text: string; by: { source: string; passage: string; text: string } };

/** A quotable piece of an article: one or more whole sentences. */
export interface Passage {
  /** Stable: the same source and text give the same id after any reload. */
  id: string;
  source: string;
  lang: Lang;
  /** 1-based position among the source's passages, for citing as ¶ n. */
  ordinal: number;
  /** Display text: cleaned, plain (no Markdown), retracted text removed. */
  text: string;
  /** Where it sits in the article body: [start, end) UTF-16 offsets into the text below the front matter. */
  start: number;
  end: number;
  notes: PassageNote[];
}

export type EntityKind = 'person' | 'company' | 'fund' | 'product' | 'source';

/** A person or organisation of the deal, with every name the articles use. */
export interface Entity {
  id: string;
  kind: EntityKind;
  /** Names that appear in the corpus (checked at load), in every script. The first is the display name. */
  names: string[];
  /** Other spellings users may type (not required to appear in the corpus). */
  otherNames: string[];
  /**
   * How an article speaks of it without its name ("một trong những công ty internet hàng đầu của quốc gia này",
   * 俄罗斯领先的互联网公司之一: Mail.ru, named only later): checked at load like `names`, read as mentions of it,
   * never shown nor taken for its spelling.
   */
  called?: string[];
  /** For a joint venture: the ids of the entities that formed it. */
  partners?: string[];
}

/** A glossary term: one idea, its words in each language. */
export interface GlossaryTerm {
  /**
   * `place` for places (Russia, Southeast Asia): what answers "where". `venture` for the words for a joint venture
   * (liên doanh, 合资公司): the deal's own, unless their sentence names a company outside its partners. `topic` for
   * the words for the corpus's subject itself (the deal: thương vụ, 交易): in a question they only say what it is
   * about ("天猫跟这笔交易有啥关系"), and an answer need not repeat them. `apart` for words that hold another term's
   * words but mean something else ("share price" is no stake, "share"), which the articles need not use.
   */
  kind?: 'place' | 'venture' | 'topic' | 'role' | 'apart';
  id: string;
  forms: Record<Lang | 'en', string[]>;
}

/** Everything the corpus folder says, validated and split into passages. */
export interface Corpus {
  /** The folder as the caller named it (used in messages). */
  dir: string;
  sources: Source[];
  passages: Passage[];
  entities: Entity[];
  glossary: GlossaryTerm[];
  /** How members write in chat, and what they mean (corpus/chat.yaml). */
  chat: ChatTerm[];
}

/** A chat abbreviation or colloquial word and what it stands for. */
export interface ChatTerm {
  /** The questions it applies to: by their language (Chinese forms wherever Chinese is typed). */
  lang: Lang | 'en';
  says: string[];
  means: string;
}

/** A scored passage with the places the query matched, for highlighting. */
export interface SearchHit {
  passage: Passage;
  score: number;
  /** [start, end) UTF-16 offsets into passage.text, sorted, non-overlapping. */
  spans: Array<[number, number]>;
  /** The query terms that matched (index form). */
  terms: string[];
}

export interface SearchOptions {
  /** Only passages in this language. */
  lang?: Lang;
  /** At most this many hits (default 3). */
  limit?: number;
  /** Only passages that mention this entity id. */
  entity?: string;
  /** Skip the abstention threshold (the caller wants the best there is, e.g. /who passing mentions). */
  noAbstain?: boolean;
}

/** The live corpus as moderators see it (`/corpus status`). */
export interface CorpusStatus {
  /** Where the corpus lives: a folder, or a database named without its password. */
  dir: string;
  /** What kind of place `dir` is. */
  store: 'folder' | 'postgres';
  /**
   * The corpus version answers are read from. In PostgreSQL, the database's version, the same on every replica
   * once it has caught up; in a folder, counted by this process from 1 at start.
   */
  version: number;
  articles: Array<{ id: string; title: string; lang: string; passages: number }>;
  passages: number;
  entities: number;
  loadedAt: Date;
  /** Who loaded it: a Discord user id, `cli`, `console`, `watch` or `startup`. */
  loadedBy: string;
}

/** What a corpus change did, for the moderator's reply and the log. */
export interface ChangeSummary {
  added: string[];
  removed: string[];
  changed: string[];
  passagesAdded: number;
  passagesRemoved: number;
  /** Entities, glossary terms or corrections changed (files other than articles). */
  otherFilesChanged: boolean;
  /** True when none of the above changed. */
  unchanged: boolean;
  /** The state after the change. */
  status: CorpusStatus;
}

/** Who holds the lock on the corpus while a change runs, as far as it can be told (a refusal names them). */
export interface LockHolder {
  /** Who asked for the change: a Discord user id, `cli`, `console`, `watch`… */
  by?: string;
  /** The process that holds the lock, and its machine. */
  pid?: number;
  host?: string;
  since?: Date;
}
