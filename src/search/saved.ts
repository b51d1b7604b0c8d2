import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { CorpusFile } from '../corpus/load.ts';
import type { Corpus } from '../types.ts';
import type { IndexData } from './minisearch.ts';
import type { EngineOptions } from './options.ts';

/**
 * The saved index (a corpus folder's `.index/`): the corpus as loaded and its index data, with the version they were
 * made at. Loading it costs a few milliseconds where loading the files and analysing the passages cost a second (the
 * YAML, the Vietnamese dictionary): what lets a CLI call answer quickly. Used by the build on this thread (a small
 * corpus) and in the build worker (a large one).
 */

/** Bump when what is saved changes shape. */
const FORMAT = 'deal-qa-index/2';

const here = path.dirname(fileURLToPath(import.meta.url));

function packageVersion(name: string): string {
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve(name));
    while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

/** The code's part of the fingerprint, read once per process: the files do not change under a running process. */
let code: string | undefined;

function codeFingerprint(): string {
  if (code === undefined) {
    const hash = createHash('sha256');
    for (const dir of [here, path.join(here, '../corpus'), path.join(here, '../text')]) {
      for (const name of readdirSync(dir).sort()) {
        if (/\.(ts|js)$/.test(name)) hash.update(name).update(readFileSync(path.join(dir, name)));
      }
    }
    hash.update(`minisearch@${packageVersion('minisearch')} opencc-js@${packageVersion('opencc-js')}`);
    hash.update(`node@${process.version} icu@${process.versions.icu ?? '?'}`);
    code = hash.digest('hex');
  }
  return code;
}

/**
 * What a saved index depends on besides the files: the code that reads, cleans, splits and analyses them (these
 * folders' files), the engine options, and the versions of MiniSearch, OpenCC and Node (its ICU segments Chinese).
 */
function buildFingerprint(options: EngineOptions): string {
  return createHash('sha256').update(FORMAT).update(JSON.stringify(options)).update(codeFingerprint()).digest('hex');
}

/**
 * The saved index's version: the build's fingerprint and the corpus's content (every file's name and bytes, or the
 * corpus itself when it was given loaded).
 */
export function indexKey(request: { files?: CorpusFile[]; corpus?: Corpus; options?: EngineOptions }): string {
  const hash = createHash('sha256').update(buildFingerprint(request.options ?? {}));
  if (request.files) {
    for (const f of [...request.files].sort((a, b) => (a.name < b.name ? -1 : 1)))
      hash.update(`${f.name}\0${f.bytes.byteLength}\0`).update(f.bytes);
  } else if (request.corpus) {
    const { passages, entities, glossary, chat } = request.corpus;
    hash.update(JSON.stringify({ passages, entities, glossary, chat }));
  }
  return hash.digest('hex');
}

export interface Saved {
  key: string;
  corpus: Corpus;
  data: IndexData;
}

/** The index saved in `file` if it was saved at version `key`; else undefined (missing, unreadable, other). */
export function loadSaved(file: string, key: string): Saved | undefined {
  try {
    const saved = deserialize(readFileSync(file)) as Saved;
    return saved.key === key ? saved : undefined;
  } catch {
    return undefined;
  }
}

let saves = 0;

/**
 * Save an index (whole or not at all: written beside and renamed). A failure is ignored: it is only a cache. What is
 * saved is taken at the call, so the index may be changed in place (see `SearchEngine.withCorpus`) meanwhile.
 */
export async function save(file: string, saved: Saved): Promise<void> {
  const bytes = serialize(saved);
  const tmp = `${file}.${process.pid}.${Date.now()}.${saves++}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } catch {
    await unlink(tmp).catch(() => undefined);
  }
}
