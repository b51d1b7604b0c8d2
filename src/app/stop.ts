import type { Logger } from '../log.ts';

/**
 * How a long-running entry (`npm start`, `npm run serve` and its workers) stops. Apart from ./process.ts, which
 * loads the corpus code: the primary of `npm run serve -- --replicas N` stops this way too, and loads none of it.
 */

/** How often a process checks that the one that started it is still there. */
const PARENT_CHECK_MS = 500;

/**
 * Call `stop` once: on SIGINT or SIGTERM, or when the process that started this one is gone. npm does not pass
 * SIGTERM on to the process of `npm start` or `npm run serve`: it exits and leaves that process running,
 * orphaned; a worker whose primary was killed is orphaned the same way.
 */
export function onStopRequest(stop: (reason: string) => void): void {
  let asked = false;
  const once = (reason: string) => {
    if (asked) return;
    asked = true;
    stop(reason);
  };
  process.on('SIGINT', () => once('SIGINT'));
  process.on('SIGTERM', () => once('SIGTERM'));
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && once('parent exited'), PARENT_CHECK_MS).unref();
}

/** Once `stopping` is done, exit: 0, or 1 with a log line when it failed. */
export function exitAfter(stopping: Promise<unknown>, logger: Logger): void {
  stopping.then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
}
