import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../src/app/commands.ts';
import { type Answering, recordVote, runAnswer } from '../src/app/feedback.ts';
import { answerLine, type Session } from '../src/cli/console.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { Feedback } from '../src/feedback/feedback.ts';
import { SqliteFeedback } from '../src/feedback/sqlite.ts';
import type { FeedbackStore, Insights } from '../src/feedback/types.ts';
import { decodeCustomId, decodeVoteId, encodeVoteId } from '../src/reply/customId.ts';
import { insightsReply } from '../src/reply/insights.ts';
import { MAX_CUSTOM_ID } from '../src/reply/limits.ts';
import type { CommandReply } from '../src/reply/types.ts';
import { withVoteButtons } from '../src/reply/votes.ts';
import { SearchEngine } from '../src/search/engine.ts';
import { CREATE_FLAGS, validateMessageBody } from './standin/validate.ts';
import { FormErrors } from './standin/util.ts';

/** What the stand-in (Discord's rules) says about a payload: nothing when it is valid. */
function problems(payload: CommandReply['payload']): string[] {
  const errors = new FormErrors();
  validateMessageBody(errors, payload, { prefix: [], allowedFlags: CREATE_FLAGS });
  return errors.flat;
}

const button = (id: string) =>
  ({ type: ComponentType.Button, style: ButtonStyle.Secondary, label: id, custom_id: id }) as const;
const replyWith = (rows: string[][]): CommandReply => ({
  payload: {
    content: 'x',
    components: rows.map((ids) => ({ type: ComponentType.ActionRow as const, components: ids.map(button) })),
  },
  citations: [],
});

function freeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) freeze(v);
  return Object.freeze(value);
}

describe('vote buttons', () => {
  it('carry the answer id and the vote in a custom id of our own', () => {
    const id = encodeVoteId({ value: -1, answerId: 'Ab3_-x9ZqLmN' });
    expect(id).toBe('v1:d:Ab3_-x9ZqLmN');
    expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
    expect(decodeVoteId(id)).toEqual({ value: -1, answerId: 'Ab3_-x9ZqLmN' });
    expect(decodeVoteId(encodeVoteId({ value: 1, answerId: 'a' }))).toEqual({ value: 1, answerId: 'a' });
    expect(decodeCustomId(id)).toBeNull();
    expect(decodeVoteId('q2:mv0=:3:ask:v1:u:x')).toBeNull();
    expect(decodeVoteId('v1:x:abc')).toBeNull();
    expect(() => encodeVoteId({ value: 1, answerId: 'has space' })).toThrow(/answerId/);
  });

  it('join the last row when it has room, take a row of their own when not, and never break the limits', () => {
    const joined = withVoteButtons(replyWith([['more', 'other']]), 'a1');
    expect(joined.payload.components).toHaveLength(1);
    expect(JSON.stringify(joined.payload.components)).toMatch(/"emoji":\{"name":"👍"\}.*"emoji":\{"name":"👎"\}/);
    expect(problems(joined.payload)).toEqual([]);
    const own = withVoteButtons(replyWith([['a', 'b', 'c', 'd']]), 'a1');
    expect(own.payload.components).toHaveLength(2);
    expect(problems(own.payload)).toEqual([]);
    const full = replyWith([1, 2, 3, 4, 5].map((r) => [1, 2, 3, 4, 5].map((b) => `${r}-${b}`)));
    expect(withVoteButtons(full, 'a1')).toBe(full);
    expect(withVoteButtons(replyWith([]), 'a1').payload.components).toHaveLength(1);
  });

  it('leave the reply they are added to as it was: a kept reply is frozen, and the next asker gets other ids', () => {
    const kept = replyWith([['more', 'other']]);
    const before = JSON.stringify(kept);
    freeze(kept);
    const first = withVoteButtons(kept, 'a1');
    const second = withVoteButtons(kept, 'b2');
    expect(JSON.stringify(kept)).toBe(before);
    expect(JSON.stringify(first.payload.components)).toContain('v1:u:a1');
    expect(JSON.stringify(first.payload.components)).not.toContain('b2');
    expect(JSON.stringify(second.payload.components)).toContain('v1:d:b2');
    expect(JSON.stringify(second.payload.components)).not.toContain('a1');
    expect(withVoteButtons(freeze(replyWith([['a', 'b', 'c', 'd']])), 'c3').payload.components).toHaveLength(2);
  });
});

describe('the insights reply', () => {
  const many: Insights = {
    days: 7,
    via: 'discord',
    since: new Date('2025-01-01'),
    reachesBack: new Date('2025-01-02'),
    retentionDays: 90,
    answers: 5000,
    votes: { up: 10, down: 900 },
    outcomes: { 'not-in-sources': 3000 },
    questions: Array.from({ length: 10 }, (_, i) => ({
      command: 'ask',
      question: `**${i}** ${'Alibaba nắm bao nhiêu cổ phần trong liên doanh? '.repeat(20)}`,
      key: `k${i}`,
      asked: 300,
      notInSources: 200,
      up: 1,
      down: 90,
      langs: ['vi', 'zh'],
      locales: ['vi', 'en-US', 'zh-CN'],
      passages: Array.from({ length: 30 }, (_, j) => ({ source: `source-${j}`, paragraph: j + 1, shown: 2 })),
    })),
    articles: Array.from({ length: 300 }, (_, j) => ({ source: `article-${j}`, up: j, down: 1, ratio: j / (j + 1) })),
  };

  it('stays within every Discord limit however much there is to show', () => {
    const reply = insightsReply(many, 'vi', () => undefined);
    expect(problems(reply.payload)).toEqual([]);
    expect(reply.payload.flags).toBe(64);
    const text = JSON.stringify(reply.payload.embeds);
    expect(text).toContain('… +');
    expect(text).toContain('\\\\*\\\\*0\\\\*\\\\*');
  });

  it('says how far back it reaches, and that nothing was recorded when nothing was', () => {
    const empty = insightsReply(
      {
        ...many,
        answers: 0,
        votes: { up: 0, down: 0 },
        outcomes: {},
        questions: [],
        articles: [],
        reachesBack: undefined,
      },
      'en',
      () => undefined,
    );
    expect(empty.payload.embeds?.[0]?.description).toContain('No answers were recorded in this window.');
    const full = insightsReply(many, 'en', () => undefined);
    expect(full.payload.embeds?.[0]?.description).toContain(
      'Reaches back to <t:1735776000:D>; answers are kept 90 days.',
    );
  });
});

describe('the console’s /press', () => {
  let d: Answering;
  let inner: SqliteFeedback;
  beforeAll(async () => {
    const engine = new SearchEngine(await loadCorpus('corpus'));
    inner = new SqliteFeedback(':memory:');
    d = {
      commands,
      context: { engine: () => engine, defaultLang: 'vi' },
      feedback: new Feedback({ dataDir: '', retentionDays: 90 }, () => Promise.resolve(inner)),
    };
  });

  it('presses More, Other language and 👎 of the last reply, recorded with via console', async () => {
    const session: Session = {};
    const first = await answerLine(d, '/ask question:Alibaba liên doanh với ai? lang:vi', 'en-US', false, session);
    expect(first).toMatch(/\[1 More\] \[2 Other language\] \[3 👍\] \[4 👎\]/);
    const next = await answerLine(d, '/press 1', 'en-US', false, session);
    expect(next).not.toBe(first);
    const down = /\[(\d) 👎\]/.exec(next)?.[1];
    expect(await answerLine(d, `/press ${down}`, 'en-US', false, session)).toBe('(👎 recorded)');
    expect(await answerLine(d, '/press 9', 'en-US', false, session)).toMatch(/^! \/press <n>: n from 1 to \d/);
    const other = /\[(\d) Other language\]/.exec(next)?.[1];
    expect(await answerLine(d, `press ${other}`, 'en-US', false, session)).toContain('Chinese');
    // Answers of the same millisecond come in any order: compare them sorted.
    const rows = (await inner.answersSince(new Date(0), 'console'))
      .map((r) => [r.command, r.offset, r.down, r.lang] as const)
      .sort((x, y) => x[3].localeCompare(y[3]) || x[1] - y[1]);
    expect(rows).toEqual([
      ['ask', 0, 0, 'vi'],
      ['ask', 3, 1, 'vi'],
      ['ask', 0, 0, 'zh'],
    ]);
  });
});

describe('recording an answer', () => {
  let engine: SearchEngine;
  beforeAll(async () => {
    engine = new SearchEngine(await loadCorpus('corpus'));
  });
  const request = {
    command: 'ask',
    options: { question: 'Alibaba liên doanh với ai?', lang: 'vi' },
    user: 'u1',
    canModerate: false,
  };
  const votesOf = (reply: CommandReply): string[] =>
    [...JSON.stringify(reply.payload).matchAll(/"custom_id":"([^"]+)"/g)]
      .map((m) => m[1] ?? '')
      .filter((id) => decodeVoteId(id) !== null);

  it('writes nothing until the transport says the reply was sent, then the answer with its votes', async () => {
    const inner = new SqliteFeedback(':memory:');
    const d: Answering = {
      commands,
      context: { engine: () => engine, defaultLang: 'vi' },
      feedback: new Feedback({ dataDir: '', retentionDays: 90 }, () => Promise.resolve(inner)),
    };
    const { reply, sent } = await runAnswer(d, request, { via: 'http', guild: '42' });
    const [up = '', down = ''] = votesOf(reply);
    expect(decodeVoteId(up)?.value).toBe(1);
    expect(decodeVoteId(down)?.value).toBe(-1);
    expect(await inner.answersSince(new Date(0))).toEqual([]);
    sent();
    // A vote pressed before the answer is written waits for it (recordVote tries again a few times).
    expect(await recordVote(d, down, 'u2', { via: 'http' })).toBe('recorded');
    expect(await recordVote(d, up, 'u2', { via: 'http' })).toBe('recorded');
    const [row, ...more] = await inner.answersSince(new Date(0));
    expect(more).toEqual([]);
    expect(row).toMatchObject({ via: 'http', guild: '42', command: 'ask', outcome: 'answered', up: 1, down: 0 });
    expect(row?.passages.map((p) => p.passage)).toEqual(reply.citations.map((c) => c.passage));
  });

  it('tells the log, never the member, when the storage fails', async () => {
    const broken = (): Promise<FeedbackStore> => Promise.reject(new Error('disk full'));
    const failures: string[] = [];
    const d: Answering = {
      commands,
      context: { engine: () => engine, defaultLang: 'vi' },
      feedback: new Feedback({ dataDir: '', retentionDays: 90 }, broken),
      onFeedbackError: (err, what) => failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`),
    };
    const { reply, sent } = await runAnswer(d, request, { via: 'discord' });
    expect(reply.outcome).toBe('answered');
    expect(reply.citations.length).toBeGreaterThan(0);
    expect(JSON.stringify(reply.payload)).not.toContain('disk full');
    expect(() => sent()).not.toThrow();
    const [, down = ''] = votesOf(reply);
    expect(await recordVote(d, down, 'u1', { via: 'discord' })).toBe('failed');
    await expect.poll(() => failures.length).toBe(2);
    expect(failures.sort()).toEqual(['answer: disk full', 'vote: disk full']);
  });
});
