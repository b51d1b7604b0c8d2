import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  InteractionType,
  Routes,
} from 'discord-api-types/v10';
import { type Dispatcher, runAutocomplete } from '../app/dispatch.ts';
import { recordVote, runAnswer } from '../app/feedback.ts';
import { type Answerer, handleInteraction } from '../app/interaction.ts';
import { DRAIN_TIMEOUT_MS, InFlight, type ReplyChannel, stoppingReply } from '../app/respond.ts';
import type { App } from '../app/runtime.ts';
import type { Logger } from '../log.ts';
import { editPayload, updatePayload } from '../reply/render.ts';
import type { ReplyFile } from '../reply/types.ts';
import { callback, incoming, repliable, typeOf } from './interaction.ts';
import { verifySignature } from './signature.ts';
import { WebhookClient, WebhookError } from './webhook.ts';

/**
 * The HTTP interactions transport: Discord POSTs each interaction to `/interactions`, signed with the
 * application's key, and takes the HTTP response as the first answer (a message, "thinking…", or autocomplete
 * choices); a deferred answer is then sent by editing the original message through the interaction's webhook.
 * Answering follows the same rules as the gateway bot (src/app/respond.ts). `GET /healthz` says whether the index
 * is loaded. Bad requests get an HTTP error and never stop the process.
 *
 * The server listens before the index is loaded, so that a health check can tell "starting" from "down": an
 * interaction that arrives meanwhile waits for it, and is acknowledged ("thinking…") if that takes too long.
 */

/** Largest request body taken: an interaction is a few KiB; Discord's own limits keep it far below this. */
export const MAX_BODY_BYTES = 64 * 1024;
/** How long a request may take to arrive whole. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How long an idle kept-open connection stays open (Node's default, 5 s, races a client reusing it). */
const KEEP_ALIVE_MS = 65_000;
/** How long autocomplete waits for an index still loading before it suggests nothing. */
const AUTOCOMPLETE_WAIT_MS = 2_000;

export interface ServerOptions {
  /** The commands (known before the index is loaded): routing buttons and the rules of answering. */
  commands: Dispatcher['commands'];
  /** The application's public key: requests not signed with it are refused. */
  publicKey: KeyObject;
  /** REST base for the webhook calls, without the version (DISCORD_API_BASE). */
  apiBase: string;
  moderatorRoleIds: readonly string[];
  logger: Logger;
  /** How long `stop()` waits for interactions in flight; default DRAIN_TIMEOUT_MS. */
  drainTimeoutMs?: number;
}

/** Sends the HTTP response; resolves once it is written out (Discord takes it, then the webhook exists). */
type Respond = (response: APIInteractionResponse) => Promise<void>;

/** Discord's "Unknown Webhook": an interaction's webhook used before its first response was taken. */
const UNKNOWN_WEBHOOK = 10015;
const WEBHOOK_RETRIES = 5;
const WEBHOOK_RETRY_MS = 100;

export class InteractionServer {
  readonly http: Server;
  private app: App | undefined;
  private readonly loaded: Promise<App>;
  private resolveLoaded: (app: App) => void = () => undefined;
  private readonly inFlight = new InFlight();
  private readonly webhooks: WebhookClient;
  private readonly answerer: Answerer;

  constructor(private readonly o: ServerOptions) {
    this.loaded = new Promise((resolve) => (this.resolveLoaded = resolve));
    // Webhook calls are authorized by the interaction token in their path, not by a bot token.
    this.webhooks = new WebhookClient(o.apiBase);
    this.answerer = {
      commands: o.commands,
      run: async (request, origin) => runAnswer(this.app ?? (await this.loaded), request, origin),
      vote: async (customId, user, origin) => recordVote(this.app ?? (await this.loaded), customId, user, origin),
      suggest: async (request) => {
        const app = this.app ?? (await within(this.loaded, AUTOCOMPLETE_WAIT_MS));
        return app ? runAutocomplete(app, request) : [];
      },
    };
    this.http = createServer({ requestTimeout: REQUEST_TIMEOUT_MS }, (req, res) => this.route(req, res));
    // Discord keeps its connections to the endpoint open between interactions. Node closes an idle one after 5 s,
    // and an interaction sent on it just then is lost ("socket hang up"): keep them open far longer than that.
    this.http.keepAliveTimeout = KEEP_ALIVE_MS;
    // A client that sends garbage is its own problem: answer it if still possible, never throw.
    this.http.on('clientError', (err, socket) => {
      o.logger.debug({ err }, 'http client error');
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      else socket.destroy();
    });
  }

  /** Start answering from `app`, whose index is loaded: waiting interactions go on, /healthz turns 200. */
  ready(app: App): void {
    this.app = app;
    this.resolveLoaded(app);
  }

  /** Listen on `host`:`port` (port 0: any free port); resolves with where it listens. */
  async listen(port: number, host: string): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    const address = this.http.address() as AddressInfo;
    return { host: address.address, port: address.port };
  }

  /** Interactions being answered right now (including deferred answers not yet sent). */
  get busy(): number {
    return this.inFlight.size;
  }

  /**
   * Stop taking connections, let the interactions in flight finish (bounded; whoever is still "thinking…" is told
   * the bot is restarting), then close. Requests that still arrive on open connections meanwhile get the
   * "restarting" note.
   */
  async stop(): Promise<void> {
    if (this.inFlight.draining) return;
    this.o.logger.info({ inFlight: this.inFlight.size }, 'shutting down');
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    const done = await this.inFlight.drain(this.o.drainTimeoutMs ?? DRAIN_TIMEOUT_MS);
    this.http.closeAllConnections();
    await closed;
    this.webhooks.close();
    this.o.logger.info(done, 'stopped');
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/interactions') {
      if (req.method !== 'POST') this.send(res, 405, { error: 'use POST' }, { allow: 'POST' });
      else
        this.interaction(req, res).catch((err: unknown) => {
          if (err instanceof RequestAborted) this.o.logger.debug('http request aborted by the client');
          else {
            this.o.logger.error({ err }, 'http request failed');
            if (!res.headersSent) this.send(res, 500, { error: 'internal error' });
          }
        });
    } else if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') this.send(res, 405, { error: 'use GET' }, { allow: 'GET' });
      else this.health(res);
    } else this.send(res, 404, { error: 'not found' });
  }

  private health(res: ServerResponse): void {
    const app = this.app;
    if (!app) {
      this.send(res, 503, { ok: false, status: 'starting' });
      return;
    }
    if (this.inFlight.draining) {
      this.send(res, 503, { ok: false, status: 'stopping' });
      return;
    }
    const corpus = app.store.corpus;
    this.send(res, 200, {
      ok: true,
      corpus: { version: app.store.version, articles: corpus.sources.length, passages: corpus.passages.length },
    });
  }

  private async interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await this.read(req);
    if ('status' in read) {
      this.o.logger.debug({ status: read.status, error: read.error }, 'http request refused');
      this.send(res, read.status, { error: read.error }, read.status === 413 ? { connection: 'close' } : {});
      return;
    }
    const { interaction, type } = read;
    if (type === (InteractionType.Ping as number)) {
      this.send(res, 200, callback.pong());
      return;
    }
    // Set by `respond`, which the answering code calls.
    let responded = false as boolean;
    const respond: Respond = (response) => {
      if (responded) throw new Error('this interaction has already been answered');
      responded = true;
      const written = new Promise<void>((resolve) => {
        res.once('finish', resolve);
        res.once('close', resolve);
      });
      this.send(res, 200, response);
      return written;
    };
    const task = this.inFlight.draining
      ? this.whileStopping(interaction, type, respond)
      : this.answer(interaction, type, respond);
    this.inFlight.track(task);
    await task;
    if (!responded) {
      // An autocomplete that could not be read: it gets no suggestions. (A message interaction always gets its
      // answer or the private error.)
      if (!repliable(type)) void respond(callback.choices([]));
      else this.send(res, 500, { error: 'no answer' });
    }
  }

  /**
   * The interaction a request carries, or why it is refused: a body over the limit (413), a signature that is
   * missing, bad or not by this application's key (401), a body that is not JSON (400) or not an interaction.
   */
  private async read(
    req: IncomingMessage,
  ): Promise<{ interaction: Record<string, unknown>; type: number } | { status: number; error: string }> {
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return { status: 413, error: `body over ${MAX_BODY_BYTES} bytes` };
    const signature = header(req.headers['x-signature-ed25519']);
    const timestamp = header(req.headers['x-signature-timestamp']);
    if (!verifySignature(this.o.publicKey, signature, timestamp, body))
      return { status: 401, error: 'invalid request signature' };
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return { status: 400, error: 'body is not JSON' };
    }
    const type = typeOf(json);
    if (type === undefined) return { status: 400, error: 'not an interaction: expected an object with a numeric type' };
    return { interaction: json as Record<string, unknown>, type };
  }

  private async answer(interaction: Record<string, unknown>, type: number, respond: Respond): Promise<void> {
    await handleInteraction(
      this.answerer,
      incoming(interaction, this.o.moderatorRoleIds),
      {
        via: 'http',
        channel: repliable(type) ? this.channel(interaction, respond) : undefined,
        choices: (choices) => respond(callback.choices(choices)),
      },
      { logger: this.o.logger, inFlight: this.inFlight },
    );
  }

  /** While stopping: say so privately rather than leave the user with "the application did not respond". */
  private whileStopping(interaction: Record<string, unknown>, type: number, respond: Respond): Promise<void> {
    const locale = typeof interaction.locale === 'string' ? interaction.locale : undefined;
    return respond(repliable(type) ? callback.message(stoppingReply(locale)) : callback.choices([]));
  }

  /** Answering one interaction: the first answer is the HTTP response, later ones go through its webhook. */
  private channel(interaction: Record<string, unknown>, respond: Respond): ReplyChannel {
    const application = String(interaction.application_id);
    const token = encodeURIComponent(String(interaction.token));
    const original = Routes.webhookMessage(application, token, '@original');
    // The webhook exists only once Discord has taken the HTTP response ("thinking…"): edits wait until it is
    // written out, and one that still finds it unknown is tried again a few times, shortly after.
    let taken: Promise<void> = Promise.resolve();
    // After a deferred update, @original is the message whose button was pressed.
    let pressed = false;
    const edit = async (payload: APIInteractionResponseCallbackData, files?: ReplyFile[]) => {
      await taken;
      const body = pressed ? updatePayload(payload) : editPayload(payload);
      for (let attempt = 0; ; attempt++) {
        try {
          await this.webhooks.call('PATCH', original, body, files);
          return;
        } catch (err) {
          if (attempt >= WEBHOOK_RETRIES || !(err instanceof WebhookError && err.code === UNKNOWN_WEBHOOK)) throw err;
          await delay(WEBHOOK_RETRY_MS * (attempt + 1));
        }
      }
    };
    return {
      filesAfterDefer: true,
      reply: async (payload) => {
        taken = respond(callback.message(payload));
        await taken;
      },
      defer: async (privately) => {
        taken = respond(callback.deferred(privately));
        await taken;
      },
      edit,
      remove: async () => {
        await this.webhooks.call('DELETE', original);
      },
      followUp: async (payload: APIInteractionResponseCallbackData, files?: ReplyFile[]) => {
        await taken;
        await this.webhooks.call('POST', Routes.webhook(application, token), payload, files);
      },
      update: async (payload) => {
        // Files never come here: a JSON response cannot carry them (filesAfterDefer), they are edited in.
        taken = respond(callback.update(updatePayload(payload)));
        await taken;
      },
      deferUpdate: async () => {
        pressed = true;
        taken = respond(callback.deferredUpdate());
        await taken;
      },
    };
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
      // While stopping, clients should open their next connection elsewhere.
      ...(this.inFlight.draining ? { connection: 'close' } : {}),
      ...headers,
    });
    res.end(json);
  }
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

class RequestAborted extends Error {}

/** The whole body, or undefined as soon as it is longer than `limit` (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    let ended = false;
    req.once('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.once('error', reject);
    req.once('close', () => {
      if (!ended) reject(new RequestAborted());
    });
  });
}

/** `p`'s value, or undefined once `ms` have passed. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
