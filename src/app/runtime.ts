import { commands } from '../../commands/index.ts';
import type { CommandContext } from '../command.ts';
import { loadCorpus } from '../corpus/load.ts';
import { SearchEngine } from '../search/engine.ts';
import type { Lang } from '../types.ts';
import type { Dispatcher } from './dispatch.ts';

/** The corpus folder and default language, as the bot and the CLI read them. */
export function corpusDir(): string {
  return process.env.CORPUS_DIR || 'corpus';
}

export function defaultLang(): Lang {
  const v = process.env.DEFAULT_LANG;
  if (v === undefined || v === '') return 'vi';
  if (v === 'vi' || v === 'zh') return v;
  throw new Error(`DEFAULT_LANG must be "vi" or "zh" (got "${v}")`);
}

/** Load the corpus, build the index, and wire the commands to it. */
export async function startDispatcher(onError?: Dispatcher['onError']): Promise<Dispatcher & { swap(engine: SearchEngine): void }> {
  let engine = new SearchEngine(await loadCorpus(corpusDir()));
  const context: CommandContext = { engine: () => engine, defaultLang: defaultLang() };
  return { commands, context, ...(onError ? { onError } : {}), swap: (next) => void (engine = next) };
}
