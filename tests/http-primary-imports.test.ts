/**
 * The primary of `npm run serve -- --replicas N` (src/http/main.ts) never answers: it loads none of the answering
 * code (commands, search, corpus, replies), which only its workers load (src/http/replica.ts, imported when needed).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './fixtures.ts';

/** Every file of the repository that `entry` loads as it starts: its static imports, followed; `import type` is not. */
function loadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    const imports = source.matchAll(/^(?:import|export)\s+(?:(type\s)?[^;'"]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm);
    for (const [, typeOnly, from] of imports) if (!typeOnly) visit(path.posix.join(path.posix.dirname(file), from!));
  };
  visit(entry);
  return seen;
}

describe('the primary of npm run serve', () => {
  it('loads none of the code that answers', () => {
    const loaded = [...loadedBy('src/http/main.ts')];
    expect(loaded).toContain('src/http/shared-replies.ts');
    expect(
      loaded.filter((f) =>
        /^(commands\/|src\/(search|store|answers|command)\/|src\/corpus\/load|src\/app\/(commands|runtime|process|dispatch|warmup|replies))/.test(
          f,
        ),
      ),
    ).toEqual([]);
  });

  it('loads it in a worker, from src/http/replica.ts', () => {
    const loaded = loadedBy('src/http/replica.ts');
    for (const f of ['src/app/commands.ts', 'src/app/runtime.ts', 'src/http/server.ts']) expect(loaded).toContain(f);
  });
});
