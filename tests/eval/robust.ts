import { parseArgs } from 'node:util';
import { loadCorpus } from '../../src/corpus/load.ts';
import { shownPassages } from '../../src/answers/paged.ts';
import { askIndex } from '../../src/answers/policy.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { fold } from '../../src/text/normalize.ts';
import { Converter } from 'opencc-js';
import { loadMemberCases, type MemberCase, type MemberResult, runMemberCases, TUNED_SETS } from './members.ts';

/**
 * npm run eval:robust [-- --show NAME]
 * The tuned sets' questions typed again the ways members also type them: without diacritics, with chat around them
 * (calling or thanking the channel), in dialect, without punctuation, with English terms, names spelled apart. Each
 * question is answered as written and as changed, by the same policy as /ask; a loss is one right as written (first
 * passage answers, or a refusal for an unanswerable one) and wrong once changed. These are checks of the engine's
 * reading, not sets to tune on: they never read the sets kept unread (UNREAD_SETS).
 * `--show NAME` lists the losses of one change.
 */
const { values } = parseArgs({ options: { show: { type: 'string' } } });

const engine = new SearchEngine(await loadCorpus('corpus'));
const policy = (c: { q: string; locale: string; lang?: 'vi' | 'zh' | undefined }) =>
  shownPassages(
    engine,
    askIndex(engine, c.q, { explicit: c.lang, locale: c.locale, limit: 10, defaultLang: 'vi' }).items.map(
      (h) => h.passage,
    ),
  );

/** Each pattern replaced by its text, in order. */
const replacing =
  (...pairs: Array<[RegExp, string]>) =>
  (q: string) =>
    pairs.reduce((s, [pattern, text]) => s.replace(pattern, text), q);
const plain = (q: string) => fold(q) === q;
const vi = (c: MemberCase) => c.locale === 'vi';
const zh = (c: MemberCase) => c.locale.startsWith('zh');
const en = (c: MemberCase) => c.locale.startsWith('en');
const withoutEnd = (q: string) => q.replace(/[?？]*\s*$/u, '');

const CHANGES: Record<string, { of: (c: MemberCase) => boolean; change: (q: string) => string }> = {
  'vi-bare': { of: vi, change: fold },
  'vi-calling-after': {
    of: vi,
    change: (q) => withoutEnd(q) + (plain(q) ? ' vay cac bac?' : ' vậy các bác?'),
  },
  'vi-calling-before': {
    of: vi,
    change: (q) => (plain(q) ? 'ae oi cho hoi ' : 'Mọi người ơi cho em hỏi ') + q,
  },
  'vi-teen-code': {
    of: vi,
    change: replacing(
      [/không/gu, 'ko'],
      [/được/gu, 'dc'],
      [/(?<=\s)gì(?=[\s?]|$)/gu, 'j'],
      [/vậy/gu, 'z'],
      [/bao nhiêu/gu, 'bn'],
      [/công ty/gu, 'cty'],
    ),
  },
  'vi-dialect': {
    of: vi,
    change: replacing([/bao nhiêu/gu, 'nhiêu'], [/(?<=\s)gì(?=[\s?,]|$)/gu, 'chi'], [/ở đâu/gu, 'ở mô']),
  },
  'vi-english-terms': {
    of: vi,
    change: replacing(
      [/cổ phần/giu, 'share'],
      [/liên doanh/giu, 'JV'],
      [/người dùng/giu, 'user'],
      [/công ty/giu, 'company'],
      [/thương vụ/giu, 'deal'],
    ),
  },
  'no-punctuation': { of: () => true, change: (q) => q.replace(/[?？!！。.,，]+/gu, ' ').trim() },
  // An emoji and the question mark doubled, as chat adds them.
  'emoji-after': { of: () => true, change: (q) => `${withoutEnd(q)}?? 🤔` },
  'lower-case': { of: () => true, change: (q) => q.toLowerCase() },
  'zh-asking-after': { of: zh, change: (q) => `${withoutEnd(q)}呢？有人知道吗` },
  'zh-cantonese': {
    of: (c) => c.locale === 'zh-CN',
    change: replacing([/什么/gu, '咩'], [/是不是/gu, '係咪'], [/多少/gu, '幾多'], [/的/gu, '嘅'], [/谁/gu, '邊個']),
  },
  // Written in Traditional characters, as in Taiwan and Hong Kong.
  'zh-traditional': { of: (c) => c.locale === 'zh-CN', change: Converter({ from: 'cn', to: 'tw' }) },
  'en-thanks-after': { of: en, change: (q) => `${withoutEnd(q)}? thanks in advance` },
  'en-no-apostrophes': { of: en, change: (q) => q.replace(/['’]/gu, '').toLowerCase() },
  // A letter pair swapped in the first long word ("investment" -> "invsetment"), as typed in a hurry.
  'en-typo': {
    of: en,
    change: (q) => q.replace(/(?<![\p{L}\d.])([a-z]{3})([a-z])([a-z])([a-z]{2,})(?![\p{L}\d.])/u, '$1$3$2$4'),
  },
};

const right = (r: MemberResult) => (r.c.vi.length + r.c.zh.length > 0 ? r.rank === 1 : r.returned.length === 0);
const cases = TUNED_SETS.flatMap((set) => loadMemberCases(set));
console.log('change                 questions  lost  won');
for (const [name, { of, change }] of Object.entries(CHANGES)) {
  const picked = cases.filter((c) => of(c) && change(c.q) !== c.q);
  const asWritten = runMemberCases(picked, policy);
  const changed = runMemberCases(
    picked.map((c) => ({ ...c, q: change(c.q) })),
    policy,
  );
  const lost = asWritten.filter((r, i) => right(r) && !right(changed[i]!));
  const won = asWritten.filter((r, i) => !right(r) && right(changed[i]!)).length;
  console.log(
    `${name.padEnd(22)} ${String(picked.length).padStart(9)} ${String(lost.length).padStart(5)} ${String(won).padStart(4)}`,
  );
  if (values.show === name) for (const r of lost) console.log(`  - ${r.c.id}: ${change(r.c.q)}`);
}
