import { readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.ts';
import { runAutocomplete, runCommand } from '../src/app/dispatch.ts';
import { localFile, localFiles } from '../src/cli/files.ts';
import { type App, startApp } from '../src/app/runtime.ts';
import { type CommandRequest, FileTooLargeError, type UploadedFile } from '../src/command/contract.ts';
import type { CommandReply } from '../src/reply/types.ts';
import { runCli, snapshot, TempDirs } from './fixtures.ts';
import { FormErrors } from './standin/util.ts';
import { validateAutocompleteData, validateMessageBody } from './standin/validate.ts';
import { MessageFlags } from 'discord-api-types/v10';

const encoder = new TextEncoder();
const MODERATOR = '123456789012345678';

const temp = new TempDirs('corpus-command-');
const tempDir = () => temp.dir();
const corpusCopy = () => temp.corpus();

afterEach(() => temp.cleanup());

const ARTICLE =
  '---\ntitle: MegaFon và liên doanh\nlang: vi\nurl: https://example.com/megafon\n---\nMegaFon là một công ty viễn thông của Nga. Khinh khí cầu màu tím bay qua Moskva.\n';

/** An attachment as a transport hands it over. */
function upload(name: string, content: string | Uint8Array, size?: number): UploadedFile {
  const bytes = typeof content === 'string' ? encoder.encode(content) : content;
  return { name, ...(size !== undefined ? { size } : {}), read: () => Promise.resolve(bytes) };
}

/** The stand-in's own validator: our payloads must pass Discord's rules as the stand-in enforces them. */
function discordProblems(reply: CommandReply): string[] {
  const errors = new FormErrors();
  validateMessageBody(errors, reply.payload, { prefix: ['data'], allowedFlags: MessageFlags.Ephemeral });
  return errors.flat;
}

/**
 * Run `/corpus <subcommand>` as a moderator (unless told otherwise). Every reply, whatever it says, must be
 * private and pass Discord's rules: checked here, for every call.
 */
async function corpus(app: App, subcommand: string, more: Partial<CommandRequest> = {}): Promise<CommandReply> {
  const reply = await runCommand(app, {
    command: 'corpus',
    subcommand,
    options: {},
    canModerate: true,
    user: MODERATOR,
    ...more,
  });
  expect(reply.payload.flags).toBe(MessageFlags.Ephemeral);
  expect(reply.payload.allowed_mentions).toEqual({ parse: [] });
  expect(discordProblems(reply)).toEqual([]);
  return reply;
}

/** Text as the user reads it: Markdown escapes removed. */
const plain = (markdown: string | undefined) => (markdown ?? '').replace(/\\([^\p{L}\p{N}\s])/gu, '$1');

describe('/corpus', () => {
  it('refuses members in their language, for every subcommand, and changes nothing', async () => {
    const dir = await corpusCopy();
    const app = await startApp({ corpusDir: dir, defaultLang: 'vi' });
    const before = await snapshot(dir);
    const engine = app.store.engine;
    const texts = {
      vi: 'Chỉ người kiểm duyệt mới làm được việc này.',
      'zh-CN': '只有管理员可以执行此操作。',
      'en-US': 'Only moderators can do this.',
    };
    for (const [locale, text] of Object.entries(texts)) {
      for (const [subcommand, options, files] of [
        ['status', {}, undefined],
        ['reload', {}, undefined],
        ['add', { file: 'megafon-note.md' }, { file: upload('megafon-note.md', ARTICLE) }],
        ['remove', { source: 'alibaba-russia-vi' }, undefined],
      ] as const) {
        const reply = await corpus(app, subcommand, {
          canModerate: false,
          locale,
          options,
          ...(files ? { files } : {}),
        });
        expect(plain(reply.payload.content)).toBe(text);
        expect(reply.payload.embeds ?? []).toEqual([]);
        expect(reply.error).toBe(true);
      }
    }
    expect(await snapshot(dir)).toEqual(before);
    expect(app.store.engine).toBe(engine);
    expect(app.store.status().loadedBy).toBe('startup');
  });

  it('shows the status: articles, passages, entities, the folder', async () => {
    const dir = await corpusCopy();
    const app = await startApp({ corpusDir: dir, defaultLang: 'vi' });
    const reply = await corpus(app, 'status', { locale: 'en-US' });
    const fields = reply.payload.embeds?.[0]?.fields ?? [];
    const status = app.store.status();
    expect(fields.map((f) => f.name)).toEqual([
      'Articles (2)',
      'Passages',
      'Entities',
      'Loaded at',
      'By',
      'Version',
      'Folder',
    ]);
    expect(fields[0]?.value).toContain('`alibaba-russia-vi`');
    expect(fields[0]?.value).toContain('`alibaba-russia-zh`');
    expect(fields[1]?.value).toBe(String(status.passages));
    expect(fields[2]?.value).toBe(String(status.entities));
    expect(fields[5]?.value).toBe('1');
    expect(fields[6]?.value).toBe(`\`${dir}\``);
  });

  it('reloads, saying what changed', async () => {
    const dir = await corpusCopy();
    const app = await startApp({ corpusDir: dir, defaultLang: 'vi' });
    const file = path.join(dir, 'alibaba-russia-vi.md');
    await writeFile(file, `${(await readFile(file, 'utf8')).trimEnd()}\n\nKhinh khí cầu màu tím bay qua Moskva.\n`);
    const reply = await corpus(app, 'reload', { locale: 'en-US' });
    expect(plain(reply.payload.content)).toBe('Corpus reloaded.');
    const fields = reply.payload.embeds?.[0]?.fields ?? [];
    expect(fields.slice(0, 2).map((f) => [f.name, f.value])).toEqual([
      ['Changed', '`alibaba-russia-vi`'],
      ['Passages: +1 −0', `Passages: ${app.store.status().passages} · Articles: 2`],
    ]);
    expect(app.store.status().loadedBy).toBe(MODERATOR);
  });

  it('refuses a reload of a broken folder, listing each problem, and keeps the index', async () => {
    const dir = await corpusCopy();
    const app = await startApp({ corpusDir: dir, defaultLang: 'vi' });
    const engine = app.store.engine;
    await writeFile(path.join(dir, 'broken.md'), '---\ntitle: x\n---\nMegaFon.\n');
    const reply = await corpus(app, 'reload', { locale: 'en-US' });
    expect(reply.error).toBe(true);
    expect(plain(reply.payload.content)).toBe(`Nothing changed. Problems with ${dir}:`);
    expect(plain(reply.payload.embeds?.[0]?.description).split('\n')).toEqual([
      expect.stringMatching(/\/broken\.md: lang is required \(must be "vi" or "zh"\)$/),
      expect.stringMatching(/\/broken\.md: url is required \(must be an http or https URL\)$/),
    ]);
    expect(app.store.engine).toBe(engine);
  });

  it('adds an article, then answers from it and offers it for removal', async () => {
    const dir = await corpusCopy();
    const app = await startApp({ corpusDir: dir, defaultLang: 'vi' });
    const reply = await corpus(app, 'add', {
      locale: 'vi',
      options: { file: 'MegaFon Note.md' },
      files: { file: upload('MegaFon Note.md', ARTICLE) },
    });
    expect(plain(reply.payload.content)).toBe('Đã thêm bài viết megafon-note.md.');
    expect(await readFile(path.join(dir, 'megafon-note.md'), 'utf8')).toBe(ARTICLE);
    const ask = await runCommand(app, {
      command: 'ask',
      options: { question: 'Khinh khí cầu màu tím ở đâu?' },
      canModerate: false,
    });
    expect(ask.citations[0]?.source).toBe('megafon-note');
    const choices = runAutocomplete(app, {
      command: 'corpus',
      subcommand: 'remove',
      options: {},
      canModerate: true,
      focused: { name: 'source', value: 'mega' },
    });
    expect(choices).toEqual([{ name: 'megafon-note · MegaFon và liên doanh', value: 'megafon-note' }]);
  });

  it('refuses an existing name unless replace is set, and then keeps the old copy', async () => {
    const dir = await corpusCopy();
    const app = await startApp({ corpusDir: dir, defaultLang: 'vi' });
    const before = await snapshot(dir);
    const file = path.join(dir, 'alibaba-russia-vi.md');
    const next = `${(await readFile(file, 'utf8')).trimEnd()}\n\nKhinh khí cầu màu tím bay qua Moskva.\n`;
    const refused = await corpus(app, 'add', {
      locale: 'zh-CN',
      options: { file: 'alibaba-russia-vi.md' },
      files: { file: upload('alibaba-russia-vi.md', next) },
    });
    expect(plain(refused.payload.content)).toBe('alibaba-russia-vi.md 已存在；如需替换请使用 replace:true。');
    expect(await snapshot(dir)).toEqual(before);
    const replaced = await corpus(app, 'add', {
      locale: 'en-US',
      options: { file: 'alibaba-russia-vi.md', replace: true },
      files: { file: upload('alibaba-russia-vi.md', next) },
    });
    expect(plain(replaced.payload.content)).toBe(
      'Article alibaba-russia-vi.md replaced (the old version is kept in .trash).',
    );
    expect(await readFile(file, 'utf8')).toBe(next);
    expect(await readdir(path.join(dir, '.trash'))).toHaveLength(1);
  });

  it('refuses a broken article, listing each problem, and writes nothing', async () => {
    const dir = await corpusCopy();
    const app = await startApp({ corpusDir: dir, defaultLang: 'vi' });
    const before = await snapshot(dir);
    const engine = app.store.engine;
    const broken = '---\ntitle: x\nlang: en\nurl: ftp://example.com\ncolour: red\n---\n\n';
    const reply = await corpus(app, 'add', {
      locale: 'en-US',
      options: { file: 'bad.md' },
      files: { file: upload('bad.md', broken) },
    });
    expect(reply.error).toBe(true);
    expect(plain(reply.payload.content)).toBe('Nothing changed. Problems with bad.md:');
    expect(plain(reply.payload.embeds?.[0]?.description).split('\n')).toEqual([
      expect.stringMatching(/\/bad\.md: lang must be "vi" or "zh" \(got "en"\)$/),
      expect.stringMatching(/\/bad\.md: url must be an http or https URL \(got "ftp:\/\/example\.com"\)$/),
      expect.stringMatching(
        /\/bad\.md: unknown field "colour" \(allowed: title, lang, url, published, publisher, note\)$/,
      ),
    ]);
    expect(await snapshot(dir)).toEqual(before);
    expect(app.store.engine).toBe(engine);
  });

  it('refuses an upload that is not a Markdown article, too large, or unreadable', async () => {
    const dir = await corpusCopy();
    const app = await startApp({ corpusDir: dir, defaultLang: 'vi' });
    const before = await snapshot(dir);
    const add = (file: UploadedFile) =>
      corpus(app, 'add', { locale: 'en-US', options: { file: file.name }, files: { file } });
    const said = async (file: UploadedFile) => plain((await add(file)).payload.content);
    expect(await said(upload('notes.txt', ARTICLE))).toBe(
      '“notes.txt” is not a Markdown article: name it <source-id>.md (letters, digits, hyphens).',
    );
    expect(await said(upload('big.md', ARTICLE, 600_000))).toBe(
      'big.md is too large (600,000 bytes; the limit is 524,288).',
    );
    const tooLong: UploadedFile = {
      name: 'long.md',
      read: (max) => Promise.reject(new FileTooLargeError('long.md', max + 1, max)),
    };
    expect(await said(tooLong)).toBe('long.md is too large (524,289 bytes; the limit is 524,288).');
    const failing: UploadedFile = { name: 'gone.md', read: () => Promise.reject(new Error('socket hang up')) };
    expect(await said(failing)).toMatch(/^Could not download the attachment gone\.md; reference \w+\.$/);
    expect(plain((await corpus(app, 'add', { locale: 'en-US' })).payload.content)).toBe(
      'Missing required option “file”.',
    );
    expect(await snapshot(dir)).toEqual(before);
  });

  it('removes an added article, and refuses an unknown one or one the rest depends on', async () => {
    const dir = await corpusCopy();
    const app = await startApp({ corpusDir: dir, defaultLang: 'vi' });
    await corpus(app, 'add', {
      options: { file: 'megafon-note.md' },
      files: { file: upload('megafon-note.md', ARTICLE) },
    });
    const removed = await corpus(app, 'remove', { locale: 'en-US', options: { source: 'megafon-note' } });
    expect(plain(removed.payload.content)).toBe('Article megafon-note removed (kept in .trash).');
    expect(await readdir(dir)).not.toContain('megafon-note.md');
    const before = await snapshot(dir);
    expect(plain((await corpus(app, 'remove', { locale: 'en-US', options: { source: 'nope' } })).payload.content)).toBe(
      'There is no article “nope”.',
    );
    const refused = await corpus(app, 'remove', { locale: 'en-US', options: { source: 'alibaba-russia-zh' } });
    expect(refused.error).toBe(true);
    expect(plain(refused.payload.content)).toBe(`Nothing changed. Problems with ${dir} − alibaba-russia-zh:`);
    expect(refused.payload.embeds?.[0]?.description).toContain('阿里巴巴');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('says another change is running rather than waiting for it', async () => {
    const app = await startApp({ corpusDir: await corpusCopy(), defaultLang: 'vi' });
    const [first, second] = await Promise.all([
      corpus(app, 'reload', { locale: 'en-US' }),
      corpus(app, 'add', {
        locale: 'en-US',
        options: { file: 'megafon-note.md' },
        files: { file: upload('megafon-note.md', ARTICLE) },
      }),
    ]);
    expect(plain(first.payload.content)).toBe('Corpus reloaded.\nNothing changed.');
    // The refusal names who holds the corpus: the moderator whose reload runs, in this process, since when.
    const since = /<t:(\d+):T>/.exec(second.payload.content ?? '')?.[1];
    expect(plain(second.payload.content)).toBe(
      `Another corpus change is in progress (<@${MODERATOR}> · process ${process.pid} on ${hostname()} · since <t:${since}:T>); try again in a moment.`,
    );
    expect(Math.abs(Number(since) - Date.now() / 1000)).toBeLessThan(600);
    expect(second.payload.allowed_mentions).toEqual({ parse: [] });
  });

  it('autocompletes sources for moderators only', async () => {
    const app = await startApp({ corpusDir: await corpusCopy(), defaultLang: 'vi' });
    const complete = (canModerate: boolean, value: string) =>
      runAutocomplete(app, {
        command: 'corpus',
        subcommand: 'remove',
        options: {},
        canModerate,
        focused: { name: 'source', value },
      });
    const all = complete(true, '');
    expect(all.map((c) => c.value)).toEqual(['alibaba-russia-vi', 'alibaba-russia-zh']);
    expect(complete(true, 'ZH').map((c) => c.value)).toEqual(['alibaba-russia-zh']);
    expect(complete(true, '阿里巴巴').map((c) => c.value)).toEqual(['alibaba-russia-zh']);
    const errors = new FormErrors();
    validateAutocompleteData(errors, { choices: all });
    expect(errors.flat).toEqual([]);
    expect(complete(false, '')).toEqual([]);
    expect(complete(false, 'alibaba')).toEqual([]);
  });
});

describe('localFile', () => {
  it('reads a file from disk, named by its last path segment', async () => {
    const file = path.join(await tempDir(), 'note.md');
    await writeFile(file, ARTICLE);
    const local = localFile(file);
    expect(local.name).toBe('note.md');
    expect(new TextDecoder().decode(await local.read(1024))).toBe(ARTICLE);
  });

  it('refuses a file over the limit without reading it', async () => {
    const file = path.join(await tempDir(), 'big.md');
    await writeFile(file, 'x'.repeat(101));
    const err = await localFile(file)
      .read(100)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(FileTooLargeError);
    expect((err as Error).message).toBe('big.md: 101 bytes is over the 100-byte limit');
    expect(await localFile(file).read(101)).toHaveLength(101);
  });

  it('turns the attachment options of a request into local files, and nothing else', () => {
    const command = commands.get('corpus')!;
    const files = localFiles(command, 'add', { file: '/tmp/some/dir/x.md', replace: true });
    expect(Object.keys(files)).toEqual(['file']);
    expect(files.file?.name).toBe('x.md');
    expect(localFiles(command, 'remove', { source: 'x' })).toEqual({});
    expect(localFiles(commands.get('ask')!, undefined, { question: 'file:/etc/passwd' })).toEqual({});
  });
});

describe('the scripting CLI /corpus', () => {
  const cli = (dir: string, ...args: string[]) => runCli(['corpus', ...args], { CORPUS_DIR: dir });

  it('shows the status and adds a local file', async () => {
    const [a, b] = await Promise.all([corpusCopy(), corpusCopy()]);
    const note = path.join(await tempDir(), 'megafon-note.md');
    await writeFile(note, ARTICLE);
    const [status, added] = await Promise.all([cli(a, 'status'), cli(b, 'add', `file:${note}`)]);
    expect(status).toMatchObject({ code: 0, stderr: '' });
    expect(status.stdout).toContain('alibaba-russia-vi');
    expect(status.stdout).toContain(a);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain('Article megafon-note.md added.');
    expect(await readFile(path.join(b, 'megafon-note.md'), 'utf8')).toBe(ARTICLE);
  });
});
