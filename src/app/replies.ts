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
 * ones. Never rejects; undefined when it has nothing (or cannot tell in time).
 */
export interface SharedReplies {
  get(index: unknown, key: string): Promise<CommandReply | undefined>;
  put(index: unknown, key: string, reply: CommandReply): void;
}

export class ReplyCache {
  private readonly kept = new Map<string, CommandReply>();
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
    this.misses++;
    const shared = this.shared && (await this.shared.get(index, key));
    if (shared && d.context.engine() === index && this.index === index) {
      this.sharedHits++;
      this.keep(key, shared);
      return shared;
    }
    const reply = await run();
    if (reply.error || reply.ref || d.context.engine() !== index || this.index !== index) return reply;
    this.keep(key, reply);
    this.shared?.put(index, key, reply);
    return reply;
  }

  private keep(key: string, reply: CommandReply): void {
    this.kept.set(key, deepFreeze(reply));
    if (this.kept.size > this.max) this.kept.delete(this.kept.keys().next().value!);
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
