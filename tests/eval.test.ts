import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load.ts';
import type { Corpus } from '../src/corpus/load.ts';
import { loadCases, ours, runCases, score } from './eval/evaluate.ts';
import type { EvalCase } from './eval/evaluate.ts';

/** The floors the engine must hold on the labelled set (see `npm run eval`). */
const FLOOR = { hit3: 0.95, abstain: 0.9 };

let corpus: Corpus;
let cases: EvalCase[];

beforeAll(async () => {
  corpus = await loadCorpus('corpus');
  cases = loadCases();
});

describe('the labelled set', () => {
  it('has at least 60 cases in both languages, at least 10 of them unanswerable', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.lang))).toEqual(new Set(['vi', 'zh']));
    expect(cases.filter((c) => c.expect.length === 0).length).toBeGreaterThanOrEqual(10);
  });

  it('has unique case ids', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('expects only text that some passage of the case language contains', () => {
    const rotten = cases.flatMap((c) =>
      c.expect.filter((e) => !corpus.passages.some((p) => p.lang === c.lang && p.text.includes(e.normalize('NFC')))).map((e) => `${c.id}: "${e}"`),
    );
    expect(rotten).toEqual([]);
  });
});

describe('our engine on the labelled set', () => {
  it(`finds an answer in the top 3 for at least ${FLOOR.hit3} of the answerable cases, and abstains right in at least ${FLOOR.abstain}`, () => {
    const results = runCases(cases, ours(corpus));
    const scores = score(results);
    const misses = results
      .filter((r) => (r.c.expect.length ? r.rank === null || r.rank > 3 : r.returned.length > 0))
      .map((r) => `${r.c.id} (${r.rank ?? '-'}): ${r.c.q}`);
    expect(scores.hit3, misses.join('\n')).toBeGreaterThanOrEqual(FLOOR.hit3);
    expect(scores.abstain, misses.join('\n')).toBeGreaterThanOrEqual(FLOOR.abstain);
  });
});
