import { randomBytes } from 'node:crypto';
import { link, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { CorpusError } from '../corpus/load.ts';
import type { LockHolder } from '../types.ts';
import { CorpusBusyError } from './changes.ts';

/**
 * One corpus change at a time across processes: the bot, any number of CLIs, on the same folder.
 *
 * The lock is a file, `<dir>/.corpus.lock`, created only if it does not exist (a hard link of a file already
 * written, so it is never seen empty), holding who took it: process id, machine, who asked, when. It is removed when
 * the change ends. A process killed meanwhile leaves it behind; the next change finds that its process is gone and
 * takes it over. What cannot be told is never taken over: a lock from another machine (a shared folder) stays until
 * that machine's process removes it, or someone deletes the file, which the refusal names.
 */

/** The lock file, inside the corpus folder (a dot-file: not a corpus file, and the watcher ignores it). */
export const LOCK_FILE = '.corpus.lock';

/** What the lock file holds. */
interface LockRecord {
  pid: number;
  host: string;
  by: string;
  since: string;
  /** Tells this taking of the lock from any other by the same process. */
  nonce: string;
}

/** Locks this process holds now, by lock path: its own pid in a lock file is stale unless listed here. */
const heldHere = new Map<string, string>();

/** A temporary file as `writeAtomically` and the lock name them: `.<name>.<12 hex>.tmp`. */
const TEMPORARY = /^\..+\.[0-9a-f]{12}\.tmp$/;

function errno(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? '';
}

/** Is `pid` a live process here? A process we may not signal (EPERM) is alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errno(err) === 'EPERM';
  }
}

function holderOf(record: LockRecord | null): LockHolder | undefined {
  if (!record) return undefined;
  const since = new Date(record.since);
  return {
    by: record.by,
    pid: record.pid,
    host: record.host,
    ...(Number.isNaN(since.getTime()) ? {} : { since }),
  };
}

/** The lock file's record; null when it is unreadable (not ours, or being written by a filesystem without links). */
async function readRecord(file: string): Promise<LockRecord | 'gone' | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errno(err) === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const r = JSON.parse(text) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    if (typeof r.pid === 'number' && typeof r.host === 'string' && typeof r.nonce === 'string')
      return { pid: r.pid, host: r.host, by: str(r.by), since: str(r.since), nonce: r.nonce };
  } catch {
    /* unreadable */
  }
  return null;
}

/** Whether the process that wrote `record` is gone, so its lock may be taken over. */
function stale(file: string, record: LockRecord): boolean {
  if (record.host !== hostname()) return false;
  // Our own pid: a lock this process holds, or one left by an earlier process that had the same pid (containers
  // restart with the same pids).
  if (record.pid === process.pid) return heldHere.get(file) !== record.nonce;
  return !alive(record.pid);
}

/**
 * Create `file` holding `text` only if it does not exist; EEXIST otherwise. Written beside it first and linked,
 * so no reader ever sees it empty; where there are no hard links, created exclusively and then written.
 */
async function createExclusive(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o644);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, file);
  } catch (err) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(errno(err))) throw err;
    const exclusive = await open(file, 'wx', 0o644);
    try {
      await exclusive.writeFile(text);
    } finally {
      await exclusive.close();
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

export class FileLock {
  private constructor(
    readonly file: string,
    private readonly record: LockRecord,
  ) {}

  /**
   * Take the lock on corpus folder `dir` for a change asked by `by`. Throws CorpusBusyError naming the holder when
   * a live process has it; takes over a lock whose process is gone. Once taken, temporary files that a killed write
   * left in the folder and in its trash are removed (nobody else can be writing them now).
   */
  static async acquire(dir: string, by: string, trashDir?: string): Promise<FileLock> {
    const file = path.join(dir, LOCK_FILE);
    const record: LockRecord = {
      pid: process.pid,
      host: hostname(),
      by,
      since: new Date().toISOString(),
      nonce: randomBytes(8).toString('hex'),
    };
    let last: LockRecord | null = null;
    // A few rounds: the holder may release, or a stale lock be taken over by someone else, between two steps.
    for (let round = 0; round < 5; round++) {
      try {
        await createExclusive(file, JSON.stringify(record));
        heldHere.set(file, record.nonce);
        const lock = new FileLock(file, record);
        await removeTemporaries([dir, ...(trashDir ? [trashDir] : [])]);
        return lock;
      } catch (err) {
        if (errno(err) === 'ENOENT') throw new CorpusError([`${dir}: cannot read the corpus folder (ENOENT)`]);
        if (['EACCES', 'EPERM', 'EROFS'].includes(errno(err)))
          throw new CorpusError([
            `${dir}: cannot create the lock file ${LOCK_FILE} (${errno(err)}); changing the corpus needs a folder this process may write to`,
          ]);
        if (errno(err) !== 'EEXIST') throw err;
      }
      const held = await readRecord(file);
      if (held === 'gone') continue;
      last = held;
      if (!held || !stale(file, held)) throw new CorpusBusyError(holderOf(held));
      await takeOver(file, held);
    }
    throw new CorpusBusyError(holderOf(last));
  }

  /** Remove the lock file, if it is still ours. */
  async release(): Promise<void> {
    if (heldHere.get(this.file) === this.record.nonce) heldHere.delete(this.file);
    const held = await readRecord(this.file).catch(() => null);
    if (held && held !== 'gone' && held.nonce === this.record.nonce) await unlink(this.file).catch(() => undefined);
  }
}

/**
 * Remove a stale lock. Two processes may find the same stale lock at once: each must not remove a lock the other
 * has just taken in its place. So removing is itself done under a short-lived lock (`<lock>.takeover`), and only if
 * the lock file still holds the record found stale.
 */
async function takeOver(file: string, found: LockRecord): Promise<void> {
  const guard = `${file}.takeover`;
  const nonce = randomBytes(8).toString('hex');
  try {
    await createExclusive(guard, JSON.stringify({ pid: process.pid, host: hostname(), nonce }));
  } catch (err) {
    if (errno(err) !== 'EEXIST') throw err;
    // A guard whose process died between its two steps: remove it (this one step cannot be guarded) and let the
    // caller try again; a live one means someone else is taking the lock over right now.
    const other = await readRecord(guard);
    if (other && other !== 'gone' && stale(guard, other)) await unlink(guard).catch(() => undefined);
    else if (other !== 'gone') throw new CorpusBusyError(holderOf(found));
    return;
  }
  heldHere.set(guard, nonce);
  try {
    const now = await readRecord(file);
    if (now && now !== 'gone' && now.nonce === found.nonce) await unlink(file).catch(() => undefined);
  } finally {
    heldHere.delete(guard);
    await unlink(guard).catch(() => undefined);
  }
}

/** How old a lock's own temporary file must be to be someone's leftover rather than a lock being taken now. */
const LEFTOVER_MS = 60_000;

/**
 * Remove the temporary files (`.<name>.<hex>.tmp`) in `dirs`, left by writes that were killed. A lock's own
 * temporary file may be another process's attempt to take the lock right now: only an old one is removed.
 */
async function removeTemporaries(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!TEMPORARY.test(name)) continue;
      const full = path.join(dir, name);
      if (name.startsWith(`${LOCK_FILE}.`)) {
        const age = await stat(full).then(
          (s) => Date.now() - s.mtimeMs,
          () => 0,
        );
        if (age < LEFTOVER_MS) continue;
      }
      await unlink(full).catch(() => undefined);
    }
  }
}
