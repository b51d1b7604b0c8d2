import { performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { SearchEngine } from '../src/search/engine.ts';
import { benchCorpus, benchQuestions, type CorpusKind, type QueryTimes, timeQueries } from './corpora.ts';

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
const t = performance.now();
const engine = new SearchEngine(corpus);
console.log(
  `${values.kind}: ${corpus.passages.length} passages, built on one thread in ${(performance.now() - t).toFixed(0)} ms`,
);
const questions = benchQuestions(Number(values.queries));
// As the bot's warm-up does before it answers anyone (src/app/warmup.ts).
engine.prepare();

const session = values.profile ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const rounds: QueryTimes[] = [];
let slow: Array<{ ms: number; q: string; lang: string }> = [];
for (let r = 0; r < Number(values.rounds); r++) {
  const f = timeQueries(questions, (q, lang) => engine.search(q, { ...(lang ? { lang } : {}), limit: 3 }).length);
  slow = questions.map(({ q, lang }, i) => ({ ms: f.wall[i]!, q, lang: lang ?? '*' }));
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
const median = (k: 'p50' | 'p99' | 'max' | 'cpuP50' | 'cpuP99') =>
  rounds.map((f) => f[k]).sort((a, b) => a - b)[rounds.length >> 1]!;
console.log(
  `median of ${rounds.length} rounds: wall p50 ${median('p50').toFixed(2)} ms, p99 ${median('p99').toFixed(2)} ms, max ${median('max').toFixed(1)} ms; CPU p50 ${median('cpuP50').toFixed(2)} ms, p99 ${median('cpuP99').toFixed(2)} ms`,
);
console.log('slowest of the last round:');
for (const s of slow.sort((a, b) => b.ms - a.ms).slice(0, Number(values.slowest)))
  console.log(`  ${s.ms.toFixed(1)} ms  [${s.lang}] ${s.q}`);
