import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fold } from '../src/text/normalize.ts';
import { type VietnameseWords, wordsOf } from '../src/text/vietnamese.ts';
import { TempDirs } from './fixtures.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const file = createRequire(import.meta.url).resolve('@vntk/dictionary/data/Viet74K.txt');
const lists = (w: VietnameseWords) => ({
  compounds: [...w.compounds],
  foldedCompounds: [...w.foldedCompounds].sort(),
  syllables: [...w.syllables].sort(),
});

describe('the Vietnamese dictionary kept between processes', () => {
  const made = lists(wordsOf(file, undefined));

  it('reads the compounds, their folded forms and every folded syllable', () => {
    expect(made.compounds).toContain('quốc gia');
    expect(made.compounds).not.toContain('quốc');
    expect(made.foldedCompounds).toContain('quoc gia');
    expect(made.syllables).toEqual(expect.arrayContaining(['quoc', 'gia', 'nguoi']));
    expect(made.foldedCompounds).toEqual([...new Set(made.compounds.map(fold))].sort());
  });

  it('gives the same words made, kept and read back', async () => {
    const dir = await temp.dir();
    expect(lists(wordsOf(file, dir))).toEqual(made);
    const kept = readdirSync(dir);
    expect(kept).toHaveLength(1);
    const written = statSync(path.join(dir, kept[0]!)).mtimeMs;
    // The second process reads the kept file instead of making the lists again.
    expect(lists(wordsOf(file, dir))).toEqual(made);
    expect(statSync(path.join(dir, kept[0]!)).mtimeMs).toBe(written);
  });

  it('never believes a file changed after it was kept: one word removed, or the file cut short', async () => {
    const dir = await temp.dir();
    wordsOf(file, dir);
    const [name] = readdirSync(dir);
    const kept = path.join(dir, name!);
    const whole = readFileSync(kept, 'utf8');
    writeFileSync(kept, whole.replace('\fquốc gia\n', '\f').replace('\nquốc gia\n', '\n'));
    expect(readFileSync(kept, 'utf8')).not.toBe(whole);
    expect(lists(wordsOf(file, dir))).toEqual(made);
    expect(readFileSync(kept, 'utf8')).toBe(whole);
    writeFileSync(kept, whole.slice(0, whole.length / 2));
    expect(lists(wordsOf(file, dir))).toEqual(made);
  });

  it('makes the words again over a damaged file, keeps the two newest other keys, removes stopped writes', async () => {
    const dir = await temp.dir();
    wordsOf(file, dir);
    const [name] = readdirSync(dir);
    const flavour = /^vietnamese-(ts|js)-/.exec(name!)![1]!;
    const other = flavour === 'ts' ? 'js' : 'ts';
    writeFileSync(path.join(dir, name!), 'not the lists');
    // Other versions' lists (another checkout sharing node_modules), oldest first.
    const older = ['0000aaaa', '1111bbbb', '2222cccc'].map((key, i) => {
      const kept = path.join(dir, `vietnamese-${flavour}-${key}.txt`);
      writeFileSync(kept, 'another version');
      utimesSync(kept, 1_000_000 + i, 1_000_000 + i);
      return path.basename(kept);
    });
    writeFileSync(path.join(dir, `vietnamese-${other}-4567cdef.txt`), "the compiled code's lists");
    writeFileSync(path.join(dir, `${name!}.123.1.0.tmp`), 'half a file');
    expect(lists(wordsOf(file, dir))).toEqual(made);
    expect(readdirSync(dir).sort()).toEqual([name, older[1], older[2], `vietnamese-${other}-4567cdef.txt`].sort());
  });

  it('makes the words each time where it cannot keep them', async () => {
    const dir = await temp.dir();
    const blocked = path.join(dir, 'a-file');
    writeFileSync(blocked, '');
    expect(lists(wordsOf(file, path.join(blocked, 'cache')))).toEqual(made);
  });
});
