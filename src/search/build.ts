import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { buildCorpus, CorpusError, type CorpusFile } from '../corpus/load.ts';
import type { Corpus } from '../types.ts';
import { type AnalyseJob, analyseWith, SPLIT_FROM } from './analysis.ts';
import { indexDataOf, SearchEngine } from './engine.ts';
import { vocabularyOf } from './keys.ts';
import { defaultEngineOptions, type EngineOptions } from './options.ts';
import type { IndexData } from './minisearch.ts';
import { indexKey, loadSaved, type PackedCorpus, packCorpus, save, unpackCorpus } from './saved.ts';
import { sibling, startWorker } from './thread.ts';

/**
 * Loading a corpus folder and indexing it off the event loop, so the bot answers from the old index meanwhile.
 *
 * A worker thread (build.worker.ts) validates and splits the files (`buildCorpus`), analyses every passage once —
 * splitting the passages with a second worker when there are many and a second core — and inverts the analysis
 * into postings. What comes back is typed arrays (moved, not copied) and the corpus as plain data; this thread then
 * only wraps them for MiniSearch (see minisearch.ts). When the saved index beside the corpus was made from the same
 * files, by the same code, with the same options and package versions, no worker is started: this thread lays it
 * out while libuv's threads read and check it (see `loadSaved`).
 */

/**
 * The corpus folder's files (the corpus is loaded in the worker), or a corpus already loaded (with the files it
 * was loaded from, if any: a saved index is versioned by the files' bytes, else by the corpus's content).
 */
export type BuildRequest = ({ dir: string; files: CorpusFile[] } | { corpus: Corpus; files?: CorpusFile[] }) & {
  options?: EngineOptions;
  /** Where the index is saved and loaded from; none: neither. */
  cacheFile?: string;
  /**
   * Whether a small corpus built on this thread is saved (default true). A change of the corpus says false: it is
   * built before anything is written, and a refused change must write nothing; the next start saves it.
   */
  saveSmall?: boolean;
  /** Threads that analyse passages (default: the cores there are, at most 2). */
  threads?: number;
  /** Work in worker threads (default: when the files are at least OFF_THREAD_BYTES). */
  offThread?: boolean;
  /**
   * Told why a saved index that was there could not be used (truncated, damaged, unreadable), before it is built
   * again instead; default: a process warning (`process.emitWarning`), which Node prints on stderr.
   */
  warn?: (message: string) => void;
};

/**
 * The second thread that analyses passages (build.analyse.worker.ts), which the calling thread started: the port to
 * it, and the counter of ranges shared with it (see `rangesOf`). `given`: the calling thread gave it its job.
 */
export interface HelperPort {
  port: MessagePort;
  next: Int32Array;
  given: boolean;
}

/** What the build worker is started with: the request, a given corpus packed into columns (see saved.ts). */
export type WorkerRequest = ({ dir: string; files: CorpusFile[] } | { packed: PackedCorpus; files?: CorpusFile[] }) & {
  options: EngineOptions;
  cacheFile?: string;
  /** The second thread that analyses passages, when there is one (see `startHelper`). */
  helper?: HelperPort;
  /** The saved index's version, when the saved index was found stale (it is saved at this key). */
  key?: string;
  /** Build without looking at the saved index (loading it failed): what is built is saved over it. */
  skipSaved?: boolean;
};

/** Say why the saved index that was there is not used (it is built again instead): to `warn`, or on stderr. */
function notUsed(request: BuildRequest, problem: string): void {
  const message = `saved index not used, built again: ${problem}`;
  if (request.warn) request.warn(message);
  else process.emitWarning(message, 'SavedIndexWarning');
}

/**
 * Below this many bytes of corpus files, loading and indexing take a few milliseconds and run on the calling
 * thread: starting a worker would cost more, and nothing is saved. From this size on they run in workers.
 */
export const OFF_THREAD_BYTES = 256 * 1024;

function offThread(files: readonly CorpusFile[] | undefined, force?: boolean, corpus?: Corpus): boolean {
  if (force !== undefined) return force;
  const bytes = files
    ? files.reduce((sum, f) => sum + f.bytes.byteLength, 0)
    : (corpus?.passages ?? []).reduce((sum, p) => sum + p.text.length * 2, 0);
  return bytes >= OFF_THREAD_BYTES;
}

export interface Built {
  corpus: Corpus;
  data: IndexData;
  /** True when the saved index was loaded instead of analysing the passages. */
  fromCache: boolean;
}

/**
 * What the worker answers: the corpus packed into columns (none when the caller gave it), which this thread unpacks
 * in a few milliseconds where receiving 100,000 passage objects would hold it for most of a second.
 */
export type WorkerReply =
  | { ok: { corpus: PackedCorpus | undefined; data: IndexData; fromCache: boolean; problem?: string } }
  | { corpusError: string[] }
  | { error: string };

/**
 * From this many bytes of corpus files a folder's passages are shared with a second thread (about SPLIT_FROM passages;
 * the build worker lets the helper go when they turn out fewer).
 */
const SPLIT_BYTES = 1024 * 1024;

/**
 * The second thread that analyses passages (build.analyse.worker.ts), started before the build worker so that it has
 * loaded while this thread packs the corpus and the build worker loads: none when there are too few passages to
 * share. `give` hands it its job, when this thread knows the passages (a corpus given loaded); else the build worker
 * does, once it has loaded the folder.
 */
function startHelper(request: BuildRequest, failed: (err: Error) => void) {
  const many =
    'corpus' in request
      ? request.corpus.passages.length >= SPLIT_FROM
      : request.files.reduce((sum, f) => sum + f.bytes.byteLength, 0) >= SPLIT_BYTES;
  if (!many) return undefined;
  const { port1, port2 } = new MessageChannel();
  const w = startWorker(sibling(import.meta.url, 'build.analyse.worker'), {
    workerData: { port: port2 },
    transferList: [port2],
  });
  // It never keeps the process alive. A failure it catches goes to the build worker, which reports it; one it does not
  // (it could not start) fails the build here.
  w.unref();
  w.on('error', failed);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const port: HelperPort = { port: port1, next, given: 'corpus' in request };
  return {
    port,
    moved: [port1],
    give(packed: PackedCorpus, han: EngineOptions['han']) {
      const { texts, textEnds: ends } = packed.passages;
      w.postMessage({ texts, ends, han: han ?? 'bigram', vocabulary: vocabularyOf(packed), next } satisfies AnalyseJob);
    },
  };
}

/**
 * Run the build in a worker thread; the result's buffers are moved to this thread. `done()` settles when the worker
 * has finished, having saved the index if it was asked to (a caller need not wait for it: once the result is here,
 * the worker no longer keeps the process alive, unless `done()` is waited for).
 */
export function buildInWorker(request: BuildRequest): { built: Promise<Built>; done: () => Promise<void> } {
  const threads = request.threads ?? Math.min(2, availableParallelism());
  const options = { ...defaultEngineOptions, ...request.options };
  const common = { options, ...(request.cacheFile ? { cacheFile: request.cacheFile } : {}) };
  const files = request.files ? { files: request.files } : {};
  // Packed when it is first needed: a helper started for a build loads its modules meanwhile.
  let made: WorkerRequest | undefined;
  const jobOf = (): WorkerRequest =>
    (made ??=
      'corpus' in request
        ? { ...common, ...files, packed: packCorpus(request.corpus) }
        : { ...common, dir: request.dir, files: request.files });
  // The build worker, once started (none when the saved index is loaded).
  let worker: Worker | undefined;
  let exited = Promise.resolve();
  const start = (name: string, data: WorkerRequest, transferList?: MessagePort[]) => {
    const w = startWorker(sibling(import.meta.url, name), {
      workerData: data,
      ...(transferList ? { transferList } : {}),
    });
    worker = w;
    exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    return w;
  };
  const built = new Promise<Built>((resolve, reject) => {
    const finish = (reply: WorkerReply) => {
      if ('ok' in reply) {
        const { corpus, data, fromCache, problem } = reply.ok;
        if (problem) notUsed(request, problem);
        resolve({ corpus: 'corpus' in request ? request.corpus : unpackCorpus(corpus!), data, fromCache });
      } else if ('corpusError' in reply) reject(new CorpusError(reply.corpusError));
      else reject(new Error(`index build failed: ${reply.error}`));
    };
    const build = (more: Pick<WorkerRequest, 'key' | 'skipSaved'> = {}) => {
      let settled = false;
      const helper =
        threads >= 2
          ? startHelper(request, (err) => {
              if (settled) return;
              settled = true;
              void w.terminate();
              reject(new Error(`index build failed: the second analysis thread failed (${err.message})`));
            })
          : undefined;
      let job: WorkerRequest;
      try {
        job = jobOf();
      } catch (err) {
        helper?.port.port.close();
        throw err;
      }
      if (helper && 'packed' in job) helper.give(job.packed, options.han);
      const w = start('build.worker', { ...job, ...more, ...(helper ? { helper: helper.port } : {}) }, helper?.moved);
      w.once('message', (reply: WorkerReply) => {
        settled = true;
        // It may still be saving the index: that must not keep the process alive.
        w.unref();
        finish(reply);
      });
      w.once('error', (err) => {
        if (!settled) reject(err);
      });
      w.once('exit', (code) => {
        if (!settled) reject(new Error(`index build failed: its worker thread exited (${code}) without a result`));
      });
    };
    // A saved index is loaded on this thread, which only lays it out: the file is read and checked on libuv's
    // threads meanwhile (see loadSaved). When it is stale, the build worker is started with its version.
    if (!request.cacheFile || !existsSync(request.cacheFile)) {
      build();
      return;
    }
    const cacheFile = request.cacheFile;
    const loaded = async () => {
      // A corpus given loaded is hashed as it is, not packed (packing it is left to a build), and not read back.
      const given = 'corpus' in request;
      const key = given ? indexKey({ ...common, ...files, corpus: request.corpus }) : indexKey(jobOf());
      const found = await loadSaved(cacheFile, key, { corpus: !given });
      if (found.saved) {
        const { corpus, data } = found.saved;
        resolve({ corpus: given ? request.corpus : unpackCorpus(corpus!), data, fromCache: true });
        return;
      }
      if (found.problem) notUsed(request, found.problem);
      build({ key });
    };
    // Whatever else went wrong, the build worker can still build, without looking at the saved index again.
    loaded().catch((err: unknown) => {
      notUsed(request, `${cacheFile}: not loaded (${err instanceof Error ? err.message : String(err)})`);
      build({ skipSaved: true });
    });
  });
  return {
    built,
    done: async () => {
      await built.catch(() => undefined);
      worker?.ref();
      return exited;
    },
  };
}

/** Run `job` in a worker and wait for its one message. */
function once<T>(job: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(sibling(import.meta.url, 'build.worker'), { workerData: job });
    let settled = false;
    worker.once('message', (reply: T | { corpusError: string[] } | { error: string }) => {
      settled = true;
      if (reply && typeof reply === 'object' && 'corpusError' in reply) reject(new CorpusError(reply.corpusError));
      else if (reply && typeof reply === 'object' && 'error' in reply)
        reject(new Error(`corpus load failed: ${reply.error}`));
      else resolve(reply);
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`corpus load failed: its worker thread exited (${code}) without a result`));
    });
  });
}

/**
 * Validate and load corpus files (`buildCorpus`), in a worker thread unless they are small. Throws its CorpusError.
 */
export async function loadCorpusFiles(dir: string, files: CorpusFile[], force?: boolean): Promise<Corpus> {
  if (!offThread(files, force)) return buildCorpus(dir, files);
  return unpackCorpus((await once<{ corpus: PackedCorpus }>({ corpusOf: { dir, files } })).corpus);
}

/**
 * Load and index `files` off this thread: the corpus and its search engine. Throws the CorpusError of a folder
 * that does not load. The engine answers as `new SearchEngine(corpus, options)` would (a test compares them).
 */
export async function buildEngine(
  request: BuildRequest,
): Promise<{ engine: SearchEngine; fromCache: boolean; saved: () => Promise<void> }> {
  if (!offThread(request.files, request.offThread, 'corpus' in request ? request.corpus : undefined))
    return buildHere(request);
  const { built, done } = buildInWorker(request);
  const b = await built;
  return {
    engine: SearchEngine.fromIndexData(b.corpus, b.data, request.options),
    fromCache: b.fromCache,
    saved: done,
  };
}

/**
 * A small corpus, on this thread: the saved index when it is of these files, code and options (a CLI call then
 * neither parses the YAML nor reads the Vietnamese dictionary), else built here and saved for the next start.
 */
async function buildHere(
  request: BuildRequest,
): Promise<{ engine: SearchEngine; fromCache: boolean; saved: () => Promise<void> }> {
  // The options in full, as the worker is given them: the same folder has one saved index whichever thread built it.
  const options = { ...defaultEngineOptions, ...request.options };
  const given = 'corpus' in request ? request.corpus : undefined;
  // The key the workers would work out (a corpus given loaded hashes the same packed or not).
  const key = request.cacheFile ? indexKey({ files: request.files, corpus: given, options }) : '';
  const found = request.cacheFile ? await loadSaved(request.cacheFile, key, { corpus: !given }) : {};
  if (found.problem) notUsed(request, found.problem);
  if (found.saved) {
    // A file that passed the checks may still fail to unpack (as in buildInWorker): built.
    try {
      const corpus = given ?? unpackCorpus(found.saved.corpus!);
      return {
        engine: SearchEngine.fromIndexData(corpus, found.saved.data, request.options),
        fromCache: true,
        saved: done,
      };
    } catch (err) {
      notUsed(request, `${request.cacheFile!}: not loaded (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  const corpus = 'corpus' in request ? request.corpus : buildCorpus(request.dir, request.files);
  if (!request.cacheFile || request.saveSmall === false)
    return { engine: new SearchEngine(corpus, request.options), fromCache: false, saved: done };
  // As the build worker does (build.worker.ts), so that what is saved is what a worker would have saved.
  const texts = corpus.passages.map((p) => p.text);
  const data = indexDataOf(analyseWith(texts, options.han, vocabularyOf(corpus)));
  // Written before the start goes on (a few milliseconds): whoever looks at the folder next sees it complete.
  await save(request.cacheFile, key, { corpus: packCorpus(corpus), data });
  return { engine: SearchEngine.fromIndexData(corpus, data, request.options), fromCache: false, saved: done };
}

const done = () => Promise.resolve();
