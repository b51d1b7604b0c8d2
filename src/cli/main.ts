import 'dotenv/config';
import { parseArgs as parseFlags } from 'node:util';
import { runCommand } from '../app/dispatch.ts';
import { startApp } from '../app/runtime.ts';
import { OptionError } from '../command/options.ts';
import { ConfigError, readConfig } from '../config.ts';
import { CorpusError } from '../corpus/load.ts';
import { payloadToText } from './plain.ts';
import { requestFromArgs, UsageError } from './parse.ts';
import { runTransfer, transferFromArgs } from './transfer.ts';

/**
 * npm run -s cli -- <command> [<subcommand>] [<option>:<value> ...] [--locale <discord-locale>] [--json]
 * npm run -s cli -- corpus import|export dir:<folder>   (with DATABASE_URL: see transfer.ts)
 * Exit 0 with the answer (also "not in the sources"); 1 when the request was refused (no permission, a corpus
 * change with problems) or failed; 2 with one line on stderr for a bad command line.
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { locale: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const transfer = transferFromArgs(positionals);
  if (transfer) {
    const config = readConfig(process.env, ['DATABASE_URL']);
    process.stdout.write(
      `${await runTransfer({ ...config, databaseUrl: config.databaseUrl ?? '' }, transfer, values.json)}\n`,
    );
    return 0;
  }
  // A one-shot run: it does not follow changes other processes make, and closes its connections when done.
  const dispatcher = await startApp(
    readConfig(),
    (err, ref) => console.error(`error ${ref}: ${err instanceof Error ? err.stack : String(err)}`),
    { follow: false },
  );
  let reply;
  try {
    reply = await runCommand(
      dispatcher,
      requestFromArgs(dispatcher.commands, positionals, { locale: values.locale, user: 'cli' }),
    );
  } finally {
    await dispatcher.close();
  }
  if (values.json)
    process.stdout.write(
      `${JSON.stringify({ reply: reply.payload, citations: reply.citations, outcome: reply.outcome ?? (reply.error ? 'refused' : 'answered') })}\n`,
    );
  else {
    // `isTTY` is undefined when stdout is not a terminal, whatever its type says.
    const color = Boolean(process.stdout.isTTY as boolean | undefined) && !process.env.NO_COLOR;
    process.stdout.write(`${payloadToText(reply.payload, color)}\n`);
  }
  return reply.error ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    if (
      err instanceof UsageError ||
      err instanceof OptionError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`cli: ${(err as Error).message}\n`);
      process.exitCode = 2;
    } else if (err instanceof CorpusError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`cli: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
