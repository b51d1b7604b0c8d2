import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { buildCorpus, CorpusError, type CorpusFile } from '../corpus/load.ts';
import { Lexicon, type LexiconEntry } from '../text/lexicon.ts';
import { type Analysed, analysePassages, joinAnalyses } from './analysis.ts';
import type { EngineOptions } from './options.ts';
import type { BuildRequest, Built, WorkerReply } from './build.ts';
import { lexiconEntries } from './keys.ts';
import { indexDataOf, segmenterForms } from './engine.ts';
import { Segmenter } from './segment.ts';
import type { IndexData } from './minisearch.ts';
import { sibling, startWorker } from './thread.ts';
import type { HanMode } from './tokenize.ts';

/**
 * The index build's worker thread (see build.ts). Started with a BuildRequest it loads the corpus and analyses it,
 * or loads the saved index; started with an AnalyseJob it analyses its share of the passages for the first.
 */

interface AnalyseJob {
  analyse: { texts: string[]; han: HanMode; entries: LexiconEntry[]; forms: string[] };
}

/** Only load the corpus (for a change that may not need a full build). */
export interface CorpusJob {
  corpusOf: { dir: string; files: CorpusFile[] };
}

/** Bump when what is saved changes shape. */
const FORMAT = 'deal-qa-index/2';

/** Fewer passages than this are analysed on one thread: a second one costs more to start than it saves. */
const SPLIT_FROM = 4_000;

const here = path.dirname(fileURLToPath(import.meta.url));

function packageVersion(name: string): string {
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve(name));
    while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

/**
 * What a saved index depends on besides the files: the code that reads, cleans, splits and analyses them (these
 * folders' files), the engine options, and the versions of MiniSearch, OpenCC and Node (its ICU segments Chinese).
 */
function buildFingerprint(options: EngineOptions): string {
  const hash = createHash('sha256').update(FORMAT).update(JSON.stringify(options));
  for (const dir of [here, path.join(here, '../corpus'), path.join(here, '../text')]) {
    for (const name of readdirSync(dir).sort()) {
      if (/\.(ts|js)$/.test(name)) hash.update(name).update(readFileSync(path.join(dir, name)));
    }
  }
  hash.update(`minisearch@${packageVersion('minisearch')} opencc-js@${packageVersion('opencc-js')}`);
  hash.update(`node@${process.version} icu@${process.versions.icu ?? '?'}`);
  return hash.digest('hex');
}

/** The saved index's version: the build's fingerprint and the corpus's content (every file's name and bytes). */
function indexKey(request: BuildRequest): string {
  const hash = createHash('sha256').update(buildFingerprint(request.options ?? {}));
  if (request.files) {
    for (const f of [...request.files].sort((a, b) => (a.name < b.name ? -1 : 1)))
      hash.update(`${f.name}\0${f.bytes.byteLength}\0`).update(f.bytes);
  } else if ('corpus' in request) {
    const { passages, entities, glossary, chat } = request.corpus;
    hash.update(JSON.stringify({ passages, entities, glossary, chat }));
  }
  return hash.digest('hex');
}

interface Saved {
  key: string;
  corpus: Built['corpus'];
  data: IndexData;
}

async function loadSaved(file: string, key: string): Promise<Saved | undefined> {
  try {
    const saved = deserialize(await readFile(file)) as Saved;
    return saved.key === key ? saved : undefined;
  } catch {
    // Missing, unreadable or from another format: build instead.
    return undefined;
  }
}

async function save(file: string, saved: Saved): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(tmp, serialize(saved));
    await rename(tmp, file);
  } catch {
    // A cache: the next start builds again.
    await unlink(tmp).catch(() => undefined);
  }
}

/** Analyse the second half of `texts` in another worker while this one does the first. */
function analyseWith(texts: string[], han: HanMode, entries: LexiconEntry[], forms: string[]): Analysed {
  return analysePassages(texts, { han, segmenter: new Segmenter(forms) }, new Lexicon(entries));
}

async function analyseSplit(texts: string[], han: HanMode, corpus: Built['corpus'], threads: number) {
  const entries = lexiconEntries(corpus);
  const forms = segmenterForms(corpus);
  if (threads < 2 || texts.length < SPLIT_FROM) return analyseWith(texts, han, entries, forms);
  const half = Math.ceil(texts.length / 2);
  const job: AnalyseJob = { analyse: { texts: texts.slice(half), han, entries, forms } };
  const helper = startWorker(sibling(import.meta.url, 'build.worker'), { workerData: job });
  const second = new Promise<Analysed>((resolve, reject) => {
    helper.once('message', resolve);
    helper.once('error', reject);
    helper.once('exit', (code) => reject(new Error(`the second analysis thread exited (${code})`)));
  });
  const first = analyseWith(texts.slice(0, half), han, entries, forms);
  return joinAnalyses([first, await second]);
}

async function build(request: BuildRequest & { threads: number }): Promise<void> {
  const port = parentPort!;
  const key = request.cacheFile ? indexKey(request) : '';
  const saved = request.cacheFile ? await loadSaved(request.cacheFile, key) : undefined;
  let corpus: Built['corpus'];
  let data: IndexData;
  if (saved) ({ corpus, data } = saved);
  else {
    if ('corpus' in request) corpus = request.corpus;
    else {
      try {
        corpus = buildCorpus(request.dir, request.files);
      } catch (err) {
        if (!(err instanceof CorpusError)) throw err;
        port.postMessage({ corpusError: err.problems } satisfies WorkerReply);
        return;
      }
    }
    const analysed = await analyseSplit(
      corpus.passages.map((p) => p.text),
      request.options?.han ?? 'bigram',
      corpus,
      request.threads,
    );
    data = indexDataOf(analysed);
  }
  // A corpus the caller gave is not sent back.
  const reply: WorkerReply = {
    ok: { corpus: 'corpus' in request ? emptyCorpus : corpus, data, fromCache: Boolean(saved) },
  };
  const { lexis, postings, lengths } = data;
  // A loaded index's arrays may share one buffer: move each buffer once.
  const buffers = [
    ...new Set([lexis.starts, lexis.slots, postings.starts, postings.docs, postings.tfs, lengths].map((a) => a.buffer)),
  ];
  if (saved || !request.cacheFile) {
    port.postMessage(reply, buffers as ArrayBuffer[]);
    return;
  }
  // Copied rather than moved: this thread saves them next.
  port.postMessage(reply);
  await save(request.cacheFile, { key, corpus, data });
}

const emptyCorpus: Built['corpus'] = { dir: '', sources: [], passages: [], entities: [], glossary: [], chat: [] };

if (!isMainThread) {
  const job = workerData as (BuildRequest & { threads: number }) | AnalyseJob | CorpusJob;
  const port = parentPort!;
  if ('corpusOf' in job) {
    try {
      port.postMessage({ corpus: buildCorpus(job.corpusOf.dir, job.corpusOf.files) });
    } catch (err) {
      port.postMessage(
        err instanceof CorpusError
          ? ({ corpusError: err.problems } satisfies WorkerReply)
          : ({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerReply),
      );
    }
  } else if ('analyse' in job) {
    const { texts, han, entries, forms } = job.analyse;
    const a = analyseWith(texts, han, entries, forms);
    port.postMessage(a, [a.offsets.buffer as ArrayBuffer, a.ids.buffer as ArrayBuffer, a.tfs.buffer as ArrayBuffer]);
  } else {
    build(job).catch((err: unknown) =>
      port.postMessage({
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } satisfies WorkerReply),
    );
  }
}
