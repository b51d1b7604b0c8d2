import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SearchEngine } from '../src/search/engine.ts';
import { benchCorpus, benchQuestions, type CorpusKind } from './corpora.ts';

/**
 * npm run bench:answers -- --kind synthetic --passages 100000 --out before.json
 * The top 3 of every bench question (passage id and score), to compare an optimisation's answers with the
 * engine's before it: `diff before.json after.json` must be empty.
 */
const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'synthetic' },
    passages: { type: 'string', default: '100000' },
    out: { type: 'string', default: '-' },
  },
});
const corpus = await benchCorpus(values.kind as CorpusKind, Number(values.passages));
const engine = new SearchEngine(corpus);
const seen = new Set<string>();
const lines: string[] = [];
for (const { q, lang } of benchQuestions(1000)) {
  const key = `${lang ?? '*'} ${q}`;
  if (seen.has(key)) continue;
  seen.add(key);
  const hits = engine.search(q, { ...(lang ? { lang } : {}), limit: 3 });
  lines.push(`${key}\t${hits.map((h) => `${h.passage.id}:${h.score.toFixed(9)}`).join(' ')}`);
}
const text = `${lines.join('\n')}\n`;
if (values.out === '-') process.stdout.write(text);
else writeFileSync(values.out, text);
