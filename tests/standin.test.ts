/**
 * Tests of the Discord API v10 stand-in (tests/standin/): first raw HTTP/WebSocket checks of the
 * rules it enforces, then a real discord.js Client logging in and answering interactions.
 */
import { createPublicKey, verify } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants as zconst, inflateSync } from 'node:zlib';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  GatewayIntentBits,
  MessageFlags,
} from 'discord.js';
import type { Interaction } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { autocomplete, button, chatInput, startStandin } from './standin/index.ts';
import type { InteractionHandle, Standin } from './standin/index.ts';

const TOKEN = 'MTE4MDAwMDAwMDAwMDAwMDEwMA.Gstand.in-test-token-not-a-real-secret';
const APP_ID = '1180000000000000100';
const GUILD_ID = '1180000000000000200';

/** A valid command used across tests (localized like the bot's: vi, zh-CN, zh-TW). */
const ASK_COMMAND = {
  name: 'ask',
  description: 'Ask a question about the deal',
  name_localizations: { vi: 'hoi', 'zh-CN': '提问', 'zh-TW': '提問' },
  description_localizations: { vi: 'Đặt câu hỏi về thương vụ', 'zh-CN': '询问交易', 'zh-TW': '詢問交易' },
  options: [
    { type: 3, name: 'question', description: 'Your question', required: true, max_length: 500, autocomplete: true },
    { type: 5, name: 'public', description: 'Show the answer to everyone' },
  ],
};

/** A moderator-only command with a sub-command taking an attachment (like `/corpus add`). */
const CORPUS_COMMAND = {
  name: 'corpus',
  description: 'Manage the article corpus',
  default_member_permissions: '32',
  options: [
    {
      type: 1,
      name: 'add',
      description: 'Add an article',
      options: [{ type: 11, name: 'file', description: 'Article file', required: true }],
    },
  ],
};

// --- small raw helpers ------------------------------------------------------------------------

async function api(
  standin: Standin,
  method: string,
  route: string,
  body?: unknown,
  auth: string | null = `Bot ${TOKEN}`,
): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = {};
  if (auth !== null) headers.authorization = auth;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${standin.restBase}/v10${route}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** A minimal gateway client: collects frames, lets a test wait for one. */
class RawGateway {
  readonly frames: any[] = [];
  readonly ws: WebSocket;
  readonly closed: Promise<number>;
  private wake: (() => void) | undefined;

  constructor(url: string, decode: (data: Buffer, binary: boolean) => any = (d) => JSON.parse(d.toString('utf8'))) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data: Buffer, binary: boolean) => {
      this.frames.push(decode(data, binary));
      this.wake?.();
    });
    this.closed = new Promise((resolve) => this.ws.on('close', (code) => resolve(code)));
    this.ws.on('error', () => undefined);
  }

  async next(pred: (f: any) => boolean, timeoutMs = 2000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(pred);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching gateway frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => [f.op, f.t]))}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  send(payload: unknown): void {
    this.ws.send(JSON.stringify(payload));
  }

  identify(token = TOKEN, intents = 1): void {
    this.send({ op: 2, d: { token, intents, properties: { os: 'linux', browser: 'raw', device: 'raw' } } });
  }

  close(): void {
    this.ws.terminate();
  }
}

async function rawSession(standin: Standin): Promise<RawGateway> {
  const gw = new RawGateway(`${standin.gatewayUrl}?v=10&encoding=json`);
  await gw.next((f) => f.op === 10);
  gw.identify();
  await gw.next((f) => f.t === 'GUILD_CREATE');
  return gw;
}

async function callback(
  standin: Standin,
  id: string,
  token: string,
  body: unknown,
  query = '',
): Promise<{ status: number; json: any }> {
  return api(standin, 'POST', `/interactions/${id}/${token}/callback${query}`, body, null);
}

// --- 1. raw HTTP / WebSocket ------------------------------------------------------------------

describe('the stand-in, spoken to over raw HTTP and WebSocket', () => {
  let standin: Standin;
  let gw: RawGateway | undefined;

  beforeAll(async () => {
    standin = await startStandin({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID });
  });
  afterEach(() => {
    gw?.close();
    gw = undefined;
  });
  afterAll(async () => {
    await standin.close();
  });

  it("answers 401 with Discord's body when the bot token is wrong or missing", async () => {
    for (const auth of [`Bot wrong-${TOKEN}`, null, `Bearer ${TOKEN}`]) {
      const res = await api(standin, 'GET', '/gateway/bot', undefined, auth);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ code: 0, message: '401: Unauthorized' });
    }
  });

  it('hands out its own gateway URL, one shard and session limits on GET /gateway/bot', async () => {
    const res = await api(standin, 'GET', '/gateway/bot');
    expect(res.status).toBe(200);
    expect(res.json.url).toBe(standin.gatewayUrl);
    expect(res.json.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    expect(res.json.shards).toBe(1);
    expect(res.json.session_start_limit).toMatchObject({ max_concurrency: 1 });
  });

  it('answers unknown routes with 404 and non-v10 paths with an API version error', async () => {
    expect(await api(standin, 'GET', '/nothing/here')).toEqual({
      status: 404,
      json: { code: 0, message: '404: Not Found' },
    });
    const res = await fetch(`${standin.restBase}/v9/gateway`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: number }).code).toBe(50041);
  });

  it('rejects an invalid command definition with 400 Invalid Form Body naming each field', async () => {
    const res = await api(standin, 'PUT', `/applications/${APP_ID}/commands`, [
      {
        name: 'Ask Me',
        description: 'x'.repeat(101),
        name_localizations: { zh: '提问', vi: 'Hỏi' },
        options: [
          { type: 3, name: 'topic', description: 'optional first' },
          {
            type: 3,
            name: 'question',
            description: 'required after optional',
            required: true,
            autocomplete: true,
            choices: [{ name: 'a', value: 'a' }],
          },
          { type: 3, name: 'limit', description: 'bad range', min_length: 7000 },
        ],
      },
    ]);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe(50035);
    expect(res.json.message).toBe('Invalid Form Body');
    const e = res.json.errors['0'];
    expect(e.name._errors[0].code).toBe('APPLICATION_COMMAND_INVALID_NAME');
    expect(e.description._errors[0].code).toBe('BASE_TYPE_BAD_LENGTH');
    expect(e.name_localizations.zh._errors[0].code).toBe('ENUM_TYPE_COERCE');
    expect(e.name_localizations.vi._errors[0].code).toBe('APPLICATION_COMMAND_INVALID_NAME'); // not lowercase
    expect(e.options['1'].required._errors[0].code).toBe('APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID');
    expect(e.options['1'].autocomplete._errors[0].code).toBe('APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID');
    expect(e.options['2'].min_length._errors[0].code).toBe('NUMBER_TYPE_MAX');
    expect(standin.commands()).toEqual([]);
  });

  it('rejects more than 25 options and more than 100 global commands', async () => {
    const options = Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'd' }));
    const many = await api(standin, 'PUT', `/applications/${APP_ID}/commands`, [
      { name: 'many', description: 'd', options },
    ]);
    expect(many.json.errors['0'].options._errors[0].code).toBe('BASE_TYPE_MAX_LENGTH');
    const commands = Array.from({ length: 101 }, (_, i) => ({ name: `c${i}`, description: 'd' }));
    const tooMany = await api(standin, 'PUT', `/applications/${APP_ID}/commands`, commands);
    expect(tooMany).toMatchObject({ status: 400, json: { code: 30032 } });
  });

  it('stores a valid bulk overwrite (global and per guild) and keeps command ids across overwrites', async () => {
    const first = await api(standin, 'PUT', `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, [ASK_COMMAND]);
    expect(first.status).toBe(200);
    const again = await api(standin, 'PUT', `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, [ASK_COMMAND]);
    expect(again.json[0].id).toBe(first.json[0].id);
    expect(again.json[0].version).toBe(first.json[0].version);
    expect(standin.commands(GUILD_ID)[0]).toMatchObject({
      name: 'ask',
      guild_id: GUILD_ID,
      application_id: APP_ID,
      name_localizations: { 'zh-TW': '提問' },
    });
    expect(standin.commands()).toEqual([]);
    expect((await api(standin, 'GET', `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`)).json).toHaveLength(1);
    expect((await api(standin, 'PUT', `/applications/${APP_ID}/guilds/999/commands`, [])).status).toBe(403);
    await api(standin, 'PUT', `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, []);
  });

  it('closes the gateway with 4004 when IDENTIFY carries a wrong token, and 4014 for privileged intents', async () => {
    const bad = new RawGateway(`${standin.gatewayUrl}?v=10&encoding=json`);
    await bad.next((f) => f.op === 10);
    bad.identify('not-the-token');
    expect(await bad.closed).toBe(4004);
    const greedy = new RawGateway(`${standin.gatewayUrl}?v=10&encoding=json`);
    await greedy.next((f) => f.op === 10);
    greedy.identify(TOKEN, GatewayIntentBits.Guilds | GatewayIntentBits.MessageContent);
    expect(await greedy.closed).toBe(4014);
    expect(standin.identifies.slice(-2).map((i) => i.accepted)).toEqual([false, false]);
  });

  it('sends READY then GUILD_CREATE with sequence numbers and acknowledges heartbeats', async () => {
    gw = await rawSession(standin);
    const ready = await gw.next((f) => f.t === 'READY');
    expect(ready.s).toBe(1);
    expect(ready.d).toMatchObject({
      v: 10,
      user: { bot: true },
      guilds: [{ id: GUILD_ID, unavailable: true }],
      application: { id: APP_ID },
    });
    expect(ready.d.resume_gateway_url).toMatch(/^ws:\/\/127\.0\.0\.1:/);
    expect((await gw.next((f) => f.t === 'GUILD_CREATE')).s).toBe(2);
    gw.send({ op: 1, d: 2 });
    await gw.next((f) => f.op === 11);
  });

  it('replays missed dispatches on RESUME, ends with RESUMED, and refuses a bad resume with op 9', async () => {
    gw = await rawSession(standin);
    const ready = await gw.next((f) => f.t === 'READY');
    await standin.dropGateway('terminate');
    const missed = standin.dispatchInteraction(chatInput('ping'));
    const again = new RawGateway(`${ready.d.resume_gateway_url}?v=10&encoding=json`);
    try {
      await again.next((f) => f.op === 10);
      again.send({ op: 6, d: { token: TOKEN, session_id: ready.d.session_id, seq: 2 } });
      const replayed = await again.next((f) => f.t === 'INTERACTION_CREATE');
      expect(replayed.d.id).toBe(missed.id);
      expect(replayed.s).toBe(3);
      expect((await again.next((f) => f.t === 'RESUMED')).s).toBe(4);
      expect(standin.resumes).toBe(1);
    } finally {
      again.close();
    }
    const stranger = new RawGateway(`${standin.gatewayUrl}?v=10&encoding=json`);
    try {
      await stranger.next((f) => f.op === 10);
      stranger.send({ op: 6, d: { token: TOKEN, session_id: 'no-such-session', seq: 1 } });
      expect((await stranger.next((f) => f.op === 9)).d).toBe(false);
    } finally {
      stranger.close();
    }
  });

  it('speaks zlib-stream transport compression when the client asks for it', async () => {
    const chunks: Buffer[] = [];
    let seen = 0;
    const z = new RawGateway(`${standin.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`, (data, binary) => {
      expect(binary).toBe(true);
      expect([...data.subarray(-4)]).toEqual([0x00, 0x00, 0xff, 0xff]);
      chunks.push(data);
      // One shared zlib context: inflate everything so far, the new bytes are the new payload.
      const all = inflateSync(Buffer.concat(chunks), { finishFlush: zconst.Z_SYNC_FLUSH });
      const text = all.subarray(seen).toString('utf8');
      seen = all.length;
      return JSON.parse(text);
    });
    try {
      const hello = await z.next((f) => f?.op === 10);
      expect(hello.d.heartbeat_interval).toBe(41_250);
    } finally {
      z.close();
    }
  });

  it('dispatches interactions with complete payloads (member, permissions, locales, channel)', async () => {
    gw = await rawSession(standin);
    const plain = standin.dispatchInteraction(chatInput('ask', { question: 'giá?' }, { locale: 'vi' }));
    const mod = standin.dispatchInteraction(
      chatInput('ask', { question: '价格?' }, { locale: 'zh-CN', moderator: true }),
    );
    const p = plain.payload as any;
    expect(p).toMatchObject({
      application_id: APP_ID,
      type: 2,
      guild_id: GUILD_ID,
      version: 1,
      locale: 'vi',
      guild_locale: 'en-US',
      entitlements: [],
      context: 0,
    });
    expect(p.channel).toMatchObject({ id: standin.world.channelId, type: 0 });
    expect(p.data.options).toEqual([{ name: 'question', type: 3, value: 'giá?' }]);
    expect(BigInt(p.member.permissions) & (1n << 5n)).toBe(0n);
    expect(BigInt((mod.payload as any).member.permissions) & (1n << 5n)).toBe(1n << 5n);
    expect((mod.payload as any).member.roles).toContain(standin.world.moderatorRoleId);
    const sent = await gw.next((f) => f.t === 'INTERACTION_CREATE' && f.d.id === mod.id);
    expect(sent.d.token).toBe(mod.token);
  });

  it('counts message lengths in code points and rejects an over-long embed with the field path', async () => {
    gw = await rawSession(standin);
    const ok = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    const emoji2000 = '😀'.repeat(2000); // 4000 UTF-16 units, 2000 code points
    expect((await callback(standin, ok.id, ok.token, { type: 4, data: { content: emoji2000 } })).status).toBe(204);

    const long = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    const res = await callback(standin, long.id, long.token, {
      type: 4,
      data: { embeds: [{ title: 't'.repeat(257), fields: [{ name: 'n', value: '' }] }] },
    });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe(50035);
    expect(res.json.errors.data.embeds['0'].title._errors[0].code).toBe('BASE_TYPE_MAX_LENGTH');
    expect(res.json.errors.data.embeds['0'].fields['0'].value._errors[0].code).toBe('BASE_TYPE_REQUIRED');
    expect(long.errors[0]?.details.join('\n')).toContain('data.embeds.0.title');

    const total = await callback(standin, long.id, long.token, {
      type: 4,
      data: { embeds: [0, 1].map(() => ({ description: 'd'.repeat(3001) })) },
    });
    expect(total.json.errors.data.embeds._errors[0].message).toContain('6000');
    expect(long.acknowledged).toBe(false);
  });

  it('rejects an empty message, bad components and contradictory allowed_mentions', async () => {
    gw = await rawSession(standin);
    const h = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    expect((await callback(standin, h.id, h.token, { type: 4, data: { content: '   ' } })).json).toEqual({
      code: 50006,
      message: 'Cannot send an empty message',
    });
    const buttons = Array.from({ length: 6 }, (_, i) => ({ type: 2, style: 1, label: 'b', custom_id: `b${i}` }));
    const res = await callback(standin, h.id, h.token, {
      type: 4,
      data: {
        content: 'x',
        components: [
          { type: 1, components: buttons },
          { type: 1, components: [{ type: 2, style: 5, label: 'l', custom_id: 'x', url: 'https://example.com' }] },
        ],
        allowed_mentions: { parse: ['users'], users: ['1'] },
      },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors.data.components['0'].components._errors[0].code).toBe('BASE_TYPE_BAD_LENGTH');
    expect(res.json.errors.data.components['1'].components['0'].custom_id._errors[0].code).toBe(
      'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
    );
    expect(res.json.errors.data.allowed_mentions.parse._errors[0].code).toBe(
      'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
    );
  });

  it('accepts exactly one callback: a second one gets 40060', async () => {
    gw = await rawSession(standin);
    const h = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    const first = await callback(
      standin,
      h.id,
      h.token,
      { type: 4, data: { content: 'one', allowed_mentions: { parse: [] } } },
      '?with_response=true',
    );
    expect(first.status).toBe(200);
    expect(first.json.resource.message.content).toBe('one');
    const second = await callback(standin, h.id, h.token, { type: 4, data: { content: 'two' } });
    expect(second).toEqual({
      status: 400,
      json: { code: 40060, message: 'Interaction has already been acknowledged.' },
    });
    expect(h.original()?.content).toBe('one');
    expect(h.errors.map((e) => e.code)).toEqual([40060]);
    expect((await callback(standin, '1', 'nope', { type: 4, data: { content: 'x' } })).json.code).toBe(10062);
  });

  it('only lets a defer set the ephemeral flag, and only autocomplete interactions get choices', async () => {
    gw = await rawSession(standin);
    const h = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    expect((await callback(standin, h.id, h.token, { type: 5, data: { flags: 4 } })).status).toBe(400);
    expect(
      (await callback(standin, h.id, h.token, { type: 8, data: { choices: [] } })).json.errors.type._errors[0].code,
    ).toBe('INTERACTION_CALLBACK_TYPE_INVALID');
    expect((await callback(standin, h.id, h.token, { type: 7, data: { content: 'x' } })).status).toBe(400);

    const ac = standin.dispatchInteraction(autocomplete('ask', { question: 'gi' }, 'question'));
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `v${i}` }));
    expect(
      (await callback(standin, ac.id, ac.token, { type: 8, data: { choices } })).json.errors.data.choices._errors[0]
        .code,
    ).toBe('BASE_TYPE_MAX_LENGTH');
    expect(
      (await callback(standin, ac.id, ac.token, { type: 8, data: { choices: choices.slice(0, 25) } })).status,
    ).toBe(204);
    expect(await ac.settled(1000)).toMatchObject({
      kind: 'autocomplete',
      choices: expect.arrayContaining([{ name: 'c0', value: 'v0' }]),
    });
  });

  it('keeps the webhook closed before the first callback and opens it after a defer', async () => {
    gw = await rawSession(standin);
    const h = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    const early = await api(
      standin,
      'PATCH',
      `/webhooks/${APP_ID}/${h.token}/messages/@original`,
      { content: 'too early' },
      null,
    );
    expect(early).toEqual({ status: 404, json: { code: 10015, message: 'Unknown Webhook' } });
    expect((await callback(standin, h.id, h.token, { type: 5, data: { flags: 64 } })).status).toBe(204);
    expect(h.loading).toBe(true);
    expect(h.original()).toBeUndefined();
    const edit = await api(
      standin,
      'PATCH',
      `/webhooks/${APP_ID}/${h.token}/messages/@original`,
      { content: 'answer' },
      null,
    );
    expect(edit.status).toBe(200);
    expect(edit.json.flags & 64).toBe(64);
    const follow = await api(standin, 'POST', `/webhooks/${APP_ID}/${h.token}?wait=true`, { content: 'more' }, null);
    expect(follow.status).toBe(200);
    expect(h.followups().map((m) => m.content)).toEqual(['more']);
    expect((await h.settled(1000)).kind).toBe('message');
    expect(h.original()?.content).toBe('answer');
  });

  it('lets a component interaction defer its update (type 6) and then edit the message it sits on', async () => {
    gw = await rawSession(standin);
    const click = standin.dispatchInteraction(button('page:2'));
    const source = (click.payload as any).message;
    expect((await callback(standin, click.id, click.token, { type: 6 })).status).toBe(204);
    const pending = click.settled(2000);
    const edit = await api(
      standin,
      'PATCH',
      `/webhooks/${APP_ID}/${click.token}/messages/@original`,
      { content: 'page 2', components: [] },
      null,
    );
    expect(edit.json).toMatchObject({ id: source.id, content: 'page 2' });
    expect(await pending).toMatchObject({
      kind: 'message',
      callbackType: 6,
      message: { id: source.id, content: 'page 2' },
    });
  });

  it('keeps the messages interactions post: a button update changes the one pressed, under its id, and adds none', async () => {
    gw = await rawSession(standin);
    const components = [{ type: 1, components: [{ type: 2, style: 1, label: 'More', custom_id: 'more:1' }] }];
    const ask = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    expect(
      (await callback(standin, ask.id, ask.token, { type: 4, data: { content: 'page 1', components } })).status,
    ).toBe(204);
    const page1 = ask.original()!;
    const posted = standin.interactionMessages();
    expect(posted.map((m) => m.id)).toContain(page1.id);

    const more = standin.dispatchInteraction(button('more:1', page1));
    const update = { type: 7, data: { content: 'page 2', components } };
    expect((await callback(standin, more.id, more.token, update)).status).toBe(204);
    expect(ask.original()).toMatchObject({ id: page1.id, content: 'page 2' });
    expect(more.original()).toEqual(ask.original());

    // Pressed again from the same (now old) view: the update applies to the message as it is now.
    const again = standin.dispatchInteraction(button('more:1', page1));
    expect((await callback(standin, again.id, again.token, { type: 6 })).status).toBe(204);
    expect(again.original()?.content).toBe('page 2');
    const edit = await api(
      standin,
      'PATCH',
      `/webhooks/${APP_ID}/${again.token}/messages/@original`,
      { content: 'page 3', components: [] },
      null,
    );
    expect(edit.json).toMatchObject({ id: page1.id, content: 'page 3' });
    expect(ask.original()).toMatchObject({ id: page1.id, content: 'page 3', components: [] });
    expect(standin.interactionMessages().map((m) => m.id)).toEqual(posted.map((m) => m.id));
    expect(standin.interactionMessages().find((m) => m.id === page1.id)?.content).toBe('page 3');
  });

  it('refuses an update or an edit that would make a public message ephemeral', async () => {
    gw = await rawSession(standin);
    const components = [{ type: 1, components: [{ type: 2, style: 1, label: 'More', custom_id: 'more:1' }] }];
    const ask = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    await callback(standin, ask.id, ask.token, { type: 4, data: { content: 'public', components } });
    const press = standin.dispatchInteraction(button('more:1', ask.original()));
    const refused = await callback(standin, press.id, press.token, {
      type: 7,
      data: { content: 'secret', flags: 64 },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.errors.data.flags._errors[0].code).toBe('MESSAGE_FLAGS_INVALID');
    expect(press.acknowledged).toBe(false);
    expect(ask.original()?.content).toBe('public');
    expect((await callback(standin, press.id, press.token, { type: 6 })).status).toBe(204);
    const edit = await api(
      standin,
      'PATCH',
      `/webhooks/${APP_ID}/${press.token}/messages/@original`,
      { content: 'secret', flags: 64 },
      null,
    );
    expect(edit.status).toBe(400);
    expect(ask.original()?.content).toBe('public');

    // A private message stays private: an update may say so again.
    const hidden = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    await callback(standin, hidden.id, hidden.token, { type: 4, data: { content: 'mine', components, flags: 64 } });
    const own = standin.dispatchInteraction(button('more:1', hidden.original()));
    expect(
      (await callback(standin, own.id, own.token, { type: 7, data: { content: 'still mine', flags: 64 } })).status,
    ).toBe(204);
    expect(hidden.original()).toMatchObject({ content: 'still mine', flags: 64 });
  });

  it('warns when embeds of one message share a url (Discord merges them)', async () => {
    gw = await rawSession(standin);
    const h = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    const embeds = [
      { title: 'a', url: 'https://example.com/x' },
      { title: 'b', url: 'https://example.com/x' },
    ];
    expect((await callback(standin, h.id, h.token, { type: 4, data: { embeds } })).status).toBe(204);
    expect(h.warnings[0]).toMatch(/same url \(https:\/\/example\.com\/x\)/);
  });

  it('serves attachments it was given and their bytes', async () => {
    const file = standin.serveAttachment('bài báo.txt', 'Nội dung bài báo', 'text/plain; charset=utf-8');
    expect(file.size).toBe(Buffer.byteLength('Nội dung bài báo'));
    const res = await fetch(file.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('Nội dung bài báo');
    const h = chatInput('add', { file });
    expect(h.data.resolved).toEqual({ attachments: { [file.id]: file } });
  });
});

describe('the stand-in with a short callback deadline', () => {
  let standin: Standin;
  let gw: RawGateway | undefined;

  beforeAll(async () => {
    standin = await startStandin({
      token: TOKEN,
      applicationId: APP_ID,
      guildId: GUILD_ID,
      callbackDeadlineMs: 300,
      tokenLifetimeMs: 600,
    });
  });
  afterAll(async () => {
    gw?.close();
    await standin.close();
  });

  it('answers a first callback after the deadline with 10062 Unknown interaction and kills the token', async () => {
    gw = await rawSession(standin);
    const h = standin.dispatchInteraction(chatInput('ask', { question: 'slow' }));
    await expect(h.firstResponse()).rejects.toThrow(/no accepted callback within 300 ms/);
    const late = await callback(standin, h.id, h.token, { type: 4, data: { content: 'late' } });
    expect(late).toEqual({ status: 404, json: { code: 10062, message: 'Unknown interaction' } });
    expect(h.failed).toBe(true);
    expect(h.errors[0]?.details[0]).toMatch(/after dispatch; the deadline is 300 ms/);
    const follow = await api(standin, 'POST', `/webhooks/${APP_ID}/${h.token}`, { content: 'x' }, null);
    expect(follow.json.code).toBe(10015);
  });

  it('refuses webhook edits once the interaction token has expired', async () => {
    gw ??= await rawSession(standin);
    const h = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    expect((await callback(standin, h.id, h.token, { type: 5 })).status).toBe(204);
    await new Promise((r) => setTimeout(r, 650));
    const late = await api(
      standin,
      'PATCH',
      `/webhooks/${APP_ID}/${h.token}/messages/@original`,
      { content: 'too late' },
      null,
    );
    expect(late).toEqual({ status: 401, json: { code: 50027, message: 'Invalid Webhook Token' } });
  });
});

// --- 2. a real discord.js client ------------------------------------------------------------

describe('a real discord.js client logged in to the stand-in', () => {
  let standin: Standin;
  let client: Client | undefined;

  beforeAll(async () => {
    standin = await startStandin({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID });
  });
  afterEach(async () => {
    await client?.destroy();
    client = undefined;
  });
  afterAll(async () => {
    await standin.close();
  });

  async function login(onInteraction?: (i: Interaction) => Promise<void>): Promise<Client> {
    const c = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standin.restBase } });
    client = c;
    if (onInteraction)
      c.on('interactionCreate', (i) => void onInteraction(i).catch((e: unknown) => c.emit('error', e as Error)));
    const ready = once(c, 'clientReady');
    await c.login(TOKEN);
    await Promise.race([
      ready,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no clientReady within 60 s')), 60_000).unref()),
    ]);
    await standin.waitForReady(60_000);
    return c;
  }

  it('logs in with only the Guilds intent, sees the guild, and never puts the token in a body', async () => {
    const before = standin.identifies.length;
    const c = await login();
    expect(standin.identifies.length).toBe(before + 1);
    expect(standin.identifies.at(-1)).toMatchObject({
      token: TOKEN,
      intents: GatewayIntentBits.Guilds,
      accepted: true,
    });
    expect(c.guilds.cache.get(GUILD_ID)?.name).toBe('Stand-in Guild');
    expect(c.application?.id).toBe(APP_ID);
    const gatewayBot = standin.requests.find((r) => r.path === '/api/v10/gateway/bot');
    expect(gatewayBot?.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(standin.connections.at(-1)?.url).toBe('/gateway?v=10&encoding=json');
    await c.application?.commands.set([ASK_COMMAND, CORPUS_COMMAND], GUILD_ID);
    expect(standin.commands(GUILD_ID).map((cmd) => cmd.name)).toEqual(['ask', 'corpus']);
    expect(standin.commands(GUILD_ID)[1]?.default_member_permissions).toBe('32');
    expect(standin.requests.every((r) => !r.body.includes(TOKEN))).toBe(true);
  });

  it('delivers a chat-input command and records the embed reply', async () => {
    let seen: { question: string | null; locale: string; isModerator: boolean | undefined } | undefined;
    await login(async (i) => {
      if (!i.isChatInputCommand()) return;
      seen = {
        question: i.options.getString('question'),
        locale: i.locale,
        isModerator: i.memberPermissions?.has('ManageGuild'),
      };
      await i.reply({
        embeds: [
          new EmbedBuilder().setTitle('Trả lời').setDescription('“Giá là 10 tỷ.”').setURL('https://example.com/a'),
        ],
        allowedMentions: { parse: [] },
      });
    });
    const h = standin.dispatchInteraction(chatInput('ask', { question: 'Giá bao nhiêu?' }, { locale: 'vi' }));
    const result = await h.settled(3000);
    expect(seen).toEqual({ question: 'Giá bao nhiêu?', locale: 'vi', isModerator: false });
    expect(result.kind).toBe('message');
    const first = await h.firstResponse();
    expect(first.type).toBe(4);
    expect(first.at).toBeLessThan(3000);
    expect(first.data.allowed_mentions).toEqual({ parse: [] });
    expect(h.original()?.embeds[0]).toMatchObject({ title: 'Trả lời', description: '“Giá là 10 tỷ.”', type: 'rich' });
    expect(h.errors).toEqual([]);
    expect(h.warnings).toEqual([]);
    expect(h.sentBodies.map((b) => b.body.allowed_mentions)).toEqual([{ parse: [] }]);
  });

  it('supports a deferred ephemeral reply followed by editReply', async () => {
    await login(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await new Promise((r) => setTimeout(r, 50));
      await i.editReply({ content: 'Đã xong', allowedMentions: { parse: [] } });
    });
    const h = standin.dispatchInteraction(chatInput('ask', { question: 'q' }, { moderator: true }));
    const result = await h.settled(3000);
    expect(result).toMatchObject({ kind: 'message', callbackType: 5 });
    expect(h.original()?.content).toBe('Đã xong');
    expect((h.original()?.flags ?? 0) & 64).toBe(64);
    expect(h.loading).toBe(false);
  });

  it('surfaces an over-long embed as a DiscordAPIError 50035 to the bot and on the handle', async () => {
    let caught: unknown;
    await login(async (i) => {
      if (!i.isChatInputCommand()) return;
      try {
        await i.reply({ embeds: [{ title: 'x'.repeat(257) }] });
      } catch (e) {
        caught = e;
        await i.reply({ content: 'fallback' });
      }
    });
    const h = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    await h.settled(3000);
    expect(caught).toBeInstanceOf(DiscordAPIError);
    expect((caught as DiscordAPIError).code).toBe(50035);
    expect(h.errors[0]?.details).toEqual(['data.embeds.0.title: BASE_TYPE_MAX_LENGTH Must be 256 or fewer in length.']);
    expect(h.original()?.content).toBe('fallback');
  });

  it("delivers a button click on the bot's own message and records interaction.update", async () => {
    await login(async (i) => {
      if (i.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('more:1').setLabel('Thêm').setStyle(ButtonStyle.Primary),
        );
        await i.reply({ content: 'page 1', components: [row] });
      } else if (i.isButton()) {
        await i.update({ content: `page 2 (${i.customId})`, components: [] });
      }
    });
    const cmd = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    await cmd.settled(3000);
    const message = cmd.original();
    expect(message).toBeDefined();
    expect(() => button('nope', message)).toThrow(/no component with custom_id "nope"/);
    const click = standin.dispatchInteraction(button('more:1', message));
    const result = await click.settled(3000);
    expect(result).toMatchObject({ kind: 'message', callbackType: 7 });
    expect(click.original()).toMatchObject({ id: message?.id, content: 'page 2 (more:1)', components: [] });
  });

  it('hands a sub-command its attachment, which the bot can download, and accepts a multipart reply with a file', async () => {
    await login(async (i) => {
      if (!i.isChatInputCommand() || i.options.getSubcommand() !== 'add') return;
      if (!i.memberPermissions?.has('ManageGuild')) {
        await i.reply({ content: 'moderators only', flags: MessageFlags.Ephemeral });
        return;
      }
      await i.deferReply();
      const file = i.options.getAttachment('file', true);
      const text = await (await fetch(file.url)).text();
      await i.editReply({
        content: `added ${file.name} (${text.length} chars)`,
        files: [{ attachment: Buffer.from(text.toUpperCase()), name: 'echo.txt' }],
      });
    });
    const file = standin.serveAttachment('bài-1.txt', 'Tập đoàn A mua lại B', 'text/plain');
    const h = standin.dispatchInteraction(chatInput('corpus', { file }, { subcommand: 'add', moderator: true }));
    await h.settled(3000);
    expect(h.warnings).toEqual([]);
    expect(h.original()?.content).toBe('added bài-1.txt (20 chars)');
    const echoed = h.original()?.attachments[0];
    expect(echoed?.filename).toBe('echo.txt');
    expect(await (await fetch(echoed?.url ?? '')).text()).toBe('TẬP ĐOÀN A MUA LẠI B');
    expect(
      standin.requests.some(
        (r) => r.headers['content-type']?.startsWith('multipart/form-data') && r.body.includes('payload_json'),
      ),
    ).toBe(true);

    const plain = standin.dispatchInteraction(chatInput('corpus', { file }, { subcommand: 'add' }));
    expect(plain.warnings[0]).toMatch(/lacks \/corpus's default_member_permissions/);
    await plain.settled(3000);
    expect(plain.original()).toMatchObject({ content: 'moderators only', flags: 64 });
    expect(() => standin.dispatchInteraction(chatInput('corpus', {}, { subcommand: 'add', moderator: true }))).toThrow(
      /required option "file" is missing/,
    );
  });

  it('delivers autocomplete and records interaction.respond choices', async () => {
    await login(async (i) => {
      if (!i.isAutocomplete()) return;
      const typed = i.options.getFocused();
      await i.respond([{ name: `${typed} là gì?`, value: `${typed}-1` }]);
    });
    const h = standin.dispatchInteraction(autocomplete('ask', { question: 'giá' }, 'question', { locale: 'vi' }));
    expect(await h.settled(3000)).toEqual({ kind: 'autocomplete', choices: [{ name: 'giá là gì?', value: 'giá-1' }] });
    expect(() => standin.dispatchInteraction(chatInput('ask', { question: 'q', unknown: 'x' }))).toThrow(
      /unknown option "unknown"/,
    );
    expect(() => standin.dispatchInteraction(chatInput('nosuch'))).toThrow(/not a registered command/);
  });

  it('resumes after dropGateway, replays what it missed, and keeps receiving interactions', async () => {
    const answered: string[] = [];
    await login(async (i) => {
      if (!i.isChatInputCommand()) return;
      answered.push(i.options.getString('question') ?? '');
      await i.reply({ content: 'ok', allowedMentions: { parse: [] } });
    });
    const resumesBefore = standin.resumes;
    const identifiesBefore = standin.identifies.length;
    await standin.dropGateway();
    const missed = standin.dispatchInteraction(chatInput('ask', { question: 'while away' }));
    await standin.waitForResumes(resumesBefore + 1, 60_000);
    expect(standin.resumes).toBe(resumesBefore + 1);
    expect(standin.identifies.length).toBe(identifiesBefore);
    expect(standin.connections.at(-1)?.url).toBe('/gateway-resume?v=10&encoding=json');
    await missed.settled(3000);
    const later = standin.dispatchInteraction(chatInput('ask', { question: 'after resume' }));
    await later.settled(3000);
    expect(answered).toEqual(['while away', 'after resume']);
  });
});

// --- 3. HTTP mode: interactions POSTed to an Interactions Endpoint -----------------------------------------------

/** What a test endpoint answers: a status and a body (JSON unless a string with its content type). */
interface EndpointAnswer {
  status?: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  delayMs?: number;
  /** Never answer (the connection is left open). */
  hang?: boolean;
}

/** A minimal Interactions Endpoint on 127.0.0.1 that records what it got and answers as `answer` says. */
async function testEndpoint(answer: (body: any) => EndpointAnswer) {
  const received: Array<{ headers: Record<string, string | string[] | undefined>; raw: Buffer; body: any }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let body: any;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = undefined;
      }
      received.push({ headers: req.headers, raw, body });
      const a = answer(body);
      if (a.hang) return;
      setTimeout(() => {
        const text = a.text ?? JSON.stringify(a.json ?? {});
        res.writeHead(a.status ?? 200, { 'content-type': a.contentType ?? 'application/json' });
        res.end(text);
      }, a.delayMs ?? 0);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/interactions`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Checks a signature the way an application does, from the raw public key as JWK (not as the stand-in signs). */
function verifiedBy(publicKeyHex: string, headers: Record<string, string | string[] | undefined>, raw: Buffer) {
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') },
    format: 'jwk',
  });
  const signature = String(headers['x-signature-ed25519'] ?? '');
  const timestamp = String(headers['x-signature-timestamp'] ?? '');
  if (!signature || !timestamp) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp), raw]), key, Buffer.from(signature, 'hex'));
}

/** Wait (bounded) until the stand-in has refused something about `h`. */
function refused(standin: Standin, h: InteractionHandle): Promise<true> {
  return standin.waitFor(
    () => (h.errors.length ? true : undefined),
    10_000,
    () => `a refusal about ${h.describe()}`,
  );
}

describe('the stand-in in HTTP mode', () => {
  let standin: Standin;
  let answer: (body: any) => EndpointAnswer = () => ({ json: { type: 1 } });
  let endpoint: Awaited<ReturnType<typeof testEndpoint>>;

  beforeAll(async () => {
    endpoint = await testEndpoint((body) => answer(body));
    standin = await startStandin({
      token: TOKEN,
      applicationId: APP_ID,
      guildId: GUILD_ID,
      interactionsUrl: endpoint.url,
      callbackDeadlineMs: 60_000,
    });
  });
  afterAll(async () => {
    await standin.close();
    await endpoint.close();
  });

  it('POSTs each interaction signed with its key over timestamp + body, with the headers Discord sends', async () => {
    answer = () => ({ json: { type: 4, data: { content: 'hi', allowed_mentions: { parse: [] } } } });
    const h = standin.dispatchInteraction(chatInput('ask', { question: 'q' }, { locale: 'vi' }));
    await h.settled(10_000);
    const got = endpoint.received.at(-1)!;
    expect(verifiedBy(standin.publicKey, got.headers, got.raw)).toBe(true);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['user-agent']).toMatch(/^Discord-Interactions\//);
    expect(Number(got.headers['x-signature-timestamp'])).toBeGreaterThan(1_600_000_000);
    expect(got.body).toMatchObject({ id: h.id, token: h.token, type: 2, locale: 'vi', data: { name: 'ask' } });
    // Nothing went over the gateway: no client is even connected.
    expect(standin.session).toBeUndefined();
  });

  it('sends a prepared interaction as made and signed beforehand, once, its deadline running from the send', async () => {
    answer = () => ({ json: { type: 4, data: { content: 'hi', allowed_mentions: { parse: [] } } } });
    const prepared = standin.prepareInteraction(chatInput('ask', { question: 'made early' }, { locale: 'zh-CN' }));
    // Made, not sent: the endpoint has not seen it and the stand-in has no handle for it yet.
    expect(endpoint.received.some((r) => r.body.id === prepared.payload.id)).toBe(false);
    expect(standin.interactions().some((h) => h.id === prepared.payload.id)).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    const h = standin.dispatchPrepared(prepared);
    expect(h.id).toBe(prepared.payload.id);
    expect((await h.settled(10_000)).kind).toBe('message');
    const got = endpoint.received.at(-1)!;
    expect(got.raw.equals(prepared.signed!.body)).toBe(true);
    expect(verifiedBy(standin.publicKey, got.headers, got.raw)).toBe(true);
    expect(got.body).toMatchObject({ id: h.id, token: h.token, locale: 'zh-CN', data: { name: 'ask' } });
    expect(h.first!.at).toBeLessThan(h.elapsed());
    expect(() => standin.dispatchPrepared(prepared)).toThrow(/already sent/);
  });

  it('signs wrongly on request: a missing, garbled or other key’s signature does not verify', async () => {
    answer = () => ({ json: { type: 1 } });
    for (const signature of ['missing', 'bad', 'other-key'] as const) {
      await standin.postToEndpoint('{"type":1}', { signature });
      const got = endpoint.received.at(-1)!;
      expect(verifiedBy(standin.publicKey, got.headers, got.raw), signature).toBe(false);
    }
    await standin.postToEndpoint('{"type":1}');
    const good = endpoint.received.at(-1)!;
    expect(verifiedBy(standin.publicKey, good.headers, good.raw)).toBe(true);
  });

  it('takes the HTTP response as the callback, and the webhook works after it', async () => {
    answer = () => ({ json: { type: 5, data: { flags: 64 } } });
    const h = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    expect(await h.firstResponse(10_000)).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(h.endpoint?.status).toBe(200);
    expect(h.loading).toBe(true);
    const edit = await api(
      standin,
      'PATCH',
      `/webhooks/${APP_ID}/${h.token}/messages/@original`,
      { content: 'later', allowed_mentions: { parse: [] } },
      null,
    );
    expect(edit.status).toBe(200);
    const result = await h.settled(10_000);
    expect(result.kind === 'message' && result.message.content).toBe('later');
    expect(result.kind === 'message' && result.message.flags! & 64).toBe(64);
    // One callback per interaction: the HTTP response was it.
    const second = await callback(standin, h.id, h.token, { type: 4, data: { content: 'again' } });
    expect(second.json.code).toBe(40060);
  });

  it('holds the HTTP response to every rule of a callback: limits, types, one per interaction', async () => {
    answer = () => ({ json: { type: 4, data: { content: 'x'.repeat(2_001), allowed_mentions: { parse: [] } } } });
    const long = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    await refused(standin, long);
    expect(long.errors[0]).toMatchObject({ status: 400, code: 50035 });
    expect(long.errors[0]!.details.join()).toContain('data.content');
    expect(long.acknowledged).toBe(false);

    answer = () => ({ json: { type: 8, data: { choices: [] } } });
    const wrongType = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    await refused(standin, wrongType);
    expect(wrongType.errors[0]!.details.join()).toContain('INTERACTION_CALLBACK_TYPE_INVALID');

    answer = () => ({ json: { type: 8, data: { choices: [{ name: 'a', value: 'a' }] } } });
    const ac = standin.dispatchInteraction(autocomplete('ask', { question: 'gi' }, 'question'));
    expect(await ac.settled(10_000)).toEqual({ kind: 'autocomplete', choices: [{ name: 'a', value: 'a' }] });

    answer = () => ({ json: { type: 4, data: { content: 'new', allowed_mentions: { parse: [] } } } });
    const press = standin.dispatchInteraction(button('more:1'));
    const pressed = await press.settled(10_000);
    expect(pressed.kind === 'message' && pressed.message.content).toBe('new');
  });

  it('takes an UPDATE_MESSAGE response as changing the message pressed, and refuses one that would hide it', async () => {
    const components = [{ type: 1, components: [{ type: 2, style: 1, label: 'More', custom_id: 'more:1' }] }];
    answer = () => ({ json: { type: 4, data: { content: 'page 1', components } } });
    const ask = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    await ask.settled(10_000);
    const page1 = ask.original()!;
    const count = standin.interactionMessages().length;

    answer = () => ({ json: { type: 7, data: { content: 'page 2', components, flags: 64 } } });
    const hiding = standin.dispatchInteraction(button('more:1', page1));
    await refused(standin, hiding);
    expect(hiding.errors[0]!.details.join()).toContain('MESSAGE_FLAGS_INVALID');
    expect(ask.original()?.content).toBe('page 1');

    answer = () => ({ json: { type: 7, data: { content: 'page 2', components } } });
    const press = standin.dispatchInteraction(button('more:1', page1));
    expect(await press.settled(10_000)).toMatchObject({
      kind: 'message',
      callbackType: 7,
      message: { id: page1.id, content: 'page 2' },
    });
    expect(ask.original()).toMatchObject({ id: page1.id, content: 'page 2' });
    expect(standin.interactionMessages()).toHaveLength(count);
  });

  it('fails an interaction whose endpoint answers an HTTP error or something that is not JSON', async () => {
    answer = () => ({ status: 500, json: { error: 'oops' } });
    const failed = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    await refused(standin, failed);
    expect(failed.errors[0]).toMatchObject({ status: 500, message: expect.stringContaining('HTTP 500') });
    expect(failed.acknowledged).toBe(false);

    answer = () => ({ text: 'ok', contentType: 'text/plain' });
    const text = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
    await refused(standin, text);
    expect(text.errors[0]!.message).toMatch(/not a callback/);
  });

  it('checks an endpoint as the Developer Portal does when its URL is saved', async () => {
    answer = () => ({ json: { type: 1 } });
    // This endpoint answers everything, badly signed or not: Discord would refuse the URL.
    expect(await standin.checkEndpoint()).toEqual([
      'a PING with a bad signature was answered 200 (expected 401)',
      'a PING with a missing signature was answered 200 (expected 401)',
      'a PING with a other-key signature was answered 200 (expected 401)',
    ]);
  });
});

describe('the stand-in in HTTP mode with a short deadline', () => {
  const shortDeadline = (interactionsUrl: string) =>
    startStandin({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID, interactionsUrl, callbackDeadlineMs: 300 });

  it('refuses an answer that comes after the deadline, and gives up on an endpoint that never answers', async () => {
    let slow = true;
    const endpoint = await testEndpoint(() =>
      slow ? { delayMs: 600, json: { type: 4, data: { content: 'late' } } } : { hang: true },
    );
    const standin = await shortDeadline(endpoint.url);
    try {
      const late = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
      await standin.waitFor(
        () => (late.errors.length ? true : undefined),
        10_000,
        () => 'the refusal',
      );
      expect(late.errors[0]).toMatchObject({ status: 404, code: 10062 });
      expect(late.failed).toBe(true);
      slow = false;
      const hung = standin.dispatchInteraction(chatInput('ask', { question: 'q' }));
      await standin.waitFor(
        () => (hung.errors.length ? true : undefined),
        10_000,
        () => 'the endpoint to be given up on',
      );
      expect(hung.errors[0]!.message).toMatch(/did not answer/);
      expect(hung.endpoint?.status).toBe(0);
    } finally {
      await standin.close();
      await endpoint.close();
    }
  });

  it('checks answers later when asked: kept as they come, then each checked by every rule as of its arrival', async () => {
    const empty = { type: 4, data: { content: '', allowed_mentions: { parse: [] } } };
    const good = { type: 4, data: { content: 'on time', allowed_mentions: { parse: [] } } };
    const endpoint = await testEndpoint((body: { data: { options: Array<{ value: string }> } }) => {
      const question = body.data.options[0]!.value;
      return { json: question === 'empty' ? empty : question === 'defer' ? { type: 5 } : good };
    });
    const standin = await shortDeadline(endpoint.url);
    try {
      standin.checkAnswersLater();
      const bad = standin.dispatchInteraction(chatInput('ask', { question: 'empty' }));
      const ok = standin.dispatchInteraction(chatInput('ask', { question: 'ok' }));
      const deferred = standin.dispatchInteraction(chatInput('ask', { question: 'defer' }));
      const answers = await Promise.all([bad, ok, deferred].map((h) => h.endpointAnswer(10_000)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      // Kept, not yet taken as callbacks: nothing accepted, nothing refused.
      expect([bad, ok].map((h) => [h.acknowledged, h.errors.length])).toEqual([
        [false, 0],
        [false, 0],
      ]);
      // A webhook call is judged after the answer that came before it, which is checked then.
      const edit = await api(
        standin,
        'PATCH',
        `/webhooks/${APP_ID}/${deferred.token}/messages/@original`,
        { content: 'later', allowed_mentions: { parse: [] } },
        null,
      );
      expect(edit.status).toBe(200);
      expect(deferred.first?.type).toBe(5);
      // Checked after the deadline has passed: what counts is when each answer came.
      await new Promise((r) => setTimeout(r, 400));
      expect(standin.checkAnswers()).toBe(2);
      expect(bad.acknowledged).toBe(false);
      expect(bad.errors[0]).toMatchObject({ status: 400, code: 50006 });
      expect(ok.first).toMatchObject({ type: 4, at: ok.endpoint!.at, data: { content: 'on time' } });
      expect(ok.errors).toEqual([]);
      // Then each answer is checked as it comes again.
      const next = standin.dispatchInteraction(chatInput('ask', { question: 'ok' }));
      expect((await next.firstResponse(10_000)).type).toBe(4);
    } finally {
      await standin.close();
      await endpoint.close();
    }
  });
});
