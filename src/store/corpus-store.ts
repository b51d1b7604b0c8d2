import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { buildCorpus, type CorpusFile, readCorpusDir } from '../corpus/load.ts';
import { SearchEngine } from '../search/engine.ts';
import type { ChangeSummary, Corpus, CorpusStatus } from '../types.ts';
import { CorpusBusyError, CorpusChangeError, MAX_ARTICLE_BYTES, safeArticleName } from './changes.ts';

/**
 * The live corpus: the index every answer is read from, and the moderators' changes to the folder behind it.
 *
 * - One change at a time: a second change while one runs is refused at once (`CorpusBusyError`), never queued
 *   behind a slow one, so the moderator knows where they stand.
 * - Nothing is half done. A change is validated in memory against the whole folder first; only a corpus that
 *   loads is written, and only then is the new index swapped in whole. Until then questions are answered from
 *   the old index.
 * - Nothing is lost. A replaced or removed article is moved to `<dir>/.trash/`, never deleted.
 */

/** Folder (inside the corpus folder) where replaced and removed articles are kept. */
export const TRASH_DIR = '.trash';

function summarize(
  before: Corpus | undefined,
  after: Corpus,
  beforeFiles: CorpusFile[],
  afterFiles: CorpusFile[],
  status: CorpusStatus,
): ChangeSummary {
  const old = new Map((before?.sources ?? []).map((s) => [s.id, s.hash]));
  const now = new Map(after.sources.map((s) => [s.id, s.hash]));
  const oldPassages = new Set((before?.passages ?? []).map((p) => p.id));
  const newPassages = new Set(after.passages.map((p) => p.id));
  const others = (files: CorpusFile[]) =>
    new Map(
      files
        .filter((f) => !f.name.toLowerCase().endsWith('.md'))
        .map((f) => [f.name, Buffer.from(f.bytes).toString('base64')]),
    );
  const [a, b] = [others(beforeFiles), others(afterFiles)];
  const summary = {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed: [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)),
    passagesAdded: [...newPassages].filter((id) => !oldPassages.has(id)).length,
    passagesRemoved: [...oldPassages].filter((id) => !newPassages.has(id)).length,
    otherFilesChanged: a.size !== b.size || [...a].some(([k, v]) => b.get(k) !== v),
    status,
  };
  const unchanged =
    !summary.added.length &&
    !summary.removed.length &&
    !summary.changed.length &&
    !summary.passagesAdded &&
    !summary.passagesRemoved &&
    !summary.otherFilesChanged;
  return { ...summary, unchanged };
}

/** Write `bytes` to `file` so that readers see either the old file or the whole new one, never a part. */
async function writeAtomically(file: string, bytes: Uint8Array, overwrite: boolean): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // link() fails if the name exists, so a new article never overwrites one created meanwhile; rename() replaces.
    if (overwrite) await rename(tmp, file);
    else await linkOrClaim(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw new CorpusChangeError('exists', `${path.basename(file)} already exists`);
    throw err;
  }
  if (!overwrite) await unlink(tmp).catch(() => undefined);
}

/**
 * Put `tmp` at `file` only if `file` does not exist. Where the filesystem has no hard links (some network and
 * FAT mounts), claim the name with an exclusive create and rename over the claim: not one atomic step, but still
 * never overwriting another writer's file.
 */
async function linkOrClaim(tmp: string, file: string): Promise<void> {
  try {
    await link(tmp, file);
  } catch (err) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes((err as NodeJS.ErrnoException).code ?? ''))
      throw err;
    const claim = await open(file, 'wx');
    await claim.close();
    await rename(tmp, file);
  }
}

export class CorpusStore {
  private current: { engine: SearchEngine; files: CorpusFile[]; loadedAt: Date; loadedBy: string };
  private busy = false;
  private readonly listeners = new Set<(summary: ChangeSummary) => void>();

  private constructor(
    readonly dir: string,
    corpus: Corpus,
    files: CorpusFile[],
    by: string,
  ) {
    this.current = { engine: new SearchEngine(corpus), files, loadedAt: new Date(), loadedBy: by };
  }

  /** Load `dir` (throws a CorpusError naming every problem). */
  static async open(dir: string, by = 'startup'): Promise<CorpusStore> {
    const files = await readCorpusDir(dir);
    return new CorpusStore(dir, buildCorpus(dir, files), files, by);
  }

  /** The index answers are read from; replaced whole by a successful change. */
  get engine(): SearchEngine {
    return this.current.engine;
  }

  get corpus(): Corpus {
    return this.current.engine.corpus;
  }

  get changing(): boolean {
    return this.busy;
  }

  /** Called after every successful change (e.g. to log it). */
  onChange(listener: (summary: ChangeSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): CorpusStatus {
    const {
      engine: { corpus },
      loadedAt,
      loadedBy,
    } = this.current;
    const counts = new Map<string, number>();
    for (const p of corpus.passages) counts.set(p.source, (counts.get(p.source) ?? 0) + 1);
    return {
      dir: this.dir,
      articles: corpus.sources.map((s) => ({
        id: s.id,
        title: s.title,
        lang: s.lang,
        passages: counts.get(s.id) ?? 0,
      })),
      passages: corpus.passages.length,
      entities: corpus.entities.length,
      loadedAt,
      loadedBy,
    };
  }

  /** Re-read the folder. A folder that no longer loads changes nothing and throws its CorpusError. */
  reload(by: string): Promise<ChangeSummary> {
    return this.exclusive(async () => {
      const files = await readCorpusDir(this.dir);
      return this.commit(files, by);
    });
  }

  /**
   * Add an article (or replace one, when `replace`): validated with the rest of the folder before anything is
   * written. Throws CorpusChangeError or CorpusError, and then nothing has changed.
   */
  add(
    upload: { name: string; bytes: Uint8Array },
    o: { replace?: boolean; by: string },
  ): Promise<ChangeSummary & { file: string; replaced: boolean }> {
    return this.exclusive(async () => {
      const name = safeArticleName(upload.name);
      if (upload.bytes.byteLength > MAX_ARTICLE_BYTES)
        throw new CorpusChangeError(
          'tooLarge',
          `${name}: ${upload.bytes.byteLength} bytes is over the ${MAX_ARTICLE_BYTES}-byte limit`,
        );
      const files = await readCorpusDir(this.dir);
      const existing = files.find((f) => f.name.toLowerCase() === name);
      if (existing && !o.replace)
        throw new CorpusChangeError('exists', `${name} already exists; add it with replace:true to replace it`);
      const next = [...files.filter((f) => f !== existing), { name, bytes: upload.bytes }].sort((x, y) =>
        x.name < y.name ? -1 : 1,
      );
      const corpus = buildCorpus(this.dir, next);
      const target = path.join(this.dir, name);
      if (existing) await this.toTrash(existing, false);
      await writeAtomically(target, upload.bytes, Boolean(existing));
      // `replaced`, not `changed`: an article replaced by the same bytes is replaced (and trashed) but unchanged.
      return { ...this.swap(corpus, next, o.by), file: name, replaced: Boolean(existing) };
    });
  }

  /** Remove an article (moved to `.trash/`); refused, with nothing changed, if the rest would not load. */
  remove(sourceId: string, by: string): Promise<ChangeSummary> {
    return this.exclusive(async () => {
      const files = await readCorpusDir(this.dir);
      const file = files.find((f) => f.name.toLowerCase().endsWith('.md') && f.name.slice(0, -3) === sourceId);
      if (!file) throw new CorpusChangeError('unknownSource', `no article “${sourceId}” in ${this.dir}`);
      const next = files.filter((f) => f !== file);
      const corpus = buildCorpus(this.dir, next);
      await this.toTrash(file, true);
      return this.swap(corpus, next, by);
    });
  }

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy) throw new CorpusBusyError();
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  /**
   * A reload that finds the folder as it was keeps the index it has (and who loaded it, and when): the watcher
   * sees the bot's own writes, and rebuilding for nothing would make `/corpus status` credit the watcher.
   */
  private commit(files: CorpusFile[], by: string): ChangeSummary {
    const corpus = buildCorpus(this.dir, files);
    const same = summarize(this.current.engine.corpus, corpus, this.current.files, files, this.status());
    return same.unchanged ? same : this.swap(corpus, files, by);
  }

  private swap(corpus: Corpus, files: CorpusFile[], by: string): ChangeSummary {
    const before = this.current;
    // Build the whole new index before anyone can see it; the assignment is the swap.
    this.current = { engine: new SearchEngine(corpus), files, loadedAt: new Date(), loadedBy: by };
    const summary = summarize(before.engine.corpus, corpus, before.files, files, this.status());
    // The change is made: a failing listener (a log call) must not make it look refused to the moderator.
    for (const l of this.listeners) {
      try {
        l(summary);
      } catch {
        /* ignored */
      }
    }
    return summary;
  }

  /** Keep an article about to be replaced (a copy) or removed (moved) under `.trash/`. */
  private async toTrash(file: CorpusFile, move: boolean): Promise<void> {
    const trash = path.join(this.dir, TRASH_DIR);
    await mkdir(trash, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const target = path.join(trash, `${file.name.slice(0, -3)}.${stamp}.md`);
    if (move) await rename(path.join(this.dir, file.name), target);
    else await writeAtomically(target, file.bytes, false);
  }
}
