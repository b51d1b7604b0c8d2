import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrationsDir, pending, readMigrations } from './migrations.ts';
import { ANSWER_COLUMNS, answerFromRow, type AnswerRow, answerValues } from './rows.ts';
import type { AnswerRecord, AnswerWithVotes, FeedbackStore, ShownPassage, Via, VoteRecord } from './types.ts';

/**
 * The feedback log in an embedded SQLite file (`<DATA_DIR>/feedback.db`), the default when there is no
 * DATABASE_URL. better-sqlite3 is synchronous: each statement is a fraction of a millisecond in WAL mode, run after
 * the reply has gone.
 */

export const SQLITE_FILE = 'feedback.db';

/**
 * How long an answer may wait to be written with the next ones, and how many go in one commit at most. A vote or a
 * read writes what is queued first, so waiting changes nothing anyone sees; under bench:http's load, one commit per
 * answer (three replicas writing one file) was a tenth of the endpoint's CPU.
 */
const GROUP_MS = 25;
/** How long a write waits for another process's to finish before it fails. */
const BUSY_TIMEOUT_MS = 5_000;
const GROUP_MAX = 500;

/** What `useWal` waits on between tries: nothing ever wakes it, so it sleeps its time out. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

export class SqliteFeedback implements FeedbackStore {
  readonly engine = 'sqlite';
  private readonly db: Database.Database;

  /** Open (creating the folder and the file when needed) and bring the schema up to date. */
  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    // The replicas of `npm run serve -- --replicas N` write one file: a writer that finds it busy waits its turn
    // (`timeout` is SQLite's busy_timeout), from the first statement on.
    this.db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    this.useWal();
    // In WAL mode NORMAL is safe: a commit survives the process ending or crashing, and the file is never left
    // corrupt; only a power cut can lose the last commits. FULL (the default) waits for the disk at every commit,
    // which on a busy shared disk costs more than writing the answers.
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
  }

  /**
   * Switch the file to WAL. Several replicas opening a new file at once all switch it, and SQLite answers a switch
   * that would wait on another connection's read lock with "database is locked" at once, without waiting
   * (busy_timeout does not apply: waiting there could deadlock). It is tried again until the busy timeout has
   * passed; a file another replica has switched already needs no switch.
   */
  private useWal(): void {
    const until = Date.now() + BUSY_TIMEOUT_MS;
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      try {
        if (this.db.pragma('journal_mode', { simple: true }) !== 'wal') this.db.pragma('journal_mode = WAL');
        return;
      } catch (err) {
        const busy = err instanceof Error && 'code' in err && String(err.code).startsWith('SQLITE_BUSY');
        if (!busy || Date.now() >= until) throw err;
        Atomics.wait(PAUSE, 0, 0, pause);
      }
    }
  }

  private migrate(): void {
    const all = readMigrations(migrationsDir('sqlite'));
    this.db
      .transaction(() => {
        this.db.exec(
          'CREATE TABLE IF NOT EXISTS feedback_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
        );
        const applied = (
          this.db.prepare('SELECT version FROM feedback_migrations').all() as Array<{ version: number }>
        ).map((r) => r.version);
        for (const m of pending(all, applied)) {
          try {
            this.db.exec(m.sql);
          } catch (err) {
            throw new Error(
              `migrations/feedback/sqlite/${m.name}: ${err instanceof Error ? err.message : String(err)}`,
              {
                cause: err,
              },
            );
          }
          this.db
            .prepare('INSERT INTO feedback_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(m.version, m.name, Date.now());
        }
      })
      .immediate();
  }

  /**
   * Answers are written in groups: those recorded within GROUP_MS of the first (a CLI batch records hundreds in one
   * turn of the event loop; a busy endpoint one per request, several each millisecond) go in one transaction, one
   * commit instead of one each, at most GROUP_MAX at a time. Each promise settles once its answer is written; a
   * group that fails is written answer by answer, so one bad answer fails alone.
   */
  recordAnswer(a: AnswerRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ a, resolve, reject });
      if (this.queued.length >= GROUP_MAX) this.flush();
      else this.flushing ??= setTimeout(() => this.flush(), GROUP_MS);
    });
  }

  private readonly queued: Array<{ a: AnswerRecord; resolve: () => void; reject: (err: unknown) => void }> = [];
  private flushing: NodeJS.Timeout | undefined;
  private insertAnswer: Database.Statement | undefined;

  /** Write the answers queued (before anything reads or votes: a vote must find its answer). */
  private flush(): void {
    if (this.flushing) clearTimeout(this.flushing);
    this.flushing = undefined;
    const group = this.queued.splice(0);
    if (!group.length) return;
    this.insertAnswer ??= this.db.prepare(
      `INSERT INTO feedback_answer (${ANSWER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insert = this.insertAnswer;
    const write = ({ a }: { a: AnswerRecord }) => insert.run(...answerValues(a, a.at.getTime()));
    try {
      // BEGIN IMMEDIATE: the write lock is taken (or waited for, busy_timeout) at the start, never asked for in the
      // middle of a transaction that has read, where SQLite fails at once ("database is locked") instead of waiting.
      this.db.transaction(() => group.forEach(write)).immediate();
      for (const g of group) g.resolve();
    } catch {
      for (const g of group) {
        try {
          write(g);
          g.resolve();
        } catch (err) {
          g.reject(err);
        }
      }
    }
  }

  recordVote(v: VoteRecord): Promise<'recorded' | 'unknown-answer'> {
    this.flush();
    const known = this.db.prepare('SELECT 1 FROM feedback_answer WHERE id = ?').get(v.answerId);
    if (!known) return Promise.resolve('unknown-answer');
    this.db
      .prepare(
        `INSERT INTO feedback_vote (answer_id, user_hash, value, at, via) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (answer_id, user_hash) DO UPDATE SET value = excluded.value, at = excluded.at, via = excluded.via`,
      )
      .run(v.answerId, v.userHash, v.value, v.at.getTime(), v.via);
    return Promise.resolve('recorded');
  }

  answersSince(since: Date, via?: Via): Promise<AnswerWithVotes[]> {
    this.flush();
    const rows = this.db
      .prepare(
        `SELECT a.*, COALESCE(SUM(v.value = 1), 0) AS up, COALESCE(SUM(v.value = -1), 0) AS down
         FROM feedback_answer a LEFT JOIN feedback_vote v ON v.answer_id = a.id
         WHERE a.at >= ? AND (? IS NULL OR a.via = ?)
         GROUP BY a.id ORDER BY a.at, a.id`,
      )
      .all(since.getTime(), via ?? null, via ?? null) as Array<AnswerRow<number, string>>;
    return Promise.resolve(
      rows.map((r) => answerFromRow(r, { at: (t) => new Date(t), passages: (p) => JSON.parse(p) as ShownPassage[] })),
    );
  }

  oldest(): Promise<Date | undefined> {
    this.flush();
    const row = this.db.prepare('SELECT MIN(at) AS at FROM feedback_answer').get() as { at: number | null };
    return Promise.resolve(row.at === null ? undefined : new Date(row.at));
  }

  purge(before: Date): Promise<{ answers: number; votes: number }> {
    this.flush();
    const t = before.getTime();
    return Promise.resolve(
      this.db
        .transaction(() => ({
          votes: this.db.prepare('DELETE FROM feedback_vote WHERE at < ?').run(t).changes,
          answers: this.db.prepare('DELETE FROM feedback_answer WHERE at < ?').run(t).changes,
        }))
        .immediate(),
    );
  }

  salt(generate: () => string): Promise<string> {
    this.db
      .prepare("INSERT INTO feedback_meta (key, value) VALUES ('salt', ?) ON CONFLICT (key) DO NOTHING")
      .run(generate());
    return Promise.resolve(
      (this.db.prepare("SELECT value FROM feedback_meta WHERE key = 'salt'").get() as { value: string }).value,
    );
  }

  close(): Promise<void> {
    this.flush();
    this.db.close();
    return Promise.resolve();
  }
}
