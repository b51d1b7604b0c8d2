/**
 * Runs the real entry points (`src/index.ts` as `npm start` runs it, `src/deploy.ts` as `npm run deploy` does)
 * as child processes pointed at a Discord stand-in, for end-to-end tests and the e2e benchmark.
 * Every wait is bounded; `stop()` kills the process if it does not exit by itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, TempDirs } from '../fixtures.ts';

export { ROOT };

/** Ids and a token for the simulated application (any values the stand-in is started with work). */
export const TEST_APP = {
  token: 'MTE4MDAwMDAwMDAwMDAwMDAwMw.Gx7kQa.e2e-secret-token-value-9f3c1d',
  applicationId: '1180000000000000003',
  guildId: '1180000000000000004',
};

/**
 * The stand-in as the tests start it: Discord's 3 s first-response deadline is a timing goal, measured by
 * `npm run bench:e2e`; in tests it is far longer, so that a busy machine never fails a test whose behaviour is
 * right. The stand-in's own tests (tests/standin.test.ts) still check that it enforces 3 s.
 */
export const TEST_STANDIN = { ...TEST_APP, callbackDeadlineMs: 60_000 };

/** A copy of the repository's corpus in a temporary folder, so tests can change it freely. */
export async function tempCorpus(): Promise<{ dir: string; remove(): Promise<void> }> {
  const temp = new TempDirs('deal-qa-e2e-');
  return { dir: await temp.corpus(), remove: () => temp.cleanup() };
}

/** A data folder (the feedback log) for the bots of this test file, deleted when it ends: never the repository's. */
let dataDir: string | undefined;
function testDataDir(): string {
  if (!dataDir) {
    const dir = mkdtempSync(path.join(tmpdir(), 'deal-qa-data-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    dataDir = dir;
  }
  return dataDir;
}

/** Environment for the bot: only what a test sets, and never a developer's `.env` nor the repository's data/. */
export function botEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_OPTIONS: '',
    DOTENV_CONFIG_PATH: path.join(ROOT, '.no-such-env-file'),
    DATA_DIR: testDataDir(),
  };
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) env[k] = v;
  return env;
}

/** The bot's environment for the stand-in `standin` (any object with `restBase`) and corpus folder `dir`. */
export function standinEnv(
  standin: { restBase: string },
  corpusDir: string,
  extra: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
  return botEnv({
    DISCORD_TOKEN: TEST_APP.token,
    DISCORD_APPLICATION_ID: TEST_APP.applicationId,
    DISCORD_GUILD_ID: TEST_APP.guildId,
    DISCORD_API_BASE: standin.restBase,
    CORPUS_DIR: corpusDir,
    ...extra,
  });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run a TypeScript entry to completion (bounded). */
export function runEntry(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The bot process, with its output as it comes. */
export class BotProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private partial = '';

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => {
      const text = this.partial + d.toString();
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      this.stdout.push(...lines.filter(Boolean));
    });
    child.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Log lines parsed as JSON (pino); lines that are not JSON are kept as `{ raw }`. */
  logs(): Array<Record<string, unknown>> {
    return this.stdout.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return { raw: line };
      }
    });
  }

  /** Everything the process wrote. */
  output(): string {
    return [...this.stdout, this.partial, ...this.stderr].join('\n');
  }

  async waitForLog(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs = 60_000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.logs().find(match);
      if (hit) return hit;
      if (Date.now() > deadline)
        throw new Error(`no matching log line within ${timeoutMs} ms; output:\n${this.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Resolves when the process exits (or rejects after the timeout). */
  async exit(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`bot did not exit within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Send a signal and wait for the exit; SIGKILL if it does not come. */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
    timeoutMs = 15_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill(signal);
    try {
      return await this.exit(timeoutMs);
    } catch (err) {
      this.child.kill('SIGKILL');
      throw err;
    }
  }
}

/**
 * The environment of `npm run serve` (the HTTP endpoint) for the stand-in `standin` in HTTP mode: its public key,
 * its REST base for the webhook edits, any free port on 127.0.0.1. No bot token: the endpoint needs none.
 */
export function serveEnv(
  standin: { restBase: string; publicKey: string },
  corpusDir: string,
  extra: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
  return botEnv({
    DISCORD_PUBLIC_KEY: standin.publicKey,
    DISCORD_API_BASE: standin.restBase,
    CORPUS_DIR: corpusDir,
    HOST: '127.0.0.1',
    PORT: '0',
    ...extra,
  });
}

/** Start `src/http/main.ts` the way `npm run serve -- --replicas N` does. */
export function startServeProcess(env: NodeJS.ProcessEnv, replicas = 1): BotProcess {
  return new BotProcess(
    spawn(process.execPath, ['--import', 'tsx', 'src/http/main.ts', '--replicas', String(replicas)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** The port a serve process listens on, from its `listening` log line. */
export async function servePort(serve: BotProcess, timeoutMs = 60_000): Promise<number> {
  const line = await serve.waitForLog((l) => l.msg === 'listening' && typeof l.port === 'number', timeoutMs);
  return line.port as number;
}

/** Start `src/index.ts` the way `npm start` does. */
export function startBotProcess(env: NodeJS.ProcessEnv): BotProcess {
  return new BotProcess(
    spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
}
