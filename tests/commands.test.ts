import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.ts';
import { type Dispatcher, runButton, runCommand } from '../src/app/dispatch.ts';
import { OptionError, validateOptions } from '../src/command/options.ts';
import type { CommandRequest } from '../src/command/contract.ts';
import type { CommandReply } from '../src/reply/types.ts';
import { answerLine } from '../src/cli/console.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { askedLanguage, askIndex } from '../src/answers/policy.ts';
import { corpusChangeReply, corpusStatusReply, sourcesReply } from '../src/reply/render.ts';
import { SearchEngine } from '../src/search/engine.ts';
import { FormErrors } from './standin/util.ts';
import { validateCommandList, validateMessageBody } from './standin/validate.ts';

const run = promisify(execFile);
let d: Dispatcher;

beforeAll(async () => {
  const engine = new SearchEngine(await loadCorpus('corpus'));
  d = { commands, context: { engine: () => engine, defaultLang: 'vi' } };
});

const ask = (options: CommandRequest['options'], locale?: string) =>
  runCommand(d, { command: 'ask', options, canModerate: false, ...(locale ? { locale } : {}) });

/** The custom ids of a reply's paging buttons (More, Other language), in order; not the 👍/👎 row. */
const buttonIds = (reply: CommandReply) =>
  (reply.payload.components ?? [])
    .flatMap((row) => (row as { components: Array<{ custom_id?: string }> }).components)
    .map((b) => b.custom_id ?? '')
    .filter((id) => id.startsWith('q2:'));

/** The stand-in's own validator: our payloads must pass Discord's rules as the stand-in enforces them. */
function discordProblems(reply: CommandReply): string[] {
  const errors = new FormErrors();
  validateMessageBody(errors, reply.payload, { prefix: ['data'], allowedFlags: 64 | 4 });
  return errors.flat;
}

describe('command definitions', () => {
  it("pass Discord's command rules, localised for vi, zh-CN and zh-TW", () => {
    const errors = new FormErrors();
    const defs = [...commands.values()].map((c) => c.data);
    expect(validateCommandList(errors, defs)).toBe(true);
    expect(errors.flat).toEqual([]);
    for (const def of defs)
      expect(Object.keys(def.description_localizations ?? {}).sort()).toEqual(['vi', 'zh-CN', 'zh-TW']);
  });
});

describe('which language answers', () => {
  it('takes the lang option first, then the article a question names, then its language, then the locale', () => {
    expect(askedLanguage('Ai là CEO?', { explicit: 'zh', locale: 'vi' })).toBe('zh');
    expect(askedLanguage('谁是首席执行官？', { locale: 'vi' })).toBe('zh');
    expect(askedLanguage('Ai là CEO?', { locale: 'zh-CN' })).toBe('vi');
    expect(askedLanguage('ai la ceo cua mail ru vay', { locale: 'en-US' })).toBe('vi');
    expect(askedLanguage('theo bài tiếng Trung thì ai là CEO?', { locale: 'vi' })).toBe('zh');
    expect(askedLanguage('Who is the CEO?', { locale: 'zh-TW' })).toBe('zh');
  });

  it('asks no language of an English question from an English client: both answer', () => {
    expect(askedLanguage('Who is the CEO?', { locale: 'en-US' })).toBeUndefined();
  });
});

describe('/ask', () => {
  it('answers a Vietnamese question from the Vietnamese article, cited, with query terms in bold', async () => {
    const reply = await ask({ question: 'Mail.ru có bao nhiêu người dùng?' });
    expect(reply.citations[0]?.lang).toBe('vi');
    expect(reply.citations[0]?.text).toContain('100 triệu người dùng');
    expect(reply.payload.embeds?.[0]?.description).toMatch(/\*\*.+\*\*/);
    expect(reply.payload.embeds?.[0]?.description).toContain('¶');
    expect(reply.payload.allowed_mentions).toEqual({ parse: [] });
    expect(discordProblems(reply)).toEqual([]);
  });

  it('answers a Chinese question from the Chinese article', async () => {
    const reply = await ask({ question: '阿里巴巴持有多少股份？' });
    expect(reply.citations[0]?.text).toContain('48%');
  });

  it('says "not in the sources" in the user\'s language, with what was searched, and quotes nothing', async () => {
    const reply = await ask({ question: 'Thời tiết Hà Nội hôm nay thế nào?' }, 'vi');
    expect(reply.citations).toEqual([]);
    expect(reply.payload.embeds).toEqual([]);
    expect(reply.payload.content).toContain('Thời tiết Hà Nội');
    expect(reply.payload.content).toMatch(/nguồn/i);
  });

  it('mentions only the user it was asked to mention', async () => {
    const reply = await ask({ question: 'Ai là Jack Ma?', mention: '123456789012345678' });
    expect(reply.payload.content).toMatch(/^<@123456789012345678> /);
    expect(reply.payload.allowed_mentions).toEqual({ parse: [], users: ['123456789012345678'] });
  });

  it('hides the reply when asked', async () => {
    expect((await ask({ question: 'Ai là Jack Ma?', hide: true })).payload.flags).toBe(64);
  });

  it('offers buttons whose ids still work after a restart: "Other language" answers from the other articles', async () => {
    // The Vietnamese articles chosen: a list of one language offers the other.
    const reply = await ask({ question: 'Ai là Jack Ma?', lang: 'vi' });
    const ids = buttonIds(reply);
    expect(ids.every((id) => id.length <= 100)).toBe(true);
    const other = await runButton(d, ids.at(-1)!, { locale: 'vi', canModerate: false });
    expect(other.citations.length).toBeGreaterThan(0);
    expect(other.citations.every((c) => c.lang === 'zh')).toBe(true);
  });

  it("answers where the news itself comes from with the article's reference, in whichever language it is asked", async () => {
    // Only the Vietnamese article ends with its reference ("Tham khảo TechCrunch"); zh ¶13 cites Bloomberg for one
    // quote. Asked in Chinese where the news comes from, the reference comes first, labelled as the other language's.
    const reply = await ask({ question: '这条新闻最早是哪家媒体发的？' }, 'zh-CN');
    const cited = reply.citations.map((c) => `${c.lang}¶${c.paragraph}`);
    expect(cited[0]).toBe('vi¶11');
    expect(cited).toContain('zh¶13');
    // Which outlet reported Evans's words is that report, not the reference.
    for (const [question, locale] of [
      ['which outlet reported the evans comments', 'en-US'],
      ['báo nào đưa tin về bình luận của Evans', 'vi'],
      ['哪家媒体报道了埃文斯的评论', 'zh-CN'],
    ] as const) {
      const evans = await ask({ question }, locale);
      expect(evans.citations[0], question).toMatchObject({ lang: 'zh', paragraph: 13 });
    }
  });

  it('pages on through the same list when it quotes both languages, and offers no "Other language" then', async () => {
    const question = 'Mail.ru có bao nhiêu người dùng';
    const engine = d.context.engine();
    const list = askIndex(engine, question, { locale: 'vi', limit: 20, defaultLang: 'vi' }).items;
    expect(new Set(list.map((h) => h.passage.lang)).size).toBe(2);
    const cite = (p: { lang: string; ordinal: number }) => `${p.lang}¶${p.ordinal}`;
    const first = await ask({ question }, 'vi');
    expect(first.citations.map((c) => `${c.lang}¶${c.paragraph}`)).toEqual(
      list.slice(0, 3).map((h) => cite(h.passage)),
    );
    const ids = buttonIds(first);
    expect(ids).toHaveLength(1);
    const more = await runButton(d, ids[0]!, { locale: 'vi', canModerate: false });
    expect(more.citations.map((c) => `${c.lang}¶${c.paragraph}`)).toEqual(list.slice(3, 6).map((h) => cite(h.passage)));
  });

  it("stays within Discord's limits for any question up to 300 characters and any locale", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
        fc.constantFrom('vi', 'zh-CN', 'zh-TW', 'en-US', 'fr'),
        async (q, locale) => {
          const reply = await ask({ question: q }, locale);
          expect(discordProblems(reply)).toEqual([]);
          expect(reply.payload.allowed_mentions).toEqual({ parse: [] });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('/stake', () => {
  it('gives the split with its figures from the Chinese article', async () => {
    const reply = await runCommand(d, { command: 'stake', options: { lang: 'zh' }, canModerate: false });
    expect(reply.citations[0]?.text).toContain('48%');
    expect(reply.payload.embeds?.[0]?.description).toContain('**48%**');
  });

  it('says the Vietnamese article does not state it, and shows the Chinese passage labelled', async () => {
    const reply = await runCommand(d, { command: 'stake', options: { lang: 'vi' }, locale: 'vi', canModerate: false });
    expect(reply.payload.content).toMatch(/không nêu/);
    expect(reply.citations[0]?.lang).toBe('zh');
    expect(reply.payload.embeds?.[0]?.footer?.text).toBe('Tiếng Trung');
  });

  it('narrows to one party', async () => {
    const reply = await runCommand(d, { command: 'stake', options: { party: 'rdif', lang: 'zh' }, canModerate: false });
    expect(reply.citations[0]?.text).toContain('RDIF 占剩余的 13%');
  });
});

describe('/who', () => {
  it('puts the passage that describes the company first', async () => {
    const reply = await runCommand(d, { command: 'who', options: { name: 'MegaFon', lang: 'vi' }, canModerate: false });
    expect(reply.citations[0]?.text).toContain('MegaFon, một công ty viễn thông');
  });

  it('finds a person by a name in another script', async () => {
    const reply = await runCommand(d, { command: 'who', options: { name: 'Boris Dobrodeev' }, canModerate: false });
    expect(reply.citations[0]?.text).toContain('鲍里斯·多布罗迪耶夫');
  });

  it('autocompletes every alias in every script to an entity id', () => {
    const who = commands.get('who')!;
    const choices = who.autocomplete!(
      { command: 'who', options: {}, canModerate: false, focused: { name: 'name', value: '马' } },
      d.context,
    );
    expect(choices.map((c) => c.value)).toContain('jack-ma');
  });
});

describe('/sources', () => {
  it('lists both articles with language, publisher, date and link', async () => {
    const reply = await runCommand(d, { command: 'sources', options: {}, canModerate: false });
    const fields = reply.payload.embeds?.[0]?.fields ?? [];
    expect(fields).toHaveLength(2);
    expect(fields[0]?.value).toContain('https://techcrunch.com/');
    expect(discordProblems(reply)).toEqual([]);
  });
});

describe('option validation', () => {
  it('rejects what Discord would reject', () => {
    const askCmd = commands.get('ask')!;
    expect(() => validateOptions(askCmd, undefined, {})).toThrow(OptionError);
    expect(() => validateOptions(askCmd, undefined, { question: 'x', colour: 'red' })).toThrow(/colour/);
    expect(() => validateOptions(askCmd, undefined, { question: 'x', lang: 'fr' })).toThrow(/fr/);
    expect(() => validateOptions(askCmd, undefined, { question: 'x'.repeat(301) })).toThrow(/300/);
    expect(() => validateOptions(askCmd, undefined, { question: 'x', hide: 'maybe' })).toThrow(/true or false/);
    expect(validateOptions(askCmd, undefined, { question: 'a:b c', hide: 'true' })).toEqual({
      question: 'a:b c',
      hide: true,
    });
  });
});

describe('the console', () => {
  it('splits a typed line into options whose values hold spaces and colons', async () => {
    const text = await answerLine(d, '/ask question:Ai là CEO: người nào? lang:zh', 'en-US', false);
    expect(text).toContain('Chinese');
  });

  it('answers each piped line and exits at the end of input', async () => {
    const child = spawn('node', ['--import', 'tsx', 'src/index.ts'], {
      env: { ...process.env, NO_COLOR: '1', DISCORD_TOKEN: '', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'console-')) },
    });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stdin.end('/stake lang:zh\n/who name:MegaFon lang:vi\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('48%');
    expect(stdout).toContain('MegaFon, một công ty viễn thông');
  });
});

describe('the scripting CLI', () => {
  const cli = (...args: string[]) =>
    run('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      timeout: 90_000,
      env: { ...process.env, NO_COLOR: '1' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (err: unknown) => {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      },
    );

  it('prints one JSON object: the payload as sent to Discord and the citations in rank order', async () => {
    const r = await cli('who', 'name:MegaFon', 'lang:vi', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.reply.allowed_mentions).toEqual({ parse: [] });
    expect(out.citations[0]).toMatchObject({
      source: 'alibaba-russia-vi',
      lang: 'vi',
      url: expect.stringMatching(/^https:/),
    });
    expect(Object.keys(out.citations[0]).sort()).toEqual([
      'lang',
      'paragraph',
      'passage',
      'role',
      'source',
      'text',
      'title',
      'url',
    ]);
    expect(out.outcome).toBe('answered');
  });

  it('exits 2 with one clear line for a bad command line, and 0 for "not in the sources"', async () => {
    for (const args of [['nope'], ['ask'], ['ask', 'question:x', 'lang:fr'], ['ask', 'question:x', 'extra:1']]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const none = await cli('ask', 'question:What is the capital of France?', '--json');
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout).citations).toEqual([]);
  });
});

describe('replies that grow with the corpus', () => {
  const longText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 });
  const source = fc.record({
    id: fc.constantFrom('a', 'b-c'),
    title: longText,
    lang: fc.constantFrom('vi' as const, 'zh' as const),
    url: fc.webUrl(),
    publisher: longText,
    published: fc.constant('2018-09-11'),
    file: fc.constant('a.md'),
    hash: fc.constant('0'),
  });

  it('/sources stays within every Discord limit however many and however long the articles are', () => {
    fc.assert(
      fc.property(
        fc.array(source, { minLength: 0, maxLength: 60 }),
        fc.constantFrom('vi', 'zh-CN', 'en' as const),
        (sources, ui) => {
          const reply = sourcesReply(sources, { ui });
          expect(discordProblems(reply)).toEqual([]);
          const shown = reply.payload.embeds![0]!.fields!.length;
          if (shown < sources.length)
            expect(reply.payload.embeds![0]!.footer?.text).toBe(`… +${sources.length - shown}`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('/corpus status and change summaries stay within Discord limits with hundreds of articles', () => {
    const articles = Array.from({ length: 300 }, (_, i) => ({
      id: `article-${i}`,
      title: 'Tiêu đề rất dài '.repeat(10),
      lang: 'vi',
      passages: i,
    }));
    const status = {
      dir: 'corpus',
      store: 'folder' as const,
      version: 12,
      articles,
      passages: 9000,
      entities: 12,
      loadedAt: new Date(0),
      loadedBy: '1180000000000000001',
    };
    expect(discordProblems(corpusStatusReply(status, 'vi'))).toEqual([]);
    const ids = articles.map((a) => a.id);
    const change = corpusChangeReply(
      'Đã nạp lại kho dữ liệu.',
      {
        added: ids,
        removed: ids,
        changed: ids,
        passagesAdded: 1,
        passagesRemoved: 2,
        otherFilesChanged: true,
        unchanged: false,
        status,
      },
      'vi',
    );
    expect(discordProblems(change)).toEqual([]);
    expect(change.payload.flags).toBe(64);
  });
});

describe('warmUp', () => {
  it('runs every answering command on questions from the corpus, and leaves the index as it was', async () => {
    const { startApp } = await import('../src/app/runtime.ts');
    const { warmUp } = await import('../src/app/warmup.ts');
    const app = await startApp({ corpusDir: 'corpus', defaultLang: 'vi' });
    const engine = app.store.engine;
    const seen = new Set<string>();
    const counting = {
      ...app,
      commands: new Map(
        [...app.commands].map(([name, c]) => [
          name,
          { ...c, execute: (r: CommandRequest, ctx: typeof app.context) => (seen.add(name), c.execute(r, ctx)) },
        ]),
      ),
    };
    const { runs } = await warmUp(counting, 1);
    expect(runs).toBeGreaterThan(20);
    expect([...seen].sort()).toEqual(['ask', 'sources', 'stake', 'who']);
    expect(app.store.engine).toBe(engine);
  });
});

describe('warmUpQuestions', () => {
  it("asks each kind of question in each language about the corpus's entities, after the passages' first sentences", async () => {
    const { warmUpQuestions } = await import('../src/app/warmup.ts');
    const corpus = {
      passages: [{ text: 'Alibaba lập liên doanh. Câu thứ hai.' }],
      entities: [{ names: ['Alibaba', '阿里巴巴'] }, { names: ['MegaFon'] }],
    };
    const questions = warmUpQuestions(corpus);
    expect(questions[0]).toBe('Alibaba lập liên doanh.');
    expect(questions).toContain('Alibaba là ai?');
    expect(questions).toContain('MegaFon là gì?');
    // In characters where the entity has a name in them.
    expect(questions.some((q) => q.startsWith('阿里巴巴'))).toBe(true);
    expect(questions.some((q) => /^Who is (Alibaba|MegaFon)\?$/u.test(q))).toBe(true);
    expect(questions.length).toBeGreaterThan(3 * 15);
    expect(warmUpQuestions({ passages: corpus.passages })).toEqual(['Alibaba lập liên doanh.']);
  });
});

describe('entity labels', () => {
  it('show a spelling that differs only in spaces, dots or case once', async () => {
    const { entityLabel } = await import('../src/answers/entities.ts');
    expect(
      entityLabel({ id: 'mail-ru', kind: 'company', names: ['Mail.ru', 'mail . ru', 'Mail.Ru Group'], otherNames: [] }),
    ).toBe('Mail.ru · Mail.Ru Group');
    expect(entityLabel({ id: 'jack-ma', kind: 'person', names: ['Jack Ma', '马云'], otherNames: [] })).toBe(
      'Jack Ma · 马云',
    );
  });
});
