/**
 * Feedback and the /stake chart on the HTTP interactions endpoint (src/http/server.ts), against the stand-in in
 * HTTP mode: a JSON response cannot carry a file, so an answer with the chart is acknowledged and sent through the
 * webhook; a 👍/👎 press is acknowledged without a new message and recorded with `via` http.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../src/app/runtime.ts';
import { deploy, deployPlan } from '../src/discord/deploy.ts';
import { InteractionServer } from '../src/http/server.ts';
import { publicKeyFromHex } from '../src/http/signature.ts';
import { createLogger } from '../src/log.ts';
import { tempCorpus, TEST_APP, TEST_STANDIN } from './e2e/bot.ts';
import { button, chatInput, customIdsOf, type InteractionHandle, startStandin, type Standin } from './standin/index.ts';

async function answered(h: InteractionHandle) {
  const result = await h.settled(60_000);
  expect(h.errors, JSON.stringify(h.errors)).toEqual([]);
  if (result.kind !== 'message') throw new Error(`expected a message, got ${result.kind}`);
  return result.message;
}

describe('feedback and the chart on the HTTP endpoint', () => {
  let standin: Standin;
  let server: InteractionServer;
  let app: App;
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;
  let dataDir: string;
  const lines: string[] = [];
  const logs = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    standin = await startStandin(TEST_STANDIN);
    corpus = await tempCorpus();
    dataDir = await mkdtemp(path.join(tmpdir(), 'deal-qa-http-feedback-'));
    const logger = createLogger({
      level: 'debug',
      secrets: [TEST_APP.token],
      destination: { write: (s: string) => void lines.push(s) },
    });
    server = new InteractionServer({
      commands: (await import('../commands/index.ts')).commands,
      publicKey: publicKeyFromHex(standin.publicKey),
      apiBase: standin.restBase,
      moderatorRoleIds: [standin.world.moderatorRoleId],
      logger,
    });
    const { port } = await server.listen(0, '127.0.0.1');
    standin.useInteractionsEndpoint(`http://127.0.0.1:${port}/interactions`);
    app = await startApp({ corpusDir: corpus.dir, defaultLang: 'vi', dataDir });
    await deploy(deployPlan(app.commands, TEST_APP), { token: TEST_APP.token, apiBase: standin.restBase });
    server.ready(app);
  });

  afterAll(async () => {
    await (server as InteractionServer | undefined)?.stop();
    await (app as App | undefined)?.close();
    await (standin as Standin | undefined)?.close();
    await (corpus as typeof corpus | undefined)?.remove();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('sends the /stake chart through the webhook, after acknowledging', async () => {
    const stake = standin.dispatchInteraction(chatInput('stake', { lang: 'zh' }, { locale: 'en-US' }));
    const m = await answered(stake);
    expect(stake.callbacks.map((c) => c.type)).toEqual([5]);
    expect(m.attachments.map((a) => [a.filename, a.content_type])).toEqual([['stake-chart.png', 'image/png']]);
    expect(m.attachments[0]!.description).toMatch(/阿里巴巴 48% · MegaFon 24% · Mail\.ru 15% · RDIF 13%: .+, ¶ \d+/);
    const png = Buffer.from(await (await fetch(m.attachments[0]!.url)).arrayBuffer());
    expect(png.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
  });

  it('turns a /stake answer to its other language in place: the update deferred, the new chart edited in', async () => {
    const stake = standin.dispatchInteraction(chatInput('stake', { lang: 'zh' }, { locale: 'en-US' }));
    const zh = await answered(stake);
    const other = customIdsOf(zh).find((id) => id.startsWith('q2:o'));
    expect(other, customIdsOf(zh).join(', ')).toBeTruthy();
    const messages = standin.interactionMessages().length;
    const press = standin.dispatchInteraction(button(other!, zh, { locale: 'en-US' }));
    const vi = await answered(press);
    // A JSON response cannot carry the chart: the update is deferred (6), then @original (the message pressed) edited.
    expect(press.callbacks.map((c) => c.type)).toEqual([6]);
    expect(press.sentBodies.map((b) => b.via)).toEqual(['edit']);
    expect(vi.id).toBe(zh.id);
    expect(vi.attachments.map((a) => a.filename)).toEqual(['stake-chart.png']);
    expect(vi.attachments[0]!.id).not.toBe(zh.attachments[0]!.id);
    // It is another answer, recorded on its own: its 👍/👎 are not the Chinese answer's.
    expect(other).toMatch(/^q2:ov/);
    const votes = (m: typeof zh) => customIdsOf(m).filter((id) => id.startsWith('v1:'));
    expect(votes(vi)).toHaveLength(2);
    expect(votes(vi)).not.toEqual(votes(zh));
    expect(stake.original()).toEqual(vi);
    expect(press.followups()).toEqual([]);
    expect(standin.interactionMessages()).toHaveLength(messages);
  });

  it('acknowledges a 👎 without a new message and records it, with the answer, as given via http', async () => {
    const good = await answered(
      standin.dispatchInteraction(chatInput('who', { name: 'MegaFon', lang: 'vi' }, { locale: 'vi' })),
    );
    const down = customIdsOf(good).find((id) => id.startsWith('v1:d:'))!;
    expect(down).toBeTruthy();
    const press = standin.dispatchInteraction(button(down, good, { locale: 'vi' }));
    expect((await press.firstResponse()).type).toBe(6);
    await expect
      .poll(() => logs().some((l) => l.kind === 'vote' && l.vote === 'recorded'), { timeout: 30_000 })
      .toBe(true);
    expect(press.errors).toEqual([]);
    expect(press.followups()).toEqual([]);
    const insights = await app.feedback!.insights({ days: 1, via: 'http' });
    expect(JSON.stringify(insights)).toContain('MegaFon');
    expect(insights.votes).toEqual({ up: 0, down: 1 });
  });
});
