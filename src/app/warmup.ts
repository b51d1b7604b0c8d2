import type { OptionValue } from '../command/contract.ts';
import { runAutocomplete, runCommand } from './dispatch.ts';
import type { App } from './runtime.ts';

/**
 * Run every command a few times on questions made from the corpus itself before the bot takes real
 * interactions. A fresh process answers its first few hundred questions several times slower than a warm one
 * (the JIT has not compiled the search and reply code yet); after a restart that would land on the first
 * burst of users. Nothing here is kept: the answers are thrown away.
 */
export async function warmUp(app: App, rounds = 3): Promise<{ runs: number; ms: number }> {
  const started = performance.now();
  const engine = app.store.engine;
  // What no question of the warm-up may happen to make (the spellings of the passages are read for a word typed
  // without diacritics): made before the first real question, not by it.
  engine.prepare();
  const questions = warmUpQuestions(engine.corpus.passages);
  const requests: Array<{ command: string; options: Record<string, OptionValue> }> = [
    ...questions.map((question) => ({ command: 'ask', options: { question } })),
    ...engine.corpus.entities.map((e) => ({ command: 'who', options: { name: e.id } })),
    { command: 'stake', options: { lang: 'vi' } },
    { command: 'stake', options: { lang: 'zh' } },
    { command: 'sources', options: {} as Record<string, OptionValue> },
  ].filter((r) => app.commands.has(r.command));
  let runs = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [i, r] of requests.entries()) {
      await runCommand(app, { ...r, canModerate: false, locale: ['vi', 'zh-CN', 'en-US'][i % 3]!, user: 'warm-up' });
      runs++;
    }
    for (const e of engine.corpus.entities) {
      runAutocomplete(app, {
        command: 'who',
        options: {},
        canModerate: false,
        focused: { name: 'name', value: (e.names[0] ?? e.id).slice(0, 2) },
      });
      runs++;
    }
  }
  return { runs, ms: performance.now() - started };
}

/** The warm-up's questions: the first sentence of each of the first 40 passages (up to 80 characters). */
export function warmUpQuestions(passages: ReadonlyArray<{ text: string }>): string[] {
  return passages.slice(0, 40).map((p) => p.text.split(/(?<=[.。!?！？])\s*/u)[0]!.slice(0, 80));
}
