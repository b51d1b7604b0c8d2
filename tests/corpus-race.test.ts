import { spawn } from 'node:child_process';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load.ts';
import { buildIndex } from '../src/store/live.ts';
import { PostgresRepository } from '../src/store/postgres.ts';
import { importFolder } from '../src/store/transfer.ts';
import { ROOT, TempDirs } from './fixtures.ts';
import { freshDatabase } from './helpers/postgres.ts';

/**
 * Two processes changing the same corpus folder at the same moment, as two moderators' CLIs (or a CLI and the
 * running bot) would. Each child loads the corpus, says it is ready, and is let go together with the other, so
 * that both changes really overlap. Whatever the order, the folder must still load and no reported success may
 * have been lost.
 */

const temp = new TempDirs('corpus-race-');
afterEach(() => temp.cleanup());

interface Outcome {
  pid: number;
  error: boolean;
  content: string;
  description: string;
}

/** A change in a child process, loaded and waiting for `go()`. */
async function changer(env: Record<string, string>, args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'tests/helpers/corpus-change.ts'), ...args],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_OPTIONS: '',
        ...env,
        DOTENV_CONFIG_PATH: path.join(ROOT, '.no-such-env-file'),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const output: string[] = [];
  let onLine: (() => void) | undefined;
  lines.on('line', (line) => {
    output.push(line);
    onLine?.();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = async (): Promise<string> => {
    while (!output.length) {
      const more = new Promise<void>((resolve) => (onLine = resolve));
      await Promise.race([more, exited]);
      if (!output.length && child.exitCode !== null)
        throw new Error(`child exited (${child.exitCode}) before answering: ${stderr}`);
    }
    return output.shift()!;
  };
  expect(await next()).toBe('ready');
  return {
    pid: child.pid!,
    go: () => child.stdin.write('go\n'),
    async outcome(): Promise<Outcome> {
      const line = await next();
      child.stdin.end();
      await exited;
      clearTimeout(timer);
      return JSON.parse(line) as Outcome;
    },
  };
}

/** Start both changes, let them go at once, and collect what each reported. */
async function race(env: Record<string, string>, a: string[], b: string[]): Promise<[Outcome, Outcome]> {
  const [x, y] = await Promise.all([changer(env, a), changer(env, b)]);
  x.go();
  y.go();
  const outcomes = await Promise.all([x.outcome(), y.outcome()]);
  // A change refused because the other runs must say which process holds the corpus.
  for (const [self, other] of [
    [outcomes[0], y.pid],
    [outcomes[1], x.pid],
  ] as const) {
    if (self.error && self.content.startsWith('Another corpus change is in progress'))
      expect(self.content).toContain(`process ${other}`);
  }
  return outcomes;
}

/** Each trial starts two processes; a few are enough for the changes to overlap (they are let go together). */
const TRIALS = 2;
/** Generous: only catches a hang (a busy machine takes seconds to start a process). */
const RACE_TIMEOUT = 240_000;

/** The corpus with two articles that both name the purple balloon: either may go, not both. */
async function balloons(): Promise<string> {
  const dir = await temp.corpus();
  await appendFile(
    path.join(dir, 'entities.yaml'),
    '\n- id: purple-balloon\n  kind: product\n  names: [Khinh khí cầu tím]\n',
  );
  for (const name of ['balloon-a', 'balloon-b'])
    await writeFile(
      path.join(dir, `${name}.md`),
      `---\ntitle: ${name}\nlang: vi\nurl: https://example.com/${name}\n---\nKhinh khí cầu tím bay qua Moskva (${name}).\n`,
    );
  await loadCorpus(dir);
  return dir;
}

const REMOVE_BOTH = [
  ['remove', 'source:balloon-a'],
  ['remove', 'source:balloon-b'],
] as const;

/** At most one of the two removes went through; the other was refused: busy, or the rest would not load. */
function atMostOneRemove(outcomes: Outcome[]): number {
  const succeeded = outcomes.filter((o) => !o.error).length;
  expect(succeeded).toBeLessThanOrEqual(1);
  for (const o of outcomes.filter((x) => x.error))
    expect(
      o.content.startsWith('Another corpus change is in progress') || o.description.includes('does not appear'),
    ).toBe(true);
  return succeeded;
}

describe('two processes changing the corpus folder at once', () => {
  it(
    'never leave a folder that does not load: two removes that are each fine but not together',
    async () => {
      for (let trial = 0; trial < TRIALS; trial++) {
        const dir = await balloons();
        const outcomes = await race({ CORPUS_DIR: dir }, [...REMOVE_BOTH[0]], [...REMOVE_BOTH[1]]);
        await expect(loadCorpus(dir)).resolves.toBeDefined();
        const succeeded = atMostOneRemove(outcomes);
        expect((await readdir(dir)).filter((n) => n.startsWith('balloon-'))).toHaveLength(2 - succeeded);
      }
    },
    RACE_TIMEOUT,
  );

  it(
    'never report two successes where one version is lost: two replace:true of one article',
    async () => {
      for (let trial = 0; trial < TRIALS; trial++) {
        const dir = await temp.corpus();
        const uploads = await temp.dir();
        const target = path.join(dir, 'alibaba-russia-vi.md');
        const original = await readFile(target, 'utf8');
        const versions = ['A', 'B'].map((v) => `${original.trimEnd()}\n\nPhiên bản ${v} của bài viết.\n`);
        // Each upload is named as the article it replaces.
        const files = await Promise.all(
          versions.map(async (text, i) => {
            const folder = path.join(uploads, String(i));
            await mkdir(folder);
            const file = path.join(folder, 'alibaba-russia-vi.md');
            await writeFile(file, text);
            return file;
          }),
        );
        const outcomes = await race(
          { CORPUS_DIR: dir },
          ['add', `file:${files[0]}`, 'replace:true'],
          ['add', `file:${files[1]}`, 'replace:true'],
        );
        await expect(loadCorpus(dir)).resolves.toBeDefined();
        const current = await readFile(target, 'utf8');
        const trashDir = path.join(dir, '.trash');
        const trash = await Promise.all(
          (await readdir(trashDir).catch(() => [] as string[]))
            .filter((n) => n.startsWith('alibaba-russia-vi.'))
            .map((n) => readFile(path.join(trashDir, n), 'utf8')),
        );
        const succeeded = versions.filter((_, i) => !outcomes[i]!.error);
        for (const o of outcomes.filter((x) => x.error))
          expect(o.content.startsWith('Another corpus change is in progress')).toBe(true);
        expect(succeeded.length).toBeGreaterThanOrEqual(1);
        // One after the other: each success replaced exactly one version, which is in the trash; the last is current.
        expect(succeeded).toContain(current);
        expect(trash.sort()).toEqual([original, ...succeeded.filter((v) => v !== current)].sort());
      }
    },
    RACE_TIMEOUT,
  );
});

describe('two processes changing the corpus in PostgreSQL at once', () => {
  it(
    'never leave a corpus that does not load: two removes that are each fine but not together',
    async () => {
      for (let trial = 0; trial < TRIALS; trial++) {
        const url = await freshDatabase(inject('postgresUrl'), 'race');
        const repository = await PostgresRepository.open(url);
        try {
          await importFolder(repository, await balloons(), 'test');
          const outcomes = await race({ DATABASE_URL: url }, [...REMOVE_BOTH[0]], [...REMOVE_BOTH[1]]);
          const succeeded = atMostOneRemove(outcomes);
          const after = await repository.read();
          expect(after.version).toBe(1 + succeeded);
          expect(after.files.filter((f) => f.name.startsWith('balloon-'))).toHaveLength(2 - succeeded);
          await expect(buildIndex({ where: 'db', files: after.files })).resolves.toBeDefined();
        } finally {
          await repository.close();
        }
      }
    },
    RACE_TIMEOUT,
  );
});
