import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { CorpusFile } from '../corpus/load.ts';
import { codeHash, headerLine, readHeader, sha1, tempBeside } from '../text/kept.ts';
import type { Corpus, Lang, Passage, PassageNote } from '../types.ts';
import type { IndexData } from './minisearch.ts';
import type { EngineOptions } from './options.ts';

/**
 * The saved index (a corpus folder's `.index/`): the corpus as loaded and its index data, with the version they were
 * made at. Loading it costs a few milliseconds where loading the files and analysing the passages cost a second (the
 * YAML, the Vietnamese dictionary): what lets a CLI call answer quickly. Used by the build on this thread (a small
 * corpus) and in the build worker (a large one).
 */

/** What every version of the saved index's format starts with. */
const FORMAT_NAME = 'deal-qa-index/';
/** Bump when what is saved changes shape. */
const FORMAT = `${FORMAT_NAME}4`;

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
  return (code ??= codeHash([here, path.join(here, '../corpus'), path.join(here, '../text')]));
}

/**
 * What a saved index depends on besides the files and the package versions (`packageVersions`): the code that reads,
 * cleans, splits and analyses them (these folders' files) and the engine options.
 */
function buildFingerprint(options: EngineOptions): string {
  return createHash('sha256').update(FORMAT).update(JSON.stringify(options)).update(codeFingerprint()).digest('hex');
}

/**
 * A corpus's passages as a few columns (one string of every text, one of every id, typed arrays of the rest) rather
 * than 100,000 objects: `v8.serialize`, `v8.deserialize` and a worker thread's `postMessage` copy a long string or
 * a typed array as one block of memory, where an object costs them each of its fields. Rebuilding the objects from
 * the columns (`unpackCorpus`) takes a few milliseconds per 10,000 passages, a tenth of copying them as objects.
 */
export interface PassageColumns {
  count: number;
  ids: string;
  /** Where each id ends in `ids` (and starts at the previous one's end). */
  idEnds: Uint32Array;
  texts: string;
  textEnds: Uint32Array;
  /** The distinct sources and languages, and each passage's index in them. */
  sources: string[];
  sourceOf: Uint32Array;
  langs: Lang[];
  langOf: Uint8Array;
  /** Each passage's ordinal, start and end, three numbers a passage. */
  numbers: Float64Array;
  /** The passages whose notes are not empty: passage index, notes. */
  notes: Array<[number, PassageNote[]]>;
}

/** A corpus whose passages are columns (the rest is small: kept as it is). */
export type PackedCorpus = Omit<Corpus, 'passages'> & { passages: PassageColumns };

export function packCorpus(corpus: Corpus): PackedCorpus {
  const { passages, ...rest } = corpus;
  const count = passages.length;
  const idEnds = new Uint32Array(count);
  const textEnds = new Uint32Array(count);
  const sourceOf = new Uint32Array(count);
  const langOf = new Uint8Array(count);
  const numbers = new Float64Array(count * 3);
  const sources = new Map<string, number>();
  const langs = new Map<Lang, number>();
  const notes: Array<[number, PassageNote[]]> = [];
  const ids: string[] = [];
  const texts: string[] = [];
  let idEnd = 0;
  let textEnd = 0;
  for (let n = 0; n < count; n++) {
    const p = passages[n]!;
    ids.push(p.id);
    idEnds[n] = idEnd += p.id.length;
    texts.push(p.text);
    textEnds[n] = textEnd += p.text.length;
    let s = sources.get(p.source);
    if (s === undefined) sources.set(p.source, (s = sources.size));
    sourceOf[n] = s;
    let l = langs.get(p.lang);
    if (l === undefined) langs.set(p.lang, (l = langs.size));
    langOf[n] = l;
    numbers[3 * n] = p.ordinal;
    numbers[3 * n + 1] = p.start;
    numbers[3 * n + 2] = p.end;
    if (p.notes.length > 0) notes.push([n, p.notes]);
  }
  return {
    ...rest,
    passages: {
      count,
      ids: ids.join(''),
      idEnds,
      texts: texts.join(''),
      textEnds,
      sources: [...sources.keys()],
      sourceOf,
      langs: [...langs.keys()],
      langOf,
      numbers,
      notes,
    },
  };
}

/** The corpus `packCorpus` was given (equal, field for field and in the same key order). */
export function unpackCorpus(packed: PackedCorpus): Corpus {
  const { passages: c, ...rest } = packed;
  const notes = new Map(c.notes);
  const passages = new Array<Passage>(c.count);
  let idStart = 0;
  let textStart = 0;
  for (let n = 0; n < c.count; n++) {
    const idEnd = c.idEnds[n]!;
    const textEnd = c.textEnds[n]!;
    passages[n] = {
      id: c.ids.slice(idStart, idEnd),
      source: c.sources[c.sourceOf[n]!]!,
      lang: c.langs[c.langOf[n]!]!,
      ordinal: c.numbers[3 * n]!,
      text: c.texts.slice(textStart, textEnd),
      start: c.numbers[3 * n + 1]!,
      end: c.numbers[3 * n + 2]!,
      notes: notes.get(n) ?? [],
    };
    idStart = idEnd;
    textStart = textEnd;
  }
  return {
    dir: rest.dir,
    sources: rest.sources,
    passages,
    entities: rest.entities,
    glossary: rest.glossary,
    chat: rest.chat,
  };
}

/** The typed arrays of a packed corpus and of index data: what a worker moves rather than copies. */
export function buffersOf(corpus: PackedCorpus | undefined, data: IndexData | undefined): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [];
  if (corpus) {
    const c = corpus.passages;
    arrays.push(c.idEnds, c.textEnds, c.sourceOf, c.langOf, c.numbers);
  }
  if (data)
    arrays.push(
      data.lexis.starts,
      data.lexis.slots,
      data.postings.starts,
      data.postings.sizes,
      data.postings.docs,
      data.postings.tfs,
      data.lengths,
    );
  // Arrays read back from one file may share a buffer: each is moved once.
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

let versions: string | undefined;

/** The package versions a saved index depends on: MiniSearch, OpenCC and Node (its ICU segments Chinese). */
export function packageVersions(): string {
  versions ??= [
    `minisearch@${packageVersion('minisearch')}`,
    `opencc-js@${packageVersion('opencc-js')}`,
    `node@${process.version}`,
    `icu@${process.versions.icu ?? '?'}`,
  ].join(' ');
  return versions;
}

/**
 * The saved index's version: the build's fingerprint and the corpus's content (every file's name and bytes, or the
 * corpus itself, packed, when it was given loaded). The one place it is worked out, for the build on the calling
 * thread (build.ts), the loader (build.saved.worker.ts) and the build worker (build.worker.ts), which are all given
 * the request in this shape (a WorkerRequest is one): so they look for, and save at, the same key. `options` are
 * the engine options in full (the defaults filled in), as the workers are given them. `versions` stands for the
 * package versions (a test gives others).
 */
export function indexKey(
  request: { files?: CorpusFile[]; packed?: PackedCorpus; options: EngineOptions },
  versions = packageVersions(),
): string {
  const hash = createHash('sha256').update(buildFingerprint(request.options)).update(versions);
  if (request.files) {
    for (const f of [...request.files].sort((a, b) => (a.name < b.name ? -1 : 1)))
      hash.update(`${f.name}\0${f.bytes.byteLength}\0`).update(f.bytes);
  } else if (request.packed) {
    const { passages: c, ...rest } = request.packed;
    hash.update(JSON.stringify([rest, c.count, c.sources, c.langs, c.notes]));
    hash.update(c.ids).update('\0').update(c.texts).update('\0');
    for (const a of [c.idEnds, c.textEnds, c.sourceOf, c.langOf, c.numbers])
      hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return hash.digest('hex');
}

/** What `save` writes, serialised: taken at the call. */
export const serializeSaved = (saved: Saved): Buffer => serialize(saved);

/** What is saved: the corpus as loaded (packed) and its index data. */
export interface Saved {
  corpus: PackedCorpus;
  data: IndexData;
}

/*
 * The saved file: a header line (src/text/kept.ts: the format, the key it was saved at, the length and SHA-1 of what
 * follows), then the v8 serialisation of a `Saved`. The key is read without deserialising anything; the checksum (a
 * tenth of a second at 100,000 passages) catches a file damaged on disk, which would otherwise deserialise into other
 * text.
 */

/** Why a saved index was not used, when it was there but not usable: a warning for the log. */
export interface LoadResult {
  saved?: Saved;
  problem?: string;
}

/**
 * The index saved in `file` if it was saved at version `key`. Missing, or saved at another version (another key, or
 * another format: saved by an older or newer version of this code): nothing (a rebuild is due, and that is no
 * problem). Unreadable, truncated, damaged or of another shape: nothing, and the problem, so the caller can log it.
 * Never throws.
 */
export function loadSaved(file: string, key: string): LoadResult {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT'
      ? {}
      : { problem: `${file}: not readable (${String(err)})` };
  }
  try {
    // The header first: a saved index of another version is not read any further (a rebuild reads 4 KiB of it).
    const head = Buffer.alloc(HEADER_MAX);
    const got = readSync(fd, head, 0, HEADER_MAX, 0);
    // What version 2 saved (a bare v8 serialisation, which starts with its 0xff tag): out of date, not damaged.
    if (got > 0 && head[0] === 0xff) return {};
    const eol = head.subarray(0, got).indexOf(10);
    if (eol < 0) return { problem: `${file}: not a saved index (no header line)` };
    const header = readHeader(head.toString('utf8', 0, eol));
    // Saved by another version of this code (another format, older or newer): out of date, as another key is.
    if (typeof header.format === 'string' && header.format.startsWith(FORMAT_NAME) && header.format !== FORMAT)
      return {};
    if (header.format !== FORMAT) return { problem: `${file}: not a saved index (its header has no format of ours)` };
    if (header.key !== key) return {};
    const size = fstatSync(fd).size - (eol + 1);
    if (size !== header.bytes)
      return { problem: `${file}: truncated (${size} bytes after the header, expected ${String(header.bytes)})` };
    const body = Buffer.allocUnsafe(size);
    for (let at = 0; at < size;) {
      const n = readSync(fd, body, at, size - at, eol + 1 + at);
      if (n === 0) return { problem: `${file}: truncated while it was read` };
      at += n;
    }
    if (sha1(body) !== header.sha1) return { problem: `${file}: damaged (its checksum does not match)` };
    const saved: unknown = deserialize(body);
    const shape = shapeProblem(saved);
    return shape ? { problem: `${file}: ${shape}` } : { saved: saved as Saved };
  } catch (err) {
    return { problem: `${file}: not a saved index (${err instanceof Error ? err.message : String(err)})` };
  } finally {
    closeSync(fd);
  }
}

/** The header line is at most this long. */
const HEADER_MAX = 4096;

/** What is wrong with the shape of a deserialised index, if anything (a checksum does not vouch for the writer). */
function shapeProblem(saved: unknown): string | undefined {
  const { corpus, data } = (saved ?? {}) as { corpus?: Partial<PackedCorpus>; data?: Partial<IndexData> };
  const c = corpus?.passages;
  if (!c || !data?.lexis || !data.postings || !(data.lengths instanceof Uint32Array))
    return 'missing its corpus or index';
  if (c.idEnds.length !== c.count || c.textEnds.length !== c.count || c.numbers.length !== 3 * c.count)
    return 'its passages do not add up';
  if (data.lengths.length !== c.count) return `its index has ${data.lengths.length} passages, its corpus ${c.count}`;
  const { starts, sizes, docs, tfs } = data.postings;
  if (
    starts.length !== data.lexis.starts.length ||
    !(sizes instanceof Uint32Array) ||
    sizes.length !== starts.length - 1 ||
    docs.length !== tfs.length ||
    starts.at(-1) !== docs.length
  )
    return 'its postings do not match its vocabulary';
  for (let t = 0; t < sizes.length; t++)
    if (sizes[t]! > starts[t + 1]! - starts[t]!) return `its term ${t} has more postings than room for them`;
  return undefined;
}

/**
 * Save an index (whole or not at all: written beside and renamed). A failure is ignored: it is only a cache. What is
 * saved is taken at the call, so the index may be changed in place (see `SearchEngine.withCorpus`) meanwhile.
 */
export async function save(file: string, key: string, saved: Saved): Promise<void> {
  await saveSerialized(file, key, serializeSaved(saved));
}

/** `save` of what `serializeSaved` made (its typed arrays may have been moved to another thread meanwhile). */
export async function saveSerialized(file: string, key: string, body: Buffer): Promise<void> {
  const tmp = tempBeside(file);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(tmp, [headerLine(FORMAT, key, body), body]);
    await rename(tmp, file);
  } catch {
    await unlink(tmp).catch(() => undefined);
  }
}
