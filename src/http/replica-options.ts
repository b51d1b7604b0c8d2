/**
 * The V8 options the primary of `npm run serve -- --replicas N` gives its workers, before the options it was started
 * with itself: an option given there again (the same V8 option, another value) wins over these.
 *
 * `--interrupt-budget`: how much a function runs before V8 considers compiling it with its optimizing compiler,
 * here 4× V8's default (67,584). Besides a few hot paths, a replica runs many lukewarm functions (the search's
 * rarer branches, the HTTP and logging code of each kind of interaction); with the default budget V8 goes on
 * compiling them for thousands of interactions after a start, on helper threads that share the cores with the other
 * replicas. bench:http measured those threads at a quarter of the server's CPU in its timed phase (after 300
 * interactions of warm-up), and `--trace-opt` some 250 compilations in it; with this budget, a third as much helper
 * CPU, more on the main threads, less in all. The hot paths are still compiled in the first seconds.
 */
export const WORKER_V8_OPTIONS: readonly string[] = ['--interrupt-budget=270336'];

/** A worker's exec arguments, from its primary's: the workers' V8 options, then the primary's own. */
export function workerExecArgv(primary: readonly string[]): string[] {
  return [...WORKER_V8_OPTIONS, ...primary];
}
