import { hostname } from 'node:os';
import pg from 'pg';
import type { LockHolder } from '../types.ts';
import { CorpusBusyError, CorpusUnavailableError } from './changes.ts';
import { ADVISORY, migrate } from './migrate.ts';
import {
  type Committed,
  type CorpusRepository,
  type Following,
  type Planned,
  type Snapshot,
  sortFiles,
} from './repository.ts';

/**
 * The corpus in PostgreSQL (DATABASE_URL), shared by every replica: the files in `corpus_file`, one version in
 * `corpus_version`, what changes replace or remove in `corpus_trash` (see `migrations/`). With the `pg` client, no
 * ORM.
 *
 * A change is one transaction under an advisory lock: take the lock (or be refused, naming the session that has
 * it), read, let the plan validate the whole new corpus, write, bump the version, NOTIFY, commit. A plan that
 * throws rolls everything back. Replicas LISTEN for the version, re-read it every `pollMs` and after reconnecting
 * (a NOTIFY sent while a replica was disconnected is lost).
 */

/** The channel a change's NOTIFY is sent on; its payload is the new version. */
export const CHANNEL = 'deal_qa_corpus';

export interface PostgresOptions {
  /** How often a follower re-reads the version besides listening (default 30 s). */
  pollMs?: number;
  /** Longest wait between two attempts to reconnect the listening connection (default 2 s). */
  maxRetryMs?: number;
  /** How long to wait for a connection before calling the database unreachable (default 5 s). */
  connectMs?: number;
}

const DEFAULTS: Required<PostgresOptions> = { pollMs: 30_000, maxRetryMs: 2_000, connectMs: 5_000 };
const FIRST_RETRY_MS = 100;

/** The database a URL names, for messages: `postgres://user@host:port/db`, never the password or parameters. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `postgres://${user}${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** Why an error means the database cannot be reached (down, restarting, refusing us), or null for any other error. */
export function unreachable(err: unknown): string | null {
  for (
    let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : '';
    // SQLSTATE classes 08 (connection), 28 (authorization), 3D000 (no such database), 57P0x (shutting down).
    if (/^(08|28|57P0)/.test(code) || code === '3D000') return `${code}: ${message}`;
    if (NETWORK_ERRORS.has(code)) return code;
    if (
      /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended/i.test(
        message,
      )
    )
      return message;
    e = e.cause as typeof e;
  }
  return null;
}

/**
 * How this process names its sessions (`deal-qa <pid> <host>`); during a change, also who asked (read back to name
 * the holder). The connection that listens is `deal-qa-listen <pid> <host>`.
 */
function sessionName(by?: string, role = 'deal-qa'): string {
  const name = `${role} ${process.pid} ${hostname().replace(/\s/g, '')}${by !== undefined ? ` ${by}` : ''}`;
  // PostgreSQL keeps 63 bytes of it.
  return Buffer.from(name)
    .subarray(0, 63)
    .toString()
    .replace(/\uFFFD$/, '');
}

function holderOf(application: string | null, since: Date | null): LockHolder | undefined {
  const m = /^deal-qa (\d+) (\S+)(?: (.*))?$/.exec(application ?? '');
  const at = since ? { since } : {};
  if (m) return { pid: Number(m[1]), host: m[2]!, ...(m[3] ? { by: m[3] } : {}), ...at };
  return application ? { by: application, ...at } : since ? at : undefined;
}

export class PostgresRepository implements CorpusRepository {
  readonly kind = 'postgres';
  readonly where: string;
  private readonly pool: pg.Pool;
  private readonly options: Required<PostgresOptions>;
  /** Ends the listening connections of `follow`, on close. */
  private readonly followers = new Set<() => Promise<void>>();

  private constructor(
    private readonly url: string,
    o: PostgresOptions,
  ) {
    this.where = describeDatabase(url);
    this.options = { ...DEFAULTS, ...o };
    this.pool = new pg.Pool({
      connectionString: url,
      max: 4,
      connectionTimeoutMillis: this.options.connectMs,
      idleTimeoutMillis: 10_000,
      keepAlive: true,
      application_name: sessionName(),
    });
    // An idle connection the server closed (a restart): the pool drops it; the next query opens another.
    this.pool.on('error', () => undefined);
  }

  /** Connect and bring the schema up to date. Throws CorpusUnavailableError when the database cannot be reached. */
  static async open(url: string, o: PostgresOptions = {}): Promise<PostgresRepository> {
    const repository = new PostgresRepository(url, o);
    try {
      await repository.withClient((client) => migrate(client));
    } catch (err) {
      await repository.close();
      throw err;
    }
    return repository;
  }

  async read(): Promise<Snapshot> {
    return this.withClient(async (client) => {
      // One snapshot for the version and the files it goes with.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const snapshot = await this.readIn(client);
        await client.query('COMMIT');
        return snapshot;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /** The current version alone. */
  async version(): Promise<number> {
    return this.withClient(async (client) => {
      const { rows } = await client.query<{ version: string }>('SELECT version FROM corpus_version');
      return Number(rows[0]?.version ?? 0);
    });
  }

  async change<T>(by: string, plan: (current: Snapshot) => Promise<Planned<T>>): Promise<Committed<T>> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1, $2) AS ok', [
          ADVISORY.space,
          ADVISORY.change,
        ]);
        if (!rows[0]?.ok) throw new CorpusBusyError(await this.holder(client));
        // Read back by a refused change elsewhere, to name who holds the lock.
        await client.query("SELECT set_config('application_name', $1, true)", [sessionName(by)]);
        const current = await this.readIn(client);
        const { edit, result } = await plan(current);
        if (!edit) {
          await client.query('COMMIT');
          return { result, version: current.version ?? 0 };
        }
        const version = (current.version ?? 0) + 1;
        const trash = (name: string) =>
          client.query(
            'INSERT INTO corpus_trash (name, bytes, version, trashed_by) SELECT name, bytes, $2, $3 FROM corpus_file WHERE name = $1',
            [name, version, by],
          );
        for (const name of edit.remove) {
          await trash(name);
          await client.query('DELETE FROM corpus_file WHERE name = $1', [name]);
        }
        for (const file of edit.put) {
          await trash(file.name);
          await client.query(
            'INSERT INTO corpus_file (name, bytes, version) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET bytes = excluded.bytes, version = excluded.version',
            [file.name, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength), version],
          );
        }
        await client.query('UPDATE corpus_version SET version = $1, changed_by = $2, changed_at = now()', [
          version,
          by,
        ]);
        // Delivered to every listener when the transaction commits, not before.
        await client.query('SELECT pg_notify($1, $2)', [CHANNEL, String(version)]);
        await client.query('COMMIT');
        return { result, version };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  follow(listener: Following): () => void {
    let stopped = false;
    let current: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    let delay = FIRST_RETRY_MS;
    let down = false;

    const connect = async (): Promise<void> => {
      retry = undefined;
      const client = new pg.Client({
        connectionString: this.url,
        connectionTimeoutMillis: this.options.connectMs,
        keepAlive: true,
        application_name: sessionName(undefined, 'deal-qa-listen'),
      });
      current = client;
      let lost = false;
      const onLost = (err: unknown) => {
        if (lost) return;
        lost = true;
        client.end().catch(() => undefined);
        if (current === client) current = undefined;
        if (stopped) return;
        if (!down) {
          down = true;
          listener.disconnected(err);
        }
        retry = setTimeout(() => void connect(), delay);
        delay = Math.min(delay * 2, this.options.maxRetryMs);
      };
      client.on('error', onLost);
      client.on('end', () => onLost(new Error('Connection ended')));
      client.on('notification', (n) => {
        if (n.channel === CHANNEL && n.payload) listener.version(Number(n.payload));
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
        // Whatever was announced while this connection was not listening is only known by asking.
        const { rows } = await client.query<{ version: string }>('SELECT version FROM corpus_version');
        if (stopped) return;
        delay = FIRST_RETRY_MS;
        if (down) {
          down = false;
          listener.reconnected();
        }
        listener.version(Number(rows[0]?.version ?? 0));
      } catch (err) {
        onLost(err);
      }
    };

    void connect();
    const poll = setInterval(() => {
      this.version().then(
        (v) => listener.version(v),
        () => undefined, // the listening connection reports the outage
      );
    }, this.options.pollMs);
    poll.unref();

    const stop = async () => {
      stopped = true;
      clearInterval(poll);
      if (retry) clearTimeout(retry);
      await current?.end().catch(() => undefined);
    };
    this.followers.add(stop);
    return () => {
      this.followers.delete(stop);
      void stop();
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.followers].map((stop) => stop()));
    this.followers.clear();
    await this.pool.end().catch(() => undefined);
  }

  private async readIn(client: pg.ClientBase): Promise<Snapshot> {
    const version = await client.query<{ version: string; changed_by: string }>(
      'SELECT version, changed_by FROM corpus_version',
    );
    const files = await client.query<{ name: string; bytes: Buffer }>('SELECT name, bytes FROM corpus_file');
    const row = version.rows[0];
    return {
      version: Number(row?.version ?? 0),
      ...(row ? { changedBy: row.changed_by } : {}),
      files: sortFiles(files.rows.map((r) => ({ name: r.name, bytes: new Uint8Array(r.bytes) }))),
    };
  }

  /** The session that holds the change lock: who, which process, since when (as far as PostgreSQL shows it). */
  private async holder(client: pg.ClientBase): Promise<LockHolder | undefined> {
    const { rows } = await client.query<{ application_name: string | null; xact_start: Date | null }>(
      `SELECT a.application_name, a.xact_start
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 2
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [ADVISORY.space, ADVISORY.change],
    );
    const row = rows[0];
    return row ? holderOf(row.application_name, row.xact_start) : undefined;
  }

  /**
   * Run `work` on a pooled connection. Connection failures, here or in `work`'s queries, become
   * CorpusUnavailableError; anything else (a refused plan) passes through.
   */
  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.unavailable(err) ?? err;
    }
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (err) {
      const down = this.unavailable(err);
      if (down) {
        broken = down;
        throw down;
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  private unavailable(err: unknown): CorpusUnavailableError | null {
    if (err instanceof CorpusUnavailableError) return err;
    const reason = unreachable(err);
    return reason ? Object.assign(new CorpusUnavailableError(this.where, reason), { cause: err }) : null;
  }
}
