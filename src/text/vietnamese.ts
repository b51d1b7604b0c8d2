import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkedBody, codeHash, headerLine, isTemp, tempBeside } from './kept.ts';
import { fold } from './normalize.ts';

/**
 * Vietnamese words. Vietnamese is written a syllable at a time, with spaces between syllables, so `quốc gia`
 * (country) is one word of two syllables, and its `gia` is not the `gia` of `tham gia` (take part). The word list
 * is the Viet74K dictionary shipped by the @vntk/dictionary package (74,000 entries, MIT): its lower-case entries of
 * two to four syllables are the compounds; every syllable of every entry is a Vietnamese syllable.
 *
 * Read once per process, on first use. Reading the list (about 1 MB of text, checked entry by entry) and working out
 * the forms without diacritics took about half a second of every process that answers a question, so the three
 * word lists are kept once made, beside the package (`node_modules/.cache/deal-qa-bot/`), under a key of the list's
 * bytes, this folder's code and the Unicode version (see {@link wordsOf}); a later process only splits them.
 */

/** Compounds longer than this many syllables are rare in questions and articles alike. */
export const MAX_COMPOUND_SYLLABLES = 4;

export interface VietnameseWords {
  /** Lower-case compounds as written (`quốc gia`). */
  readonly compounds: ReadonlySet<string>;
  /** The same without diacritics (`quoc gia`), for text typed without them. */
  readonly foldedCompounds: ReadonlySet<string>;
  /** Every syllable without diacritics (`quoc`, `gia`, `nguoi`), to tell Vietnamese typed without them. */
  readonly syllables: ReadonlySet<string>;
}

/** An entry of letters only, its syllables separated by single spaces. */
const ENTRY = /^\p{L}+(?: \p{L}+)*$/u;

/** The three lists, each joined with newlines: what is kept between processes. */
interface Lists {
  compounds: string;
  foldedCompounds: string;
  syllables: string;
}

/** The dictionary's text (NFC) read into the three lists. */
export function parseDictionary(text: string): Lists {
  const compounds = new Set<string>();
  const syllables = new Set<string>();
  for (const raw of text.split('\n')) {
    const entry = raw.trim();
    if (!entry || !ENTRY.test(entry)) continue;
    const lower = entry.toLowerCase();
    const parts = lower.split(' ');
    for (const p of parts) syllables.add(p);
    // Capitalised entries are place and person names (`A Lưới`): not words a question or article shares by chance.
    if (parts.length < 2 || parts.length > MAX_COMPOUND_SYLLABLES || /^\p{Lu}/u.test(entry)) continue;
    compounds.add(lower);
  }
  const joined = [...compounds].join('\n');
  return {
    compounds: joined,
    // One pass over all the compounds at once, not one fold each.
    foldedCompounds: fold(joined),
    syllables: [...new Set([...syllables].map(fold))].join('\n'),
  };
}

/** Each set is made from its list on first use: a process that never meets Vietnamese typed bare never splits it. */
class Dictionary implements VietnameseWords {
  private sets: Partial<Record<keyof Lists, Set<string>>> = {};

  constructor(private readonly lists: Lists) {}

  private set(name: keyof Lists): Set<string> {
    return (this.sets[name] ??= new Set(this.lists[name] ? this.lists[name].split('\n') : []));
  }

  get compounds(): ReadonlySet<string> {
    return this.set('compounds');
  }

  get foldedCompounds(): ReadonlySet<string> {
    return this.set('foldedCompounds');
  }

  get syllables(): ReadonlySet<string> {
    return this.set('syllables');
  }
}

/** Bump when the kept file changes shape. */
const FORMAT = 'deal-qa-vietnamese/3';
/** How many versions' word lists of one flavour are kept (this one's and the newest others'). */
const KEPT_KEYS = 3;
/** Separates the lists in the kept file (no dictionary entry holds it: entries are letters and spaces). */
const SEPARATOR = '\f';

/**
 * What the lists depend on: the dictionary's bytes, the code that reads and folds them (this folder, read once) and
 * the Unicode version (letters, case and normalisation).
 */
function keyOf(bytes: Buffer): string {
  return createHash('sha256')
    .update(FORMAT)
    .update(bytes)
    .update(codeHash([here]))
    .update(`unicode@${process.versions.unicode}`)
    .digest('hex')
    .slice(0, 32);
}

const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * The compiled code (`dist/`) and the sources run by tsx (tests, eval) have different keys: each keeps its own file,
 * and removes only its own older ones, so running one does not undo the other's.
 */
const FLAVOUR = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

/**
 * The lists of the dictionary file `file`, read from `cacheDir` when they were kept there under the same key, else
 * made and kept there (written whole under another name, then renamed: a reader never sees half a file; a file that
 * fails its length or checksum is made again; an older key's file is removed). A folder that cannot be written is no
 * error: the lists are made each time.
 */
export function wordsOf(file: string, cacheDir: string | undefined): VietnameseWords {
  if (cacheDir === undefined) return new Dictionary(parseDictionary(readFileSync(file, 'utf8').normalize('NFC')));
  const bytes = readFileSync(file);
  const key = keyOf(bytes);
  const prefix = `vietnamese-${FLAVOUR}-`;
  const kept = path.join(cacheDir, `${prefix}${key}.txt`);
  try {
    // Checked whole (length and checksum): a truncated or damaged file is made again, never half believed.
    const body = checkedBody(FORMAT, key, readFileSync(kept));
    const [compounds, foldedCompounds, syllables, extra] = body?.toString('utf8').split(SEPARATOR) ?? [];
    if (compounds !== undefined && foldedCompounds !== undefined && syllables !== undefined && extra === undefined)
      return new Dictionary({ compounds, foldedCompounds, syllables });
  } catch {
    // Not kept yet.
  }
  const lists = parseDictionary(bytes.toString('utf8').normalize('NFC'));
  const temp = tempBeside(kept);
  try {
    mkdirSync(cacheDir, { recursive: true });
    const body = Buffer.from([lists.compounds, lists.foldedCompounds, lists.syllables].join(SEPARATOR), 'utf8');
    writeFileSync(temp, Buffer.concat([headerLine(FORMAT, key, body), body]));
    renameSync(temp, kept);
    // Temporary files a stopped process left, and this flavour's files beyond the newest few: checkouts of other
    // versions that share this node_modules keep theirs instead of making them again at every start.
    const names = readdirSync(cacheDir);
    for (const name of names) if (isTemp(name)) rmSync(path.join(cacheDir, name), { force: true });
    const others = names
      .filter((name) => name.startsWith(prefix) && name.endsWith('.txt') && path.join(cacheDir, name) !== kept)
      .map((name) => ({ name, at: statSync(path.join(cacheDir, name)).mtimeMs }))
      .sort((x, y) => y.at - x.at);
    for (const { name } of others.slice(KEPT_KEYS - 1)) rmSync(path.join(cacheDir, name), { force: true });
  } catch {
    // A read-only install: made again next time (and nothing half written left behind, where there is a folder).
    try {
      rmSync(temp, { force: true });
    } catch {
      // No folder to leave it in.
    }
  }
  return new Dictionary(lists);
}

/** `node_modules/.cache/deal-qa-bot` of the node_modules folder that holds `file`, if it is in one. */
function cacheDirFor(file: string): string | undefined {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  return at < 0 ? undefined : path.join(parts.slice(0, at + 1).join(path.sep) || path.sep, '.cache', 'deal-qa-bot');
}

let words: VietnameseWords | undefined;

/** The dictionary's words (read on first call, then kept). */
export function vietnameseWords(): VietnameseWords {
  if (!words) {
    const file = createRequire(import.meta.url).resolve('@vntk/dictionary/data/Viet74K.txt');
    words = wordsOf(file, cacheDirFor(file));
  }
  return words;
}

/**
 * "nhantin", "banhang", "thuongmaidientu": a Vietnamese word typed with its syllables run together, read apart ("nhan tin")
 * when exactly one way of cutting it gives a compound of the dictionary (two to four syllables, each one of its
 * syllables). Undefined when none or several do ("banhang" is "ban hang", not "banh ang": only the first is a word).
 * Diacritics typed stay on their syllables.
 */
export function runTogether(word: string, dictionary: VietnameseWords): string | undefined {
  const folded = fold(word.toLowerCase());
  if (folded.length !== word.length || !/^[a-z]{4,24}$/u.test(folded) || dictionary.syllables.has(folded))
    return undefined;
  const found: number[][] = [];
  const cut = (from: number, cuts: number[]) => {
    if (found.length > 1) return;
    if (from === folded.length) {
      if (cuts.length >= 2 && dictionary.foldedCompounds.has(pieces(folded, cuts).join(' '))) found.push(cuts);
      return;
    }
    if (cuts.length === 4) return;
    for (let end = from + 1; end <= folded.length; end++)
      if (dictionary.syllables.has(folded.slice(from, end))) cut(end, [...cuts, end]);
  };
  cut(0, []);
  return found.length === 1 ? pieces(word, found[0]!).join(' ') : undefined;
}

/** `text` cut at the ends `ends` (the last is its length). */
function pieces(text: string, ends: readonly number[]): string[] {
  return ends.map((end, i) => text.slice(i === 0 ? 0 : ends[i - 1], end));
}
