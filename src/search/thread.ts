import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Start a worker thread on one of our modules, given as `new URL('./x.ts', import.meta.url)`: as JavaScript in
 * dist/ (the URL then ends in .js), or as TypeScript under tsx (tests, benches, `node --import tsx`). Node 20
 * cannot register tsx's ESM loader hooks in a worker, so there the worker registers tsx's require hook and
 * requires the module.
 */
export function startWorker(url: URL, options: WorkerOptions = {}): Worker {
  const ts = url.pathname.endsWith('.ts');
  if (!ts && import.meta.url.endsWith('.ts')) url = new URL(url.href.replace(/\.js$/, '.ts'));
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { execArgv: javaScriptArgv, ...options });
  const api = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const code = `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(fileURLToPath(url))});`;
  return new Worker(code, { ...options, eval: true });
}

/**
 * The Node options of a worker on JavaScript: none when this process loads code into every thread (`node --import
 * tsx`, as the benches and scripts run), which such a worker does not need and would spend a few hundred milliseconds
 * on (tsx registering its hooks); else this process's own (Node's default). Not this process's options less those:
 * Node refuses some of them in a worker's (V8's, such as `--expose-gc`) that it passes on when left to itself.
 */
const javaScriptArgv = process.execArgv.some((a) =>
  /^(--import|--require|-r|--loader|--experimental-loader)(=|$)/.test(a),
)
  ? []
  : undefined;

/** The URL of module `name` beside `base` (an `import.meta.url`), in the extension `base` has. */
export function sibling(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}
