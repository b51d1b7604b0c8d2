import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startApp } from '../src/app/runtime.ts';
import { PostgresRepository } from '../src/store/postgres.ts';
import { importFolder } from '../src/store/transfer.ts';
import { ROOT } from '../tests/fixtures.ts';
import { freshDatabase, startPostgres } from '../tests/helpers/postgres.ts';

/**
 * npm run bench:propagation [-- --replicas 3 --rounds 10]
 * How long a corpus change takes to reach every replica, with the corpus in PostgreSQL: a throwaway cluster on
 * 127.0.0.1, the repository's corpus imported, N replica processes started as the app starts them (following the
 * database), then `rounds` changes made by this process (an article added, then removed, in turn). For each change
 * and replica: the time from the commit (this process swaps its own index right after it) to the replica answering
 * from the new version (it has swapped its index whole). Goal (issue #10): every replica within 2 s.
 *
 * With `--replica`, this file is one of those replicas: it prints `ready`, then `<version> <epoch ms>` at each swap.
 */

const USAGE = 'usage: npm run bench:propagation [-- --replicas 3 --rounds 10]';
const GOAL_MS = 2_000;
/** Every wait is bounded, so the bench always ends. */
const LIMITS = { readyMs: 120_000, changeMs: 30_000 };

const { values } = parseArgs({
  options: {
    replicas: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '10' },
    replica: { type: 'boolean', default: false },
  },
  strict: true,
});

if (values.replica) await replica();
else await bench();

async function replica(): Promise<void> {
  const url = process.env.DATABASE_URL ?? '';
  const app = await startApp({ corpusDir: 'corpus', databaseUrl: url, defaultLang: 'vi' });
  app.store.onChange((c) => process.stdout.write(`${c.status.version} ${Date.now()}\n`));
  process.stdout.write('ready\n');
  // Ends with its parent: stdin closes.
  process.stdin.resume();
  process.stdin.once('end', () => void app.close().then(() => process.exit(0)));
}

function count(name: string, raw: string, min: number): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) {
    process.stderr.write(`bench:propagation: --${name} must be an integer ≥ ${min} (got "${raw}")\n${USAGE}\n`);
    process.exit(2);
  }
  return v;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function bench(): Promise<void> {
  const replicas = count('replicas', values.replicas, 1);
  const rounds = count('rounds', values.rounds, 1);
  const server = await startPostgres();
  const children: ChildProcess[] = [];
  try {
    const url = await freshDatabase(server.url, 'propagation');
    const repository = await PostgresRepository.open(url);
    await importFolder(repository, path.join(ROOT, 'corpus'), 'bench');
    await repository.close();

    /** Per replica: the time each version was swapped in. */
    const seen = Array.from({ length: replicas }, () => new Map<number, number>());
    const ready = Array.from({ length: replicas }, (_, i) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/propagation.bench.ts', '--replica'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: url, NODE_OPTIONS: '' },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      children.push(child);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`replica ${i + 1} not ready`)), LIMITS.readyMs);
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (line === 'ready') {
            clearTimeout(timer);
            resolve();
            return;
          }
          const [version, at] = line.split(' ').map(Number);
          seen[i]!.set(version!, at!);
        });
        child.once('exit', (code) => reject(new Error(`replica ${i + 1} exited (${code})`)));
      });
    });
    await Promise.all(ready);

    const app = await startApp({ corpusDir: 'corpus', databaseUrl: url, defaultLang: 'vi' }, undefined, {
      follow: false,
    });
    let committedAt = 0;
    app.store.onChange(() => (committedAt = Date.now()));
    const delays: number[][] = Array.from({ length: replicas }, () => []);
    const article = new TextEncoder().encode(
      '---\ntitle: Bench\nlang: vi\nurl: https://example.com/bench\n---\nKhinh khí cầu tím bay qua Moskva.\n',
    );
    for (let round = 0; round < rounds; round++) {
      // Let the replicas settle between changes: each change is measured on its own.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const done =
        round % 2 === 0
          ? await app.store.add({ name: 'bench.md', bytes: article }, { by: 'bench' })
          : await app.store.remove('bench', 'bench');
      const version = done.status.version;
      const deadline = Date.now() + LIMITS.changeMs;
      while (seen.some((s) => !s.has(version)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 5));
      seen.forEach((s, i) => delays[i]!.push(s.has(version) ? s.get(version)! - committedAt : Infinity));
    }
    await app.close();

    const all = delays.flat().sort((a, b) => a - b);
    for (const [i, d] of delays.entries()) {
      const sorted = [...d].sort((a, b) => a - b);
      process.stdout.write(
        `replica ${i + 1}: p50 ${percentile(sorted, 50)} ms, max ${sorted.at(-1)} ms over ${rounds} changes\n`,
      );
    }
    const max = all.at(-1) ?? Infinity;
    process.stdout.write(
      `bench:propagation: ${replicas} replicas, ${rounds} changes: p50 ${percentile(all, 50)} ms, p99 ${percentile(all, 99)} ms, max ${max} ms from commit to every replica answering from the new version (goal < ${GOAL_MS} ms: ${max < GOAL_MS ? 'met' : 'NOT met'})\n`,
    );
  } finally {
    for (const child of children) child.stdin?.end();
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) {
              resolve();
              return;
            }
            const t = setTimeout(() => {
              c.kill('SIGKILL');
              resolve();
            }, 10_000);
            c.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
          }),
      ),
    );
    await server.stop();
  }
}
