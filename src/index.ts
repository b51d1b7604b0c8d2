import { createInterface } from 'node:readline';
import { loadCorpus } from './corpus/load.ts';
import { SearchEngine } from './search/engine.ts';

// Temporary entry: answers questions typed on stdin from the index (the console and Discord follow).
const engine = new SearchEngine(await loadCorpus(process.env.CORPUS_DIR ?? 'corpus'));
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
if (process.stdin.isTTY) console.log('No DISCORD_TOKEN: type a question about the deal (Ctrl+D to quit).');
for await (const line of rl) {
  if (!line.trim()) continue;
  const hits = engine.search(line);
  if (hits.length === 0) console.log('Not in the sources.');
  for (const h of hits) {
    const s = engine.source(h.passage.source)!;
    console.log(`- ${h.passage.text}\n  (${s.title}, ¶${h.passage.ordinal}, ${s.lang}) ${s.url}`);
  }
}
