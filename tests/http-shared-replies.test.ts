/**
 * Kept replies shared by the replicas through the cluster's primary (src/http/shared-replies.ts): a reply one
 * replica made answers another replica holding the same corpus, never one holding another; the primary keeps a
 * bounded number and drops a corpus's replies once no replica answers from it; a silent primary is a miss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnswer } from '../src/app/feedback.ts';
import { ReplyCache } from '../src/app/replies.ts';
import { type App, startApp } from '../src/app/runtime.ts';
import type { CommandRequest } from '../src/command/contract.ts';
import {
  batching,
  corpusIdentity,
  ReplicaReplies,
  type RepliesMessage,
  serveReplies,
  SharedReplyStore,
} from '../src/http/shared-replies.ts';
import type { CommandReply } from '../src/reply/types.ts';
import { tempCorpus } from './e2e/bot.ts';
import { BALLOON_ARTICLE } from './helpers/articles.ts';

const VIA = { via: 'http' } as const;
const reply = (content: string): CommandReply => ({ payload: { content }, citations: [] });

describe('the primary’s store of shared replies', () => {
  it('answers any replica from what one kept, per corpus and key', () => {
    const store = new SharedReplyStore();
    store.put(1, 'A', 'k', reply('a'));
    expect(store.get(2, 'A', 'k')?.payload.content).toBe('a');
    expect(store.get(2, 'A', 'other')).toBeUndefined();
    expect(store.get(3, 'B', 'k')).toBeUndefined();
    expect([store.hits, store.misses]).toEqual([1, 2]);
  });

  it('drops a corpus’s replies once no replica answers from it, and keeps none of it after', () => {
    const store = new SharedReplyStore();
    store.put(1, 'A', 'k', reply('a'));
    store.get(2, 'A', 'j');
    expect(store.size).toBe(1);
    // Replica 1 moved to B: replica 2 still answers from A, whose replies stay.
    store.get(1, 'B', 'k');
    expect(store.get(2, 'A', 'k')?.payload.content).toBe('a');
    store.put(1, 'B', 'k', reply('b'));
    expect(store.size).toBe(2);
    // Replica 2 moved too: nobody answers from A.
    store.get(2, 'B', 'k');
    expect(store.size).toBe(1);
    expect(store.get(1, 'A', 'k')).toBeUndefined();
    // A late reply of A (a replica that moved on meanwhile) is not kept.
    store.get(1, 'B', 'k');
    const before = store.size;
    store.put(2, 'A', 'late', reply('late'));
    expect(store.size).toBe(before);
    // A replica that stops no longer holds its corpus.
    store.get(3, 'C', 'x');
    store.put(3, 'C', 'x', reply('c'));
    store.gone(3);
    expect(store.size).toBe(1);
  });

  it('has a reply made once: who asks while another replica makes it waits for that one', () => {
    const store = new SharedReplyStore();
    const answers: Array<[number, string | undefined]> = [];
    const ask = (worker: number, key = 'k') =>
      store.ask(worker, 'A', key, (r) => answers.push([worker, r?.payload.content ?? undefined]));
    ask(1);
    ask(2);
    ask(3);
    // Replica 1 makes it; 2 and 3 are not answered yet.
    expect(answers).toEqual([[1, undefined]]);
    store.put(1, 'A', 'k', reply('made once'));
    expect(answers).toEqual([
      [1, undefined],
      [2, 'made once'],
      [3, 'made once'],
    ]);
    expect(store.waited).toBe(2);
    // Kept from now on: answered at once.
    ask(2);
    expect(answers.at(-1)).toEqual([2, 'made once']);
  });

  it('lets the waiting replicas make it themselves when the maker does not keep it, stops, or takes too long', async () => {
    const store = new SharedReplyStore(10, 30);
    const answers: Array<[number, string, string | undefined]> = [];
    const ask = (worker: number, key: string) =>
      store.ask(worker, 'A', key, (r) => answers.push([worker, key, r?.payload.content ?? undefined]));
    ask(1, 'refused');
    ask(2, 'refused');
    // Another replica's word does not count: only the maker's.
    store.release(3, 'A', 'refused');
    expect(answers).toHaveLength(1);
    store.release(1, 'A', 'refused');
    expect(answers.at(-1)).toEqual([2, 'refused', undefined]);
    ask(1, 'crash');
    ask(2, 'crash');
    store.gone(1);
    expect(answers.at(-1)).toEqual([2, 'crash', undefined]);
    ask(2, 'slow');
    ask(3, 'slow');
    expect(answers.at(-1)).toEqual([2, 'slow', undefined]);
    await new Promise((r) => setTimeout(r, 60));
    expect(answers.at(-1)).toEqual([3, 'slow', undefined]);
    expect(store.waited).toBe(0);
  });

  it('keeps at most its bound, the least recently used out first', () => {
    const store = new SharedReplyStore(3);
    for (const k of ['a', 'b', 'c']) store.put(1, 'A', k, reply(k));
    store.get(1, 'A', 'a');
    store.put(1, 'A', 'd', reply('d'));
    expect(store.size).toBe(3);
    expect(store.get(1, 'A', 'b')).toBeUndefined();
    expect(store.get(1, 'A', 'a')?.payload.content).toBe('a');
  });
});

describe('a replica’s shared level', () => {
  it('asks the primary and takes its answer; a primary that does not answer in time is a miss', async () => {
    const store = new SharedReplyStore();
    store.put(9, 'A', 'k', reply('kept'));
    const worker = { id: 1, send: (m: RepliesMessage) => (replica.received(m), true) };
    const replica = new ReplicaReplies(
      (m) => setImmediate(() => serveReplies(store, worker, m)),
      (index) => (index === 'index A' ? 'A' : undefined),
    );
    expect((await replica.get('index A', 'k'))?.payload.content).toBe('kept');
    expect(await replica.get('index A', 'nothing')).toBeUndefined();
    // An index the store no longer answers from: not asked at all.
    expect(await replica.get('old index', 'k')).toBeUndefined();
    replica.put('index A', 'new', reply('new'));
    await new Promise((r) => setImmediate(r));
    expect(store.get(2, 'A', 'new')?.payload.content).toBe('new');

    const silent = new ReplicaReplies(
      () => undefined,
      () => 'A',
    );
    expect(await silent.get('index A', 'k')).toBeUndefined();
    const gone = new ReplicaReplies(
      () => {
        throw new Error('channel closed');
      },
      () => 'A',
    );
    expect(await gone.get('index A', 'k')).toBeUndefined();
    expect(() => gone.put('index A', 'k', reply('x'))).not.toThrow();
  });

  it('names a corpus by every file’s name and bytes', () => {
    const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
    const a = corpusIdentity([file('a.md', 'x'), file('b.md', 'y')]);
    expect(corpusIdentity([file('b.md', 'y'), file('a.md', 'x')])).toBe(a);
    expect(corpusIdentity([file('a.md', 'x'), file('b.md', 'z')])).not.toBe(a);
    expect(corpusIdentity([file('a.md', 'x'), file('c.md', 'y')])).not.toBe(a);
    expect(corpusIdentity([file('a.md', 'x')])).not.toBe(a);
  });
});

describe('messages between a replica and the primary', () => {
  const turn = () => new Promise((r) => setImmediate(r));

  it('go together, in order, as one batch for each turn of the event loop; one alone goes as it is', async () => {
    const sent: RepliesMessage[] = [];
    const send = batching((m) => sent.push(m));
    const get: RepliesMessage = { type: 'replies:get', id: 1, corpus: 'A', key: 'k' };
    const put: RepliesMessage = { type: 'replies:put', corpus: 'A', key: 'j', reply: reply('j') };
    const release: RepliesMessage = { type: 'replies:release', corpus: 'A', key: 'i' };
    send(get);
    send(put);
    send(release);
    expect(sent).toEqual([]);
    await turn();
    expect(sent).toEqual([{ type: 'replies:batch', messages: [get, put, release] }]);
    send(get);
    await turn();
    expect(sent.slice(1)).toEqual([get]);
  });

  it('in a batch, are answered and taken as if each had come alone', async () => {
    const store = new SharedReplyStore();
    store.put(9, 'A', 'k', reply('kept'));
    const answers: RepliesMessage[] = [];
    serveReplies(
      store,
      { id: 1, send: (m) => answers.push(m) },
      {
        type: 'replies:batch',
        messages: [
          { type: 'replies:get', id: 0, corpus: 'A', key: 'k' },
          { type: 'replies:put', corpus: 'A', key: 'j', reply: reply('j') },
          { type: 'replies:get', id: 1, corpus: 'A', key: 'j' },
        ],
      },
    );
    expect(answers).toEqual([
      { type: 'replies:got', id: 0, reply: reply('kept') },
      { type: 'replies:got', id: 1, reply: reply('j') },
    ]);

    const replica = new ReplicaReplies(
      () => undefined,
      () => 'A',
    );
    const asked = [replica.get('index A', 'k'), replica.get('index A', 'j')];
    replica.received({ type: 'replies:batch', messages: answers });
    expect((await Promise.all(asked)).map((r) => r?.payload.content)).toEqual(['kept', 'j']);
  });

  it('are lost, not thrown, when the other side is gone: the asker computes the reply itself', async () => {
    const send = batching(() => {
      throw new Error('channel closed');
    });
    const replica = new ReplicaReplies(send, () => 'A', 50);
    expect(await replica.get('index A', 'k')).toBeUndefined();
  });
});

describe('a replica’s kept replies, asked at once', () => {
  it('makes a reply asked twice at once only once, here and through the primary', async () => {
    // However long the first reply takes to make on a busy machine, nobody stops waiting for it.
    const store = new SharedReplyStore(100, 60_000);
    const corpus = await tempCorpus();
    const app = await startApp({ corpusDir: corpus.dir, defaultLang: 'vi' }, undefined, { record: false });
    try {
      const replicas = [1, 2].map((id) => {
        const cache = new ReplyCache();
        const worker = { id, send: (m: RepliesMessage) => (shared.received(m), true) };
        const shared = new ReplicaReplies(
          (m) => setImmediate(() => serveReplies(store, worker, m)),
          (index) => (index === app.store.engine ? 'A' : undefined),
          60_000,
        );
        cache.share(shared);
        return { ...app, replies: cache };
      });
      const ask = {
        command: 'ask',
        options: { question: 'Alibaba nắm bao nhiêu cổ phần?' },
        locale: 'vi',
        canModerate: false,
      } satisfies CommandRequest;
      let made = 0;
      const counted = replicas.map((r) => ({
        ...r,
        commands: new Map(
          [...r.commands].map(([name, c]) => [
            name,
            {
              ...c,
              execute: (...args: Parameters<typeof c.execute>) => {
                made++;
                return c.execute(...args);
              },
            },
          ]),
        ),
      }));
      const replies = await Promise.all([0, 1, 0, 1].map(async (i) => (await runAnswer(counted[i]!, ask, VIA)).reply));
      expect(made).toBe(1);
      for (const r of replies) expect(r).toEqual(replies[0]);
      expect(replicas.map((r) => [r.replies.misses, r.replies.hits])).toEqual([
        [1, 1],
        [1, 1],
      ]);
      expect(store.waited).toBe(1);
    } finally {
      await app.close();
      await corpus.remove();
    }
  });
});

describe('replies shared between two replicas of one corpus', () => {
  let one: App;
  let two: App;
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;
  const store = new SharedReplyStore();

  /** A replica: its own kept replies, sharing through `store` as worker `id`. */
  const replica = (app: App, id: number) => {
    const cache = new ReplyCache();
    const worker = { id, send: (m: RepliesMessage) => (shared.received(m), true) };
    const shared = new ReplicaReplies(
      (m) => setImmediate(() => serveReplies(store, worker, m)),
      (index) => (index === app.store.engine ? corpusIdentity(app.store.files) : undefined),
    );
    cache.share(shared);
    return { ...app, replies: cache };
  };

  beforeAll(async () => {
    corpus = await tempCorpus();
    one = await startApp({ corpusDir: corpus.dir, defaultLang: 'vi' });
    two = await startApp({ corpusDir: corpus.dir, defaultLang: 'vi' });
  });
  afterAll(async () => {
    await (one as App | undefined)?.close();
    await (two as App | undefined)?.close();
    await (corpus as typeof corpus | undefined)?.remove();
  });

  it('answers from the other replica’s reply, the same as computing it, until the corpus changes', async () => {
    const [a, b] = [replica(one, 1), replica(two, 2)];
    const sources = { command: 'sources', options: {}, locale: 'vi', canModerate: false } satisfies CommandRequest;
    const made = (await runAnswer(a, sources, VIA)).reply;
    const taken = (await runAnswer(b, sources, VIA)).reply;
    expect(b.replies.sharedHits).toBe(1);
    expect(taken).toEqual(made);
    expect(taken).toEqual((await runAnswer({ ...two, replies: new ReplyCache() }, sources, VIA)).reply);
    expect(() => {
      taken.payload.content = 'changed';
    }).toThrow(TypeError);

    // Replica one takes an article: its next answer is its own, and replica two's corpus is another one.
    await one.store.add(BALLOON_ARTICLE, { by: 'test' });
    const changed = (await runAnswer(a, sources, VIA)).reply;
    expect(JSON.stringify(changed.payload)).toContain('Khinh khí cầu tím');
    expect(a.replies.sharedHits).toBe(0);
    const still = (await runAnswer(b, sources, VIA)).reply;
    expect(JSON.stringify(still.payload)).not.toContain('Khinh khí cầu tím');
    // Replica two reads the folder again: it is answered from the new corpus, by what replica one made of it.
    await two.store.reload('test');
    const caught = (await runAnswer(b, sources, VIA)).reply;
    expect(caught).toEqual(changed);
    expect(b.replies.sharedHits).toBe(2);
    // Nobody answers from the first corpus any more: its replies are gone from the primary.
    expect(store.size).toBe(1);
  });
});
