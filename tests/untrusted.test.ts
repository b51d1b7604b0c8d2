/**
 * Handlers do not trust the transport: whatever arrives — a forged payload, a garbage button id, an autocomplete
 * list built from odd data — is checked against the command's definition in one place (src/app/dispatch.ts) before
 * any work, and what goes back stays within Discord's limits.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.ts';
import { type Dispatcher, runAutocomplete, runButton, runCommand } from '../src/app/dispatch.ts';
import type { CommandReply } from '../src/reply/types.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { encodeCustomId } from '../src/reply/customId.ts';
import { SearchEngine } from '../src/search/engine.ts';
import type { Corpus } from '../src/types.ts';
import { FormErrors } from './standin/util.ts';
import { validateAutocompleteData, validateMessageBody } from './standin/validate.ts';

let corpus: Corpus;
let engine: SearchEngine;
/** How many searches the engine ran: a refused request must not reach it. */
let searches = 0;
let d: Dispatcher;

beforeAll(async () => {
  corpus = await loadCorpus('corpus');
  engine = new SearchEngine(corpus);
  const counted = new Proxy(engine, {
    get(target, key, receiver) {
      if (key === 'search') searches++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  d = { commands, context: { engine: () => counted, defaultLang: 'vi' } };
});

function discordProblems(reply: CommandReply): string[] {
  const errors = new FormErrors();
  validateMessageBody(errors, reply.payload, { prefix: ['data'], allowedFlags: 64 | 4 });
  return errors.flat;
}

const PRIVATE = 64;

/** What the member reads: Discord shows `\\(` as `(`. */
const unescaped = (markdown: string | undefined) => markdown?.replace(/\\(.)/g, '$1');

describe('a forged command payload', () => {
  it('is refused at once when a question is longer than the command allows, in the member’s language', async () => {
    const before = searches;
    const reply = await runCommand(d, {
      command: 'ask',
      options: { question: 'Alibaba nắm bao nhiêu cổ phần? '.repeat(700).slice(0, 20_000) },
      canModerate: false,
      locale: 'vi',
    });
    expect(searches).toBe(before);
    expect(reply.error).toBe(true);
    expect(reply.payload.flags).toBe(PRIVATE);
    expect(unescaped(reply.payload.content)).toBe('“question” quá dài (tối đa 300 ký tự).');
  });

  it.each([
    ['missing', {}],
    ['null', { question: null }],
    ['empty', { question: '' }],
    ['blank', { question: '   ' }],
  ])('says a required option is missing (%s), never "undefined"', async (_, options) => {
    const reply = await runCommand(d, {
      command: 'ask',
      options: options as Record<string, string>,
      canModerate: false,
      locale: 'en-US',
    });
    expect(reply.payload.content).toBe('Missing required option “question”.');
    expect(reply.payload.flags).toBe(PRIVATE);
  });

  it('says what is wrong with a value of the wrong type or an unknown option, without echoing it whole', async () => {
    const number = await runCommand(d, { command: 'who', options: { name: 42 }, canModerate: false });
    expect(unescaped(number.payload.content)).toBe('name: must be text (got "42")');
    const unknown = await runCommand(d, {
      command: 'ask',
      options: { question: 'x', ['x'.repeat(5_000)]: 'y' },
      canModerate: false,
    });
    expect(unknown.error).toBe(true);
    expect(discordProblems(unknown)).toEqual([]);
  });

  it('takes only a user id or a user mention for mention:, not a role or a mangled mention', async () => {
    for (const mention of [
      '<@&123456789012345678>',
      '123456789012345678>',
      '<@123456789012345678',
      '<#123456789012345678>',
    ]) {
      const reply = await runCommand(d, { command: 'ask', options: { question: 'x', mention }, canModerate: false });
      expect(reply.error, mention).toBe(true);
      expect(reply.payload.allowed_mentions).toEqual({ parse: [] });
    }
    const ok = await runCommand(d, {
      command: 'ask',
      options: { question: 'x', mention: '<@!123456789012345678>' },
      canModerate: false,
    });
    expect(ok.payload.allowed_mentions).toEqual({ parse: [], users: ['123456789012345678'] });
  });
});

describe('a button id that is not one of ours', () => {
  const pressed = (id: string) => runButton(d, id, { canModerate: false, locale: 'zh-CN', user: 'u' });

  it.each([
    '',
    'garbage',
    'q2:',
    'q2:mv0=:zzzzzzzzzzzz:ask:x',
    'q2:mv0=:0:corpus:x',
    'q2:mv0=:0:nosuchcommand:x',
    'q2:mv0=:5000000:ask:Alibaba',
    'q9:mv0=:0:ask:x',
    `q2:mv0=:0:ask:${'x'.repeat(5_000)}`,
    'q2:mv0=:0:who:',
    'q2:mv0=:0:ask:\u0000\u001b',
  ])('%j gets the private "no longer valid", or a valid private refusal, never "something went wrong"', async (id) => {
    const reply = await pressed(id);
    expect(reply.ref).toBeUndefined();
    expect(reply.outcome).not.toBe('error');
    expect(discordProblems(reply)).toEqual([]);
    if (reply.error) expect(reply.payload.flags).toBe(PRIVATE);
  });

  it('says "no longer valid" in the member’s language for an id that is not ours', async () => {
    expect((await pressed('garbage')).payload.content).toBe('此按钮已失效，请重新提问。');
  });

  it('never fails, whatever the id', { timeout: 120_000 }, async () => {
    const ids = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc
        .record({
          kind: fc.constantFrom('m', 'o', 'x'),
          lang: fc.constantFrom('v', 'z', 'q'),
          hide: fc.constantFrom('0', '1', '2'),
          form: fc.constantFrom('=', 'n', 't', '?'),
          offset: fc.oneof(fc.nat({ max: 20 }).map(String), fc.string({ maxLength: 14 })),
          command: fc.constantFrom('ask', 'who', 'stake', 'sources', 'corpus', ''),
          query: fc.string({ unit: 'binary', maxLength: 80 }),
        })
        .map((p) => `q2:${p.kind}${p.lang}${p.hide}${p.form}:${p.offset}:${p.command}:${p.query}`),
    );
    await fc.assert(
      fc.asyncProperty(ids, async (id) => {
        const reply = await pressed(id);
        expect(reply.ref).toBeUndefined();
        expect(discordProblems(reply)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('still works for the buttons we make', async () => {
    const id = encodeCustomId({ kind: 'more', command: 'ask', query: 'Alibaba', lang: 'vi', offset: 3 });
    const reply = await pressed(id);
    expect(reply.error).toBeUndefined();
  });
});

describe('autocomplete', () => {
  /** A dispatcher over the real corpus with one more entity and source whose ids are too long for Discord. */
  function withLongIds(): Dispatcher {
    const long = 'x'.repeat(150);
    const odd: Corpus = {
      ...corpus,
      entities: [...corpus.entities, { id: long, kind: 'company', names: ['Alibaba Long'], otherNames: [] }],
      sources: [
        ...corpus.sources,
        { ...corpus.sources[0]!, id: long, title: `\u001b]0;pwned\u0007${'t'.repeat(300)}` },
      ],
    };
    const other = new SearchEngine(odd);
    return { commands, context: { engine: () => other, defaultLang: 'vi' } };
  }

  function choicesProblems(choices: unknown): string[] {
    const errors = new FormErrors();
    validateAutocompleteData(errors, { choices });
    return errors.flat;
  }

  it.each([
    ['who', undefined, 'name'],
    ['stake', undefined, 'party'],
    ['corpus', 'remove', 'source'],
  ])('/%s leaves out a choice whose id Discord would refuse, and keeps the others', (command, subcommand, name) => {
    const choices = runAutocomplete(withLongIds(), {
      command,
      ...(subcommand ? { subcommand } : {}),
      options: {},
      canModerate: true,
      focused: { name, value: '' },
    });
    expect(choicesProblems(choices)).toEqual([]);
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.every((c) => typeof c.value === 'string' && c.value.length <= 100)).toBe(true);
    expect(JSON.stringify(choices)).not.toMatch(/\\u00(?:1b|07)/);
  });

  it('cuts what was typed to the option’s length and suggests nothing for an option it does not complete', () => {
    const typed = runAutocomplete(d, {
      command: 'who',
      options: {},
      canModerate: false,
      focused: { name: 'name', value: 'Alibaba'.repeat(3_000) },
    });
    expect(choicesProblems(typed)).toEqual([]);
    for (const focused of [
      { name: 'lang', value: 'v' },
      { name: 'nosuch', value: 'a' },
    ])
      expect(runAutocomplete(d, { command: 'who', options: {}, canModerate: false, focused })).toEqual([]);
  });
});
