import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The feedback schema as plain numbered SQL files, one folder per engine: `migrations/feedback/sqlite/001_….sql`
 * and `migrations/feedback/postgres/001_….sql`, the same tables in each dialect. Applied in order at open; which
 * ones were applied is kept in `feedback_migrations`, apart from the corpus store's own.
 */

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION = /^(\d+)_[\w-]+\.sql$/;

/** `migrations/feedback/<engine>` at the package root, found from this file in `src/` or in `dist/`. */
export function migrationsDir(engine: 'sqlite' | 'postgres'): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'migrations', 'feedback', engine);
    const up = path.dirname(dir);
    if (up === dir) throw new Error('feedback: no package.json above src/feedback, so no migrations folder');
    dir = up;
  }
}

/** The migrations of `dir`, in order; a misnamed file or a number used twice throws, naming the file. */
export function readMigrations(dir: string): Migration[] {
  const out: Migration[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.sql'))
    .sort()) {
    const m = MIGRATION.exec(name);
    if (!m) throw new Error(`${path.join(dir, name)}: a migration is named <number>_<words>.sql`);
    const version = Number(m[1]);
    const twin = out.find((x) => x.version === version);
    if (twin) throw new Error(`${path.join(dir, name)}: migration number ${version} is also ${twin.name}`);
    out.push({ version, name, sql: readFileSync(path.join(dir, name), 'utf8') });
  }
  return out;
}

/** The migrations still to apply, or an error when the database is newer than this version of the bot. */
export function pending(all: Migration[], applied: number[]): Migration[] {
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...all.map((m) => m.version));
  if (newest > known)
    throw new Error(
      `feedback: the database has migration ${newest}, newer than this version of the bot knows (${known}): update the bot`,
    );
  return all.filter((m) => !applied.includes(m.version));
}
