import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCorpus, CorpusError, loadCorpus } from '../src/corpus/load.ts';
import type { CorpusFile } from '../src/corpus/load.ts';
import { TempDirs } from './fixtures.ts';

const encoder = new TextEncoder();

/** An in-memory corpus file. */
function file(name: string, content: string | Uint8Array): CorpusFile {
  return { name, bytes: typeof content === 'string' ? encoder.encode(content) : content };
}

const VALID_FIELDS: Record<string, string> = {
  title: 'Alibaba và Nga',
  lang: 'vi',
  url: 'https://example.com/alibaba-russia',
};

const VALID_BODY = 'Alibaba hợp tác với Mail.ru để ra mắt một liên doanh. Nga có 70 triệu người dùng Internet.';

/**
 * A valid article; each test changes one thing. `fields` overrides front matter lines (a value of
 * undefined drops the field); `raw` replaces the front matter text altogether.
 */
function article(options: { fields?: Record<string, string | undefined>; raw?: string; body?: string } = {}): string {
  const fields = { ...VALID_FIELDS, ...options.fields };
  const front =
    options.raw ??
    Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n');
  return `---\n${front}\n---\n${options.body ?? VALID_BODY}\n`;
}

/** The problems of a corpus that must not load; fails the test if it loads. */
function problemsOf(files: CorpusFile[], dir = 'corpus'): string[] {
  try {
    buildCorpus(dir, files);
  } catch (err) {
    expect(err).toBeInstanceOf(CorpusError);
    return (err as CorpusError).problems;
  }
  throw new Error('expected the corpus to be rejected');
}

/** Problems of a single article `x.md`. */
const articleProblems = (content: string | Uint8Array) => problemsOf([file('x.md', content)]);

/** Problems of a valid article plus an entities.yaml. */
const entityProblems = (yaml: string) => problemsOf([file('x.md', article()), file('entities.yaml', yaml)]);

describe('loadCorpus', () => {
  it('loads the real corpus: both articles, passages in both languages, entities and glossary', async () => {
    const corpus = await loadCorpus('corpus');
    expect(corpus.dir).toBe('corpus');
    expect(corpus.sources.map((s) => [s.id, s.lang, s.file])).toEqual([
      ['alibaba-russia-vi', 'vi', 'alibaba-russia-vi.md'],
      ['alibaba-russia-zh', 'zh', 'alibaba-russia-zh.md'],
    ]);
    for (const s of corpus.sources) {
      expect(s.url).toBe('https://techcrunch.com/2018/09/11/alibaba-russia-mail-ru/');
      expect(s.published).toBe('2018-09-11');
      expect(s.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(corpus.passages.filter((p) => p.lang === 'vi').length).toBeGreaterThan(5);
    expect(corpus.passages.filter((p) => p.lang === 'zh').length).toBeGreaterThan(5);
    expect(corpus.entities.map((e) => e.id)).toEqual(
      expect.arrayContaining(['alibaba', 'mail-ru', 'jack-ma', 'boris-dobrodeev']),
    );
    expect(corpus.entities.find((e) => e.id === 'jack-ma')).toEqual({
      id: 'jack-ma',
      kind: 'person',
      names: ['Jack Ma', '马云'],
      // `also`, which moderators extend as members type new spellings.
      otherNames: expect.arrayContaining(['Mã Vân', 'Ma Yun', '马老师', '马爸爸']),
    });
    expect(corpus.glossary.find((g) => g.id === 'joint-venture')?.forms).toEqual({
      vi: ['liên doanh'],
      zh: ['合资企业', '合资公司', '合资'],
      en: expect.arrayContaining(['joint venture', 'JV']),
    });
  });

  it('says which folder it could not read', async () => {
    const failure = loadCorpus('no-such-corpus-folder');
    await expect(failure).rejects.toThrow(CorpusError);
    await expect(failure).rejects.toMatchObject({
      problems: ['no-such-corpus-folder: cannot read the corpus folder (ENOENT)'],
    });
  });
});

describe('buildCorpus', () => {
  it('builds a corpus from valid in-memory files', () => {
    const corpus = buildCorpus('corpus', [
      file('x.md', article({ fields: { published: '2018-09-11', publisher: 'TechCrunch' } })),
    ]);
    expect(corpus.sources).toEqual([
      expect.objectContaining({
        id: 'x',
        title: 'Alibaba và Nga',
        lang: 'vi',
        url: 'https://example.com/alibaba-russia',
        published: '2018-09-11',
        publisher: 'TechCrunch',
        file: 'x.md',
      }),
    ]);
    expect(corpus.passages.map((p) => p.text)).toEqual([VALID_BODY]);
  });

  it('rejects an article without front matter', () => {
    expect(articleProblems(VALID_BODY)).toEqual([
      'corpus/x.md: front matter is missing (expected a first line "---", YAML fields title, lang, url, published, publisher, note, then a line "---")',
    ]);
  });

  it('rejects front matter that is not YAML', () => {
    const problems = articleProblems(article({ raw: 'title: [unclosed\nlang: vi' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^corpus\/x\.md: front matter is not valid YAML at line 3, column 1 \(.+\)$/);
  });

  // The YAML parser counts lines from the start of the front matter; the moderator reads the file,
  // whose line 1 is the opening "---". The broken line here is line 3 of the file.
  it('points at the line of the file where the YAML breaks', () => {
    const problems = articleProblems(article({ raw: 'title: [unclosed\nlang: vi' }));
    expect(problems[0]).toContain('at line 3');
  });

  it('rejects front matter that is not a mapping', () => {
    expect(articleProblems(article({ raw: '- title\n- lang' }))).toEqual([
      'corpus/x.md: front matter must be a YAML mapping of fields (got ["title","lang"])',
    ]);
  });

  it.each([
    ['title', 'corpus/x.md: title is required (must be a non-empty string)'],
    ['url', 'corpus/x.md: url is required (must be an http or https URL)'],
    // Reported like the other missing fields: the message must say the field is missing.
    ['lang', 'corpus/x.md: lang is required (must be "vi" or "zh")'],
  ])('says the required field %s is missing', (field, message) => {
    expect(articleProblems(article({ fields: { [field]: undefined } }))).toEqual([message]);
  });

  it('rejects an empty title', () => {
    expect(articleProblems(article({ fields: { title: '""' } }))).toEqual([
      'corpus/x.md: title must be a non-empty string (got "")',
    ]);
  });

  it('names an unknown field and lists the allowed ones', () => {
    expect(articleProblems(article({ fields: { author: 'Jon Russell' } }))).toEqual([
      'corpus/x.md: unknown field "author" (allowed: title, lang, url, published, publisher, note)',
    ]);
  });

  it('names every unknown field in one line', () => {
    expect(articleProblems(article({ fields: { author: 'Jon Russell', tags: '[deal]' } }))).toEqual([
      'corpus/x.md: unknown fields "author", "tags" (allowed: title, lang, url, published, publisher, note)',
    ]);
  });

  it('rejects a language other than vi or zh', () => {
    expect(articleProblems(article({ fields: { lang: 'xx' } }))).toEqual([
      'corpus/x.md: lang must be "vi" or "zh" (got "xx")',
    ]);
  });

  it.each([
    ['ftp://example.com/a', 'corpus/x.md: url must be an http or https URL (got "ftp://example.com/a")'],
    ['not a url', 'corpus/x.md: url must be an http or https URL (got "not a url")'],
  ])('rejects the url %s', (url, message) => {
    expect(articleProblems(article({ fields: { url } }))).toEqual([message]);
  });

  it.each([
    ['2018-13-45', 'corpus/x.md: published must be a date YYYY-MM-DD (got "2018-13-45")'],
    ['2018-02-30', 'corpus/x.md: published must be a date YYYY-MM-DD (got "2018-02-30")'],
    ['yesterday', 'corpus/x.md: published must be a date YYYY-MM-DD (got "yesterday")'],
  ])('rejects the date %s', (published, message) => {
    expect(articleProblems(article({ fields: { published } }))).toEqual([message]);
  });

  it.each([
    ['nothing', ''],
    ['only blank lines', '\n\n   \n'],
    ['only an image and a rule', '![](img/a.png)\n\n---\n'],
  ])('rejects a body of %s', (_what, body) => {
    expect(articleProblems(article({ body }))).toEqual([
      'corpus/x.md: body is empty (expected the article text below the front matter)',
    ]);
  });

  it('rejects a file name that is not a source id', () => {
    expect(problemsOf([file('Upper.md', article())])).toEqual([
      'corpus/Upper.md: file name must be a source id (lowercase letters, digits and hyphens) followed by .md',
    ]);
  });

  it('rejects a file that is not UTF-8 and says where the first bad byte is', () => {
    expect(articleProblems(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42, 0x00]))).toEqual([
      'corpus/x.md: is not valid UTF-8 text (first bad byte at offset 0); save it as UTF-8',
    ]);
    const valid = encoder.encode(article());
    expect(articleProblems(new Uint8Array([...valid, 0xff]))).toEqual([
      `corpus/x.md: is not valid UTF-8 text (first bad byte at offset ${valid.length}); save it as UTF-8`,
    ]);
  });

  it('rejects a folder without articles', () => {
    expect(problemsOf([file('entities.yaml', '[]')])).toEqual([
      'corpus: no articles (expected at least one <source-id>.md file)',
    ]);
  });

  it('uses the folder it was given in every message', () => {
    expect(problemsOf([file('x.md', article({ fields: { lang: 'xx' } }))], 'data/corpus/')).toEqual([
      'data/corpus/x.md: lang must be "vi" or "zh" (got "xx")',
    ]);
  });

  describe('entities', () => {
    it('rejects a duplicate entity id', () => {
      expect(
        entityProblems(
          '- { id: alibaba, kind: company, names: [Alibaba] }\n- { id: alibaba, kind: company, names: [Mail.ru] }\n',
        ),
      ).toEqual(['corpus/entities.yaml: duplicate entity id "alibaba"']);
    });

    it('rejects a name that no article contains', () => {
      expect(entityProblems('- { id: tencent, kind: company, names: [Tencent] }\n')).toEqual([
        'corpus/entities.yaml: entity "tencent": name "Tencent" does not appear in any article (move it to "also" if it is only another spelling)',
      ]);
    });

    it('rejects a "called" description that no article contains, and names what is expected', () => {
      expect(
        entityProblems('- { id: alibaba, kind: company, names: [Alibaba], called: [the Hangzhou giant] }\n'),
      ).toEqual([
        'corpus/entities.yaml: entity "alibaba": called: "the Hangzhou giant" does not appear in any article (write it as the article does)',
      ]);
    });

    it('accepts any spelling under "also"', () => {
      const corpus = buildCorpus('corpus', [
        file('x.md', article()),
        file('entities.yaml', '- { id: alibaba, kind: company, names: [Alibaba], also: [阿里巴巴集团] }\n'),
      ]);
      expect(corpus.entities).toEqual([
        { id: 'alibaba', kind: 'company', names: ['Alibaba'], otherNames: ['阿里巴巴集团'] },
      ]);
    });

    it("rejects a joint venture's partner that is not another entity of the file", () => {
      const venture = (partners: string) =>
        `- { id: alibaba, kind: company, names: [Alibaba] }\n- { id: jv, kind: company, names: [Mail.ru], partners: ${partners} }\n`;
      expect(entityProblems(venture('[alibaba, tencent, jv]'))).toEqual([
        'corpus/entities.yaml: entity "jv": partners: "tencent" must be the id of another entity in this file',
        'corpus/entities.yaml: entity "jv": partners: "jv" must be the id of another entity in this file',
      ]);
      expect(entityProblems(venture('alibaba'))).toEqual([
        'corpus/entities.yaml: entry 2 (jv): partners must be a list of entity ids (got "alibaba")',
      ]);
      const corpus = buildCorpus('corpus', [file('x.md', article()), file('entities.yaml', venture('[alibaba]'))]);
      expect(corpus.entities[1]).toEqual({
        id: 'jv',
        kind: 'company',
        names: ['Mail.ru'],
        otherNames: [],
        partners: ['alibaba'],
      });
    });

    it('rejects an unknown field and names the entry', () => {
      expect(entityProblems('- { id: alibaba, kind: company, names: [Alibaba], aliases: [Ali] }\n')).toEqual([
        'corpus/entities.yaml: entry 1 (alibaba): unknown field "aliases"',
      ]);
    });

    it('rejects a kind that is not person, company, fund, product or source', () => {
      expect(
        entityProblems(
          '- { id: alibaba, kind: company, names: [Alibaba] }\n- { id: mail-ru, kind: bank, names: [Mail.ru] }\n',
        ),
      ).toEqual([
        'corpus/entities.yaml: entry 2 (mail-ru): kind must be one of person, company, fund, product, source (got "bank")',
      ]);
    });

    it('rejects an entity without names', () => {
      expect(entityProblems('- { id: alibaba, kind: company }\n')).toEqual([
        'corpus/entities.yaml: entry 1 (alibaba): names is required (must be a list of names)',
      ]);
    });

    it('rejects a file that is not a list', () => {
      expect(entityProblems('alibaba: company\n')).toEqual([
        'corpus/entities.yaml: the file must be a YAML list of entities (got {"alibaba":"company"})',
      ]);
    });
  });

  it('rejects a correction whose text is in no passage', () => {
    expect(
      problemsOf([
        file('x.md', article()),
        file(
          'corrections.yaml',
          '- { source: x, text: "Nga có 80 triệu", corrected_by: { source: x, text: "70 triệu" } }\n',
        ),
      ]),
    ).toEqual(['corpus/corrections.yaml: entry 1: text "Nga có 80 triệu" is not in any passage of source "x"']);
  });

  it('reports every problem of every file in one error and returns nothing', () => {
    const files = [
      file('a.md', VALID_BODY),
      file('b.md', article({ fields: { lang: 'xx', url: 'ftp://example.com/b' } })),
      file('Bad.md', article()),
      file('good.md', article()),
      file('entities.yaml', '- { id: alibaba, kind: bank, names: [Alibaba] }\n'),
    ];
    let error: unknown;
    let corpus: unknown;
    try {
      corpus = buildCorpus('corpus', files);
    } catch (err) {
      error = err;
    }
    expect(corpus).toBeUndefined();
    expect(error).toBeInstanceOf(CorpusError);
    const problems = (error as CorpusError).problems;
    expect(problems).toEqual([
      'corpus/a.md: front matter is missing (expected a first line "---", YAML fields title, lang, url, published, publisher, note, then a line "---")',
      'corpus/b.md: lang must be "vi" or "zh" (got "xx")',
      'corpus/b.md: url must be an http or https URL (got "ftp://example.com/b")',
      'corpus/Bad.md: file name must be a source id (lowercase letters, digits and hyphens) followed by .md',
      'corpus/entities.yaml: entry 1 (alibaba): kind must be one of person, company, fund, product, source (got "bank")',
    ]);
    expect((error as CorpusError).message).toBe(
      `Corpus not loaded: 5 problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  });
});

describe('limits a reply depends on', () => {
  it('refuses a url over 512 characters, quoting only its beginning', () => {
    const url = `https://example.com/${'a'.repeat(5_000)}`;
    const [problem] = articleProblems(article({ fields: { url } }));
    expect(problem).toMatch(
      /^corpus\/x\.md: url must be at most 512 characters \(got "https:\/\/example\.com\/a+… \(5020 characters\)\)$/,
    );
    expect(problem!.length).toBeLessThan(200);
    expect(articleProblems(article({ fields: { url: `https://example.com/${'a'.repeat(492)}x` } }))).toEqual([
      expect.stringContaining('url must be at most 512 characters'),
    ]);
    expect(() =>
      buildCorpus('corpus', [file('x.md', article({ fields: { url: `https://example.com/${'a'.repeat(492)}` } }))]),
    ).not.toThrow();
  });

  it('refuses a url with spaces or control characters, and a title with control characters', () => {
    expect(articleProblems(article({ fields: { url: '"https://example.com/a b"' } }))).toEqual([
      'corpus/x.md: url must not contain spaces or control characters (got "https://example.com/a b")',
    ]);
    expect(articleProblems(article({ fields: { title: '"\\e]0;pwned\\a Alibaba"' } }))).toEqual([
      'corpus/x.md: title must be one line without control characters (got "\\u001b]0;pwned\\u0007 Alibaba")',
    ]);
  });

  it('refuses an article file name over 100 characters: its source id is offered in autocomplete', () => {
    const name = `${'a'.repeat(98)}.md`;
    expect(problemsOf([file(name, article())])).toEqual([
      `corpus/${name}: file name must be at most 100 characters (got 101): its source id is offered in autocomplete`,
    ]);
    expect(() => buildCorpus('corpus', [file(`${'a'.repeat(97)}.md`, article())])).not.toThrow();
  });

  it('refuses entity and glossary ids over 100 characters', () => {
    const id = 'a'.repeat(101);
    expect(entityProblems(`- id: ${id}\n  kind: company\n  names: [Alibaba]\n`)).toEqual([
      `corpus/entities.yaml: entry 1 (${id}): id must be at most 100 characters (got "${id}")`,
    ]);
    expect(problemsOf([file('x.md', article()), file('glossary.yaml', `- id: ${id}\n  vi: [liên doanh]\n`)])).toEqual([
      `corpus/glossary.yaml: entry 1 (${id}): id must be at most 100 characters (got "${id}")`,
    ]);
  });

  it('refuses a file over 512 KiB by name, whatever its kind', () => {
    const big = article({ body: 'Alibaba hợp tác với Nga. '.repeat(25_000) });
    expect(
      problemsOf([file('x.md', big), file('y.md', article()), file('entities.yaml', 'x'.repeat(600_000))]),
    ).toEqual([
      `corpus/x.md: ${encoder.encode(big).length} bytes is over the 524288-byte (512 KiB) limit of a corpus file; split or shorten it`,
      'corpus/entities.yaml: 600000 bytes is over the 524288-byte (512 KiB) limit of a corpus file; split or shorten it',
    ]);
  });
});

describe('the corpus folder', () => {
  const temp = new TempDirs();
  afterEach(() => temp.cleanup());

  /** A folder with `files` (name → content); a content of `{ linkTo }` makes a symbolic link to that path. */
  async function folder(files: Record<string, string | { linkTo: string }>): Promise<string> {
    const dir = await temp.dir();
    for (const [name, content] of Object.entries(files)) {
      if (typeof content === 'string') await writeFile(path.join(dir, name), content);
      else await symlink(content.linkTo, path.join(dir, name));
    }
    return dir;
  }

  /** The problems of a folder that must not load. */
  async function folderProblems(dir: string): Promise<string[]> {
    const err: unknown = await loadCorpus(dir).then(
      () => new Error('expected the folder to be rejected'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CorpusError);
    return (err as CorpusError).problems;
  }

  it('refuses a 5 MB one-line article in the folder by name, with its size', async () => {
    const huge = article({ body: 'a'.repeat(5 * 1024 * 1024) });
    const dir = await folder({ 'x.md': article(), 'huge.md': huge });
    expect(await folderProblems(dir)).toEqual([
      `${dir}/huge.md: ${encoder.encode(huge).length} bytes is over the 524288-byte (512 KiB) limit of a corpus file; split or shorten it`,
    ]);
  });

  it('reads a symbolically linked article and entities file as the files they point to', async () => {
    const elsewhere = await folder({
      'shared-entities.yaml': '- id: mail-ru\n  kind: company\n  names: [Mail.ru]\n',
      'article.md': article(),
    });
    const dir = await folder({
      'x.md': { linkTo: path.join(elsewhere, 'article.md') },
      'entities.yaml': { linkTo: path.join(elsewhere, 'shared-entities.yaml') },
    });
    const corpus = await loadCorpus(dir);
    expect(corpus.sources.map((s) => s.id)).toEqual(['x']);
    expect(corpus.entities.map((e) => e.id)).toEqual(['mail-ru']);
  });

  it('names a broken link and a folder named like an article instead of skipping them', async () => {
    const dir = await folder({ 'x.md': article(), 'gone.md': { linkTo: '/nonexistent/gone.md' } });
    await mkdir(path.join(dir, 'folder.md'));
    expect(await folderProblems(dir)).toEqual([
      `${dir}/folder.md: cannot be read (a folder)`,
      `${dir}/gone.md: cannot be read (ENOENT: a broken symbolic link?)`,
    ]);
  });

  it('leaves hidden files alone: macOS ._ files, temporary files, the trash', async () => {
    const dir = await folder({
      'x.md': article(),
      '._x.md': '\u0000\u0005\u0016\u0007Mac OS X',
      '.x.md.0123456789ab.tmp': 'half written',
      '.entities.yaml': 'not: [valid',
    });
    await mkdir(path.join(dir, '.trash'));
    expect((await loadCorpus(dir)).sources.map((s) => s.id)).toEqual(['x']);
  });

  it('reads files whose lines end in CR alone, as old Mac editors write them', async () => {
    const dir = await folder({ 'x.md': article().replace(/\n/g, '\r') });
    const corpus = await loadCorpus(dir);
    expect(corpus.sources[0]?.title).toBe('Alibaba và Nga');
    expect(corpus.passages.map((p) => p.text)).toEqual([VALID_BODY]);
  });
});
