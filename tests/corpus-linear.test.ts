/**
 * Reading an article (cleaning, splitting, validating) takes time in proportion to its size, whatever its shape: one long paragraph, Markdown openers
 * that never close, thousands of retractions, one huge word. A moderator's upload must not freeze the bot, and a
 * quadratic step hides behind small files until one is large.
 *
 * Measured as CPU time (not wall time, which a busy machine stretches), the fastest of several runs, at 1× and 16×
 * the text: linear work takes about 16 times as long, quadratic work about 256 times; the bound (64) sits at their
 * geometric middle, a factor 4 from each. The time goal itself (a 512 KiB paragraph in under 1 s) is `npm run bench:load`.
 */
import { describe, expect, it } from 'vitest';
import { buildCorpus, type CorpusFile } from '../src/corpus/load.ts';

const SMALL = 24 * 1024;
const RATIO = 16;
/** Linear ≈ 16 (up to ~2.5 times that measured on a busy machine: GC, caches), quadratic ≈ 256. */
const MAX_GROWTH = 64;
const RUNS = 5;

const utf8 = new TextEncoder();

const ENTITIES = `- id: alibaba
  kind: company
  names: [Alibaba, 阿里巴巴]
- id: mail-ru
  kind: company
  names: [Mail.ru]
`;
const GLOSSARY = `- id: joint-venture
  vi: [liên doanh]
  zh: [合资企业]
`;

/** A corpus of one article whose body is `unit` repeated to about `bytes` bytes, on one line unless it says. */
function corpusOf(unit: string, bytes: number, lang: 'vi' | 'zh'): CorpusFile[] {
  const body = `Alibaba, Mail.ru, 阿里巴巴, liên doanh, 合资企业. ${unit.repeat(Math.ceil(bytes / utf8.encode(unit).length))}`;
  const md = `---\ntitle: Một bài rất dài\nlang: ${lang}\nurl: https://example.com/long\n---\n${body}\n`;
  return [
    { name: 'long.md', bytes: utf8.encode(md) },
    { name: 'entities.yaml', bytes: utf8.encode(ENTITIES) },
    { name: 'glossary.yaml', bytes: utf8.encode(GLOSSARY) },
  ];
}

/**
 * What loading does with an article: clean, split and validate it. Indexing is left out: its time also depends on
 * the garbage collector and on how many distinct words one huge passage holds, which made the ratio swing from 10
 * to 23 between runs; the index build has its own goals in `npm run bench`.
 */
function load(files: CorpusFile[]): number {
  return buildCorpus('corpus', files).passages.length;
}

/** CPU time (user + system, ms) of one run of `work`. */
function cpuMs(work: () => unknown): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * How many times longer `large` takes than `small`: the least CPU time of each over `RUNS` runs, taken in turns so
 * that whatever else the machine does (and the garbage collector's pauses) falls on both alike.
 */
function growth(small: () => unknown, large: () => unknown): number {
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let i = 0; i < RUNS; i++) {
    bestLarge = Math.min(bestLarge, cpuMs(large));
    bestSmall = Math.min(bestSmall, cpuMs(small));
  }
  return bestLarge / bestSmall;
}

/** Each unit holds a word of its language: the loader refuses a body written in another language than its `lang`. */
const SHAPES: Array<[string, string, 'vi' | 'zh']> = [
  ['a Vietnamese paragraph', 'Alibaba hợp tác với Nga để khởi động liên doanh trị giá 2 tỷ USD. ', 'vi'],
  ['a Chinese paragraph', '阿里巴巴与俄罗斯领先的互联网公司成立了一家价值约 20 亿美元的合资企业。', 'zh'],
  ['one sentence without a full stop', 'Alibaba hợp tác với Nga ', 'vi'],
  ['one word', 'a', 'vi'],
  ['link and image openers that never close', '[tin ![ảnh]( [c](x ', 'vi'],
  ['autolinks, strikes, strong, code that never close', '<http:x ~~sai **đúng `c __d ', 'vi'],
  ['thousands of retractions', 'tin ~~sai~~ đúng ', 'vi'],
  ['glued sentences and domains', 'quốc gia này.Nga có Mail.ru và ', 'vi'],
  ['runs of white space', 'à \u3000  \u00a0 \t ', 'vi'],
  ['a link target followed by a long blank', '[đúng](x' + ' '.repeat(64), 'vi'],
  ['many short lines of one paragraph', 'Alibaba và Nga\n', 'vi'],
];

describe('loading an article', () => {
  it.each(SHAPES)('takes time in proportion to its size: %s', { timeout: 300_000 }, (_, unit, lang) => {
    const small = corpusOf(unit, SMALL, lang);
    const large = corpusOf(unit, SMALL * RATIO, lang);
    // Compiled code on both sides: the first runs also pay for the JIT.
    load(small);
    load(large);
    expect(
      growth(
        () => load(small),
        () => load(large),
      ),
    ).toBeLessThanOrEqual(MAX_GROWTH);
  });
});
