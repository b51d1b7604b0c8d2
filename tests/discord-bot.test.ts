/**
 * The Discord transport in-process (src/discord/bot.ts), with commands made to fail or to be slow, against the
 * stand-in: what a user sees when a handler throws, when Discord refuses a reply, when work takes longer than
 * Discord's 3 s, and what shutdown does with work in flight. The happy paths run end to end in e2e.test.ts.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.ts';
import { type App, startApp } from '../src/app/runtime.ts';
import type { Command } from '../src/command/contract.ts';
import { Bot } from '../src/discord/bot.ts';
import { deploy, deployPlan } from '../src/discord/deploy.ts';
import { createLogger } from '../src/log.ts';
import { errorReply, messageReply } from '../src/reply/render.ts';
import { TEST_APP, TEST_STANDIN } from './e2e/bot.ts';
import { chatInput, startStandin, type Standin } from './standin/index.ts';
import { MessageFlags } from 'discord-api-types/v10';

/** Test-only commands, each made to go wrong in one way. */
function command(name: string, execute: Command['execute']): Command {
  return { data: { name, description: `test: ${name}` }, execute };
}

const extra: Command[] = [
  command('boom', () => {
    throw new Error(`kaboom with ${TEST_APP.token}`);
  }),
  // Over Discord's 2000-character content limit, built by hand past the reply helpers: Discord answers 400.
  command('toolong', () => ({
    payload: { content: 'x'.repeat(2_001), allowed_mentions: { parse: [] } },
    citations: [],
  })),
  command('slow', async () => {
    await delay(1_900);
    return messageReply('done slowly', { ui: 'en' });
  }),
  command('slowtoolong', async () => {
    await delay(1_900);
    return { payload: { content: 'y'.repeat(2_001), allowed_mentions: { parse: [] } }, citations: [] };
  }),
  command('slowrefusal', async () => {
    await delay(1_900);
    return errorReply('vi', 'noPermission');
  }),
];

describe('the Discord transport', () => {
  let standin: Standin;
  let bot: Bot;
  const lines: string[] = [];
  const logs = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    standin = await startStandin(TEST_STANDIN);
    const base = await startApp({ corpusDir: 'corpus', defaultLang: 'vi' });
    const app: App = { ...base, commands: new Map([...commands, ...extra.map((c) => [c.data.name, c] as const)]) };
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

  it('acknowledges work still running after 1.5 s, then shows the answer', async () => {
    const slow = standin.dispatchInteraction(chatInput('slow', {}));
    const refusal = standin.dispatchInteraction(chatInput('slowrefusal', {}, { locale: 'vi' }));
    const [s] = await Promise.all([slow.settled(), refusal.firstResponse()]);
    expect(slow.callbacks[0]).toMatchObject({ type: 5, status: 204 });
    expect(s.kind === 'message' && s.message.content).toBe('done slowly');
    // A private answer after a public "thinking…": the public one is removed, the answer comes privately.
    await standin.waitFor(
      () => (refusal.followups().length ? true : undefined),
      30_000,
      () => 'the private follow-up',
    );
    expect(refusal.original()).toBeUndefined();
    expect(refusal.followups()[0]).toMatchObject({
      content: 'Chỉ người kiểm duyệt mới làm được việc này.',
      flags: MessageFlags.Ephemeral,
    });
    expect([...slow.errors, ...refusal.errors]).toEqual([]);
  });

  it('replaces a public "thinking…" whose answer Discord refuses with a private error', async () => {
    const h = standin.dispatchInteraction(chatInput('slowtoolong', {}, { locale: 'vi' }));
    expect((await h.firstResponse()).type).toBe(5);
    await standin.waitFor(
      () => (h.followups().length ? true : undefined),
      30_000,
      () => 'the private error',
    );
    expect(h.errors.map((e) => e.status)).toEqual([400]);
    expect(h.original()).toBeUndefined();
    expect(h.loading).toBe(false);
    expect(h.followups()[0]).toMatchObject({
      content: expect.stringMatching(/^Đã xảy ra lỗi; mã tham chiếu \w+\.$/),
      flags: MessageFlags.Ephemeral,
    });
  });

  it('keeps at most a bounded number of members and users cached, however many people ask', async () => {
    const handles = Array.from({ length: 1_100 }, (_, i) =>
      standin.dispatchInteraction(chatInput('sources', {}, { userId: String(1_190_000_000_000_000_000n + BigInt(i)) })),
    );
    await Promise.all(handles.map((h) => h.settled()));
    expect(bot.client.users.cache.size).toBeLessThanOrEqual(1_001);
    expect(bot.client.guilds.cache.first()!.members.cache.size).toBeLessThanOrEqual(1_001);
  });

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
      const stuck = command(
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
