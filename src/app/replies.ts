import type { CommandRequest, OptionValue } from '../command/contract.ts';
import type { CommandReply } from '../reply/types.ts';
import type { Dispatcher } from './dispatch.ts';

/**
 * The replies of commands that say their replies depend only on the request and the index (`cacheable`), kept
 * for the index that made them: the same question in the same client language is answered again without
 * searching and rendering again. Bounded (least recently used out first). Kept per index, not per version number:
 * every swap of the corpus builds a new index, and the first request after it finds the kept replies belong to
 * the old one and drops them all; a reply whose work spanned a swap is not kept. A kept reply is frozen, so that
 * nothing that sends it can change it for the next asker.
 */

/** Replies kept at most: a few hundred distinct questions cover a busy server's repeats, in a few MB. */
export const MAX_KEPT_REPLIES = 500;

/**
 * A second level of kept replies, shared with other processes (the replicas of `npm run serve`, through their
 * primary: src/http/shared-replies.ts). Asked on a miss, told of each reply kept. `index` is the index the request
 * is answered from: the store says which corpus it was built from, and a reply is only ever shared between equal
 * ones. `get` never rejects; undefined when it has nothing (or cannot tell in time): the asker then computes the
 * reply, and others that ask meanwhile may be kept waiting for it, so the asker always says what came of it, `put`
 * when it keeps the reply, `release` when it does not.
 */
export interface SharedReplies {
  get(index: unknown, key: string): Promise<CommandReply | undefined>;
  put(index: unknown, key: string, reply: CommandReply): void;
  release(index: unknown, key: string): void;
}

export class ReplyCache {
  private readonly kept = new Map<string, CommandReply>();
  /** Replies being made for the index in use: a second asker of one waits for it rather than make it again. */
  private readonly making = new Map<string, Promise<CommandReply | undefined>>();
  private index: unknown;
  /** Answered from the cache, and computed, since the start (for benches and the log). */
  hits = 0;
  misses = 0;
  /** Misses answered by the shared level. */
  sharedHits = 0;
  private shared: SharedReplies | undefined;

  constructor(private readonly max = MAX_KEPT_REPLIES) {}

  /** Ask `shared` on a miss, and tell it what is kept from now on. */
  share(shared: SharedReplies): void {
    this.shared = shared;
  }

  get size(): number {
    return this.kept.size;
  }

  /**
   * The reply to `request`: kept, or made by `run` (and kept when its command allows it, it is not a refusal or a
   * failure, and the index did not change meanwhile).
   */
  async reply(d: Dispatcher, request: CommandRequest, run: () => Promise<CommandReply>): Promise<CommandReply> {
    const command = d.commands.get(request.command);
    if (!command?.cacheable || request.files) return run();
    const index = d.context.engine();
    if (index !== this.index) {
      this.kept.clear();
      this.making.clear();
      this.index = index;
    }
    const key = keyOf(request);
    const found = this.kept.get(key);
    if (found) {
      // Most recently used last: the first key is the one to drop.
      this.kept.delete(key);
      this.kept.set(key, found);
      this.hits++;
      return found;
    }
    const making = this.making.get(key);
    if (making) {
      // Asked again while it is being made (a burst repeats its questions): the same reply, made once. A reply
      // that is not kept (a refusal, a failure, the corpus changed meanwhile) is made again for this asker.
      const made = await making;
      if (made) {
        this.hits++;
        return made;
      }
      return run();
    }
    this.misses++;
    let done: (reply: CommandReply | undefined) => void = () => undefined;
    this.making.set(key, new Promise((resolve) => (done = resolve)));
    let kept: CommandReply | undefined;
    try {
      const reply = await this.make(d, index, key, run);
      kept = this.kept.get(key) === reply ? reply : undefined;
      return reply;
    } finally {
      if (this.index === index) this.making.delete(key);
      done(kept);
    }
  }

  /** A reply not kept here: the shared level's, or made by `run` (then kept here and there when it may be). */
  private async make(
    d: Dispatcher,
    index: unknown,
    key: string,
    run: () => Promise<CommandReply>,
  ): Promise<CommandReply> {
    const current = () => d.context.engine() === index && this.index === index;
    const shared = this.shared && (await this.shared.get(index, key));
    if (shared && current()) {
      this.sharedHits++;
      return this.keep(key, shared);
    }
    let reply: CommandReply | undefined;
    try {
      reply = await run();
    } finally {
      // The shared level had none: whoever waits for it there is told at once, the reply or that none is coming.
      if (this.shared && !shared) {
        if (reply && !reply.error && !reply.ref && current()) this.shared.put(index, key, reply);
        else this.shared.release(index, key);
      }
    }
    if (reply.error || reply.ref || !current()) return reply;
    return this.keep(key, reply);
  }

  private keep(key: string, reply: CommandReply): CommandReply {
    this.kept.set(key, deepFreeze(reply));
    if (this.kept.size > this.max) this.kept.delete(this.kept.keys().next().value!);
    return reply;
  }
}

/** What a cacheable reply depends on besides the index: the command, its options (in any order), who and where. */
export function keyOf(r: CommandRequest): string {
  const options = Object.entries(r.options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    r.command,
    r.subcommand ?? '',
    options,
    r.locale ?? '',
    r.canModerate,
    r.offset ?? 0,
  ] satisfies [string, string, Array<[string, OptionValue]>, string, boolean, number]);
}

function deepFreeze<T>(value: T): T {
  // Typed arrays (a chart's bytes) cannot be frozen; they are copied whenever they are sent.
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}
