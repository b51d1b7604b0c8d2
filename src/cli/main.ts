import 'dotenv/config';
import { parseArgs as parseFlags } from 'node:util';
import { OptionError, runCommand, validateOptions } from '../app/dispatch.ts';
import { localFiles } from '../app/files.ts';
import { startApp } from '../app/runtime.ts';
import { ConfigError, readConfig } from '../config.ts';
import { CorpusError } from '../corpus/load.ts';
import { payloadToText } from './plain.ts';
import { parseArgs, UsageError } from './parse.ts';

/**
 * npm run -s cli -- <command> [<subcommand>] [<option>:<value> ...] [--locale <discord-locale>] [--json]
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
  const dispatcher = await startApp(readConfig(), (err, ref) =>
    console.error(`error ${ref}: ${err instanceof Error ? err.stack : String(err)}`),
  );
  const parsed = parseArgs(dispatcher.commands, positionals);
  const options = validateOptions(parsed.command, parsed.subcommand, parsed.raw, values.locale);
  const reply = await runCommand(dispatcher, {
    command: parsed.command.data.name,
    ...(parsed.subcommand ? { subcommand: parsed.subcommand } : {}),
    options,
    files: localFiles(parsed.command, parsed.subcommand, options),
    ...(values.locale ? { locale: values.locale } : {}),
    canModerate: true,
    user: 'cli',
  });
  if (values.json) process.stdout.write(`${JSON.stringify({ reply: reply.payload, citations: reply.citations })}\n`);
  else
    process.stdout.write(`${payloadToText(reply.payload, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR)}\n`);
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
