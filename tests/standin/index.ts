/**
 * A local stand-in for Discord's API v10 (REST + Gateway) that a real discord.js Client can log in
 * to, for tests. It listens on 127.0.0.1 at a random port.
 *
 * ```ts
 * const standin = await startStandin({ token, applicationId, guildId });
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standin.restBase } });
 * await client.login(token);
 * await standin.waitForReady(5_000);
 * const h = standin.dispatchInteraction(chatInput('ask', { question: 'giá bao nhiêu?' }, { locale: 'vi' }));
 * const result = await h.settled();
 * ```
 *
 * It enforces what Discord enforces (see tests/standin/validate.ts and /work/shared/DISCORD.md):
 * bot-token auth, command definitions, the 3 s first-response deadline and one callback per
 * interaction, 15-minute webhook tokens, message/embed/component limits in code points, empty
 * messages, gateway identify/resume rules. Everything the bot did is recorded for assertions.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelType, InteractionType, MessageType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIApplicationCommand, APIAttachment, APIInteraction, APIMessage, Locale } from 'discord-api-types/v10';
import { CommandStore, conformOptions } from './commands.ts';
import { Gateway } from './gateway.ts';
import type { ConnectionRecord, DropMode, IdentifyRecord } from './gateway.ts';
import { InteractionSigner, postToEndpoint } from './endpoint.ts';
import type { SignatureMode } from './endpoint.ts';
import { FileStore, jsonReply, parseBody } from './http.ts';
import type { ParsedRequest, Reply } from './http.ts';
import { InteractionDesk, InteractionHandle } from './interactions.ts';
import type { InteractionKind } from './interactions.ts';
import {
  BOT_PERMISSIONS,
  EVERYONE_PERMISSIONS,
  MODERATOR_PERMISSIONS,
  botMessage,
  customIdsOf,
  messageWithButton,
  normalizeEmbeds,
  resolvePermissions,
  user,
} from './payloads.ts';
import type { InteractionInput, RawOption, World } from './payloads.ts';
import { Flag, validateMessageBody } from './validate.ts';
import { ErrorCodes, FormErrors, invalidFormBody, isRecord, randomToken, snowflake, withTimeout } from './util.ts';

export {
  autocomplete,
  button,
  chatInput,
  customIdsOf,
  EVERYONE_PERMISSIONS,
  MODERATOR_PERMISSIONS,
  BOT_PERMISSIONS,
} from './payloads.ts';
export type {
  AttachmentValue,
  CommandInvocation,
  InteractionInput,
  InvokerOptions,
  OptionValue,
  TypedOptionValue,
  World,
} from './payloads.ts';
export { InteractionHandle } from './interactions.ts';

interface SignedBody {
  body: Buffer;
  headers: Record<string, string>;
}

/** An interaction made by `Standin.prepareInteraction`, to be sent by `dispatchPrepared`. */
export interface PreparedInteraction {
  readonly payload: APIInteraction;
  readonly kind: InteractionKind;
  readonly warnings: readonly string[];
  /** HTTP mode: the body as POSTed and its signature headers. */
  readonly signed: SignedBody | undefined;
}
export type { CallbackAttempt, FirstResponse, InteractionKind, RejectedRequest, Settled } from './interactions.ts';
export type { ConnectionRecord, DropMode, IdentifyRecord } from './gateway.ts';
export type { EndpointResponse, SignatureMode } from './endpoint.ts';
export { CHAT_INPUT_NAME, chatInputNameProblem } from './validate.ts';

export interface StandinOptions {
  /** The bot token the stand-in accepts (REST `Authorization: Bot <token>` and gateway IDENTIFY). */
  token: string;
  applicationId: string;
  /** The one guild the bot is in. */
  guildId: string;
  /** Bot user id; defaults to the application id (as for modern Discord apps). */
  botUserId?: string;
  botUsername?: string;
  /** The guild's one text channel; generated when omitted. */
  channelId?: string;
  /** The guild's preferred locale (`guild_locale`), default `en-US`. */
  guildLocale?: `${Locale}`;
  /** Time allowed for the first interaction callback, default 3000 ms. */
  callbackDeadlineMs?: number;
  /** How long an interaction token works for webhooks, default 15 minutes. */
  tokenLifetimeMs?: number;
  /** HELLO heartbeat_interval, default 41250 ms. */
  heartbeatIntervalMs?: number;
  /** Privileged intents the app is allowed (GuildMembers / GuildPresences / MessageContent bits), default 0: requesting them closes with 4014. */
  enabledPrivilegedIntents?: number;
  /** Upload limit per file, default 10 MiB (Discord's default for bots). */
  attachmentSizeLimit?: number;
  /** Command creates allowed per scope per day, default 200. */
  dailyCommandCreateLimit?: number;
  /** When true, dispatching a chat-input/autocomplete interaction for an unregistered command throws even if no command is registered at all. */
  requireRegisteredCommands?: boolean;
  /**
   * HTTP mode: the application's Interactions Endpoint URL. Interactions are then POSTed there, signed with the
   * stand-in's key ({@link Standin.publicKey}), instead of being sent over the gateway; the HTTP response is the
   * first callback. Can be set later with {@link Standin.useInteractionsEndpoint}.
   */
  interactionsUrl?: string;
}

/** One HTTP request the stand-in received. */
export interface RequestRecord {
  method: string;
  /** Path without the query, e.g. `/api/v10/interactions/1/abc/callback`. */
  path: string;
  /** Query string including `?`, or ''. */
  query: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Raw request body as UTF-8 text (multipart bodies included verbatim). */
  body: string;
  /** Response status (0 until answered). */
  status: number;
  /** Response body text ('' for 204). */
  response: string;
  at: number;
}

/** A message the bot posted with `POST /channels/{id}/messages` (not an interaction response). */
export type ChannelMessage = APIMessage;

const DEFAULT_USER_ID = '1180000000000000001';
const DEFAULT_OWNER_ID = '1180000000000000002';
const MAX_BODY = 30 * 1024 * 1024;

/** The running stand-in. Create with {@link startStandin}. */
export class Standin {
  /** REST base to pass as discord.js `rest.api`, e.g. `http://127.0.0.1:PORT/api` (discord.js appends `/v10`). */
  readonly restBase: string;
  /** What GET /gateway/bot hands out, e.g. `ws://127.0.0.1:PORT/gateway`. */
  readonly gatewayUrl: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** Ids and names of the simulated application, guild, channel, roles and bot user. */
  readonly world: World;
  /** Every HTTP request, in arrival order. */
  readonly requests: RequestRecord[] = [];
  /** Messages the bot posted directly to channels (POST /channels/{id}/messages). */
  readonly channelMessages: ChannelMessage[] = [];

  private readonly gateway: Gateway;
  private readonly store: CommandStore;
  private readonly desk: InteractionDesk;
  private readonly files: FileStore;
  private readonly listeners = new Set<() => void>();
  private readonly opts: Required<
    Omit<StandinOptions, 'botUserId' | 'botUsername' | 'channelId' | 'guildLocale' | 'interactionsUrl'>
  >;
  private readonly signer = new InteractionSigner();
  private endpoint: string | undefined;
  /** Endpoint POSTs not yet answered, so that close() can wait for them. */
  private readonly posting = new Set<Promise<void>>();
  /** HTTP mode: the endpoint POST in flight for each interaction token. */
  private readonly answering = new Map<string, Promise<void>>();

  /** @internal use {@link startStandin} */
  constructor(
    private readonly server: Server,
    port: number,
    options: StandinOptions,
  ) {
    this.origin = `http://127.0.0.1:${port}`;
    this.restBase = `${this.origin}/api`;
    this.opts = {
      token: options.token,
      applicationId: options.applicationId,
      guildId: options.guildId,
      callbackDeadlineMs: options.callbackDeadlineMs ?? 3000,
      tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      enabledPrivilegedIntents: options.enabledPrivilegedIntents ?? 0,
      attachmentSizeLimit: options.attachmentSizeLimit ?? 10 * 1024 * 1024,
      dailyCommandCreateLimit: options.dailyCommandCreateLimit ?? 200,
      requireRegisteredCommands: options.requireRegisteredCommands ?? false,
    };
    this.endpoint = options.interactionsUrl;
    const botId = options.botUserId ?? options.applicationId;
    this.world = {
      applicationId: options.applicationId,
      guildId: options.guildId,
      channelId: options.channelId ?? snowflake(),
      botUser: user(botId, options.botUsername ?? 'standin-bot', { bot: true }),
      ownerId: DEFAULT_OWNER_ID,
      moderatorRoleId: snowflake(),
      botRoleId: snowflake(),
      guildLocale: options.guildLocale ?? 'en-US',
      guildName: 'Stand-in Guild',
      origin: this.origin,
      createdAt: new Date().toISOString(),
    };
    const notify = (): void => {
      for (const l of [...this.listeners]) l();
    };
    this.gateway = new Gateway({
      token: options.token,
      world: this.world,
      heartbeatIntervalMs: this.opts.heartbeatIntervalMs,
      enabledPrivilegedIntents: this.opts.enabledPrivilegedIntents,
      wsOrigin: () => this.origin.replace(/^http/, 'ws'),
      notify,
    });
    this.gatewayUrl = this.gateway.url;
    this.store = new CommandStore(options.applicationId, this.opts.dailyCommandCreateLimit);
    this.files = new FileStore(this.world);
    this.desk = new InteractionDesk(
      this.world,
      {
        deadlineMs: this.opts.callbackDeadlineMs,
        tokenLifetimeMs: this.opts.tokenLifetimeMs,
        attachmentSizeLimit: this.opts.attachmentSizeLimit,
      },
      this.files,
      notify,
    );
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.onHttp(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              code: 0,
              message: `500: Internal Server Error (stand-in: ${err instanceof Error ? err.message : String(err)})`,
            }),
          );
        }
      });
    });
    server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  // --- HTTP mode ------------------------------------------------------------------------------

  /** The application's public key (64 hex characters): what the bot checks HTTP interactions against. */
  get publicKey(): string {
    return this.signer.publicKey;
  }

  /** The Interactions Endpoint URL interactions are POSTed to; undefined: they go over the gateway. */
  get interactionsUrl(): string | undefined {
    return this.endpoint;
  }

  /** Switch to HTTP mode (interactions POSTed to `url`), or back to the gateway with undefined. */
  useInteractionsEndpoint(url: string | undefined): void {
    this.endpoint = url;
  }

  /**
   * POST any body to the Interactions Endpoint, signed as `signature` says (default: properly), and return what it
   * answered; for tests of what the endpoint accepts. Bounded by `timeoutMs`.
   */
  async postToEndpoint(
    body: string | Buffer,
    o: { signature?: SignatureMode; timeoutMs?: number } = {},
  ): Promise<{ status: number; text: string; json: unknown; failure?: string }> {
    if (!this.endpoint) throw new Error('stand-in: no Interactions Endpoint URL (useInteractionsEndpoint)');
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const res = await postToEndpoint(
      this.endpoint,
      bytes,
      this.signer.headers(bytes, o.signature),
      o.timeoutMs ?? this.opts.callbackDeadlineMs,
    );
    const text = res.body.toString('utf8');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, ...(res.failure ? { failure: res.failure } : {}) };
  }

  /**
   * What Discord checks when the Interactions Endpoint URL is saved in the Developer Portal: a signed PING must
   * be answered with a PONG, and a PING with a bad signature refused with 401. Returns the problems (none: the
   * URL would be accepted).
   */
  async checkEndpoint(): Promise<string[]> {
    const ping = JSON.stringify({ id: snowflake(), application_id: this.world.applicationId, type: 1, version: 1 });
    const problems: string[] = [];
    const good = await this.postToEndpoint(ping);
    if (good.status !== 200 || (good.json as { type?: unknown } | undefined)?.type !== 1)
      problems.push(`a signed PING was answered ${good.status} ${good.text.slice(0, 200)} (expected 200 {"type":1})`);
    for (const mode of ['bad', 'missing', 'other-key'] as const) {
      const bad = await this.postToEndpoint(ping, { signature: mode });
      if (bad.status !== 401)
        problems.push(`a PING with a ${mode} signature was answered ${bad.status} (expected 401)`);
    }
    return problems;
  }

  // --- What the bot did -----------------------------------------------------------------------

  /** Every IDENTIFY received (accepted or not), with intents and token. */
  get identifies(): IdentifyRecord[] {
    return this.gateway.identifies;
  }

  /** Successful RESUMEs. */
  get resumes(): number {
    return this.gateway.resumes;
  }

  /** Heartbeats (op 1) received. */
  get heartbeats(): number {
    return this.gateway.heartbeats;
  }

  /** The gateway session new dispatches go to: id, last sequence number, whether a socket is attached and READY was sent. */
  get session(): { id: string; seq: number; connected: boolean; ready: boolean } | undefined {
    return this.gateway.session;
  }

  /** Every gateway WebSocket connection (URL with query, close code). */
  get connections(): ConnectionRecord[] {
    return this.gateway.connections;
  }

  /** Commands stored by bulk overwrite / create: global without `guildId`, else that guild's. */
  commands(guildId?: string): APIApplicationCommand[] {
    return this.store.list(guildId);
  }

  /** Command creates (new names) counted today for a scope. */
  commandCreatesToday(guildId?: string): number {
    return this.store.createsToday(guildId);
  }

  /** Every dispatched interaction, oldest first. */
  interactions(): InteractionHandle[] {
    return this.desk.all();
  }

  /**
   * The messages interactions have posted (responses and follow-ups) that users see now, as they are now: a
   * button's update changes one of them in place rather than adding one.
   */
  interactionMessages(): APIMessage[] {
    return this.desk.messages();
  }

  /** Requests answered with status >= 400. */
  rejectedRequests(): RequestRecord[] {
    return this.requests.filter((r) => r.status >= 400);
  }

  // --- Driving the bot ------------------------------------------------------------------------

  /** Resolves once a client has identified and received READY (+ GUILD_CREATE when it asked for the Guilds intent). */
  waitForReady(timeoutMs = 60_000): Promise<void> {
    return this.waitFor(
      () => (this.gateway.session?.ready && this.gateway.session.connected ? true : undefined),
      timeoutMs,
      () => 'a client to IDENTIFY and get READY',
    ).then(() => undefined);
  }

  /** Resolves once at least `count` RESUMEs succeeded. */
  waitForResumes(count: number, timeoutMs = 60_000): Promise<void> {
    return this.waitFor(
      () => (this.resumes >= count ? true : undefined),
      timeoutMs,
      () => `${count} gateway resume(s) (have ${this.resumes})`,
    ).then(() => undefined);
  }

  /** Polls `check` on every stand-in state change until it returns something other than undefined. */
  waitFor<T>(check: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
    let listener: (() => void) | undefined;
    const p = new Promise<T>((resolve, reject) => {
      const run = (): void => {
        let r: T | undefined;
        try {
          r = check();
        } catch (e) {
          if (listener) this.listeners.delete(listener);
          reject(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        if (r === undefined) return;
        if (listener) this.listeners.delete(listener);
        resolve(r);
      };
      listener = run;
      this.listeners.add(run);
      run();
    });
    return withTimeout(p, timeoutMs, what).finally(() => {
      if (listener) this.listeners.delete(listener);
    });
  }

  /**
   * Sends INTERACTION_CREATE with a fresh id and token, completing the payload (member, permissions,
   * channel, locales, app_permissions...). Chat-input and autocomplete options are checked against
   * the registered command: throws if a real Discord client could not have sent them.
   */
  dispatchInteraction(input: InteractionInput): InteractionHandle {
    return this.dispatchPrepared(this.prepareInteraction(input));
  }

  /**
   * An interaction made ready to send, as {@link dispatchInteraction} makes it (same checks, same throws), with its
   * fresh id and token; in HTTP mode, also its body, signed as Discord signs (the timestamp is when it was signed).
   * Sent by {@link dispatchPrepared}: a load generator prepares its interactions before it starts timing, since
   * making and signing them is Discord's work, not the bot's.
   */
  prepareInteraction(input: InteractionInput): PreparedInteraction {
    const w = this.world;
    const inv = input.invoker ?? {};
    const roles = [...(inv.moderator ? [w.moderatorRoleId] : []), ...(inv.roles ?? [])];
    const perms =
      inv.permissions !== undefined
        ? BigInt(inv.permissions)
        : resolvePermissions(
            EVERYONE_PERMISSIONS |
              (inv.moderator ? MODERATOR_PERMISSIONS : 0n) |
              (inv.administrator ? PermissionFlagsBits.Administrator : 0n),
          );
    const invoker = user(inv.userId ?? DEFAULT_USER_ID, inv.username ?? 'test-user');
    const data = structuredClone(input.data);
    const kind = kindOf(input.type);
    const warnings: string[] = [];

    if (kind === 'command' || kind === 'autocomplete') {
      const name = String(data.name);
      const registered = this.store.find(name, w.guildId);
      if (registered) {
        data.id = registered.id;
        data.type = registered.type;
        if (registered.guild_id) data.guild_id = registered.guild_id;
        conformOptions(name, registered.options, data.options as RawOption[] | undefined, kind === 'autocomplete');
        const needed = registered.default_member_permissions;
        if (needed !== null && (perms & BigInt(needed)) !== BigInt(needed)) {
          warnings.push(
            `the member lacks /${name}'s default_member_permissions (${needed}); a real user only gets here if a server admin overrode the command's permissions in Integrations`,
          );
        }
      } else if (this.opts.requireRegisteredCommands || this.store.anyRegistered(w.guildId)) {
        throw new Error(
          `stand-in: /${name} is not a registered command (registered: ${[...this.store.list(), ...this.store.list(w.guildId)].map((c) => c.name).join(', ') || 'none'})`,
        );
      } else {
        data.id = snowflake();
      }
    }

    let message = input.message;
    if (kind === 'component') {
      const customId = String(data.custom_id);
      message ??= messageWithButton(w, customId);
      if (!customIdsOf(message).includes(customId))
        throw new Error(`stand-in: the message has no component with custom_id "${customId}"`);
    }

    const payload = {
      id: snowflake(),
      application_id: w.applicationId,
      type: input.type,
      data,
      guild: { id: w.guildId, locale: inv.guildLocale ?? w.guildLocale, features: [] },
      guild_id: w.guildId,
      channel: {
        id: w.channelId,
        type: ChannelType.GuildText,
        guild_id: w.guildId,
        name: 'general',
        position: 0,
        parent_id: null,
        nsfw: false,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
        flags: 0,
        permissions: perms.toString(),
      },
      channel_id: w.channelId,
      member: {
        user: invoker,
        roles,
        permissions: perms.toString(),
        joined_at: w.createdAt,
        premium_since: null,
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        nick: null,
        avatar: null,
        banner: null,
        communication_disabled_until: null,
        unusual_dm_activity_until: null,
      },
      token: `aW50ZXJhY3Rpb246${randomToken(60)}`,
      version: 1,
      app_permissions: (EVERYONE_PERMISSIONS | BOT_PERMISSIONS).toString(),
      locale: inv.locale ?? 'en-US',
      guild_locale: inv.guildLocale ?? w.guildLocale,
      entitlements: [],
      authorizing_integration_owners: { '0': w.guildId },
      context: 0,
      attachment_size_limit: this.opts.attachmentSizeLimit,
      ...(message ? { message } : {}),
      ...(input.overrides ?? {}),
    } as unknown as APIInteraction;
    return { payload, kind, warnings, signed: this.endpoint ? this.sign(payload) : undefined };
  }

  /**
   * Send a prepared interaction (each once): over the gateway, or POSTed to the Interactions Endpoint. Its
   * deadline runs from now.
   */
  dispatchPrepared(prepared: PreparedInteraction): InteractionHandle {
    const { payload, kind, warnings } = prepared;
    if (this.desk.get(payload.id)) throw new Error(`stand-in: interaction ${payload.id} was already sent`);
    const handle = new InteractionHandle(payload, kind, this.opts.callbackDeadlineMs);
    handle.warnings.push(...warnings);
    this.desk.add(handle);
    if (this.endpoint) this.post(handle, this.endpoint, prepared.signed ?? this.sign(payload));
    else this.gateway.dispatch('INTERACTION_CREATE', payload);
    return handle;
  }

  private sign(payload: APIInteraction): SignedBody {
    const body = Buffer.from(JSON.stringify(payload), 'utf8');
    return { body, headers: this.signer.headers(body) };
  }

  /** HTTP mode: POST the interaction, signed, and take the response as its callback. */
  private post(handle: InteractionHandle, url: string, { body, headers }: SignedBody): void {
    // Discord gives up on the endpoint at the deadline; a little longer, so that a late answer is seen and refused.
    const task = postToEndpoint(url, body, headers, this.opts.callbackDeadlineMs + 1_000)
      .then((res) => this.desk.endpointAnswered(handle, url, res))
      .finally(() => {
        this.posting.delete(task);
        this.answering.delete(handle.token);
      });
    this.posting.add(task);
    this.answering.set(handle.token, task);
  }

  /**
   * HTTP mode, for a load generator: from now on the endpoint's answers are kept as they come (their arrival time
   * is noted; {@link InteractionHandle.endpointAnswer} resolves) and checked against every rule only when
   * {@link checkAnswers} is called, once its clock has stopped. Until then `firstResponse` and `settled` wait. A
   * webhook call of an interaction still has its answer checked first, as Discord takes the answer first.
   */
  checkAnswersLater(): void {
    this.desk.checkAnswersLater();
  }

  /**
   * Check every answer kept since {@link checkAnswersLater}, each as taken when it came, then go back to checking
   * each as it comes. Returns how many were checked; what broke a rule is on each handle (`errors`), as always.
   */
  checkAnswers(): number {
    return this.desk.checkAnswers();
  }

  /** Sends any gateway dispatch event on the current session (returns its sequence number). */
  dispatchEvent(t: string, d: unknown): number {
    return this.gateway.dispatch(t, d);
  }

  /**
   * Disconnects the bot's gateway socket so it reconnects: `close` (4000, default), `terminate`
   * (no close frame), `reconnect` (op 7) — all resumable; discord.js is back ~0.5 s later — or
   * `invalidate` (op 9, must re-IDENTIFY; discord.js's identify throttle makes that take ~5 s).
   * Dispatches sent meanwhile are buffered and replayed on RESUME. Resolves once the old socket is closed.
   */
  dropGateway(mode: DropMode = 'close'): Promise<void> {
    return this.gateway.drop(mode);
  }

  /**
   * Serves `content` at a CDN-like URL on the stand-in and returns the attachment object Discord
   * would put in `data.resolved.attachments` (use it as an attachment option value).
   */
  serveAttachment(name: string, content: Buffer | string, contentType = 'application/octet-stream'): APIAttachment {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    return this.files.add('ephemeral-attachments', name, data, contentType);
  }

  /** Stops the server and drops every connection (after the endpoint POSTs in flight are answered or time out). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.posting]);
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- HTTP -----------------------------------------------------------------------------------

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(chunk);
    }
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.origin);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    let text: string | undefined;
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      headers,
      // Decoded when first read: most records are never read, and a chart's multipart body is long to decode.
      get body() {
        return (text ??= raw.toString('utf8'));
      },
      status: 0,
      response: '',
      at: Date.now(),
    };
    this.requests.push(record);

    let reply: Reply;
    if (tooLarge)
      reply = jsonReply(413, { code: ErrorCodes.RequestEntityTooLarge, message: 'Request entity too large' });
    else reply = await this.route(record, url, raw, headers);

    record.status = reply.status;
    const out: Record<string, string> = { ...(reply.headers ?? {}) };
    let body: Buffer | undefined;
    if (reply.bytes) {
      body = reply.bytes;
      out['content-type'] = reply.contentType ?? 'application/octet-stream';
    } else if (reply.json !== undefined) {
      const text = JSON.stringify(reply.json);
      record.response = text;
      body = Buffer.from(text, 'utf8');
      out['content-type'] = 'application/json';
    }
    res.writeHead(reply.status, out);
    res.end(body);
    for (const l of [...this.listeners]) l();
  }

  private async route(record: RequestRecord, url: URL, raw: Buffer, headers: Record<string, string>): Promise<Reply> {
    const method = record.method;
    const path = url.pathname;
    if (path.startsWith('/attachments/') || path.startsWith('/ephemeral-attachments/')) {
      if (method !== 'GET' && method !== 'HEAD') return jsonReply(405, { code: 0, message: '405: Method Not Allowed' });
      const file = this.files.get(path);
      if (!file)
        return { status: 404, bytes: Buffer.from('This content is no longer available.'), contentType: 'text/plain' };
      return {
        status: 200,
        bytes: method === 'HEAD' ? Buffer.alloc(0) : file.data,
        contentType: file.contentType,
        headers: { 'content-length': String(file.data.length) },
      };
    }
    const m = /^\/api\/v(\d+)(\/.*)?$/.exec(path);
    if (!m) return NOT_FOUND;
    if (m[1] !== '10')
      return jsonReply(400, {
        code: ErrorCodes.InvalidApiVersion,
        message: 'Invalid API version provided (the stand-in serves v10 only)',
      });
    const route = m[2] ?? '/';
    const segments = route
      .split('/')
      .filter((s) => s.length > 0)
      .map((s) => decodeURIComponent(s));
    const parsed = parseBody(raw, headers['content-type']);
    if (!parsed.ok) return parsed.reply;
    const req: ParsedRequest = {
      method,
      route,
      segments,
      query: url.searchParams,
      headers,
      json: parsed.json,
      files: parsed.files,
    };
    // HTTP mode: a webhook call that arrives while we are still reading the endpoint's answer to that interaction
    // is judged after that answer is taken, as Discord takes first the answer it received first. An endpoint that
    // uses the webhook before answering at all is still caught: its answer never comes before the deadline, and
    // the call is then refused as for an interaction never acknowledged.
    const answering = segments[0] === 'webhooks' ? this.answering.get(segments[2] ?? '') : undefined;
    if (answering) await answering;
    return this.dispatchRoute(req);
  }

  private authorized(req: ParsedRequest): boolean {
    return req.headers.authorization === `Bot ${this.opts.token}`;
  }

  private dispatchRoute(req: ParsedRequest): Reply {
    const s = req.segments;
    const is = (...pattern: string[]): boolean =>
      s.length === pattern.length && pattern.every((p, i) => p.startsWith(':') || p === s[i]);
    const methods = (allowed: string[], run: () => Reply): Reply =>
      allowed.includes(req.method) ? run() : METHOD_NOT_ALLOWED;
    const authed = (run: () => Reply): Reply => (this.authorized(req) ? run() : UNAUTHORIZED);
    const w = this.world;

    if (is('gateway')) return methods(['GET'], () => jsonReply(200, { url: this.gatewayUrl }));
    if (is('gateway', 'bot')) {
      return methods(['GET'], () =>
        authed(() =>
          jsonReply(200, {
            url: this.gatewayUrl,
            shards: 1,
            session_start_limit: {
              total: 1000,
              remaining: Math.max(0, 1000 - this.identifies.length),
              reset_after: 86_400_000,
              max_concurrency: 1,
            },
          }),
        ),
      );
    }
    if (is('users', '@me'))
      return methods(['GET'], () =>
        authed(() => jsonReply(200, { ...w.botUser, bot: true, verified: true, mfa_enabled: false, flags: 0 })),
      );
    if (is('applications', '@me')) {
      return methods(['GET'], () =>
        authed(() =>
          jsonReply(200, {
            id: w.applicationId,
            name: w.botUser.username,
            icon: null,
            description: '',
            bot_public: true,
            bot_require_code_grant: false,
            verify_key: '0'.repeat(64),
            flags: 1 << 23,
            bot: w.botUser,
            owner: user(w.ownerId, 'owner'),
            summary: '',
            team: null,
          }),
        ),
      );
    }
    if (is('applications', ':app', 'commands') || is('applications', ':app', 'guilds', ':guild', 'commands')) {
      return methods(['GET', 'PUT', 'POST'], () =>
        authed(() => {
          if (s[1] !== w.applicationId)
            return jsonReply(403, { code: ErrorCodes.MissingAccess, message: 'Missing Access' });
          const guildId = s.length === 5 ? s[3] : undefined;
          if (guildId !== undefined && guildId !== w.guildId)
            return jsonReply(403, { code: ErrorCodes.MissingAccess, message: 'Missing Access' });
          if (req.method === 'GET') return jsonReply(200, this.store.list(guildId));
          const result =
            req.method === 'PUT' ? this.store.bulkOverwrite(req.json, guildId) : this.store.upsert(req.json, guildId);
          return jsonReply(result.status, result.body);
        }),
      );
    }
    if (is('interactions', ':id', ':token', 'callback')) {
      return methods(['POST'], () => this.desk.callback(req, s[1] ?? '', s[2] ?? ''));
    }
    if (is('webhooks', ':app', ':token'))
      return methods(['POST'], () => this.desk.webhook(req, s[1] ?? '', s[2] ?? '', undefined));
    if (is('webhooks', ':app', ':token', 'messages', ':message')) {
      return methods(['GET', 'PATCH', 'DELETE'], () => this.desk.webhook(req, s[1] ?? '', s[2] ?? '', s[4]));
    }
    if (is('channels', ':channel', 'messages'))
      return methods(['POST'], () => authed(() => this.postChannelMessage(req, s[1] ?? '')));
    return NOT_FOUND;
  }

  private postChannelMessage(req: ParsedRequest, channelId: string): Reply {
    if (channelId !== this.world.channelId)
      return jsonReply(404, { code: ErrorCodes.UnknownChannel, message: 'Unknown Channel' });
    const body = isRecord(req.json) ? req.json : {};
    const errors = new FormErrors();
    validateMessageBody(errors, body, {
      prefix: [],
      allowedFlags: Flag.SuppressEmbeds | Flag.SuppressNotifications | Flag.IsComponentsV2,
    });
    if (!errors.isEmpty()) return jsonReply(400, invalidFormBody(errors));
    const attachments = req.files.map((f) => this.files.add('attachments', f.filename, f.data, f.contentType));
    const msg = botMessage(this.world, {
      content: typeof body.content === 'string' ? body.content : '',
      embeds: normalizeEmbeds(body.embeds),
      components: Array.isArray(body.components) ? body.components : [],
      attachments,
      flags: typeof body.flags === 'number' ? body.flags : 0,
      type: MessageType.Default,
    });
    delete msg.webhook_id;
    if (
      msg.content.trim() === '' &&
      msg.embeds.length === 0 &&
      (msg.components?.length ?? 0) === 0 &&
      attachments.length === 0
    ) {
      return jsonReply(400, { code: ErrorCodes.CannotSendEmptyMessage, message: 'Cannot send an empty message' });
    }
    this.channelMessages.push(msg);
    return jsonReply(200, msg);
  }
}

const NOT_FOUND: Reply = jsonReply(404, { code: 0, message: '404: Not Found' });
const UNAUTHORIZED: Reply = jsonReply(401, { code: 0, message: '401: Unauthorized' });
const METHOD_NOT_ALLOWED: Reply = jsonReply(405, { code: 0, message: '405: Method Not Allowed' });

function kindOf(type: InteractionType): InteractionKind {
  switch (type) {
    case InteractionType.ApplicationCommand:
      return 'command';
    case InteractionType.ApplicationCommandAutocomplete:
      return 'autocomplete';
    case InteractionType.MessageComponent:
      return 'component';
    case InteractionType.ModalSubmit:
      return 'modal';
    default:
      throw new Error(`stand-in: cannot dispatch interaction type ${String(type)}`);
  }
}

/** Starts a stand-in on 127.0.0.1 at a random free port. */
export async function startStandin(options: StandinOptions): Promise<Standin> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return new Standin(server, port, options);
}
