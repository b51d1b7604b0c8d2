import { createHmac, randomBytes, randomFillSync } from 'node:crypto';
import path from 'node:path';
import { insightsOf, questionKey } from './insights.ts';
import type { AnswerRecord, FeedbackStore, Insights, Via } from './types.ts';

/**
 * The feedback log as the app uses it: opens its storage on first use (SQLite in DATA_DIR, or PostgreSQL when
 * DATABASE_URL is set), hashes member ids with the salt, deletes what is older than the retention once a day, and
 * answers moderators' insights. Every method may reject; the app logs that and the member never hears of it.
 */

export interface FeedbackOptions {
  /** Folder of the SQLite file (used when there is no `databaseUrl`). */
  dataDir: string;
  databaseUrl?: string;
  /** FEEDBACK_SALT; absent: one is generated and kept with the data. */
  salt?: string;
  retentionDays: number;
  /** Told of a failed daily purge (the next one tries again). */
  onPurgeError?: (err: unknown) => void;
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Bytes of an answer id: 9, 72 random bits, 12 URL-safe characters, short enough for a button's custom_id. */
const ID_BYTES = 9;
/**
 * Random bytes drawn ahead for the next ids: one draw from the system's generator per 512 ids instead of one per id
 * (a CLI batch of 1,000 answers made 1,000 draws, the costliest part of recording it). Each id still uses bytes of
 * its own, never used for another.
 */
const idPool = Buffer.alloc(ID_BYTES * 512);
let idNext = idPool.length;

/** A new answer id: 12 URL-safe characters (72 random bits). */
export function newAnswerId(): string {
  if (idNext === idPool.length) {
    randomFillSync(idPool);
    idNext = 0;
  }
  idNext += ID_BYTES;
  return idPool.toString('base64url', idNext - ID_BYTES, idNext);
}

/** Members' hashes kept at most (a CLI batch is one member; a busy server a few thousand). */
const MAX_KEPT_HASHES = 10_000;

/** Open the storage the settings name. The drivers are loaded only here, so a process that records nothing never pays for them. */
export async function openStore(o: Pick<FeedbackOptions, 'dataDir' | 'databaseUrl'>): Promise<FeedbackStore> {
  if (o.databaseUrl) {
    const { PostgresFeedback } = await import('./postgres.ts');
    return PostgresFeedback.open(o.databaseUrl);
  }
  const { SqliteFeedback, SQLITE_FILE } = await import('./sqlite.ts');
  return new SqliteFeedback(path.join(o.dataDir, SQLITE_FILE));
}

export class Feedback {
  private opened: Promise<{ store: FeedbackStore; hash: (userId: string) => string }> | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private readonly now: () => Date;

  constructor(
    private readonly o: FeedbackOptions,
    private readonly openStorage: () => Promise<FeedbackStore> = () => openStore(o),
  ) {
    this.now = o.now ?? (() => new Date());
  }

  /**
   * The storage, and member ids' hashing with its salt, opened once; a failed open is tried again on the next use.
   * The hashes of members seen lately are kept: a member's HMAC is not computed again for each answer.
   */
  private ready(): Promise<{ store: FeedbackStore; hash: (userId: string) => string }> {
    this.opened ??= (async () => {
      const store = await this.openStorage();
      const salt = this.o.salt ?? (await store.salt(() => randomBytes(32).toString('base64url')));
      const hashes = new Map<string, string>();
      const hash = (userId: string) => {
        let h = hashes.get(userId);
        if (h === undefined) {
          if (hashes.size >= MAX_KEPT_HASHES) hashes.clear();
          h = createHmac('sha256', salt).update(userId).digest('base64url').slice(0, 32);
          hashes.set(userId, h);
        }
        return h;
      };
      return { store, hash };
    })();
    this.opened.catch(() => (this.opened = undefined));
    return this.opened;
  }

  /**
   * Start opening the storage now rather than on first use. A failure here is not told: the first use tries again
   * and is told of its own.
   */
  open(): void {
    this.ready().catch(() => undefined);
  }

  /** Which engine keeps the log, once opened. */
  async engine(): Promise<FeedbackStore['engine']> {
    return (await this.ready()).store.engine;
  }

  /** Record an answer that was sent; `user` is hashed, never stored. */
  async recordAnswer(
    a: Omit<AnswerRecord, 'userHash' | 'questionKey' | 'at'> & { user?: string | undefined; at?: Date },
  ): Promise<void> {
    const { store, hash } = await this.ready();
    const { user, ...rest } = a;
    await store.recordAnswer({
      ...rest,
      at: a.at ?? this.now(),
      questionKey: questionKey(a.command, a.question),
      ...(user ? { userHash: hash(user) } : {}),
    });
  }

  /** A member's 👍 (+1) or 👎 (-1) on an answer; a second vote of theirs replaces the first. */
  async recordVote(v: {
    answerId: string;
    user: string;
    value: 1 | -1;
    via: Via;
  }): Promise<'recorded' | 'unknown-answer'> {
    const { store, hash } = await this.ready();
    return store.recordVote({
      answerId: v.answerId,
      userHash: hash(v.user),
      value: v.value,
      at: this.now(),
      via: v.via,
    });
  }

  /** What moderators read: the last `days` days (no further back than the retention keeps), of one way or all. */
  async insights(q: { days: number; via?: Via }): Promise<Insights> {
    const { store } = await this.ready();
    const since = new Date(this.now().getTime() - q.days * DAY_MS);
    const [answers, oldest] = await Promise.all([store.answersSince(since, q.via), store.oldest()]);
    return insightsOf(answers, {
      days: q.days,
      ...(q.via ? { via: q.via } : {}),
      since,
      ...(oldest ? { reachesBack: oldest > since ? oldest : since } : {}),
      retentionDays: this.o.retentionDays,
    });
  }

  /** Delete what is older than the retention. */
  async purge(): Promise<{ answers: number; votes: number }> {
    const { store } = await this.ready();
    return store.purge(new Date(this.now().getTime() - this.o.retentionDays * DAY_MS));
  }

  /** Purge now and then once a day, for a long-running bot (the timer never keeps the process alive). */
  startPurging(): void {
    if (this.purgeTimer) return;
    const run = () => void this.purge().catch((err: unknown) => this.o.onPurgeError?.(err));
    run();
    this.purgeTimer = setInterval(run, DAY_MS);
    this.purgeTimer.unref();
  }

  async close(): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.purgeTimer = undefined;
    const opened = this.opened;
    this.opened = undefined;
    if (opened) await (await opened.catch(() => undefined))?.store.close();
  }
}
