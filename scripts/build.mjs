#!/usr/bin/env node
// npm run build: compile src/ and commands/ to dist/ with tsc (tsconfig.build.json).
// Without --force (as `npm start`, `npm run cli` and `npm run deploy` call it first), it builds only when dist/ is
// missing or stale: when the sources, the compiler settings or the installed packages differ from the last build.
// A fingerprint of those inputs is kept in dist/.build-stamp; comparing it costs a few milliseconds.
// `npm run cli` does the same check in its own process (scripts/cli.mjs imports `ensureBuilt`), not in a second one.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', '.build-stamp');

/** Every file the build reads that can change: sources, compiler settings, the lock file. */
function inputs() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|mts|json)$/.test(entry.name)) files.push(rel);
    }
  };
  walk('src');
  walk('commands');
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json']) {
    if (existsSync(path.join(root, f))) files.push(f);
  }
  return files.sort();
}

function fingerprint() {
  const hash = createHash('sha256');
  for (const f of inputs())
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(path.join(root, f)))
      .update('\0');
  return hash.digest('hex');
}

/**
 * Build dist/ unless it is up to date (always with `force`). Returns the exit code: 0 when dist/ is ready.
 */
export function ensureBuilt({ force = false } = {}) {
  const wanted = fingerprint();
  if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === wanted) return 0;
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write(
      'build: dist/ is missing or out of date, and TypeScript is not installed (npm install without --omit=dev, then npm run build)\n',
    );
    return 1;
  }
  return compile(tsc, wanted);
}

function compile(tsc, wanted) {
  process.stderr.write('build: compiling to dist/ …\n');
  // Compile beside dist/ and swap it in whole, so a failed build leaves the last good one.
  const next = path.join(root, `dist.next-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', next], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    rmSync(next, { recursive: true, force: true });
    process.stderr.write('build: tsc failed; dist/ was not changed\n');
    return result.status ?? 1;
  }
  writeFileSync(path.join(next, '.build-stamp'), `${wanted}\n`);
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  try {
    renameSync(next, path.join(root, 'dist'));
  } catch (err) {
    // Another build (a second npm start, a test) swapped its dist/ in first: keep it if it is of the same sources.
    rmSync(next, { recursive: true, force: true });
    const theirs = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
    if (theirs !== wanted) throw err;
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = ensureBuilt({ force: process.argv.includes('--force') });
