/**
 * npm run bench:cli — how quick the scripting CLI is, as a script sees it: `sources --json` started afresh, both as
 * documented (`npm run -s cli -- sources --json`: npm, the build check, the CLI) and as the compiled CLI alone
 * (`node dist/src/cli/main.js`), and one `--batch` of 1,000 questions made from the corpus. Medians of several
 * runs; goals: a single call ≤ 0.8 s, the batch < 3 s. Nothing is recorded in the repository's data/: the runs use a
 * temporary DATA_DIR (the batch is measured with and without recording, in turn, and what recording costs is the
 * median difference pair by pair). The corpus's saved index is made first, as any earlier call would have. Each
 * figure is wall time, then CPU time (user + system of the call and every process it waited for, from /proc on
 * Linux): the machine is shared, and CPU time moves less with what else runs on it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/corpus/load.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, n: { type: 'string', default: '1000' } },
});
const runs = Number(values.runs);
const n = Number(values.n);
const root = path.resolve(import.meta.dirname, '..');
const data = mkdtempSync(path.join(tmpdir(), 'bench-cli-'));
const env = { ...process.env, DATA_DIR: data, DOTENV_CONFIG_PATH: path.join(root, '.no-such-env-file') };

spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

/**
 * CPU time (ms) of the children this process has waited for, user + system (fields 16 and 17 of /proc/self/stat,
 * in clock ticks of 10 ms); NaN where there is no /proc.
 */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields counted from 3 (the state) after the command name.
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) * 10;
  } catch {
    return NaN;
  }
}

function run(
  args: string[],
  input?: string,
  command = [process.execPath, 'dist/src/cli/main.js'],
): Promise<{ ms: number; cpu: number; code: number | null; lines: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuBefore = childrenCpuMs();
    const child = spawn(command[0]!, [...command.slice(1), ...args], {
      cwd: root,
      env,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let lines = 0;
    child.stdout.on('data', (d: Buffer) => (lines += d.toString().split('\n').length - 1));
    child.on('error', reject);
    // 'close', not 'exit': the child is reaped (its CPU time counted) and its output read.
    child.on('close', (code) =>
      resolve({ ms: performance.now() - started, cpu: childrenCpuMs() - cpuBefore, code, lines }),
    );
    child.stdin.end(input ?? '');
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const corpus = await loadCorpus(path.join(root, 'corpus'));
const questions = corpus.passages.map((p) => p.text.split(/(?<=[.。!?！？])\s*/u)[0]!.slice(0, 80));
const locales = ['vi', 'zh', 'en', 'zh-TW'];
const batch = Array.from({ length: n }, (_, i) =>
  JSON.stringify({
    command: 'ask',
    options: { question: `${questions[i % questions.length]} ${i}` },
    locale: locales[i % 4],
    id: i,
  }),
).join('\n');

await run(['sources', '--json']);
type Run = Awaited<ReturnType<typeof run>>;
const single: Run[] = [];
const npm: Run[] = [];
for (let i = 0; i < runs; i++) {
  single.push(await run(['sources', '--json']));
  npm.push(await run(['sources', '--json'], undefined, ['npm', 'run', '-s', 'cli', '--']));
}
const recorded: Run[] = [];
const unrecorded: Run[] = [];
for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) {
  const r = await run(['--batch'], batch);
  if (r.code !== 0 || r.lines !== n) throw new Error(`batch: exit ${r.code}, ${r.lines} lines for ${n} requests`);
  recorded.push(r);
  unrecorded.push(await run(['--batch', '--no-record'], batch));
}
rmSync(data, { recursive: true, force: true });
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** Median wall time, then median CPU time. */
const both = (rs: Run[]) => `${s(median(rs.map((r) => r.ms)))} (CPU ${s(median(rs.map((r) => r.cpu)))})`;
const min = (rs: Run[]) => s(Math.min(...rs.map((r) => r.ms)));
console.log(`single call (npm run -s cli -- sources --json): median ${both(npm)} of ${runs} (min ${min(npm)})`);
console.log(
  `single call (node dist/src/cli/main.js sources --json): median ${both(single)} of ${runs} (min ${min(single)})`,
);
console.log(`batch of ${n} questions: median ${both(recorded)} recorded, ${both(unrecorded)} with --no-record`);
// Each recorded run was followed by an unrecorded one: the difference pair by pair moves less with the machine's
// load than either figure.
const paired = (f: (r: Run) => number) => median(recorded.map((r, i) => f(r) - f(unrecorded[i]!)));
console.log(
  `recording ${n} answers costs: median ${Math.round(paired((r) => r.ms))} ms wall, ${Math.round(paired((r) => r.cpu))} ms CPU (recorded minus the --no-record run after it)`,
);
console.log(
  `bench:cli: single ${s(median(npm.map((r) => r.ms)))} via npm, ${s(median(single.map((r) => r.ms)))} alone (goal ≤ 0.8 s), batch ${n} ${s(median(recorded.map((r) => r.ms)))} (goal < 3 s), load ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`,
);
