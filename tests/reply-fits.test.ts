/**
 * Every reply fits, whatever the corpus holds: for any corpus the loader accepts and anything a member types, every
 * payload and every autocomplete list passes the Discord stand-in's validator, and carries no control character.
 * A reply Discord refuses is a reply the member never sees.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.ts';
import { type Dispatcher, runAutocomplete, runButton, runCommand } from '../src/app/dispatch.ts';
import type { CommandRequest, CorpusAdmin } from '../src/command/contract.ts';
import type { CommandReply } from '../src/reply/types.ts';
import { buildCorpus, CorpusError, type CorpusFile } from '../src/corpus/load.ts';
import { SearchEngine } from '../src/search/engine.ts';
import type { ChangeSummary, Corpus, CorpusStatus } from '../src/types.ts';
import { FormErrors } from './standin/util.ts';
import { validateAutocompleteData, validateMessageBody } from './standin/validate.ts';

const utf8 = new TextEncoder();
const LOCALES = ['vi', 'zh-CN', 'zh-TW', 'en-US'] as const;

/** What Discord would refuse in a message payload, plus any control character left in its text. */
function problems(payload: unknown): string[] {
  const errors = new FormErrors();
  validateMessageBody(errors, payload as Record<string, unknown>, { prefix: ['data'], allowedFlags: 64 | 4 });
  return [...errors.flat, ...controlsIn(payload)];
}

/** Control characters other than tab and newline, anywhere in the payload's text (JSON escapes them as \uXXXX). */
function controlsIn(payload: unknown): string[] {
  return [...JSON.stringify(payload).matchAll(/\\u00[01][0-9a-f]|\\u007f|\\u008[0-9a-f]|\\u009[0-9a-f]|\\r/g)].map(
    (m) => `control character ${m[0]} in the payload`,
  );
}

function autocompleteProblems(choices: unknown): string[] {
  const errors = new FormErrors();
  validateAutocompleteData(errors, { choices });
  return [...errors.flat, ...controlsIn(choices)];
}

// ── Corpora the loader accepts ─────────────────────────────────────────────────────────────────────────────────

/** Text that tries every corner: Markdown, mentions, controls, combining marks, emoji, astral Han, long words. */
const piece = fc.oneof(
  fc.constantFrom(
    'Alibaba',
    'Mail.ru',
    '阿里巴巴',
    'MegaFon',
    ' ',
    '  ',
    '\n',
    '\n\n',
    '. ',
    '。',
    '48%',
    '~~',
    '~~tin sai~~',
    '**',
    '*',
    '_',
    '`',
    '\\',
    '[a](https://example.com/x)',
    '![i](x.png)',
    '<https://example.com>',
    '@everyone',
    '<@123456789012345678>',
    '# ',
    '> ',
    '- ',
    '1. ',
    '|',
    '\u0000',
    '\u0007',
    '\u001b]0;pwned\u0007',
    '\u0085',
    '\u009b',
    '\u007f',
    '\r',
    '\u200b',
    '\u200d',
    '👨‍👩‍👧',
    '🇻🇳',
    'e\u0301\u0323',
    '𠀀𠀁',
    'ở',
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.integer({ min: 1, max: 3000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 1, max: 200 }).map((n) => '~~sai~~ '.repeat(n)),
);
const text = (maxLength: number) => fc.array(piece, { maxLength }).map((ps) => ps.join(''));

/** A front matter value, as YAML: JSON is YAML, and escapes anything. */
const yaml = (s: string) => JSON.stringify(s);

interface Spec {
  articles: Array<{ id: string; title: string; lang: 'vi' | 'zh'; url: string; publisher?: string; body: string }>;
  entities: Array<{ id: string; names: string[] }>;
}

const spec: fc.Arbitrary<Spec> = fc.record({
  articles: fc.uniqueArray(
    fc.record(
      {
        id: fc.stringMatching(/^[a-z0-9]{1,3}(?:-[a-z0-9]{1,40}){0,3}$/).filter((id) => id.length <= 97),
        title: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), text(30)),
        lang: fc.constantFrom('vi' as const, 'zh' as const),
        url: fc
          .stringMatching(/^[A-Za-z0-9._~%/?#=&()-]{0,500}$/)
          .map((path) => `https://example.com/${path}`.slice(0, 512)),
        publisher: fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 100 }), { nil: undefined }),
        body: text(60).map((b) => `Alibaba Mail.ru 阿里巴巴. ${b}`),
      },
      { requiredKeys: ['id', 'title', 'lang', 'url', 'body'] },
    ),
    { minLength: 1, maxLength: 4, selector: (a) => a.id },
  ),
  entities: fc.uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[a-z0-9]{1,50}(?:-[a-z0-9]{1,49})?$/),
      names: fc.subarray(['Alibaba', 'Mail.ru', '阿里巴巴'], { minLength: 1 }),
    }),
    { maxLength: 3, selector: (e) => e.id },
  ),
});

function filesOf(s: Spec): CorpusFile[] {
  const files: CorpusFile[] = s.articles.map((a) => ({
    name: `${a.id}.md`,
    bytes: utf8.encode(
      [
        '---',
        `title: ${yaml(a.title)}`,
        `lang: ${a.lang}`,
        `url: ${yaml(a.url)}`,
        ...(a.publisher ? [`publisher: ${yaml(a.publisher)}`] : []),
        '---',
        a.body,
        '',
      ].join('\n'),
    ),
  }));
  if (s.entities.length)
    files.push({
      name: 'entities.yaml',
      bytes: utf8.encode(
        s.entities.map((e) => `- id: ${e.id}\n  kind: company\n  names: ${JSON.stringify(e.names)}\n`).join(''),
      ),
    });
  return files;
}

/** The corpus, with a correction added for some passages when `correct` says so; undefined if the loader refuses. */
function accepted(s: Spec, correct: number): Corpus | undefined {
  let files = filesOf(s);
  try {
    const first = buildCorpus('corpus', files);
    const passages = first.passages.filter((_, i) => i % 3 === correct % 3).slice(0, 5);
    if (passages.length) {
      const entries = passages.map(
        (p) =>
          `- source: ${p.source}\n  text: ${yaml(p.text.slice(0, 40))}\n  corrected_by:\n    source: ${first.passages[0]!.source}\n    text: ${yaml(first.passages[0]!.text.slice(0, 2_000))}\n`,
      );
      files = [...files, { name: 'corrections.yaml', bytes: utf8.encode(entries.join('')) }];
    }
    return buildCorpus('corpus', files);
  } catch (err) {
    if (err instanceof CorpusError) return undefined;
    throw err;
  }
}

// ── What members send ──────────────────────────────────────────────────────────────────────────────────────────

interface Req {
  command: 'ask' | 'who' | 'stake' | 'sources';
  query: string;
  locale: string;
  lang: 'vi' | 'zh' | undefined;
  hide: boolean;
  pick: number;
}

const typed = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
  text(12),
  fc.constantFrom('Alibaba nắm bao nhiêu cổ phần?', '阿里巴巴持有多少股份？', 'Mail.ru', 'tin sai', '@everyone'),
);
const request: fc.Arbitrary<Req> = fc.record({
  command: fc.constantFrom('ask' as const, 'who' as const, 'stake' as const, 'sources' as const),
  query: typed,
  locale: fc.constantFrom(...LOCALES),
  lang: fc.option(fc.constantFrom('vi' as const, 'zh' as const), { nil: undefined }),
  hide: fc.boolean(),
  pick: fc.nat(),
});

/** The request as a transport hands it over, within the option limits Discord (and the dispatcher) enforce. */
function requestOf(r: Req, corpus: Corpus): CommandRequest {
  const options: CommandRequest['options'] = { ...(r.lang ? { lang: r.lang } : {}), ...(r.hide ? { hide: true } : {}) };
  const entity = corpus.entities.length ? corpus.entities[r.pick % corpus.entities.length]!.id : undefined;
  const name = r.pick % 2 && entity ? entity : [...r.query].slice(0, 100).join('');
  if (r.command === 'ask') options.question = r.query;
  if (r.command === 'who') options.name = name;
  if (r.command === 'stake' && r.pick % 3) options.party = name;
  return { command: r.command, options, locale: r.locale, canModerate: false, user: '123456789012345678' };
}

/** Run a request and press every button of its reply (once): all of it must fit. */
async function everyReply(d: Dispatcher, req: CommandRequest): Promise<CommandReply[]> {
  const first = await runCommand(d, req);
  const replies = [first];
  const ids = (first.payload.components ?? []).flatMap((row) =>
    'components' in row ? row.components.flatMap((c) => ('custom_id' in c ? [c.custom_id] : [])) : [],
  );
  for (const id of ids)
    replies.push(await runButton(d, id, { canModerate: false, user: req.user, locale: req.locale }));
  return replies;
}

/** A stand-in for the live store: `/corpus` replies about this corpus, with `by` and `problems` as given. */
function storeOf(corpus: Corpus, by: string, refusal: string[]): CorpusAdmin {
  const status: CorpusStatus = {
    dir: 'corpus',
    articles: corpus.sources.map((s) => ({
      id: s.id,
      title: s.title,
      lang: s.lang,
      passages: corpus.passages.filter((p) => p.source === s.id).length,
    })),
    passages: corpus.passages.length,
    entities: corpus.entities.length,
    loadedAt: new Date(0),
    loadedBy: by,
    // The longest a status line can get: PostgreSQL names its version.
    store: 'postgres',
    version: Number.MAX_SAFE_INTEGER,
  };
  const ids = corpus.sources.map((s) => s.id);
  const change: ChangeSummary = {
    added: ids,
    removed: ids,
    changed: ids,
    passagesAdded: corpus.passages.length,
    passagesRemoved: 1,
    otherFilesChanged: true,
    unchanged: false,
    status,
  };
  return {
    dir: 'corpus',
    status: () => status,
    reload: () => Promise.resolve(change),
    add: () => Promise.reject(new CorpusError(refusal)),
    remove: () => Promise.resolve(change),
  };
}

/** A dispatcher over the corpus of one article with `body` (and `fields` in its front matter). */
function oneArticle(body: string, fields: Record<string, string> = {}): Dispatcher {
  const front = { title: 'Alibaba và Nga', lang: 'vi', url: 'https://example.com/a', ...fields };
  const md = `---\n${Object.entries(front)
    .map(([k, v]) => `${k}: ${yaml(v)}`)
    .join('\n')}\n---\n${body}\n`;
  const engine = new SearchEngine(buildCorpus('corpus', [{ name: 'a.md', bytes: utf8.encode(md) }]));
  return { commands, context: { engine: () => engine, defaultLang: 'vi' } };
}

const ask = (d: Dispatcher, question: string, locale = 'vi') =>
  runCommand(d, { command: 'ask', options: { question }, canModerate: false, locale });

describe('what a reply adds to a passage counts in its budget', () => {
  it('quotes a paragraph with hundreds of retractions within Discord’s 6000 characters', async () => {
    // Struck text leaves the passage: one short sentence, 300 retractions beside it.
    const struck = Array.from({ length: 300 }, (_, i) => `~~con số sai thứ ${i}~~`).join(' ');
    const body = `Alibaba góp vốn ${struck} vào liên doanh.`;
    const reply = await ask(oneArticle(body), 'Alibaba góp vốn vào liên doanh');
    expect(reply.citations.length).toBeGreaterThan(0);
    expect(problems(reply.payload)).toEqual([]);
    // The notes that fit are shown, then how many more there are.
    expect(reply.payload.embeds?.[0]?.description).toMatch(/~~con số sai thứ 0~~.*\n… \+\d+\n/s);
  });

  it('quotes an article whose url and title are as long as the loader allows', async () => {
    const d = oneArticle('Alibaba góp vốn vào liên doanh với Mail.ru. '.repeat(40), {
      url: `https://example.com/${'a'.repeat(492)}`,
      title: '[Alibaba] *và* _Nga_ '.repeat(14).trim(),
    });
    const reply = await ask(d, 'Alibaba góp vốn vào liên doanh');
    expect(reply.payload.embeds?.length).toBeGreaterThan(1);
    expect(problems(reply.payload)).toEqual([]);
  });

  it('leaves an over-long url out of the citation rather than sending it', async () => {
    const d = oneArticle('Alibaba góp vốn vào liên doanh với Mail.ru.');
    const engine = d.context.engine();
    const long = {
      ...engine.corpus,
      sources: engine.corpus.sources.map((s) => ({ ...s, url: `https://example.com/${'a'.repeat(5_000)}` })),
    };
    const other = new SearchEngine(long);
    const reply = await ask({ ...d, context: { ...d.context, engine: () => other } }, 'Alibaba góp vốn vào liên doanh');
    expect(reply.payload.embeds?.[0]?.description).toContain('Alibaba và Nga');
    expect(reply.payload.embeds?.[0]?.description).not.toContain('example.com');
    expect(problems(reply.payload)).toEqual([]);
  });

  it('sends no NUL, ESC or BEL from an article body', async () => {
    const reply = await ask(oneArticle('Alibaba góp\u0000 vốn \u001b]0;pwned\u0007vào liên doanh.'), 'Alibaba góp vốn');
    expect(reply.citations.length).toBe(1);
    expect(JSON.stringify(reply.payload)).not.toMatch(/\\u00(?:00|1b|07)/);
    expect(reply.payload.embeds?.[0]?.description).toContain(']0;pwned');
  });

  it('names who loaded the corpus with a dash when that name is only control characters', async () => {
    // Found by the property below (seed -885958412): a moderator named "\u0007" left /corpus status a blank field.
    const d = oneArticle('Alibaba góp vốn vào liên doanh.');
    const corpus = d.context.engine().corpus;
    const store = storeOf(corpus, '\u0007\u001b', ['x']);
    for (const locale of LOCALES) {
      const reply = await runCommand(
        { ...d, context: { ...d.context, store } },
        { command: 'corpus', subcommand: 'status', options: {}, canModerate: true, locale },
      );
      expect(problems(reply.payload)).toEqual([]);
      expect(reply.payload.embeds?.[0]?.fields?.some((f) => f.value === '—')).toBe(true);
    }
  });
});

describe('every reply fits, whatever the corpus holds', () => {
  it(
    'passes the stand-in’s validator for any corpus the loader accepts and any request',
    { timeout: 600_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          spec,
          fc.nat(),
          fc.array(request, { minLength: 1, maxLength: 6 }),
          typed,
          async (s, correct, requests, typedText) => {
            const corpus = accepted(s, correct);
            fc.pre(corpus !== undefined);
            const engine = new SearchEngine(corpus);
            const store = storeOf(corpus, typedText, [typedText, `corpus/x.md: ${typedText}`.repeat(20)]);
            const d: Dispatcher = { commands, context: { engine: () => engine, defaultLang: 'vi', store } };
            for (const r of requests)
              for (const reply of await everyReply(d, requestOf(r, corpus)))
                expect(problems(reply.payload), JSON.stringify(r)).toEqual([]);
            const moderator = { command: 'corpus', options: {}, canModerate: true, user: typedText, locale: 'zh-TW' };
            for (const subcommand of ['status', 'reload', 'remove', 'add']) {
              const reply = await runCommand(d, {
                ...moderator,
                subcommand,
                ...(subcommand === 'remove' ? { options: { source: corpus.sources[0]!.id } } : {}),
                ...(subcommand === 'add'
                  ? {
                      options: { file: 'x.md' },
                      files: { file: { name: 'x.md', read: () => Promise.resolve(new Uint8Array(1)) } },
                    }
                  : {}),
              });
              expect(problems(reply.payload), subcommand).toEqual([]);
            }
            for (const [command, option] of [
              ['who', 'name'],
              ['stake', 'party'],
              ['corpus', 'source'],
            ] as const) {
              for (const value of ['', [...typedText].slice(0, 100).join('')]) {
                const choices = runAutocomplete(d, {
                  command,
                  ...(command === 'corpus' ? { subcommand: 'remove' } : {}),
                  options: {},
                  canModerate: true,
                  focused: { name: option, value },
                });
                expect(autocompleteProblems(choices)).toEqual([]);
              }
            }
          },
        ),
        { numRuns: 150 },
      );
    },
  );
});
