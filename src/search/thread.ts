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
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const api = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const code = `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(fileURLToPath(url))});`;
  return new Worker(code, { ...options, eval: true });
}

/** The URL of module `name` beside `base` (an `import.meta.url`), in the extension `base` has. */
export function sibling(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}
