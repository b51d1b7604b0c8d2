import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { CorpusFile } from '../corpus/load.ts';
import { CHECKSUM, codeHash, headerLine, readHeader, tempBeside } from '../text/kept.ts';
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
const FORMAT = `${FORMAT_NAME}5`;

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
 * thread and the load of a saved index (build.ts) and the build worker (build.worker.ts), which are all given
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

/*
 * The body of a saved file: the length of a small v8 serialisation (the corpus's sources, names, glossary, chat words
 * and the passages' sources, languages and notes; where each column lies), that serialisation, then the typed arrays'
 * bytes as they are in memory, each at a multiple of 8 bytes, then the long strings in UTF-16. A load reads the
 * arrays' part into one ArrayBuffer and lays the arrays over it, with no copy and nothing to deserialise (where
 * `v8.deserialize` of the whole copied 88 MB at 100,000 passages, a third of a load), and moves that buffer to the
 * calling thread; the strings are read apart, made into strings, and their bytes dropped.
 */

type Column = Uint8Array | Uint32Array | Int32Array | Float64Array;
const KINDS = { u8: Uint8Array, u32: Uint32Array, i32: Int32Array, f64: Float64Array } as const;
type Kind = keyof typeof KINDS;

/** The typed arrays and long strings of a Saved, by name. */
function columnsOf(saved: Saved): { arrays: Record<string, Column>; strings: Record<string, string> } {
  const c = saved.corpus.passages;
  const { lexis, postings, lengths } = saved.data;
  return {
    arrays: {
      idEnds: c.idEnds,
      textEnds: c.textEnds,
      sourceOf: c.sourceOf,
      langOf: c.langOf,
      numbers: c.numbers,
      lexisStarts: lexis.starts,
      slots: lexis.slots,
      starts: postings.starts,
      sizes: postings.sizes,
      docs: postings.docs,
      tfs: postings.tfs,
      lengths,
    },
    strings: { ids: c.ids, texts: c.texts, terms: lexis.text },
  };
}

const kindOf = (a: Column): Kind =>
  a instanceof Uint8Array ? 'u8' : a instanceof Uint32Array ? 'u32' : a instanceof Int32Array ? 'i32' : 'f64';

const align = (n: number) => (n + 7) & ~7;

/** What the small serialisation at the body's start holds. */
interface Layout {
  corpus: Omit<PackedCorpus, 'passages'>;
  passages: Pick<PassageColumns, 'count' | 'sources' | 'langs' | 'notes'>;
  /** The byte order the arrays were written in: read back only on a machine of the same. */
  endianness: string;
  /** Each array's name, kind, offset (from the arrays' start) and length in elements. */
  arrays: Array<[string, Kind, number, number]>;
  /** Each string's name, offset (from the strings' start) and length in UTF-16 units. */
  strings: Array<[string, number, number]>;
  /** Bytes of the arrays' part. */
  arrayBytes: number;
}

/** What `save` writes (see above), in one buffer: taken at the call. */
export function serializeSaved(saved: Saved): Buffer {
  const { passages: c, ...corpus } = saved.corpus;
  const { arrays, strings } = columnsOf(saved);
  const layout: Layout = {
    corpus,
    passages: { count: c.count, sources: c.sources, langs: c.langs, notes: c.notes },
    endianness: endianness(),
    arrays: [],
    strings: [],
    arrayBytes: 0,
  };
  let at = 0;
  for (const [name, a] of Object.entries(arrays)) {
    layout.arrays.push([name, kindOf(a), at, a.length]);
    at = align(at + a.byteLength);
  }
  layout.arrayBytes = at;
  let stringBytes = 0;
  for (const [name, text] of Object.entries(strings)) {
    layout.strings.push([name, stringBytes, text.length]);
    stringBytes += text.length * 2;
  }
  const meta = serialize(layout);
  const head = align(4 + meta.length);
  const body = Buffer.alloc(head + layout.arrayBytes + stringBytes);
  body.writeUInt32LE(meta.length, 0);
  meta.copy(body, 4);
  for (const [name, , offset] of layout.arrays) {
    const a = arrays[name]!;
    body.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), head + offset);
  }
  for (const [name, offset] of layout.strings) body.write(strings[name]!, head + layout.arrayBytes + offset, 'utf16le');
  return body;
}

/**
 * A Saved from a body read in its three parts (see above): `arrays` is laid over, not copied (it must start at an
 * offset that is a multiple of 8). Throws on a body that does not add up.
 */
function savedOf(layout: Layout, arrays: Uint8Array<ArrayBuffer>, strings: Buffer): Saved {
  const column = (name: string): Column => {
    const found = layout.arrays.find(([n]) => n === name);
    if (!found) throw new Error(`missing its column ${name}`);
    const [, kind, offset, length] = found;
    const Type = KINDS[kind];
    if (offset % 8 !== 0 || offset + length * Type.BYTES_PER_ELEMENT > arrays.byteLength)
      throw new Error(`its column ${name} is out of bounds`);
    return new Type(arrays.buffer, arrays.byteOffset + offset, length);
  };
  const text = (name: string): string => {
    const found = layout.strings.find(([n]) => n === name);
    if (!found || found[1] + found[2] * 2 > strings.byteLength) throw new Error(`missing its column ${name}`);
    return strings.toString('utf16le', found[1], found[1] + found[2] * 2);
  };
  const u32 = (name: string) => column(name) as Uint32Array;
  return {
    corpus: {
      ...layout.corpus,
      passages: {
        ...layout.passages,
        ids: text('ids'),
        idEnds: u32('idEnds'),
        texts: text('texts'),
        textEnds: u32('textEnds'),
        sourceOf: u32('sourceOf'),
        langOf: column('langOf') as Uint8Array,
        numbers: column('numbers') as Float64Array,
      },
    },
    data: {
      lexis: { text: text('terms'), starts: u32('lexisStarts'), slots: column('slots') as Int32Array },
      postings: { starts: u32('starts'), sizes: u32('sizes'), docs: u32('docs'), tfs: u32('tfs') },
      lengths: u32('lengths'),
    },
  };
}

/** What is saved: the corpus as loaded (packed) and its index data. */
export interface Saved {
  corpus: PackedCorpus;
  data: IndexData;
}

/*
 * The saved file: a header line (src/text/kept.ts: the format, the key it was saved at, the length and SHA-256 of what
 * follows), then the body `serializeSaved` makes. The key is read without reading anything else; the checksum (60 ms
 * of CPU at 100,000 passages) catches a file damaged on disk, which would otherwise be read as other text.
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
 * Never rejects.
 *
 * The file is read on libuv's threads, a few megabytes at a time, into two buffers (the arrays', the strings'), and
 * nothing is copied but the strings made of their bytes: on this machine, memory touched for the first time is the
 * dearest part of a load (a copy of 94 MB into new memory costs a second of CPU, into memory already used 30 ms),
 * well ahead of the checksum (90 ms), so a load touches as little as it can. The checksum is worked out here, piece
 * by piece as each arrives, while the next ones are still being read.
 */
export async function loadSaved(file: string, key: string): Promise<LoadResult> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT'
      ? {}
      : { problem: `${file}: not readable (${String(err)})` };
  }
  const reads: Array<Promise<boolean>> = [];
  try {
    // The header first: a saved index of another version is not read any further (a rebuild reads 4 KiB of it).
    const first = Buffer.alloc(HEADER_MAX);
    const head = headOf(first, (await fh.read(first, 0, HEADER_MAX, 0)).bytesRead, file, key);
    if (!('bodyAt' in head)) return head;
    const size = (await fh.stat()).size - head.bodyAt;
    if (size !== head.bytes)
      return { problem: `${file}: truncated (${size} bytes after the header, expected ${String(head.bytes)})` };
    /** Fill `into` from the body's byte `at`: false when the file ends first. */
    const readAt = async (into: Uint8Array, at: number): Promise<boolean> => {
      for (let got = 0; got < into.byteLength;) {
        const { bytesRead } = await fh.read(into, got, into.byteLength - got, head.bodyAt + at + got);
        if (bytesRead === 0) return false;
        got += bytesRead;
      }
      return true;
    };
    // In three parts (see `serializeSaved`): the layout, then the arrays and the strings at once.
    const cut = { problem: `${file}: truncated while it was read` };
    const outOfBounds = { problem: `${file}: not a saved index (its layout is out of bounds)` };
    const length = Buffer.alloc(4);
    if (size < 4 || !(await readAt(length, 0))) return cut;
    const metaBytes = length.readUInt32LE(0);
    const arraysAt = align(4 + metaBytes);
    if (arraysAt > size) return outOfBounds;
    const meta = Buffer.alloc(arraysAt - 4);
    if (!(await readAt(meta, 4))) return cut;
    const layout = deserialize(meta.subarray(0, metaBytes)) as Layout | undefined;
    if (typeof layout?.arrayBytes !== 'number' || layout.arrayBytes < 0 || arraysAt + layout.arrayBytes > size)
      return outOfBounds;
    // Its own ArrayBuffer, not a slice of Node's pool: it may be moved to another thread as it is.
    const arrays = new Uint8Array(new ArrayBuffer(layout.arrayBytes));
    const strings = Buffer.allocUnsafeSlow(size - arraysAt - layout.arrayBytes);
    // Read in pieces, all asked for at once, and checked in order as they arrive: the checksum here overlaps the
    // reading there.
    const pieces: Uint8Array[] = [];
    for (const [part, from] of [
      [arrays, arraysAt],
      [strings, arraysAt + layout.arrayBytes],
    ] as const) {
      for (let at = 0; at < part.byteLength; at += PIECE) {
        const piece = part.subarray(at, at + PIECE);
        pieces.push(piece);
        reads.push(readAt(piece, from + at));
      }
    }
    const sum = createHash(CHECKSUM).update(length).update(meta);
    for (let k = 0; k < pieces.length; k++) {
      if (!(await reads[k])) return cut;
      sum.update(pieces[k]!);
    }
    if (sum.digest('hex') !== head.sha256) return { problem: `${file}: damaged (its checksum does not match)` };
    // Written on a machine of the other byte order (a folder copied over): out of date, as another key is.
    if (layout.endianness !== endianness()) return {};
    const saved = savedOf(layout, arrays, strings);
    const shape = shapeProblem(saved);
    return shape ? { problem: `${file}: ${shape}` } : { saved };
  } catch (err) {
    return { problem: `${file}: not a saved index (${err instanceof Error ? err.message : String(err)})` };
  } finally {
    // A read still under way (the other part ended the file early) is waited for: the file is closed after it.
    await Promise.allSettled(reads);
    await fh.close();
  }
}

/** The header line is at most this long. */
const HEADER_MAX = 4096;

/** What a load reads at a time (see `loadSaved`). */
const PIECE = 4 * 2 ** 20;

/** What a saved file's header line says of the body that follows it. */
interface Head {
  /** Where the body starts in the file. */
  bodyAt: number;
  bytes: number;
  sha256: string;
}

/**
 * The header of a saved file from its first bytes (`got` of them read into `head`), or why the file is not used: out
 * of date (nothing) or not ours (a problem). Throws on a header line that is not JSON.
 */
function headOf(head: Buffer, got: number, file: string, key: string): Head | LoadResult {
  // What version 2 saved (a bare v8 serialisation, which starts with its 0xff tag): out of date, not damaged.
  if (got > 0 && head[0] === 0xff) return {};
  const eol = head.subarray(0, got).indexOf(10);
  if (eol < 0) return { problem: `${file}: not a saved index (no header line)` };
  const header = readHeader(head.toString('utf8', 0, eol));
  // Saved by another version of this code (another format, older or newer): out of date, as another key is.
  if (typeof header.format === 'string' && header.format.startsWith(FORMAT_NAME) && header.format !== FORMAT) return {};
  if (header.format !== FORMAT) return { problem: `${file}: not a saved index (its header has no format of ours)` };
  if (header.key !== key) return {};
  return { bodyAt: eol + 1, bytes: Number(header.bytes), sha256: String(header.sha256) };
}

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
