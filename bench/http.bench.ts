import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import path from 'node:path';
import {
  BotProcess,
  botEnv,
  ROOT,
  runEntry,
  serveEnv,
  servePort,
  standinEnv,
  tempCorpus,
  TEST_APP,
} from '../tests/e2e/bot.ts';
import { freshDatabase, type PostgresServer, startPostgres } from '../tests/helpers/postgres.ts';
import { chatInput, type InteractionHandle, startStandin, type Standin } from '../tests/standin/index.ts';
import {
  DISTINCT_MIX,
  distinctInteraction,
  LOCALES,
  MIX,
  ms,
  nextInteraction,
  percentile,
  processCpuMs,
  within,
} from './lib.ts';

/**
 * npm run bench:http [-- --n 2000 --concurrency 100 --replicas 3 --warmup 300] [-- --distinct] [-- --database --changes 10] [-- --cpu-prof DIR]
 * The HTTP interactions endpoint end to end: `npm run serve -- --replicas R` (the compiled JavaScript in dist/,
 * built first if stale) against the Discord stand-in in HTTP mode, which POSTs N signed interactions, C at a time
 * (each lane sends its next one when the previous is answered), after an unmeasured warm-up. Latency is the
 * stand-in's record, per interaction, of the time from starting the POST to accepting the HTTP response as the
 * callback (Discord's 3 s deadline applies to it). The stand-in and this process share the machine with the
 * server: their CPU time is shown too, and per interaction, with the throughput those costs allow on all cores.
 * `--cpu-prof DIR`: the server's processes write V8 CPU profiles there (open them in Chrome's DevTools); the timed
 * phase's start and end are printed on the profiles' clock, to read that part alone.
 * The warm-up's figures are printed too, apart: what a fresh replica's first interactions cost.
 * The timed interactions are made and signed before the clock starts (Discord signs on its own machines, and the
 * stand-in shares the cores here; the server does not refuse a signature seconds old). Then N more are sent with
 * each made and signed in its lane, on the clock, and printed apart ("signed in the loop"): the figure either way.
 * `--distinct`: every interaction (warm-up included) is an /ask whose question was never asked before, so that the
 * replicas' kept replies (src/app/replies.ts) answer none of them: the figure without the cache's help.
 * Goal (the issue's): N = 2,000 at C = 100 over 3 replicas, all answered, ≥ 1,000 interactions/s, p99 < 250 ms.
 *
 * With `--database`, the replicas share their corpus in a throwaway PostgreSQL cluster (DATABASE_URL; the
 * repository's corpus imported with `corpus import`), and after the load, `--changes` moderators' `/corpus add`
 * and `remove` (in turn) go through the stand-in, each to whichever replica takes it. For each change: the time
 * from the commit (the replica that made it swaps its index right after) to every other replica swapping in the
 * new version, as each logs it ("corpus changed", with the version), and from the moderator's request to the
 * last replica. Goal (the issue's): every replica answers from the new version within 2 s of the change.
 */

const BENCH = 'bench:http';
const USAGE =
  'usage: npm run bench:http [-- --n 2000 --concurrency 100 --replicas 3 --warmup 300 --log-level info] [--distinct] [--database --changes 10] [--cpu-prof DIR]';

function readOptions() {
  try {
    const { values } = parseArgs({
      options: {
        n: { type: 'string', default: '2000' },
        concurrency: { type: 'string', default: '100' },
        replicas: { type: 'string', default: '3' },
        warmup: { type: 'string', default: '300' },
        'log-level': { type: 'string', default: 'info' },
        distinct: { type: 'boolean', default: false },
        database: { type: 'boolean', default: false },
        changes: { type: 'string', default: '10' },
        'cpu-prof': { type: 'string' },
      },
      strict: true,
    });
    const count = (name: string, raw: string, min: number) => {
      const v = Number(raw);
      if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer ≥ ${min} (got "${raw}")`);
      return v;
    };
    if (values.database && !['trace', 'debug', 'info'].includes(values['log-level']))
      throw new Error('--database measures propagation from the info log lines: --log-level must be info or lower');
    return {
      n: count('n', values.n, 1),
      concurrency: count('concurrency', values.concurrency, 1),
      replicas: count('replicas', values.replicas, 1),
      warmup: count('warmup', values.warmup, 0),
      logLevel: values['log-level'],
      distinct: values.distinct,
      database: values.database,
      changes: count('changes', values.changes, 1),
      cpuProf: values['cpu-prof'],
    };
  } catch (err) {
    process.stderr.write(`${BENCH}: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  }
}
const OPTIONS = readOptions();

const GOAL = { ips: 1_000, p99Ms: 250, propagationMs: 2_000 };
/** Every wait is bounded, so the bench always ends. */
const LIMITS = {
  buildMs: 300_000,
  readyMs: 180_000,
  answerMs: 15_000,
  changeMs: 30_000,
  stopMs: 30_000,
  closeMs: 10_000,
};

interface Sample {
  kind: string;
  /** Start of the POST → the response accepted as the callback, ms; undefined if none was accepted. */
  firstMs?: number;
  deferred: boolean;
  failure?: string;
  id: string;
}

/** How an interaction was answered, once its answer was checked against every rule (`Standin.checkAnswers`). */
function observed(kind: string, h: InteractionHandle): Sample {
  if (h.first) return { kind, firstMs: h.first.at, deferred: h.first.type === 5, id: h.id };
  const why = h.errors.map((e) => `${e.status} ${e.message}`).join('; ');
  return { kind, deferred: false, failure: why || 'no answer was taken as the callback', id: h.id };
}

/**
 * N interactions, `concurrency` at a time: each lane sends its next one as soon as the endpoint's answer to its
 * last one has come. They are all made and signed first, untimed: that is Discord's work, and the load generator
 * shares the cores (with `signInLoop`, each is made and signed in its lane just before it is sent, on the clock). The stand-in keeps the answers as they come and checks every one against every rule after the
 * clock has stopped (`checkMs`: the CPU time that took): checking is not sending and receiving, and it would
 * otherwise take the server's cores. A deferred answer's webhook edit is judged during the run, as it comes.
 */
async function run(
  standin: Standin,
  n: number,
  concurrency: number,
  /** Called as soon as the clock stops (to read the server's CPU time before the checking). */
  stopped: () => void = () => undefined,
  /** Make and sign each interaction in its lane, just before it is sent, on the clock (as Discord does it). */
  signInLoop = false,
): Promise<{ samples: Sample[]; wallMs: number; cpu: NodeJS.CpuUsage; checkMs: number; preparedMs: number }> {
  const make = () => {
    const { kind, input } = OPTIONS.distinct ? distinctInteraction() : nextInteraction();
    return { kind, interaction: standin.prepareInteraction(input) };
  };
  const prepare0 = process.cpuUsage();
  const prepared = signInLoop ? [] : Array.from({ length: n }, make);
  const preparing = process.cpuUsage(prepare0);
  const sent: Array<{ kind: string; h: InteractionHandle }> = [];
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const { kind, interaction } = signInLoop ? (next++, make()) : prepared[next++]!;
      const h = standin.dispatchPrepared(interaction);
      sent.push({ kind, h });
      // Bounded: the stand-in's POST gives up a little after Discord's deadline; a failure is seen when checked.
      await h.endpointAnswer(LIMITS.answerMs).catch(() => undefined);
    }
  };
  standin.checkAnswersLater();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  stopped();
  const check0 = process.cpuUsage();
  standin.checkAnswers();
  const checked = process.cpuUsage(check0);
  return {
    samples: sent.map(({ kind, h }) => observed(kind, h)),
    wallMs,
    cpu,
    checkMs: (checked.user + checked.system) / 1000,
    preparedMs: (preparing.user + preparing.system) / 1000,
  };
}

function summary(samples: Sample[], wallMs: number) {
  const first = samples.flatMap((s) => (s.firstMs === undefined ? [] : [s.firstMs])).sort((a, b) => a - b);
  return {
    n: samples.length,
    answered: first.length,
    deferred: samples.filter((s) => s.deferred).length,
    ips: samples.length / (wallMs / 1000),
    p50: percentile(first, 50),
    p90: percentile(first, 90),
    p99: percentile(first, 99),
    max: first.at(-1) ?? Number.NaN,
  };
}

/** CPU time (ms) of one process, all its threads and its main thread alone. */
interface Cpu {
  all: number;
  main: number;
}

/**
 * CPU time (ms) of the server's processes (the primary and every worker that logged itself ready), and of their
 * main threads alone: the rest is V8's helper threads (garbage collection, compiling) and libuv's. `each`: the same
 * by process ("primary", or the worker's id).
 */
function serverCpuMs(serve: BotProcess): (Cpu & { each: Map<string, Cpu> }) | undefined {
  const processes: Array<[string, number | undefined]> = [
    ['primary', serve.child.pid],
    ...serve
      .logs()
      .flatMap((l) => (l.msg === 'worker ready' ? [[String(l.worker), Number(l.pid)] as [string, number]] : [])),
  ];
  const total = { all: 0, main: 0, each: new Map<string, Cpu>() };
  for (const [name, pid] of processes) {
    const all = processCpuMs(pid);
    const main = processCpuMs(pid, pid);
    if (all === undefined || main === undefined) return undefined;
    total.all += all;
    total.main += main;
    total.each.set(name, { all, main });
  }
  return total;
}

/** Each process's CPU per interaction between two readings, and its main thread's: where the server's time goes. */
function cpuByProcess(before: Map<string, Cpu>, after: Map<string, Cpu>, n: number): string {
  return [...after]
    .map(([name, { all, main }]) => {
      const was = before.get(name) ?? { all: 0, main: 0 };
      const who = name === 'primary' ? name : `worker ${name}`;
      return `${who} ${((all - was.all) / n).toFixed(2)} (main ${((main - was.main) / n).toFixed(2)})`;
    })
    .join(', ');
}

/** `npm run serve` as npm runs it once dist/ is built: the compiled entry, with --replicas. */
function startServe(env: NodeJS.ProcessEnv, replicas: number, execArgs: string[] = []): BotProcess {
  return new BotProcess(
    spawn(process.execPath, [...execArgs, 'dist/src/http/main.js', '--replicas', String(replicas)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

const MODERATOR = { moderator: true, locale: 'en-US' } as const;
const ARTICLE = `---
title: "Bench: khinh khí cầu tím"
lang: vi
url: https://example.com/bench-khinh-khi-cau
---
Liên doanh đã thả một khinh khí cầu tím khổng lồ trên bầu trời Moskva.
`;

/** The time a log line was written (pino's ISO time), ms since the epoch. */
const loggedAt = (l: Record<string, unknown>) => Date.parse(String(l.time));

/**
 * `changes` corpus changes through the endpoint, one at a time: for each, how long from the commit to every other
 * replica answering from the new version, and from the moderator's request to the last replica.
 */
async function propagation(standin: Standin, serve: BotProcess, changes: number) {
  const workers = new Set(serve.logs().flatMap((l) => (l.msg === 'worker ready' ? [Number(l.worker)] : [])));
  const changed = (version: number) =>
    new Map(
      serve
        .logs()
        .filter((l) => l.msg === 'corpus changed' && l.version === version && typeof l.worker === 'number')
        .map((l) => [Number(l.worker), loggedAt(l)]),
    );
  let version = Math.max(
    ...serve.logs().flatMap((l) => (l.msg === 'ready' && typeof l.version === 'number' ? [l.version] : [])),
  );
  const fromCommit: number[] = [];
  const fromRequest: number[] = [];
  const problems: string[] = [];
  for (let i = 0; i < changes; i++) {
    // Each change is measured on its own: let the replicas settle first.
    await new Promise((r) => setTimeout(r, 300));
    const input =
      i % 2 === 0
        ? chatInput(
            'corpus',
            { file: standin.serveAttachment('bench.md', ARTICLE) },
            { subcommand: 'add', ...MODERATOR },
          )
        : chatInput('corpus', { source: 'bench' }, { subcommand: 'remove', ...MODERATOR });
    const requested = Date.now();
    const h = standin.dispatchInteraction(input);
    const result = await h.settled(LIMITS.changeMs);
    const text = result.kind === 'message' ? result.message.content : '';
    if (!/Article bench(\.md)? (added|removed)/.test(text)) {
      problems.push(`change ${i + 1}: ${text.slice(0, 200) || result.kind}`);
      continue;
    }
    version++;
    const deadline = Date.now() + LIMITS.changeMs;
    let by: number | undefined;
    let seen = changed(version);
    while ((by === undefined || seen.size < workers.size) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      by ??= serve.logs().find((l) => l.msg === 'interaction' && l.interaction === h.id)?.worker as number | undefined;
      seen = changed(version);
    }
    const committed = by === undefined ? undefined : seen.get(by);
    if (committed === undefined || seen.size < workers.size) {
      problems.push(`change ${i + 1} (version ${version}): ${seen.size}/${workers.size} replicas swapped it in`);
      continue;
    }
    for (const [worker, at] of seen) if (worker !== by) fromCommit.push(at - committed);
    fromRequest.push(Math.max(...seen.values()) - requested);
  }
  return {
    replicas: workers.size,
    fromCommit: fromCommit.sort((a, b) => a - b),
    fromRequest: fromRequest.sort((a, b) => a - b),
    problems,
  };
}

async function main(): Promise<number> {
  const { n: N, concurrency: C, replicas: R, warmup: WARMUP, logLevel, database, changes, cpuProf } = OPTIONS;
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: LIMITS.buildMs,
  });
  if (build.status !== 0) throw new Error(`${BENCH}: the build failed`);
  const corpus = await tempCorpus();
  // Discord's own deadline: 3 s to the first response.
  const standin = await startStandin(TEST_APP);
  let serve: BotProcess | undefined;
  let db: PostgresServer | undefined;
  try {
    let databaseUrl: string | undefined;
    if (database) {
      db = await startPostgres();
      databaseUrl = await freshDatabase(db.url, 'bench-http');
      const imported = await runEntry(
        'src/cli/main.ts',
        ['corpus', 'import', `dir:${path.join(ROOT, 'corpus')}`],
        botEnv({ DATABASE_URL: databaseUrl }),
        120_000,
      );
      if (imported.code !== 0) throw new Error(`${BENCH}: corpus import failed:\n${imported.stderr}`);
    }
    const deployed = await runEntry('src/deploy.ts', [], standinEnv(standin, corpus.dir), 60_000);
    if (deployed.code !== 0) throw new Error(`${BENCH}: src/deploy.ts failed:\n${deployed.stderr}`);
    const started = performance.now();
    // --cpu-prof: every server process (the primary, and each worker: they inherit its exec arguments) writes a
    // V8 CPU profile there when it stops.
    const profiling = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProf)}`] : [];
    serve = startServe(serveEnv(standin, corpus.dir, { LOG_LEVEL: logLevel, DATABASE_URL: databaseUrl }), R, profiling);
    const port = await servePort(serve, LIMITS.readyMs);
    standin.useInteractionsEndpoint(`http://127.0.0.1:${port}/interactions`);
    await serve.waitForLog((l) => l.msg === (R > 1 ? 'all replicas ready' : 'ready'), LIMITS.readyMs);
    const readyMs = performance.now() - started;
    const problems = await standin.checkEndpoint();
    if (problems.length) throw new Error(`${BENCH}: the endpoint fails Discord's check: ${problems.join('; ')}`);

    console.log(
      `${BENCH}: node dist/src/http/main.js --replicas ${R} against the stand-in in HTTP mode, port ${port}; ` +
        `corpus ${database ? 'in PostgreSQL (DATABASE_URL, a throwaway cluster)' : 'in a folder'}`,
    );
    console.log(
      `ready ${readyMs.toFixed(0)} ms after spawn (every replica loaded and warmed its index); log level ${logLevel}`,
    );
    console.log(`mix: ${OPTIONS.distinct ? DISTINCT_MIX : MIX}; locales ${LOCALES.join(', ')}`);
    console.log(
      'latency: start of the signed POST → its HTTP response accepted as the callback, as the stand-in timed it\n',
    );

    if (WARMUP) {
      // A fresh replica's first interactions cost more (the JIT has not compiled the way an interaction goes yet):
      // printed apart, so that the timed figures do not hide what the first seconds of a deploy cost.
      const before = serverCpuMs(serve);
      let after: ReturnType<typeof serverCpuMs>;
      const warm = await run(standin, WARMUP, C, () => (after = serverCpuMs(serve!)));
      const w = summary(warm.samples, warm.wallMs);
      const cpu = before !== undefined && after !== undefined ? ((after.all - before.all) / w.n).toFixed(2) : '–';
      console.log(
        `warm-up           ${w.n} at ${C} at a time, not timed: ${w.ips.toFixed(0)} interactions/s, p50 ${ms(w.p50)} ms, ` +
          `p99 ${ms(w.p99)} ms, ${cpu} ms server cpu / interaction, ${w.n - w.answered} not answered`,
      );
    }
    const serverBefore = serverCpuMs(serve);
    let serverAfter: ReturnType<typeof serverCpuMs>;
    // The timed phase on the clock of V8's CPU profiles (monotonic, µs), to read just that part of them.
    const profiledFrom = process.hrtime.bigint() / 1000n;
    let profiledTo = 0n;
    const {
      samples,
      wallMs,
      cpu: own,
      checkMs,
      preparedMs,
    } = await run(standin, N, C, () => {
      profiledTo = process.hrtime.bigint() / 1000n;
      serverAfter = serverCpuMs(serve!);
    });
    const s = summary(samples, wallMs);

    // Which worker answered what, from the interaction log lines (written after the answer; autocomplete logs at debug).
    await new Promise((r) => setTimeout(r, 500));
    const ids = new Set(samples.map((x) => x.id));
    const perWorker = new Map<string, number>();
    // The server's own time for those answered in the response (not deferred): from the interaction read and
    // verified to its response written, as its log line says. The rest of the latency is spent before: in the
    // sockets, and waiting for the worker's event loop.
    const handled: number[] = [];
    for (const l of serve.logs()) {
      if (l.msg !== 'interaction' || !ids.has(String(l.interaction))) continue;
      const worker = typeof l.worker === 'number' ? String(l.worker) : '-';
      perWorker.set(worker, (perWorker.get(worker) ?? 0) + 1);
      if (l.deferred === false && typeof l.ms === 'number') handled.push(l.ms);
    }
    handled.sort((a, b) => a - b);

    const failures = samples.filter((x) => x.failure);
    const serverCpu =
      serverBefore !== undefined && serverAfter !== undefined ? (serverAfter.all - serverBefore.all).toFixed(0) : '–';
    const mainCpu =
      serverBefore !== undefined && serverAfter !== undefined ? (serverAfter.main - serverBefore.main).toFixed(0) : '–';
    // The server, the stand-in and this load generator share the cores: what one interaction costs all of them
    // bounds the throughput this machine can show, whatever the server does.
    const ownCpu = (own.user + own.system) / 1000;
    const perServer = serverCpu === '–' ? '–' : (Number(serverCpu) / s.n).toFixed(2);
    const ceiling =
      serverCpu === '–' ? '–' : ((availableParallelism() * 1000 * s.n) / (Number(serverCpu) + ownCpu)).toFixed(0);
    console.log(
      [
        `interactions      ${s.n} at ${C} at a time (after ${WARMUP} to warm up)`,
        `answered          ${s.answered}/${s.n} (${s.deferred} deferred), ${failures.length} not answered`,
        `wall              ${wallMs.toFixed(0)} ms → ${s.ips.toFixed(0)} interactions/s (goal ≥ ${GOAL.ips})`,
        `to the response   p50 ${ms(s.p50)} ms, p90 ${ms(s.p90)} ms, p99 ${ms(s.p99)} ms (goal < ${GOAL.p99Ms}), max ${ms(s.max)} ms`,
        `server's own time p50 ${ms(percentile(handled, 50))} ms, p90 ${ms(percentile(handled, 90))} ms, p99 ${ms(percentile(handled, 99))} ms (${handled.length} answered in the response and logged)`,
        `answered by       ${[...perWorker].map(([w, c]) => `worker ${w}: ${c}`).join(', ') || '– (log level above info)'}`,
        `cpu               server ${serverCpu} ms (main threads ${mainCpu} ms, the rest V8's and libuv's helper threads), stand-in + load ${ownCpu.toFixed(0)} ms, over ${wallMs.toFixed(0)} ms of wall on ${availableParallelism()} cores`,
        `cpu by process    ${serverBefore && serverAfter ? `${cpuByProcess(serverBefore.each, serverAfter.each, s.n)} ms / interaction` : '–'}`,
        `cpu / interaction ${perServer} ms server + ${(ownCpu / s.n).toFixed(2)} ms stand-in and load → ceiling ${ceiling} interactions/s with all ${availableParallelism()} cores busy`,
        `checked after     every answer against every rule once the clock stopped: ${checkMs.toFixed(0)} ms cpu (${(checkMs / s.n).toFixed(2)} ms / interaction)`,
        `made and signed   before the clock started: ${preparedMs.toFixed(0)} ms cpu (${(preparedMs / s.n).toFixed(2)} ms / interaction)`,
      ].join('\n'),
    );
    if (cpuProf)
      console.log(`profiled          the timed phase is ${profiledFrom}–${profiledTo} µs on the profiles' clock`);

    // The same again with each interaction made and signed in its lane, on the clock: what the figures above owe to
    // signing beforehand (this phase comes second, after the one above has warmed the replicas further).
    const loopBefore = serverCpuMs(serve);
    let loopAfter: ReturnType<typeof serverCpuMs>;
    const loop = await run(standin, N, C, () => (loopAfter = serverCpuMs(serve!)), true);
    const l = summary(loop.samples, loop.wallMs);
    const loopFailures = loop.samples.filter((x) => x.failure);
    const loopServer =
      loopBefore !== undefined && loopAfter !== undefined ? ((loopAfter.all - loopBefore.all) / l.n).toFixed(2) : '–';
    console.log(
      `signed in the loop ${l.n} more after those (warmer replicas), each made and signed as it is sent: ${l.ips.toFixed(0)} interactions/s, ` +
        `p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, ${loopServer} ms server + ${((loop.cpu.user + loop.cpu.system) / 1000 / l.n).toFixed(2)} ms ` +
        `stand-in and load cpu / interaction, ${loopFailures.length} not answered`,
    );
    failures.push(...loopFailures);
    if (failures.length)
      console.log(
        `\nnot answered, first ones:\n${failures
          .slice(0, 5)
          .map((f) => `  ${f.kind}: ${f.failure}`)
          .join('\n')}`,
      );
    const logProblems = serve
      .logs()
      .filter((l) => typeof l.raw === 'string' || (typeof l.level === 'number' && l.level >= 40));
    if (logProblems.length)
      console.log(
        `\nthe server logged ${logProblems.length} warning/error line(s), first: ${JSON.stringify(logProblems[0]).slice(0, 300)}`,
      );

    let propagated: Awaited<ReturnType<typeof propagation>> | undefined;
    if (database) {
      propagated = await propagation(standin, serve, changes);
      const { fromCommit: c, fromRequest: r } = propagated;
      console.log(
        [
          `\ncorpus changes    ${r.length}/${changes} made through the endpoint (/corpus add, remove in turn), ${propagated.replicas} replicas`,
          `commit → replica  p50 ${ms(percentile(c, 50))} ms, max ${ms(c.at(-1) ?? Number.NaN)} ms (each other replica swapping the new version in; goal < ${GOAL.propagationMs})`,
          `request → all     p50 ${ms(percentile(r, 50))} ms, max ${ms(r.at(-1) ?? Number.NaN)} ms (the moderator's request to the last replica)`,
          ...propagated.problems.map((p) => `  ${p}`),
        ].join('\n'),
      );
    }

    const goalMet =
      N >= 2_000 && C >= 100 && R === 3 && failures.length === 0 && s.ips >= GOAL.ips && s.p99 < GOAL.p99Ms;
    const stopped = await serve.stop('SIGTERM', LIMITS.stopMs).then(
      (e) => e.code === 0,
      () => false,
    );
    console.log(`server: ${stopped ? 'stopped cleanly (exit 0) on SIGTERM' : 'did not stop cleanly'}`);
    // Kept replies over the whole run (warm-up included), as each replica logged them when it stopped.
    const kept = serve.logs().filter((l) => l.msg === 'kept replies');
    if (kept.length) {
      const sum = (f: string) => kept.reduce((a, l) => a + (typeof l[f] === 'number' ? l[f] : 0), 0);
      console.log(
        `kept replies      ${sum('hits')} answered by a replica's own, ${sum('sharedHits')} by the primary's (shared), ${sum('misses') - sum('sharedHits')} computed`,
      );
    }
    console.log(
      `${BENCH}: n=${N} concurrency=${C} replicas=${R}${OPTIONS.distinct ? ' distinct=true' : ''} all_answered=${failures.length === 0} ` +
        `ips=${s.ips.toFixed(0)} p50_ms=${ms(s.p50)} p99_ms=${ms(s.p99)} max_ms=${ms(s.max)} ` +
        `signed_in_loop_ips=${l.ips.toFixed(0)} signed_in_loop_p99_ms=${ms(l.p99)} ` +
        `goal_met=${N >= 2_000 && C >= 100 && R === 3 ? goalMet : 'n/a'}` +
        (propagated
          ? ` changes=${propagated.fromRequest.length}/${changes} propagation_max_ms=${ms(propagated.fromCommit.at(-1) ?? Number.NaN)} ` +
            `propagation_goal_met=${propagated.problems.length === 0 && (propagated.fromCommit.at(-1) ?? Infinity) < GOAL.propagationMs}`
          : ''),
    );
    return failures.length === 0 && stopped && !propagated?.problems.length ? 0 : 1;
  } finally {
    if (serve?.child.exitCode === null && serve.child.signalCode === null)
      await serve.stop('SIGTERM', LIMITS.stopMs).catch(() => serve?.child.kill('SIGKILL'));
    await within(BENCH, standin.close(), LIMITS.closeMs, 'stand-in close').catch((err: unknown) =>
      console.error(String(err)),
    );
    await corpus.remove();
    await db?.stop();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
