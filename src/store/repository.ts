import type { CorpusFile } from '../corpus/load.ts';

/**
 * Where the corpus files are kept, behind one interface: a folder (`folder.ts`, the default) or PostgreSQL
 * (`postgres.ts`, when DATABASE_URL is set). Both give the files as `CorpusFile[]`, which `buildCorpus` validates and
 * the live index (`live.ts`) is built from, and both take a change only under their lock, one at a time across every
 * process and replica. What a change is (add, replace, remove) and how it is validated is decided once, above them,
 * in `corpus-store.ts`.
 */

/** The corpus files as read at one moment. */
export interface Snapshot {
  files: CorpusFile[];
  /**
   * The repository's version of them, when it keeps one (PostgreSQL: 0 while empty, bumped by every change). A
   * folder keeps none: the live index numbers its loads.
   */
  version?: number;
  /** Who made the change that gave this version, when the repository records it. */
  changedBy?: string;
}

/**
 * One change as the repository writes it. Files in `put` are added, or replace the file of the same name; names
 * in `remove` are removed. What is replaced or removed is kept (a folder's `.trash/`, a table in PostgreSQL).
 */
export interface Edit {
  put: CorpusFile[];
  remove: string[];
}

/** What a change's plan decides, having seen the current files: what to write (nothing, if absent) and its result. */
export interface Planned<T> {
  edit?: Edit;
  result: T;
}

/** A change written (or, without an edit, a consistent read under the lock). */
export interface Committed<T> {
  result: T;
  /** The version the change gave (or found, without an edit), when the repository keeps versions. */
  version?: number;
}

/** What a repository that several processes share tells the process that follows it. */
export interface Following {
  /** A version of the corpus that may be newer than the one held: re-read it (cheap to call often). */
  version(version: number): void;
  /** Losing and regaining the connection that brings changes, for the log. */
  disconnected(err: unknown): void;
  reconnected(): void;
}

export interface CorpusRepository {
  readonly kind: 'folder' | 'postgres';
  /** Where the corpus lives, for messages and problem lines: a folder, or the database without its password. */
  readonly where: string;
  /** The current files, read consistently. */
  read(): Promise<Snapshot>;
  /**
   * Run one change under the repository's lock, held across processes and replicas. `plan` sees the current files
   * and returns what to write; if it throws, nothing is written and the error is passed on. Throws CorpusBusyError
   * (naming the holder) when another change holds the lock, CorpusUnavailableError when the repository cannot be
   * reached.
   */
  change<T>(by: string, plan: (current: Snapshot) => Promise<Planned<T>>): Promise<Committed<T>>;
  /**
   * Hear of versions written by other processes (PostgreSQL: LISTEN, a periodic re-read, and a re-read after every
   * reconnection). Absent where nothing tells (a folder: see `watch.ts`). Returns a function that stops.
   */
  follow?(listener: Following): () => void;
  /** Release connections; the repository is not used afterwards. */
  close(): Promise<void>;
}

/** Files in the order a folder lists them (by name, code unit order), whatever their repository's order. */
export function sortFiles(files: CorpusFile[]): CorpusFile[] {
  return [...files].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** Same names with the same bytes. */
export function sameFiles(a: CorpusFile[], b: CorpusFile[]): boolean {
  if (a.length !== b.length) return false;
  const byName = new Map(a.map((f) => [f.name, f.bytes]));
  return b.every((f) => {
    const other = byName.get(f.name);
    return other !== undefined && Buffer.from(other).equals(Buffer.from(f.bytes));
  });
}
