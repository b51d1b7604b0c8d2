import 'dotenv/config';
import { createInterface } from 'node:readline';
import { parseArgs as parseFlags } from 'node:util';
import { z } from 'zod';
import { commands } from '../app/commands.ts';
import { runAnswer } from '../app/feedback.ts';
import { type App, startApp } from '../app/runtime.ts';
import { PAGE } from '../answers/paged.ts';
import { OptionError } from '../command/options.ts';
import { ConfigError, readConfig } from '../config.ts';
import { CorpusError } from '../corpus/load.ts';
import { TYPED_LOCALE_NAMES, typedLocale } from '../text/locale.ts';
import { errorJson, replyJson } from './json.ts';
import { stripControls } from '../text/controls.ts';
import { payloadToText } from './plain.ts';
import { requestFromArgs, requestFromObject, UsageError } from './parse.ts';
import { runTransfer, transferFromArgs } from './transfer.ts';

/**
 * npm run -s cli -- <command> [<subcommand>] [<option>:<value> ...] [--locale <locale>] [--json] [--page <n>] [--no-record]
 * npm run -s cli -- --batch [--locale <locale>] [--no-record]   (one JSON request a line on stdin, one result a line out)
 * npm run -s cli -- corpus import|export dir:<folder>   (with DATABASE_URL: see transfer.ts)
 * Exit 0 with the answer (also "not in the sources"); 1 when the request was refused (no permission, a corpus
 * change with problems) or failed; 2 with one line on stderr for a bad command line.
 */

function localeOf(typed: string | undefined): string | undefined {
  if (typed === undefined) return undefined;
  const locale = typedLocale(typed);
  if (!locale) throw new UsageError(`--locale "${typed.slice(0, 40)}" is not one of ${TYPED_LOCALE_NAMES.join(', ')}`);
  return locale;
}

function pageOf(typed: string | number | undefined): number {
  if (typed === undefined) return 0;
  const n = typeof typed === 'number' ? typed : /^\d{1,4}$/.test(typed) ? Number(typed) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new UsageError(`--page must be a page number from 1 to 1000 (got "${String(typed).slice(0, 20)}")`);
  return (n - 1) * PAGE;
}

/** One request of a batch: the command line as JSON. */
const BatchRequest = z.strictObject({
  id: z.union([z.string(), z.number()]).optional(),
  command: z.string(),
  subcommand: z.string().optional(),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  locale: z.string().optional(),
  page: z.number().int().optional(),
});

async function runBatch(app: App, defaults: { locale?: string | undefined }): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out: string[] = [];
  const flush = () => {
    if (out.length) process.stdout.write(out.join(''));
    out.length = 0;
  };
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let result: Record<string, unknown>;
    let id: Record<string, unknown> = { line: n };
    let sent: () => void = () => undefined;
    try {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new BatchError('json', 'not a JSON object');
      }
      const parsed = BatchRequest.safeParse(json);
      if (!parsed.success)
        throw new BatchError(
          'request',
          parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '),
        );
      const r = parsed.data;
      if (r.id !== undefined) id = { ...id, id: r.id };
      const locale = r.locale !== undefined ? localeOf(r.locale) : defaults.locale;
      const request = requestFromObject(app.commands, r, { locale, user: 'cli' });
      const answered = await runAnswer(app, { ...request, offset: pageOf(r.page) }, { via: 'cli' });
      result = replyJson(answered.reply, id);
      sent = answered.sent;
    } catch (err) {
      if (err instanceof BatchError) result = errorJson(err.kind, err.message, id);
      else if (err instanceof UsageError) result = errorJson('usage', err.message, id);
      else if (err instanceof OptionError) result = errorJson('options', err.message, id);
      else throw err;
    }
    out.push(`${JSON.stringify(result)}\n`);
    sent();
    if (out.length >= 64) flush();
  }
  flush();
  return 0;
}

class BatchError extends Error {
  constructor(
    readonly kind: 'json' | 'request',
    message: string,
  ) {
    super(message);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      locale: { type: 'string' },
      json: { type: 'boolean', default: false },
      batch: { type: 'boolean', default: false },
      page: { type: 'string' },
      'no-record': { type: 'boolean', default: false },
    },
  });
  const transfer = transferFromArgs(positionals);
  if (transfer) {
    const config = readConfig(process.env, ['DATABASE_URL']);
    process.stdout.write(
      `${await runTransfer({ ...config, databaseUrl: config.databaseUrl ?? '' }, transfer, values.json)}\n`,
    );
    return 0;
  }
  const locale = localeOf(values.locale);
  const offset = pageOf(values.page);
  if (values.batch && positionals.length)
    throw new UsageError('--batch reads its requests from stdin: give no command on the command line');
  const app = await startApp(
    readConfig(),
    (err, ref) => console.error(stripControls(`error ${ref}: ${err instanceof Error ? err.stack : String(err)}`)),
    // A one-shot run: it does not follow changes other processes make, and closes its connections when done. A
    // call that will record (a batch, or a command whose answers are recorded) opens the log while the corpus loads.
    {
      follow: false,
      record: !values['no-record'],
      openFeedback: values.batch || Boolean(commands.get(positionals[0] ?? '')?.paging),
    },
  );
  app.onFeedbackError = (err, what) =>
    console.error(`cli: the ${what} was not recorded: ${err instanceof Error ? err.message : String(err)}`);
  try {
    if (values.batch) return await runBatch(app, { locale });
    const request = requestFromArgs(app.commands, positionals, { locale, user: 'cli' });
    const { reply, sent } = await runAnswer(app, { ...request, ...(offset ? { offset } : {}) }, { via: 'cli' });
    if (values.json) process.stdout.write(`${JSON.stringify(replyJson(reply))}\n`);
    else {
      // `isTTY` is undefined when stdout is not a terminal, whatever its type says.
      const color = Boolean(process.stdout.isTTY as boolean | undefined) && !process.env.NO_COLOR;
      process.stdout.write(`${payloadToText(reply.payload, color)}\n`);
    }
    sent();
    return reply.error ? 1 : 0;
  } finally {
    // Waits for the answers just recorded, then ends the connections.
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    if (
      err instanceof UsageError ||
      err instanceof OptionError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`cli: ${stripControls((err as Error).message)}\n`);
      process.exitCode = 2;
    } else if (err instanceof CorpusError || err instanceof ConfigError) {
      process.stderr.write(`${stripControls(err.message)}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`cli: ${stripControls(err instanceof Error ? err.message : String(err))}\n`);
      process.exitCode = 1;
    }
  },
);
