import 'dotenv/config';
import cluster, { type Worker } from 'node:cluster';
import type { KeyObject } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DRAIN_TIMEOUT_MS } from '../app/respond.ts';
import { onStopRequest } from '../app/stop.ts';
import { type Config, ConfigError, readConfig, secretsOf } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';
import { workerExecArgv } from './replica-options.ts';
import { batching, isRepliesMessage, serveReplies, SharedReplyStore } from './shared-replies.ts';
import { publicKeyFromHex } from './signature.ts';
import type { WorkerMessage } from './replica.ts';

/**
 * `npm run serve [-- --replicas N]`: the HTTP interactions endpoint. One process by default; with `--replicas N`
 * a primary forks N workers that share the port (node:cluster hands each new connection to one of them), and
 * replaces any that dies. Each worker loads its own index (./replica.ts, code the primary never loads); the
 * replies they keep are shared through the primary (./shared-replies.ts). SIGTERM or SIGINT stops every worker
 * gracefully (each finishes what is in flight), then the primary; so does the exit of whatever started the primary.
 */

const USAGE = 'usage: npm run serve [-- --replicas N]   (N from 1 to 64; default 1)';
const MAX_REPLICAS = 64;
/** A worker that dies before it is ready is started again after this, doubling each time, up to MAX_RESPAWN_MS. */
const FIRST_RESPAWN_MS = 250;
const MAX_RESPAWN_MS = 30_000;

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
    logger.info({ host: address.address, port: address.port, replicas, pid: process.pid }, 'listening');
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
  else {
    const logger = loggerFor(config, cluster.worker ? { worker: cluster.worker.id } : {});
    // The answering code (the commands, the search, the corpus) only here: the primary of `--replicas N` never
    // answers, and starts sooner and smaller without it.
    void import('./replica.ts').then(({ runServer }) => runServer(config, publicKey, logger));
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exitCode = 1;
}
