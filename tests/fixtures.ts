/**
 * Temporary folders for tests that change files: each is a fresh copy (of the real corpus, or empty), removed by
 * `cleanup()` — call it from `afterEach`/`afterAll`.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export class TempDirs {
  private readonly made: string[] = [];

  constructor(private readonly prefix = 'deal-qa-test-') {}

  /** An empty folder. */
  async dir(): Promise<string> {
    const root = await mkdtemp(path.join(os.tmpdir(), this.prefix));
    this.made.push(root);
    return root;
  }

  /** A copy of the repository's `corpus/`, as `<tmp>/corpus`. */
  async corpus(): Promise<string> {
    const dir = path.join(await this.dir(), 'corpus');
    // Without the saved index a run of the CLI or the bot leaves in the folder: each test starts from the files.
    const source = path.join(ROOT, 'corpus');
    await cp(source, dir, {
      recursive: true,
      filter: (from) => path.relative(source, from).split(path.sep)[0] !== '.index',
    });
    return dir;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.made.splice(0).map((root) => rm(root, { recursive: true, force: true })));
  }
}

/**
 * Every name in `dir`, hidden files and the trash included, with its bytes: what "nothing changed" compares. All but
 * the saved index (`.index/`), a cache that any start on the folder may write (the repository's own corpus too).
 */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (path.relative(dir, full).split(path.sep)[0] === '.index') continue;
    out[path.relative(dir, full)] = entry.isFile() ? (await readFile(full)).toString('base64') : '<dir>';
  }
  return out;
}

/** The rejection of `promise`, which must reject. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a refusal');
}

/** `err` as an instance of `type`, which the test expects it to be: a cast that checks. */
export function instance<T>(err: unknown, type: abstract new (...args: never[]) => T): T {
  if (err instanceof type) return err;
  throw new Error(`expected a ${type.name}`, { cause: err });
}

/**
 * Run the scripting CLI (`src/cli/main.ts`) with only `env` besides PATH and HOME (never a developer's `.env`):
 * its exit code and output. The timeout only catches a hang.
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    timeout: 90_000,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DOTENV_CONFIG_PATH: '/nonexistent',
      NO_COLOR: '1',
      ...env,
    },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (err: unknown) => {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    },
  );
}
