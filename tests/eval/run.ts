import { parseArgs } from 'node:util';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { EngineOptions } from '../../src/search/engine.ts';
import type { HanMode } from '../../src/search/tokenize.ts';
import { baseline, type CaseResult, loadCases, ours, runCases, type Scores, score } from './evaluate.ts';

/**
 * npm run eval [-- --han bigram|word|both] [--threshold X] [--sweep] [--failures]
 * Prints hit@1, hit@3, MRR@10 and abstention accuracy per language and overall, ours next to
 * MiniSearch's defaults, and ends with the one `eval:` line.
 */
const { values } = parseArgs({
  allowNegative: true,
  options: {
    han: { type: 'string' },
    threshold: { type: 'string' },
    sweep: { type: 'boolean', default: false },
    failures: { type: 'boolean', default: false },
    corpus: { type: 'string', default: process.env.CORPUS_DIR ?? 'corpus' },
  },
});

const corpus = await loadCorpus(values.corpus!);
const cases = loadCases();
const options: EngineOptions = {
  ...(values.han ? { han: values.han as HanMode } : {}),
  ...(values.threshold ? { threshold: Number(values.threshold) } : {}),
};

const f = (x: number) => x.toFixed(3);
const row = (name: string, s: Scores) =>
  `${name.padEnd(22)} ${String(s.cases).padStart(5)} ${f(s.hit1)}  ${f(s.hit3)}  ${f(s.mrr)}  ${f(s.abstain)}   ${f(s.refused)}`;

function table(label: string, results: CaseResult[]): void {
  console.log(`\n${label}`);
  console.log(`${''.padEnd(22)} cases hit@1  hit@3  mrr@10 abstain refused`);
  for (const lang of ['vi', 'zh'] as const) console.log(row(`searched in ${lang}`, score(results.filter((r) => r.c.lang === lang))));
  const tags = [...new Set(cases.flatMap((c) => c.tags))].sort();
  for (const tag of tags) console.log(row(`  tag ${tag}`, score(results.filter((r) => r.c.tags.includes(tag)))));
  console.log(row('overall', score(results)));
}

if (values.sweep) {
  console.log('threshold  hit@1  hit@3  mrr    abstain refused');
  for (let t = 0.3; t <= 0.951; t += 0.05) {
    const s = score(runCases(cases, ours(corpus, { ...options, threshold: t })));
    console.log(`${t.toFixed(2).padStart(9)}  ${f(s.hit1)}  ${f(s.hit3)}  ${f(s.mrr)}  ${f(s.abstain)}   ${f(s.refused)}`);
  }
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

const s = score(mine);
console.log(`\neval: hit@1=${f(s.hit1)} hit@3=${f(s.hit3)} mrr=${f(s.mrr)} abstain=${f(s.abstain)} cases=${s.cases}`);
