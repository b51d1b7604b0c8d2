import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteFeedback } from '../src/feedback/sqlite.ts';
import { ROOT } from './e2e/bot.ts';

/**
 * The replicas of `npm run serve -- --replicas N` each open the same SQLite feedback file: every process's writes
 * must land, a writer that finds the file busy waiting its turn rather than failing ("database is locked").
 */

const WRITERS = 4;
const ROUNDS = 20;
const BURST = 25;

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function writer(file: string, name: string, startAt: number) {
  return new Promise<{ answers: number; votes: number; failures: string[]; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/helpers/feedback-writer.ts', file, name, String(ROUNDS), String(startAt)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      try {
        resolve({ ...(JSON.parse(out) as { answers: number; votes: number; failures: string[] }), stderr });
      } catch {
        reject(new Error(`writer ${name} printed no result:\n${stderr}`));
      }
    });
  });
}

describe('one SQLite feedback file written by several processes at once', () => {
  it('keeps every answer and vote of each, none failing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'feedback-processes-'));
    dirs.push(dir);
    const file = path.join(dir, 'feedback.db');
    // Started together on a file none of them has made yet: they also create it and its tables at once.
    const startAt = Date.now() + 3_000;
    const results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(file, `w${i}`, startAt)));
    for (const r of results) expect(r).toMatchObject({ answers: ROUNDS * BURST, votes: ROUNDS, failures: [] });

    const store = new SqliteFeedback(file);
    try {
      const kept = await store.answersSince(new Date(0));
      expect(kept).toHaveLength(WRITERS * ROUNDS * BURST);
      expect(kept.reduce((n, a) => n + a.up, 0)).toBe(WRITERS * ROUNDS);
    } finally {
      await store.close();
    }
  }, 60_000);
});
