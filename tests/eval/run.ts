import { parseArgs } from 'node:util';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { EngineOptions } from '../../src/search/options.ts';
import type { HanMode } from '../../src/search/tokenize.ts';
import { shownPassages } from '../../src/answers/paged.ts';
import { askIndex } from '../../src/answers/policy.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { fold } from '../../src/text/normalize.ts';
import { baseline, type CaseResult, loadCases, ours, runCases, type Scores, score } from './evaluate.ts';
import {
  answers,
  loadMemberCases,
  MEMBER_GROUPS,
  type MemberResult,
  type MemberScores,
  runMemberCases,
  scoreMembers,
  TUNED_SETS,
  UNREAD_SETS,
} from './members.ts';

/**
 * npm run eval [-- --han bigram|word|both] [--threshold X] [--min-evidence X] [--sweep] [--failures]
 * Prints hit@1, hit@3, MRR@10 and abstention accuracy per language and overall, ours next to
 * MiniSearch's defaults, then the tuning and held-out figures apart, and ends with the one `eval:` line.
 * The sweep runs on the tuning cases only: the held-out ones (tag `heldout`) are for checking.
 *
 * Then the two sets written the way members type, answered by the same policy as /ask (both languages,
 * the asked one first): `dev` (tuned on; `--failures` lists its misses) and `heldout` (never tuned on:
 * only its totals are printed), per question language and kind, each with an `eval[...]` line.
 */
const { values } = parseArgs({
  allowNegative: true,
  options: {
    han: { type: 'string' },
    threshold: { type: 'string' },
    'min-evidence': { type: 'string' },
    set: { type: 'string', multiple: true },
    sweep: { type: 'boolean', default: false },
    failures: { type: 'boolean', default: false },
    corpus: { type: 'string', default: process.env.CORPUS_DIR ?? 'corpus' },
  },
});

const corpus = await loadCorpus(values.corpus);
const cases = loadCases();
const options: EngineOptions = {
  ...(values.han ? { han: values.han as HanMode } : {}),
  ...(values.threshold ? { threshold: Number(values.threshold) } : {}),
  ...(values['min-evidence'] ? { minEvidence: Number(values['min-evidence']) } : {}),
  // --set name=value for any numeric engine option, to try a setting without editing the defaults.
  ...Object.fromEntries((values.set ?? []).map((kv) => [kv.split('=')[0]!, Number(kv.split('=')[1])])),
};
const heldout = (c: { tags: string[] }) => c.tags.includes('heldout');
const tuning = cases.filter((c) => !heldout(c));

const f = (x: number) => x.toFixed(3);
const row = (name: string, s: Scores) =>
  `${name.padEnd(22)} ${String(s.cases).padStart(5)} ${f(s.hit1)}  ${f(s.hit3)}  ${f(s.mrr)}  ${f(s.abstain)}   ${f(s.refused)}`;

function table(label: string, results: CaseResult[]): void {
  console.log(`\n${label}`);
  console.log(`${''.padEnd(22)} cases hit@1  hit@3  mrr@10 abstain refused`);
  for (const lang of ['vi', 'zh'] as const)
    console.log(row(`searched in ${lang}`, score(results.filter((r) => r.c.lang === lang))));
  const tags = [...new Set(cases.flatMap((c) => c.tags))].sort();
  for (const tag of tags) console.log(row(`  tag ${tag}`, score(results.filter((r) => r.c.tags.includes(tag)))));
  console.log(row('overall', score(results)));
}

if (values.sweep) {
  // On what tuning may read: the old set's tuning cases and the members' dev set (never the held-out ones).
  const dev = loadMemberCases('dev');
  const sweep = (name: string, xs: number[], set: (x: number) => EngineOptions) => {
    console.log(`${name.padStart(12)}  hit@1  hit@3  abstain refused | dev: hit@1  hit@3  abstain refused`);
    for (const x of xs) {
      const tuned: EngineOptions = { ...options, ...set(x) };
      const s = score(runCases(tuning, ours(corpus, tuned)));
      const engine = new SearchEngine(corpus, tuned);
      const d = scoreMembers(
        runMemberCases(dev, (c) =>
          shownPassages(
            engine,
            askIndex(engine, c.q, { explicit: c.lang, locale: c.locale, limit: 10, defaultLang: 'vi' }).items.map(
              (h) => h.passage,
            ),
          ),
        ),
      );
      console.log(
        `${x.toFixed(2).padStart(12)}  ${f(s.hit1)}  ${f(s.hit3)}  ${f(s.abstain)}   ${f(s.refused)}  |      ${f(d.hit1)}  ${f(d.hit3)}  ${f(d.abstain)}   ${f(d.refused)}`,
      );
    }
  };
  const grid = (v: string | undefined, fallback: number[]) => (v ? v.split(',').map(Number) : fallback);
  sweep('threshold', grid(process.env.SWEEP_THRESHOLD, [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]), (threshold) => ({
    threshold,
  }));
  sweep('min-evidence', grid(process.env.SWEEP_EVIDENCE, [0.05, 0.1, 0.2, 0.3, 0.4, 0.5]), (minEvidence) => ({
    minEvidence,
  }));
}

const base = runCases(cases, baseline(corpus));
const mine = runCases(cases, ours(corpus, options));
table('MiniSearch with default options (baseline)', base);
table('ours', mine);

if (values.failures) {
  console.log('\nfailures:');
  for (const r of mine) {
    const ok = r.c.expect.length ? r.rank !== null && r.rank <= 3 : r.returned.length === 0;
    if (ok) continue;
    console.log(`- ${r.c.id} [${r.c.lang}] ${r.c.q}  rank=${r.rank} expect=${JSON.stringify(r.c.expect)}`);
    for (const p of r.returned.slice(0, 2)) console.log(`    got ¶${p.ordinal} ${p.lang}: ${p.text.slice(0, 70)}`);
  }
}

// The held-out cases were written before the abstention rule was tuned and are never tuned on: report
// them apart, so that a gain on the tuning set that does not carry over shows.
const line = (label: string, s: Scores) =>
  `${label}: hit@1=${f(s.hit1)} hit@3=${f(s.hit3)} mrr=${f(s.mrr)} abstain=${f(s.abstain)} refused=${f(s.refused)} cases=${s.cases}`;
console.log('');
console.log(line('eval[tuning]', score(mine.filter((r) => !heldout(r.c)))));
console.log(line('eval[heldout]', score(mine.filter((r) => heldout(r.c)))));
const s = score(mine);
console.log(`eval: hit@1=${f(s.hit1)} hit@3=${f(s.hit3)} mrr=${f(s.mrr)} abstain=${f(s.abstain)} cases=${s.cases}`);

// ── The members' sets: the answer policy, as /ask runs it ──────────────────────────────────────────────
const engine = new SearchEngine(corpus, options);
const policy = (c: { q: string; locale: string; lang?: 'vi' | 'zh' | undefined }) =>
  shownPassages(
    engine,
    askIndex(engine, c.q, { explicit: c.lang, locale: c.locale, limit: 10, defaultLang: 'vi' }).items.map(
      (h) => h.passage,
    ),
  );

const memberRow = (name: string, s: MemberScores) =>
  `${name.padEnd(22)} ${String(s.cases).padStart(5)} ${f(s.hit1)}  ${f(s.hit3)}  ${f(s.mrr)}  ${f(s.abstain)}   ${f(s.refused)}   ${f(s.ownLanguage)}`;
const memberLine = (label: string, s: MemberScores) =>
  `${label}: hit@1=${f(s.hit1)} hit@3=${f(s.hit3)} mrr=${f(s.mrr)} abstain=${f(s.abstain)} refused=${f(s.refused)} own-language=${f(s.ownLanguage)} cases=${s.cases}`;

const SETS = [...TUNED_SETS, ...UNREAD_SETS];
const UNREAD: ReadonlySet<string> = new Set(UNREAD_SETS);
for (const set of SETS) {
  const results: MemberResult[] = runMemberCases(loadMemberCases(set), policy);
  const unread = UNREAD.has(set);
  console.log(`\nmembers' questions, ${set}${unread ? ' (never tuned on; totals only)' : ''}`);
  console.log(`${''.padEnd(22)} cases hit@1  hit@3  mrr@10 abstain refused own-lang`);
  for (const [name, pick] of MEMBER_GROUPS)
    console.log(memberRow(name, scoreMembers(results.filter((r) => pick(r.c)))));
  console.log(memberRow('overall', scoreMembers(results)));
  if (!unread && values.failures) {
    for (const r of results) {
      const answerable = r.c.vi.length + r.c.zh.length > 0;
      if (answerable ? r.rank === 1 : r.returned.length === 0) continue;
      console.log(`- ${r.c.id} [${r.c.locale}${r.c.lang ? ` lang:${r.c.lang}` : ''}] ${r.c.q}  rank=${r.rank ?? '-'}`);
      for (const p of r.returned.slice(0, 2))
        console.log(`    got ${answers(r.c, p) ? '✓' : '✗'} ¶${p.ordinal} ${p.lang}: ${p.text.slice(0, 70)}`);
    }
  }
  console.log(memberLine(`eval[members-${set}]`, scoreMembers(results)));
}

// The dev set's Vietnamese questions that have diacritics, typed again without them (as many members type): the
// same facts, so a drop from the dev line is the engine misreading bare words. Built from dev only, never held-out.
const bareCases = loadMemberCases('dev')
  .filter((c) => c.kinds.includes('vi') && fold(c.q) !== c.q)
  .map((c) => ({ ...c, q: fold(c.q) }));
const bare = runMemberCases(bareCases, policy);
const asTyped = runMemberCases(
  loadMemberCases('dev').filter((c) => bareCases.some((b) => b.id === c.id)),
  policy,
);
console.log(`
the same ${bareCases.length} Vietnamese dev questions as typed, then without diacritics`);
console.log(memberLine('eval[members-dev-typed]', scoreMembers(asTyped)));
console.log(memberLine('eval[members-dev-bare]', scoreMembers(bare)));

// Every tuned set's Vietnamese questions typed with diacritics, typed again without them: the same measure over
// all of them (never the sets not tuned on).
const tunedVi = TUNED_SETS.flatMap((set) =>
  loadMemberCases(set).filter((c) => c.kinds.includes('vi') && fold(c.q) !== c.q),
);
console.log(`
the ${tunedVi.length} Vietnamese questions of every tuned set typed with diacritics, then without them`);
console.log(memberLine('eval[members-tuned-typed]', scoreMembers(runMemberCases(tunedVi, policy))));
console.log(
  memberLine(
    'eval[members-tuned-bare]',
    scoreMembers(
      runMemberCases(
        tunedVi.map((c) => ({ ...c, q: fold(c.q) })),
        policy,
      ),
    ),
  ),
);
