import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SharedReplies } from '../app/replies.ts';
import type { CorpusFile } from '../corpus/load.ts';
import { perTurn } from '../log.ts';
import type { CommandReply } from '../reply/types.ts';

/**
 * Kept replies shared by the replicas of `npm run serve -- --replicas N`: each replica keeps its own
 * (src/app/replies.ts), and on a miss asks the cluster's primary, which keeps what any replica made. A reply is
 * shared only between replicas answering from the same corpus with the same code: its key begins with the
 * corpus's identity (`corpusIdentity`: every file's name and bytes, and the running code), and the primary drops
 * the replies of a corpus as soon as no replica answers from it any more. Bounded; the primary never computes.
 *
 * A reply is made once for all of them: the replica that misses first is told to make it, and any that asks for it
 * meanwhile waits for that reply rather than make it again (a burst asks the same questions of every replica at
 * once), for at most COMPUTE_LEASE_MS; then, or when the maker says its reply is not kept, they make it themselves.
 * A primary that does not answer within ASK_TIMEOUT_MS is a miss.
 */

/** Replies the primary keeps at most (least recently used out first), over every corpus its replicas hold. */
export const MAX_SHARED_REPLIES = 2_000;
/**
 * How long the replicas asking for a reply another one is making wait for it, at most: far longer than making one
 * takes (a few ms), even behind a busy replica's queue, and well inside the time before an answer is deferred.
 */
export const COMPUTE_LEASE_MS = 750;
/** How long a replica waits for the primary's answer before it computes the reply itself: past the lease. */
const ASK_TIMEOUT_MS = COMPUTE_LEASE_MS + 250;

/** Messages between a replica and the primary; a batch is those of one turn of the sender's event loop. */
export type RepliesMessage =
  | { type: 'replies:get'; id: number; corpus: string; key: string }
  | { type: 'replies:got'; id: number; reply?: CommandReply }
  | { type: 'replies:put'; corpus: string; key: string; reply: CommandReply }
  | { type: 'replies:release'; corpus: string; key: string }
  | { type: 'replies:batch'; messages: RepliesMessage[] };

/**
 * `send`, with the messages of one turn of the event loop sent together, as one batch. Under load a replica asks
 * for several replies per turn, and the primary answers several at once: each message through the channel is a
 * system call on each side and wakes the other process, and one each cost the replicas more CPU than the replies
 * it spared them from making. In order; a send that fails loses what it carried (the asker's wait runs out: a miss).
 */
export function batching(send: (m: RepliesMessage) => void): (m: RepliesMessage) => void {
  return perTurn<RepliesMessage>((messages) => {
    try {
      send(messages.length === 1 ? messages[0]! : { type: 'replies:batch', messages });
    } catch {
      // The other side is gone.
    }
  }).push;
}

type Answer = (reply: CommandReply | undefined) => void;

export const isRepliesMessage = (m: unknown): m is RepliesMessage =>
  typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string'
    ? (m as { type: string }).type.startsWith('replies:')
    : false;

/** The primary's store: replies by corpus and key, and which corpus each replica answers from. */
export class SharedReplyStore {
  private readonly kept = new Map<string, { corpus: string; reply: CommandReply }>();
  private readonly holds = new Map<number, string>();
  /** Replies a replica is making, by corpus and key: who makes it, and who waits for it. */
  private readonly making = new Map<string, { worker: number; waiting: Answer[]; timer: NodeJS.Timeout }>();
  hits = 0;
  misses = 0;
  /** Askers that waited for a reply another replica was making, and got it. */
  waited = 0;

  constructor(
    private readonly max = MAX_SHARED_REPLIES,
    private readonly leaseMs = COMPUTE_LEASE_MS,
  ) {}

  /**
   * Answer `worker`'s question for `key` in `corpus`: with the kept reply; later, with the reply another replica is
   * making (or undefined, when it is not kept or not made in time); or at once with undefined, and `worker` makes
   * it: it puts or releases it.
   */
  ask(worker: number, corpus: string, key: string, answer: Answer): void {
    const found = this.get(worker, corpus, key);
    if (found) {
      answer(found);
      return;
    }
    const k = `${corpus}\n${key}`;
    const making = this.making.get(k);
    if (making) {
      making.waiting.push(answer);
      return;
    }
    const timer = setTimeout(() => this.settle(k, undefined), this.leaseMs);
    timer.unref();
    this.making.set(k, { worker, waiting: [], timer });
    answer(undefined);
  }

  /** `worker` made the reply to `key` and does not keep it: whoever waits for it makes it too. */
  release(worker: number, corpus: string, key: string): void {
    const k = `${corpus}\n${key}`;
    if (this.making.get(k)?.worker === worker) this.settle(k, undefined);
  }

  /** The reply to `k` is made (or will not be): those waiting for it are answered. */
  private settle(k: string, reply: CommandReply | undefined): void {
    const making = this.making.get(k);
    if (!making) return;
    this.making.delete(k);
    clearTimeout(making.timer);
    if (reply) this.waited += making.waiting.length;
    for (const answer of making.waiting) answer(reply);
  }

  get size(): number {
    return this.kept.size;
  }

  /** The reply kept for `key` in `corpus`; `worker` answers from that corpus now. */
  get(worker: number, corpus: string, key: string): CommandReply | undefined {
    this.holding(worker, corpus);
    const k = `${corpus}\n${key}`;
    const found = this.kept.get(k);
    if (!found) {
      this.misses++;
      return undefined;
    }
    this.kept.delete(k);
    this.kept.set(k, found);
    this.hits++;
    return found.reply;
  }

  put(worker: number, corpus: string, key: string, reply: CommandReply): void {
    const k = `${corpus}\n${key}`;
    // Whoever waits for it takes it, kept or not: they answer from the same corpus.
    this.settle(k, reply);
    // A reply of the corpus a replica answered from before it moved on (it asks before it puts, so the primary
    // knows which it holds now): not kept, nor taken as the replica holding that corpus again.
    const held = this.holds.get(worker);
    if (held !== undefined && held !== corpus) return;
    this.holding(worker, corpus);
    this.kept.delete(k);
    this.kept.set(k, { corpus, reply });
    if (this.kept.size > this.max) this.kept.delete(this.kept.keys().next().value!);
  }

  /** `worker` stopped: its corpus is no longer held on its account, and what it was making will not come. */
  gone(worker: number): void {
    for (const [k, making] of this.making) if (making.worker === worker) this.settle(k, undefined);
    if (this.holds.delete(worker)) this.dropUnheld();
  }

  private holding(worker: number, corpus: string): void {
    if (this.holds.get(worker) === corpus) return;
    this.holds.set(worker, corpus);
    this.dropUnheld();
  }

  /** A corpus changed: the replies of every corpus no replica answers from are dropped. */
  private dropUnheld(): void {
    const held = new Set(this.holds.values());
    for (const [k, v] of this.kept) if (!held.has(v.corpus)) this.kept.delete(k);
  }
}

/** The primary's side: answer the replicas' questions from `store`. */
export function serveReplies(
  store: SharedReplyStore,
  worker: { id: number; send(m: RepliesMessage): unknown },
  message: RepliesMessage,
): void {
  if (message.type === 'replies:batch') for (const m of message.messages) serveReplies(store, worker, m);
  else if (message.type === 'replies:get')
    store.ask(worker.id, message.corpus, message.key, (reply) =>
      worker.send({ type: 'replies:got', id: message.id, ...withReply(reply) }),
    );
  else if (message.type === 'replies:put') store.put(worker.id, message.corpus, message.key, message.reply);
  else if (message.type === 'replies:release') store.release(worker.id, message.corpus, message.key);
}

const withReply = (reply: CommandReply | undefined) => (reply ? { reply } : {});

/**
 * A replica's side: the shared level of its ReplyCache, through the primary. `send` is process.send; the replica
 * passes every RepliesMessage it receives to `received`. `corpusOf(index)` is the identity of the corpus `index`
 * was built from, or undefined when it cannot be told (the index is no longer the one the store holds).
 */
export class ReplicaReplies implements SharedReplies {
  private next = 0;
  private readonly waiting = new Map<number, (reply: CommandReply | undefined) => void>();

  constructor(
    private readonly send: (m: RepliesMessage) => void,
    private readonly corpusOf: (index: unknown) => string | undefined,
    private readonly timeoutMs = ASK_TIMEOUT_MS,
  ) {}

  get(index: unknown, key: string): Promise<CommandReply | undefined> {
    const corpus = this.identityOf(index);
    if (corpus === undefined) return Promise.resolve(undefined);
    const id = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), this.timeoutMs);
      const done = (reply: CommandReply | undefined) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(reply);
      };
      this.waiting.set(id, done);
      try {
        this.send({ type: 'replies:get', id, corpus, key });
      } catch {
        done(undefined);
      }
    });
  }

  put(index: unknown, key: string, reply: CommandReply): void {
    const corpus = this.identityOf(index);
    if (corpus !== undefined) this.tell({ type: 'replies:put', corpus, key, reply });
  }

  release(index: unknown, key: string): void {
    const corpus = this.identityOf(index);
    if (corpus !== undefined) this.tell({ type: 'replies:release', corpus, key });
  }

  private tell(m: RepliesMessage): void {
    try {
      this.send(m);
    } catch {
      // The primary is gone: the replica keeps its own replies.
    }
  }

  /** The corpus's identity, or undefined (a miss, never an error) when it cannot be read. */
  private identityOf(index: unknown): string | undefined {
    try {
      return this.corpusOf(index);
    } catch {
      return undefined;
    }
  }

  received(message: RepliesMessage): void {
    if (message.type === 'replies:batch') for (const m of message.messages) this.received(m);
    else if (message.type === 'replies:got') this.waiting.get(message.id)?.(message.reply);
  }
}

/**
 * What a reply depends on besides the request: the corpus (every file's name and bytes) and the code that answers
 * (every compiled file of the application; the replicas' configuration is their primary's, the same for all).
 */
export function corpusIdentity(files: readonly CorpusFile[]): string {
  const hash = createHash('sha256').update(code);
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
    hash.update(`${f.name}\0${f.size ?? f.bytes.byteLength}\0${f.unreadable ?? ''}\0`).update(f.bytes);
  return hash.digest('hex');
}

/**
 * The application's code as this process runs it, read when the module loads — not later, when the files on disk
 * may already be newer code (`npm run cli` rebuilds dist/ after a pull) than the code this process runs.
 */
const code = codeIdentity();

function codeIdentity(): string {
  // src/http/ → the folder holding src/ and commands/ (the repository, or dist/ once compiled).
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const hash = createHash('sha256');
  for (const dir of ['src', 'commands']) {
    const names = readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((n) => /\.(ts|js)$/.test(n))
      .sort();
    for (const name of names) hash.update(`${dir}/${name}\0`).update(readFileSync(path.join(root, dir, name)));
  }
  return hash.digest('hex');
}
