import { openRepository, type StoreConfig } from '../app/runtime.ts';
import { exportFolder, importFolder } from '../store/transfer.ts';
import { UsageError } from './parse.ts';

/**
 * `corpus import dir:<folder>` and `corpus export dir:<folder>`: moving a corpus between a folder and the database
 * of DATABASE_URL. Shell only, for whoever runs the deployment: they are not subcommands of `/corpus` on Discord.
 */

export interface Transfer {
  action: 'import' | 'export';
  dir: string;
}

/** The transfer a command line asks for, or null when it is not one (any other command). */
export function transferFromArgs(args: string[]): Transfer | null {
  const [command, action, ...rest] = args;
  if (command?.replace(/^\//, '') !== 'corpus' || (action !== 'import' && action !== 'export')) return null;
  const dir = rest.length === 1 && rest[0]!.startsWith('dir:') ? rest[0]!.slice(4).trim() : '';
  if (!dir) throw new UsageError(`usage: cli corpus ${action} dir:<folder>`);
  return { action, dir };
}

/** Run it; returns what to print (a sentence, or the JSON object). */
export async function runTransfer(
  config: StoreConfig & { databaseUrl: string },
  transfer: Transfer,
  json: boolean,
): Promise<string> {
  const repository = await openRepository(config);
  try {
    const done =
      transfer.action === 'import'
        ? await importFolder(repository, transfer.dir, 'cli')
        : await exportFolder(repository, transfer.dir);
    if (json)
      return JSON.stringify({
        [transfer.action === 'import' ? 'imported' : 'exported']: done.files,
        version: done.version,
      });
    return transfer.action === 'import'
      ? `Imported ${done.files} files from ${transfer.dir} into ${repository.where}: corpus version ${done.version ?? '-'}.`
      : `Exported ${done.files} files of corpus version ${done.version ?? '-'} from ${repository.where} to ${transfer.dir}.`;
  } finally {
    await repository.close();
  }
}
