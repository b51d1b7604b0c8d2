import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { readCorpusDir } from '../src/corpus/load.ts';
import { defaultEngineOptions } from '../src/search/options.ts';
import { tokenize } from '../src/search/tokenize.ts';
import type { Corpus } from '../src/types.ts';
import {
  benchCorpus,
  benchQuestions,
  CORPUS_KINDS,
  type CorpusKind,
  extraArticle,
  writeCorpusFolder,
  type QueryTimes,
  timeQueries,
} from './corpora.ts';

/**
 * npm run bench [-- --passages 100000 --queries 1000 --runs 3 --kind synthetic,natural --profile --saved --compiled
 *                  --skip queries,plain,one-thread --warm-up]
 *
 * For each corpus (bench/corpora.ts: the remixed sentences, and a Zipf-like natural one), `--runs` fresh processes
 * each measure, at `--passages`:
 * - build: the index built as the bot builds it (worker threads, then MiniSearch wrapped on this thread), wall and
 *   CPU time (all threads), and the part that blocks this thread; also the same build on one thread;
 * - query p50 / p99 over `--queries` bench questions, and the index's memory (heap plus typed arrays, after GC);
 * - the index saved (by the worker) and loaded back instead of built, and one article of 50 passages added in place, then
 *   removed (each new index taking over, as the live store's swap makes it), then an article of the build removed;
 * - plain MiniSearch on the same passages (our tokenizer, default options, no re-ranking): build, queries, memory,
 *   our figures as ratios to it.
 * Then the median of the runs. `--profile` writes CPU profiles of the first run (every thread) to bench/profiles/.
 * `--saved` measures only the bot's start from a corpus folder: the build, the save and the load of the saved index,
 * and the first question after it.
 * `--compiled` measures the index code as the bot runs it (`npm start`): compiled to dist/ (built first if stale),
 * its worker threads started on JavaScript; without it, on TypeScript under tsx, whose worker threads each register
 * tsx and transform what they load (a few hundred milliseconds a thread).
 * `--warm-up` asks, before the timed questions, what the bot's warm-up asks before it answers anyone
 * (src/app/warmup.ts): its questions, three rounds, in each language. Without it the timed questions are the first a
 * fresh process answers: their p99 is mostly the first of them (code not compiled yet, passages met for the first
 * time), which the bot's warm-up takes on instead of its first users.
 * `--skip` leaves out the slow parts that a build, load or change figure does not need: the 1,000 questions
 * (`queries`), plain MiniSearch (`plain`), the build on one thread (`one-thread`).
 * Goals (issue 9, 2-core machine, 100,000 passages): build ≤ 10 s, p99 ≤ 10 ms, index ≤ 300 MB, a saved index
 * ≥ 10× faster than a build, an article added or removed in ≤ 100 ms.
 */

const { values } = parseArgs({
  options: {
    passages: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    kind: { type: 'string', default: CORPUS_KINDS.join(',') },
    profile: { type: 'boolean', default: false },
    saved: { type: 'boolean', default: false },
    compiled: { type: 'boolean', default: false },
    'warm-up': { type: 'boolean', default: false },
    skip: { type: 'string', default: '' },
    child: { type: 'boolean', default: false },
  },
});
const skip = new Set(values.skip.split(',').filter(Boolean));
for (const part of skip)
  if (!['queries', 'plain', 'one-thread'].includes(part))
    throw new Error(`bench: --skip takes queries, plain, one-thread (not ${part})`);

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
/** The index's modules, as TypeScript (under tsx) or compiled to dist/ (`--compiled`). */
const load = async <T>(name: string): Promise<T> =>
  (await import(
    values.compiled
      ? pathToFileURL(path.join(root, 'dist', 'src', 'search', `${name}.js`)).href
      : `../src/search/${name}.ts`
  )) as T;
type Modules = typeof import('../src/search/build.ts') &
  typeof import('../src/search/saved.ts') &
  typeof import('../src/search/engine.ts');
// Loaded in the measuring processes only (the first one builds dist/ first, when `--compiled`).
const { buildEngine, buildInWorker, buffersOf, indexKey, loadSaved, save, SearchEngine } = values.child
  ? ({
      ...(await load<typeof import('../src/search/build.ts')>('build')),
      ...(await load<typeof import('../src/search/saved.ts')>('saved')),
      ...(await load<typeof import('../src/search/engine.ts')>('engine')),
    } as Modules)
  : ({} as Modules);
const N = Number(values.passages);
const Q = Number(values.queries);

interface Figures extends Omit<QueryTimes, 'wall'> {
  buildMs: number;
  buildCpuMs: number;
  buildBlockingMs: number;
  buildOneThreadMs: number;
  buildOneThreadCpuMs: number;
  indexMb: number;
  saveMs: number;
  savedMb: number;
  loadMs: number;
  loadCpuMs: number;
  addMs: number;
  removeMs: number;
  addCpuMs: number;
  removeCpuMs: number;
  /** A built article (in the middle of the numbering) removed in place: its terms' postings copied on write. */
  removeBuiltMs: number;
  removeBuiltCpuMs: number;
  plainBuildMs: number;
  plainP50: number;
  plainP99: number;
  plainMb: number;
}

/** The figures of a part left out (`--skip`): not a number, printed as such. */
const skipped: QueryTimes = { p50: NaN, p99: NaN, cpuP50: NaN, cpuP99: NaN, max: NaN, answered: NaN, wall: [] };

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
/** Memory held: V8's heap plus ArrayBuffers (typed arrays live outside the heap). */
const held = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};
/**
 * What the bot's warm-up asks of the index before it answers anyone (`warmUp` in src/app/warmup.ts): its questions,
 * three rounds, in each language, as /ask searches them. Its other commands (/who, /stake, /sources) are left out.
 */
async function warmUp(e: InstanceType<typeof SearchEngine>): Promise<void> {
  const { warmUpQuestions } = (await import(
    values.compiled ? pathToFileURL(path.join(root, 'dist', 'src', 'app', 'warmup.js')).href : '../src/app/warmup.ts'
  )) as typeof import('../src/app/warmup.ts');
  const questions = warmUpQuestions(e.corpus);
  for (let round = 0; round < 3; round++)
    for (const q of questions) for (const lang of ['vi', 'zh'] as const) e.search(q, { lang, limit: 3 });
}

async function measure(kind: CorpusKind): Promise<Figures> {
  const corpus = await benchCorpus(kind, N);
  const before = held();

  // As the bot builds: worker threads, then the wrapping on this thread.
  let t = performance.now();
  let cpu = process.cpuUsage();
  const { built } = buildInWorker({ corpus, offThread: true });
  const b = await built;
  const blockStart = performance.now();
  const e = SearchEngine.fromIndexData(corpus, b.data);
  const buildBlockingMs = performance.now() - blockStart;
  const buildMs = performance.now() - t;
  const buildCpuMs = cpuMs(cpu);
  // The typed arrays moved here from the worker are not in this thread's count of ArrayBuffers (the worker
  // allocated them): added by their sizes.
  const moved = buffersOf(undefined, b.data).reduce((sum, buffer) => sum + buffer.byteLength, 0);
  const indexMb = (held() - before + moved) / 2 ** 20;

  // As the bot's warm-up does before it answers anyone (src/app/warmup.ts): what every question reads, made once.
  e.prepare();
  if (values['warm-up']) await warmUp(e);
  const q = skip.has('queries')
    ? skipped
    : timeQueries(benchQuestions(Q), (text, lang) => e.search(text, { ...(lang ? { lang } : {}), limit: 3 }).length);

  // One article added in place, then removed, by an engine that has answered questions (with `--skip queries`, a
  // few: the first question makes the readers of questions, which a change reuses).
  if (skip.has('queries')) for (const { q, lang } of benchQuestions(20)) e.search(q, lang ? { lang } : {});
  const extra = await extraArticle(kind, N);
  const source = extra[0]!.source;
  const grown: Corpus = {
    ...corpus,
    sources: [...corpus.sources, { ...corpus.sources[0]!, id: source, hash: source, file: `${source}.md` }],
    passages: [...corpus.passages, ...extra],
  };
  t = performance.now();
  cpu = process.cpuUsage();
  const added = e.withCorpus(grown);
  const addMs = performance.now() - t;
  const addCpuMs = cpuMs(cpu);
  // As the live store does once the changed index is swapped in (the one it was changed from answers no more).
  added?.takeOver();
  t = performance.now();
  cpu = process.cpuUsage();
  const removed = added?.withCorpus(corpus);
  const removeMs = performance.now() - t;
  const removeCpuMs = cpuMs(cpu);
  if (!added || !removed) throw new Error('bench: the incremental change was refused');
  // An article of the build removed: its passages are in the middle of its terms' postings, which the index it is
  // removed from (answering meanwhile) still reads, so each is copied before it changes.
  const middle = corpus.sources[Math.floor(corpus.sources.length / 2)]!.id;
  const smaller: Corpus = {
    ...corpus,
    sources: corpus.sources.filter((s) => s.id !== middle),
    passages: corpus.passages.filter((p) => p.source !== middle),
  };
  removed.takeOver();
  t = performance.now();
  cpu = process.cpuUsage();
  const removedBuilt = removed.withCorpus(smaller);
  const removeBuiltMs = performance.now() - t;
  const removeBuiltCpuMs = cpuMs(cpu);
  if (!removedBuilt) throw new Error('bench: the incremental change was refused');

  // Saved, then loaded back instead of built.
  const dir = mkdtempSync(path.join(tmpdir(), 'deal-qa-bench-'));
  let saveMs: number;
  let savedMb: number;
  let loadMs: number;
  let loadCpuMs: number;
  try {
    const cacheFile = path.join(dir, 'index.v8');
    const first = await buildEngine({ corpus, cacheFile, offThread: true });
    // The worker saves once it has sent the index: serialized and written while this thread could answer.
    t = performance.now();
    await first.saved();
    saveMs = performance.now() - t;
    savedMb = statSync(cacheFile).size / 2 ** 20;
    t = performance.now();
    cpu = process.cpuUsage();
    const loaded = await buildEngine({ corpus, cacheFile, offThread: true });
    loadMs = performance.now() - t;
    loadCpuMs = cpuMs(cpu);
    if (!loaded.fromCache) throw new Error('bench: the saved index was not loaded');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The same build on this thread alone.
  let buildOneThreadMs = NaN;
  let buildOneThreadCpuMs = NaN;
  if (!skip.has('one-thread')) {
    gc();
    t = performance.now();
    cpu = process.cpuUsage();
    new SearchEngine(corpus);
    buildOneThreadMs = performance.now() - t;
    buildOneThreadCpuMs = cpuMs(cpu);
  }

  // Plain MiniSearch: our tokenizer, its defaults, no re-ranking.
  let plainBuildMs = NaN;
  let plainMb = NaN;
  let pq = skipped;
  if (!skip.has('plain')) {
    const plainBefore = held();
    t = performance.now();
    const plain = new MiniSearch<{ id: number; text: string }>({
      fields: ['text'],
      tokenize: (text) => tokenize(text),
    });
    plain.addAll(corpus.passages.map((p, id) => ({ id, text: p.text })));
    plainBuildMs = performance.now() - t;
    plainMb = (held() - plainBefore) / 2 ** 20;
    const langs = corpus.passages.map((p) => p.lang);
    if (!skip.has('queries'))
      pq = timeQueries(
        benchQuestions(Q),
        (text, lang) =>
          plain.search(text, lang ? { filter: (r) => langs[r.id as number] === lang } : {}).slice(0, 3).length,
      );
  }

  return {
    buildMs,
    buildCpuMs,
    buildBlockingMs,
    buildOneThreadMs,
    buildOneThreadCpuMs,
    p50: q.p50,
    p99: q.p99,
    cpuP50: q.cpuP50,
    cpuP99: q.cpuP99,
    max: q.max,
    answered: q.answered,
    indexMb,
    saveMs,
    savedMb,
    loadMs,
    loadCpuMs,
    addMs,
    removeMs,
    addCpuMs,
    removeCpuMs,
    removeBuiltMs,
    removeBuiltCpuMs,
    plainBuildMs,
    plainP50: pq.p50,
    plainP99: pq.p99,
    plainMb,
  };
}

interface SavedFigures {
  /** As the folder's files split them. */
  passages: number;
  buildMs: number;
  buildCpuMs: number;
  /** The longest this thread was held at a time during the build (the rest is in workers). */
  buildBlockingMs: number;
  /** Serialise, checksum and write the index (what the worker does after a build), on this thread. */
  saveMs: number;
  /** Read, check and lay it out (what a start does before it unpacks the passages), alone. */
  readMs: number;
  savedMb: number;
  loadMs: number;
  loadCpuMs: number;
  /** The longest this thread was held at a time during the load. */
  loadBlockingMs: number;
  firstQueryMs: number;
}

/**
 * Only the saved index, as the bot starts: the corpus written as a corpus folder, built from its files in worker
 * threads and saved by the worker, then loaded back, as at the next start.
 */
async function measureSaved(kind: CorpusKind): Promise<SavedFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'deal-qa-bench-'));
  try {
    writeCorpusFolder(await benchCorpus(kind, N), dir);
    const cacheFile = path.join(dir, '.index', 'search.v8');
    let files = await readCorpusDir(dir);
    // How long this thread is held at a time (it could answer nothing else meanwhile).
    let held = 0;
    let last = performance.now();
    const tick = setInterval(() => {
      const now = performance.now();
      held = Math.max(held, now - last);
      last = now;
    }, 1);
    const heldSince = () => {
      const h = Math.max(held, performance.now() - last);
      held = 0;
      last = performance.now();
      return h;
    };
    gc();
    heldSince();
    let t = performance.now();
    let cpu = process.cpuUsage();
    const first = await buildEngine({ dir, files, cacheFile, offThread: true });
    const buildMs = performance.now() - t;
    const buildCpuMs = cpuMs(cpu);
    const buildBlockingMs = heldSince();
    const passages = first.engine.corpus.passages.length;
    // The worker saves once it has sent the index, while this thread wraps it: waited for here, timed below.
    await first.saved();
    const savedMb = statSync(cacheFile).size / 2 ** 20;
    if (first.fromCache) throw new Error('bench: the index was loaded, not built');
    files = await readCorpusDir(dir);
    gc();
    heldSince();
    t = performance.now();
    cpu = process.cpuUsage();
    const loaded = await buildEngine({ dir, files, cacheFile, offThread: true });
    const loadMs = performance.now() - t;
    const loadCpuMs = cpuMs(cpu);
    const loadBlockingMs = heldSince();
    clearInterval(tick);
    if (!loaded.fromCache) throw new Error('bench: the saved index was not loaded');
    // Each alone: a load's reading (read, check, lay out) and the worker's save (serialise, checksum, write).
    const key = indexKey({ files, options: { ...defaultEngineOptions } });
    t = performance.now();
    const { saved } = await loadSaved(cacheFile, key);
    const readMs = performance.now() - t;
    if (!saved?.corpus) throw new Error('bench: the saved index did not read back');
    t = performance.now();
    await save(path.join(dir, 'again.v8'), key, { corpus: saved.corpus, data: saved.data });
    const saveMs = performance.now() - t;
    t = performance.now();
    loaded.engine.search(benchQuestions(1)[0]!.q);
    const firstQueryMs = performance.now() - t;
    return {
      passages,
      buildMs,
      buildCpuMs,
      buildBlockingMs,
      saveMs,
      readMs,
      savedMb,
      loadMs,
      loadCpuMs,
      loadBlockingMs,
      firstQueryMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function reportSaved(kind: CorpusKind, runs: SavedFigures[]): void {
  const m = (k: keyof SavedFigures) => median(runs.map((r) => r[k]));
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const ratio = m('buildMs') / m('loadMs');
  const cpuRatio = m('buildCpuMs') / m('loadCpuMs');
  console.log(
    `\n${kind}: ${m('passages')} passages from files, saved index, median of ${runs.length} run${runs.length === 1 ? '' : 's'}`,
  );
  console.log(`  build (workers), wall / CPU all threads   ${s(m('buildMs'))} / ${s(m('buildCpuMs'))}`);
  console.log(`  saved file                                ${m('savedMb').toFixed(0)} MB`);
  console.log(`  save / read back alone, on one thread     ${s(m('saveMs'))} / ${s(m('readMs'))}`);
  console.log(`  loaded instead, wall / CPU all threads    ${s(m('loadMs'))} / ${s(m('loadCpuMs'))}`);
  console.log(
    `  longest this thread was held at a time    build ${m('buildBlockingMs').toFixed(0)} ms, load ${m('loadBlockingMs').toFixed(0)} ms`,
  );
  console.log(`  first question after the load            ${m('firstQueryMs').toFixed(0)} ms`);
  console.log(
    `  load vs build: ${ratio.toFixed(1)}× faster wall, ${cpuRatio.toFixed(1)}× less CPU (goal ≥ 10×: ${ratio >= 10 ? 'met' : 'NOT met'})`,
  );
}

/** JSON writes a figure left out (NaN) as null: read back as NaN. */
const notANumber = (_key: string, value: unknown) => value ?? NaN;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function report(kind: CorpusKind, runs: Figures[]): void {
  const m = (k: keyof Figures) => median(runs.map((r) => r[k]));
  const range = (k: keyof Figures, d = 0) => {
    const xs = runs.map((r) => r[k]);
    return runs.length > 1 ? ` (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})` : '';
  };
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  // Our figure as a ratio to plain MiniSearch's, or nothing when plain MiniSearch was skipped (`--skip plain`).
  const vsPlain = (ours: number, plain: number, before = '; ') =>
    Number.isFinite(plain) ? `${before}×${(ours / plain).toFixed(2)} plain MiniSearch` : '';
  const rows: Array<[string, string, string]> = [
    [
      'build (workers), wall',
      `${s(m('buildMs'))}${runs.length > 1 ? `${range('buildMs')} ms` : ''}`,
      `≤ 10 s: ${met(m('buildMs') <= 10_000)}${vsPlain(m('buildMs'), m('plainBuildMs'))}`,
    ],
    ['build (workers), CPU all threads', s(m('buildCpuMs')), ''],
    ['build, blocking the event loop', `${m('buildBlockingMs').toFixed(0)} ms${range('buildBlockingMs')}`, ''],
    ['build on one thread, wall / CPU', `${s(m('buildOneThreadMs'))} / ${s(m('buildOneThreadCpuMs'))}`, ''],
    ['query p50', `${m('p50').toFixed(2)} ms${range('p50', 2)}`, vsPlain(m('p50'), m('plainP50'), '')],
    [
      'query p99',
      `${m('p99').toFixed(2)} ms${range('p99', 2)}`,
      `≤ 10 ms: ${met(m('p99') <= 10)}${vsPlain(m('p99'), m('plainP99'))}`,
    ],
    ['query CPU p50 / p99 (this thread)', `${m('cpuP50').toFixed(2)} / ${m('cpuP99').toFixed(2)} ms`, ''],
    ['query max', `${m('max').toFixed(1)} ms`, `${m('answered')}/${Q} answered`],
    [
      'index memory (heap + typed arrays)',
      `${m('indexMb').toFixed(0)} MB${range('indexMb')}`,
      `≤ 300 MB: ${met(m('indexMb') <= 300)}${vsPlain(m('indexMb'), m('plainMb'))}`,
    ],
    [
      'index saved (in the worker, after the build)',
      `${s(m('saveMs'))}, ${m('savedMb').toFixed(0)} MB`,
      'v8.serialize, written beside the corpus',
    ],
    [
      'saved index loaded, wall / CPU',
      `${s(m('loadMs'))} / ${s(m('loadCpuMs'))}`,
      `${(m('buildMs') / m('loadMs')).toFixed(1)}× faster than a build (goal ≥ 10×: ${met(m('buildMs') / m('loadMs') >= 10)})`,
    ],
    [
      'one article (50 passages) added / removed in place',
      `${m('addMs').toFixed(1)} / ${m('removeMs').toFixed(1)} ms (CPU ${m('addCpuMs').toFixed(0)} / ${m('removeCpuMs').toFixed(0)})`,
      `≤ 100 ms: ${met(Math.max(m('addMs'), m('removeMs')) <= 100)}`,
    ],
    [
      'an article of the build (50 passages) removed in place',
      `${m('removeBuiltMs').toFixed(1)} ms (CPU ${m('removeBuiltCpuMs').toFixed(0)})`,
      `≤ 100 ms: ${met(m('removeBuiltMs') <= 100)}`,
    ],
    [
      'plain MiniSearch: build, p50 / p99, memory',
      `${s(m('plainBuildMs'))}, ${m('plainP50').toFixed(2)} / ${m('plainP99').toFixed(2)} ms, ${m('plainMb').toFixed(0)} MB`,
      '',
    ],
  ];
  // A part left out (`--skip`) is said to be.
  for (const r of rows) if (r[1].includes('NaN')) [r[1], r[2]] = ['(skipped)', ''];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log(`\n${kind}: ${N} passages, ${Q} queries, median of ${runs.length} run${runs.length === 1 ? '' : 's'}`);
  for (const [a, b, c] of rows) console.log(`  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
}

if (values.child) {
  const kind = values.kind as CorpusKind;
  const figures = values.saved ? await measureSaved(kind) : await measure(kind);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else {
  if (values.compiled) {
    const { ensureBuilt } = (await import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href)) as {
      ensureBuilt: () => number;
    };
    if (ensureBuilt() !== 0) process.exit(1);
  }
  const profiles = path.join(root, 'bench', 'profiles');
  console.log(
    `npm run bench: ${N} passages, ${Q} queries, ${values.runs} runs per corpus, each in a fresh process, ${values.compiled ? 'compiled (dist/)' : 'TypeScript under tsx'}${values['warm-up'] ? ", the bot's warm-up before the questions" : ''}${skip.size ? `, without ${[...skip].join(', ')}` : ''}`,
  );
  for (const kind of values.kind.split(',') as CorpusKind[]) {
    const runs: Figures[] = [];
    const savedRuns: SavedFigures[] = [];
    for (let r = 0; r < Number(values.runs); r++) {
      const prof = values.profile && r === 0 ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : [];
      const child = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          ...prof,
          self,
          '--child',
          `--kind=${kind}`,
          `--passages=${N}`,
          `--queries=${Q}`,
          ...(values.saved ? ['--saved'] : []),
          ...(values.compiled ? ['--compiled'] : []),
          ...(values['warm-up'] ? ['--warm-up'] : []),
          ...(values.skip ? [`--skip=${values.skip}`] : []),
        ],
        { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
      );
      const line = child.stdout.trim().split('\n').at(-1) ?? '';
      if (child.status !== 0 || !line.startsWith('{')) {
        console.error(`bench: run ${r + 1} on ${kind} failed (${child.status ?? child.signal}):\n${child.stderr}`);
        process.exit(1);
      }
      if (values.saved) {
        const f = JSON.parse(line, notANumber) as SavedFigures;
        savedRuns.push(f);
        console.log(
          `  ${kind} run ${r + 1}: build ${(f.buildMs / 1000).toFixed(2)} s (CPU ${(f.buildCpuMs / 1000).toFixed(2)} s), save ${(f.saveMs / 1000).toFixed(2)} s, read ${(f.readMs / 1000).toFixed(2)} s, load ${(f.loadMs / 1000).toFixed(2)} s (CPU ${(f.loadCpuMs / 1000).toFixed(2)} s), this thread held ≤ ${f.buildBlockingMs.toFixed(0)} / ${f.loadBlockingMs.toFixed(0)} ms, first question ${f.firstQueryMs.toFixed(0)} ms`,
        );
        continue;
      }
      const f = JSON.parse(line, notANumber) as Figures;
      runs.push(f);
      console.log(
        `  ${kind} run ${r + 1}: build ${(f.buildMs / 1000).toFixed(2)} s (CPU ${(f.buildCpuMs / 1000).toFixed(2)} s), p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms, ${f.indexMb.toFixed(0)} MB, save ${(f.saveMs / 1000).toFixed(2)} s, load ${(f.loadMs / 1000).toFixed(2)} s, add/remove ${f.addMs.toFixed(0)}/${f.removeMs.toFixed(0)} ms (CPU ${f.addCpuMs.toFixed(0)}/${f.removeCpuMs.toFixed(0)}), built article removed ${f.removeBuiltMs.toFixed(0)} ms (CPU ${f.removeBuiltCpuMs.toFixed(0)})`,
      );
    }
    if (values.saved) reportSaved(kind, savedRuns);
    else report(kind, runs);
  }
  if (values.profile) console.log(`\nCPU profiles of each first run (every thread): ${profiles}/*.cpuprofile`);
}
