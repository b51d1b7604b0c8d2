import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/corpus/load.ts';
import { BotProcess, runEntry, standinEnv, startBotProcess, tempCorpus, TEST_APP } from '../tests/e2e/bot.ts';
import { chatInput, type InteractionHandle, startStandin, type Standin } from '../tests/standin/index.ts';
import { syntheticPassages } from './corpora.ts';
import { LOCALES, MIX, ms, nextInteraction, percentile, processCpuMs, within } from './lib.ts';

/**
 * npm run bench:e2e [-- --n 200 --rounds 3 --warmup 20]
 * The real bot, end to end: `src/deploy.ts` and `src/index.ts` run as child processes (as `npm run deploy` and
 * `npm start` would) against the Discord API stand-in, which then sends bursts of N interactions at once, and one
 * round of N one after another for a baseline. Latency is the stand-in's own record, per interaction, of the time
 * from sending INTERACTION_CREATE to accepting the first callback (what decides Discord's 3 s deadline). The CPU
 * time the bot and this process (the stand-in) used in each round is shown too: they share the machine.
 * Goal (the issue's): N = 200 at once, all answered within 3 s of wall time, p99 < 250 ms.
 *
 * `--reload [--passages 20000]`: the corpus folder gets that many more passages (articles of the real sentences
 * remixed), the bot starts on it, then a moderator's `/corpus reload` after a glossary edit (a full rebuild) is
 * sent with bursts of N interactions, one after another, until the reload has answered. Goal (issue 13): every
 * interaction answered within Discord's 3 s while the index is rebuilt.
 */

const USAGE = 'usage: npm run bench:e2e [-- --n 200 --rounds 3 --warmup 20] [--reload [--passages 20000]]';

/** The command line, checked before anything starts: a bad one exits 2 with one line and the usage. */
function readOptions(): { n: number; rounds: number; warmup: number; reload: boolean; passages: number } {
  try {
    const { values } = parseArgs({
      options: {
        n: { type: 'string', default: '200' },
        rounds: { type: 'string', default: '3' },
        warmup: { type: 'string', default: '20' },
        reload: { type: 'boolean', default: false },
        passages: { type: 'string', default: '20000' },
      },
      strict: true,
    });
    const count = (name: string, raw: string, min: number) => {
      const v = Number(raw);
      if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer ≥ ${min} (got "${raw}")`);
      return v;
    };
    return {
      n: count('n', values.n, 1),
      rounds: count('rounds', values.rounds, 1),
      warmup: count('warmup', values.warmup, 0),
      reload: values.reload,
      passages: count('passages', values.passages, 1),
    };
  } catch (err) {
    process.stderr.write(`bench:e2e: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  }
}
const { n: N, rounds: ROUNDS, warmup: WARMUP, reload: RELOAD, passages: PASSAGES } = readOptions();

const GOAL = { wallMs: 3_000, p99Ms: 250 };
/** Every wait on a child process or the stand-in is bounded, so the bench always ends. */
const LIMITS = {
  deployMs: 60_000,
  // A large corpus (--reload) is indexed before the bot connects.
  readyMs: RELOAD ? 600_000 : 60_000,
  settleMs: 15_000,
  reloadMs: 600_000,
  stopMs: 15_000,
  closeMs: 5_000,
};

// --- Measuring -----------------------------------------------------------------------------------------------------

interface Sample {
  kind: string;
  /** Dispatch → first accepted callback, ms (the stand-in's clock); undefined if none came. */
  firstMs?: number;
  /** Dispatch → what the user sees (the message, or the edit after a defer), ms. */
  settledMs?: number;
  deferred: boolean;
  errors: number;
  warnings: number;
  failure?: string;
}

async function observe(kind: string, h: InteractionHandle): Promise<Sample> {
  const started = performance.now();
  try {
    await h.settled(LIMITS.settleMs);
    const settledMs = performance.now() - started;
    const first = h.callbacks.find((c) => c.status < 400);
    return {
      kind,
      ...(first ? { firstMs: first.at } : {}),
      settledMs,
      deferred: first?.type === 5,
      errors: h.errors.length,
      warnings: h.warnings.length,
    };
  } catch (err) {
    return {
      kind,
      deferred: false,
      errors: h.errors.length,
      warnings: h.warnings.length,
      failure: err instanceof Error ? err.message : String(err),
    };
  }
}

interface Round {
  label: string;
  samples: Sample[];
  wallMs: number;
  /** CPU time the bot process used during the round (Linux only). */
  botCpuMs?: number;
  /** CPU time this process (the stand-in and the bench) used during the round. */
  standinCpuMs: number;
}

/** Runs `work` and notes the wall time and the CPU time of the bot and of this process meanwhile. */
async function measured(label: string, botPid: number | undefined, work: () => Promise<Sample[]>): Promise<Round> {
  const botBefore = processCpuMs(botPid);
  const ownBefore = process.cpuUsage();
  const t0 = performance.now();
  const samples = await work();
  const wallMs = performance.now() - t0;
  const own = process.cpuUsage(ownBefore);
  const botAfter = processCpuMs(botPid);
  return {
    label,
    samples,
    wallMs,
    standinCpuMs: (own.user + own.system) / 1000,
    ...(botBefore !== undefined && botAfter !== undefined ? { botCpuMs: botAfter - botBefore } : {}),
  };
}

/** N interactions sent at once; the wall time runs from the first dispatch to the last answer. */
function burst(standin: Standin, botPid: number | undefined, label: string, n: number): Promise<Round> {
  const planned = Array.from({ length: n }, nextInteraction);
  return measured(label, botPid, () =>
    Promise.all(planned.map(({ kind, input }) => observe(kind, standin.dispatchInteraction(input)))),
  );
}

/** N interactions, each sent once the previous one is answered: latency without queueing. */
function sequential(standin: Standin, botPid: number | undefined, label: string, n: number): Promise<Round> {
  return measured(label, botPid, async () => {
    const samples: Sample[] = [];
    for (let i = 0; i < n; i++) {
      const { kind, input } = nextInteraction();
      samples.push(await observe(kind, standin.dispatchInteraction(input)));
    }
    return samples;
  });
}

function stats(samples: Sample[], wallMs: number) {
  const first = samples.flatMap((s) => (s.firstMs === undefined ? [] : [s.firstMs])).sort((a, b) => a - b);
  const settled = samples.flatMap((s) => (s.settledMs === undefined ? [] : [s.settledMs])).sort((a, b) => a - b);
  return {
    n: samples.length,
    answered: samples.filter((s) => !s.failure).length,
    errors: samples.reduce((a, s) => a + s.errors, 0),
    warnings: samples.reduce((a, s) => a + s.warnings, 0),
    deferred: samples.filter((s) => s.deferred).length,
    wallMs,
    p50: percentile(first, 50),
    p95: percentile(first, 95),
    p99: percentile(first, 99),
    max: first.at(-1) ?? Number.NaN,
    settledP99: percentile(settled, 99),
    ips: samples.length / (wallMs / 1000),
  };
}

// --- The bot's processes -------------------------------------------------------------------------------------------

/** Only what the bench sets (tests/e2e/bot.ts adds what Node needs): no developer's `.env`, no stray shell settings. */
function benchEnv(standin: Standin, corpusDir: string): NodeJS.ProcessEnv {
  return standinEnv(standin, corpusDir, { LOG_LEVEL: 'warn' });
}

/** SIGTERM (the bot finishes what is in flight), then SIGKILL if it has not exited in time. Clean: exit code 0. */
async function stop(bot: BotProcess): Promise<{ clean: boolean; text: string }> {
  if (bot.child.exitCode !== null || bot.child.signalCode !== null)
    return { clean: false, text: `had already exited (${bot.child.exitCode ?? bot.child.signalCode})` };
  try {
    const { code, signal } = await bot.stop('SIGTERM', LIMITS.stopMs);
    return { clean: code === 0, text: `exited ${code ?? signal} after SIGTERM` };
  } catch {
    return { clean: false, text: `did not exit within ${LIMITS.stopMs} ms of SIGTERM: killed` };
  }
}

const tail = (bot: BotProcess) => bot.output().split('\n').slice(-20).join('\n');

/** The bot's own warnings and errors (pino level ≥ 40), and anything it wrote that is not a log line. */
function botProblems(bot: BotProcess): string[] {
  return bot
    .logs()
    .flatMap((l) =>
      typeof l.raw === 'string' ? [l.raw] : typeof l.level === 'number' && l.level >= 40 ? [JSON.stringify(l)] : [],
    );
}

// --- Output ----------------------------------------------------------------------------------------------------------

/** The first few interactions not answered and warnings the bot logged, when there are any. */
function reportTrouble(samples: Sample[], problems: string[]): void {
  const first = (lines: string[]) =>
    lines
      .slice(0, 5)
      .map((l) => `  ${l}`)
      .join('\n');
  const failures = samples.filter((x) => x.failure);
  if (failures.length)
    console.log(
      `\nnot answered (${failures.length}), first ones:\n${first(failures.map((x) => `${x.kind}: ${x.failure}`))}`,
    );
  if (problems.length)
    console.log(
      `\nthe bot logged ${problems.length} warning/error line(s), first ones:\n${first(problems.map((l) => l.slice(0, 300)))}`,
    );
}

function table(rounds: Round[]): string {
  const head = [
    'round',
    'n',
    'answered',
    'errors',
    'warnings',
    'deferred',
    'wall ms',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'settled p99',
    'ips',
    'bot cpu ms',
    'stand-in cpu ms',
  ];
  const rows = rounds.map((r) => {
    const s = stats(r.samples, r.wallMs);
    const cpu = [r.botCpuMs === undefined ? '–' : r.botCpuMs.toFixed(0), r.standinCpuMs.toFixed(0)];
    return [
      r.label,
      String(s.n),
      `${s.answered}/${s.n}`,
      String(s.errors),
      String(s.warnings),
      String(s.deferred),
      s.wallMs.toFixed(0),
      ms(s.p50),
      ms(s.p95),
      ms(s.p99),
      ms(s.max),
      ms(s.settledP99),
      s.ips.toFixed(0),
      ...cpu,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// --- Main ----------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const corpus = await tempCorpus();
  if (RELOAD) await growCorpus(corpus.dir, PASSAGES);
  const standin = await startStandin(TEST_APP);
  const env = benchEnv(standin, corpus.dir);
  let bot: BotProcess | undefined;
  try {
    const deployed = await runEntry('src/deploy.ts', [], env, LIMITS.deployMs);
    if (deployed.code !== 0)
      throw new Error(`bench:e2e: src/deploy.ts failed (${deployed.code ?? deployed.signal}):\n${deployed.stderr}`);
    const registered = standin.commands(TEST_APP.guildId).map((c) => `/${c.name}`);

    const started = performance.now();
    bot = startBotProcess(env);
    const running = bot;
    const exitedEarly = running
      .exit(LIMITS.readyMs + 1_000)
      .then(({ code, signal }) =>
        Promise.reject(
          new Error(`bench:e2e: the bot exited (${code ?? signal}) before it was ready:\n${tail(running)}`),
        ),
      );
    exitedEarly.catch(() => undefined); // only the race below cares; a later exit is expected
    await Promise.race([
      within('bench:e2e', standin.waitForReady(LIMITS.readyMs), LIMITS.readyMs, 'gateway READY'),
      exitedEarly,
    ]);
    const readyMs = performance.now() - started;

    console.log(
      `bench:e2e: the bot (node --import tsx src/index.ts) against the Discord stand-in at ${standin.origin}`,
    );
    console.log(
      `commands deployed: ${registered.join(' ')}; gateway READY ${readyMs.toFixed(0)} ms after spawn; intents ${standin.identifies.at(-1)?.intents ?? '?'}`,
    );
    console.log(`mix: ${MIX}; locales ${LOCALES.join(', ')}`);
    console.log(
      'latency: dispatch (INTERACTION_CREATE sent) → first accepted callback, as the stand-in timed it; "settled p99": until the user sees the answer\n',
    );

    const pid = running.child.pid;
    if (RELOAD) return await reloadUnderLoad(standin, running, pid, corpus.dir);
    const warm = await sequential(standin, pid, 'warm-up', WARMUP);
    const rounds: Round[] = [];
    for (let r = 1; r <= ROUNDS; r++) rounds.push(await burst(standin, pid, `burst ${r}`, N));
    const baseline = await sequential(standin, pid, 'sequential', N);

    console.log(table([...(WARMUP ? [warm] : []), ...rounds, baseline]));

    const bursts = rounds.flatMap((r) => r.samples);
    const all = stats(
      bursts,
      rounds.reduce((a, r) => a + r.wallMs, 0),
    );
    const worstWall = Math.max(...rounds.map((r) => r.wallMs));
    const seq = stats(baseline.samples, baseline.wallMs);
    const everything = [...warm.samples, ...bursts, ...baseline.samples];
    const allAnswered = everything.every((s) => !s.failure);
    const errors = everything.reduce((a, s) => a + s.errors, 0);
    const warnings = everything.reduce((a, s) => a + s.warnings, 0);
    const perRound = rounds.map((r) => stats(r.samples, r.wallMs));
    const goalMet =
      N >= 200 && perRound.every((s) => s.answered === s.n && s.wallMs < GOAL.wallMs && s.p99 < GOAL.p99Ms);

    const botCpu = rounds.every((r) => r.botCpuMs !== undefined)
      ? rounds.reduce((a, r) => a + r.botCpuMs!, 0) / bursts.length
      : undefined;
    if (botCpu !== undefined) {
      // One Node thread answers them all: the last of a burst waits for the CPU time of every one before it.
      console.log(
        `\nbot CPU per interaction in the bursts: ${botCpu.toFixed(2)} ms (×${N} = ${(botCpu * N).toFixed(0)} ms; a p99 under ${GOAL.p99Ms} ms for ${N} at once needs about ${(GOAL.p99Ms / N).toFixed(2)} ms)`,
      );
    }
    const problems = botProblems(bot);
    reportTrouble(everything, problems);

    console.log(
      `\nbursts of ${N} (${ROUNDS} round${ROUNDS === 1 ? '' : 's'}): worst wall ${worstWall.toFixed(0)} ms (goal < ${GOAL.wallMs}), p99 ${ms(all.p99)} ms (goal < ${GOAL.p99Ms}); ` +
        `goal ${goalMet ? 'MET' : N < 200 ? 'not judged (needs --n 200 or more)' : 'NOT MET'} (met means: in every burst round all answered, with wall time and p99 under the goal)`,
    );
    const shutdown = await stop(bot);
    console.log(`bot: ${shutdown.text}`);
    console.log(
      `bench:e2e: n=${N} rounds=${ROUNDS} all_answered=${allAnswered} errors=${errors} warnings=${warnings} bot_log_problems=${problems.length} ` +
        `wall_ms=${worstWall.toFixed(0)} p50_ms=${ms(all.p50)} p95_ms=${ms(all.p95)} p99_ms=${ms(all.p99)} max_ms=${ms(all.max)} ips=${all.ips.toFixed(0)} ` +
        `seq_p50_ms=${ms(seq.p50)} seq_p99_ms=${ms(seq.p99)} goal_met=${N < 200 ? 'n/a' : goalMet}`,
    );
    // The goal is reported, not enforced; a failure is an unanswered interaction, a rejected request or an unclean exit.
    return allAnswered && errors === 0 && shutdown.clean ? 0 : 1;
  } finally {
    if (bot?.child.exitCode === null && bot.child.signalCode === null) await stop(bot);
    await within('bench:e2e', standin.close(), LIMITS.closeMs, 'stand-in close').catch((err: unknown) =>
      console.error(String(err)),
    );
    await corpus.remove();
  }
}

/** `passages` more passages in the corpus folder: articles of 50 paragraphs, the real sentences remixed. */
async function growCorpus(dir: string, passages: number): Promise<void> {
  const real = await loadCorpus('corpus');
  const all = syntheticPassages(real, passages);
  const bySource = new Map<string, typeof all>();
  for (const p of all) bySource.set(p.source, [...(bySource.get(p.source) ?? []), p]);
  for (const [source, ps] of bySource) {
    const lang = ps[0]!.lang;
    const body = ps.map((p) => p.text).join('\n\n');
    writeFileSync(
      path.join(dir, `${source}.md`),
      `---\ntitle: ${source}\nlang: ${lang}\nurl: https://example.com/${source}\n---\n${body}\n`,
    );
  }
}

/**
 * A moderator's /corpus reload of the large corpus after a glossary edit (so a full rebuild), with bursts of N
 * interactions one after another until it has answered: were they all answered within 3 s meanwhile?
 */
async function reloadUnderLoad(
  standin: Standin,
  bot: BotProcess,
  pid: number | undefined,
  dir: string,
): Promise<number> {
  const warm = await sequential(standin, pid, 'warm-up', WARMUP);
  appendFileSync(
    path.join(dir, 'glossary.yaml'),
    '\n- { id: balloon, vi: [khinh khí cầu], zh: [热气球], en: [balloon] }\n',
  );
  const t0 = performance.now();
  const reload = standin.dispatchInteraction(chatInput('corpus', {}, { subcommand: 'reload', moderator: true }));
  const reloaded = reload.settled(LIMITS.reloadMs).then(() => performance.now() - t0);
  const reloading = { done: false };
  void reloaded.finally(() => (reloading.done = true)).catch(() => undefined);
  const rounds: Round[] = [];
  for (let r = 1; r <= 600 && !reloading.done; r++) {
    // The next burst once this one is answered: the bot's capacity is not what is measured here.
    rounds.push(await burst(standin, pid, `burst ${r}`, N));
    await delay(250);
  }
  const reloadMs = await reloaded;
  console.log(table([...(WARMUP ? [warm] : []), ...rounds]));
  const samples = rounds.flatMap((r) => r.samples);
  const all = stats(
    samples,
    rounds.reduce((a, r) => a + r.wallMs, 0),
  );
  const allWithin = samples.every((s) => !s.failure && s.firstMs !== undefined && s.firstMs < GOAL.wallMs);
  const problems = botProblems(bot);
  const shutdown = await stop(bot);
  reportTrouble(samples, problems);
  console.log(`\nreload: ${reload.errors.length ? `${reload.errors.length} rejected request(s)` : 'answered'}`);
  console.log(`bot: ${shutdown.text}`);
  console.log(
    `bench:e2e --reload: passages=${PASSAGES} reload_ms=${reloadMs.toFixed(0)} sent=${samples.length} answered=${all.answered} ` +
      `errors=${all.errors} p50_ms=${ms(all.p50)} p99_ms=${ms(all.p99)} max_ms=${ms(all.max)} bot_log_problems=${problems.length} ` +
      `all_within_3s=${allWithin}`,
  );
  return allWithin && all.errors === 0 && shutdown.clean ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
