import { commands } from './commands.ts';
import type { Config } from '../config.ts';
import { CorpusStore } from '../store/corpus-store.ts';
import { FolderRepository } from '../store/folder.ts';
import type { PostgresOptions } from '../store/postgres.ts';
import type { CorpusRepository } from '../store/repository.ts';
import { type Dispatcher, report } from './dispatch.ts';
import type { Answering } from './feedback.ts';
import { Feedback } from '../feedback/feedback.ts';
import { ReplyCache } from './replies.ts';

/** A dispatcher wired to the live corpus: what every transport (Discord, HTTP, CLI, console) runs on. */
export interface App extends Answering {
  store: CorpusStore;
  /** Stop following the corpus and release its connections (PostgreSQL); the app is not used afterwards. */
  close(): Promise<void>;
}

export type StoreConfig = Pick<Config, 'corpusDir'> & Partial<Pick<Config, 'databaseUrl'>>;

/**
 * Where the corpus lives, from the settings: PostgreSQL when DATABASE_URL is set, else the folder. The driver is
 * loaded only then: a CLI call on a folder does not pay for it.
 */
export async function openRepository(config: StoreConfig, o: PostgresOptions = {}): Promise<CorpusRepository> {
  if (!config.databaseUrl) return new FolderRepository(config.corpusDir);
  const { PostgresRepository } = await import('../store/postgres.ts');
  return PostgresRepository.open(config.databaseUrl, o);
}

export interface StartOptions {
  /**
   * Follow changes that other processes make to a shared corpus (PostgreSQL), swapping each new version in
   * (default true). A one-shot CLI run turns it off.
   */
  follow?: boolean;
  /** Timings of the PostgreSQL store (tests and benches shorten them). */
  postgres?: PostgresOptions;
  /** Record answers and votes in the feedback log (default true, when the settings name its place). */
  record?: boolean;
  /**
   * Open the feedback log while the corpus loads, not on the first answer. A CLI batch answers without ever
   * waiting, so a log opened on its first answer was only ready after the last one, and all of its recording
   * (loading the driver, opening the file, writing every answer) ran after the batch. Default false: a call that
   * records nothing (`sources --json`) does not pay for it.
   */
  openFeedback?: boolean;
}

export type FeedbackConfig = Pick<Config, 'dataDir' | 'databaseUrl' | 'feedbackSalt' | 'feedbackRetentionDays'>;

/**
 * Load the corpus, build the index, and wire the commands to it. With `feedback` settings, answers and votes are
 * recorded (the storage opens on first use).
 */
export async function startApp(
  config: StoreConfig & Pick<Config, 'defaultLang'> & Partial<FeedbackConfig>,
  onError?: Dispatcher['onError'],
  o: StartOptions = {},
): Promise<App> {
  const feedback =
    o.record !== false && config.dataDir !== undefined
      ? new Feedback({
          dataDir: config.dataDir,
          ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
          ...(config.feedbackSalt ? { salt: config.feedbackSalt } : {}),
          retentionDays: config.feedbackRetentionDays ?? 90,
          onPurgeError: (err) => app.onFeedbackError?.(err, 'purge'),
        })
      : undefined;
  if (o.openFeedback) feedback?.open();
  let store: CorpusStore;
  try {
    const repository = await openRepository(config, o.postgres);
    try {
      store = await CorpusStore.open(repository, { follow: o.follow ?? true });
    } catch (err) {
      await repository.close();
      throw err;
    }
  } catch (err) {
    await feedback?.close();
    throw err;
  }
  const app: App = {
    commands,
    context: { engine: () => store.engine, defaultLang: config.defaultLang, store, ...(feedback ? { feedback } : {}) },
    store,
    replies: new ReplyCache(),
    ...(feedback ? { feedback } : {}),
    close: async () => {
      await feedback?.close();
      await store.close();
    },
    ...(onError ? { onError } : {}),
  };
  // Read through `app`, so that a transport that sets onError later is the one that hears of it.
  app.context.report = (err) => report(err, app.onError);
  return app;
}
