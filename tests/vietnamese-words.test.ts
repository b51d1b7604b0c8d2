import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    // The second process reads the kept file: what it holds is what it gives.
    writeFileSync(
      path.join(dir, kept[0]!),
      readFileSync(path.join(dir, kept[0]!), 'utf8').replace('\nquốc gia\n', '\n'),
    );
    expect(lists(wordsOf(file, dir)).compounds).not.toContain('quốc gia');
  });

  it('makes the words again over a damaged file, and removes the files of older keys', async () => {
    const dir = await temp.dir();
    wordsOf(file, dir);
    const [name] = readdirSync(dir);
    writeFileSync(path.join(dir, name!), 'not the lists');
    writeFileSync(path.join(dir, 'vietnamese-0123abcd.txt'), 'an older key');
    expect(lists(wordsOf(file, dir))).toEqual(made);
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('makes the words each time where it cannot keep them', async () => {
    const dir = await temp.dir();
    const blocked = path.join(dir, 'a-file');
    writeFileSync(blocked, '');
    expect(lists(wordsOf(file, path.join(blocked, 'cache')))).toEqual(made);
  });
});
