import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadCorpus, passageId } from '../src/corpus/load.ts';
import { sentenceBounds } from '../src/text/sentences.ts';
import { SearchEngine } from '../src/search/engine.ts';
import type { Passage } from '../src/types.ts';
import { loadCases } from '../tests/eval/evaluate.ts';

/**
 * npm run bench [-- --passages 100000 --queries 1000]
 * Builds a synthetic corpus from the seeds' sentences (both languages), indexes it, and times a mix of
 * the labelled questions. Goals on a 2-core machine: build ≤ 10 s, p99 ≤ 10 ms, heap ≤ 500 MB.
 */
const { values } = parseArgs({
  options: { passages: { type: 'string', default: '100000' }, queries: { type: 'string', default: '1000' } },
});
const N = Number(values.passages);
const Q = Number(values.queries);

// A small deterministic generator, so every run measures the same corpus.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;

const real = await loadCorpus('corpus');
const sentences = { vi: [] as string[], zh: [] as string[] };
for (const p of real.passages)
  for (const [s, e] of sentenceBounds(p.text)) sentences[p.lang].push(p.text.slice(s, e).trim());

const passages: Passage[] = [];
for (let i = 0; i < N; i++) {
  const lang = i % 2 ? 'zh' : 'vi';
  const n = 1 + Math.floor(rand() * 2);
  const text = Array.from({ length: n }, () => pick(sentences[lang])).join(lang === 'zh' ? '' : ' ') + ` #${i}`;
  const source = `synthetic-${lang}-${Math.floor(i / 50)}`;
  passages.push({
    id: passageId(source, text),
    source,
    lang,
    ordinal: (i % 50) + 1,
    text,
    start: 0,
    end: text.length,
    notes: [],
  });
}
const corpus = { ...real, passages };

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const engine = new SearchEngine(corpus);
const buildMs = performance.now() - t0;
gc?.();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
const heapTotalMb = process.memoryUsage().heapUsed / 2 ** 20;

const questions = loadCases().map((c) => ({ q: c.q, lang: c.lang }));
const times: number[] = [];
let answered = 0;
for (let i = 0; i < Q; i++) {
  const { q, lang } = questions[i % questions.length]!;
  const t = performance.now();
  const hits = engine.search(q, { lang: i % 3 === 0 ? undefined : lang, limit: 3 });
  times.push(performance.now() - t);
  if (hits.length) answered++;
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;

console.log(
  `passages: ${N} (${real.passages.length} real ones remixed), queries: ${Q} (${questions.length} distinct, ${answered} answered)`,
);
console.log(`build: ${(buildMs / 1000).toFixed(2)} s`);
console.log(`query: p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`);
console.log(
  `heap: index ${heapMb.toFixed(0)} MB, process ${heapTotalMb.toFixed(0)} MB${gc ? '' : ' (run with --expose-gc for exact figures)'}`,
);
