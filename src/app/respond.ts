import type { APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { CommandRequest } from '../command/contract.ts';
import { errorReply, isPrivate } from '../reply/render.ts';
import type { ReplyFile } from '../reply/types.ts';
import { uiLangFor } from '../text/locale.ts';
import type { Dispatcher } from './dispatch.ts';
import type { Answered } from './feedback.ts';

/**
 * Answering an interaction within Discord's rules, whichever way it arrived (gateway or HTTP): what to send
 * first, when to acknowledge instead ("thinking…"), how a late answer replaces the acknowledgement, what a user
 * sees when something fails, and what a stop does with interactions in flight. A transport only says how to
 * send each of these (`ReplyChannel`).
 */

type Payload = APIInteractionResponseCallbackData;

/** Acknowledge ("thinking…") a request still running after this long, well inside Discord's 3 s. */
export const DEFER_AFTER_MS = 1_500;
/** How long a stop waits for interactions in flight (longer than an attachment download may take). */
export const DRAIN_TIMEOUT_MS = 10_000;

/**
 * What a transport can send for one interaction that is answered with a message. `files` (the /stake chart) are
 * uploaded with the message; each has an entry in the payload's `attachments` with its index as id.
 */
export interface ReplyChannel {
  /** The first response, with the message. */
  reply(payload: Payload, files?: ReplyFile[]): Promise<void>;
  /** The first response, "thinking…" (privately or not); the message comes later by `edit`. */
  defer(privately: boolean): Promise<void>;
  /**
   * Replace the message: the deferred "thinking…", or (after `deferUpdate`) the message whose button was pressed.
   * An edit replaces the whole message.
   */
  edit(payload: Payload, files?: ReplyFile[]): Promise<void>;
  /** Remove the deferred "thinking…". */
  remove(): Promise<void>;
  /** Another message, after the first response. */
  followUp(payload: Payload, files?: ReplyFile[]): Promise<void>;
  /** The first response to a button press: the pressed message becomes `payload` (Discord's UPDATE_MESSAGE, 7). */
  update(payload: Payload, files?: ReplyFile[]): Promise<void>;
  /**
   * The first response to a button press that leaves the message as it is for now (DEFERRED_UPDATE_MESSAGE, 6):
   * a 👍/👎 vote, or a page that comes later by `edit`.
   */
  deferUpdate(): Promise<void>;
  /**
   * The first response cannot carry files (an HTTP JSON response): a message with files is deferred (or its update
   * deferred), then edited in.
   */
  filesAfterDefer?: boolean;
}

/**
 * One interaction being answered: where it stands, so that what is sent next fits what was sent before. An
 * exchange `inPlace` answers a button press by replacing the message pressed (its next page, its other language),
 * never with a new message; what fails is still told privately, in a message of its own.
 */
export class Exchange {
  private state: 'new' | 'deferred' | 'replied' = 'new';
  private wasDeferred = false;
  private deferredPrivately = false;

  constructor(
    readonly channel: ReplyChannel,
    /** The user's Discord locale: the language of the bot's own messages. */
    readonly locale: string | undefined,
    private readonly inFlight?: InFlight,
    /** Answers replace the message whose button was pressed. */
    readonly inPlace = false,
  ) {}

  /** A first response was sent. */
  get acknowledged(): boolean {
    return this.state !== 'new';
  }

  /** The first response was "thinking…" (or, in place, a deferred update). */
  get deferred(): boolean {
    return this.wasDeferred;
  }

  /**
   * Acknowledge now, the answer to come: "thinking…" (privately or not) for a new message; in place, a deferred
   * update, which leaves the pressed message as it is until the answer replaces it.
   */
  async defer(privately: boolean): Promise<void> {
    if (this.inPlace) await this.channel.deferUpdate();
    else await this.channel.defer(privately);
    this.state = 'deferred';
    this.wasDeferred = true;
    this.deferredPrivately = privately;
    this.inFlight?.waiting.add(this);
  }

  /** Send the answer: as the first response, in place of "thinking…" (or of the message pressed), or after. */
  async deliver(payload: Payload, files?: ReplyFile[]): Promise<void> {
    if (this.state === 'new' && files?.length && this.channel.filesAfterDefer) await this.defer(isPrivate(payload));
    if (this.inPlace) {
      if (this.state === 'new') await this.channel.update(payload, files);
      else if (this.state === 'deferred') await this.channel.edit(payload, files);
      else await this.channel.followUp(payload, files);
    } else if (this.state === 'new') await this.channel.reply(payload, files);
    else if (this.state === 'deferred' && isPrivate(payload) && !this.deferredPrivately) {
      // A public "thinking…" cannot become private: remove it and answer privately instead.
      await this.channel.remove().catch(() => undefined);
      await this.channel.followUp(payload, files);
    } else if (this.state === 'deferred') await this.channel.edit(payload, files);
    else await this.channel.followUp(payload, files);
    this.answered();
  }

  /** Acknowledge a button press that changes nothing the member sees (a vote). */
  async acknowledge(): Promise<void> {
    if (this.state === 'new') await this.channel.deferUpdate();
    this.answered();
  }

  /**
   * Tell the user privately that something failed, wherever the exchange stands: a private "thinking…" becomes
   * the error; a public one must not stay forever, nor show the error to everyone; a pressed message stays as it
   * was, the error beside it.
   */
  async fail(payload: Payload): Promise<void> {
    try {
      if (this.state === 'new') await this.channel.reply(payload);
      else if (this.inPlace) await this.channel.followUp(payload);
      else if (this.state === 'deferred' && this.deferredPrivately) await this.channel.edit(payload);
      else {
        if (this.state === 'deferred') await this.channel.remove().catch(() => undefined);
        await this.channel.followUp(payload);
      }
    } finally {
      // Delivered or not, nothing more will be tried: a stop must not try again.
      this.answered();
    }
  }

  /** Stopping with the answer not ready: say why rather than leave "thinking…" forever (or the press unanswered). */
  async abandon(): Promise<void> {
    if (this.state !== 'deferred') return;
    const note = errorReply(uiLangFor(this.locale), 'shuttingDown').payload;
    if (this.inPlace) await this.channel.followUp(note);
    else await this.channel.edit(note);
    this.answered();
  }

  private answered(): void {
    this.state = 'replied';
    this.inFlight?.waiting.delete(this);
  }
}

/** What came of an answered request, for the interaction's log line. */
export interface AnswerLog {
  outcome: 'answered' | 'refused' | 'failed';
  deferred: boolean;
  ref?: string;
}

/**
 * Run a request and deliver its reply within Discord's 3 s: a request its command calls slow is acknowledged at
 * once, any other still running after DEFER_AFTER_MS is acknowledged then; the acknowledgement is private when
 * the answer will be (the command's replies always are, or `hide` was asked). An exchange in place (a button
 * press) replaces the pressed message with the answer, or with a deferred update first; a refusal or failure
 * leaves it and comes privately. Once delivered, the answer is recorded (`sent`, which never waits nor throws).
 */
export async function answer(
  commands: Dispatcher['commands'],
  request: CommandRequest,
  exchange: Exchange,
  work: () => Promise<Answered>,
): Promise<AnswerLog> {
  const command = commands.get(request.command);
  const privately = command?.private === true || request.options.hide === true;
  if (command?.slow?.(request)) await exchange.defer(privately);
  const running = work();
  if (!exchange.acknowledged) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(resolve, DEFER_AFTER_MS, null)));
    try {
      if ((await Promise.race([running, late])) === null) await exchange.defer(privately);
    } finally {
      clearTimeout(timer);
    }
  }
  const { reply, sent } = await running;
  // A button press whose request is refused or fails keeps its message; the reason comes privately beside it.
  if (exchange.inPlace && (reply.error || reply.ref)) await exchange.fail(reply.payload);
  else await exchange.deliver(reply.payload, reply.files);
  sent();
  return {
    outcome: reply.ref ? 'failed' : reply.error ? 'refused' : 'answered',
    deferred: exchange.deferred,
    ...(reply.ref ? { ref: reply.ref } : {}),
  };
}

/** The interactions a transport is answering, so that a stop can let them finish. */
export class InFlight {
  private readonly tasks = new Set<Promise<unknown>>();
  /** Acknowledged ("thinking…") and not yet answered. */
  readonly waiting = new Set<Exchange>();
  private stopping = false;

  /** A stop has begun: new interactions get the "restarting" note instead of an answer. */
  get draining(): boolean {
    return this.stopping;
  }

  /** Interactions being answered right now. */
  get size(): number {
    return this.tasks.size;
  }

  /** Follow `task` until it settles (it must handle its own failures). */
  track(task: Promise<unknown>): void {
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }

  /**
   * Stop taking interactions and wait (at most `timeoutMs`) for those in flight; whoever is still "thinking…"
   * then is told the bot is restarting.
   */
  async drain(timeoutMs = DRAIN_TIMEOUT_MS): Promise<{ finished: number; abandoned: number }> {
    this.stopping = true;
    const pending = this.tasks.size;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.tasks]),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    await Promise.allSettled([...this.waiting].map((e) => e.abandon()));
    return { finished: pending - this.tasks.size, abandoned: this.tasks.size };
  }
}

/** The note for an interaction that arrives while the bot is stopping. */
export function stoppingReply(locale: string | undefined): Payload {
  return errorReply(uiLangFor(locale), 'shuttingDown').payload;
}
