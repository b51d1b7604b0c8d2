import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type CorpusFile, readCorpusDir } from '../corpus/load.ts';
import { CorpusChangeError } from './changes.ts';
import { FileLock } from './lock.ts';
import type { Committed, CorpusRepository, Edit, Planned, Snapshot } from './repository.ts';

/**
 * The corpus as a folder (the default): articles and the entities, glossary and corrections files, as moderators
 * edit them. A change is made under the folder's lock file (`lock.ts`); each file is written whole or not at all;
 * what is replaced or removed is kept in `<dir>/.trash/`.
 */

/** Folder (inside the corpus folder) where replaced and removed articles are kept. */
export const TRASH_DIR = '.trash';

export class FolderRepository implements CorpusRepository {
  readonly kind = 'folder';

  constructor(readonly dir: string) {}

  get where(): string {
    return this.dir;
  }

  async read(): Promise<Snapshot> {
    return { files: await readCorpusDir(this.dir) };
  }

  async change<T>(by: string, plan: (current: Snapshot) => Promise<Planned<T>>): Promise<Committed<T>> {
    const lock = await FileLock.acquire(this.dir, by, path.join(this.dir, TRASH_DIR));
    try {
      const current = await this.read();
      const { edit, result } = await plan(current);
      if (edit) await this.write(current.files, edit);
      return { result };
    } finally {
      await lock.release();
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private async write(files: CorpusFile[], edit: Edit): Promise<void> {
    for (const name of edit.remove) await this.toTrash(name, null);
    for (const file of edit.put) {
      const existing = files.find((f) => f.name === file.name);
      if (existing) await this.toTrash(existing.name, existing.bytes);
      await writeAtomically(path.join(this.dir, file.name), file.bytes, Boolean(existing));
    }
  }

  /** Keep an article about to be replaced (a copy of `bytes`) or removed (moved, when `bytes` is null) in the trash. */
  private async toTrash(name: string, bytes: Uint8Array | null): Promise<void> {
    const trash = path.join(this.dir, TRASH_DIR);
    await mkdir(trash, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const dot = name.lastIndexOf('.');
    // Two changes in the same millisecond (one after the other, under the lock) must not share a name.
    let target = path.join(trash, `${name.slice(0, dot)}.${stamp}${name.slice(dot)}`);
    for (let n = 2; existsSync(target); n++)
      target = path.join(trash, `${name.slice(0, dot)}.${stamp}-${n}${name.slice(dot)}`);
    if (bytes === null) await rename(path.join(this.dir, name), target);
    else await writeAtomically(target, bytes, false);
  }
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
