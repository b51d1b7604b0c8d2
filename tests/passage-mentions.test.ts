import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load.ts';
import { buildEngine } from '../src/search/build.ts';
import { SearchEngine } from '../src/search/engine.ts';
import { wordBounds } from '../src/search/tokenize.ts';
import type { Corpus } from '../src/types.ts';
import { benchCorpus, extraArticle } from '../bench/corpora.ts';
import { ROOT, TempDirs } from './fixtures.ts';

/**
 * The mentions the build keeps per passage (so that a candidate met for the first time is not scanned again) are the
 * ones a scan of the passage finds, however the index was made: built here, in two threads, loaded from its saved
 * file, or changed in place.
 */

const SLOW = { timeout: 240_000 };
const temp = new TempDirs();
afterAll(() => temp.cleanup());

let corpus: Corpus;
beforeAll(async () => {
  const real = await loadCorpus(path.join(ROOT, 'corpus'));
  // Past the size that two threads analyse in turns (SPLIT_FROM), the real articles first.
  const bench = await benchCorpus('natural', 5_000);
  corpus = { ...bench, sources: [...real.sources, ...bench.sources], passages: [...real.passages, ...bench.passages] };
});

/** Per passage: the kept mentions and a fresh scan's, within its word bounds and without them. */
function compare(e: SearchEngine, numbers: Iterable<number>) {
  const tokenizing = { han: e.options.han, segmenter: e.segmenter };
  const kept: unknown[] = [];
  const scanned: unknown[] = [];
  let wider = 0;
  let named = 0;
  for (const n of numbers) {
    const text = e.docs[n]!.text;
    const within = e.lexicon.scan(text, wordBounds(text, tokenizing));
    kept.push(e.builtMentions(n), e.layout(n).mentions);
    scanned.push(within, within);
    const alone = e.lexicon.scan(text);
    kept.push(e.builtMentions(n, true));
    scanned.push(alone);
    if (JSON.stringify(alone) !== JSON.stringify(within)) wider++;
    if (within.length > 0) named++;
  }
  return { kept, scanned, wider, named };
}

describe("a passage's kept mentions", () => {
  it('are those a scan finds, built on this thread or in two, and loaded from the saved index', SLOW, async () => {
    const cacheFile = path.join(await temp.dir(), 'index.v8');
    const built = await buildEngine({ corpus, cacheFile, offThread: true });
    expect(built.fromCache).toBe(false);
    await built.saved();
    const loaded = await buildEngine({ corpus, cacheFile, offThread: true });
    expect(loaded.fromCache).toBe(true);
    const all = [...corpus.passages.keys()];
    for (const e of [new SearchEngine(corpus), built.engine, loaded.engine]) {
      const { kept, scanned, wider, named } = compare(e, all);
      expect(kept).toEqual(scanned);
      // Most passages name something, and some name more without their word bounds.
      expect(named).toBeGreaterThan(corpus.passages.length / 2);
      expect(wider).toBeGreaterThan(0);
    }
  });

  it('are scanned for a passage added in place, and kept for the others', SLOW, async () => {
    const e = new SearchEngine(corpus);
    const extra = await extraArticle('natural', corpus.passages.length);
    const source = extra[0]!.source;
    const grown: Corpus = {
      ...corpus,
      sources: [...corpus.sources, { ...corpus.sources.at(-1)!, id: source, hash: source, file: `${source}.md` }],
      passages: [...corpus.passages, ...extra],
    };
    const changed = e.withCorpus(grown);
    if (!changed) throw new Error('the change was refused');
    const added = [...changed.docs.keys()].filter((n) => n >= corpus.passages.length);
    expect(added).toHaveLength(extra.length);
    for (const n of added) expect(changed.builtMentions(n)).toBeUndefined();
    const { kept, scanned } = compare(changed, corpus.passages.keys());
    expect(kept).toEqual(scanned);
    // The added passages' layouts are scanned: the same mentions as a fresh scan.
    for (const n of added) {
      const text = changed.docs[n]!.text;
      const tokenizing = { han: changed.options.han, segmenter: changed.segmenter };
      expect(changed.layout(n).mentions).toEqual(changed.lexicon.scan(text, wordBounds(text, tokenizing)));
    }
  });
});
