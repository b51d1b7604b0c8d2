import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SharedReplies } from '../app/replies.ts';
import type { CorpusFile } from '../corpus/load.ts';
import type { CommandReply } from '../reply/types.ts';

/**
 * Kept replies shared by the replicas of `npm run serve -- --replicas N`: each replica keeps its own
 * (src/app/replies.ts), and on a miss asks the cluster's primary, which keeps what any replica made. A reply is
 * shared only between replicas answering from the same corpus with the same code: its key begins with the
 * corpus's identity (`corpusIdentity`: every file's name and bytes, and the running code), and the primary drops
 * the replies of a corpus as soon as no replica answers from it any more. Bounded; the primary never computes.
 * A primary that does not answer in time is a miss, never a wait.
 */

/** Replies the primary keeps at most (least recently used out first), over every corpus its replicas hold. */
export const MAX_SHARED_REPLIES = 2_000;
/** How long a replica waits for the primary's answer before it computes the reply itself. */
const ASK_TIMEOUT_MS = 250;

/** Messages between a replica and the primary. */
export type RepliesMessage =
  | { type: 'replies:get'; id: number; corpus: string; key: string }
  | { type: 'replies:got'; id: number; reply?: CommandReply }
  | { type: 'replies:put'; corpus: string; key: string; reply: CommandReply };

export const isRepliesMessage = (m: unknown): m is RepliesMessage =>
  typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string'
    ? (m as { type: string }).type.startsWith('replies:')
    : false;

/** The primary's store: replies by corpus and key, and which corpus each replica answers from. */
export class SharedReplyStore {
  private readonly kept = new Map<string, { corpus: string; reply: CommandReply }>();
  private readonly holds = new Map<number, string>();
  hits = 0;
  misses = 0;

  constructor(private readonly max = MAX_SHARED_REPLIES) {}

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
    // A reply of the corpus a replica answered from before it moved on (it asks before it puts, so the primary
    // knows which it holds now): not kept, nor taken as the replica holding that corpus again.
    const held = this.holds.get(worker);
    if (held !== undefined && held !== corpus) return;
    this.holding(worker, corpus);
    const k = `${corpus}\n${key}`;
    this.kept.delete(k);
    this.kept.set(k, { corpus, reply });
    if (this.kept.size > this.max) this.kept.delete(this.kept.keys().next().value!);
  }

  /** `worker` stopped: its corpus is no longer held on its account. */
  gone(worker: number): void {
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
  worker: { id: number; send(m: RepliesMessage): boolean },
  message: RepliesMessage,
): void {
  if (message.type === 'replies:get')
    worker.send({
      type: 'replies:got',
      id: message.id,
      ...withReply(store.get(worker.id, message.corpus, message.key)),
    });
  else if (message.type === 'replies:put') store.put(worker.id, message.corpus, message.key, message.reply);
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
  ) {}

  get(index: unknown, key: string): Promise<CommandReply | undefined> {
    const corpus = this.identityOf(index);
    if (corpus === undefined) return Promise.resolve(undefined);
    const id = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), ASK_TIMEOUT_MS);
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
    if (corpus === undefined) return;
    try {
      this.send({ type: 'replies:put', corpus, key, reply });
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
    if (message.type === 'replies:got') this.waiting.get(message.id)?.(message.reply);
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
