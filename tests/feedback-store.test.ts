import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Feedback, newAnswerId } from '../src/feedback/feedback.ts';
import { insightsOf, questionKey } from '../src/feedback/insights.ts';
import { PostgresFeedback } from '../src/feedback/postgres.ts';
import { SqliteFeedback } from '../src/feedback/sqlite.ts';
import type { AnswerRecord, FeedbackStore } from '../src/feedback/types.ts';
import { freshDatabase } from './helpers/postgres.ts';

/**
 * One contract, two engines: every test below runs against the embedded SQLite file and against PostgreSQL (the
 * test cluster), so the bot behaves the same whichever DATABASE_URL says.
 */

const T0 = new Date('2025-03-01T12:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function answer(over: Partial<AnswerRecord> = {}): AnswerRecord {
  const question = over.question ?? 'Alibaba nắm bao nhiêu cổ phần?';
  const command = over.command ?? 'ask';
  return {
    id: newAnswerId(),
    at: T0,
    via: 'discord',
    command,
    question,
    questionKey: questionKey(command, question),
    lang: 'vi',
    locale: 'vi',
    outcome: 'answered',
    guild: '123456789012345678',
    userHash: 'hash-a',
    offset: 0,
    passages: [{ source: 'vnexpress-jv', passage: 'p1', paragraph: 3, lang: 'vi', role: 'answer' }],
    ...over,
  };
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const engines: Array<[string, () => Promise<FeedbackStore>]> = [
  [
    'sqlite',
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'feedback-'));
      dirs.push(dir);
      return new SqliteFeedback(path.join(dir, 'sub', 'feedback.db'));
    },
  ],
  ['postgres', async () => PostgresFeedback.open(await freshDatabase(inject('postgresUrl'), 'feedback'))],
];

describe.each(engines)('the feedback store on %s', (engine, open) => {
  let store: FeedbackStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps an answer with everything it was recorded with', async () => {
    const a = answer({ id: 'keep-1', at: minutes(-100_000), locale: 'zh-TW', outcome: 'other-language', lang: 'zh' });
    await store.recordAnswer(a);
    const got = (await store.answersSince(minutes(-100_001))).find((x) => x.id === 'keep-1');
    expect(got).toEqual({ ...a, up: 0, down: 0 });
    expect(store.engine).toBe(engine);
  });

  it('keeps one vote per member and answer, and a second vote replaces the first', async () => {
    const a = answer({ at: minutes(1) });
    await store.recordAnswer(a);
    expect(await store.recordVote({ answerId: a.id, userHash: 'm1', value: 1, at: minutes(2), via: 'discord' })).toBe(
      'recorded',
    );
    await store.recordVote({ answerId: a.id, userHash: 'm2', value: 1, at: minutes(2), via: 'discord' });
    await store.recordVote({ answerId: a.id, userHash: 'm1', value: -1, at: minutes(3), via: 'discord' });
    const got = (await store.answersSince(minutes(0))).find((x) => x.id === a.id);
    expect({ up: got?.up, down: got?.down }).toEqual({ up: 1, down: 1 });
  });

  it('writes nothing for a vote on an answer it does not keep', async () => {
    expect(
      await store.recordVote({ answerId: 'nope', userHash: 'm1', value: -1, at: minutes(2), via: 'discord' }),
    ).toBe('unknown-answer');
  });

  it('lists answers from a time on, oldest first, of one way or all', async () => {
    await store.recordAnswer(
      answer({ id: 'w-cli', at: minutes(10), via: 'cli', userHash: undefined, guild: undefined }),
    );
    await store.recordAnswer(answer({ id: 'w-discord', at: minutes(11) }));
    expect((await store.answersSince(minutes(10))).map((a) => a.id)).toEqual(['w-cli', 'w-discord']);
    expect((await store.answersSince(minutes(10), 'cli')).map((a) => a.id)).toEqual(['w-cli']);
    const cli = (await store.answersSince(minutes(10), 'cli'))[0]!;
    expect('userHash' in cli || 'guild' in cli).toBe(false);
  });

  it('tells the oldest answer kept, and purges answers and votes from before a time', async () => {
    expect(await store.oldest()).toEqual(minutes(-100_000));
    const old = answer({ id: 'old', at: minutes(-50_000) });
    await store.recordAnswer(old);
    await store.recordVote({ answerId: 'old', userHash: 'm9', value: -1, at: minutes(-50_000), via: 'discord' });
    const purged = await store.purge(minutes(-1));
    expect(purged).toEqual({ answers: 2, votes: 1 });
    expect(await store.oldest()).toEqual(minutes(1));
    expect((await store.answersSince(minutes(-200_000))).some((a) => a.id === 'old' || a.id === 'keep-1')).toBe(false);
  });

  it('makes the salt once and keeps it', async () => {
    const first = await store.salt(() => 'first-salt-0123456789');
    expect(first).toBe('first-salt-0123456789');
    expect(await store.salt(() => 'second-salt-0123456789')).toBe(first);
  });

  it('keeps text in any script exactly', async () => {
    const a = answer({
      id: 'script',
      at: minutes(20),
      question: '阿里巴巴持股多少？ “quotes” \u{1F600}',
      command: 'ask',
    });
    await store.recordAnswer(a);
    expect((await store.answersSince(minutes(20)))[0]?.question).toBe(a.question);
  });
});

describe('the feedback log', () => {
  it('stores member ids only as a salted hash, the same for the same member', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'feedback-'));
    dirs.push(dir);
    const inner = new SqliteFeedback(path.join(dir, 'feedback.db'));
    const log = new Feedback({ dataDir: dir, retentionDays: 90, now: () => T0 }, () => Promise.resolve(inner));
    const id = newAnswerId();
    await log.recordAnswer({ ...answer({ id }), user: '111111111111111111' });
    expect(await log.recordVote({ answerId: id, user: '111111111111111111', value: -1, via: 'discord' })).toBe(
      'recorded',
    );
    const [row] = await inner.answersSince(minutes(-1));
    expect(row?.userHash).toMatch(/^[\w-]{32}$/);
    expect(JSON.stringify(row)).not.toContain('111111111111111111');
    // The vote of the asker replaced nothing and counts once.
    expect(row?.down).toBe(1);
    await log.close();
  });

  it('hashes a member the same on every answer and vote, two members apart, and by the salt given', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'feedback-'));
    dirs.push(dir);
    const stores = [new SqliteFeedback(path.join(dir, 'a.db')), new SqliteFeedback(path.join(dir, 'b.db'))];
    const [salted, other] = stores.map(
      (inner, i) =>
        new Feedback({ dataDir: dir, salt: `salt-number-${i}-0123456789`, retentionDays: 90, now: () => T0 }, () =>
          Promise.resolve(inner),
        ),
    );
    for (const [i, user] of ['333', '444', '333'].entries()) {
      await salted!.recordAnswer({ ...answer({ id: `s${i}` }), user });
      await other!.recordAnswer({ ...answer({ id: `s${i}` }), user });
    }
    const hashes = async (inner: SqliteFeedback) => (await inner.answersSince(minutes(-1))).map((a) => a.userHash);
    const [a, b, c] = await hashes(stores[0]!);
    expect(a).toMatch(/^[\w-]{32}$/);
    expect(c).toBe(a);
    expect(b).not.toBe(a);
    // Another salt, other hashes for the same members.
    const [a2, b2] = await hashes(stores[1]!);
    expect([a2, b2]).not.toContain(a);
    expect([a2, b2]).not.toContain(b);
    expect(await salted!.recordVote({ answerId: 's1', user: '444', value: 1, via: 'discord' })).toBe('recorded');
    expect((await stores[0]!.answersSince(minutes(-1)))[1]).toMatchObject({ userHash: b, up: 1 });
    await salted!.close();
    await other!.close();
  });

  it('gives every answer an id of its own: 12 URL-safe characters, never the same twice', () => {
    const ids = Array.from({ length: 5000 }, () => newAnswerId());
    for (const id of ids) expect(id).toMatch(/^[\w-]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('generates the salt into the data folder on first start and reuses it after a restart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'feedback-'));
    dirs.push(dir);
    const first = new Feedback({ dataDir: dir, retentionDays: 90, now: () => T0 });
    const id = newAnswerId();
    await first.recordAnswer({ ...answer({ id }), user: '222222222222222222' });
    await first.close();
    const again = new Feedback({ dataDir: dir, retentionDays: 90, now: () => T0 });
    await again.recordVote({ answerId: id, user: '222222222222222222', value: 1, via: 'discord' });
    const inner = new SqliteFeedback(path.join(dir, 'feedback.db'));
    const [row] = await inner.answersSince(minutes(-1));
    await inner.recordVote({ answerId: id, userHash: row!.userHash!, value: -1, at: T0, via: 'discord' });
    // The same member after a restart: their vote was replaced, not added.
    expect((await inner.answersSince(minutes(-1)))[0]).toMatchObject({ up: 0, down: 1 });
    await inner.close();
    await again.close();
  });

  it('purges what is older than the retention', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'feedback-'));
    dirs.push(dir);
    let now = T0;
    const log = new Feedback({ dataDir: dir, retentionDays: 7, now: () => now });
    await log.recordAnswer(answer({ id: 'a-old' }));
    now = new Date(T0.getTime() + 8 * 86_400_000);
    await log.recordAnswer(answer({ id: 'a-new', at: now }));
    expect(await log.purge()).toEqual({ answers: 1, votes: 0 });
    const insights = await log.insights({ days: 30 });
    expect(insights.answers).toBe(1);
    expect(insights.reachesBack).toEqual(now);
    await log.close();
  });
});

describe('insights', () => {
  it('groups wordings of a question, counts "not in the sources" and 👎, and rates articles', () => {
    const rows = [
      {
        ...answer({ question: 'Alibaba nắm bao nhiêu cổ phần?', outcome: 'not-in-sources', passages: [] }),
        up: 0,
        down: 0,
      },
      {
        ...answer({ question: 'alibaba nam bao nhieu co phan', outcome: 'answered', locale: 'en-US' }),
        up: 0,
        down: 2,
      },
      { ...answer({ question: 'Ai là CEO?', outcome: 'answered' }), up: 3, down: 0 },
      {
        ...answer({
          question: 'Who?',
          command: 'who',
          passages: [{ source: 'sina-jv', passage: 'p9', paragraph: 1, lang: 'zh', role: 'other-language' }],
        }),
        up: 1,
        down: 1,
      },
    ];
    const got = insightsOf(rows, { days: 7, since: T0, retentionDays: 90 });
    expect(got.answers).toBe(4);
    expect(got.votes).toEqual({ up: 4, down: 3 });
    expect(got.questions.map((q) => [q.question, q.asked, q.notInSources, q.down, q.locales])).toEqual([
      ['alibaba nam bao nhieu co phan', 2, 1, 2, ['vi', 'en-US']],
      ['Who?', 1, 0, 1, ['vi']],
    ]);
    expect(got.questions[0]?.passages).toEqual([{ source: 'vnexpress-jv', paragraph: 3, shown: 1 }]);
    expect(got.articles).toEqual([
      { source: 'vnexpress-jv', up: 3, down: 2, ratio: 0.6 },
      { source: 'sina-jv', up: 1, down: 1, ratio: 0.5 },
    ]);
  });

  it('folds case, diacritics, Traditional characters and punctuation into one key', () => {
    expect(questionKey('ask', 'Alibaba nắm bao nhiêu CỔ PHẦN?')).toBe(
      questionKey('ask', ' alibaba nam bao nhieu co phan '),
    );
    expect(questionKey('ask', '阿里巴巴持股多少？')).toBe(questionKey('ask', '阿里巴巴持股多少'));
    expect(questionKey('who', 'x')).not.toBe(questionKey('ask', 'x'));
  });
});
