import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Files the bot keeps between runs (the saved index, the Vietnamese word lists): what their key owes to our code, and
 * where to write one whole before renaming it into place.
 */

/** A hash of the code files (`.ts`, `.js`) of `dirs`, by name and bytes: a kept file made by other code is stale. */
export function codeHash(dirs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const dir of dirs) {
    for (const name of readdirSync(dir).sort()) {
      if (/\.(ts|js)$/.test(name)) hash.update(name).update(readFileSync(path.join(dir, name)));
    }
  }
  return hash.digest('hex');
}

let temps = 0;

/**
 * A name beside `file` to write it under before renaming it into place, so a reader never sees half a file. Unique to
 * this process, thread and call: worker threads share the process id, and two of them may write the same file.
 */
export function tempBeside(file: string): string {
  return `${file}.${process.pid}.${threadId}.${temps++}.tmp`;
}

/** Whether `name` is a temporary file of `tempBeside` (left behind by a process that stopped mid-write). */
export const isTemp = (name: string): boolean => /\.\d+\.\d+\.\d+\.tmp$/.test(name);

/**
 * The first line of a kept file, in JSON: its format, the key it was kept at, and the length and SHA-256 of what
 * follows, so a file of another version is told without reading on, and a truncated or damaged one is not used.
 */
export interface KeptHeader {
  format: string;
  key: string;
  bytes: number;
  sha256: string;
}

/** SHA-256: measured three times as fast as SHA-1 on this machine (a 90 MB saved index: 60 ms of CPU, SHA-1 200). */
export const CHECKSUM = 'sha256';

export const checksum = (body: Buffer): string => createHash(CHECKSUM).update(body).digest('hex');

/** The header line for `body`, kept at `format` and `key` (and `more` fields, which the file's reader knows). */
export function headerLine(format: string, key: string, body: Buffer, more: Record<string, unknown> = {}): Buffer {
  const header: KeptHeader = { format, key, bytes: body.byteLength, sha256: checksum(body), ...more };
  return Buffer.from(`${JSON.stringify(header)}\n`);
}

/** What a header line says (throws on a line that is not JSON); its fields are checked by the caller. */
export const readHeader = (line: string): Partial<KeptHeader> => JSON.parse(line) as Partial<KeptHeader>;

/** The body of a whole kept file if its header is `format` and `key` and its length and checksum match. */
export function checkedBody(format: string, key: string, file: Buffer): Buffer | undefined {
  const end = file.indexOf(10);
  if (end < 0) return undefined;
  const header = readHeader(file.toString('utf8', 0, end));
  const body = file.subarray(end + 1);
  if (header.format !== format || header.key !== key || header.bytes !== body.byteLength) return undefined;
  return checksum(body) === header.sha256 ? body : undefined;
}
