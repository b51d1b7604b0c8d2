import { blankHan, fold, HAN, HAN_RUN, simplify } from './normalize.ts';
import { figureMentions, mayHoldFigure } from './figures.ts';
import { allMatches } from './matches.ts';
import { latinWords } from './latin-words.ts';

/**
 * Names and vocabulary that tie scripts and languages together: `Jack Ma` and `马云`, `liên doanh` and
 * `合资企业`. Both passages and questions are scanned for the forms; a passage and a question that name
 * the same entry meet, whatever language each is in.
 */

/** One thing with many spellings: an entity (`e:` id) or a glossary term (`g:` id). */
export interface LexiconEntry {
  /** `e:<entity id>` or `g:<term id>`. */
  key: string;
  forms: string[];
}

/**
 * Where the words of a text start and end (UTF-16 offsets), when a segmentation knows better than spaces: in
 * Vietnamese `xâm chiếm` (invade) is one word, so the `chiếm` (occupy a share) in it is not a word of its own.
 */
export interface WordBounds {
  starts: Pick<ReadonlySet<number>, 'has'>;
  ends: Pick<ReadonlySet<number>, 'has'>;
}

/** Where a form of an entry was found, as UTF-16 offsets into the scanned text. */
export interface Mention {
  key: string;
  start: number;
  end: number;
}

const MAX_WORDS = 8;
/** The end of a number and the space after it. */
const AFTER_NUMBER = /\d\s*$/u;
/** Up to how many forms a lexicon has for a scan to look for their words in the text before it splits it into words. */
const MAX_NEEDLES = 16;

/**
 * Whether a word typed without its diacritics (`do`, folded) may stand for another word than `form` (`đô`): the
 * texts it is read against spell it otherwise too (`do`, `đó`, `Độ`). Such a word matches `form` only as written.
 */
export type Ambiguous = (folded: string, form: string) => boolean;

/**
 * Search form of a text with the same length as the text, character for character, so that offsets
 * found in it are offsets in the original: lower case, Simplified Chinese, full-width folded to ASCII.
 */
export function alignedForm(text: string): string {
  const n = text.length;
  if (n > scratch.length) scratch = new Uint16Array(Math.max(n, scratch.length * 2));
  let changed = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let a = alignedUnits[c]!;
    if (a === 0) {
      // A surrogate: its code point is read whole, the slower way.
      if (c >= 0xd800 && c <= 0xdfff) return alignedSlowly(text);
      alignedUnits[c] = a = simplify(alignedChar(String.fromCharCode(c))).charCodeAt(0) + 1;
    }
    scratch[i] = --a;
    if (a !== c) changed = true;
  }
  if (!changed) return text;
  let out = '';
  for (let i = 0; i < n; i += 4096)
    out += String.fromCharCode.apply(null, scratch.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  return out;
}

/** Each UTF-16 unit's aligned form (one unit, plus one; 0 when not worked out yet), outside the surrogates. */
const alignedUnits = new Uint16Array(0x10000);
let scratch = new Uint16Array(1024);

/** One character's aligned form before Simplified Chinese: the same length, or the character itself. */
function alignedChar(ch: string): string {
  // ASCII needs only lower-casing; everything else is looked up once and cached.
  if (ch < '\u0080') return ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
  let n = aligned.get(ch);
  if (n === undefined) {
    const k = ch.normalize('NFKC').toLowerCase();
    n = k.length === ch.length ? k : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
    aligned.set(ch, n);
  }
  return n;
}

/** `alignedForm` a code point at a time, for a text with surrogates. */
function alignedSlowly(text: string): string {
  let out = '';
  for (const ch of text) out += alignedChar(ch);
  return simplify(out);
}
const aligned = new Map<string, string>();

interface Word {
  exact: string;
  folded: string;
  start: number;
  end: number;
  /** Where the word as typed ends: after the `'s` of a possessive, which `end` leaves out. */
  typedEnd: number;
  /** A Chinese run: it separates Latin words, so `Mail 说。Ru` is not `Mail Ru`. */
  han: boolean;
}

function words(form: string): Word[] {
  const out: Word[] = [];
  // Han runs, then the Latin words between them: a name written against Chinese characters ("RDIF到底是个啥",
  // "MegaFon在合资公司") is a word of its own.
  const hanRuns = allMatches(HAN_RUN, form);
  for (const m of hanRuns) {
    // A Chinese run's folded form is never read (a scan stops at a run; forms are Latin words only): not made.
    out.push({
      exact: m[0],
      folded: m[0],
      start: m.index,
      end: m.index + m[0].length,
      typedEnd: m.index + m[0].length,
      han: true,
    });
  }
  for (const w of latinWords(hanRuns.length ? blankHan(form) : form, false)) {
    // An English possessive is the name itself: `Mail.ru's`, `Usmanov’s`.
    const exact = possessive(w.text) ? w.text.slice(0, -2) : w.text;
    out.push({ exact, folded: fold(exact), start: w.start, end: w.start + exact.length, typedEnd: w.end, han: false });
  }
  return hanRuns.length ? out.sort((x, y) => x.start - y.start) : out;
}

const POSSESSIVE = /^\P{Script=Han}{2,}['’]s$/u;
/** Whether a word ends in the `'s` of a possessive (tried by its last two characters first). */
function possessive(word: string): boolean {
  const n = word.length;
  if (n < 4 || word.charCodeAt(n - 1) !== 0x73) return false;
  const q = word.charCodeAt(n - 2);
  return (q === 0x27 || q === 0x2019) && POSSESSIVE.test(word);
}

/**
 * A text's search form and words, for `scan` (`form`: the text's `alignedForm`, when the caller has it). A question
 * is scanned by several lexicons (the chat words of each language, then the names and terms): the last text's are
 * kept.
 */
function wordsOf(text: string, form?: string): { text: string; form: string; ws: readonly Word[] } {
  if (lastScanned?.text !== text) {
    form ??= alignedForm(text);
    lastScanned = { text, form, ws: words(form) };
  }
  return lastScanned;
}
let lastScanned: { text: string; form: string; ws: readonly Word[] } | undefined;

/**
 * A glossary's English forms of two or three words, written with hyphens too ("tie up" and "tie-up"), as members type
 * them either way. Not the other way: a hyphenated word spaced can be a verb ("shake-up" is no "shake up").
 */
function withHyphens(forms: readonly string[]): string[] {
  const out = [...forms];
  for (const form of forms) {
    const hyphenated = form.replace(/ /gu, '-');
    if (SPACED_ENGLISH.test(form) && !out.includes(hyphenated)) out.push(hyphenated);
  }
  return out;
}
const SPACED_ENGLISH = /^[a-z]+(?: [a-z]+){1,2}$/iu;

/** Scans texts for every form of every entry. Build once per corpus; scanning is linear in the text. */
export class Lexicon {
  readonly entries: readonly LexiconEntry[];
  /** Latin forms by their folded words joined with a space → entries with the exact form, word by word. */
  private readonly latin = new Map<string, Array<{ key: string; exact: string[] }>>();
  /** Every leading run of words of a Latin form (`mail`, `mail ru`): a scan extends a run only along these. */
  private readonly latinPrefixes = new Set<string>();
  /** Chinese forms by their first UTF-16 unit, longest first (a number: no one-character string made per lookup). */
  private readonly hanByFirst = new Map<number, string[]>();
  /** 1 at the UTF-16 units some Chinese form starts with: most characters of a text are passed over on it alone. */
  private readonly hanFirst = new Uint8Array(0x10000);
  private readonly hanKeys = new Map<string, string[]>();

  /** Whether figures with a scale word are mentions of their value too (`figureMentions`): the corpus's lexicon. */
  private readonly figures: boolean;
  /**
   * For a lexicon of a few forms: per form, what a text's search form must hold to mention it (a Chinese form whole;
   * each word of a Latin one, as written or without diacritics), so a text that holds none is not split into words.
   */
  private readonly needles: string[][][] | undefined;

  constructor(entries: readonly LexiconEntry[], options: { figures?: boolean } = {}) {
    this.entries = entries;
    this.figures = options.figures ?? false;
    const hanForms = new Set<string>();
    const needles: string[][][] = [];
    for (const entry of entries) {
      for (const raw of entry.key.startsWith('g:') ? withHyphens(entry.forms) : entry.forms) {
        const form = alignedForm(raw.normalize('NFC').trim());
        if (!form) continue;
        if (HAN.test(form)) {
          // Spaces inside a Chinese name (`mail . ru`) stay literal; the rest is matched as written.
          hanForms.add(form);
          needles.push([[form]]);
          this.hanKeys.set(form, [...(this.hanKeys.get(form) ?? []), entry.key]);
          continue;
        }
        const ws = words(form).filter((w) => !w.han);
        if (ws.length === 0) continue;
        needles.push(ws.map((w) => [w.exact, w.folded]));
        const k = ws.map((w) => w.folded).join(' ');
        for (let n = 1; n <= ws.length; n++)
          this.latinPrefixes.add(
            ws
              .slice(0, n)
              .map((w) => w.folded)
              .join(' '),
          );
        const list = this.latin.get(k) ?? [];
        list.push({ key: entry.key, exact: ws.map((w) => w.exact) });
        this.latin.set(k, list);
      }
    }
    // Not for figures: a figure's mention is found from its digits, which no form's words say.
    this.needles = !this.figures && needles.length <= MAX_NEEDLES ? needles : undefined;
    for (const form of [...hanForms].sort((a, b) => b.length - a.length)) {
      const first = form.charCodeAt(0);
      this.hanByFirst.set(first, [...(this.hanByFirst.get(first) ?? []), form]);
      this.hanFirst[first] = 1;
    }
  }

  /**
   * Every mention in `text` (NFC). Latin forms match whole words; a form written with diacritics also
   * matches the same words typed without them, each word as written or without any diacritics (`người ban
   * hang` is `người bán hàng`), but not other diacritics (`Nga` never matches `ngà`). With `ambiguous`, a
   * one-word form does not match a word typed without diacritics that may stand for another word (`do` is not
   * `đô`); with `everyWord` too, a form of several words does not match when each word typed without its
   * diacritics may stand for another (`do la` is as often `đó là` as `đô la`). With `bounds`, a Latin form matches
   * only from a word's start to a word's end.
   */
  scan(text: string, bounds?: WordBounds, ambiguous?: Ambiguous, everyWord = false): Mention[] {
    return this.scanning(text, bounds, ambiguous, everyWord);
  }

  /**
   * `scan` within `bounds`, and whether a scan without them may find more: `cut` when a Latin form was passed over
   * only for crossing a word's bound (rare). When not, the scan without bounds finds exactly the same mentions.
   */
  scanWithin(text: string, bounds: WordBounds): { mentions: Mention[]; cut: boolean } {
    const cut = { any: false };
    return { mentions: this.scanning(text, bounds, undefined, false, cut), cut: cut.any };
  }

  private scanning(
    text: string,
    bounds: WordBounds | undefined,
    ambiguous: Ambiguous | undefined,
    everyWord: boolean,
    cut?: { any: boolean },
  ): Mention[] {
    // A word matches a form's word as written or typed without diacritics (see below): one of the two is in the text.
    // Aligned once: the words are read from the same form when the text holds a needle.
    let aligned: string | undefined;
    if (this.needles) {
      const form = (aligned = lastScanned?.text === text ? lastScanned.form : alignedForm(text));
      const holds = (words: string[][]) => words.every((either) => either.some((w) => form.includes(w)));
      if (!this.needles.some(holds)) return [];
    }
    const { form, ws } = wordsOf(text, aligned);
    const found: Mention[] = [];
    // Leftmost, longest, not overlapping (what one regex alternation of the forms, longest first, would find),
    // but trying only the forms that start with the character at hand.
    if (this.hanByFirst.size) {
      for (let i = 0; i < form.length;) {
        if (this.hanFirst[form.charCodeAt(i)] === 0) {
          i++;
          continue;
        }
        const match = this.hanByFirst.get(form.charCodeAt(i))?.find((f) => form.startsWith(f, i));
        if (!match) {
          i++;
          continue;
        }
        for (const key of this.hanKeys.get(match) ?? []) found.push({ key, start: i, end: i + match.length });
        i += match.length;
      }
    }
    for (let i = 0; i < ws.length; i++) {
      let foldedKey = '';
      for (let n = 0; n < MAX_WORDS && i + n < ws.length; n++) {
        const w = ws[i + n]!;
        if (w.han) break;
        foldedKey += (n ? ' ' : '') + w.folded;
        if (!this.latinPrefixes.has(foldedKey)) break;
        const hits = this.latin.get(foldedKey);
        if (!hits) continue;
        // A word's bounds include the `'s` of a possessive (`Russia's`).
        if (bounds && !(bounds.starts.has(ws[i]!.start) && (bounds.ends.has(w.end) || bounds.ends.has(w.typedEnd)))) {
          if (cut) cut.any = true;
          continue;
        }
        for (const hit of hits) {
          // Each word as the form writes it, or typed with no diacritics at all.
          let matches = true;
          let asWritten = true;
          // Whether every word typed without the form's diacritics may stand for another word: asked of one-word
          // forms, and with `everyWord` of longer ones too.
          const asked = n === 0 || everyWord;
          let unsure = true;
          // A form of several words also takes one word typed with other diacritics ("Thổ Nhỉ Kỳ") when another of
          // its words is typed as the form writes it, with its diacritics.
          let marked = 0;
          let misspelt = 0;
          for (let j = 0; j <= n && matches; j++) {
            const typed = ws[i + j]!;
            if (typed.exact === hit.exact[j]) {
              if (typed.exact !== typed.folded) marked++;
              continue;
            }
            asWritten = false;
            if (typed.exact !== typed.folded) {
              misspelt++;
              matches = n > 0 && misspelt === 1;
            }
            if (asked && unsure && !ambiguous?.(typed.folded, hit.exact[j]!)) unsure = false;
          }
          if (misspelt > 0 && marked === 0) matches = false;
          if (!matches) continue;
          // Unsure words are not read as the form — unless a longer form comes right after a number ("5 ty do" is
          // "5 tỷ đô").
          if (
            !asWritten &&
            asked &&
            ambiguous &&
            unsure &&
            !(n > 0 && AFTER_NUMBER.test(form.slice(Math.max(0, ws[i]!.start - 3), ws[i]!.start)))
          )
            continue;
          found.push({ key: hit.key, start: ws[i]!.start, end: w.end });
        }
      }
    }
    if (this.figures && mayHoldFigure(form)) found.push(...figureMentions(form));
    return dedupe(found);
  }

  /**
   * How the forms of `key` that are `typed` with no diacritics (words lower-cased, one space between) are written:
   * each form's words, with their diacritics ("dau tu" of `g:invest` is "đầu", "tư").
   */
  writtenAs(key: string, typed: string): string[][] {
    return (this.latin.get(typed) ?? []).filter((hit) => hit.key === key).map((hit) => hit.exact);
  }

  /** The keys mentioned in `text`. */
  keys(text: string, bounds?: WordBounds, ambiguous?: Ambiguous): Set<string> {
    return new Set(this.scan(text, bounds, ambiguous).map((m) => m.key));
  }
}

/**
 * The mentions in order (by start, longer first; as found among equals), each key at each span once. Sorted first:
 * the sort is stable, so a repeat comes after the first of its kind among the mentions of the same span.
 */
function dedupe(found: Mention[]): Mention[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mention[] = [];
  let span = 0;
  for (const m of found) {
    const first = out[span];
    if (first?.start !== m.start || first.end !== m.end) span = out.length;
    let seen = false;
    for (let i = span; i < out.length && !seen; i++) seen = out[i]!.key === m.key;
    if (!seen) out.push(m);
  }
  return out;
}
