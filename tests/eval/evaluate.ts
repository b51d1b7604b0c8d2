import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Corpus } from '../../src/types.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import type { EngineOptions } from '../../src/search/options.ts';
import type { Lang, Passage } from '../../src/types.ts';

/**
 * The labelled set and its scoring, shared by `npm run eval` and the floor test.
 * A case is answered correctly when a returned passage contains one of its `expect` substrings;
 * an unanswerable case (`expect: []`) is answered correctly when nothing is returned.
 */

const Case = z.strictObject({
  id: z.string(),
  q: z.string().min(1),
  lang: z.enum(['vi', 'zh']),
  expect: z.array(z.string().min(1)),
  tags: z.array(z.string()).default([]),
});
export type EvalCase = z.infer<typeof Case>;

export function loadCases(file = new URL('./cases.yaml', import.meta.url)): EvalCase[] {
  return z.array(Case).parse(parse(readFileSync(file, 'utf8')));
}

/** Ranked passages for a question, or [] to abstain. */
export type Retriever = (q: string, lang: Lang) => Passage[];

export interface Scores {
  cases: number;
  answerable: number;
  hit1: number;
  hit3: number;
  mrr: number;
  /** Share of all cases where answering vs abstaining was the right call. */
  abstain: number;
  /** Share of unanswerable cases that got no passage. */
  refused: number;
}

export interface CaseResult {
  c: EvalCase;
  rank: number | null; // 1-based rank of the first correct passage within 10, null if none
  returned: Passage[];
}

export function runCases(cases: EvalCase[], retrieve: Retriever): CaseResult[] {
  return cases.map((c) => {
    const returned = retrieve(c.q, c.lang).slice(0, 10);
    const i = returned.findIndex((p) => c.expect.some((e) => p.text.includes(e.normalize('NFC'))));
    return { c, rank: i >= 0 ? i + 1 : null, returned };
  });
}

export function score(results: CaseResult[]): Scores {
  const answerable = results.filter((r) => r.c.expect.length > 0);
  const unanswerable = results.filter((r) => r.c.expect.length === 0);
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const decided = results.map((r) => (r.c.expect.length === 0 ? r.returned.length === 0 : r.returned.length > 0));
  return {
    cases: results.length,
    answerable: answerable.length,
    hit1: avg(answerable.map((r) => (r.rank === 1 ? 1 : 0))),
    hit3: avg(answerable.map((r) => (r.rank !== null && r.rank <= 3 ? 1 : 0))),
    mrr: avg(answerable.map((r) => (r.rank ? 1 / r.rank : 0))),
    abstain: avg(decided.map((d) => (d ? 1 : 0))),
    refused: avg(unanswerable.map((r) => (r.returned.length === 0 ? 1 : 0))),
  };
}

/** Our engine, as the bot uses it. */
export function ours(corpus: Corpus, options: EngineOptions = {}): Retriever {
  const engine = new SearchEngine(corpus, options);
  return (q, lang) => engine.search(q, { lang, limit: 10 }).map((h) => h.passage);
}

/** MiniSearch with its default options: the baseline. It abstains only when nothing matches at all. */
export function baseline(corpus: Corpus): Retriever {
  const ms = new MiniSearch<Passage>({ fields: ['text'] });
  ms.addAll(corpus.passages);
  const byId = new Map(corpus.passages.map((p) => [p.id, p]));
  return (q, lang) =>
    ms
      .search(q)
      .map((r) => byId.get(r.id as string)!)
      .filter((p) => p.lang === lang);
}
