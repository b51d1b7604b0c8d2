/**
 * The answering rules every Discord transport shares (src/app/respond.ts), for a button press that replaces the
 * message pressed: what is sent first, when the update is deferred, and what a failure or a stop sends. The
 * channel here records what a transport would send; the transports themselves are tested end to end against
 * the stand-in (tests/e2e.test.ts, tests/http-transport.test.ts, tests/http-feedback.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { Answered } from '../src/app/feedback.ts';
import { answer, Exchange, InFlight, type ReplyChannel } from '../src/app/respond.ts';
import type { Command, CommandRequest } from '../src/command/contract.ts';
import { errorReply, messageReply } from '../src/reply/render.ts';
import type { CommandReply } from '../src/reply/types.ts';

type Sent = [string, APIInteractionResponseCallbackData?];

function recorder(o: { filesAfterDefer?: boolean } = {}): { channel: ReplyChannel; sent: Sent[] } {
  const sent: Sent[] = [];
  const record =
    (what: string) =>
    (payload?: APIInteractionResponseCallbackData): Promise<void> => {
      sent.push(payload ? [what, payload] : [what]);
      return Promise.resolve();
    };
  return {
    sent,
    channel: {
      reply: record('reply'),
      defer: () => record('defer')(),
      edit: record('edit'),
      remove: () => record('remove')(),
      followUp: record('followUp'),
      update: record('update'),
      deferUpdate: () => record('deferUpdate')(),
      ...o,
    },
  };
}

const PAGE_2 = messageReply('page 2', { ui: 'en' });
const request: CommandRequest = { command: 'ask', options: { question: 'q' }, canModerate: false, offset: 3 };
const commands = (slow: boolean) =>
  new Map<string, Command>([
    [
      'ask',
      {
        data: { name: 'ask', description: 'ask' },
        execute: () => PAGE_2,
        ...(slow ? { slow: () => true } : {}),
      },
    ],
  ]);
const answered = (reply: CommandReply): (() => Promise<Answered>) => {
  return () => Promise.resolve({ reply, sent: () => undefined });
};

describe('a button press answered in place', () => {
  it('updates the message pressed with the answer, as the first response, and sends nothing else', async () => {
    const { channel, sent } = recorder();
    const exchange = new Exchange(channel, 'en-US', undefined, true);
    const log = await answer(commands(false), request, exchange, answered(PAGE_2));
    expect(sent).toEqual([['update', PAGE_2.payload]]);
    expect(log).toEqual({ outcome: 'answered', deferred: false });
  });

  it('defers the update of a slow request, then edits the message pressed', async () => {
    const { channel, sent } = recorder();
    const exchange = new Exchange(channel, 'en-US', undefined, true);
    await answer(commands(true), request, exchange, answered(PAGE_2));
    expect(sent).toEqual([['deferUpdate'], ['edit', PAGE_2.payload]]);
  });

  it('defers the update of an answer with files where the first response cannot carry them', async () => {
    const { channel, sent } = recorder({ filesAfterDefer: true });
    const exchange = new Exchange(channel, 'en-US', undefined, true);
    const chart = { ...PAGE_2, files: [{ name: 'c.png', contentType: 'image/png', data: new Uint8Array([1]) }] };
    await answer(commands(false), request, exchange, answered(chart));
    expect(sent).toEqual([['deferUpdate'], ['edit', PAGE_2.payload]]);
  });

  it('leaves the message pressed as it was when the request is refused, and says why privately', async () => {
    const { channel, sent } = recorder();
    const refusal = errorReply('en', 'buttonInvalid');
    await answer(commands(false), request, new Exchange(channel, 'en-US', undefined, true), answered(refusal));
    expect(sent).toEqual([['reply', refusal.payload]]);
    expect(sent[0]![1]!.flags! & 64).toBe(64);

    const late = recorder();
    await answer(commands(true), request, new Exchange(late.channel, 'en-US', undefined, true), answered(refusal));
    // After a deferred update the error comes beside the message: never an edit of it, never its removal.
    expect(late.sent).toEqual([['deferUpdate'], ['followUp', refusal.payload]]);
  });

  it('tells a member still waiting on a deferred update that the bot is restarting, without touching the message', async () => {
    const { channel, sent } = recorder();
    const inFlight = new InFlight();
    const exchange = new Exchange(channel, 'vi', inFlight, true);
    await exchange.defer(false);
    await inFlight.drain(1_000);
    expect(sent.map(([what]) => what)).toEqual(['deferUpdate', 'followUp']);
    expect(sent[1]![1]!.content).toContain('khởi động lại');
    expect(sent[1]![1]!.flags! & 64).toBe(64);
  });

  it('acknowledges a vote with a deferred update and nothing more', async () => {
    const { channel, sent } = recorder();
    await new Exchange(channel, 'en-US', undefined, false).acknowledge();
    expect(sent).toEqual([['deferUpdate']]);
  });
});
