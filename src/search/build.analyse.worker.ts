import { isMainThread, type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { type Analysed, type AnalyseJob, analyseWith, packedTexts, rangesOf } from './analysis.ts';

/**
 * The second thread that analyses passages (see build.worker.ts). The calling thread starts it beside the build
 * worker, so that it has loaded (the analysis's modules only) by the time the passages are known: it then takes
 * ranges of them in turn with the build worker, as soon as its job comes. The job comes from the calling thread (a
 * corpus given loaded: it knows the passages first) or from the build worker over `port` (a folder it loads); the
 * analysis goes to the build worker over `port`. That port closing before a job came (too few passages to share, or
 * the build failed) ends the thread.
 */

/** What the build worker gets over the port. */
export type AnalyseReply = { analysed: Analysed } | { error: string };

function analyse(job: AnalyseJob): Analysed {
  const { texts, ends, han, vocabulary, next } = job;
  return analyseWith(packedTexts(texts, ends), han, vocabulary, rangesOf(next, ends.length));
}

if (!isMainThread) {
  const port = (workerData as { port: MessagePort }).port;
  const parent = parentPort!;
  const stop = () => {
    parent.off('message', run);
    port.off('message', run);
  };
  function run(job: AnalyseJob): void {
    stop();
    let reply: AnalyseReply;
    let moved: ArrayBuffer[] = [];
    try {
      const a = analyse(job);
      reply = { analysed: a };
      const m = a.mentions;
      moved = [a.offsets, a.ids, a.tfs, a.dfs, m.ends, m.keys, m.starts, m.stops].map(
        (array) => array.buffer as ArrayBuffer,
      );
    } catch (err) {
      reply = { error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    port.postMessage(reply, moved);
    port.close();
  }
  parent.on('message', run);
  port.on('message', run);
  port.once('close', stop);
}
