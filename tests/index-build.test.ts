import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CorpusFile, CorpusError, loadCorpus, readCorpusDir } from '../src/corpus/load.ts';
import { passageTerms } from '../src/search/analysis.ts';
import { buildEngine, type BuildRequest, loadCorpusFiles } from '../src/search/build.ts';
import { SearchEngine } from '../src/search/engine.ts';
import { FieldLengthMap, IdentityMap } from '../src/search/dense.ts';
import { type Indexed, scoreQuery } from '../src/search/minisearch.ts';
import { defaultEngineOptions } from '../src/search/options.ts';
import { PostingMap } from '../src/search/postings.ts';
import { indexKey, loadSaved, packageVersions, packCorpus, unpackCorpus } from '../src/search/saved.ts';
import { CorpusStore, INDEX_FILE } from '../src/store/corpus-store.ts';
import { FolderRepository } from '../src/store/folder.ts';
import type { Corpus, Passage } from '../src/types.ts';
import { benchCorpus, benchQuestions, writeCorpusFolder } from '../bench/corpora.ts';
import { TempDirs } from './fixtures.ts';

/**
 * The index can be built four ways — on this thread, in worker threads, loaded from a saved index, or changed in
 * place by adding and removing articles — and each must answer exactly as a fresh build on this thread does.
 */

const temp = new TempDirs('index-build-');
/** Only catches a hang: worker threads start slowly on a busy machine. */
const SLOW = { timeout: 240_000 };
afterAll(() => temp.cleanup());

/** Everything a search returns, for every bench question with and without its language, and /who's lookups. */
function answers(engine: SearchEngine): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const { q, lang } of benchQuestions(400)) {
    const key = `${lang ?? '*'} ${q}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const hits = engine.search(q, lang ? { lang } : {});
    out.push(`${key} → ${hits.map((h) => `${h.passage.id} ${h.score} ${JSON.stringify(h.spans)}`).join(' | ')}`);
  }
  for (const e of engine.corpus.entities) {
    out.push(
      `${e.id}: ${engine
        .passagesMentioning(e.id)
        .map((p) => p.id)
        .join(' ')}`,
    );
    const hits = engine.search(e.names[0]!, { entity: e.id, noAbstain: true, limit: 10 });
    out.push(`${e.id} ~ ${hits.map((h) => `${h.passage.id} ${h.score}`).join(' | ')}`);
  }
  return out;
}

/** `corpus` with the passages of the sources `drop` left out and `add` appended (a new source per passage group). */
function changed(corpus: Corpus, drop: string[], add: Passage[]): Corpus {
  const sources = corpus.sources.filter((s) => !drop.includes(s.id));
  for (const id of new Set(add.map((p) => p.source)))
    sources.push({ ...corpus.sources[0]!, id, hash: `new-${id}`, file: `${id}.md` });
  return { ...corpus, sources, passages: [...corpus.passages.filter((p) => !drop.includes(p.source)), ...add] };
}

let real: Corpus;
/** Large enough for the second analysis thread (from 4,000 passages), small enough for a test. */
let large: Corpus;
/** Many articles, for the tests that build it again and again. */
let natural: Corpus;
beforeAll(async () => {
  real = await loadCorpus('corpus');
  large = await benchCorpus('natural', 4_500);
  natural = await benchCorpus('natural', 1_500);
}, SLOW.timeout);

/**
 * A postings list of `start`'s passages (each with count passage + 1), built as the index builds them: sorted, with
 * `room` free slots after it.
 */
function builtList(start: readonly number[], room: number): PostingMap {
  const sorted = [...start].sort((a, b) => a - b);
  const docs = new Uint32Array(sorted.length + room);
  docs.set(sorted);
  const tfs = new Uint32Array(sorted.length + room);
  tfs.set(sorted.map((d) => d + 1));
  return new PostingMap(docs, tfs, sorted.length);
}
describe('building the index', () => {
  it('answers the same from worker threads as on this thread, for the real corpus and a larger one', SLOW, async () => {
    const files = await readCorpusDir('corpus');
    const worker = await buildEngine({ dir: 'corpus', files, offThread: true });
    expect(worker.engine.corpus).toEqual(real);
    expect(answers(worker.engine)).toEqual(answers(new SearchEngine(real)));

    const split = await buildEngine({ corpus: large, offThread: true, threads: 2 });
    expect(answers(split.engine)).toEqual(answers(new SearchEngine(large)));

    // From a folder: the build worker hands the second thread its share once it has loaded the passages.
    const dir = await temp.dir();
    writeCorpusFolder(large, dir);
    const fromFolder = await buildEngine({ dir, files: await readCorpusDir(dir), offThread: true, threads: 2 });
    expect(answers(fromFolder.engine)).toEqual(answers(new SearchEngine(fromFolder.engine.corpus)));
  });

  it('reports a folder that does not load from the worker as the same CorpusError', SLOW, async () => {
    const files: CorpusFile[] = [
      { name: 'x.md', bytes: new TextEncoder().encode('---\ntitle: x\nlang: xx\n---\nx\n') },
    ];
    const err = await buildEngine({ dir: 'corpus', files, offThread: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusError);
    let direct: unknown;
    try {
      await loadCorpusFiles('corpus', files, false);
    } catch (e) {
      direct = e;
    }
    expect((err as CorpusError).problems).toEqual((direct as CorpusError).problems);
    await expect(loadCorpusFiles('corpus', files, true)).rejects.toThrow(CorpusError);
  });

  it('gives MiniSearch the index its own addAll would build: same scores, same order', SLOW, () => {
    const engine = new SearchEngine(natural);
    const tokenizing = { han: engine.options.han, segmenter: engine.segmenter };
    const plain = new MiniSearch<{ id: number; text: string }>({
      fields: ['terms'],
      extractField: (doc, field) => (field === 'id' ? doc.id : doc.text),
      tokenize: (text) => passageTerms(text, tokenizing, engine.lexicon),
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => [text], processTerm: (term) => term },
    });
    plain.addAll(natural.passages.map((p, id) => ({ id, text: p.text })));
    const ours = (engine as unknown as { core: { indexed: { ms: MiniSearch } } }).core.indexed.ms;
    expect(ours.documentCount).toBe(plain.documentCount);
    expect(ours.termCount).toBe(plain.termCount);
    for (const { q } of benchQuestions(120)) {
      const queries = passageTerms(q.normalize('NFC'), tokenizing, engine.lexicon);
      const run = (ms: MiniSearch) =>
        ms.search({ combineWith: 'OR', queries }).map((r) => [r.id as number, r.score] as const);
      expect(run(ours), q).toEqual(run(plain));
    }
  });

  it('scores a query as MiniSearch.search does, without its result objects: same passages, same scores', SLOW, () => {
    const engine = new SearchEngine(natural);
    const { indexed } = (engine as unknown as { core: { indexed: Indexed } }).core;
    const tokenizing = { han: engine.options.han, segmenter: engine.segmenter };
    const boostTerm = (term: string) => (term.startsWith('e:') ? 1.5 : term.length % 2 ? 1 : 0.5);
    const options = { combineWith: 'OR', tokenize: (text: string) => text.split('\n'), boostTerm } as const;
    for (const { q } of benchQuestions(120)) {
      const query = passageTerms(q.normalize('NFC'), tokenizing, engine.lexicon).join('\n');
      const { ids, scores } = scoreQuery(indexed, query, options);
      const got = new Map([...ids].map((id, i) => [id, scores[i]!]));
      const want = new Map(indexed.ms.search(query, options).map((r) => [r.id as number, r.score]));
      expect(got, q).toEqual(want);
    }
  });

  it('scores a query as before after a boost callback threw halfway through the last one', SLOW, () => {
    const engine = new SearchEngine(natural);
    const { indexed } = (engine as unknown as { core: { indexed: Indexed } }).core;
    const tokenizing = { han: engine.options.han, segmenter: engine.segmenter };
    const options = { combineWith: 'OR', tokenize: (text: string) => text.split('\n') } as const;
    const query = benchQuestions(40)
      .flatMap(({ q }) => passageTerms(q.normalize('NFC'), tokenizing, engine.lexicon))
      .join('\n');
    const before = scoreQuery(indexed, query, options);
    let calls = 0;
    const boostDocument = () => {
      if (++calls > before.ids.length / 2) throw new Error('boost failed');
      return 1;
    };
    expect(() => scoreQuery(indexed, query, { ...options, boostDocument })).toThrow('boost failed');
    expect(scoreQuery(indexed, query, options)).toEqual(before);
  });
});

/** A saved index file with `body` in place of its own, under its header with the checksum made right. */
function withHeader(file: Buffer, body: Uint8Array): Buffer {
  const eol = file.indexOf(10);
  const header = JSON.parse(file.toString('utf8', 0, eol)) as Record<string, unknown>;
  const sha256 = createHash('sha256').update(body).digest('hex');
  return Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, bytes: body.byteLength, sha256 })}\n`), body]);
}

/** A saved index's body with this layout and no columns (see saved.ts). */
function layoutOnly(layout: object): Buffer {
  const meta = serialize({ endianness: endianness(), ...layout });
  const body = Buffer.alloc((4 + meta.length + 7) & ~7);
  body.writeUInt32LE(meta.length, 0);
  meta.copy(body, 4);
  return body;
}

/** A start (`buildEngine`) with the warnings it gives. */
async function started(
  request: BuildRequest,
): Promise<Awaited<ReturnType<typeof buildEngine>> & { warnings: string[] }> {
  const warnings: string[] = [];
  const built = await buildEngine({ ...request, warn: (m) => warnings.push(m) });
  return Object.assign(built, { warnings });
}

/** A saved index file with `fields` changed in its header, the rest as it is. */
function withHeaderFields(file: Buffer, fields: Record<string, unknown>): Buffer {
  const eol = file.indexOf(10);
  const header = JSON.parse(file.toString('utf8', 0, eol)) as Record<string, unknown>;
  return Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, ...fields })}\n`), file.subarray(eol + 1)]);
}

describe('the saved index', () => {
  it(
    'is loaded instead of built when nothing changed, answers the same, and is rebuilt when anything did',
    SLOW,
    async () => {
      const dir = await temp.corpus();
      const cacheFile = path.join(dir, INDEX_FILE);
      let files = await readCorpusDir(dir);
      const first = await buildEngine({ dir, files, cacheFile, offThread: true });
      expect(first.fromCache).toBe(false);
      await first.saved();
      const second = await buildEngine({ dir, files, cacheFile, offThread: true });
      expect(second.fromCache).toBe(true);
      expect(answers(second.engine)).toEqual(answers(first.engine));

      // Other engine options: another index.
      const other = await buildEngine({ dir, files, cacheFile, offThread: true, options: { postingsBudget: 5_000 } });
      expect(other.fromCache).toBe(false);
      await other.saved();

      // An article edited by a byte: built again, from the new text.
      const file = path.join(dir, 'alibaba-russia-vi.md');
      files = files.map((f) =>
        f.name === 'alibaba-russia-vi.md'
          ? { ...f, bytes: new TextEncoder().encode(`${new TextDecoder().decode(f.bytes)}\nKhinh khí cầu tím.\n`) }
          : f,
      );
      await writeFile(file, files.find((f) => f.name === 'alibaba-russia-vi.md')!.bytes);
      const third = await buildEngine({ dir, files, cacheFile, offThread: true });
      expect(third.fromCache).toBe(false);
      expect(third.engine.search('khinh khí cầu tím', { lang: 'vi' })[0]?.passage.text).toContain('Khinh khí cầu');
      await third.saved();
    },
  );

  it(
    'is saved and loaded for a small corpus too, built on this thread, and rebuilt when a file changed',
    SLOW,
    async () => {
      const dir = await temp.corpus();
      const cacheFile = path.join(dir, INDEX_FILE);
      let files = await readCorpusDir(dir);
      const first = await buildEngine({ dir, files, cacheFile, offThread: false });
      expect(first.fromCache).toBe(false);
      await first.saved();
      const second = await buildEngine({ dir, files, cacheFile, offThread: false });
      expect(second.fromCache).toBe(true);
      expect(second.engine.corpus).toEqual(first.engine.corpus);
      expect(answers(second.engine)).toEqual(answers(new SearchEngine(real)));
      // One saved index per folder, whichever thread made it.
      expect((await buildEngine({ dir, files, cacheFile, offThread: true })).fromCache).toBe(true);

      files = files.map((f) =>
        f.name === 'entities.yaml'
          ? { ...f, bytes: new TextEncoder().encode(`${new TextDecoder().decode(f.bytes)}\n`) }
          : f,
      );
      const third = await buildEngine({ dir, files, cacheFile, offThread: false });
      expect(third.fromCache).toBe(false);
      await third.saved();
      expect((await buildEngine({ dir, files, cacheFile, offThread: false })).fromCache).toBe(true);
    },
  );

  it('is ignored when it is not a saved index', SLOW, async () => {
    const dir = await temp.corpus();
    const cacheFile = path.join(dir, INDEX_FILE);
    await buildEngine({ dir, files: await readCorpusDir(dir), cacheFile, offThread: true }).then((b) => b.saved());
    await writeFile(cacheFile, 'not an index');
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    const again = await buildEngine({ dir, files: await readCorpusDir(dir), cacheFile, offThread: true, warn });
    expect(again.fromCache).toBe(false);
    expect(warnings).toEqual([expect.stringContaining('not a saved index')]);
    expect(answers(again.engine)).toEqual(answers(new SearchEngine(real)));
    await again.saved();
    // What the previous version saved (a bare v8 serialisation): out of date, built again without a warning.
    await writeFile(cacheFile, serialize({ key: 'old', corpus: real, data: {} }));
    warnings.length = 0;
    const old = await buildEngine({ dir, files: await readCorpusDir(dir), cacheFile, offThread: false, warn });
    expect(old.fromCache).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('is built again quietly when it was saved in another format of the index, older or newer', SLOW, async () => {
    const dir = await temp.corpus();
    const cacheFile = path.join(dir, INDEX_FILE);
    const files = await readCorpusDir(dir);
    for (const offThread of [false, true]) {
      await buildEngine({ dir, files, cacheFile, offThread }).then((b) => b.saved());
      const good = await readFile(cacheFile);
      const header = JSON.parse(good.toString('utf8', 0, good.indexOf(10))) as { format: string };
      const number = Number(/\/(\d+)$/.exec(header.format)![1]);
      for (const format of [number - 1, number + 1].map((n) => header.format.replace(/\d+$/, String(n)))) {
        await writeFile(cacheFile, withHeaderFields(good, { format }));
        const again = await started({ dir, files, cacheFile, offThread });
        await again.saved();
        expect(again.fromCache).toBe(false);
        expect(again.warnings).toEqual([]);
        // Saved again in this format: the next start loads it.
        expect((await buildEngine({ dir, files, cacheFile, offThread })).fromCache).toBe(true);
      }
      // A header of someone else's making is no version of ours: reported.
      await writeFile(cacheFile, withHeaderFields(good, { format: 'other-index/3' }));
      const other = await started({ dir, files, cacheFile, offThread });
      await other.saved();
      expect(other.fromCache).toBe(false);
      expect(other.warnings).toEqual([expect.stringContaining('not a saved index')]);
    }
  });

  it('is built again, with a warning and never a crash, when the file is truncated or damaged', SLOW, async () => {
    const dir = await temp.corpus();
    const cacheFile = path.join(dir, INDEX_FILE);
    const files = await readCorpusDir(dir);
    const expected = answers(new SearchEngine(real));
    for (const offThread of [false, true]) {
      await buildEngine({ dir, files, cacheFile, offThread }).then((b) => b.saved());
      const good = await readFile(cacheFile);
      const header = good.indexOf(10);
      const damaged = Buffer.from(good);
      damaged[header + Math.floor((good.length - header) / 2)]! ^= 0x20;
      const cases: Array<[string, Uint8Array]> = [
        ['truncated', good.subarray(0, Math.floor(good.length * 0.6))],
        ['truncated', good.subarray(0, header + 1)],
        ['no header line', good.subarray(0, header)],
        ['damaged', damaged],
        // Whole and checked, but not what was saved: it does not deserialise into an index.
        ['not a saved index', withHeader(good, Buffer.from('x'.repeat(100)))],
        ['missing its column', withHeader(good, layoutOnly({ arrays: [], indexBytes: 0, arrayBytes: 0 }))],
      ];
      for (const [problem, bytes] of cases) {
        await writeFile(cacheFile, bytes);
        const again = await started({ dir, files, cacheFile, offThread });
        // Saved again by the worker: waited for, or it would replace the next case's file.
        await again.saved();
        expect(again.fromCache).toBe(false);
        expect(again.warnings).toEqual([expect.stringContaining(problem)]);
        if (problem === 'damaged') expect(answers(again.engine)).toEqual(expected);
      }
      // Rebuilt and saved again: the next start loads it, quietly.
      await writeFile(cacheFile, good);
      const loaded = await started({ dir, files, cacheFile, offThread });
      expect(loaded.fromCache).toBe(true);
      expect(loaded.warnings).toEqual([]);
    }
  });

  it('is built again, with one warning, when it is whole and checked but a column short', SLOW, async () => {
    const dir = await temp.corpus();
    const cacheFile = path.join(dir, INDEX_FILE);
    const files = await readCorpusDir(dir);
    for (const offThread of [true, false]) {
      await buildEngine({ dir, files, cacheFile, offThread }).then((b) => b.saved());
      const good = await readFile(cacheFile);
      // The layout at the body's start (see saved.ts) without the passages' sources; the arrays' bytes left as they
      // are, under a header whose length and checksum are right.
      const body = good.subarray(good.indexOf(10) + 1);
      const metaBytes = body.readUInt32LE(0);
      const layout = deserialize(body.subarray(4, 4 + metaBytes)) as { arrays: Array<[string]> };
      layout.arrays = layout.arrays.filter(([name]) => name !== 'sourceOf');
      const meta = serialize(layout);
      const head = Buffer.alloc((4 + meta.length + 7) & ~7);
      head.writeUInt32LE(meta.length, 0);
      meta.copy(head, 4);
      const rest = body.subarray((4 + metaBytes + 7) & ~7);
      await writeFile(cacheFile, withHeader(good, Buffer.concat([head, rest])));
      const again = await started({ dir, files, cacheFile, offThread });
      await again.saved();
      expect(again.fromCache).toBe(false);
      expect(again.warnings).toEqual([expect.stringContaining('missing its column sourceOf')]);
      expect(answers(again.engine)).toEqual(answers(new SearchEngine(real)));
      // Saved over: the next start loads it, quietly.
      const loaded = await started({ dir, files, cacheFile, offThread });
      expect(loaded.fromCache).toBe(true);
      expect(loaded.warnings).toEqual([]);
    }
  });

  it('is rebuilt when the package versions differ, as when the files or the engine options do', SLOW, async () => {
    const dir = await temp.corpus();
    const cacheFile = path.join(dir, INDEX_FILE);
    const files = await readCorpusDir(dir);
    const options = { ...defaultEngineOptions };
    await buildEngine({ dir, files, cacheFile, offThread: false }).then((b) => b.saved());
    const key = indexKey({ files, options });
    expect((await loadSaved(cacheFile, key)).saved).toBeDefined();
    const others = [
      indexKey({ files, options }, packageVersions().replace(/minisearch@[^ ]+/, 'minisearch@0.0.0-test')),
      indexKey({ files, options }, packageVersions().replace(/node@[^ ]+/, 'node@v0.0.0-test')),
      indexKey({ files, options: { ...options, han: 'word' as const } }),
      indexKey({
        files: files.map((f, i) => (i === 0 ? { ...f, bytes: new Uint8Array([...f.bytes, 10]) } : f)),
        options,
      }),
    ];
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
    // Saved at another version: not loaded, and no problem to report (a rebuild is simply due).
    for (const other of others) expect(await loadSaved(cacheFile, other)).toEqual({});
  });

  it('answers as a fresh build when a larger corpus is given loaded, packed into columns and back', SLOW, async () => {
    const dir = await temp.dir();
    const cacheFile = path.join(dir, 'index.v8');
    const first = await buildEngine({ corpus: large, cacheFile, offThread: true });
    await first.saved();
    const loaded = await buildEngine({ corpus: large, cacheFile, offThread: true });
    expect(loaded.fromCache).toBe(true);
    expect(answers(loaded.engine)).toEqual(answers(new SearchEngine(large)));
    // A passage's text changed: another version.
    const edited = { ...large, passages: large.passages.map((p, i) => (i === 9 ? { ...p, text: `${p.text}!` } : p)) };
    expect((await buildEngine({ corpus: edited, cacheFile, offThread: true })).fromCache).toBe(false);
    // Saved on this thread, found by the loader worker: both work out the same key for a corpus given loaded.
    const small = path.join(dir, 'small.v8');
    await buildEngine({ corpus: real, cacheFile: small, offThread: false }).then((b) => b.saved());
    expect((await buildEngine({ corpus: real, cacheFile: small, offThread: true })).fromCache).toBe(true);
  });

  it(
    'reads only the index when it is given the corpus: damage in the corpus it holds does not stop that load',
    SLOW,
    async () => {
      const dir = await temp.dir();
      const options = { ...defaultEngineOptions };
      for (const [corpus, offThread] of [
        [real, false],
        [large, true],
      ] as const) {
        const cacheFile = path.join(dir, `given-${String(offThread)}.v8`);
        await buildEngine({ corpus, cacheFile, offThread }).then((b) => b.saved());
        const good = await readFile(cacheFile);
        // The file's last byte is the corpus's (its passages' ids come last).
        const damaged = Buffer.from(good);
        damaged[damaged.length - 1]! ^= 0x20;
        await writeFile(cacheFile, damaged);
        const loaded = await started({ corpus, cacheFile, offThread });
        expect(loaded.fromCache).toBe(true);
        expect(loaded.warnings).toEqual([]);
        expect(answers(loaded.engine)).toEqual(answers(new SearchEngine(corpus)));
        // A load that needs the corpus reads it, and finds the damage.
        const key = indexKey({ corpus, options });
        expect(await loadSaved(cacheFile, key)).toEqual({ problem: expect.stringContaining('damaged') });
        expect((await loadSaved(cacheFile, key, { corpus: false })).saved?.corpus).toBeUndefined();
        // Read whole, the corpus's columns lie in memory of their own: let go once unpacked, while the index lives on.
        await writeFile(cacheFile, good);
        const whole = (await loadSaved(cacheFile, key)).saved!;
        expect(whole.corpus!.passages.texts.buffer).not.toBe(whole.data.postings.docs.buffer);
      }
    },
  );

  it('packs a corpus into columns and back to the same corpus, notes and all', () => {
    const noted = {
      ...real,
      passages: real.passages.map((p, i) =>
        i % 7 === 3 ? { ...p, notes: [...p.notes, { kind: 'retracted' as const, text: `gỡ bỏ ${i}` }] } : p,
      ),
    };
    // Texts of any UTF-16, a lone surrogate included, and longer than the piece the key is hashed by.
    const odd = {
      ...real,
      passages: real.passages.map((p, i) =>
        i === 1 ? { ...p, text: `\ud83d${p.text}\ude00` } : i === 2 ? { ...p, text: p.text.repeat(9_000) } : p,
      ),
    };
    const options = { ...defaultEngineOptions };
    for (const corpus of [real, noted, natural, odd, { ...real, passages: [] }]) {
      const packed = packCorpus(corpus);
      const back = unpackCorpus(structuredClone(packed));
      expect(back).toEqual(corpus);
      // The same key order too: what is hashed or shown as JSON stays the same.
      expect(JSON.stringify(back)).toBe(JSON.stringify(corpus));
      // The same version packed or not: the calling thread hashes the corpus, a worker its columns.
      expect(indexKey({ corpus, options })).toBe(indexKey({ packed, options }));
    }
    expect(indexKey({ corpus: odd, options })).not.toBe(indexKey({ corpus: real, options }));
  });
});

describe('changing the index in place', () => {
  it('answers as a full rebuild after articles are added, removed and replaced, one change after another', SLOW, () => {
    const sources = natural.sources.map((s) => s.id);
    const extra = (tag: string, from: Corpus, n: number): Passage[] =>
      from.passages.slice(0, n).map((p, i) => ({ ...p, id: `${tag}-${i}`, source: tag, ordinal: i + 1 }));
    let engine = new SearchEngine(natural);
    const steps: Corpus[] = [];
    let corpus = natural;
    corpus = changed(corpus, [sources[3]!], []);
    steps.push(corpus);
    corpus = changed(corpus, [], extra('added-one', real, 12));
    steps.push(corpus);
    // Replaced: the same source id, other passages.
    corpus = changed(corpus, [sources[7]!], extra(sources[7]!, real, 5));
    steps.push(corpus);
    corpus = changed(corpus, ['added-one', sources[0]!], []);
    steps.push(corpus);
    let before = answers(engine);
    for (const next of steps) {
      const updated = engine.withCorpus(next);
      expect(updated).toBeDefined();
      // The engine changed from is not: it answers as it did (copy on write, see SearchEngine.withCorpus).
      expect(answers(engine)).toEqual(before);
      engine = updated!;
      before = answers(engine);
      expect(before).toEqual(answers(new SearchEngine(next)));
    }
  });

  it(
    'answers as a full rebuild after a long series of changes, each taking over, that empties many postings',
    SLOW,
    () => {
      // A third of the articles removed two or three at a time, others added: the passages removed from the middle of a term's
      // postings are noted as gone until a list has too many, and then copied without them (see PostingMap).
      const sources = natural.sources.map((s) => s.id);
      const extra = (tag: string, n: number): Passage[] =>
        natural.passages.slice(n, 2 * n).map((p, i) => ({ ...p, id: `${tag}-${i}`, source: tag, ordinal: i + 1 }));
      let engine = new SearchEngine(natural);
      let corpus = natural;
      for (let step = 0; step < 10; step++) {
        const drop = [sources[3 * step]!, sources[3 * step + 1]!, ...(step % 2 === 0 ? [] : [`added-${step - 1}`])];
        corpus = changed(corpus, drop, step % 2 === 0 ? extra(`added-${step}`, 20 + step) : []);
        engine = engine.withCorpus(corpus)!;
        expect(engine).toBeDefined();
        // As the live store does once the changed engine is in place.
        engine.takeOver();
        if (step === 4) expect(answers(engine)).toEqual(answers(new SearchEngine(corpus)));
      }
      expect(answers(engine)).toEqual(answers(new SearchEngine(corpus)));
    },
  );

  it('changes nothing of the engine answering: two changes from it, a failed one, each as a full rebuild', SLOW, () => {
    const sources = natural.sources.map((s) => s.id);
    const extra = (tag: string, n: number): Passage[] =>
      real.passages.slice(0, n).map((p, i) => ({ ...p, id: `${tag}-${i}`, source: tag, ordinal: i + 1 }));
    const first = new SearchEngine(natural).withCorpus(changed(natural, [sources[2]!], extra('one', 9)))!;
    const before = answers(first);
    // A change that fails half way (a passage MiniSearch cannot add: its number is taken): nothing of `first` moves.
    const broken = changed(first.corpus, [sources[5]!], extra('two', 4));
    const passages = broken.passages.map((p) => (p.source === 'two' && p.ordinal === 3 ? { ...p, text: 42 } : p));
    expect(() => first.withCorpus({ ...broken, passages } as unknown as Corpus)).toThrow();
    expect(answers(first)).toEqual(before);
    // Then two different changes from the same engine: each answers as its own rebuild, and `first` as it did.
    for (const next of [broken, changed(first.corpus, [sources[9]!, 'one'], extra('three', 7))]) {
      const updated = first.withCorpus(next)!;
      expect(answers(updated)).toEqual(answers(new SearchEngine(next)));
    }
    expect(answers(first)).toEqual(before);
  });

  it('refuses what it cannot do in place: other entities, glossary or options, articles reordered, most of the corpus', () => {
    const engine = new SearchEngine(real);
    expect(engine.withCorpus({ ...real, entities: real.entities.slice(1) })).toBeUndefined();
    expect(engine.withCorpus({ ...real, glossary: [] })).toBeUndefined();
    expect(engine.withCorpus(real, { threshold: 0.5 })).toBeUndefined();
    expect(engine.withCorpus(changed(natural, [], []))).toBeUndefined();
    // Nothing to change: nothing done.
    expect(engine.withCorpus(real)).toBeUndefined();
    // Kept articles in another order: the passage before a passage is numbered just before it (score.ts), so a
    // rebuild, which numbers them in the new order, is due.
    const added = real.passages
      .slice(0, 3)
      .map((p, i) => ({ ...p, id: `moved-${i}`, source: 'moved', ordinal: i + 1 }));
    const grown = changed(real, [], added);
    expect(engine.withCorpus({ ...grown, passages: [...grown.passages].reverse() })).toBeUndefined();
    expect(engine.withCorpus(grown)).toBeDefined();
  });
});

describe('PostingMap', () => {
  it('behaves as a Map whose keys are kept in ascending order', () => {
    const op = fc.oneof(
      fc.record({ set: fc.nat(60), tf: fc.integer({ min: 1, max: 9 }) }),
      fc.record({ del: fc.nat(60) }),
      fc.record({ get: fc.nat(60) }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(60)), fc.array(op, { maxLength: 80 }), (start, ops) => {
        const sorted = [...start].sort((a, b) => a - b);
        const map = new Map(sorted.map((d) => [d, d + 1]));
        const ours = new PostingMap(
          Uint32Array.from(sorted),
          Uint32Array.from(sorted, (d) => d + 1),
        );
        for (const o of ops) {
          if ('set' in o) {
            map.set(o.set, o.tf);
            ours.set(o.set, o.tf);
          } else if ('del' in o) expect(ours.delete(o.del)).toBe(map.delete(o.del));
          else expect([ours.get(o.get), ours.has(o.get)]).toEqual([map.get(o.get), map.has(o.get)]);
          const entries = [...map].sort((a, b) => a[0] - b[0]);
          expect([...ours]).toEqual(entries);
          expect([...ours.keys()]).toEqual(entries.map(([k]) => k));
          expect([...ours.docs()]).toEqual(entries.map(([k]) => k));
          expect(ours.size).toBe(map.size);
        }
      }),
    );
  });
});

describe('PostingMap forks', () => {
  it('change apart: a map and its forks, each changed, each behave as a Map of its own', () => {
    // MiniSearch adds passages numbered above all others, so most sets append: keys above the start are common.
    const op = fc.oneof(
      fc.record({ on: fc.nat(3), set: fc.nat(80), tf: fc.integer({ min: 1, max: 9 }) }),
      fc.record({ on: fc.nat(3), del: fc.nat(80) }),
      fc.record({ on: fc.nat(3), fork: fc.constant(true) }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(40)), fc.nat(8), fc.array(op, { maxLength: 100 }), (start, room, ops) => {
        const maps = [builtList(start, room)];
        const models = [new Map([...start].map((d) => [d, d + 1]))];
        for (const o of ops) {
          const k = o.on % maps.length;
          if ('fork' in o) {
            maps.push(maps[k]!.fork());
            models.push(new Map(models[k]));
          } else if ('set' in o) {
            maps[k]!.set(o.set, o.tf);
            models[k]!.set(o.set, o.tf);
          } else expect(maps[k]!.delete(o.del)).toBe(models[k]!.delete(o.del));
          maps.forEach((map, i) => {
            const entries = [...models[i]!].sort((a, b) => a[0] - b[0]);
            expect([...map]).toEqual(entries);
            expect([...map.docs()]).toEqual(entries.map(([d]) => d));
          });
        }
      }),
    );
  });

  it('change apart through long series of removals, past the bound where a list is copied without those gone', () => {
    // Removals in the middle leave passages in their slots, noted as gone, until a list has too many (then it is
    // copied without them); `takeOver` makes a map's slots its own (the other maps are then not read again).
    const op = fc.oneof(
      { arbitrary: fc.record({ on: fc.nat(3), del: fc.nat(300) }), weight: 8 },
      { arbitrary: fc.record({ on: fc.nat(3), set: fc.nat(330), tf: fc.integer({ min: 1, max: 9 }) }), weight: 3 },
      { arbitrary: fc.record({ on: fc.nat(3), fork: fc.constant(true) }), weight: 1 },
      { arbitrary: fc.record({ on: fc.nat(3), takeOver: fc.constant(true) }), weight: 1 },
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(300), { minLength: 40, maxLength: 250 }),
        fc.nat(20),
        fc.array(op, { minLength: 40, maxLength: 300 }),
        (start, room, ops) => {
          let maps = [builtList(start, room)];
          let models = [new Map([...start].map((d) => [d, d + 1]))];
          const same = (i: number) => {
            const entries = [...models[i]!].sort((a, b) => a[0] - b[0]);
            expect([...maps[i]!]).toEqual(entries);
            expect([...maps[i]!.keys()]).toEqual(entries.map(([d]) => d));
            expect([...maps[i]!.docs()]).toEqual(entries.map(([d]) => d));
            expect(maps[i]!.size).toBe(entries.length);
          };
          for (const o of ops) {
            const k = o.on % maps.length;
            if ('fork' in o) {
              maps.push(maps[k]!.fork());
              models.push(new Map(models[k]));
            } else if ('takeOver' in o) {
              maps[k]!.takeOver();
              [maps, models] = [[maps[k]!], [models[k]!]];
            } else if ('set' in o) {
              maps[k]!.set(o.set, o.tf);
              models[k]!.set(o.set, o.tf);
            } else expect(maps[k]!.delete(o.del)).toBe(models[k]!.delete(o.del));
            const any = o.on % maps.length;
            expect([maps[any]!.get(o.on * 7), maps[any]!.has(o.on * 7)]).toEqual([
              models[any]!.get(o.on * 7),
              models[any]!.has(o.on * 7),
            ]);
          }
          maps.forEach((_, i) => same(i));
        },
      ),
    );
  });

  it('keeps what the map it was forked from reads while a fork loses most of its passages and gains others', () => {
    const n = 1_000;
    const built = new PostingMap(
      Uint32Array.from({ length: n + 70 }, (_, d) => d),
      Uint32Array.from({ length: n + 70 }, (_, d) => 1 + (d % 5)),
      n,
    );
    const model = new Map(Array.from({ length: n }, (_, d) => [d, 1 + (d % 5)]));
    const fork = built.fork();
    const mine = new Map(model);
    // A count changed, or a passage removed, in the slots the two share copies nothing: the fork reads them still.
    fork.set(n - 2, 7);
    mine.set(n - 2, 7);
    expect(fork.docs().buffer).toBe(built.docs().buffer);
    for (let d = 1; d < n - 1; d += d % 3 === 0 ? 1 : 2) {
      fork.set(d, 9);
      mine.set(d, 9);
      fork.delete(d);
      mine.delete(d);
      if (d % 97 === 0) {
        fork.set(n + d / 97, 2);
        mine.set(n + d / 97, 2);
        expect([...fork]).toEqual([...mine].sort((a, b) => a[0] - b[0]));
      }
    }
    expect([...fork]).toEqual([...mine].sort((a, b) => a[0] - b[0]));
    expect([...fork.docs()]).toEqual([...mine.keys()].sort((a, b) => a - b));
    expect([...built]).toEqual([...model]);
    expect(built.size).toBe(n);
  });

  it('keeps the slots another map reads when a fork drops its last passage, is forked, and the fork appends', () => {
    const built = new PostingMap(Uint32Array.from([1, 2, 3, 0]), Uint32Array.from([5, 5, 5, 0]), 3);
    const fork = built.fork();
    fork.delete(3);
    const again = fork.fork();
    again.set(4, 7);
    expect([...built]).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
    ]);
    expect([...fork]).toEqual([
      [1, 5],
      [2, 5],
    ]);
    expect([...again]).toEqual([
      [1, 5],
      [2, 5],
      [4, 7],
    ]);
  });
});

describe('the maps MiniSearch reads by passage number', () => {
  it('behave as Maps when new keys come in ascending order, as MiniSearch numbers documents', () => {
    const op = fc.oneof(
      fc.record({ add: fc.nat(3), value: fc.integer({ min: 0, max: 99 }) }),
      fc.record({ again: fc.nat(40) }),
      fc.record({ del: fc.nat(40) }),
      fc.record({ get: fc.nat(40) }),
    );
    const start = fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 12 });
    fc.assert(
      fc.property(start, fc.array(op, { maxLength: 80 }), (lengths, ops) => {
        // What MiniSearch would hold: passage → itself, passage → [its length].
        const ids = new Map(lengths.map((_, n) => [n, n]));
        const fields = new Map(lengths.map((len, n) => [n, [len]]));
        const identity = new IdentityMap(lengths.length);
        const fieldLengths = new FieldLengthMap(Uint32Array.from(lengths));
        // The next new key: above every key the maps have had (a gap of 0 to 3).
        let next = lengths.length;
        for (const o of ops) {
          if ('add' in o) {
            next += o.add;
            ids.set(next, next);
            identity.set(next, next);
            fields.set(next, [o.value]);
            fieldLengths.set(next, [o.value]);
            next++;
          } else if ('again' in o) {
            // A key the maps had, or have: never set again with another value.
            if (o.again < next && !ids.has(o.again))
              expect(() => identity.set(o.again, o.again)).toThrow(/key \d+ is not an integer above/);
          } else if ('del' in o) {
            expect(identity.delete(o.del)).toBe(ids.delete(o.del));
            expect(fieldLengths.delete(o.del)).toBe(fields.delete(o.del));
          } else {
            expect([identity.get(o.get), identity.has(o.get)]).toEqual([ids.get(o.get), ids.has(o.get)]);
            expect([fieldLengths.get(o.get), fieldLengths.has(o.get)]).toEqual([fields.get(o.get), fields.has(o.get)]);
          }
          expect([...identity]).toEqual([...ids]);
          expect([...fieldLengths]).toEqual([...fields]);
          expect(Object.fromEntries(fieldLengths)).toEqual(Object.fromEntries(fields));
          expect([identity.size, fieldLengths.size]).toEqual([ids.size, fields.size]);
        }
      }),
    );
  });
});

describe('the corpus store', () => {
  it(
    "changes the index in place for articles added, removed, replaced: a full build's answers, the old index untouched, a failed change changing nothing",
    SLOW,
    async () => {
      const dir = await temp.corpus();
      const repository = new FolderRepository(dir);
      const store = await CorpusStore.open(repository);
      const inPlace = vi.spyOn(SearchEngine.prototype, 'withCorpus');
      const article = (title: string, body: string) => ({
        bytes: new TextEncoder().encode(
          `---\ntitle: ${title}\nlang: vi\nurl: https://example.com/${title.replace(/ /g, '-')}\n---\n${body}\n`,
        ),
      });
      const says = [
        'Liên doanh AliExpress Nga khai trương kho hàng mới ở Kazan.',
        'Tập đoàn MegaFon góp thêm vốn cho liên doanh thương mại điện tử.',
        'Quỹ RDIF cho biết doanh thu của AliExpress tại Nga tăng mạnh.',
      ];
      try {
        // Each change: made in place, answering as a full build, the index it replaced answering as it did.
        const check = async (change: () => Promise<unknown>) => {
          const before = store.engine;
          const said = answers(before);
          inPlace.mockClear();
          await change();
          expect(inPlace.mock.results.at(-1)?.value).toBeInstanceOf(SearchEngine);
          expect(store.engine).toBe(inPlace.mock.results.at(-1)?.value);
          expect(answers(store.engine)).toEqual(answers(new SearchEngine(store.corpus)));
          expect(answers(before)).toEqual(said);
        };
        // First in corpus order (numbered last, ranked first), and last.
        await check(() => store.add({ name: 'alibaba-a-extra.md', ...article('Extra A', says[0]!) }, { by: 'test' }));
        await check(() => store.add({ name: 'zz-extra.md', ...article('Extra Z', says[1]!) }, { by: 'test' }));
        await check(() => store.remove('alibaba-a-extra', 'test'));
        await check(() =>
          store.add(
            { name: 'zz-extra.md', ...article('Extra Z', `${says[2]!}\n\n${says[0]!}`) },
            { replace: true, by: 'test' },
          ),
        );
        // A change whose write fails after its index was made: refused, the index answering as it did.
        const answering = store.engine;
        const said = answers(answering);
        const change = repository.change.bind(repository);
        repository.change = async (by, plan) =>
          change(by, async (current) => {
            await plan(current);
            throw new Error('disk full');
          });
        await expect(
          store.add({ name: 'ab-extra.md', ...article('Extra B', says[1]!) }, { by: 'test' }),
        ).rejects.toThrow('disk full');
        expect(inPlace.mock.results.at(-1)?.value).toBeInstanceOf(SearchEngine);
        expect(store.engine).toBe(answering);
        expect(answers(store.engine)).toEqual(said);
        repository.change = change;
        await check(() => store.add({ name: 'ab-extra.md', ...article('Extra B', says[1]!) }, { by: 'test' }));
      } finally {
        inPlace.mockRestore();
        await store.close();
      }
      // Saved after the changes (a change in place saves nothing itself): the next start loads it.
      const files = await readCorpusDir(dir);
      expect(
        (await loadSaved(path.join(dir, INDEX_FILE), indexKey({ files, options: { ...defaultEngineOptions } }))).saved,
      ).toBeDefined();
    },
  );

  it(
    'keeps answering from the old index while a large corpus is loaded and indexed off the event loop',
    SLOW,
    async () => {
      const dir = await temp.corpus();
      const big = (await benchCorpus('synthetic', 3_000)).passages;
      // Enough text that loading and indexing go to worker threads (over OFF_THREAD_BYTES).
      for (let a = 0; a < 6; a++) {
        const body = big
          .slice(a * 500, (a + 1) * 500)
          .filter((p) => p.lang === 'vi')
          .map((p) => p.text)
          .join('\n\n');
        await writeFile(
          path.join(dir, `big-${a}.md`),
          `---\ntitle: Big ${a}\nlang: vi\nurl: https://example.com/big-${a}\n---\n${body.repeat(2)}\n`,
        );
      }
      const store = await CorpusStore.open(new FolderRepository(dir));
      const before = store.engine;
      await writeFile(
        path.join(dir, 'extra.md'),
        '---\ntitle: Extra\nlang: vi\nurl: https://example.com/extra\n---\nKhinh khí cầu màu tím bay qua Moskva.\n',
      );
      // Added in place or rebuilt, the reload must let the event loop turn while the worker loads the folder.
      let turns = 0;
      let engineMeanwhile: SearchEngine | undefined;
      const tick = setInterval(() => {
        turns++;
        engineMeanwhile ??= store.engine;
      }, 1);
      try {
        await store.reload('test');
      } finally {
        clearInterval(tick);
      }
      expect(turns).toBeGreaterThan(0);
      expect(engineMeanwhile).toBe(before);
      expect(store.engine).not.toBe(before);
      expect(store.engine.search('khinh khí cầu tím', { lang: 'vi' })[0]?.passage.source).toBe('extra');
      expect(answers(store.engine)).toEqual(answers(new SearchEngine(store.corpus)));
    },
  );
});
