import { Session } from 'node:inspector';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { benchCorpus, benchQuestions, type CorpusKind } from './corpora.ts';

/**
 * node --expose-gc --import tsx bench/first.bench.ts [--kind synthetic|natural] [--passages 100000] [--profile 10]
 *                                                    [--top 40] [--warm]
 *
 * Where the query tail comes from: the 1,000 bench questions are a few hundred distinct ones (question and language)
 * asked again and again, and the slow asks are the first ask of each. The engine is built in worker threads and
 * prepared as `npm run bench -- --compiled` does (dist/, built first when stale); then every bench question is asked
 * in turn, and the first ask of each distinct one is listed by CPU time (this process's, all threads), slowest
 * first, beside its wall time and the least CPU time of its later asks ("again").
 * `--profile P`: one CPU profile of the whole pass, its samples summed by function (self and inclusive time) over
 * the slowest P% of the first asks only. `--warm`: the bot's warm-up questions first (see src/app/warmup.ts).
 * `--early N`: what a cold process pays: the first N bench questions asked in turn, then the same N again in the same
 * order, each ask's CPU time both times; with `--profile`, the two passes' profiles summed by function side by side
 * (what the first pass spends that the second does not). `--fresh`: the 1,000 bench questions asked first of another
 * engine over the same index data, so that the early asks pay only what each engine makes for itself (per-passage
 * readings, layouts), not what a process makes once (compiled code, module-level tables).
 */
const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'synthetic' },
    passages: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '1000' },
    profile: { type: 'string', default: '0' },
    top: { type: 'string', default: '40' },
    warm: { type: 'boolean', default: false },
    early: { type: 'string', default: '0' },
    fresh: { type: 'boolean', default: false },
  },
});
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { ensureBuilt } = (await import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href)) as {
  ensureBuilt: () => number;
};
if (ensureBuilt() !== 0) process.exit(1);
const load = async <T>(name: string): Promise<T> =>
  (await import(pathToFileURL(path.join(root, 'dist', 'src', 'search', `${name}.js`)).href)) as T;
const { buildInWorker } = await load<typeof import('../src/search/build.ts')>('build');
const { SearchEngine } = await load<typeof import('../src/search/engine.ts')>('engine');
const { warmUpQuestions } = (await import(
  pathToFileURL(path.join(root, 'dist', 'src', 'app', 'warmup.js')).href
)) as typeof import('../src/app/warmup.ts');

const kind = values.kind as CorpusKind;
const corpus = await benchCorpus(kind, Number(values.passages));
const b = await buildInWorker({ corpus, offThread: true }).built;
const e = SearchEngine.fromIndexData(corpus, b.data);
const preparing = process.cpuUsage();
e.prepare();
const prepared = process.cpuUsage(preparing);
console.log(`prepare: ${((prepared.user + prepared.system) / 1000).toFixed(0)} ms CPU`);
if (values.warm) {
  // The bot's warm-up questions (src/app/warmup.ts), three rounds.
  const questions = warmUpQuestions(corpus);
  for (let round = 0; round < 3; round++)
    for (const q of questions) for (const lang of [undefined, 'vi', 'zh'] as const) e.search(q, lang ? { lang } : {});
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}
const session = new Session();
session.connect();
const post = <T>(method: string, params?: object) =>
  new Promise<T>((resolve, reject) =>
    session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
const profiling = Number(values.profile) > 0;
if (profiling) {
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
}

/** A profile's samples summed by function, self and inclusive (ms), over the time windows given (all: none given). */
function sums(profile: Profile & { startTime: number }, windows?: ReadonlyArray<readonly [number, number]>) {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anon)'} ${path.basename(f.url)}:${f.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let t = profile.startTime;
  let w = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i]!;
    if (windows) {
      while (w < windows.length && windows[w]![1] < t) w++;
      if (w >= windows.length || t < windows[w]![0]) return;
    }
    const dt = (profile.timeDeltas[i + 1] ?? 100) / 1000;
    total += dt;
    self.set(name(id), (self.get(name(id)) ?? 0) + dt);
    const names = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) names.add(name(n));
    for (const nm of names) inclusive.set(nm, (inclusive.get(nm) ?? 0) + dt);
  });
  return { self, inclusive, total };
}

const early = Number(values.early);
if (early > 0) {
  const questions = benchQuestions(early);
  if (values.fresh) {
    const other = SearchEngine.fromIndexData(corpus, b.data);
    other.prepare();
    for (const { q, lang } of benchQuestions(Number(values.queries)))
      other.search(q, { ...(lang ? { lang } : {}), limit: 3 });
  }
  const pass = async () => {
    if (profiling) await post('Profiler.start');
    const cpus = questions.map(({ q, lang }) => {
      const cpu = process.cpuUsage();
      e.search(q, { ...(lang ? { lang } : {}), limit: 3 });
      const u = process.cpuUsage(cpu);
      return (u.user + u.system) / 1000;
    });
    const profile = profiling
      ? (await post<{ profile: Profile & { startTime: number } }>('Profiler.stop')).profile
      : undefined;
    return { cpus, profile };
  };
  const first = await pass();
  const again = await pass();
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  console.log(
    `${kind} ${values.passages}: the first ${early} asks of a cold process ${sum(first.cpus).toFixed(0)} ms CPU, ` +
      `the same asked again ${sum(again.cpus).toFixed(0)} ms`,
  );
  for (const [i, { q, lang }] of questions.entries())
    console.log(
      `  #${String(i + 1).padStart(3)} ${first.cpus[i]!.toFixed(1).padStart(7)} cpu ${again.cpus[i]!.toFixed(1).padStart(6)} again  ${lang ?? '-'} ${q}`,
    );
  if (first.profile && again.profile) {
    const [a, b] = [sums(first.profile), sums(again.profile)];
    for (const part of ['self', 'inclusive'] as const) {
      const diff = [...a[part]].map(([nm, ms]) => [nm, ms, b[part].get(nm) ?? 0] as const);
      console.log(
        `\n${part} time, first pass / again (${a.total.toFixed(0)} / ${b.total.toFixed(0)} ms sampled), by difference:`,
      );
      for (const [nm, x, y] of diff.sort((p, q) => q[1] - q[2] - (p[1] - p[2])).slice(0, 50))
        console.log(`  ${x.toFixed(1).padStart(8)} ${y.toFixed(1).padStart(8)} ms  ${nm}`);
    }
  }
  process.exit(0);
}

/** The first ask of each distinct question, by language and question. */
const byQuestion = new Map<
  string,
  { q: string; lang: string; cpu: number; wall: number; hits: number; from: number; to: number; again: number }
>();
const all: number[] = [];
if (profiling) await post('Profiler.start');
/** The profiler's clock (microseconds, monotonic). */
const now = () => Number(process.hrtime.bigint() / 1000n);
for (const { q, lang } of benchQuestions(Number(values.queries))) {
  const k = `${lang ?? '-'} ${q}`;
  const cpu = process.cpuUsage();
  const from = now();
  const t = performance.now();
  const hits = e.search(q, { ...(lang ? { lang } : {}), limit: 3 }).length;
  const wall = performance.now() - t;
  const to = now();
  const u = process.cpuUsage(cpu);
  const c = (u.user + u.system) / 1000;
  all.push(wall);
  const f = byQuestion.get(k);
  if (f) f.again = Math.min(f.again, c);
  else byQuestion.set(k, { q, lang: lang ?? '-', cpu: c, wall, hits, from, to, again: Infinity });
}
const firsts = [...byQuestion.values()];
const profile = profiling
  ? (await post<{ profile: Profile & { startTime: number } }>('Profiler.stop')).profile
  : undefined;
// NaN of none (fewer asks than distinct questions: none asked again).
const at = (xs: number[], p: number) =>
  xs.length === 0 ? Number.NaN : [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
firsts.sort((x, y) => y.cpu - x.cpu);
const cpus = firsts.map((f) => f.cpu);
// Of the questions asked more than once.
const again = firsts.map((f) => f.again).filter(Number.isFinite);
const ms = (x: number) => x.toFixed(1);
console.log(
  [
    `${kind} ${values.passages}: ${firsts.length} distinct questions of ${all.length}`,
    `all asks wall p50 ${ms(at(all, 0.5))} p99 ${ms(at(all, 0.99))} ms`,
    `first asks CPU p50 ${ms(at(cpus, 0.5))} p90 ${ms(at(cpus, 0.9))} p95 ${ms(at(cpus, 0.95))} max ${ms(cpus[0]!)} ms`,
    `over 10 ms ${cpus.filter((c) => c > 10).length}, over 20 ms ${cpus.filter((c) => c > 20).length}`,
    `sum ${cpus.reduce((sum, c) => sum + c, 0).toFixed(0)} ms`,
    `asked again CPU p50 ${ms(at(again, 0.5))} p90 ${ms(at(again, 0.9))} ms`,
  ].join('; '),
);
for (const f of firsts.slice(0, Number(values.top)))
  console.log(
    `  ${f.cpu.toFixed(1).padStart(7)} cpu ${f.wall.toFixed(1).padStart(7)} wall ${f.again.toFixed(1).padStart(6)} again  ${f.hits} ${f.lang} ${f.q}`,
  );

if (profile) {
  const slow = firsts.slice(0, Math.ceil((firsts.length * Number(values.profile)) / 100));
  const windows = slow.map((f) => [f.from, f.to] as const).sort((x, y) => x[0] - y[0]);
  const { self, inclusive, total } = sums(profile, windows);
  for (const [title, m] of [
    ['self', self],
    ['inclusive', inclusive],
  ] as const) {
    console.log(`\n${title} time over the slowest ${slow.length} first asks (${total.toFixed(0)} ms sampled):`);
    for (const [nm, ms] of [...m].sort((x, y) => y[1] - x[1]).slice(0, 45))
      console.log(`  ${ms.toFixed(1).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${nm}`);
  }
}
