import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { SavedReply, WorkerRequest } from './build.ts';
import { buffersOf, indexKey, loadSaved } from './saved.ts';

/**
 * The saved index's worker thread (see build.ts): it loads the saved index when it is of this request's version,
 * and otherwise says so, with the version (the build worker saves it at that key) and why the file could not be used.
 * It imports only saved.ts: it starts in a fraction of the time the build worker takes to load the whole analysis.
 */

if (!isMainThread) {
  const job = workerData as WorkerRequest & { cacheFile: string };
  const port = parentPort!;
  try {
    const given = 'packed' in job ? job.packed : undefined;
    const key = indexKey(job);
    const { saved, problem } = loadSaved(job.cacheFile, key);
    if (saved) {
      const reply: SavedReply = { ok: { corpus: given ? undefined : saved.corpus, data: saved.data, fromCache: true } };
      port.postMessage(reply, buffersOf(reply.ok.corpus, saved.data));
    } else port.postMessage({ stale: { key, ...(problem ? { problem } : {}) } } satisfies SavedReply);
  } catch (err) {
    port.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies SavedReply);
  }
}
