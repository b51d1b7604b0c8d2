import 'dotenv/config';
import { startDispatcher } from './app/runtime.ts';
import { runConsole } from './cli/console.ts';
import { CorpusError } from './corpus/load.ts';

/**
 * `npm start`. With no DISCORD_TOKEN it opens the local console (the Discord runtime arrives with the
 * next issue and plugs into the same dispatcher).
 */
async function main(): Promise<void> {
  const dispatcher = await startDispatcher((err, ref) => console.error(`error ${ref}:`, err));
  const banner = [
    'Deal Q&A bot: local console.',
    process.env.DISCORD_TOKEN ? 'DISCORD_TOKEN is set, but this build only has the local console.' : 'No DISCORD_TOKEN is set: to run on Discord, copy .env.example to .env and fill in DISCORD_TOKEN and DISCORD_APPLICATION_ID.',
    `Commands: ${[...dispatcher.commands.keys()].map((c) => `/${c}`).join(' ')}  (e.g. /who name:MegaFon lang:vi; Tab completes)`,
  ].join('\n');
  // The banner goes to stderr so that `printf '/stake lang:zh\n' | npm start` prints only the answer.
  process.stderr.write(`${banner}\n`);
  await runConsole(dispatcher, { input: process.stdin, output: process.stdout, ...(process.env.CONSOLE_LOCALE ? { locale: process.env.CONSOLE_LOCALE } : {}), color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof CorpusError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
