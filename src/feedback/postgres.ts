import pg from 'pg';
import { migrationsDir, pending, readMigrations } from './migrations.ts';
import { ANSWER_COLUMNS, answerFromRow, type AnswerRow, answerValues } from './rows.ts';
import type { AnswerRecord, AnswerWithVotes, FeedbackStore, ShownPassage, Via, VoteRecord } from './types.ts';

/**
 * The feedback log in PostgreSQL (DATABASE_URL), shared by every replica: the same tables as the SQLite engine.
 * Migrations run under an advisory lock of their own, so replicas starting together apply each once.
 */

/** Advisory lock keys (two int4): the project's space `dqa\0`, key 2 for the feedback schema (0 and 1 are the corpus store's). */
const LOCK = { space: 0x64716100, feedback: 2 } as const;

export class PostgresFeedback implements FeedbackStore {
  readonly engine = 'postgres';

  private constructor(private readonly pool: pg.Pool) {}

  /** Connect and bring the schema up to date. */
  static async open(url: string): Promise<PostgresFeedback> {
    const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
    // An idle client that loses its server emits 'error' on the pool; without a listener that ends the process.
    pool.on('error', () => undefined);
    const store = new PostgresFeedback(pool);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const all = readMigrations(migrationsDir('postgres'));
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK.space, LOCK.feedback]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS feedback_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM feedback_migrations');
      for (const m of pending(
        all,
        rows.map((r) => r.version),
      )) {
        await client.query(m.sql).catch((err: unknown) => {
          throw new Error(
            `migrations/feedback/postgres/${m.name}: ${err instanceof Error ? err.message : String(err)}`,
            { cause: err },
          );
        });
        await client.query('INSERT INTO feedback_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async recordAnswer(a: AnswerRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO feedback_answer (${ANSWER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      answerValues(a, a.at),
    );
  }

  async recordVote(v: VoteRecord): Promise<'recorded' | 'unknown-answer'> {
    // One statement: the vote is written only when its answer is kept.
    const { rowCount } = await this.pool.query(
      `INSERT INTO feedback_vote (answer_id, user_hash, value, at, via)
       SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM feedback_answer WHERE id = $1)
       ON CONFLICT (answer_id, user_hash) DO UPDATE SET value = excluded.value, at = excluded.at, via = excluded.via`,
      [v.answerId, v.userHash, v.value, v.at, v.via],
    );
    return rowCount ? 'recorded' : 'unknown-answer';
  }

  async answersSince(since: Date, via?: Via): Promise<AnswerWithVotes[]> {
    const { rows } = await this.pool.query<AnswerRow<Date, ShownPassage[]>>(
      `SELECT a.*, COUNT(v.*) FILTER (WHERE v.value = 1) AS up, COUNT(v.*) FILTER (WHERE v.value = -1) AS down
       FROM feedback_answer a LEFT JOIN feedback_vote v ON v.answer_id = a.id
       WHERE a.at >= $1 AND ($2::text IS NULL OR a.via = $2)
       GROUP BY a.id ORDER BY a.at, a.id`,
      [since, via ?? null],
    );
    return rows.map((r) => answerFromRow(r, { at: (t) => t, passages: (p) => p }));
  }

  async oldest(): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ at: Date | null }>('SELECT MIN(at) AS at FROM feedback_answer');
    return rows[0]?.at ?? undefined;
  }

  async purge(before: Date): Promise<{ answers: number; votes: number }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const votes = await client.query('DELETE FROM feedback_vote WHERE at < $1', [before]);
      const answers = await client.query('DELETE FROM feedback_answer WHERE at < $1', [before]);
      await client.query('COMMIT');
      return { answers: answers.rowCount ?? 0, votes: votes.rowCount ?? 0 };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async salt(generate: () => string): Promise<string> {
    // Every replica must hash alike: the first to start writes it, the others read that one.
    await this.pool.query("INSERT INTO feedback_meta (key, value) VALUES ('salt', $1) ON CONFLICT (key) DO NOTHING", [
      generate(),
    ]);
    const { rows } = await this.pool.query<{ value: string }>("SELECT value FROM feedback_meta WHERE key = 'salt'");
    return rows[0]!.value;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
