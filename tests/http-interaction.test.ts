/**
 * How the HTTP endpoint reads an interaction (src/http/interaction.ts): zod's schemas, and the quick checks in front
 * of them that let the usual interaction through without zod. A quick check may refuse more than its schema (zod
 * then decides), never less.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedTwice, incoming } from '../src/http/interaction.ts';
import { nextInteraction } from '../bench/lib.ts';
import { TEST_APP } from './e2e/bot.ts';
import { button, chatInput, startStandin, type Standin } from './standin/index.ts';

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin(TEST_APP);
});
afterAll(() => standin.close());

/** An interaction body as Discord sends it (JSON, no undefined anywhere). */
const bodyOf = (input: Parameters<Standin['prepareInteraction']>[0]) =>
  JSON.parse(JSON.stringify(standin.prepareInteraction(input).payload)) as Record<string, unknown>;

/** Near misses of every field: wrong kinds, lengths just over a limit, numbers that are not ids or integers. */
const NEAR_MISSES: unknown[] = [
  undefined,
  null,
  true,
  7,
  -1,
  1.5,
  2 ** 53,
  '',
  '7',
  '-1',
  'x',
  '1'.repeat(20),
  '1'.repeat(21),
  '1'.repeat(41),
  'x'.repeat(17),
  'x'.repeat(33),
  'x'.repeat(101),
  'x'.repeat(501),
  [],
  ['1'],
  [7],
  Array.from({ length: 26 }, () => ({ type: 3, name: 'a' })),
  Array.from({ length: 501 }, () => '1'),
  {},
  { id: '1' },
  { id: 7 },
];

/** `body` with the value at `path` replaced (or deleted, for undefined). */
function replaced(body: unknown, path: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (typeof next !== 'object' || next === null) return copy;
    at = next as Record<string | number, unknown>;
  }
  if (value === undefined) Reflect.deleteProperty(at, path.at(-1)!);
  else at[path.at(-1)!] = value;
  return copy;
}

/** Every path to a value in `v` (objects and arrays walked), the root included. */
function paths(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out = [prefix];
  if (typeof v === 'object' && v !== null)
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, Array.isArray(v) ? Number(k) : k]));
  return out;
}

describe('reading an interaction', () => {
  it('takes every interaction of the bench mix and a button press by the quick checks alone', () => {
    const bodies = [...Array.from({ length: 200 }, () => bodyOf(nextInteraction().input)), bodyOf(button('q2:x'))];
    for (const body of bodies) {
      expect(checkedTwice.interaction.plainly(body)).toBe(true);
      const data = body.data;
      expect(body.type === 3 ? checkedTwice.component.plainly(data) : checkedTwice.command.plainly(data)).toBe(true);
      expect(() => incoming(body, []).route()).not.toThrow();
    }
  });

  it('never lets through by a quick check what zod refuses, whatever field is changed to whatever', () => {
    const samples = [
      bodyOf(chatInput('ask', { question: 'Ai sẽ là CEO?', hide: true }, { locale: 'vi' })),
      bodyOf(chatInput('stake', { party: 'alibaba' }, { locale: 'zh-CN' })),
      bodyOf(button('q2:x')),
      bodyOf(
        chatInput(
          'corpus',
          { file: standin.serveAttachment('new.md', '# new') },
          { subcommand: 'add', moderator: true },
        ),
      ),
    ];
    const agree = (changed: unknown, where: string) => {
      const data = (changed as { data?: unknown } | null)?.data;
      for (const [what, v] of [
        ['interaction', changed],
        ['command', data],
        ['component', data],
      ] as const) {
        const { schema, plainly } = checkedTwice[what];
        if (plainly(v)) expect(schema.safeParse(v).success, `${what}, ${where}`).toBe(true);
      }
    };
    const cases = samples.flatMap((body) => paths(body).map((path) => ({ body, path })));
    // Every field of every sample, set to every near miss; then any JSON at all, at random.
    for (const { body, path } of cases)
      for (const value of NEAR_MISSES) agree(replaced(body, path, value), `${path.join('.')} = ${String(value)}`);
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.jsonValue({ maxDepth: 2 }), ({ body, path }, value) =>
        agree(replaced(body, path, value), path.join('.')),
      ),
      { numRuns: 2_000 },
    );
  });

  it('refuses as zod words it what the quick checks do not take', () => {
    const body = bodyOf(chatInput('sources', {}, { locale: 'vi' }));
    const broken = replaced(body, ['member', 'roles'], ['1', 'two']) as Record<string, unknown>;
    expect(checkedTwice.interaction.plainly(broken)).toBe(false);
    expect(() => incoming(broken, []).route()).toThrow(
      /^malformed interaction: member\.roles\.1: expected a Discord id$/,
    );
    const long = replaced(body, ['data', 'name'], 'n'.repeat(33)) as Record<string, unknown>;
    expect(() => incoming(long, []).route()).toThrow(/^malformed command data: name: /);
  });
});
