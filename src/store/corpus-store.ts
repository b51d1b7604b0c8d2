import { hostname } from 'node:os';
import path from 'node:path';
import { CorpusError, type CorpusFile } from '../corpus/load.ts';
import type { SearchEngine } from '../search/engine.ts';
import type { ChangeSummary, Corpus, CorpusStatus, LockHolder } from '../types.ts';
import { CorpusBusyError, CorpusChangeError, MAX_ARTICLE_BYTES, safeArticleName } from './changes.ts';
import { buildIndex, changeIndex, LiveIndex, saveIndex } from './live.ts';
import { type CorpusRepository, sameFiles, sortFiles } from './repository.ts';

/**
 * The live corpus: the index every answer is read from (`live.ts`), and the moderators' changes to the repository
 * behind it (a folder or PostgreSQL, `repository.ts`). What `/corpus` talks to, through `CorpusAdmin`.
 *
 * - One change at a time: a second change while one runs, in this process or any other sharing the repository, is
 *   refused at once (`CorpusBusyError`, naming who holds it), never queued behind a slow one.
 * - Nothing is half done. A change is validated against the whole new corpus under the repository's lock (the index
 *   is built from it); only a corpus that loads is written, and only then is the new index swapped in whole. Until
 *   then questions are answered from the old index. A refused change writes nothing.
 * - Nothing is lost. A replaced or removed article is kept (the folder's `.trash/`, PostgreSQL's trash table).
 * - Replicas follow (`follow: true`, PostgreSQL): a version written elsewhere is read, built and swapped in whole.
 */

/** What happens while following a shared repository, for the log. */
export type SyncEvent =
  /** The connection that brings changes was lost; the index held keeps answering. */
  | { type: 'disconnected'; err: unknown }
  /** …and is back; the version was re-read. */
  | { type: 'reconnected' }
  /** A newer version could not be read or built; the index held keeps answering. */
  | { type: 'failed'; err: unknown };

/** The saved search index (inside a corpus folder): a start with unchanged files loads it instead of building. */
export const INDEX_FILE = path.join('.index', 'search.v8');

/** Where a repository's index is saved: beside the files of a folder; a database's is not saved. */
function cacheFileOf(repository: CorpusRepository): { cacheFile?: string } {
  return repository.kind === 'folder' ? { cacheFile: path.join(repository.where, INDEX_FILE) } : {};
}

export interface StoreOptions {
  /** Who loaded the first index, for `/corpus status` (default `startup`). */
  by?: string;
  /**
   * Hear of changes made by other processes and swap them in (PostgreSQL: LISTEN, a re-read every 30 s and after
   * reconnecting). For long-running processes; a CLI run leaves it off.
   */
  follow?: boolean;
}

/** Satisfies the command contract's `CorpusAdmin` (checked where the app wires it: the store sits below it). */
export class CorpusStore {
  /** The change this process is making, if any. */
  private running: LockHolder | undefined;
  private readonly syncListeners = new Set<(event: SyncEvent) => void>();
  private stopFollowing: (() => void) | undefined;
  /** A version was announced that may not be the one held: read again once the current catch-up ends. */
  private stale = false;
  private catching: Promise<void> | undefined;
  /** A version that did not build: not tried again until another one is announced. */
  private failedVersion: number | undefined;
  private closed = false;
  /** Saving the index after changes made in place (see `saveLater`), and the files to save next. */
  private saving: Promise<void> | undefined;
  private toSave: CorpusFile[] | undefined;

  private constructor(
    readonly repository: CorpusRepository,
    private readonly live: LiveIndex,
  ) {}

  /** Read the repository and build the index (throws a CorpusError naming every problem). */
  static async open(repository: CorpusRepository, o: StoreOptions = {}): Promise<CorpusStore> {
    const snapshot = await repository.read();
    if (snapshot.version === 0)
      throw new CorpusError([
        `${repository.where}: holds no corpus yet; load a folder into it with: npm run -s cli -- corpus import dir:<folder>`,
      ]);
    const engine = await buildIndex({ where: repository.where, files: snapshot.files, ...cacheFileOf(repository) });
    const store = new CorpusStore(
      repository,
      new LiveIndex(repository.where, repository.kind, {
        engine,
        files: snapshot.files,
        version: snapshot.version ?? 1,
        loadedBy: o.by ?? 'startup',
      }),
    );
    if (o.follow) store.follow();
    return store;
  }

  /** Where the corpus lives, for messages. */
  get dir(): string {
    return this.repository.where;
  }

  /** The index answers are read from; replaced whole by a successful change. */
  get engine(): SearchEngine {
    return this.live.engine;
  }

  get corpus(): Corpus {
    return this.live.engine.corpus;
  }

  /** The files the index answering now was built from. */
  get files(): CorpusFile[] {
    return this.live.files;
  }

  /** The version answers are read from (see `CorpusStatus.version`). */
  get version(): number {
    return this.live.version;
  }

  /** Whether this process is making a change now. */
  get changing(): boolean {
    return this.running !== undefined;
  }

  /**
   * Called after every swap of the index, whoever made the change: this process, or (when following) another
   * process or replica. `summary.status.version` is the version now answering.
   */
  onChange(listener: (summary: ChangeSummary) => void): () => void {
    return this.live.onChange(listener);
  }

  /** Connection lost and regained, versions that would not load: while following, for the log. */
  onSync(listener: (event: SyncEvent) => void): () => void {
    this.syncListeners.add(listener);
    return () => this.syncListeners.delete(listener);
  }

  status(): CorpusStatus {
    return this.live.status();
  }

  /**
   * Re-read the repository under its lock. Files as they were keep the index (and who loaded it, and when): the
   * watcher sees the bot's own writes, and rebuilding for nothing would make `/corpus status` credit the watcher.
   * Files that no longer load change nothing and throw their CorpusError.
   */
  reload(by: string): Promise<ChangeSummary> {
    return this.exclusive(by, async () => {
      const done = await this.repository.change(by, async (current) => {
        if (sameFiles(current.files, this.live.files))
          return { result: { files: current.files, engine: this.live.engine, same: true } };
        return { result: { files: current.files, engine: await this.build(current.files), same: false } };
      });
      const { files, engine, same } = done.result;
      if (same && (done.version === undefined || done.version === this.live.version)) return this.live.unchanged();
      return this.swap(engine, files, by, done.version);
    });
  }

  /**
   * Add an article (or replace one, when `replace`): validated with the rest of the corpus before anything is
   * written. Throws CorpusChangeError or CorpusError, and then nothing has changed.
   */
  add(
    upload: { name: string; bytes: Uint8Array },
    o: { replace?: boolean; by: string },
  ): Promise<ChangeSummary & { file: string; replaced: boolean }> {
    return this.exclusive(o.by, async () => {
      const name = safeArticleName(upload.name);
      if (upload.bytes.byteLength > MAX_ARTICLE_BYTES)
        throw new CorpusChangeError(
          'tooLarge',
          `${name}: ${upload.bytes.byteLength} bytes is over the ${MAX_ARTICLE_BYTES}-byte limit`,
        );
      const done = await this.repository.change(o.by, async ({ files }) => {
        const existing = files.find((f) => f.name.toLowerCase() === name);
        if (existing && !o.replace)
          throw new CorpusChangeError('exists', `${name} already exists; add it with replace:true to replace it`);
        const next = sortFiles([...files.filter((f) => f !== existing), { name, bytes: upload.bytes }]);
        const engine = await this.build(next);
        return {
          edit: {
            put: [{ name, bytes: upload.bytes }],
            remove: existing && existing.name !== name ? [existing.name] : [],
          },
          result: { engine, files: next, replaced: Boolean(existing) },
        };
      });
      const { engine, files, replaced } = done.result;
      // `replaced`, not `changed`: an article replaced by the same bytes is replaced (and trashed) but unchanged.
      return { ...this.swap(engine, files, o.by, done.version), file: name, replaced };
    });
  }

  /** Remove an article (kept in the trash); refused, with nothing changed, if the rest would not load. */
  remove(sourceId: string, by: string): Promise<ChangeSummary> {
    return this.exclusive(by, async () => {
      const done = await this.repository.change(by, async ({ files }) => {
        const file = files.find((f) => f.name.toLowerCase().endsWith('.md') && f.name.slice(0, -3) === sourceId);
        if (!file) throw new CorpusChangeError('unknownSource', `no article “${sourceId}” in ${this.dir}`);
        const next = files.filter((f) => f !== file);
        const engine = await this.build(next);
        return { edit: { put: [], remove: [file.name] }, result: { engine, files: next } };
      });
      return this.swap(done.result.engine, done.result.files, by, done.version);
    });
  }

  /** Stop following and release the repository's connections. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopFollowing?.();
    this.stopFollowing = undefined;
    await this.catching;
    await this.saving;
    await this.repository.close();
  }

  /** The index of `files`, changed in place from the one answering when it can be (`changeIndex`). */
  private async build(files: CorpusFile[]): Promise<SearchEngine> {
    const { engine, inPlace } = await changeIndex({
      where: this.dir,
      files,
      previous: this.live.engine,
      ...cacheFileOf(this.repository),
    });
    if (inPlace) this.inPlace.add(engine);
    return engine;
  }
  /** Indexes changed in place, not saved: saved once swapped in (`swap`). */
  private readonly inPlace = new WeakSet<SearchEngine>();

  private swap(engine: SearchEngine, files: CorpusFile[], by: string, version: number | undefined): ChangeSummary {
    const summary = this.live.swap({ engine, files, by, ...(version !== undefined ? { version } : {}) });
    if (this.inPlace.has(engine)) this.saveLater(files);
    return summary;
  }

  /**
   * A change made in place saves no index: it is saved after the swap, built again from the files in a worker
   * thread (a large corpus) while the bot answers, so that the next start loads it instead of building it. One save
   * at a time, of the latest files; a save that fails leaves the next start to build (it checks the saved index's
   * version anyway).
   */
  private saveLater(files: CorpusFile[]): void {
    const { cacheFile } = cacheFileOf(this.repository);
    if (!cacheFile) return;
    this.toSave = files;
    this.saving ??= (async () => {
      for (let next = this.toSave; next && !this.isClosed(); next = this.toSave) {
        this.toSave = undefined;
        await saveIndex({ where: this.dir, files: next, cacheFile }).catch(() => undefined);
      }
    })().finally(() => (this.saving = undefined));
  }

  private async exclusive<T>(by: string, work: () => Promise<T>): Promise<T> {
    if (this.running) throw new CorpusBusyError(this.running);
    this.running = { by, pid: process.pid, host: hostname(), since: new Date() };
    try {
      return await work();
    } finally {
      this.running = undefined;
    }
  }

  /** Read through a call: `closed` may change during an await, which narrowing does not see. */
  private isClosed(): boolean {
    return this.closed;
  }

  private emit(event: SyncEvent): void {
    for (const l of this.syncListeners) {
      try {
        l(event);
      } catch {
        /* a failing log call changes nothing */
      }
    }
  }

  private follow(): void {
    if (!this.repository.follow) return;
    this.stopFollowing = this.repository.follow({
      version: (version) => this.catchUp(version),
      disconnected: (err) => this.emit({ type: 'disconnected', err }),
      reconnected: () => this.emit({ type: 'reconnected' }),
    });
  }

  /** A version was announced (NOTIFY, the periodic re-read, a reconnection): if it is not the one held, load it. */
  private catchUp(version: number): void {
    if (this.closed || version === this.live.version) return;
    if (version === this.failedVersion) return;
    this.stale = true;
    this.catching ??= this.refresh().finally(() => (this.catching = undefined));
  }

  /**
   * Read the repository and swap in what it holds, until the version held is the one read. The read is taken at
   * one moment; if this process swapped meanwhile (its own change), what was read may be older, so it reads again.
   */
  private async refresh(): Promise<void> {
    while (this.stale && !this.closed) {
      this.stale = false;
      const generation = this.live.generation;
      let version: number | undefined;
      try {
        const snapshot = await this.repository.read();
        version = snapshot.version;
        if (version === undefined || version === this.live.version) continue;
        const engine = sameFiles(snapshot.files, this.live.files) ? this.live.engine : await this.build(snapshot.files);
        if (this.isClosed()) return;
        if (this.live.generation !== generation) {
          this.stale = true;
          continue;
        }
        this.failedVersion = undefined;
        this.swap(engine, snapshot.files, snapshot.changedBy ?? 'sync', version);
      } catch (err) {
        // Tried again at the next announcement, re-read or reconnection; the index held keeps answering. A version
        // that does not load is not rebuilt again and again.
        if (err instanceof CorpusError) this.failedVersion = version;
        this.emit({ type: 'failed', err });
      }
    }
  }
}
