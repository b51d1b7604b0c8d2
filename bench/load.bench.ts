import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadCorpus, MAX_CORPUS_FILE_BYTES } from '../src/corpus/load.ts';
import { SearchEngine } from '../src/search/engine.ts';

/**
 * npm run bench:load [-- --runs 5]
 * How long loading takes (read the folder, clean, split, validate, index) when the corpus holds one article as
 * large as an upload may be, written as a single paragraph on a single line: the shape that used to take minutes.
 * Goal: under 1 s for a 512 KiB one-paragraph article, on a 2-core machine. Prints the median and the fastest run,
 * in wall time and in CPU time (which a machine busy with other work does not stretch).
 */
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Math.max(1, Number(values.runs) || 5);
const GOAL_MS = 1_000;

const PARAGRAPHS = {
  vi: 'Alibaba hợp tác với Nga để khởi động liên doanh trị giá 2 tỷ USD, tập trung vào game, mua sắm. Mail.ru, công ty Nga chuyên cung cấp các dịch vụ internet, đã hợp tác với Alibaba để ra mắt AliExpress Russia. ',
  zh: '阿里巴巴与俄罗斯领先的互联网公司之一成立了一家价值约 20 亿美元的合资企业，MegaFon 占 24%，Mail.ru 占 15%。',
} as const;

const utf8 = new TextEncoder();

/** An article of exactly the size limit: front matter, then one paragraph on one line. */
function article(lang: keyof typeof PARAGRAPHS): string {
  const head = `---\ntitle: "One paragraph of ${MAX_CORPUS_FILE_BYTES / 1024} KiB"\nlang: ${lang}\nurl: https://example.com/long-${lang}\n---\n`;
  const unit = PARAGRAPHS[lang];
  let body = unit.repeat(Math.floor((MAX_CORPUS_FILE_BYTES - utf8.encode(head).length - 1) / utf8.encode(unit).length));
  while (utf8.encode(head + body + 'x\n').length <= MAX_CORPUS_FILE_BYTES) body += 'x';
  return `${head}${body}\n`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const root = await mkdtemp(path.join(os.tmpdir(), 'deal-qa-bench-load-'));
try {
  const lines: string[] = [];
  for (const lang of ['vi', 'zh'] as const) {
    const dir = path.join(root, lang);
    await cp('corpus', dir, { recursive: true });
    const text = article(lang);
    await writeFile(path.join(dir, `long-${lang}.md`), text);
    const times: number[] = [];
    const cpu: number[] = [];
    let passages = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const engine = new SearchEngine(await loadCorpus(dir));
      const used = process.cpuUsage(c0);
      times.push(performance.now() - t0);
      cpu.push((used.user + used.system) / 1000);
      passages = engine.docs.length;
    }
    const kib = (utf8.encode(text).length / 1024).toFixed(0);
    const ms = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, fastest ${Math.min(...xs).toFixed(0)} ms`;
    console.log(
      `${lang}: the corpus + a ${kib} KiB one-paragraph article (${passages} passages in all), ${RUNS} runs: wall ${ms(times)}; CPU ${ms(cpu)}`,
    );
    lines.push(`${lang} ${median(times).toFixed(0)} ms (CPU ${median(cpu).toFixed(0)} ms)`);
    const slow = median(times) >= GOAL_MS;
    if (slow) process.exitCode = 1;
  }
  console.log(
    `bench:load: a ${MAX_CORPUS_FILE_BYTES / 1024} KiB one-paragraph article loads in ${lines.join(', ')} (median; goal < ${GOAL_MS} ms)`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
