import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Lang, Passage } from '../../src/types.ts';

/**
 * The question sets written the way members type (tests/eval/dev.yaml and tests/eval/heldout.yaml), and their
 * scoring. Each case says which substrings of each article answer it; the bot may answer from either article, so
 * a returned passage is right when it contains one of the substrings of its own language. `heldout.yaml` is never
 * read while tuning: `npm run eval` prints only its totals, never its misses.
 */

const MemberCase = z.strictObject({
  id: z.string(),
  q: z.string().min(1),
  /** The member's Discord client language. */
  locale: z.enum(['vi', 'zh-CN', 'zh-TW', 'zh-HK', 'en-US']),
  /** The `lang` option, when the member picked the articles' language. */
  lang: z.enum(['vi', 'zh']).optional(),
  vi: z.array(z.string().min(1)),
  zh: z.array(z.string().min(1)),
  kinds: z.array(z.string()).default([]),
});
export type MemberCase = z.infer<typeof MemberCase>;

export const MEMBER_SETS = {
  dev: 'dev.yaml',
  dev2: 'dev2.yaml',
  dev3: 'dev3.yaml',
  dev4: 'dev4.yaml',
  dev5: 'dev5.yaml',
  dev6: 'dev6.yaml',
  dev7: 'dev7.yaml',
  dev8: 'dev8.yaml',
  dev9: 'dev9.yaml',
  dev10: 'dev10.yaml',
  dev11: 'dev11.yaml',
  dev12: 'dev12.yaml',
  dev13: 'dev13.yaml',
  dev15: 'dev15.yaml',
  dev16: 'dev16.yaml',
  dev17: 'dev17.yaml',
  dev18: 'dev18.yaml',
  dev19: 'dev19.yaml',
  dev20: 'dev20.yaml',
  dev21: 'dev21.yaml',
  dev22: 'dev22.yaml',
  dev23: 'dev23.yaml',
  dev24: 'dev24.yaml',
  dev25: 'dev25.yaml',
  dev26: 'dev26.yaml',
  dev27: 'dev27.yaml',
  dev28: 'dev28.yaml',
  dev29: 'dev29.yaml',
  dev30: 'dev30.yaml',
  dev31: 'dev31.yaml',
  dev32: 'dev32.yaml',
  dev33: 'dev33.yaml',
  heldout: 'heldout.yaml',
  dev34: 'dev34.yaml',
  dev35: 'dev35.yaml',
  dev36: 'dev36.yaml',
  dev37: 'dev37.yaml',
  dev38: 'dev38.yaml',
  dev39: 'dev39.yaml',
  dev40: 'dev40.yaml',
  dev41: 'dev41.yaml',
  dev42: 'dev42.yaml',
  heldout2: 'heldout2.yaml',
} as const;

/** The sets tuned on, in the order they are printed. */
export const TUNED_SETS = [
  'dev',
  'dev2',
  'dev3',
  'dev4',
  'dev5',
  'dev6',
  'dev7',
  'dev8',
  'dev9',
  'dev10',
  'dev11',
  'dev12',
  'dev13',
  'dev15',
  'dev16',
  'dev17',
  'dev19',
  'dev20',
  'dev21',
  'dev22',
  'dev23',
  'dev24',
  'dev25',
  'dev26',
  'dev27',
  'dev29',
  'dev30',
  'dev31',
  'dev32',
  'dev33',
  'dev35',
  'dev36',
  'dev38',
  'dev39',
  'dev40',
  'dev41',
] as const satisfies ReadonlyArray<keyof typeof MEMBER_SETS>;
/** The sets never tuned on: only their totals are ever printed. */
export const UNREAD_SETS = [
  'dev18',
  'dev28',
  'dev34',
  'dev37',
  'dev42',
  'heldout',
  'heldout2',
] as const satisfies ReadonlyArray<keyof typeof MEMBER_SETS>;

export function loadMemberCases(set: keyof typeof MEMBER_SETS): MemberCase[] {
  return z.array(MemberCase).parse(parse(readFileSync(new URL(`./${MEMBER_SETS[set]}`, import.meta.url), 'utf8')));
}

/** The passages a bot shows for a case, best first ([] for "not in the sources"). */
export type MemberRetriever = (c: MemberCase) => Passage[];

export interface MemberResult {
  c: MemberCase;
  /** 1-based rank of the first passage that answers, within 10; null when none does. */
  rank: number | null;
  returned: Passage[];
}

export const answers = (c: MemberCase, p: Passage): boolean =>
  c[p.lang].some((s) => p.text.includes(s.normalize('NFC')));

export function runMemberCases(cases: MemberCase[], retrieve: MemberRetriever): MemberResult[] {
  return cases.map((c) => {
    const returned = retrieve(c).slice(0, 10);
    const i = returned.findIndex((p) => answers(c, p));
    return { c, rank: i >= 0 ? i + 1 : null, returned };
  });
}

export interface MemberScores {
  cases: number;
  hit1: number;
  hit3: number;
  mrr: number;
  /** Share of all cases where answering or saying "not in the sources" was the right call. */
  abstain: number;
  /** Share of unanswerable cases that got "not in the sources". */
  refused: number;
  /**
   * Share of answered cases whose asked language's article answers them where the first passage is in that
   * language (the bot answers from the member's language when it can).
   */
  ownLanguage: number;
}

/** The language a member asked in: the `lang` option, else the question's script or the locale; none for English. */
function askedLang(c: MemberCase): Lang | undefined {
  if (c.lang) return c.lang;
  if (c.kinds.includes('en')) return undefined;
  return c.kinds.includes('zh') ? 'zh' : c.kinds.includes('vi') ? 'vi' : undefined;
}

export function scoreMembers(results: MemberResult[]): MemberScores {
  const answerable = results.filter((r) => r.c.vi.length + r.c.zh.length > 0);
  const unanswerable = results.filter((r) => r.c.vi.length + r.c.zh.length === 0);
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const own = answerable.filter((r) => {
    const lang = askedLang(r.c);
    return lang !== undefined && r.c[lang].length > 0 && r.returned.length > 0;
  });
  return {
    cases: results.length,
    hit1: avg(answerable.map((r) => (r.rank === 1 ? 1 : 0))),
    hit3: avg(answerable.map((r) => (r.rank !== null && r.rank <= 3 ? 1 : 0))),
    mrr: avg(answerable.map((r) => (r.rank ? 1 / r.rank : 0))),
    abstain: avg(
      results.map((r) =>
        (r.c.vi.length + r.c.zh.length > 0 ? r.returned.length > 0 : r.returned.length === 0) ? 1 : 0,
      ),
    ),
    refused: avg(unanswerable.map((r) => (r.returned.length === 0 ? 1 : 0))),
    ownLanguage: avg(own.map((r) => (r.returned[0]!.lang === askedLang(r.c) ? 1 : 0))),
  };
}

/** Groups to report apart: by the question's language, and by kind. */
export const MEMBER_GROUPS: Array<[string, (c: MemberCase) => boolean]> = [
  ['asked in vi', (c) => c.kinds.includes('vi')],
  ['asked in zh', (c) => c.kinds.includes('zh')],
  ['asked in en', (c) => c.kinds.includes('en')],
  ['  no diacritics', (c) => c.kinds.includes('vi-nodiacritics')],
  ['  chat', (c) => c.kinds.includes('chat')],
  ['  colloquial zh', (c) => c.kinds.includes('colloquial')],
  ['  traditional', (c) => c.kinds.includes('zh-hant')],
  ['  cross-language', (c) => c.kinds.includes('cross-lang')],
  ['  unanswerable', (c) => c.kinds.includes('unanswerable')],
];
