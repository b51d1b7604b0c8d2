/**
 * End to end: the real bot process (`src/index.ts`, what `npm start` runs) and the real deploy script, talking
 * through discord.js to the Discord API stand-in on 127.0.0.1. Nothing here reaches Discord.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  autocomplete,
  button,
  chatInput,
  customIdsOf,
  type InteractionHandle,
  startStandin,
  type Standin,
} from './standin/index.ts';
import {
  BotProcess,
  botEnv,
  ROOT,
  runEntry,
  standinEnv,
  startBotProcess,
  tempCorpus,
  TEST_APP,
  TEST_STANDIN,
} from './e2e/bot.ts';
import { MessageFlags } from 'discord-api-types/v10';

function baseEnv(standin: Standin, corpusDir: string, extra: Record<string, string | undefined> = {}) {
  // The stand-in's moderator role; members given it with no permissions test the role path alone.
  return standinEnv(standin, corpusDir, {
    MODERATOR_ROLE_IDS: standin.world.moderatorRoleId,
    LOG_LEVEL: 'debug',
    ...extra,
  });
}

/** The message a settled interaction shows, with what the stand-in rejected on the way (must be nothing). */
async function answered(h: InteractionHandle): Promise<APIMessage> {
  const result = await h.settled();
  expect(h.errors, JSON.stringify(h.errors)).toEqual([]);
  if (result.kind !== 'message') throw new Error(`expected a message, got ${result.kind}`);
  return result.message;
}

/** What a user reads: content and embeds, without Markdown bold and escapes. */
const text = (m: APIMessage) =>
  [
    m.content,
    ...m.embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ]
    .join('\n')
    .replace(/\*\*/g, '')
    .replace(/\\(.)/g, '$1');

const NEW_ARTICLE = `---
title: "AliExpress Russia tuyển nhân viên tại Moskva"
lang: vi
url: https://example.com/aliexpress-russia-tuyen-dung
published: 2019-06-01
publisher: Example News
---
AliExpress Russia cho biết liên doanh đã tuyển được 730 kỹ sư phần mềm tại Moskva trong năm đầu hoạt động.
`;

describe('npm run deploy', () => {
  let standin: Standin;
  beforeAll(async () => {
    standin = await startStandin(TEST_STANDIN);
  });
  afterAll(() => standin.close());

  it('prints the JSON body with --dry-run, without a token and without contacting Discord', async () => {
    const run = await runEntry('src/deploy.ts', ['--dry-run'], botEnv({ DISCORD_API_BASE: standin.restBase }));
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as Array<{ name: string; default_member_permissions?: string }>;
    expect(body.map((c) => c.name).sort()).toEqual(['ask', 'corpus', 'sources', 'stake', 'who']);
    expect(body.find((c) => c.name === 'corpus')?.default_member_permissions).toBe('32');
    expect(run.stderr).toMatch(/dry run: would PUT .*\/applications\/APPLICATION_ID\/commands \(global, 5 commands\)/);
    expect(standin.requests).toEqual([]);
  });

  it('takes npm’s own dry-run setting (npm run deploy --dry-run, without --) for a dry run', async () => {
    const run = await runEntry(
      'src/deploy.ts',
      [],
      botEnv({
        DISCORD_TOKEN: TEST_APP.token,
        DISCORD_APPLICATION_ID: TEST_APP.applicationId,
        DISCORD_API_BASE: standin.restBase,
        npm_config_dry_run: 'true',
      }),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^dry run: would PUT /);
    expect((JSON.parse(run.stdout) as unknown[]).length).toBe(5);
    expect(standin.requests).toEqual([]);
  });

  it('bulk-overwrites the commands of the server named by DISCORD_GUILD_ID, and again without spending creates', async () => {
    const env = botEnv({
      DISCORD_TOKEN: TEST_APP.token,
      DISCORD_APPLICATION_ID: TEST_APP.applicationId,
      DISCORD_GUILD_ID: TEST_APP.guildId,
      DISCORD_API_BASE: standin.restBase,
    });
    const first = await runEntry('src/deploy.ts', [], env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(`Deployed 5 commands to server ${TEST_APP.guildId}`);
    expect(
      standin
        .commands(TEST_APP.guildId)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['ask', 'corpus', 'sources', 'stake', 'who']);
    const creates = standin.commandCreatesToday(TEST_APP.guildId);
    await runEntry('src/deploy.ts', [], env);
    expect(standin.commandCreatesToday(TEST_APP.guildId)).toBe(creates);
    expect(standin.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
    expect(standin.commands()).toEqual([]);
  });

  it('deploys globally when no server is named', async () => {
    const run = await runEntry(
      'src/deploy.ts',
      [],
      botEnv({
        DISCORD_TOKEN: TEST_APP.token,
        DISCORD_APPLICATION_ID: TEST_APP.applicationId,
        DISCORD_API_BASE: standin.restBase,
      }),
    );
    expect(run.code).toBe(0);
    expect(standin.commands().map((c) => c.name)).toContain('corpus');
  });

  it('reports every missing setting at once, and a rejected token without printing it', async () => {
    const missing = await runEntry('src/deploy.ts', [], botEnv({ DEFAULT_LANG: 'fr' }));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('DEFAULT_LANG: expected "vi" or "zh"');
    expect(missing.stderr).toContain('DISCORD_TOKEN: missing');
    expect(missing.stderr).toContain('DISCORD_APPLICATION_ID: missing');
    const wrong = `${TEST_APP.token}-wrong`;
    const denied = await runEntry(
      'src/deploy.ts',
      [],
      botEnv({
        DISCORD_TOKEN: wrong,
        DISCORD_APPLICATION_ID: TEST_APP.applicationId,
        DISCORD_API_BASE: standin.restBase,
      }),
    );
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/401|Unauthorized/);
    expect(denied.stdout + denied.stderr).not.toContain(wrong);
  });
});

describe('the bot on Discord (stand-in)', () => {
  let standin: Standin;
  let bot: BotProcess;
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;

  beforeAll(async () => {
    standin = await startStandin(TEST_STANDIN);
    corpus = await tempCorpus();
    const env = baseEnv(standin, corpus.dir);
    const deployed = await runEntry('src/deploy.ts', [], env);
    expect(deployed.code, deployed.stderr).toBe(0);
    bot = startBotProcess(env);
    await standin.waitForReady(60_000);
    await bot.waitForLog((l) => l.msg === 'ready');
  }, 300_000);

  afterAll(async () => {
    // Unset when beforeAll failed before creating them.
    await (bot as BotProcess | undefined)?.stop();
    await (standin as Standin | undefined)?.close();
    await (corpus as typeof corpus | undefined)?.remove();
  });

  it('connects with the Guilds intent only and logs that it is ready', async () => {
    expect(standin.identifies.map((i) => i.intents)).toEqual([1]);
    const ready = await bot.waitForLog((l) => l.msg === 'ready');
    expect(ready).toMatchObject({ articles: 2, guilds: 1, commands: ['ask', 'stake', 'who', 'sources', 'corpus'] });
    expect(await bot.waitForLog((l) => l.msg === 'commands deployed')).toMatchObject({
      scope: 'guild',
      commands: ['ask', 'corpus', 'sources', 'stake', 'who'],
    });
  });

  it('answers /ask in Vietnamese and Chinese with cited passages', async () => {
    const vi = await answered(
      standin.dispatchInteraction(chatInput('ask', { question: 'Liên doanh trị giá bao nhiêu?' }, { locale: 'vi' })),
    );
    expect(vi.content).toContain('Theo các nguồn');
    expect(vi.embeds.length).toBeGreaterThan(0);
    expect(text(vi)).toMatch(/2 tỷ USD/);
    expect(text(vi)).toContain('techcrunch.com');
    const zh = await answered(
      standin.dispatchInteraction(chatInput('ask', { question: '合资公司的持股比例是多少？' }, { locale: 'zh-CN' })),
    );
    expect(zh.content).toContain('资料来源怎么说');
    expect(text(zh)).toMatch(/48%/);
  });

  it('answers /stake, /who and /sources in the user’s language', async () => {
    const stake = await answered(standin.dispatchInteraction(chatInput('stake', { lang: 'zh' }, { locale: 'zh-TW' })));
    expect(text(stake)).toMatch(/48%[\s\S]*24%|24%[\s\S]*48%/);
    const who = await answered(
      standin.dispatchInteraction(chatInput('who', { name: 'MegaFon', lang: 'vi' }, { locale: 'vi' })),
    );
    expect(text(who)).toContain('MegaFon');
    const sources = await answered(standin.dispatchInteraction(chatInput('sources', {}, { locale: 'zh-CN' })));
    expect(sources.content).toContain('资料来源');
    expect(text(sources)).toContain('techcrunch.com');
  });

  it('attaches the /stake chart: a PNG uploaded with the answer, its figures in the caption', async () => {
    const m = await answered(standin.dispatchInteraction(chatInput('stake', { lang: 'zh' }, { locale: 'en-US' })));
    expect(m.attachments.map((a) => [a.filename, a.content_type])).toEqual([['stake-chart.png', 'image/png']]);
    expect(m.attachments[0]!.description).toMatch(/阿里巴巴 48% · MegaFon 24% · Mail\.ru 15% · RDIF 13%: .+, ¶ \d+/);
    expect(m.content).toContain('📊');
    const png = Buffer.from(await (await fetch(m.attachments[0]!.url)).arrayBuffer());
    expect(png.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
  });

  it('says so when the sources do not answer, rather than guessing', async () => {
    const m = await answered(
      standin.dispatchInteraction(
        chatInput('ask', { question: 'Giá cổ phiếu Tesla hôm nay là bao nhiêu?' }, { locale: 'vi' }),
      ),
    );
    expect(m.content).toContain('Không có trong nguồn');
    expect(m.embeds).toEqual([]);
  });

  it('suggests names in /who autocomplete', async () => {
    const result = await standin.dispatchInteraction(autocomplete('who', { name: '马' }, 'name')).settled();
    expect(result.kind).toBe('autocomplete');
    if (result.kind === 'autocomplete') expect(result.choices.map((c) => c.value)).toContain('jack-ma');
  });

  it('follows both buttons in place: More pages on, Other language answers from the other articles', async () => {
    const ask = standin.dispatchInteraction(
      chatInput('ask', { question: 'Alibaba liên doanh với ai?', lang: 'vi' }, { locale: 'vi' }),
    );
    const first = await answered(ask);
    const ids = customIdsOf(first);
    const more = ids.find((id) => id.startsWith('q2:m'));
    const other = ids.find((id) => id.startsWith('q2:o'));
    expect(more && other, ids.join(', ')).toBeTruthy();
    const messages = standin.interactionMessages().length;
    // Each press updates the message pressed (interaction.update: UPDATE_MESSAGE), which keeps its id.
    const pressMore = standin.dispatchInteraction(button(more!, first, { locale: 'vi' }));
    const next = await answered(pressMore);
    expect(pressMore.callbacks.map((c) => c.type)).toEqual([7]);
    expect(next.id).toBe(first.id);
    expect(next.embeds.length).toBeGreaterThan(0);
    expect(next.embeds.map((e) => e.description)).not.toEqual(first.embeds.map((e) => e.description));
    expect(ask.original()).toEqual(next);
    const pressOther = standin.dispatchInteraction(button(other!, next, { locale: 'vi' }));
    const zh = await answered(pressOther);
    expect(pressOther.callbacks.map((c) => c.type)).toEqual([7]);
    expect(zh.id).toBe(first.id);
    expect(zh.embeds.length).toBeGreaterThan(0);
    expect(zh.embeds.every((e) => (e.description ?? '').includes('Tiếng Trung'))).toBe(true);
    expect(ask.original()).toEqual(zh);
    expect([...pressMore.followups(), ...pressOther.followups()]).toEqual([]);
    expect(standin.interactionMessages()).toHaveLength(messages);
  });

  it('turns the /stake chart to the other language in place, the new chart uploaded with the update', async () => {
    const stake = standin.dispatchInteraction(chatInput('stake', { lang: 'zh' }, { locale: 'en-US' }));
    const zh = await answered(stake);
    const other = customIdsOf(zh).find((id) => id.startsWith('q2:o'));
    expect(other, customIdsOf(zh).join(', ')).toBeTruthy();
    const messages = standin.interactionMessages().length;
    const press = standin.dispatchInteraction(button(other!, zh, { locale: 'en-US' }));
    const vi = await answered(press);
    expect(press.callbacks.map((c) => c.type)).toEqual([7]);
    expect(vi.id).toBe(zh.id);
    // One chart, the new one: the old attachment is not kept beside it.
    expect(vi.attachments.map((a) => a.filename)).toEqual(['stake-chart.png']);
    expect(vi.attachments[0]!.id).not.toBe(zh.attachments[0]!.id);
    expect(stake.original()).toEqual(vi);
    expect(standin.interactionMessages()).toHaveLength(messages);
  });

  it('shows a member’s 👎 and a “not in the sources” in /corpus insights, for moderators only', async () => {
    const missing = await answered(
      standin.dispatchInteraction(chatInput('ask', { question: 'Tesla bán bao nhiêu ô tô điện?' }, { locale: 'vi' })),
    );
    expect(missing.content).toContain('Không có trong nguồn');
    const good = await answered(
      standin.dispatchInteraction(chatInput('who', { name: 'MegaFon', lang: 'vi' }, { locale: 'vi' })),
    );
    const ids = customIdsOf(good);
    expect(ids.filter((id) => id.startsWith('v1:'))).toHaveLength(2);
    // The member presses 👎: acknowledged at once, no new message, the answer left as it was.
    const down = ids.find((id) => id.startsWith('v1:d:'))!;
    const press = standin.dispatchInteraction(button(down, good, { locale: 'vi' }));
    expect((await press.firstResponse()).type).toBe(6);
    await bot.waitForLog((l) => l.kind === 'vote' && l.customId === down && l.vote === 'recorded');
    expect(press.errors).toEqual([]);
    expect(press.followups()).toEqual([]);
    expect(press.original()).toEqual(good);
    // Members cannot read it.
    const refused = await answered(
      standin.dispatchInteraction(chatInput('corpus', {}, { subcommand: 'insights', locale: 'en-US' })),
    );
    expect(refused.content).toBe('Only moderators can do this.');
    // Answers are written just after they are sent: ask again (bounded) until both are in.
    let shown = '';
    for (let i = 0; i < 20 && !(shown.includes('Tesla') && shown.includes('👎 1')); i++) {
      if (i) await new Promise((r) => setTimeout(r, 250));
      const m = await answered(
        standin.dispatchInteraction(
          chatInput('corpus', { days: 1 }, { subcommand: 'insights', moderator: true, locale: 'en-US' }),
        ),
      );
      expect(m.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      shown = text(m);
    }
    expect(shown).toMatch(/\/ask “Tesla bán bao nhiêu ô tô điện\?”\n.*not in the sources 1×/);
    expect(shown).toMatch(/\/who “MegaFon”\n.*👍 0 · 👎 1/);
    expect(shown).toMatch(/Reaches back to <t:\d+:D>; answers are kept 90 days\./);
    expect(shown).toMatch(/👎 1 · 0%/);
  });

  it('answers a button it cannot read with a private “no longer valid” in the user’s language', async () => {
    const m = await answered(
      standin.dispatchInteraction(button('q1:this-is-not-a-real-button', undefined, { locale: 'zh-CN' })),
    );
    expect(m.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(m.content).toContain('此按钮已失效');
  });

  it('refuses /corpus privately to a member without Manage Guild, and changes nothing', async () => {
    const before = await readdir(corpus.dir);
    const h = standin.dispatchInteraction(
      chatInput('corpus', { source: 'alibaba-russia-zh' }, { subcommand: 'remove', locale: 'vi' }),
    );
    const m = await answered(h);
    expect(h.callbacks.map((c) => c.type)).toEqual([4]);
    expect(m.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(m.content).toBe('Chỉ người kiểm duyệt mới làm được việc này.');
    expect(await readdir(corpus.dir)).toEqual(before);
    const choices = await standin
      .dispatchInteraction(autocomplete('corpus', { source: '' }, 'source', { subcommand: 'remove' }))
      .settled();
    expect(choices).toEqual({ kind: 'autocomplete', choices: [] });
  });

  it('lets a member with a role from MODERATOR_ROLE_IDS see the status', async () => {
    const m = await answered(
      standin.dispatchInteraction(
        chatInput(
          'corpus',
          {},
          { subcommand: 'status', roles: [standin.world.moderatorRoleId], permissions: '0', locale: 'en-US' },
        ),
      ),
    );
    expect(m.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(text(m)).toMatch(/Articles \(2\)[\s\S]*alibaba-russia-vi[\s\S]*alibaba-russia-zh/);
    expect(text(m)).toContain('startup');
  });

  it('reloads the folder after an edit, and a broken edit changes nothing', async () => {
    const file = path.join(corpus.dir, 'alibaba-russia-vi.md');
    const original = await readFile(file, 'utf8');
    await writeFile(
      file,
      `${original.trimEnd()}\n\nMoskva là nơi đặt trụ sở chính của liên doanh, với 300 nhân viên kỹ thuật.\n`,
    );
    const reload = standin.dispatchInteraction(chatInput('corpus', {}, { subcommand: 'reload', moderator: true }));
    const done = await answered(reload);
    expect(reload.callbacks[0]?.type).toBe(5);
    expect(done.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(text(done)).toContain('Corpus reloaded.');
    expect(text(done)).toMatch(/Changed[\s\S]*alibaba-russia-vi/);
    expect(text(done)).toMatch(/Passages: \+1 −0/);
    const found = await answered(
      standin.dispatchInteraction(
        chatInput('ask', { question: 'Liên doanh có bao nhiêu nhân viên kỹ thuật?', lang: 'vi' }, { locale: 'vi' }),
      ),
    );
    expect(text(found)).toContain('300 nhân viên kỹ thuật');

    await writeFile(file, original.replace('lang: vi', 'lang: ru'));
    const broken = await answered(
      standin.dispatchInteraction(chatInput('corpus', {}, { subcommand: 'reload', moderator: true, locale: 'vi' })),
    );
    expect(broken.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(text(broken)).toContain('Không có gì thay đổi');
    expect(text(broken)).toMatch(/alibaba-russia-vi\.md: lang/);
    const still = await answered(
      standin.dispatchInteraction(
        chatInput('ask', { question: 'Liên doanh có bao nhiêu nhân viên kỹ thuật?', lang: 'vi' }, { locale: 'vi' }),
      ),
    );
    expect(text(still)).toContain('300 nhân viên kỹ thuật');
    await writeFile(file, original);
    await answered(standin.dispatchInteraction(chatInput('corpus', {}, { subcommand: 'reload', moderator: true })));
  });

  it('adds an uploaded article, refuses a broken one or a silent overwrite, and removes it again', async () => {
    const before = await readdir(corpus.dir);
    const bad = standin.serveAttachment('tin-moi.md', NEW_ARTICLE.replace(/^title: .*$/m, ''), 'text/markdown');
    const refused = await answered(
      standin.dispatchInteraction(chatInput('corpus', { file: bad }, { subcommand: 'add', moderator: true })),
    );
    expect(refused.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(text(refused)).toMatch(/Nothing changed[\s\S]*tin-moi\.md: title/);
    expect(await readdir(corpus.dir)).toEqual(before);

    const good = standin.serveAttachment('Tin Mới.md', NEW_ARTICLE, 'text/markdown');
    const added = await answered(
      standin.dispatchInteraction(chatInput('corpus', { file: good }, { subcommand: 'add', moderator: true })),
    );
    expect(text(added)).toContain('Article tin-moi.md added.');
    expect(text(added)).toMatch(/Added[\s\S]*tin-moi/);
    expect(await readdir(corpus.dir)).toContain('tin-moi.md');
    const asked = await answered(
      standin.dispatchInteraction(
        chatInput('ask', { question: 'Liên doanh đã tuyển bao nhiêu kỹ sư phần mềm?', lang: 'vi' }, { locale: 'vi' }),
      ),
    );
    expect(text(asked)).toContain('730 kỹ sư');
    expect(text(asked)).toContain('example.com/aliexpress-russia-tuyen-dung');

    const again = await answered(
      standin.dispatchInteraction(
        chatInput(
          'corpus',
          { file: standin.serveAttachment('tin-moi.md', NEW_ARTICLE) },
          { subcommand: 'add', moderator: true },
        ),
      ),
    );
    expect(text(again)).toContain('already exists; use replace:true');

    const choices = await standin
      .dispatchInteraction(
        autocomplete('corpus', { source: 'tin' }, 'source', { subcommand: 'remove', moderator: true }),
      )
      .settled();
    expect(choices.kind === 'autocomplete' && choices.choices.map((c) => c.value)).toEqual(['tin-moi']);
    const removed = await answered(
      standin.dispatchInteraction(
        chatInput('corpus', { source: 'tin-moi' }, { subcommand: 'remove', moderator: true }),
      ),
    );
    expect(text(removed)).toMatch(/Removed[\s\S]*tin-moi/);
    expect(await readdir(corpus.dir)).not.toContain('tin-moi.md');
    expect(await readdir(path.join(corpus.dir, '.trash'))).toHaveLength(1);
  });

  it('refuses to remove an article the rest of the corpus depends on', async () => {
    const before = await readdir(corpus.dir);
    const m = await answered(
      standin.dispatchInteraction(
        chatInput(
          'corpus',
          { source: 'alibaba-russia-zh' },
          { subcommand: 'remove', moderator: true, locale: 'zh-CN' },
        ),
      ),
    );
    expect(m.content).toContain('没有任何更改');
    expect(text(m)).toContain('entities.yaml');
    expect(await readdir(corpus.dir)).toEqual(before);
    const sources = await answered(standin.dispatchInteraction(chatInput('sources', {})));
    expect(text(sources)).toContain('(2)');
  });

  it('resumes after the gateway drops and keeps answering', async () => {
    await standin.dropGateway('close');
    await standin.waitForResumes(1, 15_000);
    await bot.waitForLog((l) => l.msg === 'gateway resumed');
    const m = await answered(standin.dispatchInteraction(chatInput('stake', {}, { locale: 'vi' })));
    expect(m.embeds.length).toBeGreaterThan(0);
    expect(standin.identifies).toHaveLength(1);
  });

  it('answers 200 interactions dispatched at once, each exactly once (the 3 s goal is measured by bench:e2e)', async () => {
    const questions = [
      'Ai sở hữu bao nhiêu cổ phần?',
      '阿里巴巴投资了多少？',
      'Mail.ru là công ty gì?',
      '谁将出任 CEO？',
      'Liên doanh có tên là gì?',
    ];
    const handles = Array.from({ length: 200 }, (_, i) => {
      switch (i % 5) {
        case 0:
          return standin.dispatchInteraction(
            chatInput('ask', { question: questions[i % questions.length]! }, { locale: i % 2 ? 'vi' : 'zh-CN' }),
          );
        case 1:
          return standin.dispatchInteraction(chatInput('stake', {}, { locale: 'zh-TW' }));
        case 2:
          return standin.dispatchInteraction(chatInput('who', { name: i % 2 ? 'RDIF' : '马云' }, { locale: 'vi' }));
        case 3:
          return standin.dispatchInteraction(autocomplete('who', { name: 'Me' }, 'name'));
        default:
          return standin.dispatchInteraction(chatInput('sources', {}, { locale: 'en-US' }));
      }
    });
    const results = await Promise.all(handles.map((h) => h.settled(60_000)));
    expect(results).toHaveLength(200);
    expect(handles.flatMap((h) => h.errors)).toEqual([]);
    // Each answered exactly once: one accepted callback per interaction, nothing rejected or lost.
    expect(handles.map((h) => h.callbacks.filter((c) => c.status < 300).length)).toEqual(handles.map(() => 1));
  });

  it('logs every interaction, and never puts the token in a log line or a request body', async () => {
    // Log lines arrive through a pipe: wait (bounded) until the burst above has been written.
    const deadline = Date.now() + 5_000;
    while (bot.logs().filter((l) => l.msg === 'interaction').length < 200 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const interactions = bot.logs().filter((l) => l.msg === 'interaction');
    expect(interactions.length).toBeGreaterThanOrEqual(200);
    expect(interactions.find((l) => l.kind === 'command')).toMatchObject({
      command: expect.any(String),
      outcome: 'answered',
      ms: expect.any(Number),
    });
    expect(bot.output()).not.toContain(TEST_APP.token);
    for (const r of standin.requests) expect(r.body).not.toContain(TEST_APP.token);
  });
});

describe('starting and stopping', () => {
  it('finishes interactions in flight on SIGTERM, leaves the gateway and exits 0', async () => {
    const standin = await startStandin(TEST_STANDIN);
    const corpus = await tempCorpus();
    const env = baseEnv(standin, corpus.dir);
    let bot: BotProcess | undefined;
    try {
      expect((await runEntry('src/deploy.ts', [], env)).code).toBe(0);
      bot = startBotProcess(env);
      await standin.waitForReady(60_000);
      const handles = Array.from({ length: 30 }, (_, i) =>
        standin.dispatchInteraction(chatInput('ask', { question: `Alibaba ${i}` }, { locale: 'vi' })),
      );
      // Let the bot receive them (the gateway sends at once), then stop it while they are being answered.
      await standin.waitFor(
        () => (standin.requests.length > 2 ? true : undefined),
        30_000,
        () => 'the first callbacks',
      );
      const exited = await bot.stop('SIGTERM');
      expect(exited.code).toBe(0);
      const settled = await Promise.all(handles.map((h) => h.settled(60_000)));
      expect(settled.every((s) => s.kind === 'message')).toBe(true);
      expect(handles.flatMap((h) => h.errors)).toEqual([]);
      expect(standin.session?.connected).toBe(false);
      expect(bot.logs().map((l) => l.msg)).toEqual(
        expect.arrayContaining(['signal received', 'shutting down', 'stopped']),
      );
    } finally {
      bot?.child.kill('SIGKILL');
      await standin.close();
      await corpus.remove();
    }
  });

  // npm start builds dist/ first when it is stale, which takes a while on a busy machine.
  it(
    'stops cleanly when `npm start` is sent SIGTERM, though npm does not pass it on',
    { timeout: 180_000 },
    async () => {
      const standin = await startStandin(TEST_STANDIN);
      const corpus = await tempCorpus();
      let npm: ReturnType<typeof spawn> | undefined;
      try {
        npm = spawn('npm', ['start'], {
          cwd: ROOT,
          env: baseEnv(standin, corpus.dir),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        npm.stdout!.on('data', (d: Buffer) => (output += d.toString()));
        await standin.waitForReady(150_000);
        expect((await standin.dispatchInteraction(chatInput('sources', {})).settled()).kind).toBe('message');
        // Nothing was deployed to this stand-in: the bot says which commands to deploy.
        for (let i = 0; i < 100 && !output.includes('the deployed commands differ'); i++)
          await new Promise((r) => setTimeout(r, 50));
        expect(output).toMatch(/"missing":\["ask","corpus","sources","stake","who"\].*run npm run deploy/);
        npm.kill('SIGTERM');
        await standin.waitFor(
          () => (standin.session?.connected === false ? true : undefined),
          30_000,
          () => 'the bot to leave the gateway',
        );
        expect(output).not.toContain(TEST_APP.token);
      } finally {
        npm?.kill('SIGKILL');
        await standin.close();
        await corpus.remove();
      }
    },
  );

  it('refuses to start with bad settings, naming each one and never the token', async () => {
    const corpus = await tempCorpus();
    try {
      const token = 'Bot MTE4MDAwMDAwMDAwMDAwMDAwMw.secret-part-that-must-not-leak';
      const run = await runEntry(
        'src/index.ts',
        [],
        botEnv({ DISCORD_TOKEN: token, DEFAULT_LANG: 'ru', MODERATOR_ROLE_IDS: 'mods', CORPUS_DIR: corpus.dir }),
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Configuration has 3 problems');
      expect(run.stderr).toContain('DISCORD_TOKEN: expected the bare token, without the "Bot " prefix');
      expect(run.stderr).toContain('DEFAULT_LANG');
      expect(run.stderr).toContain('MODERATOR_ROLE_IDS');
      expect(run.stdout + run.stderr).not.toContain('secret-part-that-must-not-leak');
    } finally {
      await corpus.remove();
    }
  });

  it('exits 1 with a log line, not the token, when Discord rejects the token', async () => {
    const standin = await startStandin(TEST_STANDIN);
    const corpus = await tempCorpus();
    try {
      const wrong = `${TEST_APP.token}-revoked`;
      const bot = startBotProcess(baseEnv(standin, corpus.dir, { DISCORD_TOKEN: wrong }));
      // It loads and warms up before it logs in (10-20 s on a busy machine): the bound only catches a hang.
      const exited = await bot.exit(60_000);
      expect(exited.code).toBe(1);
      expect(bot.logs().some((l) => l.msg === 'login failed')).toBe(true);
      expect(bot.output()).not.toContain(wrong);
    } finally {
      await standin.close();
      await corpus.remove();
    }
  });
});
