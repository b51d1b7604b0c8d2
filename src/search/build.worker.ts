import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { buildCorpus, CorpusError, type CorpusFile } from '../corpus/load.ts';
import type { Corpus } from '../types.ts';
import type { LexiconEntry } from '../text/lexicon.ts';
import { type Analysed, analysePassages, joinAnalyses } from './analysis.ts';
import type { WorkerReply, WorkerRequest } from './build.ts';
import { corpusLexicon, lexiconEntries } from './keys.ts';
import { indexDataOf, segmenterForms } from './engine.ts';
import { Segmenter } from './segment.ts';
import type { IndexData } from './minisearch.ts';
import {
  buffersOf,
  indexKey,
  loadSaved,
  type PackedCorpus,
  packCorpus,
  saveSerialized,
  serializeSaved,
  unpackCorpus,
} from './saved.ts';
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

/** Fewer passages than this are analysed on one thread: a second one costs more to start than it saves. */
const SPLIT_FROM = 4_000;

/** Analyse the second half of `texts` in another worker while this one does the first. */
function analyseWith(texts: string[], han: HanMode, entries: LexiconEntry[], forms: string[]): Analysed {
  return analysePassages(texts, { han, segmenter: new Segmenter(forms) }, corpusLexicon(entries));
}

async function analyseSplit(texts: string[], han: HanMode, corpus: Corpus, threads: number) {
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

async function build(request: WorkerRequest): Promise<void> {
  const port = parentPort!;
  const given = 'packed' in request ? request.packed : undefined;
  const key = request.key ?? (request.cacheFile ? indexKey(request) : '');
  // Given a key, the saved index was found stale already (build.saved.worker.ts); told to skip it, its loader failed.
  const found =
    request.cacheFile && request.key === undefined && !request.skipSaved ? loadSaved(request.cacheFile, key) : {};
  let corpus: Corpus;
  let packed: PackedCorpus;
  let data: IndexData;
  if (found.saved) ({ corpus: packed, data } = found.saved);
  else {
    if ('packed' in request) corpus = unpackCorpus(request.packed);
    else {
      try {
        corpus = buildCorpus(request.dir, request.files);
      } catch (err) {
        if (!(err instanceof CorpusError)) throw err;
        port.postMessage({ corpusError: err.problems } satisfies WorkerReply);
        return;
      }
    }
    packed = given ?? packCorpus(corpus);
    const analysed = await analyseSplit(
      corpus.passages.map((p) => p.text),
      request.options.han ?? 'bigram',
      corpus,
      request.threads,
    );
    data = indexDataOf(analysed);
  }
  // A corpus the caller gave is not sent back.
  const reply: WorkerReply = {
    ok: {
      corpus: given ? undefined : packed,
      data,
      fromCache: Boolean(found.saved),
      ...(found.problem ? { problem: found.problem } : {}),
    },
  };
  if (found.saved || !request.cacheFile) {
    port.postMessage(reply, buffersOf(reply.ok.corpus, data));
    return;
  }
  // Serialised for the save first, so that the arrays can then be moved to the calling thread rather than copied
  // (a copy is serialised here and deserialised there: at 100,000 passages, a tenth of a second of that thread).
  const body = serializeSaved({ corpus: packed, data });
  port.postMessage(reply, buffersOf(reply.ok.corpus, data));
  await saveSerialized(request.cacheFile, key, body);
}

if (!isMainThread) {
  const job = workerData as WorkerRequest | AnalyseJob | CorpusJob;
  const port = parentPort!;
  if ('corpusOf' in job) {
    try {
      const corpus = packCorpus(buildCorpus(job.corpusOf.dir, job.corpusOf.files));
      port.postMessage({ corpus }, buffersOf(corpus, undefined));
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
