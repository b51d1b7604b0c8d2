/**
 * The scripting contract, version 2 (README, "Scripting"): what `npm run -s cli -- … --json` and `--batch` print,
 * checked with zod against the real CLI process. A script can rely on every field named here.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SqliteFeedback, SQLITE_FILE } from '../src/feedback/sqlite.ts';
import { botEnv, ROOT } from './e2e/bot.ts';

const Citation = z.strictObject({
  source: z.string(),
  passage: z.string(),
  lang: z.enum(['vi', 'zh']),
  text: z.string(),
  url: z.url(),
  title: z.string(),
  paragraph: z.number().int().min(1),
  role: z.enum(['answer', 'other-language', 'correction']),
});

const Attachment = z.strictObject({
  filename: z.string(),
  content_type: z.string(),
  description: z.string().optional(),
  size: z.number().int().min(1),
  data: z.base64(),
});

/** One result: `--json` prints one, `--batch` one a line (with `line`, and the request's `id` when it had one). */
const Result = z.strictObject({
  version: z.literal(2),
  line: z.number().int().optional(),
  id: z.union([z.string(), z.number()]).optional(),
  reply: z.looseObject({ content: z.string().optional(), embeds: z.array(z.any()).optional() }),
  citations: z.array(Citation),
  outcome: z.string(),
  attachments: z.array(Attachment),
});

const Failure = z.strictObject({
  version: z.literal(2),
  line: z.number().int(),
  id: z.union([z.string(), z.number()]).optional(),
  outcome: z.literal('refused'),
  error: z.strictObject({ kind: z.enum(['json', 'request', 'usage', 'options', 'locale']), message: z.string() }),
});

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cli-contract-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function cli(
  args: string[],
  input = '',
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: botEnv({ DATA_DIR: dataDir, ...env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

describe('the scripting contract, version 2', () => {
  it('prints one result with citations that name their article, paragraph and role, and the outcome', async () => {
    const run = await cli(['who', 'name:MegaFon', 'lang:zh', '--locale', 'zh-HK', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = Result.parse(JSON.parse(run.stdout));
    expect(result.outcome).toBe('answered');
    expect(result.citations.length).toBeGreaterThan(0);
    // zh-HK reads Traditional Chinese.
    expect(result.reply.content).toContain('資料來源怎麼說');
    // Recorded: the answer carries its vote buttons.
    expect(JSON.stringify(result.reply)).toMatch(/"v1:u:[\w-]+"/);
  });

  it('lists the /stake chart as an attachment entry with its bytes', async () => {
    const run = await cli(['stake', 'lang:zh', '--json', '--no-record']);
    expect(run.code, run.stderr).toBe(0);
    const result = Result.parse(JSON.parse(run.stdout));
    expect(result.attachments.map((a) => [a.filename, a.content_type])).toEqual([['stake-chart.png', 'image/png']]);
    const png = Buffer.from(result.attachments[0]!.data, 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBe(result.attachments[0]!.size);
    // --no-record: nothing to vote on.
    expect(JSON.stringify(result.reply)).not.toContain('v1:');
  });

  it('refuses a locale it does not know, naming those it accepts, with exit code 2', async () => {
    const run = await cli(['sources', '--locale', 'fr', '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /--locale "fr" is not one of vi, vn, .*zh, zh-CN, zh-Hans, .*zh-TW, zh-Hant, zh-HK, .*en/,
    );
  });

  it('answers a batch line by line, in order; a bad line gets an error result and the rest go on', async () => {
    const lines = [
      JSON.stringify({
        id: 'a',
        command: 'ask',
        options: { question: 'Giá cổ phiếu Tesla hôm nay là bao nhiêu?' },
        locale: 'vn',
      }),
      'this is not JSON',
      JSON.stringify({ command: 'ask', options: {} }),
      JSON.stringify({ command: 'who', options: { name: 'MegaFon', lang: 'vi' }, page: 2, id: 4 }),
      JSON.stringify({ command: 'sources', locale: 'klingon' }),
      JSON.stringify({ command: 'stake', options: { lang: 'zh' }, locale: 'zh-Hant' }),
    ];
    const run = await cli(['--batch'], lines.join('\n') + '\n');
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Result.parse(out[0]).outcome).toBe('not-in-sources');
    expect(out[0].id).toBe('a');
    expect(Failure.parse(out[1]).error.kind).toBe('json');
    expect(Failure.parse(out[2]).error).toEqual({ kind: 'options', message: 'Missing required option “question”.' });
    // Page 2 of /who: the passages after the first three.
    expect(Result.parse(out[3]).id).toBe(4);
    expect(Failure.parse(out[4]).error.kind).toBe('usage');
    expect(Result.parse(out[5]).attachments).toHaveLength(1);
    expect(out[5].reply.content).toContain('資料來源怎麼說');
  });

  it('has recorded every answer of a batch when it exits, each under the id of its vote buttons', async () => {
    const own = await mkdtemp(path.join(tmpdir(), 'cli-batch-'));
    try {
      const questions = ['Alibaba nắm bao nhiêu cổ phần?', '阿里巴巴持股多少?', 'Who is in the joint venture?'];
      const lines = Array.from({ length: 60 }, (_, i) =>
        JSON.stringify({ command: 'ask', options: { question: `${questions[i % 3]!} ${i}` }, id: i }),
      );
      const run = await cli(['--batch'], lines.join('\n'), { DATA_DIR: own });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      const ids = [...run.stdout.matchAll(/"v1:u:([\w-]+)"/g)].map((m) => m[1]);
      expect(ids).toHaveLength(60);
      const log = new SqliteFeedback(path.join(own, SQLITE_FILE));
      const kept = await log.answersSince(new Date(0));
      await log.close();
      expect(kept.map((a) => a.id).sort()).toEqual([...ids].sort());
      expect(kept.every((a) => a.via === 'cli' && a.command === 'ask' && a.userHash)).toBe(true);
      expect(kept.map((a) => a.question).sort()).toEqual(lines.map((l) => JSON.parse(l).options.question).sort());
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });

  it('answers a batch when the feedback log cannot be opened, and says so on stderr only', async () => {
    const own = await mkdtemp(path.join(tmpdir(), 'cli-batch-'));
    try {
      // DATA_DIR is a file: no folder, no log.
      const file = path.join(own, 'not-a-folder');
      await writeFile(file, 'x');
      const lines = ['Alibaba nắm bao nhiêu cổ phần?', '阿里巴巴持股多少?'].map((question) =>
        JSON.stringify({ command: 'ask', options: { question } }),
      );
      const run = await cli(['--batch'], lines.join('\n'), { DATA_DIR: file });
      expect(run.code).toBe(0);
      const out = run.stdout
        .trim()
        .split('\n')
        .map((l) => Result.parse(JSON.parse(l)));
      expect(out).toHaveLength(2);
      expect(run.stdout).not.toMatch(/not recorded|ENOTDIR|EEXIST/);
      expect(run.stderr).toMatch(/cli: the answer was not recorded/);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });

  it('shows what the CLI recorded in corpus insights, as JSON', async () => {
    await cli(['ask', 'question:Giá cổ phiếu Tesla hôm nay là bao nhiêu?', '--locale', 'vi', '--json']);
    const run = await cli(['corpus', 'insights', 'days:30', 'via:cli', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = Result.parse(JSON.parse(run.stdout));
    const text = JSON.stringify(result.reply.embeds);
    expect(text).toContain('Giá cổ phiếu Tesla hôm nay là bao nhiêu?');
    expect(text).toMatch(/asked 2×/);
    expect(text).toContain('Only answers given via cli.');
  });
});
