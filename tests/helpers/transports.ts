/**
 * What both Discord transports (the gateway bot, tests/discord-bot.test.ts, and the HTTP endpoint,
 * tests/http-transport.test.ts) must do alike, asserted once: test-only commands made to go wrong in one way
 * each, and the scenarios run against either transport through the stand-in.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { MessageFlags } from 'discord-api-types/v10';
import { expect } from 'vitest';
import type { Command } from '../../src/command/contract.ts';
import { errorReply, messageReply } from '../../src/reply/render.ts';
import { TEST_APP } from '../e2e/bot.ts';
import { chatInput, type Standin } from '../standin/index.ts';

export function testCommand(name: string, execute: Command['execute']): Command {
  return { data: { name, description: `test: ${name}` }, execute };
}

/** A message over Discord's 2000-character content limit, built by hand past the reply helpers. */
const tooLong = (c: string) => ({
  payload: { content: c.repeat(2_001), allowed_mentions: { parse: [] } },
  citations: [],
});

export const failingCommands: Command[] = [
  testCommand('boom', () => {
    throw new Error(`kaboom with ${TEST_APP.token}`);
  }),
  // Discord answers 400.
  testCommand('toolong', () => tooLong('x')),
  testCommand('slow', async () => {
    await delay(1_900);
    return messageReply('done slowly', { ui: 'en' });
  }),
  testCommand('slowtoolong', async () => {
    await delay(1_900);
    return tooLong('y');
  }),
  testCommand('slowrefusal', async () => {
    await delay(1_900);
    return errorReply('vi', 'noPermission');
  }),
];

/**
 * Work still running after 1.5 s is acknowledged ("thinking…", publicly), then the answer replaces it; a private
 * answer after a public "thinking…" removes it and comes as a private follow-up.
 */
export async function expectSlowWorkAcknowledged(standin: Standin): Promise<void> {
  const slow = standin.dispatchInteraction(chatInput('slow', {}));
  const refusal = standin.dispatchInteraction(chatInput('slowrefusal', {}, { locale: 'vi' }));
  const s = await slow.settled(60_000);
  expect(slow.callbacks.map((c) => [c.type, c.status])).toEqual([[5, 204]]);
  expect(s.kind === 'message' && s.message.content).toBe('done slowly');
  await standin.waitFor(
    () => (refusal.followups().length ? true : undefined),
    60_000,
    () => 'the private follow-up',
  );
  expect(refusal.original()).toBeUndefined();
  expect(refusal.followups()[0]).toMatchObject({
    content: 'Chỉ người kiểm duyệt mới làm được việc này.',
    flags: MessageFlags.Ephemeral,
  });
  expect([...slow.errors, ...refusal.errors]).toEqual([]);
}

/** A public "thinking…" whose answer Discord refuses is removed, and a private error with a reference follows. */
export async function expectRefusedEditBecomesPrivateError(standin: Standin): Promise<void> {
  const h = standin.dispatchInteraction(chatInput('slowtoolong', {}, { locale: 'vi' }));
  expect((await h.firstResponse(60_000)).type).toBe(5);
  await standin.waitFor(
    () => (h.followups().length ? true : undefined),
    60_000,
    () => 'the private error',
  );
  expect(h.errors.map((e) => e.status)).toEqual([400]);
  expect(h.original()).toBeUndefined();
  expect(h.loading).toBe(false);
  expect(h.followups()[0]).toMatchObject({
    content: expect.stringMatching(/^Đã xảy ra lỗi; mã tham chiếu \w+\.$/),
    flags: MessageFlags.Ephemeral,
  });
}
