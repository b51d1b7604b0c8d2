import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for the tests: `initdb` in a temporary folder, started with `pg_ctl` on a free
 * port of 127.0.0.1, stopped and deleted afterwards. PostgreSQL refuses to run as root, so when the tests run as
 * root (CI does) the server runs as the unprivileged `postgres` user through `runuser`.
 *
 * One cluster serves the whole test run (see `tests/setup/postgres.global.ts`); each test file takes a fresh
 * database of its own with {@link freshDatabase}, so files never see each other's rows.
 */

const run = promisify(execFile);

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: the maintenance database. */
  url: string;
  port: number;
  dir: string;
  /** Stop the server (fast) and delete its folder. Safe to call twice. */
  stop(): Promise<void>;
  /** Stop it without deleting anything, as a crash would: for tests of what clients do while it is down. */
  pause(): Promise<void>;
  /** Start it again after `pause`. */
  resume(): Promise<void>;
}

/** The account the server runs as when we are root. */
const SERVER_USER = 'postgres';

function asServerUser(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', SERVER_USER, '--', cmd, ...args]] : [cmd, args];
}

async function exec(cmd: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const [file, argv] = asServerUser(cmd, args);
  try {
    const { stdout } = await run(file, argv, { timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C' } });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${(e.stderr ?? '').trim() || e.message}`, { cause: err });
  }
}

/** A port nobody listens on right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Start a new cluster; throws with the server's own words when it cannot. */
export async function startPostgres(): Promise<PostgresServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'deal-qa-pg-'));
  if (process.getuid?.() === 0) {
    const { uid, gid } = await userIds(SERVER_USER);
    await chown(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  const start = () =>
    exec('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const halt = () => exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  await start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    async pause() {
      if (!running) return;
      await halt();
      running = false;
    },
    async resume() {
      if (running) return;
      await start();
      running = true;
    },
    async stop() {
      if (running) await halt().catch(() => undefined);
      running = false;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function userIds(name: string): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', name]);
  const { stdout: gid } = await run('id', ['-g', name]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/**
 * A new, empty database on the cluster at `serverUrl`, named after `label` (a test file) plus a random suffix;
 * returns its URL.
 */
export async function freshDatabase(serverUrl: string, label: string): Promise<string> {
  const name = `${label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 40)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
