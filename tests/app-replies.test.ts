/**
 * Kept replies (src/app/replies.ts): the same request is answered again from what was rendered for the index in
 * use, and never from an older index once the corpus changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnswer } from '../src/app/feedback.ts';
import { ReplyCache } from '../src/app/replies.ts';
import { type App, startApp } from '../src/app/runtime.ts';
import type { CommandRequest } from '../src/command/contract.ts';
import { tempCorpus } from './e2e/bot.ts';
import { BALLOON_ARTICLE } from './helpers/articles.ts';

const ask = (question: string, more: Partial<CommandRequest> = {}): CommandRequest => ({
  command: 'ask',
  options: { question },
  locale: 'vi',
  canModerate: false,
  user: '1',
  ...more,
});
const VIA = { via: 'http' } as const;

describe('kept replies', () => {
  let app: App;
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;
  const replies = () => app.replies!;

  beforeAll(async () => {
    corpus = await tempCorpus();
    app = await startApp({ corpusDir: corpus.dir, defaultLang: 'vi' });
  });
  afterAll(async () => {
    await (app as App | undefined)?.close();
    await (corpus as typeof corpus | undefined)?.remove();
  });

  it('answers the same request again from the kept reply, the same as computing it', async () => {
    const fresh = (await runAnswer({ ...app, replies: new ReplyCache() }, ask('Alibaba liên doanh với ai?'), VIA))
      .reply;
    const hits = replies().hits;
    const first = (await runAnswer(app, ask('Alibaba liên doanh với ai?'), VIA)).reply;
    const again = (await runAnswer(app, ask('Alibaba liên doanh với ai?'), VIA)).reply;
    expect(replies().hits).toBe(hits + 1);
    expect(again).toBe(first);
    expect(again).toEqual(fresh);
    // Another client language, page or option is another reply.
    const zh = (await runAnswer(app, ask('Alibaba liên doanh với ai?', { locale: 'zh-CN' }), VIA)).reply;
    const page2 = (await runAnswer(app, ask('Alibaba liên doanh với ai?', { offset: 3 }), VIA)).reply;
    const hidden = (
      await runAnswer(
        app,
        ask('Alibaba liên doanh với ai?', { options: { question: 'Alibaba liên doanh với ai?', hide: true } }),
        VIA,
      )
    ).reply;
    expect(replies().hits).toBe(hits + 1);
    expect(zh.payload.content).not.toBe(first.payload.content);
    expect(page2.citations).not.toEqual(first.citations);
    expect(hidden.payload.flags! & 64).toBe(64);
  });

  it('keeps a reply nobody can change for the next asker', async () => {
    await runAnswer(app, ask('MegaFon góp bao nhiêu?'), VIA);
    const kept = (await runAnswer(app, ask('MegaFon góp bao nhiêu?'), VIA)).reply;
    expect(() => {
      kept.payload.content = 'changed';
    }).toThrow(TypeError);
    expect(() => kept.payload.embeds!.push({ title: 'x' })).toThrow(TypeError);
  });

  it('gives every answer its own 👍/👎, kept or not', async () => {
    const votes = async () =>
      JSON.stringify((await runAnswer(app, ask('Ai sẽ là CEO?'), VIA)).reply.payload.components ?? []).match(
        /v1:u:[^"]+/g,
      );
    const [a, b] = [await votes(), await votes()];
    // Without a feedback log there are no votes to give.
    if (app.feedback) expect(a).not.toEqual(b);
    else expect(a).toBeNull();
  });

  it('keeps no refusal, and nothing of a command that changes things', async () => {
    const size = replies().size;
    const refused = await runAnswer(app, { ...ask(''), options: { question: 'x'.repeat(5_000) } }, VIA);
    expect(refused.reply.error).toBe(true);
    await runAnswer(app, { command: 'corpus', subcommand: 'status', options: {}, canModerate: true, user: '1' }, VIA);
    expect(replies().size).toBe(size);
  });

  it('never answers from the index a change replaced', async () => {
    const sources = { command: 'sources', options: {}, locale: 'vi', canModerate: false } satisfies CommandRequest;
    const before = (await runAnswer(app, sources, VIA)).reply;
    expect((await runAnswer(app, sources, VIA)).reply).toBe(before);
    expect(JSON.stringify(before.payload)).not.toContain('Khinh khí cầu tím');
    await app.store.add(BALLOON_ARTICLE, { by: 'test' });
    const after = (await runAnswer(app, sources, VIA)).reply;
    expect(JSON.stringify(after.payload)).toContain('Khinh khí cầu tím');
    expect(replies().size).toBe(1);
    await app.store.remove('khinh-khi-cau', 'test');
    expect(JSON.stringify((await runAnswer(app, sources, VIA)).reply.payload)).not.toContain('Khinh khí cầu tím');
  });
});
