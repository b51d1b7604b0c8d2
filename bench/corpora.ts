import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCorpus, passageId } from '../src/corpus/load.ts';
import { sentenceBounds } from '../src/text/sentences.ts';
import type { Corpus, Lang, Passage } from '../src/types.ts';
import { loadCases } from '../tests/eval/evaluate.ts';

/**
 * The benches' corpora, both deterministic (the same passages on every run) and built on the real corpus's
 * entities and glossary:
 * - `synthetic`: the real articles' ~60 sentences remixed, one or two per passage, so every term is in thousands of
 *   passages: the worst case for postings.
 * - `natural`: words drawn Zipf-like from a vocabulary made of the articles' own words and syllable/character pairs,
 *   with the deal's names sprinkled in, so most terms are rare and a few are everywhere, as in real text.
 */

export type CorpusKind = 'synthetic' | 'natural';
export const CORPUS_KINDS: readonly CorpusKind[] = ['synthetic', 'natural'];

/** Passages per synthetic article. */
const PER_SOURCE = 50;

/**
 * A small deterministic generator, so every run measures the same corpus. `exact` multiplies in 32 bits; without it,
 * the product loses bits in floating point, as the synthetic corpus has always been drawn (kept so it stays the same
 * corpus), which can fall into short cycles.
 */
export function generator(seed: number, exact = true): () => number {
  let s = seed >>> 0;
  return exact
    ? () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32
    : () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

function passageOf(source: string, lang: Lang, ordinal: number, text: string): Passage {
  return { id: passageId(source, text), source, lang, ordinal, text, start: 0, end: text.length, notes: [] };
}

/** Sources for the passages (one per PER_SOURCE of each language), so `/sources` and citations work. */
function withSources(real: Corpus, passages: Passage[], kind: CorpusKind): Corpus {
  const seen = new Map<string, Lang>();
  for (const p of passages) seen.set(p.source, p.lang);
  const sources = [...seen].map(([id, lang]) => ({
    id,
    title: `${kind} ${id}`,
    lang,
    url: `https://example.com/${id}`,
    file: `${id}.md`,
    hash: id,
  }));
  return { ...real, sources, passages };
}

/** The real corpus's sentences remixed (what `npm run bench` has always measured). */
export function syntheticPassages(real: Corpus, n: number, from = 0): Passage[] {
  const rand = generator(42, false);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const sentences = { vi: [] as string[], zh: [] as string[] };
  for (const p of real.passages)
    for (const [s, e] of sentenceBounds(p.text)) sentences[p.lang].push(p.text.slice(s, e).trim());
  const passages: Passage[] = [];
  for (let i = 0; i < from + n; i++) {
    const lang = i % 2 ? 'zh' : 'vi';
    const k = 1 + Math.floor(rand() * 2);
    const text = Array.from({ length: k }, () => pick(sentences[lang])).join(lang === 'zh' ? '' : ' ') + ` #${i}`;
    if (i < from) continue;
    passages.push(passageOf(`synthetic-${lang}-${Math.floor(i / PER_SOURCE)}`, lang, (i % PER_SOURCE) + 1, text));
  }
  return passages;
}

/** Zipf-distributed words over a vocabulary grown from the articles (see the file's comment). */
export function naturalPassages(real: Corpus, n: number, from = 0): Passage[] {
  const rand = generator(7);
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  const words = { vi: new Map<string, number>(), zh: new Map<string, number>() };
  const count = (m: Map<string, number>, w: string) => m.set(w, (m.get(w) ?? 0) + 1);
  for (const p of real.passages) {
    if (p.lang === 'vi') for (const w of p.text.match(/[\p{L}\p{N}]+/gu) ?? []) count(words.vi, w);
    else for (const s of segmenter.segment(p.text)) if (s.isWordLike) count(words.zh, s.segment);
  }
  const han = /\p{Script=Han}/u;
  const allNames = real.entities.flatMap((e) => e.names);
  const names = { vi: allNames.filter((n) => !han.test(n)), zh: allNames };
  const vocab = (lang: Lang, size: number): string[] => {
    // The articles' own words, commonest first, then made-up ones from their syllables or characters: the long tail.
    const own = [...words[lang]].sort((a, b) => b[1] - a[1]).map(([w]) => w);
    const parts = lang === 'vi' ? own : [...new Set(own.join(''))];
    const out = [...own];
    const made = new Set(own);
    while (out.length < size) {
      // Two or three syllables (characters) per made-up word: the articles have only a few hundred of each.
      const w = Array.from({ length: rand() < 0.5 ? 2 : 3 }, () => pick(parts)).join('');
      if (!made.has(w)) {
        made.add(w);
        out.push(w);
      }
    }
    return out;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const lists = { vi: vocab('vi', 60_000), zh: vocab('zh', 60_000) };
  // Zipf with s = 1: the cumulative weights, then a binary search per draw.
  const cumulative = (size: number) => {
    const c = new Float64Array(size);
    let sum = 0;
    for (let r = 0; r < size; r++) c[r] = sum += 1 / (r + 1);
    return c;
  };
  const cum = { vi: cumulative(lists.vi.length), zh: cumulative(lists.zh.length) };
  const draw = (lang: Lang) => {
    const c = cum[lang];
    const x = rand() * c[c.length - 1]!;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lists[lang][lo]!;
  };
  const passages: Passage[] = [];
  for (let i = 0; i < from + n; i++) {
    const lang: Lang = i % 2 ? 'zh' : 'vi';
    const length = 25 + Math.floor(rand() * 30);
    const ws: string[] = [];
    for (let w = 0; w < length; w++) ws.push(rand() < 0.03 ? pick(names[lang]) : draw(lang));
    const text = lang === 'vi' ? `${ws.join(' ')}. #${i}` : `${ws.join('')}。#${i}`;
    if (i < from) continue;
    passages.push(passageOf(`natural-${lang}-${Math.floor(i / PER_SOURCE)}`, lang, (i % PER_SOURCE) + 1, text));
  }
  return passages;
}

/** A corpus of `n` passages of the given kind. */
export async function benchCorpus(kind: CorpusKind, n: number): Promise<Corpus> {
  const real = await loadCorpus('corpus');
  return withSources(real, kind === 'synthetic' ? syntheticPassages(real, n) : naturalPassages(real, n), kind);
}

/**
 * The corpus as a corpus folder, as the bot reads it: the real folder's files (entities, glossary, chat words,
 * corrections and its articles), and one Markdown file per bench source, its passages as paragraphs. Loading it
 * splits the paragraphs again, so its passages are about, not exactly, the corpus's.
 */
export function writeCorpusFolder(corpus: Corpus, dir: string): void {
  cpSync('corpus', dir, { recursive: true, filter: (from) => !path.basename(from).startsWith('.') });
  const bodies = new Map<string, string[]>();
  for (const p of corpus.passages) {
    let body = bodies.get(p.source);
    if (!body) bodies.set(p.source, (body = []));
    body.push(p.text);
  }
  for (const s of corpus.sources) {
    const front = `---\ntitle: ${JSON.stringify(s.title)}\nlang: ${s.lang}\nurl: ${s.url}\n---\n`;
    writeFileSync(path.join(dir, s.file), `${front}${(bodies.get(s.id) ?? []).join('\n\n')}\n`);
  }
}

/** One more article of PER_SOURCE passages in the corpus's style, as a moderator would add it. */
export async function extraArticle(kind: CorpusKind, n: number): Promise<Passage[]> {
  const real = await loadCorpus('corpus');
  const more = kind === 'synthetic' ? syntheticPassages(real, PER_SOURCE, n) : naturalPassages(real, PER_SOURCE, n);
  return more.map((p, i) => ({
    ...p,
    source: `${kind}-added`,
    ordinal: i + 1,
    id: passageId(`${kind}-added`, p.text),
  }));
}

/** The bench's questions: the labelled cases in turn, a third of them without a language filter. */
export function benchQuestions(count: number): Array<{ q: string; lang: Lang | undefined }> {
  const cases = loadCases();
  return Array.from({ length: count }, (_, i) => {
    const c = cases[i % cases.length]!;
    return { q: c.q, lang: i % 3 === 0 ? undefined : c.lang };
  });
}

/** What one pass over the bench questions took: per-question wall and CPU time (ms), and how many got an answer. */
export interface QueryTimes {
  p50: number;
  p99: number;
  cpuP50: number;
  cpuP99: number;
  max: number;
  answered: number;
  /** Each question's wall time, in the order asked. */
  wall: number[];
}

const rankAt = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * Ask each question once; `search` returns how many passages answered. Wall time and this thread's CPU time are
 * both kept: CPU is what a query costs when the machine is busy with others too.
 */
export function timeQueries(
  questions: ReadonlyArray<{ q: string; lang: Lang | undefined }>,
  search: (q: string, lang: Lang | undefined) => number,
): QueryTimes {
  const wall: number[] = [];
  const cpus: number[] = [];
  let answered = 0;
  for (const { q, lang } of questions) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    if (search(q, lang) > 0) answered++;
    wall.push(performance.now() - t);
    const u = process.cpuUsage(cpu);
    cpus.push((u.user + u.system) / 1000);
  }
  const times = [...wall].sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  return {
    p50: rankAt(times, 50),
    p99: rankAt(times, 99),
    cpuP50: rankAt(cpus, 50),
    cpuP99: rankAt(cpus, 99),
    max: times.at(-1)!,
    answered,
    wall,
  };
}
