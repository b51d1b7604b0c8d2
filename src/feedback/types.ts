/**
 * What the feedback log keeps: each answer the bot gave (/ask, /who, /stake), each 👍/👎 on one, and what
 * moderators read back from them (`/corpus insights`). Member ids are never stored, only a salted hash.
 */

/** By which way a request came. */
export type Via = 'discord' | 'http' | 'cli' | 'console';
export const VIAS: readonly Via[] = ['discord', 'http', 'cli', 'console'];

/** A passage an answer showed. */
export interface ShownPassage {
  source: string;
  passage: string;
  /** ¶ n in its article, from 1. */
  paragraph: number;
  lang: string;
  /** Why it was shown: `answer`, `other-language`, `correction`… as the reply said. */
  role: string;
}

/** One answer as recorded, after it was sent. */
export interface AnswerRecord {
  /** Random, short: it is written into the answer's vote buttons. */
  id: string;
  at: Date;
  via: Via;
  /** The command (`ask`, `who`, `stake`). */
  command: string;
  /** What was asked: the question, the name, the party (may be empty: `/stake` alone). */
  question: string;
  /** The question normalised for grouping (see `questionKey`). */
  questionKey: string;
  /** The corpus languages of the passages shown, or the language searched when none was: `vi`, `zh`, `vi,zh`. */
  lang: string;
  /** The asker's client locale, when known (`vi`, `zh-CN`, `en-US`…). */
  locale?: string;
  /** What came of it, as the reply said: `answered`, `other-language`, `not-in-sources`… */
  outcome: string;
  /** The server, for Discord answers given in one. */
  guild?: string;
  /** The salted hash of the asker's id. */
  userHash?: string;
  /** Passages already shown before this page ("More"), 0 for a first answer. */
  offset: number;
  passages: ShownPassage[];
}

/** A member's vote on an answer: +1 for 👍, -1 for 👎. One per member and answer; a new one replaces it. */
export interface VoteRecord {
  answerId: string;
  userHash: string;
  value: 1 | -1;
  at: Date;
  via: Via;
}

/** An answer with the votes it received, as the insights read it. */
export interface AnswerWithVotes extends AnswerRecord {
  up: number;
  down: number;
}

/** What the storage engines (SQLite, PostgreSQL) offer; the contract tests hold both to it. */
export interface FeedbackStore {
  /** `sqlite` or `postgres`, for logs and the insights reply. */
  readonly engine: 'sqlite' | 'postgres';
  recordAnswer(answer: AnswerRecord): Promise<void>;
  /** Record or change a vote; `unknown-answer` (nothing written) when no such answer is kept. */
  recordVote(vote: VoteRecord): Promise<'recorded' | 'unknown-answer'>;
  /** Answers given at or after `since`, oldest first, each with its votes; only those of `via` when given. */
  answersSince(since: Date, via?: Via): Promise<AnswerWithVotes[]>;
  /** When the oldest answer kept was given; undefined when none is. */
  oldest(): Promise<Date | undefined>;
  /** Delete answers and votes from before `before`. */
  purge(before: Date): Promise<{ answers: number; votes: number }>;
  /** The salt kept with the data, made with `generate` on first use (and then kept). */
  salt(generate: () => string): Promise<string>;
  close(): Promise<void>;
}

/** One question as asked, grouped across its wordings. */
export interface QuestionInsight {
  command: string;
  /** The most recent wording. */
  question: string;
  key: string;
  asked: number;
  notInSources: number;
  up: number;
  down: number;
  /** Corpus languages answered or searched, and the askers' locales. */
  langs: string[];
  locales: string[];
  /** The passages shown for it, most often shown first. */
  passages: Array<{ source: string; paragraph: number; shown: number }>;
}

/** 👍 and 👎 on answers that quoted an article. */
export interface ArticleInsight {
  source: string;
  up: number;
  down: number;
  /** up / (up + down), or undefined with no vote. */
  ratio?: number;
}

export interface Insights {
  days: number;
  via?: Via;
  /** The start of the window asked for, and how far back the kept data actually reaches. */
  since: Date;
  reachesBack?: Date;
  retentionDays: number;
  answers: number;
  votes: { up: number; down: number };
  outcomes: Record<string, number>;
  /** Questions answered "not in the sources" or voted 👎, worst first. */
  questions: QuestionInsight[];
  /** Articles with votes, most 👎 first. */
  articles: ArticleInsight[];
}
