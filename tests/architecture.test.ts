import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './fixtures.ts';

/**
 * The layers of the house (README, "How it works"), lowest first. A file may import files of its own layer or of
 * lower ones, never of a higher one; no files import each other in a circle; and only the app's wiring imports the
 * command modules. Every source file must belong to a layer, so a new folder is placed on purpose.
 */
const LAYERS: Array<{ name: string; paths: string[] }> = [
  { name: 'shared types and text rules', paths: ['src/types.ts', 'src/types/', 'src/text/'] },
  { name: 'configuration and logs', paths: ['src/config.ts', 'src/log.ts'] },
  { name: 'corpus loading', paths: ['src/corpus/'] },
  { name: 'search', paths: ['src/search/'] },
  { name: 'replies and stores', paths: ['src/reply/', 'src/store/', 'src/feedback/'] },
  { name: 'command contract and answers', paths: ['src/command/', 'src/answers/'] },
  { name: 'command modules', paths: ['commands/'] },
  { name: 'app wiring', paths: ['src/app/'] },
  { name: 'transports', paths: ['src/cli/', 'src/discord/', 'src/http/', 'src/index.ts', 'src/deploy.ts'] },
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|mts)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

/** The relative imports of a file (static, re-exports and dynamic), resolved to repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specs.map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
}

function layerOf(file: string): number {
  return LAYERS.findIndex((l) => l.paths.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p)));
}

const files = [...sourceFiles('src'), ...sourceFiles('commands')];
const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('the import graph', () => {
  it('places every source file in a layer', () => {
    expect(files.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('never imports from a higher layer', () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      for (const target of imports) {
        if (layerOf(target) > layerOf(file)) {
          upward.push(`${file} (${LAYERS[layerOf(file)]!.name}) → ${target} (${LAYERS[layerOf(target)]?.name})`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  it('lets only the app wiring import the command modules', () => {
    const outside = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((t) => t.startsWith('commands/') && !file.startsWith('commands/') && !file.startsWith('src/app/'))
        .map((t) => `${file} → ${t}`),
    );
    expect(outside).toEqual([]);
  });

  it('has no cycle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('resolves every relative import to a file that exists', () => {
    const missing = [...graph].flatMap(([file, imports]) =>
      imports.filter((t) => !graph.has(t) && !t.endsWith('.json')).map((t) => `${file} → ${t}`),
    );
    expect(missing).toEqual([]);
  });
});
