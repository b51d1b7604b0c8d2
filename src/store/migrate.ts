import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/**
 * The database schema, as plain numbered SQL files in `migrations/` (`001_corpus.sql`, `002_….sql`), applied in
 * order at start by whichever process opens the database first. Each is applied once, all pending ones in one
 * transaction under an advisory lock, so replicas starting together neither race nor see half a schema.
 */

/** Advisory lock keys (two int4): ours are in one space, `dqa\0`; one key to migrate, one to change the corpus. */
export const ADVISORY = { space: 0x64716100, migrate: 0, change: 1 } as const;

const MIGRATION = /^(\d+)_[\w-]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `migrations/` at the package root, found from this file in `src/` or in `dist/`. */
export function migrationsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'migrations');
    const up = path.dirname(dir);
    if (up === dir) throw new Error('migrations: no package.json above the store, so no migrations folder');
    dir = up;
  }
}

/** The migrations of `dir`, in order. A file that looks like one but is misnamed, or a number used twice, throws. */
export async function readMigrations(dir = migrationsDir()): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const out: Migration[] = [];
  for (const name of names) {
    const m = MIGRATION.exec(name);
    if (!m) throw new Error(`${path.join(dir, name)}: a migration is named <number>_<words>.sql`);
    const version = Number(m[1]);
    const twin = out.find((x) => x.version === version);
    if (twin) throw new Error(`${path.join(dir, name)}: migration number ${version} is also ${twin.name}`);
    out.push({ version, name, sql: await readFile(path.join(dir, name), 'utf8') });
  }
  return out.sort((a, b) => a.version - b.version);
}

/** Apply the pending migrations; returns the names of those applied (none when the schema is up to date). */
export async function migrate(client: pg.ClientBase, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [ADVISORY.space, ADVISORY.migrate]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...applied);
    const known = Math.max(0, ...all.map((m) => m.version));
    if (newest > known)
      throw new Error(
        `the database has migration ${newest}, newer than this version of the bot knows (${known}): update the bot`,
      );
    const pending = all.filter((m) => !applied.has(m.version));
    for (const m of pending) {
      await client.query(m.sql).catch((err: unknown) => {
        throw new Error(`migrations/${m.name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      });
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await client.query('COMMIT');
    return pending.map((m) => m.name);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
