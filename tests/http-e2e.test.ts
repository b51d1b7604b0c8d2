/**
 * End to end over HTTP: the real `npm run serve` entry (src/http/main.ts) with several replicas (node:cluster
 * workers sharing one port), and the Discord stand-in in HTTP mode POSTing signed interactions to it. Nothing
 * here reaches Discord. Which worker answered is read from the `worker` field of each `interaction` log line.
 */
import { spawn } from 'node:child_process';
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive } from '../src/store/lock.ts';
import {
  autocomplete,
  button,
  chatInput,
  customIdsOf,
  type InteractionHandle,
  type InteractionInput,
  startStandin,
  type Standin,
} from './standin/index.ts';
import {
  type BotProcess,
  botEnv,
  ROOT,
  runEntry,
  serveEnv,
  servePort,
  standinEnv,
  startServeProcess,
  tempCorpus,
  TEST_STANDIN,
} from './e2e/bot.ts';
import { reconnectToEndpoints } from './standin/endpoint.ts';

const QUESTIONS = [
  'Ai sở hữu bao nhiêu cổ phần?',
  '阿里巴巴投资了多少？',
  'Mail.ru là công ty gì?',
  '谁将出任 CEO？',
  'Liên doanh có tên là gì?',
  'How much is the joint venture worth?',
];

/** A mix of what users send: questions, names, stakes, sources, autocomplete, and "More" on an earlier answer. */
function mixed(n: number, pressable: APIMessage): InteractionInput[] {
  const more = customIdsOf(pressable).find((id) => id.startsWith('q2:m'));
  if (!more) throw new Error(`no "More" button on ${JSON.stringify(customIdsOf(pressable))}`);
  return Array.from({ length: n }, (_, i) => {
    switch (i % 7) {
      case 0:
      case 1:
        return chatInput('ask', { question: QUESTIONS[i % QUESTIONS.length]! }, { locale: i % 2 ? 'vi' : 'zh-CN' });
      case 2:
        return chatInput('stake', {}, { locale: 'zh-TW' });
      case 3:
        return chatInput('who', { name: i % 2 ? 'RDIF' : '马云' }, { locale: 'vi' });
      case 4:
        return autocomplete('who', { name: 'Me' }, 'name');
      case 5:
        return button(more, pressable, { locale: 'vi' });
      default:
        return chatInput('sources', {}, { locale: 'en-US' });
    }
  });
}

/** Accepted callbacks of an interaction: exactly one when it was answered once. */
const accepted = (h: InteractionHandle) => h.callbacks.filter((c) => c.status < 300).length;

/** Wait (bounded) until every interaction is answered or its request was lost; never longer than `timeoutMs`. */
async function outcome(standin: Standin, handles: InteractionHandle[], timeoutMs = 120_000) {
  await standin.waitFor(
    () => (handles.every((h) => h.acknowledged || h.errors.length > 0) ? true : undefined),
    timeoutMs,
    () => `${handles.filter((h) => !h.acknowledged && !h.errors.length).length} interactions to be answered`,
  );
  return {
    answered: handles.filter((h) => h.acknowledged),
    lost: handles.filter((h) => !h.acknowledged),
  };
}

/** Which worker logged each of these interactions as answered. */
function workersOf(serve: BotProcess, handles: InteractionHandle[]): Map<string, number> {
  const ids = new Set(handles.map((h) => h.id));
  const by = new Map<string, number>();
  for (const l of serve.logs())
    if (l.msg === 'interaction' && ids.has(String(l.interaction))) by.set(String(l.interaction), Number(l.worker));
  return by;
}

/** Wait (bounded) until the log lines of these interactions are written (they follow the answer). */
async function logged(serve: BotProcess, handles: InteractionHandle[]): Promise<Map<string, number>> {
  const deadline = Date.now() + 30_000;
  let by = workersOf(serve, handles);
  while (by.size < handles.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    by = workersOf(serve, handles);
  }
  return by;
}

describe('npm run serve -- --replicas 3', () => {
  let standin: Standin;
  let serve: BotProcess;
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;
  let pressable: APIMessage;

  beforeAll(async () => {
    standin = await startStandin(TEST_STANDIN);
    corpus = await tempCorpus();
    // Registering the commands lets the stand-in refuse what a Discord client could not send.
    const deployed = await runEntry('src/deploy.ts', [], standinEnv(standin, corpus.dir));
    expect(deployed.code, deployed.stderr).toBe(0);
    serve = startServeProcess(serveEnv(standin, corpus.dir, { LOG_LEVEL: 'debug' }), 3);
    const port = await servePort(serve, 120_000);
    standin.useInteractionsEndpoint(`http://127.0.0.1:${port}/interactions`);
    await serve.waitForLog((l) => l.msg === 'all replicas ready', 150_000);
    const first = await standin
      .dispatchInteraction(chatInput('ask', { question: 'Alibaba liên doanh với ai?' }, { locale: 'vi' }))
      .settled(60_000);
    if (first.kind !== 'message') throw new Error('no answer to the first question');
    pressable = first.message;
  }, 240_000);

  afterAll(async () => {
    // Unset when beforeAll failed before creating them.
    await (serve as BotProcess | undefined)?.stop('SIGTERM', 30_000).catch(() => undefined);
    await (standin as Standin | undefined)?.close();
    await (corpus as typeof corpus | undefined)?.remove();
  });

  it('answers a signed PING with PONG and refuses a missing, bad or other key’s signature with 401', async () => {
    expect(await standin.checkEndpoint()).toEqual([]);
  });

  it('says it is healthy, with the corpus every replica answers from', async () => {
    const port = new URL(standin.interactionsUrl!).port;
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, corpus: { version: 1, articles: 2, passages: expect.any(Number) } });
    }
  });

  it(
    'answers 300 mixed interactions, each exactly once, spread over the 3 replicas',
    { timeout: 180_000 },
    async () => {
      const handles = mixed(300, pressable).map((input) => standin.dispatchInteraction(input));
      const results = await Promise.all(handles.map((h) => h.settled(120_000)));
      expect(results).toHaveLength(300);
      expect(handles.flatMap((h) => h.errors)).toEqual([]);
      expect(handles.map(accepted)).toEqual(handles.map(() => 1));
      const kinds = new Set(results.map((r) => r.kind));
      expect(kinds).toEqual(new Set(['message', 'autocomplete']));
      const by = await logged(serve, handles);
      expect(by.size).toBe(300);
      const perWorker = new Map<number, number>();
      for (const w of by.values()) perWorker.set(w, (perWorker.get(w) ?? 0) + 1);
      expect([...perWorker.keys()].sort()).toEqual([1, 2, 3]);
    },
  );

  it('keeps answering when a worker is killed (-9) during a burst, and replaces it', { timeout: 240_000 }, async () => {
    const workers = serve.logs().filter((l) => l.msg === 'worker ready');
    const victim = workers[0]!;
    const burst = mixed(150, pressable).map((input) => standin.dispatchInteraction(input));
    await standin.waitFor(
      () => (burst.filter((h) => h.acknowledged).length >= 20 ? true : undefined),
      120_000,
      () => 'the burst to be under way',
    );
    process.kill(Number(victim.pid), 'SIGKILL');
    const during = await outcome(standin, burst);
    // Those the killed worker was answering are lost with their connection (Discord would show them as failed);
    // none is answered twice, and the others are answered.
    expect(burst.map(accepted).every((n) => n <= 1)).toBe(true);
    for (const h of during.lost) expect(h.errors.map((e) => e.status)).toEqual([0]);
    expect(during.answered.length).toBeGreaterThan(burst.length / 2);

    const exited = await serve.waitForLog(
      (l) => l.msg === 'worker exited; starting another' && l.pid === victim.pid,
      30_000,
    );
    expect(exited).toMatchObject({ signal: 'SIGKILL', level: 40 });
    // Right after: the two others answer everything. The connections the killed worker held are gone: new
    // interactions go on new ones, as Discord's would (a kept-open socket whose reset the stand-in has not read yet
    // would fail a request no worker ever saw).
    reconnectToEndpoints();
    const after = mixed(60, pressable).map((input) => standin.dispatchInteraction(input));
    await Promise.all(after.map((h) => h.settled(120_000)));
    expect(after.flatMap((h) => h.errors)).toEqual([]);
    expect(after.map(accepted)).toEqual(after.map(() => 1));

    // The replacement starts, and takes its share.
    const replacement = await serve.waitForLog(
      (l) => l.msg === 'worker ready' && !workers.some((w) => w.worker === l.worker),
      150_000,
    );
    // Kept-open connections stay with the workers that had them; new ones are shared out among all three.
    reconnectToEndpoints();
    const later = mixed(90, pressable).map((input) => standin.dispatchInteraction(input));
    await Promise.all(later.map((h) => h.settled(120_000)));
    expect(later.map(accepted)).toEqual(later.map(() => 1));
    const by = await logged(serve, later);
    expect(new Set(by.values()).has(Number(replacement.worker))).toBe(true);
    expect(new Set(by.values()).has(Number(victim.worker))).toBe(false);
  });

  it('stops on SIGTERM: every worker finishes what is in flight, then all exit 0', { timeout: 120_000 }, async () => {
    const file = standin.serveAttachment(
      'tin-moi.md',
      '---\ntitle: "Tin mới"\nlang: vi\nurl: https://example.com/tin-moi\n---\nLiên doanh đã tuyển được 730 kỹ sư.\n',
      'text/markdown',
    );
    // A slow command: acknowledged at once, answered by a webhook edit once the corpus has changed.
    const add = standin.dispatchInteraction(chatInput('corpus', { file }, { subcommand: 'add', moderator: true }));
    expect((await add.firstResponse(60_000)).type).toBe(5);
    const exited = await serve.stop('SIGTERM', 60_000);
    expect(exited.code).toBe(0);
    const done = await add.settled(10_000);
    expect(done.kind === 'message' && done.message.content).toContain('tin-moi.md');
    expect(add.errors).toEqual([]);
    const logs = serve.logs();
    expect(logs.filter((l) => l.msg === 'stopped' && l.worker !== undefined).length).toBeGreaterThanOrEqual(3);
    expect(logs.some((l) => l.msg === 'stopped' && l.role === 'primary')).toBe(true);
  });
});

describe('npm run serve, started by npm', () => {
  // npm run serve builds dist/ first when it is stale, which takes a while on a busy machine.
  it('stops cleanly when npm is sent SIGTERM, though npm does not pass it on', { timeout: 240_000 }, async () => {
    const standin = await startStandin(TEST_STANDIN);
    const corpus = await tempCorpus();
    let npm: ReturnType<typeof spawn> | undefined;
    try {
      npm = spawn('npm', ['run', 'serve', '--', '--replicas', '2'], {
        cwd: ROOT,
        env: serveEnv(standin, corpus.dir),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      npm.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      npm.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      const until = async (what: RegExp, ms: number) => {
        const deadline = Date.now() + ms;
        while (!what.test(output)) {
          if (Date.now() > deadline) throw new Error(`no ${String(what)} within ${ms} ms:\n${output.slice(-3000)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await until(/"msg":"all replicas ready"/, 200_000);
      const port = Number(/"port":(\d+)[^\n]*"msg":"listening"/.exec(output)?.[1]);
      standin.useInteractionsEndpoint(`http://127.0.0.1:${port}/interactions`);
      expect(await standin.checkEndpoint()).toEqual([]);
      const primary = Number(/"role":"primary"[^\n]*"pid":(\d+)[^\n]*"msg":"listening"/.exec(output)?.[1]);
      expect(primary).toBeGreaterThan(0);
      npm.kill('SIGTERM');
      // The workers drain and stop, then the primary: it logs "stopped" as it exits. Once (of ~15 full runs on a busy
      // machine) that last line did not come though the workers' did; what is asserted is that the primary is gone.
      await until(/"worker":\d+[^\n]*"msg":"stopped"/, 30_000);
      const gone = async () => {
        for (let i = 0; i < 300; i++) {
          if (!alive(primary)) return true;
          await new Promise((r) => setTimeout(r, 100));
        }
        return false;
      };
      expect(await gone(), output.slice(-3000)).toBe(true);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      npm?.kill('SIGKILL');
      await standin.close();
      await corpus.remove();
    }
  });
});

describe('npm run serve, refusing to start', () => {
  it('names each bad setting, and a bad --replicas with the usage', { timeout: 60_000 }, async () => {
    const bad = await runEntry('src/http/main.ts', [], botEnv({ DISCORD_PUBLIC_KEY: 'xyz', PORT: '99999' }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Configuration has 2 problems');
    expect(bad.stderr).toContain('DISCORD_PUBLIC_KEY: expected the public key: 64 hexadecimal characters');
    expect(bad.stderr).toContain('PORT: expected a port number from 0 to 65535');
    const missing = await runEntry('src/http/main.ts', [], botEnv({}));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('DISCORD_PUBLIC_KEY: missing');
    const replicas = await runEntry('src/http/main.ts', ['--replicas', '0'], botEnv({}));
    expect(replicas.code).toBe(2);
    expect(replicas.stderr).toMatch(/--replicas must be an integer from 1 to 64 \(got "0"\)\nusage: npm run serve/);
  });

  it('exits 1 when no replica can load the corpus, saying why', { timeout: 120_000 }, async () => {
    const standin = await startStandin(TEST_STANDIN);
    try {
      const run = await runEntry(
        'src/http/main.ts',
        ['--replicas', '2'],
        serveEnv(standin, '/nonexistent/corpus-folder'),
        100_000,
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('/nonexistent/corpus-folder');
      expect(run.stdout).toContain('no worker could start');
    } finally {
      await standin.close();
    }
  });
});
