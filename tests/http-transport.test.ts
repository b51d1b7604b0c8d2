/**
 * The HTTP interactions transport in-process (src/http/server.ts) against the stand-in in HTTP mode: signature
 * checks, bad requests, the health check, answers in the HTTP response, deferred answers edited through the
 * webhook, failures, and what a stop does with work in flight; two endpoints sharing the corpus in PostgreSQL. With
 * real processes and replicas: http-e2e.test.ts.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { commands } from '../commands/index.ts';
import { type App, startApp } from '../src/app/runtime.ts';
import { deploy, deployPlan } from '../src/discord/deploy.ts';
import { InteractionServer, MAX_BODY_BYTES } from '../src/http/server.ts';
import { publicKeyFromHex } from '../src/http/signature.ts';
import { createLogger } from '../src/log.ts';
import { messageReply } from '../src/reply/render.ts';
import { PostgresRepository } from '../src/store/postgres.ts';
import { importFolder } from '../src/store/transfer.ts';
import { tempCorpus, TEST_APP, TEST_STANDIN } from './e2e/bot.ts';
import { ROOT } from './fixtures.ts';
import { freshDatabase } from './helpers/postgres.ts';
import {
  expectRefusedEditBecomesPrivateError,
  expectSlowWorkAcknowledged,
  failingCommands,
  testCommand,
} from './helpers/transports.ts';
import {
  autocomplete,
  button,
  chatInput,
  customIdsOf,
  type InteractionHandle,
  startStandin,
  type Standin,
} from './standin/index.ts';

const allCommands = new Map([...commands, ...failingCommands.map((c) => [c.data.name, c] as const)]);

/** A server on 127.0.0.1 at a free port, logging into `lines`; `ready` is called by the test. */
async function startServer(standin: Standin, lines: string[], o: { drainTimeoutMs?: number } = {}) {
  const logger = createLogger({
    level: 'debug',
    secrets: [TEST_APP.token],
    destination: { write: (s: string) => void lines.push(s) },
  });
  const server = new InteractionServer({
    commands: allCommands,
    publicKey: publicKeyFromHex(standin.publicKey),
    apiBase: standin.restBase,
    moderatorRoleIds: [standin.world.moderatorRoleId],
    logger,
    ...o,
  });
  const { port } = await server.listen(0, '127.0.0.1');
  standin.useInteractionsEndpoint(`http://127.0.0.1:${port}/interactions`);
  return { server, logger, base: `http://127.0.0.1:${port}` };
}

function withCommands(app: App, logger: ReturnType<typeof createLogger>): App {
  const withExtra: App = { ...app, commands: allCommands };
  withExtra.onError = (err, ref) => logger.error({ err, ref }, 'command failed');
  return withExtra;
}

/** The message a settled interaction shows; nothing may have been refused on the way. */
async function answered(h: InteractionHandle) {
  const result = await h.settled(60_000);
  expect(h.errors, JSON.stringify(h.errors)).toEqual([]);
  if (result.kind !== 'message') throw new Error(`expected a message, got ${result.kind}`);
  return result.message;
}

describe('the HTTP interactions endpoint', () => {
  let standin: Standin;
  let server: InteractionServer;
  let base: string;
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;
  const lines: string[] = [];
  const logs = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    standin = await startStandin(TEST_STANDIN);
    corpus = await tempCorpus();
    const started = await startServer(standin, lines);
    server = started.server;
    base = started.base;
    // Listening, and the index not loaded yet: the health check says so.
    const early = await fetch(`${base}/healthz`);
    expect(early.status).toBe(503);
    expect(await early.json()).toEqual({ ok: false, status: 'starting' });
    const app = withCommands(await startApp({ corpusDir: corpus.dir, defaultLang: 'vi' }), started.logger);
    await deploy(deployPlan(app.commands, TEST_APP), { token: TEST_APP.token, apiBase: standin.restBase });
    server.ready(app);
  });

  afterAll(async () => {
    await (server as InteractionServer | undefined)?.stop();
    await (standin as Standin | undefined)?.close();
    await (corpus as typeof corpus | undefined)?.remove();
  });

  it('passes Discord’s check of the URL: PONG to a signed PING, 401 to a missing, bad or other key’s signature', async () => {
    expect(await standin.checkEndpoint()).toEqual([]);
    const ping = JSON.stringify({ id: '1', application_id: TEST_APP.applicationId, type: 1, version: 1 });
    expect(await standin.postToEndpoint(ping)).toMatchObject({ status: 200, json: { type: 1 } });
    for (const signature of ['missing', 'bad', 'other-key'] as const)
      expect((await standin.postToEndpoint(ping, { signature })).status, signature).toBe(401);
  });

  it('refuses what is not a signed interaction, and goes on answering', async () => {
    expect((await standin.postToEndpoint('x'.repeat(MAX_BODY_BYTES + 1))).status).toBe(413);
    expect((await standin.postToEndpoint('{"type": 2, ')).status).toBe(400);
    expect((await standin.postToEndpoint('[1, 2]')).status).toBe(400);
    expect((await standin.postToEndpoint('{"type": "2"}')).status).toBe(400);
    // A large body without a valid signature is refused for its size before anything is checked.
    expect((await standin.postToEndpoint('y'.repeat(200_000), { signature: 'missing' })).status).toBe(413);
    expect((await fetch(`${base}/interactions`)).status).toBe(405);
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    const m = await answered(standin.dispatchInteraction(chatInput('sources', {}, { locale: 'vi' })));
    expect(m.embeds.length).toBe(1);
  });

  it('says it is healthy once the index is loaded, with the corpus it answers from', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, corpus: { version: 1, articles: 2, passages: expect.any(Number) } });
  });

  it('answers commands, autocomplete and buttons in the HTTP response', async () => {
    const ask = standin.dispatchInteraction(
      chatInput('ask', { question: 'Alibaba liên doanh với ai?' }, { locale: 'vi' }),
    );
    const first = await answered(ask);
    expect(ask.callbacks.map((c) => c.type)).toEqual([4]);
    expect(ask.endpoint?.status).toBe(200);
    expect(first.embeds.length).toBeGreaterThan(0);
    const more = customIdsOf(first).find((id) => id.startsWith('q2:m'));
    expect(more).toBeTruthy();
    // "More" changes the message pressed (UPDATE_MESSAGE in the HTTP response): the next page, in the same message.
    const messages = standin.interactionMessages().length;
    const next = standin.dispatchInteraction(button(more!, first, { locale: 'vi' }));
    const page = await answered(next);
    expect(next.callbacks.map((c) => c.type)).toEqual([7]);
    expect(page.id).toBe(first.id);
    expect(page.embeds.map((e) => e.description)).not.toEqual(first.embeds.map((e) => e.description));
    expect(ask.original()).toEqual(page);
    expect(next.followups()).toEqual([]);
    expect(standin.interactionMessages()).toHaveLength(messages);
    const choices = await standin.dispatchInteraction(autocomplete('who', { name: '马' }, 'name')).settled(60_000);
    expect(choices.kind === 'autocomplete' && choices.choices.map((c) => c.value)).toContain('jack-ma');
    const stale = await answered(
      standin.dispatchInteraction(button('q1:this-is-not-a-real-button', undefined, { locale: 'zh-CN' })),
    );
    expect(stale.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(stale.content).toContain('此按钮已失效');
  });

  it('sends /stake’s chart by acknowledging, then editing the answer in through the webhook with the file', async () => {
    const h = standin.dispatchInteraction(chatInput('stake', { lang: 'vi' }, { locale: 'vi' }));
    const m = await answered(h);
    // A JSON response cannot carry a file: "thinking…" first, then the message with its chart.
    expect(h.callbacks.map((c) => c.type)).toEqual([5]);
    expect(h.sentBodies.map((b) => b.via)).toEqual(['edit']);
    expect(m.attachments).toHaveLength(1);
    const [chart] = m.attachments;
    expect(chart!.filename).toMatch(/\.png$/);
    const png = Buffer.from(await (await fetch(chart!.url)).arrayBuffer());
    expect(png.length).toBe(chart!.size);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('answers a signed but malformed interaction with a private error, and an unreadable autocomplete with nothing', async () => {
    const broken = standin.dispatchInteraction({
      ...chatInput('sources', {}, { locale: 'vi' }),
      overrides: { member: { user: { id: 'not-an-id' } } },
    });
    const m = await answered(broken);
    expect(m.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const ref = /mã tham chiếu (\w+)/.exec(m.content)?.[1];
    expect(ref).toBeTruthy();
    expect(logs().find((l) => l.msg === 'interaction failed' && l.ref === ref)).toMatchObject({
      command: 'sources',
      err: { message: expect.stringContaining('member.user.id') },
    });
    const select = await answered(
      standin.dispatchInteraction({
        ...button('q2:whatever', undefined, { locale: 'en-US' }),
        data: { custom_id: 'q2:whatever', component_type: 3, values: ['a'] },
      }),
    );
    expect(select.content).toMatch(/^Something went wrong; reference \w+\.$/);
    const noData = await standin
      .dispatchInteraction({ ...autocomplete('who', { name: 'ma' }, 'name'), overrides: { data: { name: 7 } } })
      .settled(60_000);
    expect(noData).toEqual({ kind: 'autocomplete', choices: [] });
  });

  it('answers a handler that throws with a private error in the user’s language, its reference in the log', async () => {
    const m = await answered(standin.dispatchInteraction(chatInput('boom', {}, { locale: 'zh-TW' })));
    expect(m.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const ref = /參考編號：(\w+)/.exec(m.content)?.[1];
    expect(logs().find((l) => l.msg === 'command failed')).toMatchObject({
      ref,
      err: { message: expect.stringContaining('kaboom') },
    });
    expect(lines.join('')).not.toContain(TEST_APP.token);
  });

  it('acknowledges work still running after 1.5 s, then edits the answer in through the webhook', () =>
    expectSlowWorkAcknowledged(standin));

  it('replaces a public "thinking…" whose answer Discord refuses with a private error', () =>
    expectRefusedEditBecomesPrivateError(standin));

  it('lets a moderator add an uploaded article: acknowledged privately first, then the change, a new version', async () => {
    const refused = await answered(
      standin.dispatchInteraction(chatInput('corpus', {}, { subcommand: 'status', locale: 'vi' })),
    );
    expect(refused.content).toBe('Chỉ người kiểm duyệt mới làm được việc này.');
    const file = standin.serveAttachment(
      'tin-moi.md',
      '---\ntitle: "Tin mới"\nlang: vi\nurl: https://example.com/tin-moi\n---\nLiên doanh đã tuyển được 730 kỹ sư phần mềm tại Moskva.\n',
      'text/markdown',
    );
    const add = standin.dispatchInteraction(
      chatInput('corpus', { file }, { subcommand: 'add', roles: [standin.world.moderatorRoleId], permissions: '0' }),
    );
    const done = await answered(add);
    expect(add.callbacks.map((c) => c.type)).toEqual([5]);
    expect(add.callbacks[0]!.data).toEqual({ flags: MessageFlags.Ephemeral });
    expect(done.content).toContain('tin-moi.md');
    expect(done.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const found = await answered(
      standin.dispatchInteraction(
        chatInput('ask', { question: 'Liên doanh đã tuyển bao nhiêu kỹ sư phần mềm?', lang: 'vi' }, { locale: 'vi' }),
      ),
    );
    expect(JSON.stringify(found.embeds).replace(/\*\*/g, '')).toContain('730 kỹ sư phần mềm');
    expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ corpus: { version: 2, articles: 3 } });
  });

  it('logs every interaction it answers, and never an interaction token', () => {
    const interactions = logs().filter((l) => l.msg === 'interaction');
    expect(interactions.find((l) => l.kind === 'command')).toMatchObject({
      command: expect.any(String),
      outcome: 'answered',
      deferred: false,
      ms: expect.any(Number),
    });
    const tokens = standin.interactions().map((h) => h.token);
    for (const token of tokens) expect(lines.join('\n')).not.toContain(token);
  });

  it('finishes what is in flight when stopped, then stops listening', async () => {
    const h = standin.dispatchInteraction(chatInput('slow', {}));
    await h.firstResponse(60_000);
    await server.stop();
    const result = await h.settled(60_000);
    expect(result.kind === 'message' && result.message.content).toBe('done slowly');
    expect(logs().find((l) => l.msg === 'stopped')).toMatchObject({ abandoned: 0 });
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

describe('the HTTP endpoint before and after its index', () => {
  it('answers an interaction that arrives while the index is loading once it is loaded', async () => {
    const standin = await startStandin(TEST_STANDIN);
    const lines: string[] = [];
    const { server } = await startServer(standin, lines);
    try {
      const h = standin.dispatchInteraction(chatInput('stake', { lang: 'vi' }, { locale: 'vi' }));
      const suggest = standin.dispatchInteraction(autocomplete('who', { name: 'Me' }, 'name'));
      // Long enough for both to be waiting (an autocomplete gives up after 2 s with no suggestions).
      await standin.waitFor(
        () => (server.busy >= 1 ? true : undefined),
        30_000,
        () => 'the interactions to arrive',
      );
      server.ready(await startApp({ corpusDir: 'corpus', defaultLang: 'vi' }));
      const m = await answered(h);
      expect(JSON.stringify(m.embeds)).toMatch(/48%/);
      expect((await suggest.settled(60_000)).kind).toBe('autocomplete');
    } finally {
      await server.stop();
      await standin.close();
    }
  });

  it('tells a user still waiting when it stops that the bot is restarting, instead of leaving them "thinking…"', async () => {
    const standin = await startStandin(TEST_STANDIN);
    const lines: string[] = [];
    const { server, logger } = await startServer(standin, lines, { drainTimeoutMs: 300 });
    try {
      const stuck = testCommand(
        'stuck',
        () =>
          new Promise((resolve) => setTimeout(() => resolve(messageReply('too late', { ui: 'en' })), 6_000).unref()),
      );
      allCommands.set('stuck', stuck);
      server.ready(withCommands(await startApp({ corpusDir: 'corpus', defaultLang: 'vi' }), logger));
      const h = standin.dispatchInteraction(chatInput('stuck', {}, { locale: 'zh-CN' }));
      expect((await h.firstResponse(60_000)).type).toBe(5);
      await server.stop();
      const result = await h.settled(60_000);
      expect(result.kind === 'message' && result.message.content).toBe('机器人正在重启，请稍后再试。');
      expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'stopped')).toMatchObject(
        { abandoned: 1 },
      );
    } finally {
      allCommands.delete('stuck');
      await server.stop();
      await standin.close();
    }
  });
});

describe('two endpoints sharing the corpus in PostgreSQL', () => {
  let standin: Standin;
  const servers: InteractionServer[] = [];
  const apps: App[] = [];
  const lines: string[] = [];

  beforeAll(async () => {
    standin = await startStandin(TEST_STANDIN);
    const url = await freshDatabase(inject('postgresUrl'), 'http_replicas');
    const repository = await PostgresRepository.open(url);
    try {
      await importFolder(repository, path.join(ROOT, 'corpus'), 'test');
    } finally {
      await repository.close();
    }
    for (let i = 0; i < 2; i++) {
      const started = await startServer(standin, lines);
      servers.push(started.server);
      // No folder: every answer comes from the database.
      const app = await startApp({ corpusDir: '/nonexistent', databaseUrl: url, defaultLang: 'vi' });
      apps.push(app);
      started.server.ready(withCommands(app, started.logger));
    }
    await deploy(deployPlan(apps[0]!.commands, TEST_APP), { token: TEST_APP.token, apiBase: standin.restBase });
  });

  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const app of apps) await app.close();
    await (standin as Standin | undefined)?.close();
  });

  const health = async (server: InteractionServer) => {
    const { port } = server.http.address() as AddressInfo;
    return (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { corpus: { version: number } };
  };
  const useEndpoint = (server: InteractionServer) =>
    standin.useInteractionsEndpoint(`http://127.0.0.1:${(server.http.address() as AddressInfo).port}/interactions`);

  it('answer through the other endpoint an article added through one, and both show the database’s version', async () => {
    const [a, b] = servers as [InteractionServer, InteractionServer];
    expect((await health(a)).corpus.version).toBe(1);
    expect((await health(b)).corpus.version).toBe(1);
    useEndpoint(a);
    const file = standin.serveAttachment(
      'tin-chung.md',
      '---\ntitle: "Tin chung"\nlang: vi\nurl: https://example.com/tin-chung\n---\nLiên doanh đã mở 42 kho hàng tại Kazan.\n',
      'text/markdown',
    );
    const done = await answered(
      standin.dispatchInteraction(
        chatInput('corpus', { file }, { subcommand: 'add', roles: [standin.world.moderatorRoleId], permissions: '0' }),
      ),
    );
    expect(done.content).toContain('tin-chung.md');
    expect((await health(a)).corpus.version).toBe(2);
    // The other endpoint hears of it (LISTEN) and swaps its index; bounded, so a lost change fails, never hangs.
    for (let tries = 0; (await health(b)).corpus.version !== 2 && tries < 1_200; tries++) await delay(50);
    expect((await health(b)).corpus.version).toBe(2);
    useEndpoint(b);
    const found = await answered(
      standin.dispatchInteraction(
        chatInput('ask', { question: 'Liên doanh đã mở bao nhiêu kho hàng tại Kazan?', lang: 'vi' }, { locale: 'vi' }),
      ),
    );
    expect(JSON.stringify(found.embeds).replace(/\*\*/g, '')).toContain('42 kho hàng');
  });
});
