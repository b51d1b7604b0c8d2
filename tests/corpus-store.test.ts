import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CorpusBusyError, CorpusChangeError, MAX_ARTICLE_BYTES, safeArticleName } from '../src/store/changes.ts';
import { CorpusStore } from '../src/store/corpus-store.ts';
import { FolderRepository, TRASH_DIR } from '../src/store/folder.ts';
import { watchCorpus } from '../src/store/watch.ts';
import { CorpusError, loadCorpus } from '../src/corpus/load.ts';
import { failure, instance, snapshot, TempDirs } from './fixtures.ts';

const encoder = new TextEncoder();

/** A fresh copy of the real corpus in a temporary folder (`<tmp>/corpus`, so escaping it would show). */
const temp = new TempDirs('corpus-store-');
const corpusCopy = () => temp.corpus();

// Every store a test opens is closed before its folder is removed: a change made in place saves its index in the
// background (`saveLater`), which must not be writing into a folder being deleted.
const opened: CorpusStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await temp.cleanup();
});

/** A valid Vietnamese article; `front` replaces the front matter, `body` the text. */
function article(o: { front?: string; body?: string } = {}): Uint8Array {
  const front = o.front ?? 'title: MegaFon và liên doanh\nlang: vi\nurl: https://example.com/megafon';
  return encoder.encode(
    `---\n${front}\n---\n${o.body ?? 'MegaFon là một công ty viễn thông của Nga. Khinh khí cầu màu tím bay qua Moskva.'}\n`,
  );
}

/** The store of a corpus folder, as the app opens it without DATABASE_URL. */
const openFolder = async (dir: string) => {
  const store = await CorpusStore.open(new FolderRepository(dir));
  opened.push(store);
  return store;
};

const sourcesOf = (store: CorpusStore, query: string) => store.engine.search(query).map((h) => h.passage.source);

describe('safeArticleName', () => {
  it('keeps the last path segment of a name, lowercased, with hyphens for anything else', () => {
    expect(safeArticleName('../../x.md')).toBe('x.md');
    expect(safeArticleName('..\\x.md')).toBe('x.md');
    expect(safeArticleName('C:\\Users\\me\\Tên Bài.md')).toBe('ten-bai.md');
    expect(safeArticleName('Đường_Dây  Nóng!!.MD')).toBe('duong-day-nong.md');
    expect(safeArticleName('阿里巴巴-2018.md')).toBe('2018.md');
  });

  it('refuses a name that is not Markdown or leaves nothing usable', () => {
    const reasons = ['a.txt', '.md', 'x.md/', '阿里巴巴.md', '---.md', 'x.md.exe'].map((name) => {
      try {
        return safeArticleName(name);
      } catch (err) {
        expect(err).toBeInstanceOf(CorpusChangeError);
        return (err as CorpusChangeError).reason;
      }
    });
    expect(reasons).toEqual(['badName', 'badName', 'badName', 'badName', 'badName', 'badName']);
    expect(() => safeArticleName('a.txt')).toThrow('“a.txt”: expected a Markdown article named <source-id>.md');
    expect(() => safeArticleName('.md')).toThrow(
      '“.md”: the name must contain Latin letters (a-z) or digits (it becomes the source id)',
    );
    expect(() => safeArticleName('阿里巴巴.md')).toThrow(
      '“阿里巴巴.md”: the name must contain Latin letters (a-z) or digits (it becomes the source id)',
    );
  });

  it('gives, for any name, either a refusal or a plain source id that stays in the folder', () => {
    fc.assert(
      fc.property(
        fc
          .string({
            unit: fc.oneof(
              fc.constantFrom('/', '\\', '.', '-', ' ', 'Đ', 'ệ', '阿'),
              fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
            ),
            maxLength: 100,
          })
          .map((s) => `${s}.md`),
        (name) => {
          try {
            const safe = safeArticleName(name);
            expect(safe).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*\.md$/);
            expect(safe.length).toBeLessThanOrEqual(83);
          } catch (err) {
            expect((err as CorpusChangeError).reason).toBe('badName');
          }
        },
      ),
    );
  });
});

describe('CorpusStore', () => {
  it('reports what it loaded: articles with their passage counts, entities, when and by whom', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const corpus = await loadCorpus(dir);
    const status = store.status();
    expect(status.dir).toBe(dir);
    expect(status.articles.map((a) => [a.id, a.lang, a.passages])).toEqual(
      corpus.sources.map((s) => [s.id, s.lang, corpus.passages.filter((p) => p.source === s.id).length]),
    );
    expect(status.articles.map((a) => a.id)).toEqual(['alibaba-russia-vi', 'alibaba-russia-zh']);
    expect(status.articles.every((a) => a.passages > 0)).toBe(true);
    expect(status.passages).toBe(status.articles.reduce((n, a) => n + a.passages, 0));
    expect(status.entities).toBe((await readFile(path.join(dir, 'entities.yaml'), 'utf8')).match(/^- id:/gm)?.length);
    expect(status.loadedBy).toBe('startup');
    expect(status.loadedAt).toBeInstanceOf(Date);
  });

  it('refuses to open a folder that does not load, naming the file and the field', async () => {
    const dir = await corpusCopy();
    await writeFile(
      path.join(dir, 'alibaba-russia-zh.md'),
      article({ front: 'title: x\nlang: xx\nurl: https://example.com' }),
    );
    const err = await failure(openFolder(dir));
    expect(err).toBeInstanceOf(CorpusError);
    expect(instance(err, CorpusError).problems).toContain(
      `${dir}/alibaba-russia-zh.md: lang must be "vi" or "zh" (got "xx")`,
    );
  });
});

describe('CorpusStore.reload', () => {
  it('reports an unchanged folder as unchanged, and keeps the index, its loader and its time', async () => {
    const store = await openFolder(await corpusCopy());
    const { engine } = store;
    const loadedAt = store.status().loadedAt;
    const done = await store.reload('123456789012345678');
    expect(done).toMatchObject({
      added: [],
      removed: [],
      changed: [],
      passagesAdded: 0,
      passagesRemoved: 0,
      otherFilesChanged: false,
      unchanged: true,
    });
    expect(done.status).toMatchObject({ loadedBy: 'startup', loadedAt });
    expect(store.engine).toBe(engine);
  });

  it('reports an edited article as changed, with the passages it gained and lost', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const before = store.status().passages;
    const file = path.join(dir, 'alibaba-russia-vi.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, `${text.trimEnd()}\n\nKhinh khí cầu màu tím bay qua Moskva.\n`);
    const done = await store.reload('cli');
    expect(done).toMatchObject({
      added: [],
      removed: [],
      changed: ['alibaba-russia-vi'],
      passagesAdded: 1,
      passagesRemoved: 0,
      otherFilesChanged: false,
    });
    expect(done.status.passages).toBe(before + 1);
    expect(sourcesOf(store, 'Khinh khí cầu màu tím')[0]).toBe('alibaba-russia-vi');
  });

  it('reports a change to a file other than an article', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    await writeFile(
      path.join(dir, 'glossary.yaml'),
      `${await readFile(path.join(dir, 'glossary.yaml'), 'utf8')}\n- id: balloon\n  vi: [khinh khí cầu]\n  en: [balloon]\n`,
    );
    expect(await store.reload('cli')).toMatchObject({ changed: [], otherFilesChanged: true, passagesAdded: 0 });
  });

  it('refuses a folder that no longer loads, names the file and field, and keeps answering from the old index', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const engine = store.engine;
    const status = store.status();
    await writeFile(
      path.join(dir, 'alibaba-russia-vi.md'),
      article({ front: 'title: x\nlang: vi\nurl: ftp://example.com' }),
    );
    const err = await failure(store.reload('cli'));
    expect(err).toBeInstanceOf(CorpusError);
    expect(instance(err, CorpusError).problems[0]).toBe(
      `${dir}/alibaba-russia-vi.md: url must be an http or https URL (got "ftp://example.com")`,
    );
    expect(store.engine).toBe(engine);
    expect(store.status()).toEqual(status);
    expect(sourcesOf(store, 'Mail.ru có bao nhiêu người dùng?')[0]).toBe('alibaba-russia-vi');
    expect(store.changing).toBe(false);
  });
});

describe('CorpusStore.add', () => {
  it('writes a valid new article and answers from it at once', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const old = store.engine;
    const done = await store.add({ name: 'MegaFon Note.md', bytes: article() }, { by: 'cli' });
    expect(done).toMatchObject({
      file: 'megafon-note.md',
      replaced: false,
      added: ['megafon-note'],
      removed: [],
      changed: [],
      passagesAdded: 1,
      passagesRemoved: 0,
    });
    expect(await readFile(path.join(dir, 'megafon-note.md'))).toEqual(Buffer.from(article()));
    expect(store.engine).not.toBe(old);
    expect(sourcesOf(store, 'Khinh khí cầu màu tím')[0]).toBe('megafon-note');
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps an uploaded name inside the corpus folder', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    expect((await store.add({ name: '../../x.md', bytes: article() }, { by: 'cli' })).file).toBe('x.md');
    expect((await store.add({ name: '..\\..\\y.md', bytes: article() }, { by: 'cli' })).file).toBe('y.md');
    expect(await readdir(path.dirname(dir))).toEqual(['corpus']);
    expect((await readdir(dir)).filter((n) => /^[xy]\.md$/.test(n)).sort()).toEqual(['x.md', 'y.md']);
  });

  it('refuses an existing name without replace, and leaves the file alone', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const before = await snapshot(dir);
    const err = await failure(store.add({ name: 'alibaba-russia-vi.md', bytes: article() }, { by: 'cli' }));
    expect(err).toBeInstanceOf(CorpusChangeError);
    expect(instance(err, CorpusChangeError).reason).toBe('exists');
    expect(err.message).toBe('alibaba-russia-vi.md already exists; add it with replace:true to replace it');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('replaces an article with replace, keeping the old copy in .trash', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const file = path.join(dir, 'alibaba-russia-vi.md');
    const original = await readFile(file);
    const next = encoder.encode(`${original.toString('utf8').trimEnd()}\n\nKhinh khí cầu màu tím bay qua Moskva.\n`);
    const done = await store.add({ name: 'alibaba-russia-vi.md', bytes: next }, { replace: true, by: 'cli' });
    expect(done).toMatchObject({
      file: 'alibaba-russia-vi.md',
      replaced: true,
      added: [],
      changed: ['alibaba-russia-vi'],
      passagesAdded: 1,
      passagesRemoved: 0,
    });
    expect(await readFile(file)).toEqual(Buffer.from(next));
    const trash = await readdir(path.join(dir, TRASH_DIR));
    expect(trash).toHaveLength(1);
    expect(trash[0]).toMatch(/^alibaba-russia-vi\.\d{4}-\d\d-\d\dT[\d-]+Z\.md$/);
    expect(await readFile(path.join(dir, TRASH_DIR, trash[0]!))).toEqual(original);
    // The trash is not part of the corpus.
    expect((await store.reload('cli')).status.articles.map((a) => a.id)).toEqual([
      'alibaba-russia-vi',
      'alibaba-russia-zh',
    ]);
  });

  it('says an article replaced by the same bytes was replaced, though nothing changed', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const bytes = new Uint8Array(await readFile(path.join(dir, 'alibaba-russia-vi.md')));
    expect(await store.add({ name: 'alibaba-russia-vi.md', bytes }, { replace: true, by: 'cli' })).toMatchObject({
      replaced: true,
      added: [],
      changed: [],
      passagesAdded: 0,
    });
    expect(await readdir(path.join(dir, TRASH_DIR))).toHaveLength(1);
  });

  it('writes nothing and keeps the index for an article that does not load', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const engine = store.engine;
    const before = await snapshot(dir);
    const cases: Array<[Uint8Array, string]> = [
      [
        article({ front: 'title: x\nlang: en\nurl: https://example.com' }),
        `${dir}/bad.md: lang must be "vi" or "zh" (got "en")`,
      ],
      [
        encoder.encode('no front matter here'),
        `${dir}/bad.md: front matter is missing (expected a first line "---", YAML fields title, lang, url, published, publisher, note, then a line "---")`,
      ],
      [
        new Uint8Array([...article().subarray(0, 60), 0xff, 0xfe, 0x0a]),
        `${dir}/bad.md: is not valid UTF-8 text (first bad byte at offset 60); save it as UTF-8`,
      ],
      [article({ body: '   ' }), `${dir}/bad.md: body is empty (expected the article text below the front matter)`],
    ];
    for (const [bytes, problem] of cases) {
      const err = await failure(store.add({ name: 'bad.md', bytes }, { by: 'cli' }));
      expect(err).toBeInstanceOf(CorpusError);
      expect(instance(err, CorpusError).problems).toEqual([problem]);
    }
    expect(await snapshot(dir)).toEqual(before);
    expect(store.engine).toBe(engine);
    expect(store.changing).toBe(false);
  });

  it('refuses a bad name or an oversize article before reading the folder', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const before = await snapshot(dir);
    const bad = await failure(store.add({ name: 'notes.txt', bytes: article() }, { by: 'cli' }));
    expect([bad.name, instance(bad, CorpusChangeError).reason]).toEqual(['CorpusChangeError', 'badName']);
    const big = await failure(
      store.add({ name: 'big.md', bytes: new Uint8Array(MAX_ARTICLE_BYTES + 1) }, { by: 'cli' }),
    );
    expect(instance(big, CorpusChangeError).reason).toBe('tooLarge');
    expect(big.message).toBe(`big.md: ${MAX_ARTICLE_BYTES + 1} bytes is over the ${MAX_ARTICLE_BYTES}-byte limit`);
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe('CorpusStore.remove', () => {
  it('moves an article to .trash and stops answering from it', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    await store.add({ name: 'megafon-note.md', bytes: article() }, { by: 'cli' });
    const done = await store.remove('megafon-note', 'cli');
    expect(done).toMatchObject({
      added: [],
      removed: ['megafon-note'],
      changed: [],
      passagesAdded: 0,
      passagesRemoved: 1,
    });
    expect(await readdir(dir)).not.toContain('megafon-note.md');
    const trash = await readdir(path.join(dir, TRASH_DIR));
    expect(trash).toEqual([expect.stringMatching(/^megafon-note\..+\.md$/)]);
    expect(await readFile(path.join(dir, TRASH_DIR, trash[0]!))).toEqual(Buffer.from(article()));
    expect(sourcesOf(store, 'Khinh khí cầu màu tím')).not.toContain('megafon-note');
  });

  it('refuses an unknown source', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    for (const id of ['nope', '../corpus/alibaba-russia-vi', 'alibaba-russia-vi.md']) {
      const err = await failure(store.remove(id, 'cli'));
      expect([err.name, instance(err, CorpusChangeError).reason, err.message]).toEqual([
        'CorpusChangeError',
        'unknownSource',
        `no article “${id}” in ${dir}`,
      ]);
    }
  });

  it('refuses to remove an article the entities and corrections depend on, and moves nothing', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const engine = store.engine;
    const before = await snapshot(dir);
    const err = await failure(store.remove('alibaba-russia-zh', 'cli'));
    expect(err).toBeInstanceOf(CorpusError);
    expect(instance(err, CorpusError).problems).toContain(
      `${dir}/entities.yaml: entity "alibaba": name "阿里巴巴" does not appear in any article (move it to "also" if it is only another spelling)`,
    );
    expect(instance(err, CorpusError).problems).toContain(
      `${dir}/corrections.yaml: entry 1: corrected_by.text "更正:张将出任董事长兼 CEO。" is not in any passage of source "alibaba-russia-zh"`,
    );
    expect(await snapshot(dir)).toEqual(before);
    expect(store.engine).toBe(engine);
  });
});

describe('CorpusStore changes', () => {
  it('runs one change at a time: a second one is refused at once, not queued', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const [reload, add] = await Promise.allSettled([
      store.reload('a'),
      store.add({ name: 'megafon-note.md', bytes: article() }, { by: 'b' }),
    ]);
    expect(reload.status).toBe('fulfilled');
    const busy = instance((add as PromiseRejectedResult).reason, CorpusBusyError);
    // The refusal names who holds the corpus: the reload, by this process.
    expect(busy.holder).toMatchObject({ by: 'a', pid: process.pid, host: hostname() });
    expect(busy.message).toMatch(
      new RegExp(`^another corpus change is in progress \\(by a, process ${process.pid} on .+, since \\d{4}-.+Z\\)$`),
    );
    expect(await readdir(dir)).not.toContain('megafon-note.md');
    // …and once the first is done, the next one goes through.
    expect((await store.add({ name: 'megafon-note.md', bytes: article() }, { by: 'b' })).added).toEqual([
      'megafon-note',
    ]);
  });

  it('keeps answering from the old index until the new one is complete and on disk', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const old = store.engine;
    const seen: boolean[] = [];
    store.onChange(() => seen.push(store.engine !== old));
    let onDiskAtSwap: boolean | undefined;
    store.onChange(() => (onDiskAtSwap = existsSync(path.join(dir, 'megafon-note.md'))));
    const pending = store.add({ name: 'megafon-note.md', bytes: article() }, { by: 'cli' });
    // Look at every turn of the event loop while the change runs: always the old engine, a usable one.
    const during: boolean[] = [];
    let settled = false as boolean; // set by the callback below
    void pending.finally(() => (settled = true));
    while (!settled) {
      during.push(
        store.engine === old && store.changing && !sourcesOf(store, 'Khinh khí cầu màu tím').includes('megafon-note'),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    await pending;
    expect(during.length).toBeGreaterThan(1);
    expect(during.every(Boolean)).toBe(true);
    expect(seen).toEqual([true]);
    expect(onDiskAtSwap).toBe(true);
    expect(store.engine).not.toBe(old);
  });

  it('tells listeners once per successful change, and not for a refused one', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const heard: string[] = [];
    const stop = store.onChange((c) =>
      heard.push(`${c.status.loadedBy}: +${c.added.join(',')} -${c.removed.join(',')} ~${c.changed.join(',')}`),
    );
    await store.reload('r');
    await failure(store.add({ name: 'alibaba-russia-vi.md', bytes: article() }, { by: 'x' }));
    await failure(store.remove('alibaba-russia-zh', 'x'));
    await store.add({ name: 'megafon-note.md', bytes: article() }, { by: 'a' });
    await store.remove('megafon-note', 'm');
    stop();
    await store.reload('after');
    // The first reload found nothing new: no change, nothing to tell.
    expect(heard).toEqual(['a: +megafon-note - ~', 'm: + -megafon-note ~']);
  });

  it('still reports a change as made when a listener throws', async () => {
    const store = await openFolder(await corpusCopy());
    store.onChange(() => {
      throw new Error('log failed');
    });
    const heard: string[] = [];
    store.onChange((c) => heard.push(c.added.join()));
    expect((await store.add({ name: 'megafon-note.md', bytes: article() }, { by: 'a' })).added).toEqual([
      'megafon-note',
    ]);
    expect(heard).toEqual(['megafon-note']);
  });
});

describe('watchCorpus', () => {
  /** Poll `check` until it holds or `ms` have passed. */
  async function until(check: () => boolean, ms = 30_000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  it('reloads once after several quick writes', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const changed: string[][] = [];
    const failed: unknown[] = [];
    const watcher = watchCorpus(store, { changed: (c) => changed.push(c.added), failed: (e) => failed.push(e) }, 100);
    try {
      const file = path.join(dir, 'megafon-note.md');
      await writeFile(file, article().subarray(0, 20));
      await writeFile(file, article().subarray(0, 70));
      await writeFile(file, article());
      expect(await until(() => changed.length > 0)).toBe(true);
      // Quiet for several debounce periods: no second reload.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(changed).toEqual([['megafon-note']]);
      expect(failed).toEqual([]);
      expect(store.status().loadedBy).toBe('watch');
    } finally {
      watcher.close();
    }
  });

  it('reports a broken write and keeps the old index', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const engine = store.engine;
    const changed: unknown[] = [];
    const failed: unknown[] = [];
    const watcher = watchCorpus(store, { changed: (c) => changed.push(c), failed: (e) => failed.push(e) }, 100);
    try {
      await writeFile(path.join(dir, 'broken.md'), article({ front: 'title: x' }));
      expect(await until(() => failed.length > 0)).toBe(true);
      expect(failed[0]).toBeInstanceOf(CorpusError);
      expect((failed[0] as CorpusError).problems).toEqual([
        `${dir}/broken.md: lang is required (must be "vi" or "zh")`,
        `${dir}/broken.md: url is required (must be an http or https URL)`,
      ]);
      expect(changed).toEqual([]);
      expect(store.engine).toBe(engine);
    } finally {
      watcher.close();
    }
  });

  it('ignores its own temporary files and the trash', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const heard: unknown[] = [];
    const watcher = watchCorpus(store, { changed: (c) => heard.push(c), failed: (e) => heard.push(e) }, 50);
    try {
      await writeFile(path.join(dir, '.megafon-note.md.abc.tmp'), 'x');
      await writeFile(path.join(dir, '.hidden'), 'x');
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(heard).toEqual([]);
    } finally {
      watcher.close();
    }
  });

  it('does not reload once closed', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const heard: unknown[] = [];
    const watcher = watchCorpus(store, { changed: (c) => heard.push(c), failed: (e) => heard.push(e) }, 50);
    await writeFile(path.join(dir, 'megafon-note.md'), article());
    watcher.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual([]);
    expect(store.status().loadedBy).toBe('startup');
  });

  it('reports nothing when closed while its reload runs', async () => {
    const dir = await corpusCopy();
    const store = await openFolder(dir);
    const heard: unknown[] = [];
    const watcher = watchCorpus(store, { changed: (c) => heard.push(c), failed: (e) => heard.push(e) }, 50);
    let swapped = false;
    // The swap happens inside the reload, before its result reaches the watcher.
    store.onChange(() => {
      swapped = true;
      watcher.close();
    });
    try {
      await writeFile(path.join(dir, 'megafon-note.md'), article());
      expect(await until(() => swapped)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(heard).toEqual([]);
      expect(store.status().loadedBy).toBe('watch');
    } finally {
      watcher.close();
    }
  });
});
