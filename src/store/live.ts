import type { CorpusFile } from '../corpus/load.ts';
import { buildEngine, loadCorpusFiles } from '../search/build.ts';
import type { SearchEngine } from '../search/engine.ts';
import type { ChangeSummary, Corpus, CorpusStatus } from '../types.ts';

/**
 * The live index: the one every answer is read from, replaced whole, never edited. It knows nothing of where the
 * files come from (see `repository.ts`); it holds what was loaded, says what a swap changed, and tells listeners.
 */

/** What an index is built from. */
export interface IndexInput {
  /** Where the files come from: prefixes every problem line (a folder, a database). */
  where: string;
  files: CorpusFile[];
  /** Where the index is saved, and loaded from instead of built when nothing it depends on changed. */
  cacheFile?: string;
}

/**
 * Validate a set of corpus files and build their index, or load the saved one: the store's start. (A change, under
 * the repository's lock before anything is written, and a replica's catch-up go through `changeIndex`.) Throws a
 * CorpusError naming every problem.
 */
export async function buildIndex(input: IndexInput): Promise<SearchEngine> {
  // A large corpus is loaded and indexed in worker threads; at startup there is nothing to answer yet.
  const { engine } = await buildEngine({
    dir: input.where,
    files: input.files,
    ...(input.cacheFile ? { cacheFile: input.cacheFile } : {}),
  });
  return engine;
}

/**
 * The index of a change of the corpus. `previous`, the index answering now, is not changed: it keeps answering until
 * the new index is swapped in, and stays if the change is then refused or cannot be written. Changed in place when
 * only articles were added, removed or replaced (`SearchEngine.withCorpus`, whose answers are a full build's), else
 * built in full, on one thread so the other core answers (names, glossary, chat words or corrections changed,
 * articles reordered, much of the corpus changed). `inPlace` says which. Throws a CorpusError naming every problem.
 */
export async function changeIndex(
  input: IndexInput & { previous: SearchEngine },
): Promise<{ engine: SearchEngine; inPlace: boolean }> {
  // Loaded once: in a worker thread when large, as a build would.
  const corpus = await loadCorpusFiles(input.where, input.files);
  const changed = input.previous.withCorpus(corpus);
  if (changed) return { engine: changed, inPlace: true };
  // From the files, not the corpus loaded here: handing a large corpus to the worker packs it on this thread
  // (half a second at 100,000 passages on a busy machine), when the worker loads the files without holding it.
  const { engine } = await buildEngine({
    dir: input.where,
    files: input.files,
    ...(input.cacheFile ? { cacheFile: input.cacheFile } : {}),
    threads: 1,
    saveSmall: false,
  });
  return { engine, inPlace: false };
}

/**
 * Save the index of `files` where a start looks for it (`cacheFile`), built in a worker thread for a large corpus:
 * after a change made in place, which saves nothing, so that the next start need not build it.
 */
export async function saveIndex(input: { where: string; files: CorpusFile[]; cacheFile: string }): Promise<void> {
  const built = await buildEngine({ dir: input.where, files: input.files, cacheFile: input.cacheFile, threads: 1 });
  await built.saved();
}

/** An index and what it was built from. */
export interface Loaded {
  engine: SearchEngine;
  files: CorpusFile[];
  version: number;
  loadedAt: Date;
  loadedBy: string;
}

export class LiveIndex {
  private current: Loaded;
  /** Counts swaps: a rebuild started before a swap must not put back what that swap replaced. */
  private swaps = 0;
  private readonly listeners = new Set<(summary: ChangeSummary) => void>();
  private statusOfCurrent: CorpusStatus | undefined;

  constructor(
    readonly where: string,
    readonly kind: CorpusStatus['store'],
    first: Omit<Loaded, 'loadedAt'>,
  ) {
    this.current = { ...first, loadedAt: new Date() };
  }

  get engine(): SearchEngine {
    return this.current.engine;
  }

  get files(): CorpusFile[] {
    return this.current.files;
  }

  get version(): number {
    return this.current.version;
  }

  /** Changes each time the index is swapped: compare before and after an await. */
  get generation(): number {
    return this.swaps;
  }

  /** Called after every swap, whoever made the change (this process, or another replica). */
  onChange(listener: (summary: ChangeSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What `/corpus status` and a health check show; computed once per index. */
  status(): CorpusStatus {
    this.statusOfCurrent ??= this.computeStatus();
    return this.statusOfCurrent;
  }

  private computeStatus(): CorpusStatus {
    const {
      engine: { corpus },
      loadedAt,
      loadedBy,
      version,
    } = this.current;
    const counts = new Map<string, number>();
    for (const p of corpus.passages) counts.set(p.source, (counts.get(p.source) ?? 0) + 1);
    return {
      dir: this.where,
      store: this.kind,
      version,
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

  /** What nothing changing looks like: the summary of the index as it is. */
  unchanged(): ChangeSummary {
    return summarize(this.current, this.current, this.status());
  }

  /**
   * Put a complete new index in place (the assignment is the swap) and tell the listeners. `version` defaults to
   * the next one. Returns what changed.
   */
  swap(next: { engine: SearchEngine; files: CorpusFile[]; version?: number; by: string }): ChangeSummary {
    const before = this.current;
    this.current = {
      engine: next.engine,
      files: next.files,
      version: next.version ?? before.version + 1,
      loadedAt: new Date(),
      loadedBy: next.by,
    };
    this.statusOfCurrent = undefined;
    this.swaps++;
    // The index replaced answers no more: one changed from it in place may now change its postings without copies.
    next.engine.takeOver();
    const summary = summarize(before, this.current, this.status());
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
}

function summarize(
  before: { engine: { corpus: Corpus }; files: CorpusFile[] },
  after: { engine: { corpus: Corpus }; files: CorpusFile[] },
  status: CorpusStatus,
): ChangeSummary {
  const old = new Map(before.engine.corpus.sources.map((s) => [s.id, s.hash]));
  const now = new Map(after.engine.corpus.sources.map((s) => [s.id, s.hash]));
  const oldPassages = new Set(before.engine.corpus.passages.map((p) => p.id));
  const newPassages = new Set(after.engine.corpus.passages.map((p) => p.id));
  const others = (files: CorpusFile[]) =>
    new Map(
      files
        .filter((f) => !f.name.toLowerCase().endsWith('.md'))
        .map((f) => [f.name, Buffer.from(f.bytes).toString('base64')]),
    );
  const [a, b] = [others(before.files), others(after.files)];
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
