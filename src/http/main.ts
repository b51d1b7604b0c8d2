import 'dotenv/config';
import cluster, { type Worker } from 'node:cluster';
import type { KeyObject } from 'node:crypto';
import { parseArgs } from 'node:util';
import { commands } from '../app/commands.ts';
import { exitAfter, followCorpus, keepFeedback, onStopRequest } from '../app/process.ts';
import { DRAIN_TIMEOUT_MS } from '../app/respond.ts';
import { type App, startApp } from '../app/runtime.ts';
import { warmUp } from '../app/warmup.ts';
import { type Config, ConfigError, readConfig, secretsOf } from '../config.ts';
import { CorpusError } from '../corpus/load.ts';
import { createLogger, type Logger } from '../log.ts';
import { workerExecArgv } from './replica-options.ts';
import { InteractionServer } from './server.ts';
import {
  batching,
  corpusIdentity,
  isRepliesMessage,
  ReplicaReplies,
  serveReplies,
  SharedReplyStore,
} from './shared-replies.ts';
import { publicKeyFromHex } from './signature.ts';

/**
 * `npm run serve [-- --replicas N]`: the HTTP interactions endpoint. One process by default; with `--replicas N`
 * a primary forks N workers that share the port (node:cluster hands each new connection to one of them), and
 * replaces any that dies. Each worker loads its own index; the replies they keep are shared through the primary
 * (./shared-replies.ts). SIGTERM or SIGINT stops every worker gracefully (each
 * finishes what is in flight), then the primary; so does the exit of whatever started the primary.
 */

const USAGE = 'usage: npm run serve [-- --replicas N]   (N from 1 to 64; default 1)';
const MAX_REPLICAS = 64;
/** A worker that dies before it is ready is started again after this, doubling each time, up to MAX_RESPAWN_MS. */
const FIRST_RESPAWN_MS = 250;
const MAX_RESPAWN_MS = 30_000;

/** What a worker tells the primary. */
interface WorkerMessage {
  type: 'ready';
}

function readOptions(): { replicas: number } {
  try {
    const { values } = parseArgs({ options: { replicas: { type: 'string', default: '1' } }, strict: true });
    const replicas = Number(values.replicas);
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > MAX_REPLICAS)
      throw new Error(`--replicas must be an integer from 1 to ${MAX_REPLICAS} (got "${values.replicas}")`);
    return { replicas };
  } catch (err) {
    process.stderr.write(`serve: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  }
}

function loggerFor(config: Config, fields: Record<string, unknown>): Logger {
  return createLogger({ level: config.logLevel, secrets: secretsOf(config) }).child(fields);
}

/** One server process: listen at once (/healthz says "starting"), load and warm the index, then answer. */
async function runServer(config: Config, publicKey: KeyObject): Promise<void> {
  const logger = loggerFor(config, cluster.worker ? { worker: cluster.worker.id } : {});
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

/** The primary of `--replicas N`: fork the workers, replace any that dies, stop them all on a signal. */
function runPrimary(config: Config, replicas: number): void {
  const logger = loggerFor(config, { role: 'primary' });
  // Kept replies travel with their bytes (a chart's Uint8Array): the structured clone, not JSON.
  cluster.setupPrimary({ serialization: 'advanced', execArgv: workerExecArgv(process.execArgv) });
  const replies = new SharedReplyStore();
  const ready = new Set<number>();
  let everReady = false;
  let failedStarts = 0;
  let stopping = false;
  let announced = false;
  const respawns = new Set<NodeJS.Timeout>();

  const fork = () => {
    const worker = cluster.fork();
    // A send that throws: the worker is gone; its exit is handled below.
    const replica = { id: worker.id, send: batching((m) => worker.send(m)) };
    // A send to a worker that has just disconnected is reported here, not thrown: its exit is handled below.
    worker.on('error', (err) => logger.warn({ worker: worker.id, err }, 'worker channel error'));
    worker.on('message', (message: Partial<WorkerMessage> | null) => {
      if (isRepliesMessage(message)) {
        serveReplies(replies, replica, message);
        return;
      }
      if (message?.type !== 'ready') return;
      ready.add(worker.id);
      everReady = true;
      failedStarts = 0;
      logger.info({ worker: worker.id, pid: worker.process.pid, ready: ready.size }, 'worker ready');
      if (!announced && ready.size === replicas) {
        announced = true;
        logger.info({ replicas }, 'all replicas ready');
      }
    });
  };
  const living = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

  let listening = false;
  cluster.on('listening', (_worker, address) => {
    if (listening) return;
    listening = true;
    logger.info({ host: address.address, port: address.port, replicas }, 'listening');
  });
  cluster.on('exit', (worker, code, signal) => {
    const wasReady = ready.delete(worker.id);
    replies.gone(worker.id);
    if (stopping) {
      if (living().length === 0) {
        logger.info({ replies: { hits: replies.hits, misses: replies.misses, waited: replies.waited } }, 'stopped');
        process.exit(0);
      }
      return;
    }
    if (!wasReady) failedStarts++;
    if (!everReady && failedStarts >= replicas) {
      logger.fatal({ failedStarts }, 'no worker could start (see the errors above); stopping');
      process.exit(1);
    }
    const wait = wasReady ? 0 : Math.min(MAX_RESPAWN_MS, FIRST_RESPAWN_MS * 2 ** (failedStarts - 1));
    logger.warn(
      { worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: wait },
      'worker exited; starting another',
    );
    const timer = setTimeout(() => {
      respawns.delete(timer);
      if (!stopping) fork();
    }, wait);
    respawns.add(timer);
  });

  onStopRequest((signal) => {
    stopping = true;
    logger.info({ signal, workers: living().length }, 'signal received');
    for (const timer of respawns) clearTimeout(timer);
    const workers = living();
    if (workers.length === 0) process.exit(0);
    // A terminal's Ctrl-C reaches the workers too; stopping twice is stopping once.
    for (const worker of workers) worker.process.kill('SIGTERM');
    setTimeout(() => {
      logger.error({ workers: living().map((w) => w.process.pid) }, 'workers did not stop in time: killed');
      for (const worker of living()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, DRAIN_TIMEOUT_MS + 5_000).unref();
  });

  for (let i = 0; i < replicas; i++) fork();
}

function main(): void {
  const { replicas } = readOptions();
  const config = readConfig(process.env, ['DISCORD_PUBLIC_KEY']);
  let publicKey: KeyObject;
  try {
    publicKey = publicKeyFromHex(config.publicKey!);
  } catch {
    throw new ConfigError([
      'DISCORD_PUBLIC_KEY: expected an Ed25519 public key (Developer Portal → General Information)',
    ]);
  }
  if (cluster.isPrimary && replicas > 1) runPrimary(config, replicas);
  else void runServer(config, publicKey);
}

try {
  main();
} catch (err) {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exitCode = 1;
}
