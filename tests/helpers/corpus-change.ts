/**
 * One corpus change in a process of its own, as the CLI makes it, for the tests of two processes racing:
 *
 *   node --import tsx tests/helpers/corpus-change.ts <corpus-subcommand> [<option>:<value> ...]
 *
 * It loads the corpus from the environment's settings (CORPUS_DIR or DATABASE_URL) as `npm run cli` does, prints
 * `ready`, waits for one line on stdin (so that two of them can be started and then let go at the same moment),
 * runs the change and prints `{"pid", "error", "content", "description"}` on one line. It exits by itself when
 * stdin closes.
 */
import { createInterface } from 'node:readline';
import { runCommand } from '../../src/app/dispatch.ts';
import { startApp } from '../../src/app/runtime.ts';
import { requestFromArgs } from '../../src/cli/parse.ts';
import { readConfig } from '../../src/config.ts';

// A one-shot run, as the CLI's.
const app = await startApp(readConfig(), undefined, { follow: false });
const request = requestFromArgs(app.commands, ['corpus', ...process.argv.slice(2)], { locale: 'en-US', user: 'cli' });
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
const go = await new Promise<boolean>((resolve) => {
  lines.once('line', () => resolve(true));
  lines.once('close', () => resolve(false));
});
if (go) {
  const reply = await runCommand(app, request);
  process.stdout.write(
    `${JSON.stringify({
      pid: process.pid,
      error: reply.error === true,
      content: reply.payload.content ?? '',
      description: reply.payload.embeds?.[0]?.description ?? '',
    })}\n`,
  );
}
lines.close();
await app.close();
