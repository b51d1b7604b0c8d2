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

/** The header line of a kept file: its format, its length and checksum (a truncated or damaged file is not used). */
export function checkedHeader(format: string, body: Buffer): string {
  return `${format} ${body.byteLength} ${createHash('sha1').update(body).digest('hex')}\n`;
}

/** The body of a kept file written with {@link checkedHeader}, or undefined when it is of another format or damaged. */
export function checkedBody(format: string, file: Buffer): Buffer | undefined {
  const end = file.indexOf(10);
  if (end < 0) return undefined;
  const [name, bytes, sha1] = file.subarray(0, end).toString('utf8').split(' ');
  const body = file.subarray(end + 1);
  if (name !== format || Number(bytes) !== body.byteLength) return undefined;
  return createHash('sha1').update(body).digest('hex') === sha1 ? body : undefined;
}
