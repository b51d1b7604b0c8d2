import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildCorpus, readCorpusDir } from '../corpus/load.ts';
import type { CorpusRepository } from './repository.ts';

/**
 * Moving a corpus between a folder and a repository (`corpus import` / `corpus export`, CLI only): load a folder
 * into an empty database, and write a database's corpus back out as a folder, every file byte for byte.
 */

/** An import or export that cannot be done as asked; nothing was written. */
export class CorpusTransferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorpusTransferError';
  }
}

/**
 * Load the corpus files of folder `from` into `repository`, which must hold none. The folder is validated first
 * (a CorpusError names every problem); the import is one change under the repository's lock.
 */
export async function importFolder(
  repository: CorpusRepository,
  from: string,
  by: string,
): Promise<{ files: number; version?: number }> {
  const files = await readCorpusDir(from);
  buildCorpus(from, files);
  const done = await repository.change(by, ({ files: present, version }) => {
    if (present.length)
      throw new CorpusTransferError(
        `${repository.where} already holds a corpus (${present.length} files${version !== undefined ? `, version ${version}` : ''}); import loads only an empty one`,
      );
    return Promise.resolve({ edit: { put: files, remove: [] }, result: files.length });
  });
  return { files: done.result, ...(done.version !== undefined ? { version: done.version } : {}) };
}

/**
 * Write every corpus file of `repository` into folder `to` (created if absent), which must be empty: an export
 * never overwrites anything.
 */
export async function exportFolder(
  repository: CorpusRepository,
  to: string,
): Promise<{ files: number; version?: number }> {
  const { files, version } = await repository.read();
  if (!files.length) throw new CorpusTransferError(`${repository.where} holds no corpus: nothing to export`);
  await mkdir(to, { recursive: true });
  const present = await readdir(to);
  if (present.length)
    throw new CorpusTransferError(
      `${to}: not empty (${present.length} entries); export writes only into an empty folder`,
    );
  for (const file of files) await writeFile(path.join(to, file.name), file.bytes, { flag: 'wx' });
  return { files: files.length, ...(version !== undefined ? { version } : {}) };
}
