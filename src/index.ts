import 'dotenv/config';
import { parseArgs } from 'node:util';
import { followCorpus, keepFeedback } from './app/process.ts';
import { startApp } from './app/runtime.ts';
import { exitAfter, onStopRequest } from './app/stop.ts';
import { warmUp } from './app/warmup.ts';
import { runConsole } from './cli/console.ts';
import { type Config, ConfigError, readConfig, secretsOf } from './config.ts';
import { CorpusError } from './corpus/load.ts';
import { CorpusUnavailableError } from './store/changes.ts';
import { Bot } from './discord/bot.ts';
import { createLogger } from './log.ts';

/**
 * `npm start`: the Discord bot when DISCORD_TOKEN is set, else (or with `--console`) the local console.
 * Both answer from the same commands and the same index.
 */

async function runDiscord(config: Config & { token: string }): Promise<void> {
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  // Signals first: one during start-up (loading, warming up, logging in) still ends the process cleanly.
  // Created after warming up; `stop` may read it before then, so it starts out explicitly unset.
  let bot: Bot | undefined = undefined;
  let watcher: { close(): void } = { close: () => undefined };
  let closeApp: (() => Promise<void>) | undefined = undefined;
  let stopping = false;
  // Read through a call after an await: a signal may have run `stop` meanwhile, which TypeScript does not see.
  const stopRequested = () => stopping;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'signal received');
    watcher.close();
    // The app last: it ends the connections to the corpus database.
    exitAfter(
      (bot ? bot.stop() : Promise.resolve()).then(() => closeApp?.()),
      logger,
    );
  };
  onStopRequest(stop);
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

  const app = await startApp(config, (err, ref) => logger.error({ err, ref }, 'command failed'));
  closeApp = () => app.close();
  keepFeedback(app, logger);
  watcher = followCorpus(app, config, logger);
  const warm = await warmUp(app);
  logger.debug({ runs: warm.runs, ms: Math.round(warm.ms) }, 'warmed up');
  if (stopRequested()) return;
  bot = new Bot({ config, app, logger });
  try {
    await bot.start();
  } catch (err) {
    if (stopRequested()) return; // stopped while logging in: the signal handler exits
    // discord.js says "An invalid token was provided." without echoing it; the logger scrubs it regardless.
    logger.fatal({ err }, 'login failed');
    watcher.close();
    await bot.client.destroy();
    process.exit(1);
  }
}

async function runLocal(config: Config): Promise<void> {
  const app = await startApp(config, (err, ref) => console.error(`error ${ref}:`, err));
  app.onFeedbackError = (err, what) =>
    console.error(`the ${what} was not recorded: ${err instanceof Error ? err.message : String(err)}`);
  app.feedback?.startPurging();
  const banner = [
    'Deal Q&A bot: local console.',
    config.token
      ? 'Started with --console: Discord is not contacted.'
      : 'No DISCORD_TOKEN is set: to run on Discord, see "Run it on your Discord server" in the README.',
    `Commands: ${[...app.commands.keys()].map((c) => `/${c}`).join(' ')}  (e.g. /who name:MegaFon lang:vi; Tab completes)`,
  ].join('\n');
  // The banner goes to stderr so that `printf '/stake lang:zh\n' | npm start` prints only the answer.
  process.stderr.write(`${banner}\n`);
  try {
    await runConsole(app, {
      input: process.stdin,
      output: process.stdout,
      ...(config.consoleLocale ? { locale: config.consoleLocale } : {}),
      // `isTTY` is undefined when stdout is not a terminal, whatever its type says.
      color: Boolean(process.stdout.isTTY as boolean | undefined) && !process.env.NO_COLOR,
    });
  } finally {
    // Following a database keeps a connection open: the console ends when its input does.
    await app.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { console: { type: 'boolean', default: false } }, strict: true });
  const config = readConfig();
  if (config.token && !values.console) await runDiscord({ ...config, token: config.token });
  else await runLocal(config);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof CorpusError || err instanceof ConfigError || err instanceof CorpusUnavailableError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exitCode = 1;
});
