/**
 * The Discord transport in-process (src/discord/bot.ts), with commands made to fail or to be slow, against the
 * stand-in: what a user sees when a handler throws, when Discord refuses a reply, when work takes longer than
 * Discord's 3 s, and what shutdown does with work in flight. The happy paths run end to end in e2e.test.ts.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.ts';
import { type App, startApp } from '../src/app/runtime.ts';
import { Bot } from '../src/discord/bot.ts';
import { deploy, deployPlan } from '../src/discord/deploy.ts';
import { createLogger } from '../src/log.ts';
import { messageReply } from '../src/reply/render.ts';
import { TEST_APP, TEST_STANDIN } from './e2e/bot.ts';
import {
  expectRefusedEditBecomesPrivateError,
  expectSlowWorkAcknowledged,
  failingCommands,
  testCommand,
} from './helpers/transports.ts';
import { button, chatInput, startStandin, type Standin } from './standin/index.ts';
import { MessageFlags } from 'discord-api-types/v10';

describe('the Discord transport', () => {
  let standin: Standin;
  let bot: Bot;
  const lines: string[] = [];
  const logs = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    standin = await startStandin(TEST_STANDIN);
    const base = await startApp({ corpusDir: 'corpus', defaultLang: 'vi' });
    const app: App = {
      ...base,
      commands: new Map([...commands, ...failingCommands.map((c) => [c.data.name, c] as const)]),
    };
    const logger = createLogger({
      level: 'debug',
      secrets: [TEST_APP.token],
      destination: { write: (s: string) => void lines.push(s) },
    });
    app.onError = (err, ref) => logger.error({ err, ref }, 'command failed');
    await deploy(deployPlan(app.commands, TEST_APP), { token: TEST_APP.token, apiBase: standin.restBase });
    bot = new Bot({
      config: {
        token: TEST_APP.token,
        apiBase: standin.restBase,
        moderatorRoleIds: [],
        applicationId: TEST_APP.applicationId,
      },
      app,
      logger,
    });
    await bot.start();
    await standin.waitForReady(60_000);
  });

  afterAll(async () => {
    // Unset when beforeAll failed before creating them.
    await (bot as Bot | undefined)?.stop();
    await (standin as Standin | undefined)?.close();
  });

  it('answers a handler that throws with a private error in the user’s language, its reference in the log', async () => {
    const h = standin.dispatchInteraction(chatInput('boom', {}, { locale: 'vi' }));
    const result = await h.settled();
    expect(result.kind).toBe('message');
    if (result.kind !== 'message') return;
    expect(result.message.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const ref = /mã tham chiếu (\w+)/.exec(result.message.content)?.[1];
    expect(ref).toBeTruthy();
    expect(logs().find((l) => l.msg === 'command failed')).toMatchObject({
      ref,
      err: { message: expect.stringContaining('kaboom') },
    });
    // The interaction line is written after the reply is sent: wait for it (bounded).
    for (let i = 0; i < 100 && !logs().some((l) => l.msg === 'interaction' && l.command === 'boom'); i++)
      await delay(20);
    expect(logs().find((l) => l.msg === 'interaction' && l.command === 'boom')).toMatchObject({
      outcome: 'failed',
      ref,
    });
    expect(lines.join('')).not.toContain(TEST_APP.token);
  });

  it('answers privately with a reference when Discord refuses the reply, and goes on', async () => {
    const h = standin.dispatchInteraction(chatInput('toolong', {}, { locale: 'zh-TW' }));
    const result = await h.settled();
    expect(h.errors.map((e) => e.status)).toEqual([400]);
    expect(result.kind === 'message' && result.message.content).toMatch(/^發生錯誤，參考編號：\w+。$/);
    expect(result.kind === 'message' && result.message.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(logs().some((l) => l.msg === 'interaction failed' && l.ref)).toBe(true);
    const next = await standin.dispatchInteraction(chatInput('sources', {})).settled();
    expect(next.kind).toBe('message');
  });

  it('acknowledges work still running after 1.5 s, then shows the answer', () => expectSlowWorkAcknowledged(standin));

  it('replaces a public "thinking…" whose answer Discord refuses with a private error', () =>
    expectRefusedEditBecomesPrivateError(standin));

  /** `/ask` as a forged client would send it: the stand-in checks nothing of `data`. */
  function forgedAsk(options: unknown[], locale: 'vi' | 'en-US') {
    const real = chatInput('ask', { question: 'x' }, { locale });
    const registered = standin.commands(TEST_APP.guildId).find((c) => c.name === 'ask')!;
    const data = { ...real.data, id: registered.id, type: 1, guild_id: TEST_APP.guildId, options };
    return standin.dispatchInteraction({ ...real, overrides: { data } });
  }

  /** What the member reads of a settled interaction's message (Discord shows `\\(` as `(`). */
  async function shown(h: ReturnType<typeof forgedAsk>): Promise<{ content: string; flags: number }> {
    const result = await h.settled();
    expect(h.errors).toEqual([]);
    if (result.kind !== 'message') throw new Error(`expected a message, got ${result.kind}`);
    return { content: result.message.content.replace(/\\(.)/g, '$1'), flags: result.message.flags ?? 0 };
  }

  it('refuses a forged 20,000-character question privately, in the member’s language', async () => {
    const question = 'Alibaba nắm bao nhiêu cổ phần? '.repeat(700).slice(0, 20_000);
    const reply = await shown(forgedAsk([{ name: 'question', type: 3, value: question }], 'vi'));
    expect(reply).toEqual({ content: '“question” quá dài (tối đa 300 ký tự).', flags: MessageFlags.Ephemeral });
  });

  it('names the question a forged payload left out, never "undefined"', async () => {
    for (const options of [[], [{ name: 'question', type: 3, value: null }]]) {
      const reply = await shown(forgedAsk(options, 'en-US'));
      expect(reply).toEqual({ content: 'Missing required option “question”.', flags: MessageFlags.Ephemeral });
    }
  });

  it('answers a button id that is not ours with a private "no longer valid" in the member’s language', async () => {
    for (const id of ['garbage', 'q2:mv0=:zzzzzzzzzzzzzz:ask:x', 'q2:mv0=:0:corpus:status']) {
      const h = standin.dispatchInteraction(button(id, undefined, { locale: 'zh-TW' }));
      const result = await h.settled();
      expect(h.errors).toEqual([]);
      const message = result.kind === 'message' ? result.message : undefined;
      expect(message?.content, id).toBe('此按鈕已失效，請重新提問。');
      expect(message?.flags, id).toBe(MessageFlags.Ephemeral);
    }
  });

  it(
    'keeps at most a bounded number of members and users cached, however many people ask',
    { timeout: 150_000 },
    async () => {
      const handles = Array.from({ length: 1_100 }, (_, i) =>
        standin.dispatchInteraction(
          chatInput('sources', {}, { userId: String(1_190_000_000_000_000_000n + BigInt(i)) }),
        ),
      );
      await Promise.all(handles.map((h) => h.settled(120_000)));
      expect(bot.client.users.cache.size).toBeLessThanOrEqual(1_001);
      expect(bot.client.guilds.cache.first()!.members.cache.size).toBeLessThanOrEqual(1_001);
    },
  );

  it('finishes what is in flight when stopped, then leaves the gateway', async () => {
    const h = standin.dispatchInteraction(chatInput('slow', {}));
    await h.firstResponse().catch(() => undefined);
    await standin.waitFor(
      () => (bot.busy > 0 ? true : undefined),
      30_000,
      () => 'the slow command to start',
    );
    await bot.stop();
    const result = await h.settled(60_000);
    expect(result.kind === 'message' && result.message.content).toBe('done slowly');
    expect(standin.session?.connected).toBe(false);
    expect(logs().find((l) => l.msg === 'stopped')).toMatchObject({ abandoned: 0 });
  });
});

describe('stopping with work that does not finish', () => {
  it('tells a user still waiting that the bot is restarting, instead of leaving them "thinking…"', async () => {
    const standin = await startStandin(TEST_STANDIN);
    const lines: string[] = [];
    try {
      const base = await startApp({ corpusDir: 'corpus', defaultLang: 'vi' });
      const stuck = testCommand(
        'stuck',
        () =>
          new Promise((resolve) => setTimeout(() => resolve(messageReply('too late', { ui: 'en' })), 6_000).unref()),
      );
      const app: App = { ...base, commands: new Map([...commands, ['stuck', stuck] as const]) };
      await deploy(deployPlan(app.commands, TEST_APP), { token: TEST_APP.token, apiBase: standin.restBase });
      const logger = createLogger({
        level: 'info',
        secrets: [TEST_APP.token],
        destination: { write: (s: string) => void lines.push(s) },
      });
      const bot = new Bot({
        config: { token: TEST_APP.token, apiBase: standin.restBase, moderatorRoleIds: [] },
        app,
        logger,
        drainTimeoutMs: 300,
      });
      await bot.start();
      await standin.waitForReady(60_000);
      const h = standin.dispatchInteraction(chatInput('stuck', {}, { locale: 'zh-CN' }));
      expect((await h.firstResponse()).type).toBe(5);
      await bot.stop();
      const result = await h.settled(60_000);
      expect(result.kind === 'message' && result.message.content).toBe('机器人正在重启，请稍后再试。');
      expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'stopped')).toMatchObject(
        { abandoned: 1 },
      );
    } finally {
      await standin.close();
    }
  });
});
