import type { Config } from '../config.ts';
import { CorpusError } from '../corpus/load.ts';
import type { Logger } from '../log.ts';
import { watchCorpus } from '../store/watch.ts';
import type { App } from './runtime.ts';

/**
 * What every long-running entry (`npm start`, `npm run serve`) does besides answering; stopping is in ./stop.ts.
 */

/**
 * Log every change of the corpus answers are read from (made here, or by another replica when the corpus is in
 * PostgreSQL), and the connection to the corpus database lost and back. With CORPUS_WATCH reload the corpus when
 * its folder changes (a folder that does not load is logged and the old index keeps answering). `close()` stops
 * watching.
 */
export function followCorpus(app: App, config: Pick<Config, 'corpusWatch'>, logger: Logger): { close(): void } {
  app.store.onChange((c) =>
    logger.info(
      {
        by: c.status.loadedBy,
        version: c.status.version,
        added: c.added,
        removed: c.removed,
        changed: c.changed,
        passagesAdded: c.passagesAdded,
        passagesRemoved: c.passagesRemoved,
        passages: c.status.passages,
      },
      'corpus changed',
    ),
  );
  app.store.onSync((event) => {
    if (event.type === 'disconnected')
      logger.warn({ err: event.err }, 'corpus database: connection lost, answering from the index held');
    else if (event.type === 'reconnected') logger.info('corpus database: connection back, version re-read');
    else
      logger.error(
        { err: event.err },
        'corpus database: a newer version could not be loaded, the old index keeps serving',
      );
  });
  if (!config.corpusWatch) return { close: () => undefined };
  if (app.store.repository.kind !== 'folder') {
    logger.warn('CORPUS_WATCH is for a corpus folder; with DATABASE_URL every change is followed anyway');
    return { close: () => undefined };
  }
  return watchCorpus(app.store, {
    changed: () => undefined, // the onChange listener above logs every change
    failed: (err) =>
      logger.warn(
        {
          problems: err instanceof CorpusError ? err.problems : undefined,
          err: err instanceof CorpusError ? undefined : err,
        },
        'corpus watch: reload refused, the old index keeps serving',
      ),
  });
}

/**
 * The feedback log of a long-running process: a failure is a warning in the log and never reaches a member, and
 * what is older than the retention is deleted now and then daily.
 */
export function keepFeedback(app: App, logger: Logger): void {
  app.onFeedbackError = (err, what) => logger.warn({ err, what }, 'feedback not recorded');
  app.feedback?.startPurging();
}
