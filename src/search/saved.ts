import { createHash, type Hash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { CorpusFile } from '../corpus/load.ts';
import { CHECKSUM, checksum, codeHash, headerLine, readHeader, tempBeside } from '../text/kept.ts';
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
const FORMAT = `${FORMAT_NAME}7`;

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
 * A corpus's passages as a few columns (one string of every id, every text's UTF-16 code units one after another,
 * typed arrays of the rest) rather than 100,000 objects: `v8.serialize`, `v8.deserialize` and a worker thread's
 * `postMessage` copy a long string or a typed array as one block of memory, where an object costs them each of its
 * fields. The texts are in a SharedArrayBuffer when packed here (`packCorpus`): the build's two worker threads read
 * them where they are, where a string was copied to each (at 100,000 passages, 37 MB written twice into memory each
 * thread touches for the first time: that costs this machine most of a second). Rebuilding the objects from the
 * columns (`unpackCorpus`) takes a few milliseconds per 10,000 passages, a tenth of copying them as objects.
 */
export interface PassageColumns {
  count: number;
  ids: string;
  /** Where each id ends in `ids` (and starts at the previous one's end). */
  idEnds: Uint32Array;
  /** Every text's UTF-16 code units, one after another (read one with `packedTexts`, analysis.ts). */
  texts: Uint16Array;
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

/** The columns of a corpus but its ids and texts (see `packCorpus`), and its ids and texts as they are. */
function columnsBut(corpus: Corpus) {
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
  let idEnd = 0;
  let textEnd = 0;
  for (let n = 0; n < count; n++) {
    const p = passages[n]!;
    idEnds[n] = idEnd += p.id.length;
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
    rest,
    passages,
    columns: {
      count,
      idEnds,
      textEnds,
      sources: [...sources.keys()],
      sourceOf,
      langs: [...langs.keys()],
      langOf,
      numbers,
      notes,
    } satisfies Omit<PassageColumns, 'ids' | 'texts'>,
  };
}

export function packCorpus(corpus: Corpus): PackedCorpus {
  const { rest, passages, columns } = columnsBut(corpus);
  const texts = new Uint16Array(new SharedArrayBuffer(2 * (columns.textEnds.at(-1) ?? 0)));
  const bytes = Buffer.from(texts.buffer, texts.byteOffset, texts.byteLength);
  let at = 0;
  for (const p of passages) at += bytes.write(p.text, at, 'utf16le');
  return { ...rest, passages: { ...columns, ids: passages.map((p) => p.id).join(''), texts } };
}

/** The corpus `packCorpus` was given (equal, field for field and in the same key order). */
export function unpackCorpus(packed: PackedCorpus): Corpus {
  const { passages: c, ...rest } = packed;
  const notes = new Map(c.notes);
  const passages = new Array<Passage>(c.count);
  // One string of them all, each passage's a slice of it: 100,000 strings made one by one cost more.
  const texts = Buffer.from(c.texts.buffer, c.texts.byteOffset, c.texts.byteLength).toString('utf16le');
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
      text: texts.slice(textStart, textEnd),
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

/**
 * The typed arrays of a packed corpus and of index data: what a worker moves rather than copies (those in a
 * SharedArrayBuffer are shared as they are: not moved).
 */
export function buffersOf(corpus: PackedCorpus | undefined, data: IndexData | undefined): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [];
  if (corpus) {
    const c = corpus.passages;
    arrays.push(c.idEnds, c.texts, c.textEnds, c.sourceOf, c.langOf, c.numbers);
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
      data.mentions.ends,
      data.mentions.keys,
      data.mentions.starts,
      data.mentions.stops,
    );
  // Arrays read back from one file share a buffer: each is moved once.
  return [...new Set(arrays.map((a) => a.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer))];
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
 * corpus itself when it was given loaded, packed or not: the same key either way). The one place it is worked out,
 * for the build on the calling thread and the load of a saved index (build.ts) and the build worker
 * (build.worker.ts), which are all given the request in this shape (a WorkerRequest is one): so they look for, and
 * save at, the same key. `options` are the engine options in full (the defaults filled in), as the workers are given
 * them. `versions` stands for the package versions (a test gives others).
 */
export function indexKey(
  request: {
    files?: CorpusFile[] | undefined;
    packed?: PackedCorpus | undefined;
    corpus?: Corpus | undefined;
    options: EngineOptions;
  },
  versions = packageVersions(),
): string {
  const hash = createHash('sha256').update(buildFingerprint(request.options)).update(versions);
  if (request.files) {
    for (const f of [...request.files].sort((a, b) => (a.name < b.name ? -1 : 1)))
      hash.update(`${f.name}\0${f.bytes.byteLength}\0`).update(f.bytes);
    return hash.digest('hex');
  }
  // A corpus given loaded: its columns (see `packCorpus`), the ids and the texts in UTF-16. Made into bytes a piece at
  // a time in one small buffer, not as a whole: memory touched for the first time is the dearest part of a load.
  let columns: Omit<PassageColumns, 'ids' | 'texts'>;
  let rest: Omit<Corpus, 'passages'>;
  const units = new Units(hash);
  if (request.packed) {
    const { passages, ...others } = request.packed;
    ({ ids: units.ids, texts: units.texts, ...columns } = passages);
    rest = others;
  } else if (request.corpus) {
    ({ rest, passages: units.passages, columns } = columnsBut(request.corpus));
  } else return hash.digest('hex');
  const c = columns;
  hash.update(JSON.stringify([rest, c.count, c.sources, c.langs, c.notes]));
  units.hashIds();
  units.hashTexts();
  for (const a of [c.idEnds, c.textEnds, c.sourceOf, c.langOf, c.numbers])
    hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return hash.digest('hex');
}

/** The ids and the texts of a corpus, packed or as passages, hashed in UTF-16 through one small buffer (see `indexKey`). */
class Units {
  ids: string | undefined;
  texts: Uint16Array | undefined;
  passages: readonly Passage[] | undefined;
  private readonly piece = Buffer.allocUnsafe(PIECE_UNITS * 2);
  private used = 0;

  constructor(private readonly hash: Hash) {}

  hashIds(): void {
    if (this.ids !== undefined) this.write(this.ids);
    else for (const p of this.passages ?? []) this.write(p.id);
    this.flush();
  }

  hashTexts(): void {
    const t = this.texts;
    if (t) this.hash.update(new Uint8Array(t.buffer, t.byteOffset, t.byteLength));
    else for (const p of this.passages ?? []) this.write(p.text);
    this.flush();
  }

  private write(text: string): void {
    for (let at = 0; at < text.length;) {
      if (this.used === this.piece.length) this.flush();
      const room = (this.piece.length - this.used) / 2;
      const part = at === 0 && text.length <= room ? text : text.slice(at, at + room);
      this.used += this.piece.write(part, this.used, 'utf16le');
      at += part.length;
    }
  }

  private flush(): void {
    if (this.used > 0) this.hash.update(this.piece.subarray(0, this.used));
    this.used = 0;
  }
}

/** UTF-16 code units `Units` hashes at a time. */
const PIECE_UNITS = 2 ** 18;

/*
 * The body of a saved file: the length of a small v8 serialisation (the byte order, where each column lies), that
 * serialisation, then the columns, each at a multiple of 8 bytes: typed arrays as their bytes are in memory, strings
 * in UTF-16. The index's columns come first, then the corpus's (its passages' columns, and a v8 serialisation of the
 * rest: sources, names, glossary, chat words, notes). A load reads them into one ArrayBuffer and lays the arrays
 * over it, with no copy and nothing to deserialise (where `v8.deserialize` of the whole copied 88 MB at 100,000
 * passages took a third of a load), and moves that buffer to the calling thread. A load given the corpus already
 * (`loadSaved`'s `corpus: false`) reads only the index's part: the header holds its checksum too.
 */

type Column = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;
const KINDS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array, f64: Float64Array } as const;
/** A typed array's kind, or a string (`str`: its UTF-16 code units). */
type Kind = keyof typeof KINDS | 'str';

/** The corpus but its passages' columns, and the passages' small fields: serialised into the corpus's part. */
interface CorpusRest {
  corpus: Omit<PackedCorpus, 'passages'>;
  passages: Pick<PassageColumns, 'count' | 'sources' | 'langs' | 'notes'>;
}

/** The columns of the index's part, then those of the corpus's, by name. */
function columnsOf(saved: Saved): { index: Record<string, Column | string>; corpus: Record<string, Column | string> } {
  const { passages: c, ...corpus } = saved.corpus;
  const { lexis, postings, lengths, mentions } = saved.data;
  const rest: CorpusRest = {
    corpus,
    passages: { count: c.count, sources: c.sources, langs: c.langs, notes: c.notes },
  };
  return {
    index: {
      lexisStarts: lexis.starts,
      slots: lexis.slots,
      starts: postings.starts,
      sizes: postings.sizes,
      docs: postings.docs,
      tfs: postings.tfs,
      lengths,
      terms: lexis.text,
      mentionEnds: mentions.ends,
      mentionKeys: mentions.keys,
      mentionStarts: mentions.starts,
      mentionStops: mentions.stops,
      // Keys have no line breaks (entity and glossary ids, figures).
      mentionNames: mentions.names.join('\n'),
    },
    corpus: {
      idEnds: c.idEnds,
      textEnds: c.textEnds,
      sourceOf: c.sourceOf,
      langOf: c.langOf,
      numbers: c.numbers,
      texts: c.texts,
      rest: serialize(rest),
      ids: c.ids,
    },
  };
}

const kindOf = (a: Column | string): Kind =>
  typeof a === 'string'
    ? 'str'
    : a instanceof Uint8Array
      ? 'u8'
      : a instanceof Uint16Array
        ? 'u16'
        : a instanceof Uint32Array
          ? 'u32'
          : a instanceof Int32Array
            ? 'i32'
            : 'f64';

const bytesOf = (a: Column | string) => (typeof a === 'string' ? a.length * 2 : a.byteLength);

const align = (n: number) => (n + 7) & ~7;

/** What the small serialisation at the body's start holds. */
interface Layout {
  /** The byte order the arrays were written in: read back only on a machine of the same. */
  endianness: string;
  /** Each column's name, kind, offset (from the columns' start) and length in elements (a string's in UTF-16 units). */
  arrays: Array<[string, Kind, number, number]>;
  /** Bytes of the index's part (the first), and of both. */
  indexBytes: number;
  arrayBytes: number;
}

/** What `save` writes (see above), in one buffer, and how many of its first bytes are the index's: taken at the call. */
export function serializeSaved(saved: Saved): { body: Buffer; indexEnd: number } {
  const parts = columnsOf(saved);
  const layout: Layout = { endianness: endianness(), arrays: [], indexBytes: 0, arrayBytes: 0 };
  const all: Record<string, Column | string> = {};
  let at = 0;
  for (const [part, columns] of Object.entries(parts)) {
    for (const [name, a] of Object.entries(columns)) {
      layout.arrays.push([name, kindOf(a), at, a.length]);
      all[name] = a;
      at = align(at + bytesOf(a));
    }
    if (part === 'index') layout.indexBytes = at;
  }
  layout.arrayBytes = at;
  const meta = serialize(layout);
  const head = align(4 + meta.length);
  const body = Buffer.alloc(head + layout.arrayBytes);
  body.writeUInt32LE(meta.length, 0);
  meta.copy(body, 4);
  for (const [name, , offset] of layout.arrays) {
    const a = all[name]!;
    if (typeof a === 'string') body.write(a, head + offset, 'utf16le');
    else body.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), head + offset);
  }
  return { body, indexEnd: head + layout.indexBytes };
}

/**
 * What was saved, from its columns read into `index` (the index's part) and `corpus` (the corpus's, when it was read):
 * laid over, not copied (each must start at an offset that is a multiple of 8). Two buffers, so that the corpus's
 * (its texts: 37 MB at 100,000 passages) is let go once the passages are unpacked from it, while the index's lives
 * on. Throws on columns that do not add up.
 */
function savedOf(layout: Layout, index: Uint8Array<ArrayBuffer>, corpus: Uint8Array<ArrayBuffer> | undefined): Loaded {
  const find = (name: string, kinds: readonly Kind[]) => {
    const found = layout.arrays.find(([n]) => n === name);
    if (!found || !kinds.includes(found[1])) throw new Error(`missing its column ${name}`);
    const [, kind, at, length] = found;
    const inIndex = at < layout.indexBytes;
    const bytes = inIndex ? index : corpus;
    const offset = inIndex ? at : at - layout.indexBytes;
    const size = kind === 'str' ? 2 : KINDS[kind].BYTES_PER_ELEMENT;
    if (!bytes || offset % 8 !== 0 || offset + length * size > bytes.byteLength)
      throw new Error(`its column ${name} is out of bounds`);
    return { buffer: bytes.buffer, offset: bytes.byteOffset + offset, length };
  };
  const column = <K extends keyof typeof KINDS>(name: string, kind: K): InstanceType<(typeof KINDS)[K]> => {
    const { buffer, offset, length } = find(name, [kind]);
    return new KINDS[kind](buffer, offset, length) as InstanceType<(typeof KINDS)[K]>;
  };
  const text = (name: string): string => {
    const { buffer, offset, length } = find(name, ['str']);
    return Buffer.from(buffer, offset, length * 2).toString('utf16le');
  };
  const data: IndexData = {
    lexis: { text: text('terms'), starts: column('lexisStarts', 'u32'), slots: column('slots', 'i32') },
    postings: {
      starts: column('starts', 'u32'),
      sizes: column('sizes', 'u32'),
      docs: column('docs', 'u32'),
      tfs: column('tfs', 'u32'),
    },
    lengths: column('lengths', 'u32'),
    mentions: {
      ends: column('mentionEnds', 'u32'),
      keys: column('mentionKeys', 'u32'),
      starts: column('mentionStarts', 'u32'),
      stops: column('mentionStops', 'u32'),
      names: text('mentionNames').split('\n'),
    },
  };
  if (!corpus) return { data };
  const rest = deserialize(column('rest', 'u8')) as CorpusRest;
  return {
    corpus: {
      ...rest.corpus,
      passages: {
        ...rest.passages,
        ids: text('ids'),
        idEnds: column('idEnds', 'u32'),
        texts: column('texts', 'u16'),
        textEnds: column('textEnds', 'u32'),
        sourceOf: column('sourceOf', 'u32'),
        langOf: column('langOf', 'u8'),
        numbers: column('numbers', 'f64'),
      },
    },
    data,
  };
}

/** What is saved: the corpus as loaded (packed) and its index data. */
export interface Saved {
  corpus: PackedCorpus;
  data: IndexData;
}

/** What is loaded: the index data, and the corpus unless the caller has it (see `loadSaved`). */
export interface Loaded {
  corpus?: PackedCorpus;
  data: IndexData;
}

/*
 * The saved file: a header line (src/text/kept.ts: the format, the key it was saved at, the length and SHA-256 of what
 * follows, and those of the body's first part, up to the corpus's columns), then the body `serializeSaved` makes.
 * The key is read without reading anything else; the checksum (60 ms of CPU at 100,000 passages) catches a file
 * damaged on disk, which would otherwise be read as other text.
 */

/** Why a saved index was not used, when it was there but not usable: a warning for the log. */
export interface LoadResult {
  saved?: Loaded;
  problem?: string;
}

/**
 * The index saved in `file` if it was saved at version `key`, with its corpus unless `corpus` is false (the caller
 * has it: its part of the file is then not read). Missing, or saved at another version (another key, or another
 * format: saved by an older or newer version of this code): nothing (a rebuild is due, and that is no problem).
 * Unreadable, truncated, damaged or of another shape: nothing, and the problem, so the caller can log it. Never
 * rejects.
 *
 * The file is read on libuv's threads, a few megabytes at a time, into one buffer, and nothing is copied but the
 * strings made of its bytes: on this machine, memory touched for the first time is the dearest part of a load (a copy
 * of 94 MB into new memory costs a second of CPU, into memory already used 30 ms), well ahead of the checksum
 * (90 ms), so a load touches as little as it can. The checksum is worked out here, piece by piece as each arrives,
 * while the next ones are still being read.
 */
export async function loadSaved(file: string, key: string, { corpus = true } = {}): Promise<LoadResult> {
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
    // The layout first, then the columns (see `serializeSaved`).
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
    if (
      typeof layout?.arrayBytes !== 'number' ||
      typeof layout.indexBytes !== 'number' ||
      layout.indexBytes < 0 ||
      layout.indexBytes > layout.arrayBytes ||
      arraysAt + layout.arrayBytes > size
    )
      return outOfBounds;
    // Only the index's part when the caller has the corpus, checked against its own checksum in the header.
    const index = corpus ? undefined : head.index;
    const part = index?.bytes === arraysAt + layout.indexBytes;
    const sha256 = part ? index.sha256 : head.sha256;
    // Each part in its own ArrayBuffer, not a slice of Node's pool: it may be moved to another thread as it is.
    const indexPart = new Uint8Array(new ArrayBuffer(layout.indexBytes));
    const corpusPart = part ? undefined : new Uint8Array(new ArrayBuffer(size - arraysAt - layout.indexBytes));
    // Read in pieces, all asked for at once, and checked in order as they arrive: the checksum here overlaps the
    // reading there.
    const pieces: Uint8Array[] = [];
    for (const [bytes, from] of [
      [indexPart, arraysAt],
      [corpusPart, arraysAt + layout.indexBytes],
    ] as const) {
      for (let at = 0; bytes && at < bytes.byteLength; at += PIECE) {
        const piece = bytes.subarray(at, at + PIECE);
        pieces.push(piece);
        reads.push(readAt(piece, from + at));
      }
    }
    const sum = createHash(CHECKSUM).update(length).update(meta);
    for (let k = 0; k < pieces.length; k++) {
      if (!(await reads[k])) return cut;
      sum.update(pieces[k]!);
    }
    if (sum.digest('hex') !== sha256) return { problem: `${file}: damaged (its checksum does not match)` };
    // Written on a machine of the other byte order (a folder copied over): out of date, as another key is.
    if (layout.endianness !== endianness()) return {};
    const saved = savedOf(layout, indexPart, corpusPart);
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
  /** How many of the body's first bytes are the index's (see `serializeSaved`), and their SHA-256. */
  index?: { bytes: number; sha256: string };
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
  const index = (header as { index?: { bytes?: unknown; sha256?: unknown } }).index;
  return {
    bodyAt: eol + 1,
    bytes: Number(header.bytes),
    sha256: String(header.sha256),
    ...(typeof index?.bytes === 'number' && typeof index.sha256 === 'string'
      ? { index: { bytes: index.bytes, sha256: index.sha256 } }
      : {}),
  };
}

/** What is wrong with the shape of a deserialised index, if anything (a checksum does not vouch for the writer). */
function shapeProblem(saved: Loaded): string | undefined {
  const { corpus, data } = saved;
  const c = corpus?.passages;
  if (corpus && !c) return 'missing its corpus';
  if (c) {
    if (c.idEnds.length !== c.count || c.textEnds.length !== c.count || c.numbers.length !== 3 * c.count)
      return 'its passages do not add up';
    if (c.count > 0 && c.textEnds[c.count - 1]! > c.texts.length) return 'its texts are shorter than their ends';
    if (data.lengths.length !== c.count) return `its index has ${data.lengths.length} passages, its corpus ${c.count}`;
  }
  const { starts, sizes, docs, tfs } = data.postings;
  if (
    starts.length !== data.lexis.starts.length ||
    sizes.length !== starts.length - 1 ||
    docs.length !== tfs.length ||
    starts.at(-1) !== docs.length
  )
    return 'its postings do not match its vocabulary';
  for (let t = 0; t < sizes.length; t++)
    if (sizes[t]! > starts[t + 1]! - starts[t]!) return `its term ${t} has more postings than room for them`;
  const m = data.mentions;
  if (
    m.ends.length !== 2 * data.lengths.length + 1 ||
    m.starts.length !== m.keys.length ||
    m.stops.length !== m.keys.length ||
    m.ends.at(-1) !== m.keys.length ||
    m.keys.some((k) => k >= m.names.length)
  )
    return 'its mentions do not add up';
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
export async function saveSerialized(
  file: string,
  key: string,
  { body, indexEnd }: { body: Buffer; indexEnd: number },
): Promise<void> {
  const tmp = tempBeside(file);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const index = { bytes: indexEnd, sha256: checksum(body.subarray(0, indexEnd)) };
    await writeFile(tmp, [headerLine(FORMAT, key, body, { index }), body]);
    await rename(tmp, file);
  } catch {
    await unlink(tmp).catch(() => undefined);
  }
}
