/**
 * End to end: `npm run serve -- --replicas 3` sharing one corpus in PostgreSQL (DATABASE_URL), a private
 * throwaway cluster that the tests stop and start again, and the stand-in in HTTP mode. Which worker did what is
 * read from the `worker` field of the log lines. The 2 s propagation goal is a timing goal: `npm run bench:http`
 * measures it; here every wait only catches hangs.
 */
import path from 'node:path';
import { MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresRepository } from '../src/store/postgres.ts';
import { importFolder } from '../src/store/transfer.ts';
import { chatInput, type InteractionHandle, startStandin, type Standin } from './standin/index.ts';
import {
  type BotProcess,
  ROOT,
  runEntry,
  serveEnv,
  servePort,
  standinEnv,
  startServeProcess,
  tempCorpus,
  TEST_STANDIN,
} from './e2e/bot.ts';
import { freshDatabase, type PostgresServer, startPostgres } from './helpers/postgres.ts';

const REPLICAS = 3;
const ARTICLE = `---
title: "Khinh khí cầu tím của liên doanh"
lang: vi
url: https://example.com/khinh-khi-cau-tim
---
Liên doanh đã thả một khinh khí cầu tím khổng lồ trên bầu trời Moskva để quảng bá AliExpress Russia.
`;

/** Accepted callbacks of an interaction: exactly one when it was answered once. */
const accepted = (h: InteractionHandle) => h.callbacks.filter((c) => c.status < 300).length;

/** What a user reads of a settled message interaction. */
async function read(h: InteractionHandle): Promise<{ text: string; flags: number }> {
  const result = await h.settled(120_000);
  if (result.kind !== 'message') throw new Error(`expected a message, got ${result.kind}`);
  const m = result.message;
  const text = [m.content, ...m.embeds.flatMap((e) => [e.description ?? '', ...(e.fields ?? []).map((f) => f.value)])]
    .join('\n')
    .replace(/\*\*/g, '');
  return { text, flags: m.flags ?? 0 };
}

describe('3 replicas sharing their corpus in PostgreSQL', () => {
  let db: PostgresServer;
  let standin: Standin;
  let serve: BotProcess;
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;

  /** Log lines of each worker saying `msg` (with `extra` fields), by worker id. */
  const byWorker = (msg: string, match: (l: Record<string, unknown>) => boolean = () => true) => {
    const out = new Map<number, Record<string, unknown>>();
    for (const l of serve.logs()) if (l.msg === msg && typeof l.worker === 'number' && match(l)) out.set(l.worker, l);
    return out;
  };
  /** Wait (bounded) until every worker has logged `msg` (matching). */
  const allWorkers = async (msg: string, match?: (l: Record<string, unknown>) => boolean, count = REPLICAS) => {
    const deadline = Date.now() + 90_000;
    while (byWorker(msg, match).size < count) {
      if (Date.now() > deadline)
        throw new Error(`only ${byWorker(msg, match).size} workers logged "${msg}":\n${serve.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return byWorker(msg, match);
  };
  /**
   * N /sources (the articles a replica answers from, whatever the ranking of questions), each answered exactly
   * once; what they listed, and which workers answered.
   */
  const sources = async (n: number) => {
    const handles = Array.from({ length: n }, () => standin.dispatchInteraction(chatInput('sources', {})));
    const texts = await Promise.all(handles.map(async (h) => (await read(h)).text));
    expect(handles.flatMap((h) => h.errors)).toEqual([]);
    expect(handles.map(accepted)).toEqual(handles.map(() => 1));
    const ids = new Set(handles.map((h) => h.id));
    const deadline = Date.now() + 30_000;
    let workers = new Set<number>();
    while (Date.now() < deadline) {
      const lines = serve.logs().filter((l) => l.msg === 'interaction' && ids.has(String(l.interaction)));
      workers = new Set(lines.map((l) => Number(l.worker)));
      if (lines.length === n) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return { texts, workers };
  };
  const moderator = { moderator: true, locale: 'en-US' } as const;

  beforeAll(async () => {
    db = await startPostgres();
    const url = await freshDatabase(db.url, 'http-replicas');
    const repository = await PostgresRepository.open(url);
    await importFolder(repository, path.join(ROOT, 'corpus'), 'test');
    await repository.close();
    standin = await startStandin(TEST_STANDIN);
    corpus = await tempCorpus();
    const deployed = await runEntry('src/deploy.ts', [], standinEnv(standin, corpus.dir));
    expect(deployed.code, deployed.stderr).toBe(0);
    // The folder is not used: DATABASE_URL wins.
    serve = startServeProcess(serveEnv(standin, corpus.dir, { DATABASE_URL: url, LOG_LEVEL: 'debug' }), REPLICAS);
    standin.useInteractionsEndpoint(`http://127.0.0.1:${await servePort(serve, 120_000)}/interactions`);
    await serve.waitForLog((l) => l.msg === 'all replicas ready', 150_000);
  }, 300_000);

  afterAll(async () => {
    await (serve as BotProcess | undefined)?.stop('SIGTERM', 30_000).catch(() => undefined);
    await (standin as Standin | undefined)?.close();
    await (corpus as typeof corpus | undefined)?.remove();
    await (db as PostgresServer | undefined)?.stop();
  });

  it('answers from a change made through one replica on every replica', { timeout: 240_000 }, async () => {
    const started = [...byWorker('ready').values()].map((l) => Number(l.version));
    expect(new Set(started).size).toBe(1);
    const before = await sources(12);
    expect(before.texts.some((t) => t.includes('khinh-khi-cau-tim'))).toBe(false);

    const add = standin.dispatchInteraction(
      chatInput(
        'corpus',
        { file: standin.serveAttachment('khinh-khi-cau.md', ARTICLE) },
        { subcommand: 'add', ...moderator },
      ),
    );
    const added = await read(add);
    expect(added.text).toContain('Article khinh-khi-cau.md added.');
    expect(add.callbacks.map((c) => c.type)).toEqual([5]);
    const version = started[0]! + 1;
    // Every worker swaps the new version in: the one that made the change, and the others from the database.
    await allWorkers('corpus changed', (l) => l.version === version);

    const after = await sources(30);
    expect(after.texts.every((t) => t.includes('example.com/khinh-khi-cau-tim'))).toBe(true);
    expect(after.workers.size).toBe(REPLICAS);
  });

  it(
    'keeps answering with PostgreSQL stopped, refuses a change clearly, and changes again once it is back',
    { timeout: 300_000 },
    async () => {
      await db.pause();
      await allWorkers('corpus database: connection lost, answering from the index held');
      const meanwhile = await sources(30);
      expect(meanwhile.texts.every((t) => t.includes('example.com/khinh-khi-cau-tim'))).toBe(true);
      expect(meanwhile.workers.size).toBe(REPLICAS);

      const refused = await read(
        standin.dispatchInteraction(
          chatInput('corpus', { source: 'khinh-khi-cau' }, { subcommand: 'remove', ...moderator }),
        ),
      );
      expect(refused.text).toContain('The corpus database cannot be reached, so nothing was changed');
      expect(refused.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);

      await db.resume();
      await allWorkers('corpus database: connection back, version re-read');
      const lastVersion = Math.max(...[...byWorker('corpus changed').values()].map((l) => Number(l.version)));
      const removed = await read(
        standin.dispatchInteraction(
          chatInput('corpus', { source: 'khinh-khi-cau' }, { subcommand: 'remove', ...moderator }),
        ),
      );
      expect(removed.text).toContain('Article khinh-khi-cau removed');
      await allWorkers('corpus changed', (l) => l.version === lastVersion + 1);
      const gone = await sources(12);
      expect(gone.texts.some((t) => t.includes('example.com/khinh-khi-cau-tim'))).toBe(false);
    },
  );
});
