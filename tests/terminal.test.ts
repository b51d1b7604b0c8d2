/**
 * What the CLI and the console print to an operator's terminal: never a control character from the corpus or
 * from a request (an ESC sequence can retitle or repaint the terminal, BEL rings), only the bot's own styles; and
 * a local file that is not there is a one-line refusal, not a failure with a stack trace.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.ts';
import type { Dispatcher } from '../src/app/dispatch.ts';
import { answerLine } from '../src/cli/console.ts';
import { buildCorpus } from '../src/corpus/load.ts';
import { SearchEngine } from '../src/search/engine.ts';
import { isControl } from '../src/text/controls.ts';
import { snapshot, TempDirs } from './fixtures.ts';

const run = promisify(execFile);
const temp = new TempDirs('terminal-');
afterEach(() => temp.cleanup());

const ESC = String.fromCharCode(27);
/** Our own styles (SGR: bold, italic, strike, dim and their ends): the only escapes a terminal may get. */
const OWN_STYLES = new RegExp(`${ESC}\\[\\d{1,2}m`, 'g');

/** The control characters in `s`, tab and newline aside. */
const controls = (s: string) =>
  [...s].filter((c) => isControl(c.charCodeAt(0)) && c !== '\t' && c !== '\n').map((c) => c.charCodeAt(0));

const HOSTILE = 'Alibaba góp vốn \u001b]0;pwned\u0007vào liên doanh\u0000 với Mail.ru\u009b31m.';

function cli(args: string[], env: Record<string, string>) {
  return run('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', DISCORD_TOKEN: '', ...env },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (err: unknown) => {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    },
  );
}

describe('the console', () => {
  const engine = new SearchEngine(
    buildCorpus('corpus', [
      {
        name: 'x.md',
        bytes: new TextEncoder().encode(
          `---\ntitle: Alibaba và Nga\nlang: vi\nurl: https://example.com/x\n---\n${HOSTILE}\n`,
        ),
      },
    ]),
  );
  const d: Dispatcher = { commands, context: { engine: () => engine, defaultLang: 'vi' } };

  it.each([false, true])(
    'prints an article body holding ESC, BEL, NUL and CSI without them (color %s)',
    async (color) => {
      const out = await answerLine(d, '/ask question:Alibaba góp vốn vào liên doanh', 'vi', color);
      expect(out).toContain(']0;pwned');
      expect(controls(out.replace(OWN_STYLES, ''))).toEqual([]);
    },
  );

  it('prints a refused line holding control characters without them', async () => {
    const out = await answerLine(d, '/ask question:x lang:\u001b[2J', 'vi', false);
    expect(out).toMatch(/^! /);
    expect(controls(out)).toEqual([]);
  });
});

describe('the scripting CLI', () => {
  it('names a title holding control characters as a problem, without printing them', { timeout: 90_000 }, async () => {
    const dir = await temp.dir();
    await writeFile(
      path.join(dir, 'x.md'),
      `---\ntitle: "\\e]0;pwned\\a Alibaba"\nlang: vi\nurl: https://example.com/x\n---\n${HOSTILE}\n`,
    );
    const r = await cli(['sources'], { CORPUS_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${dir}/x.md: title must be one line without control characters`);
    expect(controls(r.stdout + r.stderr)).toEqual([]);
  });

  it(
    'says a local file is not there in one line, with no stack trace and nothing changed',
    { timeout: 90_000 },
    async () => {
      const dir = await temp.corpus();
      const before = await snapshot(dir);
      const r = await cli(['corpus', 'add', 'file:./no-such-article.md'], { CORPUS_DIR: dir });
      expect(r.code).toBe(1);
      expect(r.stdout.trim().split('\n')[0]).toBe('Cannot read ./no-such-article.md (ENOENT).');
      expect(r.stderr).toBe('');
      expect(await snapshot(dir)).toEqual(before);
    },
  );
});
