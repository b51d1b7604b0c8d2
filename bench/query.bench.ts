import { performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { SearchEngine } from '../src/search/engine.ts';
import { benchCorpus, benchQuestions, type CorpusKind } from './corpora.ts';

/**
 * npm run bench:query [-- --kind synthetic --passages 100000 --queries 1000 --rounds 3 --profile out.cpuprofile]
 *
 * Query latency alone, without the whole of `npm run bench` (builds, saves, plain MiniSearch): the index is built
 * once on this thread, then the bench questions are asked `--rounds` times over. Each round prints p50 / p99 / max
 * of wall and CPU time; the last line is the median of the rounds. The slowest questions of the last round are
 * listed, so a regression points at its question. `--profile` writes a CPU profile of the query rounds only.
 */

const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'synthetic' },
    passages: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    slowest: { type: 'string', default: '5' },
    profile: { type: 'string' },
  },
});

const corpus = await benchCorpus(values.kind as CorpusKind, Number(values.passages));
let t = performance.now();
const engine = new SearchEngine(corpus);
console.log(
  `${values.kind}: ${corpus.passages.length} passages, built on one thread in ${(performance.now() - t).toFixed(0)} ms`,
);
const questions = benchQuestions(Number(values.queries));
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const session = values.profile ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const rounds: Array<{ p50: number; p99: number; cpuP50: number; cpuP99: number; max: number }> = [];
let slow: Array<{ ms: number; q: string; lang: string }> = [];
for (let r = 0; r < Number(values.rounds); r++) {
  const times: number[] = [];
  const cpus: number[] = [];
  slow = [];
  for (const { q, lang } of questions) {
    const cpu = process.cpuUsage();
    t = performance.now();
    engine.search(q, { ...(lang ? { lang } : {}), limit: 3 });
    const ms = performance.now() - t;
    const u = process.cpuUsage(cpu);
    times.push(ms);
    cpus.push((u.user + u.system) / 1000);
    slow.push({ ms, q, lang: lang ?? '*' });
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const f = {
    p50: pct(times, 50),
    p99: pct(times, 99),
    cpuP50: pct(cpus, 50),
    cpuP99: pct(cpus, 99),
    max: times.at(-1)!,
  };
  rounds.push(f);
  console.log(
    `  round ${r + 1}: wall p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms, max ${f.max.toFixed(1)} ms; CPU p50 ${f.cpuP50.toFixed(2)} ms, p99 ${f.cpuP99.toFixed(2)} ms`,
  );
}
if (session) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(values.profile!, JSON.stringify(profile));
  console.log(`  CPU profile of the query rounds: ${values.profile}`);
}
const median = (k: keyof (typeof rounds)[number]) => rounds.map((f) => f[k]).sort((a, b) => a - b)[rounds.length >> 1]!;
console.log(
  `median of ${rounds.length} rounds: wall p50 ${median('p50').toFixed(2)} ms, p99 ${median('p99').toFixed(2)} ms, max ${median('max').toFixed(1)} ms; CPU p50 ${median('cpuP50').toFixed(2)} ms, p99 ${median('cpuP99').toFixed(2)} ms`,
);
console.log('slowest of the last round:');
for (const s of slow.sort((a, b) => b.ms - a.ms).slice(0, Number(values.slowest)))
  console.log(`  ${s.ms.toFixed(1)} ms  [${s.lang}] ${s.q}`);
