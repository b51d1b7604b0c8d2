/**
 * Interactions: what happened to each dispatched interaction ({@link InteractionHandle}) and the
 * REST endpoints that act on it — `POST /interactions/{id}/{token}/callback` and the interaction
 * webhook (`/webhooks/{application}/{token}[/messages/{id|@original}]`).
 *
 * Rules enforced (Discord's): one callback per interaction (40060), first callback within the
 * deadline (else 10062 and the token is dead), callback type must fit the interaction kind, defer
 * (type 5) may only set EPHEMERAL, webhook token usable only after a callback and for 15 minutes,
 * message limits (see validate.ts), empty messages (50006), upload size.
 *
 * Messages are kept: a component interaction answered with UPDATE_MESSAGE (7), or with DEFERRED_UPDATE_MESSAGE
 * (6) and then an edit of `@original`, changes the message its button is on — the interaction response or
 * follow-up that posted it — in place, under the same id; no message is created. Visibility is the message's:
 * an update or edit that would set EPHEMERAL on a public message is refused.
 */
import { InteractionResponseType, MessageType } from 'discord-api-types/v10';
import type {
  APIApplicationCommandOptionChoice,
  APIAttachment,
  APIInteraction,
  APIMessage,
} from 'discord-api-types/v10';
import type { EndpointResponse } from './endpoint.ts';
import { FileStore, NO_CONTENT, jsonReply, parseBody } from './http.ts';
import type { ParsedRequest, Reply, UploadedFile } from './http.ts';
import { botMessage, normalizeEmbeds } from './payloads.ts';
import type { World } from './payloads.ts';
import { CREATE_FLAGS, Flag, validateAutocompleteData, validateMessageBody, validateModalData } from './validate.ts';
import { ErrorCodes, FormErrors, invalidFormBody, isRecord, withTimeout } from './util.ts';
import type { DiscordErrorBody } from './util.ts';

/** What kind of interaction this is, as far as allowed callbacks go. */
export type InteractionKind = 'command' | 'autocomplete' | 'component' | 'modal';

/** A callback the bot attempted (accepted or not). */
export interface CallbackAttempt {
  type: number;
  data?: any;
  /** ms after dispatch. */
  at: number;
  /** HTTP status the stand-in answered. */
  status: number;
}

/** The first accepted callback. */
export interface FirstResponse {
  type: number;
  data?: any;
  /** ms after dispatch. */
  at: number;
}

/** A request tied to this interaction that the stand-in rejected. */
export interface RejectedRequest {
  method: string;
  /** Route after /api/v10. */
  route: string;
  status: number;
  code?: number;
  message: string;
  body: unknown;
  /** Flattened form errors, e.g. `data.embeds.0.title: BASE_TYPE_MAX_LENGTH Must be 256 or fewer in length.` */
  details: string[];
  /** ms after dispatch. */
  at: number;
}

/** The visible outcome of an interaction (see {@link InteractionHandle.settled}). */
export type Settled =
  | { kind: 'message'; callbackType: number; message: APIMessage }
  | { kind: 'autocomplete'; choices: APIApplicationCommandOptionChoice[] }
  | { kind: 'modal'; modal: any };

export interface DeskOptions {
  deadlineMs: number;
  tokenLifetimeMs: number;
  attachmentSizeLimit: number;
}

/**
 * Everything the stand-in knows about one dispatched interaction. Created by
 * `Standin.dispatchInteraction`; read it from tests.
 */
export class InteractionHandle {
  /** Interaction id (snowflake). */
  readonly id: string;
  /** Interaction token (also the webhook token for follow-ups). */
  readonly token: string;
  /** The INTERACTION_CREATE payload as sent. */
  readonly payload: APIInteraction;
  readonly kind: InteractionKind;
  /** Every rejected request tied to this interaction (callbacks and webhook calls). */
  readonly errors: RejectedRequest[] = [];
  /** Things Discord would silently ignore but that are probably mistakes (e.g. content in a defer). */
  readonly warnings: string[] = [];
  /** Every callback attempt, accepted or not. */
  readonly callbacks: CallbackAttempt[] = [];
  /**
   * Every accepted message body, in order (callback 4/7 `data`, webhook edits, follow-ups), as sent —
   * e.g. to check that each one sets `allowed_mentions: { parse: [] }`.
   */
  readonly sentBodies: Array<{ via: 'callback' | 'edit' | 'followup'; body: any }> = [];

  /**
   * HTTP mode: what the Interactions Endpoint answered to the POST of this interaction (status 0: no answer),
   * and when (ms after dispatch). Its body was taken as the first callback.
   */
  endpoint: { status: number; at: number } | undefined;

  /**
   * HTTP mode, while the stand-in checks answers later (`Standin.checkAnswersLater`): the endpoint's answer as it
   * came, not yet taken as the callback.
   * @internal
   */
  unchecked: { url: string; res: EndpointResponse; at: number } | undefined;

  /** @internal */ first: FirstResponse | undefined;
  /** @internal */ originalMsg: APIMessage | undefined;
  /** @internal */ originalLoading = false;
  /** @internal */ originalEdited = false;
  /** @internal */ originalDeleted = false;
  /** @internal */ readonly followupList: APIMessage[] = [];
  /** @internal */ readonly deleted = new Set<string>();
  /** @internal */ readonly dispatchedAt = performance.now();
  private readonly listeners = new Set<() => void>();

  constructor(
    payload: APIInteraction,
    kind: InteractionKind,
    private readonly deadlineMs: number,
  ) {
    this.id = payload.id;
    this.token = payload.token;
    this.payload = payload;
    this.kind = kind;
    // Wake waiters once the deadline passes, so they fail fast instead of running to their timeout.
    setTimeout(() => this.changed(), deadlineMs + 5).unref();
  }

  /** ms since dispatch. */
  elapsed(): number {
    return performance.now() - this.dispatchedAt;
  }

  /** Whether a callback was accepted. */
  get acknowledged(): boolean {
    return this.first !== undefined;
  }

  /** True while a deferred reply (type 5) shows its loading state. */
  get loading(): boolean {
    return this.originalLoading && !this.originalDeleted;
  }

  /** True once the deadline passed without an accepted callback (the user saw "interaction failed"). */
  get failed(): boolean {
    return this.first === undefined && this.elapsed() > this.deadlineMs;
  }

  /**
   * The response message as users see it now: after callback 4/7, or after an edit of @original
   * following a defer (5/6). Undefined while loading, after deletion, or with no message response.
   * For components answered with 6 it is the (possibly edited) message the component is on.
   */
  original(): APIMessage | undefined {
    if (!this.originalMsg || this.originalLoading || this.originalDeleted) return undefined;
    return structuredClone(this.originalMsg);
  }

  /** Follow-up messages still present, oldest first. */
  followups(): APIMessage[] {
    return this.followupList.filter((m) => !this.deleted.has(m.id)).map((m) => structuredClone(m));
  }

  /**
   * HTTP mode: resolves with the endpoint's answer to the POST (status 0: none), when it came (ms after dispatch),
   * as soon as it came, whether or not it was checked yet. The POST gives up a little after the deadline, so this
   * resolves by then; rejects on timeout.
   */
  endpointAnswer(timeoutMs: number = this.deadlineMs + 2_000): Promise<{ status: number; at: number }> {
    return this.waitFor(
      () => this.endpoint,
      timeoutMs,
      () => `the endpoint's answer to ${this.describe()}`,
    );
  }

  /** Resolves with the first accepted callback; rejects once the deadline passes without one, or on timeout. */
  firstResponse(timeoutMs: number = this.deadlineMs + 500): Promise<FirstResponse> {
    return this.waitFor(
      () => {
        if (this.first) return structuredClone(this.first);
        if (this.failed)
          return new Error(
            `stand-in: interaction ${this.describe()} got no accepted callback within ${this.deadlineMs} ms${this.errorSummary()}`,
          );
        return undefined;
      },
      timeoutMs,
      () => `the first response to ${this.describe()}${this.errorSummary()}`,
    );
  }

  /**
   * Resolves once the user sees a result: a message (callback 4 or 7, or @original edited after a
   * 5/6 defer), autocomplete choices (8), or a modal (9). Rejects if the deadline passes with no callback.
   */
  settled(timeoutMs = Math.max(10_000, this.deadlineMs + 5_000)): Promise<Settled> {
    return this.waitFor(
      (): Settled | Error | undefined => {
        const first = this.first;
        if (!first)
          return this.failed
            ? new Error(
                `stand-in: interaction ${this.describe()} failed: no accepted callback within ${this.deadlineMs} ms${this.errorSummary()}`,
              )
            : undefined;
        switch (first.type) {
          case InteractionResponseType.ApplicationCommandAutocompleteResult:
            return { kind: 'autocomplete', choices: structuredClone(first.data?.choices ?? []) };
          case InteractionResponseType.Modal:
            return { kind: 'modal', modal: structuredClone(first.data) };
          case InteractionResponseType.DeferredChannelMessageWithSource:
          case InteractionResponseType.DeferredMessageUpdate:
            if (!this.originalEdited || !this.originalMsg) return undefined;
            return { kind: 'message', callbackType: first.type, message: structuredClone(this.originalMsg) };
          default:
            return this.originalMsg
              ? { kind: 'message', callbackType: first.type, message: structuredClone(this.originalMsg) }
              : undefined;
        }
      },
      timeoutMs,
      () =>
        `${this.describe()} to settle (callbacks: ${JSON.stringify(this.callbacks.map((c) => [c.type, c.status]))}, loading: ${this.loading})${this.errorSummary()}`,
    );
  }

  /** Short description for error messages. */
  describe(): string {
    const data = this.payload.data as Record<string, unknown> | undefined;
    const name =
      typeof data?.name === 'string'
        ? `/${data.name}`
        : typeof data?.custom_id === 'string'
          ? `button ${data.custom_id}`
          : '';
    return `${this.kind} ${name} (${this.id})`.replace(/\s+/g, ' ');
  }

  private errorSummary(): string {
    if (this.errors.length === 0) return '';
    return `; rejected requests: ${this.errors.map((e) => `${e.status} ${e.code ?? ''} ${e.message}${e.details.length ? ` [${e.details.join('; ')}]` : ''}`).join(' | ')}`;
  }

  /** @internal */
  changed(): void {
    for (const l of [...this.listeners]) l();
  }

  private waitFor<T>(check: () => T | Error | undefined, timeoutMs: number, what: () => string): Promise<T> {
    let listener: (() => void) | undefined;
    const p = new Promise<T>((resolve, reject) => {
      const run = (): void => {
        const r = check();
        if (r === undefined) return;
        if (listener) this.listeners.delete(listener);
        if (r instanceof Error) reject(r);
        else resolve(r);
      };
      listener = run;
      this.listeners.add(run);
      run();
    });
    return withTimeout(p, timeoutMs, what).finally(() => {
      if (listener) this.listeners.delete(listener);
    });
  }
}

const EDIT_FLAGS = Flag.SuppressEmbeds | Flag.Ephemeral | Flag.SuppressNotifications | Flag.IsComponentsV2;

/** An update or edit that would make a public message ephemeral: visibility is fixed when a message is sent. */
function changesVisibility(errors: FormErrors, body: Record<string, unknown>, target: APIMessage, prefix: string[]) {
  const flags = body.flags;
  if (typeof flags === 'number' && flags & Flag.Ephemeral && !((target.flags ?? 0) & Flag.Ephemeral))
    errors.add(
      [...prefix, 'flags'],
      'MESSAGE_FLAGS_INVALID',
      'The EPHEMERAL flag cannot be set on a message that was sent public.',
    );
}

function isEmpty(m: APIMessage): boolean {
  return (
    m.content.trim() === '' &&
    m.embeds.length === 0 &&
    (m.components?.length ?? 0) === 0 &&
    m.attachments.length === 0 &&
    (m as { poll?: unknown }).poll === undefined &&
    (m.sticker_items?.length ?? 0) === 0
  );
}

/** Discord merges embeds that share a `url` into one; note it, since users then see fewer embeds than sent. */
function noteDuplicateEmbedUrls(h: InteractionHandle, m: APIMessage): void {
  const urls = m.embeds.map((e) => e.url).filter((u): u is string => typeof u === 'string');
  const dupes = [...new Set(urls.filter((u, i) => urls.indexOf(u) !== i))];
  if (dupes.length > 0)
    h.warnings.push(
      `message ${m.id} has several embeds with the same url (${dupes.join(', ')}); Discord merges them and shows only the first`,
    );
}

const EMPTY_MESSAGE: DiscordErrorBody = {
  code: ErrorCodes.CannotSendEmptyMessage,
  message: 'Cannot send an empty message',
};

/** The interaction registry and its REST endpoints. */
export class InteractionDesk {
  private readonly handles = new Map<string, InteractionHandle>();
  private readonly byToken = new Map<string, InteractionHandle>();
  /** Every message an interaction posted (response or follow-up), by id: the interaction that holds it. */
  private readonly posted = new Map<string, InteractionHandle>();

  constructor(
    private readonly world: World,
    private readonly opts: DeskOptions,
    private readonly files: FileStore,
    private readonly notify: () => void,
  ) {}

  add(handle: InteractionHandle): void {
    this.handles.set(handle.id, handle);
    this.byToken.set(handle.token, handle);
  }

  get(id: string): InteractionHandle | undefined {
    return this.handles.get(id);
  }

  all(): InteractionHandle[] {
    return [...this.handles.values()];
  }

  /** The messages interactions posted that users see now (not loading, not deleted), as they are now. */
  messages(): APIMessage[] {
    const out: APIMessage[] = [];
    for (const [id, h] of this.posted) {
      const m = h.original()?.id === id ? h.original() : h.followups().find((f) => f.id === id);
      if (m) out.push(m);
    }
    return out;
  }

  /** The message with this id as it is now, when an interaction posted it. */
  private current(message: APIMessage | undefined): APIMessage | undefined {
    if (!message) return undefined;
    const h = this.posted.get(message.id);
    const now =
      h && (h.originalMsg?.id === message.id ? h.originalMsg : h.followupList.find((m) => m.id === message.id));
    return structuredClone(now ?? message);
  }

  /** A component's message changed: the interaction that posted it holds the new version. */
  private putBack(message: APIMessage): void {
    const h = this.posted.get(message.id);
    if (!h) return;
    if (h.originalMsg?.id === message.id) h.originalMsg = structuredClone(message);
    else {
      const i = h.followupList.findIndex((m) => m.id === message.id);
      if (i >= 0) h.followupList[i] = structuredClone(message);
    }
    h.changed();
  }

  // -------------------------------------------------------------------------------------------
  // POST /interactions/{id}/{token}/callback
  // -------------------------------------------------------------------------------------------

  /** `arrivedAt`: when the callback came (ms after dispatch), when it is taken later than that; default now. */
  callback(req: ParsedRequest, id: string, token: string, arrivedAt?: number): Reply {
    const h = this.handles.get(id);
    if (h?.token !== token)
      return jsonReply(404, { code: ErrorCodes.UnknownInteraction, message: 'Unknown interaction' });
    const at = arrivedAt ?? h.elapsed();
    const body = req.json;
    const type = isRecord(body) ? body.type : undefined;
    const data = isRecord(body) ? body.data : undefined;
    const reject = (status: number, err: DiscordErrorBody, details: string[] = []): Reply => {
      h.callbacks.push({ type: Number(type), data: structuredClone(data), at, status });
      h.errors.push({
        method: req.method,
        route: req.route,
        status,
        code: err.code,
        message: err.message,
        body: err,
        details,
        at,
      });
      h.changed();
      this.notify();
      return jsonReply(status, err);
    };

    if (h.first)
      return reject(400, {
        code: ErrorCodes.InteractionAlreadyAcknowledged,
        message: 'Interaction has already been acknowledged.',
      });
    if (at > this.opts.deadlineMs) {
      return reject(404, { code: ErrorCodes.UnknownInteraction, message: 'Unknown interaction' }, [
        `first callback arrived ${Math.round(at)} ms after dispatch; the deadline is ${this.opts.deadlineMs} ms`,
      ]);
    }

    const errors = new FormErrors();
    if (typeof type !== 'number') {
      errors.add(['type'], 'BASE_TYPE_REQUIRED', 'This field is required');
      return reject(400, invalidFormBody(errors), errors.flat);
    }
    const allowed: Record<number, InteractionKind[]> = {
      [InteractionResponseType.ChannelMessageWithSource]: ['command', 'component', 'modal'],
      [InteractionResponseType.DeferredChannelMessageWithSource]: ['command', 'component', 'modal'],
      [InteractionResponseType.DeferredMessageUpdate]: h.payload.message ? ['component', 'modal'] : ['component'],
      [InteractionResponseType.UpdateMessage]: h.payload.message ? ['component', 'modal'] : ['component'],
      [InteractionResponseType.ApplicationCommandAutocompleteResult]: ['autocomplete'],
      [InteractionResponseType.Modal]: ['command', 'component'],
    };
    const kinds = allowed[type];
    if (!kinds) {
      errors.add(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {4, 5, 6, 7, 8, 9}.');
      return reject(400, invalidFormBody(errors), errors.flat);
    }
    if (!kinds.includes(h.kind)) {
      errors.add(
        ['type'],
        'INTERACTION_CALLBACK_TYPE_INVALID',
        `Callback type ${type} is not valid for a ${h.kind} interaction.`,
      );
      return reject(400, invalidFormBody(errors), errors.flat);
    }
    const d = isRecord(data) ? data : {};
    if (data !== undefined && data !== null && !isRecord(data)) {
      errors.add(['data'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return reject(400, invalidFormBody(errors), errors.flat);
    }

    let message: APIMessage | undefined;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        validateMessageBody(errors, d, { prefix: ['data'], allowedFlags: CREATE_FLAGS });
        if (!errors.isEmpty()) return reject(400, invalidFormBody(errors), errors.flat);
        const attachments = this.takeFiles(req.files, d, [], errors, ['data']);
        if (!Array.isArray(attachments)) return reject(attachments.status, attachments.json as DiscordErrorBody);
        if (!errors.isEmpty()) return reject(400, invalidFormBody(errors), errors.flat);
        message = this.newMessage(h, d, attachments);
        if (isEmpty(message)) return reject(400, EMPTY_MESSAGE);
        h.originalMsg = message;
        this.posted.set(message.id, h);
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = d.flags ?? 0;
        if (typeof flags !== 'number' || (flags & ~Flag.Ephemeral) !== 0) {
          errors.add(
            ['data', 'flags'],
            'MESSAGE_FLAGS_INVALID',
            'Only the EPHEMERAL flag (64) can be set when deferring.',
          );
          return reject(400, invalidFormBody(errors), errors.flat);
        }
        const ignored = Object.keys(d).filter((k) => k !== 'flags');
        if (ignored.length > 0)
          h.warnings.push(`defer (type 5) carried data fields Discord ignores: ${ignored.join(', ')}`);
        message = botMessage(this.world, {
          flags: flags | Flag.Loading,
          type: this.responseMessageType(h),
          interaction: { id: h.id, type: h.payload.type, user: this.invoker(h), ...this.commandName(h) },
        });
        h.originalMsg = message;
        h.originalLoading = true;
        this.posted.set(message.id, h);
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate: {
        if (Object.keys(d).length > 0) h.warnings.push('deferred update (type 6) carried data Discord ignores');
        h.originalMsg = this.current(h.payload.message);
        break;
      }
      case InteractionResponseType.UpdateMessage: {
        // The message as it is now (another press may have changed it since this one's client saw it).
        const source = this.current(h.payload.message)!;
        validateMessageBody(errors, d, {
          prefix: ['data'],
          allowedFlags: EDIT_FLAGS,
          componentsV2: ((source.flags ?? 0) & Flag.IsComponentsV2) !== 0,
        });
        changesVisibility(errors, d, source, ['data']);
        if (!errors.isEmpty()) return reject(400, invalidFormBody(errors), errors.flat);
        const edited = this.applyEdit(source, d, req.files, errors, ['data']);
        if (!('id' in edited)) return reject(edited.status, edited.json as DiscordErrorBody);
        if (!errors.isEmpty()) return reject(400, invalidFormBody(errors), errors.flat);
        if (isEmpty(edited)) return reject(400, EMPTY_MESSAGE);
        message = edited;
        h.originalMsg = message;
        this.putBack(message);
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        validateAutocompleteData(errors, data);
        if (!errors.isEmpty()) return reject(400, invalidFormBody(errors), errors.flat);
        break;
      case InteractionResponseType.Modal:
        validateModalData(errors, data);
        if (!errors.isEmpty()) return reject(400, invalidFormBody(errors), errors.flat);
        break;
    }

    // One copy of what was sent, for the records below (bench:http sends thousands: copies cost).
    const sent: unknown = structuredClone(data);
    h.first = { type, ...(sent !== undefined ? { data: sent } : {}), at };
    if (
      message &&
      (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage)
    ) {
      h.sentBodies.push({ via: 'callback', body: isRecord(sent) ? sent : {} });
      noteDuplicateEmbedUrls(h, message);
    }
    h.callbacks.push({
      type,
      data: sent,
      at,
      status: req.query.get('with_response') === 'true' ? 200 : 204,
    });
    h.changed();
    this.notify();

    if (req.query.get('with_response') !== 'true') return NO_CONTENT;
    const msg = h.originalMsg;
    const response: Record<string, unknown> = { id: h.id, type: h.payload.type };
    if (
      msg &&
      type !== InteractionResponseType.ApplicationCommandAutocompleteResult &&
      type !== InteractionResponseType.Modal
    ) {
      response.response_message_id = msg.id;
      response.response_message_loading = h.originalLoading;
      response.response_message_ephemeral = ((msg.flags ?? 0) & Flag.Ephemeral) !== 0;
    }
    const resource: Record<string, unknown> = { type };
    if (
      message &&
      (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage)
    )
      resource.message = structuredClone(message);
    return jsonReply(200, { interaction: response, resource });
  }

  // -------------------------------------------------------------------------------------------
  // HTTP mode: the endpoint's response to the POST is the callback
  // -------------------------------------------------------------------------------------------

  /**
   * Takes the Interactions Endpoint's HTTP response to `h` as its callback, with every rule a callback has
   * (deadline, one per interaction, callback type, message limits). Anything but a 2xx JSON answer fails the
   * interaction, as it does on Discord. While answers are checked later, it is kept for `checkAnswers`.
   */
  endpointAnswered(h: InteractionHandle, url: string, res: EndpointResponse): void {
    const at = h.elapsed();
    h.endpoint = { status: res.status, at };
    if (this.later) {
      h.unchecked = { url, res, at };
      this.later.push(h);
      h.changed();
      return;
    }
    this.takeAnswer(h, url, res, at);
  }

  /** Answers kept to check later, in the order they came; undefined: each is checked as it comes. */
  private later: InteractionHandle[] | undefined;

  /**
   * From now on, keep the endpoint's answers as they come and check them only when `checkAnswers` is called (or,
   * for one interaction, just before a webhook call of its own is judged, since Discord takes the answer first):
   * a load generator does the checking once its clock has stopped. Every rule is still checked.
   */
  checkAnswersLater(): void {
    this.later ??= [];
  }

  /**
   * Check every answer kept so far, in the order they came, each as if taken when it came (the deadline counts to
   * its arrival); then check each one as it comes again. Returns how many were checked.
   */
  checkAnswers(): number {
    const kept = this.later ?? [];
    this.later = undefined;
    let checked = 0;
    for (const h of kept) if (this.checkKept(h)) checked++;
    return checked;
  }

  /** Take `h`'s kept answer as its callback now, if it has one not yet checked. */
  private checkKept(h: InteractionHandle): boolean {
    const kept = h.unchecked;
    if (!kept) return false;
    h.unchecked = undefined;
    this.takeAnswer(h, kept.url, kept.res, kept.at);
    return true;
  }

  private takeAnswer(h: InteractionHandle, url: string, res: EndpointResponse, at: number): void {
    const fail = (message: string): void => {
      h.errors.push({ method: 'POST', route: url, status: res.status, message, body: undefined, details: [], at });
      h.changed();
      this.notify();
    };
    if (res.status === 0) {
      fail(`the Interactions Endpoint did not answer: ${res.failure}`);
      return;
    }
    if (res.status < 200 || res.status > 299) {
      fail(`the Interactions Endpoint answered HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`);
      return;
    }
    const parsed = parseBody(res.body, res.contentType);
    if (!parsed.ok) {
      fail(`the Interactions Endpoint's answer is not a callback: ${JSON.stringify(parsed.reply.json)}`);
      return;
    }
    const route = `/interactions/${h.id}/${h.token}/callback`;
    this.callback(
      {
        method: 'POST',
        route,
        segments: route.split('/').filter(Boolean),
        query: new URLSearchParams(),
        headers: { 'content-type': res.contentType },
        json: parsed.json,
        files: parsed.files,
      },
      h.id,
      h.token,
      at,
    );
  }

  // -------------------------------------------------------------------------------------------
  // /webhooks/{application}/{token}[/messages/{message}]
  // -------------------------------------------------------------------------------------------

  webhook(req: ParsedRequest, applicationId: string, token: string, messageId: string | undefined): Reply {
    const h = this.byToken.get(token);
    if (!h || applicationId !== this.world.applicationId)
      return jsonReply(404, { code: ErrorCodes.UnknownWebhook, message: 'Unknown Webhook' });
    // Discord took the endpoint's answer when it came, before this call.
    this.checkKept(h);
    const at = h.elapsed();
    const reject = (status: number, err: DiscordErrorBody, details: string[] = []): Reply => {
      h.errors.push({
        method: req.method,
        route: req.route,
        status,
        code: err.code,
        message: err.message,
        body: err,
        details,
        at,
      });
      h.changed();
      this.notify();
      return jsonReply(status, err);
    };
    if (at > this.opts.tokenLifetimeMs)
      return reject(401, { code: 50027, message: 'Invalid Webhook Token' }, [
        'the interaction token expired (15 minutes)',
      ]);
    if (!h.first) {
      return reject(404, { code: ErrorCodes.UnknownWebhook, message: 'Unknown Webhook' }, [
        h.failed
          ? 'the interaction was never acknowledged in time, so its token is invalid'
          : 'no interaction callback yet: respond (or defer) before using the webhook',
      ]);
    }
    if (h.kind === 'autocomplete')
      return reject(404, { code: ErrorCodes.UnknownWebhook, message: 'Unknown Webhook' }, [
        'autocomplete interactions have no messages or follow-ups',
      ]);
    const errors = new FormErrors();

    if (messageId === undefined) {
      if (req.method !== 'POST') return jsonReply(405, { code: 0, message: '405: Method Not Allowed' });
      const body = isRecord(req.json) ? req.json : {};
      // Right after a defer (type 5), a follow-up edits the loading message (deprecated behaviour kept by Discord).
      if (
        h.first.type === InteractionResponseType.DeferredChannelMessageWithSource &&
        h.originalLoading &&
        !h.originalEdited &&
        h.originalMsg &&
        !h.originalDeleted
      ) {
        h.warnings.push('follow-up sent right after a defer edited the loading message (deprecated; use editReply)');
        return this.edit(h, h.originalMsg, body, req, reject, true);
      }
      validateMessageBody(errors, body, { prefix: [], allowedFlags: CREATE_FLAGS });
      if (!errors.isEmpty()) return reject(400, invalidFormBody(errors), errors.flat);
      const attachments = this.takeFiles(req.files, body, [], errors, []);
      if (!Array.isArray(attachments)) return reject(attachments.status, attachments.json as DiscordErrorBody);
      if (!errors.isEmpty()) return reject(400, invalidFormBody(errors), errors.flat);
      const msg = this.newMessage(h, body, attachments, MessageType.Default);
      if (isEmpty(msg)) return reject(400, EMPTY_MESSAGE);
      h.followupList.push(msg);
      this.posted.set(msg.id, h);
      h.sentBodies.push({ via: 'followup', body: structuredClone(body) });
      noteDuplicateEmbedUrls(h, msg);
      h.changed();
      this.notify();
      return jsonReply(200, structuredClone(msg));
    }

    const isOriginal = messageId === '@original' || messageId === h.originalMsg?.id;
    const target = isOriginal
      ? h.originalDeleted
        ? undefined
        : h.originalMsg
      : h.followupList.find((m) => m.id === messageId && !h.deleted.has(m.id));
    if (!target) return reject(404, { code: ErrorCodes.UnknownMessage, message: 'Unknown Message' });

    switch (req.method) {
      case 'GET':
        return jsonReply(200, structuredClone(target));
      case 'DELETE':
        if (isOriginal) h.originalDeleted = true;
        else h.deleted.add(target.id);
        h.changed();
        this.notify();
        return NO_CONTENT;
      case 'PATCH':
        return this.edit(h, target, isRecord(req.json) ? req.json : {}, req, reject, isOriginal);
      default:
        return jsonReply(405, { code: 0, message: '405: Method Not Allowed' });
    }
  }

  private edit(
    h: InteractionHandle,
    target: APIMessage,
    body: Record<string, unknown>,
    req: ParsedRequest,
    reject: (s: number, e: DiscordErrorBody, d?: string[]) => Reply,
    isOriginal: boolean,
  ): Reply {
    const errors = new FormErrors();
    validateMessageBody(errors, body, {
      prefix: [],
      allowedFlags: EDIT_FLAGS,
      componentsV2: ((target.flags ?? 0) & Flag.IsComponentsV2) !== 0,
    });
    changesVisibility(errors, body, target, []);
    if (!errors.isEmpty()) return reject(400, invalidFormBody(errors), errors.flat);
    const edited = this.applyEdit(target, body, req.files, errors, []);
    if (!('id' in edited)) return reject(edited.status, edited.json as DiscordErrorBody);
    if (!errors.isEmpty()) return reject(400, invalidFormBody(errors), errors.flat);
    if (isEmpty(edited)) return reject(400, EMPTY_MESSAGE);
    h.sentBodies.push({ via: 'edit', body: structuredClone(body) });
    noteDuplicateEmbedUrls(h, edited);
    if (isOriginal) {
      h.originalMsg = edited;
      h.originalLoading = false;
      h.originalEdited = true;
      // After a deferred update, @original is the message the component is on.
      if (h.kind === 'component' && this.posted.get(edited.id) !== h) this.putBack(edited);
    } else {
      const i = h.followupList.findIndex((m) => m.id === target.id);
      if (i >= 0) h.followupList[i] = edited;
    }
    h.changed();
    this.notify();
    return jsonReply(200, structuredClone(edited));
  }

  // -------------------------------------------------------------------------------------------

  private invoker(h: InteractionHandle) {
    const p = h.payload as { member?: { user: APIMessage['author'] }; user?: APIMessage['author'] };
    return (p.member?.user ?? p.user)!;
  }

  private commandName(h: InteractionHandle): { name?: string } {
    const data = h.payload.data as Record<string, unknown> | undefined;
    return h.kind === 'command' && typeof data?.name === 'string' ? { name: data.name } : {};
  }

  private responseMessageType(h: InteractionHandle): MessageType {
    return h.kind === 'command' ? MessageType.ChatInputCommand : MessageType.Reply;
  }

  private newMessage(
    h: InteractionHandle,
    body: Record<string, unknown>,
    attachments: APIAttachment[],
    type?: MessageType,
  ): APIMessage {
    const msg = botMessage(this.world, {
      content: typeof body.content === 'string' ? body.content : '',
      embeds: normalizeEmbeds(body.embeds),
      components: Array.isArray(body.components) ? structuredClone(body.components) : [],
      attachments,
      flags: typeof body.flags === 'number' ? body.flags : 0,
      type: type ?? this.responseMessageType(h),
      interaction: { id: h.id, type: h.payload.type, user: this.invoker(h), ...this.commandName(h) },
      ...(body.poll !== undefined ? { poll: structuredClone(body.poll) } : {}),
    });
    if (h.kind !== 'command' && h.payload.message && type === undefined) {
      msg.message_reference = {
        message_id: h.payload.message.id,
        channel_id: this.world.channelId,
        guild_id: this.world.guildId,
      };
    }
    return msg;
  }

  /** Applies an edit body to a copy of `target`; returns the new message or an error reply. */
  private applyEdit(
    target: APIMessage,
    body: Record<string, unknown>,
    files: UploadedFile[],
    errors: FormErrors,
    prefix: Array<string | number>,
  ): APIMessage | Reply {
    const next = structuredClone(target);
    if ('content' in body) next.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body) next.embeds = normalizeEmbeds(body.embeds);
    if ('components' in body)
      next.components = (
        Array.isArray(body.components) ? structuredClone(body.components) : []
      ) as APIMessage['components'];
    if (typeof body.flags === 'number') {
      const keep = (next.flags ?? 0) & (Flag.Ephemeral | Flag.IsComponentsV2);
      next.flags = keep | (body.flags & (Flag.SuppressEmbeds | Flag.IsComponentsV2));
    }
    next.flags = (next.flags ?? 0) & ~Flag.Loading;
    const attachments = this.takeFiles(files, body, next.attachments, errors, prefix);
    if (!Array.isArray(attachments)) return attachments;
    next.attachments = attachments;
    if (!((target.flags ?? 0) & Flag.Loading)) next.edited_timestamp = new Date().toISOString();
    return next;
  }

  /**
   * Resolves the message's attachments from uploaded files and the body's `attachments` list
   * (ids are file indexes for new uploads, or ids of attachments to keep).
   */
  private takeFiles(
    files: UploadedFile[],
    body: Record<string, unknown>,
    existing: APIAttachment[],
    errors: FormErrors,
    prefix: Array<string | number>,
  ): APIAttachment[] | Reply {
    for (const f of files) {
      if (f.data.length > this.opts.attachmentSizeLimit) {
        return jsonReply(413, { code: ErrorCodes.RequestEntityTooLarge, message: 'Request entity too large' });
      }
    }
    const byIndex = new Map<string, UploadedFile>();
    files.forEach((f, i) => {
      const m = /^files\[(\d+)\]$/.exec(f.field);
      byIndex.set(m?.[1] ?? String(i), f);
    });
    const used = new Set<UploadedFile>();
    const make = (f: UploadedFile, meta: Record<string, unknown>): APIAttachment => {
      used.add(f);
      const extra: Partial<APIAttachment> = {};
      if (typeof meta.description === 'string') extra.description = meta.description;
      if (typeof meta.title === 'string') extra.title = meta.title;
      const name = typeof meta.filename === 'string' ? meta.filename : f.filename;
      return this.files.add('attachments', name, f.data, f.contentType, extra);
    };
    let result: APIAttachment[];
    if (Array.isArray(body.attachments)) {
      result = [];
      body.attachments.forEach((a: unknown, i) => {
        if (!isRecord(a)) return;
        const id = String(a.id);
        const file = byIndex.get(id);
        const kept = existing.find((e) => e.id === id);
        if (file && !kept) result.push(make(file, a));
        else if (kept) result.push(kept);
        else
          errors.add(
            [...prefix, 'attachments', i, 'id'],
            'ATTACHMENT_NOT_FOUND',
            `Unknown attachment id ${id} (no such upload or existing attachment).`,
          );
      });
      for (const f of files) if (!used.has(f)) result.push(make(f, {}));
    } else {
      result = [...existing, ...files.map((f) => make(f, {}))];
    }
    if (result.length > 10)
      errors.add([...prefix, 'attachments'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
    return result;
  }
}
