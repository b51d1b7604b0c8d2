import { isMainThread, type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { buildCorpus, CorpusError, type CorpusFile } from '../corpus/load.ts';
import type { Corpus } from '../types.ts';
import {
  type Analysed,
  type AnalyseJob,
  analyseWith,
  packedTexts,
  rangesOf,
  SPLIT_FROM,
  type Texts,
} from './analysis.ts';
import type { AnalyseReply } from './build.analyse.worker.ts';
import type { HelperPort, WorkerReply, WorkerRequest } from './build.ts';
import { vocabularyOf } from './keys.ts';
import { indexDataOf } from './engine.ts';
import type { IndexData } from './minisearch.ts';
import {
  buffersOf,
  indexKey,
  loadSaved,
  type PackedCorpus,
  packCorpus,
  saveSerialized,
  serializeSaved,
} from './saved.ts';

/**
 * The index build's worker thread (see build.ts). Started with a BuildRequest it loads the corpus and analyses it
 * (sharing the passages with a second thread, build.analyse.worker.ts, when it is given one), or loads the saved
 * index; started with a CorpusJob it only loads the corpus.
 */

/** Only load the corpus (for a change that may not need a full build). */
export interface CorpusJob {
  corpusOf: { dir: string; files: CorpusFile[] };
}

/** Its analysis, once it is done with the ranges it took. */
function analysedBy(port: MessagePort): Promise<Analysed> {
  return new Promise<Analysed>((resolve, reject) => {
    let settled = false;
    const settle = (reply: AnalyseReply) => {
      settled = true;
      if ('error' in reply) reject(new Error(`the second analysis thread failed: ${reply.error}`));
      else resolve(reply.analysed);
    };
    port.once('message', settle);
    port.once('close', () => {
      if (settled) return;
      // Its thread ended: its reply may still be queued behind the close.
      const queued = receiveMessageOnPort(port);
      if (queued) settle(queued.message as AnalyseReply);
      else reject(new Error('the second analysis thread ended without its analysis'));
    });
  });
}

/**
 * Analyse the passages here, with the helper when there is one (each taking the next range in turn); a helper not
 * given its job yet is given it here, or let go when there are too few passages to share.
 */
async function analyseSplit(
  texts: Texts,
  job: Omit<AnalyseJob, 'next'>,
  helper: HelperPort | undefined,
): Promise<Analysed[]> {
  if (helper && texts.length < SPLIT_FROM) helper.port.close();
  if (!helper || texts.length < SPLIT_FROM) return [analyseWith(texts, job.han, job.vocabulary)];
  const analysed = analysedBy(helper.port);
  // A failure before this thread is done is reported when it is waited for.
  analysed.catch(() => undefined);
  if (!helper.given) helper.port.postMessage({ ...job, next: helper.next } satisfies AnalyseJob);
  const first = analyseWith(texts, job.han, job.vocabulary, rangesOf(helper.next, texts.length));
  return [first, await analysed];
}

async function build(request: WorkerRequest): Promise<void> {
  const port = parentPort!;
  const given = 'packed' in request ? request.packed : undefined;
  const key = request.key ?? (request.cacheFile ? indexKey(request) : '');
  // Given a key, the saved index was found stale already (build.ts); told to skip it, loading it failed. A corpus the
  // caller gave is not read from it.
  const found =
    request.cacheFile && request.key === undefined && !request.skipSaved
      ? await loadSaved(request.cacheFile, key, { corpus: !given })
      : {};
  let packed: PackedCorpus;
  let data: IndexData;
  if (found.saved) ({ corpus: packed = given!, data } = found.saved);
  else {
    const han = request.options.han ?? 'bigram';
    // A corpus given packed is read where it is (its texts are shared with the calling thread), not unpacked.
    let texts: Texts;
    if ('packed' in request) {
      packed = request.packed;
      texts = packedTexts(packed.passages.texts, packed.passages.textEnds);
    } else {
      let corpus: Corpus;
      try {
        corpus = buildCorpus(request.dir, request.files);
      } catch (err) {
        if (!(err instanceof CorpusError)) throw err;
        request.helper?.port.close();
        port.postMessage({ corpusError: err.problems } satisfies WorkerReply);
        return;
      }
      packed = packCorpus(corpus);
      texts = corpus.passages.map((p) => p.text);
    }
    const { texts: units, textEnds: ends } = packed.passages;
    const job = { texts: units, ends, han, vocabulary: vocabularyOf(packed) };
    data = indexDataOf(await analyseSplit(texts, job, request.helper));
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
  const job = workerData as WorkerRequest | CorpusJob;
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
  } else {
    build(job).catch((err: unknown) =>
      port.postMessage({
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } satisfies WorkerReply),
    );
  }
}
