import { commands } from './commands.ts';
import type { Config } from '../config.ts';
import { CorpusStore } from '../store/corpus-store.ts';
import { type Dispatcher, report } from './dispatch.ts';

/** A dispatcher wired to the live corpus: what every transport (Discord, CLI, console) runs on. */
export interface App extends Dispatcher {
  store: CorpusStore;
}

/** Load the corpus, build the index, and wire the commands to it. */
export async function startApp(
  config: Pick<Config, 'corpusDir' | 'defaultLang'>,
  onError?: Dispatcher['onError'],
): Promise<App> {
  const store = await CorpusStore.open(config.corpusDir);
  const app: App = {
    commands,
    context: { engine: () => store.engine, defaultLang: config.defaultLang, store },
    store,
    ...(onError ? { onError } : {}),
  };
  // Read through `app`, so that a transport that sets onError later is the one that hears of it.
  app.context.report = (err) => report(err, app.onError);
  return app;
}
