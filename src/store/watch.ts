import { type FSWatcher, watch } from 'node:fs';
import type { ChangeSummary } from '../types.ts';
import { CorpusBusyError } from './changes.ts';
import type { CorpusStore } from './corpus-store.ts';

/**
 * CORPUS_WATCH=1: reload when files in the corpus folder change, once things have been quiet for `debounceMs`
 * (editors write a file in several steps). A folder that does not load is reported and the old index stays.
 */
export function watchCorpus(
  store: CorpusStore,
  report: { changed(summary: ChangeSummary): void; failed(err: unknown): void },
  debounceMs = 750,
): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const run = () => {
    timer = undefined;
    store.reload('watch').then(
      (summary) => {
        if (!closed) report.changed(summary);
      },
      (err: unknown) => {
        // Someone else is changing the corpus: look again once they are done.
        if (err instanceof CorpusBusyError) schedule();
        else if (!closed) report.failed(err);
      },
    );
  };
  const schedule = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };
  const watcher: FSWatcher = watch(store.dir, (_event, name) => {
    // Our own temporary files and the trash are not corpus files.
    if (name && (name.endsWith('.tmp') || name.startsWith('.'))) return;
    schedule();
  });
  watcher.on('error', (err) => report.failed(err));
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
