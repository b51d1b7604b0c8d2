import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationCommandOptionType } from '../reply/discord.ts';
import {
  FileNotReadableError,
  FileTooLargeError,
  type Command,
  type OptionValue,
  type UploadedFile,
} from '../command/contract.ts';
import { optionsOf } from '../command/options.ts';

/**
 * Attachment options from a shell: where Discord hands the bot an uploaded file, the CLI and the console take
 * `file:<path>` and read the file from disk, with the same size limit.
 */

/** A file on disk as an upload: named by its last path segment, read no further than the limit. */
export function localFile(file: string): UploadedFile {
  return {
    name: path.basename(file),
    async read(maxBytes) {
      let size: number;
      let handle;
      try {
        const info = await stat(file);
        if (!info.isFile()) throw new FileNotReadableError(file, info.isDirectory() ? 'a folder' : 'not a file');
        size = info.size;
        if (size > maxBytes) throw new FileTooLargeError(path.basename(file), size, maxBytes);
        handle = await open(file, 'r');
      } catch (err) {
        // No such file, no permission: the operator's typo, not a failure of the bot.
        const code = (err as NodeJS.ErrnoException).code;
        if (code) throw new FileNotReadableError(file, code);
        throw err;
      }
      try {
        const buffer = Buffer.alloc(size);
        const { bytesRead } = await handle.read(buffer, 0, size, 0);
        return new Uint8Array(buffer.subarray(0, bytesRead));
      } finally {
        await handle.close();
      }
    },
  };
}

/** The attachment options of a validated request, as local files. */
export function localFiles(
  command: Command,
  subcommand: string | undefined,
  options: Record<string, OptionValue>,
): Record<string, UploadedFile> {
  const defs = optionsOf(command, subcommand);
  const files: Record<string, UploadedFile> = {};
  for (const def of defs) {
    const value = options[def.name];
    if (def.type === ApplicationCommandOptionType.Attachment && typeof value === 'string')
      files[def.name] = localFile(value);
  }
  return files;
}
