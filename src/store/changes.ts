import { MAX_CORPUS_FILE_BYTES } from '../corpus/load.ts';
import { SOURCE_ID } from '../corpus/schema.ts';
import { fold } from '../text/normalize.ts';
import type { LockHolder } from '../types.ts';

/**
 * What a moderator's change to the corpus may be refused for, and what an uploaded article's name and size must be.
 * Shared by every store (the folder, and any other) and by `/corpus`, which words each refusal for the moderator.
 */

/** Largest article a moderator may upload: the loader's limit for any corpus file. */
export const MAX_ARTICLE_BYTES = MAX_CORPUS_FILE_BYTES;

/** Another change holds the corpus (in this process, another process, or another replica); nothing was done. */
export class CorpusBusyError extends Error {
  constructor(readonly holder?: LockHolder) {
    super(
      `another corpus change is in progress${holder && describeHolder(holder) ? ` (${describeHolder(holder)})` : ''}`,
    );
    this.name = 'CorpusBusyError';
  }
}

/** `by cli, process 1234 on host-a, since 2025-01-01T10:00:00.000Z`: as much of it as is known. */
export function describeHolder(h: LockHolder): string {
  return [
    h.by ? `by ${h.by}` : '',
    h.pid !== undefined ? `process ${h.pid}${h.host ? ` on ${h.host}` : ''}` : h.host ? `on ${h.host}` : '',
    h.since ? `since ${h.since.toISOString()}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * The place the corpus lives cannot be reached (the database is down or refuses us): the change was not made.
 * The index already loaded keeps answering.
 */
export class CorpusUnavailableError extends Error {
  constructor(
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${where}: cannot be reached (${reason})`);
    this.name = 'CorpusUnavailableError';
  }
}

/** A moderator's request that cannot be carried out as asked (bad name, exists, unknown source…); nothing changed. */
export class CorpusChangeError extends Error {
  constructor(
    readonly reason: 'badName' | 'exists' | 'unknownSource' | 'tooLarge',
    message: string,
  ) {
    super(message);
    this.name = 'CorpusChangeError';
  }
}

/**
 * A safe article file name from an uploaded one: the last path segment only, lowercased, anything but letters,
 * digits and hyphens turned into hyphens. `../../etc/passwd.md` becomes `passwd.md`; a name that is not `.md` or
 * leaves nothing usable is refused.
 */
export function safeArticleName(uploaded: string): string {
  const base = uploaded.split(/[\\/]/).pop() ?? '';
  if (!/\.md$/i.test(base))
    throw new CorpusChangeError('badName', `“${uploaded}”: expected a Markdown article named <source-id>.md`);
  const stem = fold(base.slice(0, -3).normalize('NFKC'))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  if (!SOURCE_ID.test(stem))
    throw new CorpusChangeError(
      'badName',
      `“${uploaded}”: the name must contain Latin letters (a-z) or digits (it becomes the source id)`,
    );
  return `${stem}.md`;
}
