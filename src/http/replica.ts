import cluster from 'node:cluster';
import type { KeyObject } from 'node:crypto';
import { commands } from '../app/commands.ts';
import { followCorpus, keepFeedback } from '../app/process.ts';
import { type App, startApp } from '../app/runtime.ts';
import { exitAfter, onStopRequest } from '../app/stop.ts';
import { warmUp } from '../app/warmup.ts';
import type { Config } from '../config.ts';
import { CorpusError } from '../corpus/load.ts';
import type { Logger } from '../log.ts';
import { InteractionServer } from './server.ts';
import { batching, corpusIdentity, isRepliesMessage, ReplicaReplies } from './shared-replies.ts';

/** What a worker tells the primary. */
export interface WorkerMessage {
  type: 'ready';
}

/** One server process: listen at once (/healthz says "starting"), load and warm the index, then answer. */
export async function runServer(config: Config, publicKey: KeyObject, logger: Logger): Promise<void> {
  let server: InteractionServer | undefined = undefined;
  let watcher: { close(): void } = { close: () => undefined };
  let closeApp: (() => Promise<void>) | undefined = undefined;
  onStopRequest((signal) => {
    logger.info({ signal }, 'signal received');
    watcher.close();
    // The app last: it ends the connections to the corpus database.
    exitAfter(
      (server ? server.stop() : Promise.resolve()).then(() => closeApp?.()),
      logger,
    );
  });
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

  server = new InteractionServer({
    commands,
    publicKey,
    apiBase: config.apiBase,
    moderatorRoleIds: config.moderatorRoleIds,
    logger,
  });
  const started = performance.now();
  try {
    logger.info(await server.listen(config.port, config.host), 'listening');
    const app = await startApp(config, (err, ref) => logger.error({ err, ref }, 'command failed'));
    closeApp = () => {
      const r = app.replies;
      if (r) logger.info({ hits: r.hits, misses: r.misses, sharedHits: r.sharedHits, kept: r.size }, 'kept replies');
      return app.close();
    };
    if (cluster.worker) shareReplies(app);
    keepFeedback(app, logger);
    watcher = followCorpus(app, config, logger);
    const warm = await warmUp(app);
    server.ready(app);
    logger.info(
      {
        version: app.store.version,
        articles: app.store.corpus.sources.length,
        passages: app.store.corpus.passages.length,
        warmUpRuns: warm.runs,
        ms: Math.round(performance.now() - started),
      },
      'ready',
    );
    process.send?.({ type: 'ready' } satisfies WorkerMessage);
  } catch (err) {
    // Listening keeps the process alive: a start that fails must end it.
    logger.fatal({ err: err instanceof CorpusError ? undefined : err }, 'could not start');
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

/** A worker's kept replies: also asked of, and told to, the primary, for the other replicas. */
function shareReplies(app: App): void {
  const identities = new WeakMap<object, string>();
  const corpusOf = (index: unknown): string | undefined => {
    if (index !== app.store.engine) return undefined;
    let id = identities.get(app.store.engine);
    if (id === undefined) identities.set(app.store.engine, (id = corpusIdentity(app.store.files)));
    return id;
  };
  // A closed channel to the primary does not throw from send but emits an error later: checked first, and a send
  // that fails after all only loses a shared reply.
  const toPrimary = batching((m) => process.send?.(m, undefined, {}, () => undefined));
  const shared = new ReplicaReplies((m) => {
    if (!process.connected || !process.send) throw new Error('no primary to share replies with');
    toPrimary(m);
  }, corpusOf);
  process.on('message', (m) => {
    if (isRepliesMessage(m)) shared.received(m);
  });
  app.replies?.share(shared);
}
