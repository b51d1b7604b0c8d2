import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { buildCorpus, CorpusError, type CorpusFile } from '../corpus/load.ts';
import type { Corpus } from '../types.ts';
import type { LexiconEntry } from '../text/lexicon.ts';
import { type Analysed, analysePassages, type TakeRange } from './analysis.ts';
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
  analyse: {
    /** Every passage's text, one after another (`PassageColumns.texts`), and where each ends. */
    texts: string;
    ends: Uint32Array;
    han: HanMode;
    entries: LexiconEntry[];
    forms: string[];
    /** The first passage of the next range to take, shared by the threads that analyse (see {@link rangesOf}). */
    next: Int32Array;
  };
}

/** Only load the corpus (for a change that may not need a full build). */
export interface CorpusJob {
  corpusOf: { dir: string; files: CorpusFile[] };
}

/** Fewer passages than this are analysed on one thread: a second one costs more to start than it saves. */
const SPLIT_FROM = 4_000;

/** What the threads that analyse share: the corpus's names and terms, its words of several syllables. */
interface Vocabulary {
  entries: LexiconEntry[];
  forms: string[];
}

function analyseWith(texts: readonly string[], han: HanMode, v: Vocabulary, take?: TakeRange): Analysed {
  return analysePassages(texts, { han, segmenter: new Segmenter(v.forms) }, corpusLexicon(v.entries), take);
}

/**
 * The passages' ranges, taken in turn by the threads that share `next`: each takes the next range when it is done with
 * one, so both finish together however late the second one started or however fast each one goes.
 */
function rangesOf(next: Int32Array, count: number): TakeRange {
  const size = Math.max(64, Math.ceil(count / 256));
  return () => {
    const from = Atomics.add(next, 0, size);
    return from < count ? [from, Math.min(count, from + size)] : undefined;
  };
}

/** The second thread that analyses passages, started as soon as the passages are known; none for few passages. */
interface Helper {
  take: TakeRange;
  analysed: Promise<Analysed>;
}

function startHelper(packed: PackedCorpus, han: HanMode, threads: number, v: Vocabulary): Helper | undefined {
  const count = packed.passages.count;
  if (threads < 2 || count < SPLIT_FROM) return undefined;
  const next = new Int32Array(new SharedArrayBuffer(4));
  const { texts, textEnds: ends } = packed.passages;
  const job: AnalyseJob = { analyse: { texts, ends, han, ...v, next } };
  const helper = startWorker(sibling(import.meta.url, 'build.worker'), { workerData: job });
  const analysed = new Promise<Analysed>((resolve, reject) => {
    helper.once('message', resolve);
    helper.once('error', reject);
    helper.once('exit', (code) => reject(new Error(`the second analysis thread exited (${code})`)));
  });
  // Waited for once this thread has analysed its share; a failure before that is this thread's to report.
  analysed.catch(() => undefined);
  return { take: rangesOf(next, count), analysed };
}

/** Analyse the passages here, with the helper when there is one (each taking the next range in turn). */
async function analyseSplit(texts: readonly string[], han: HanMode, v: Vocabulary, helper: Helper | undefined) {
  if (!helper) return [analyseWith(texts, han, v)];
  const first = analyseWith(texts, han, v, helper.take);
  return [first, await helper.analysed];
}

function vocabularyOf(corpus: Pick<Corpus, 'entities' | 'glossary' | 'chat'>): Vocabulary {
  return { entries: lexiconEntries(corpus), forms: segmenterForms(corpus) };
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
    const han = request.options.han ?? 'bigram';
    let helper: Helper | undefined;
    let v: Vocabulary;
    // The second thread is started first: it starts up while this one unpacks the passages.
    if ('packed' in request) {
      v = vocabularyOf(request.packed);
      helper = startHelper(request.packed, han, request.threads, v);
      corpus = unpackCorpus(request.packed);
    } else {
      try {
        corpus = buildCorpus(request.dir, request.files);
      } catch (err) {
        if (!(err instanceof CorpusError)) throw err;
        port.postMessage({ corpusError: err.problems } satisfies WorkerReply);
        return;
      }
      v = vocabularyOf(corpus);
    }
    packed = given ?? packCorpus(corpus);
    helper ??= startHelper(packed, han, request.threads, v);
    data = indexDataOf(
      await analyseSplit(
        corpus.passages.map((p) => p.text),
        han,
        v,
        helper,
      ),
    );
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
    const { texts, ends, han, entries, forms, next } = job.analyse;
    const each = new Array<string>(ends.length);
    for (let n = 0, start = 0; n < ends.length; start = ends[n++]!) each[n] = texts.slice(start, ends[n]);
    const a = analyseWith(each, han, { entries, forms }, rangesOf(next, ends.length));
    const moved = [a.offsets, a.ids, a.tfs, a.dfs].map((array) => array.buffer as ArrayBuffer);
    port.postMessage(a, moved);
  } else {
    build(job).catch((err: unknown) =>
      port.postMessage({
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } satisfies WorkerReply),
    );
  }
}
