import { sentenceBounds } from '../text/sentences.ts';
import { hanWords } from '../text/chinese.ts';
import type { SearchHit } from '../types.ts';
import type { Mention } from '../text/lexicon.ts';
import type { Candidate, IndexParts, PassageLayout } from './parts.ts';
import type { Question } from './question.ts';
import { analyze, wordBounds } from './tokenize.ts';

/**
 * What to bold in a quoted passage: whole words only. A Vietnamese word of several syllables is one term, so it is
 * bold whole or not at all; Chinese is matched by character pairs, so a match is widened to the words (ICU's
 * dictionary segmentation) it covers entirely, and a word it only grazes stays plain (担任董事长 asked as 出任董事长
 * bolds 董事长, not 任董事长). Names and glossary terms the question shares are bold in any script.
 */

/** [start, end) of each Chinese word of `text` of two characters or more: a lone character says too little. */
const longHanWords = (text: string) => hanWords(text).filter(([s, e]) => e - s >= 2);

/** How many passages' highlighting analysis is kept. */
const LAYOUT_CACHE = 4_096;

/**
 * Where a passage's terms and names are, for highlighting. Passages never change, so the analysis of the ones
 * answers quote is kept (the most recently used LAYOUT_CACHE of them, however large the corpus).
 */
export class PassageLayouts {
  /**
   * Passage number → its slot. The slots are kept in order of use on a list of their own (`before`, `after`):
   * a Map kept in that order by deleting and setting each entry looked up leaves holes, which each eviction of
   * its oldest entry walked over again (microseconds a look-up, thousands a question at 100,000 passages).
   */
  private readonly slots = new Map<number, number>();
  private readonly kept: PassageLayout[] = [];
  private readonly passages = new Int32Array(LAYOUT_CACHE);
  private readonly before = new Int32Array(LAYOUT_CACHE);
  private readonly after = new Int32Array(LAYOUT_CACHE);
  /** The least and the most recently used slot (-1: none). */
  private oldest = -1;
  private newest = -1;

  constructor(private readonly index: IndexParts) {}

  /**
   * The tokenizing options of every layout: one object, so a layout's tokens made right after its word bounds (as
   * `locality` reads them) find the text's words cut already (`latinWords` in tokenize.ts keeps the last text's per
   * options object), and no layout keeps words of its own alive. Made on first use: the segmenter is.
   */
  private get tokenizing(): { han: IndexParts['options']['han']; segmenter: IndexParts['segmenter'] } {
    return (this.tokenizingMade ??= { han: this.index.options.han, segmenter: this.index.segmenter });
  }
  private tokenizingMade: { han: IndexParts['options']['han']; segmenter: IndexParts['segmenter'] } | undefined;

  get(n: number): PassageLayout {
    let slot = this.slots.get(n);
    if (slot !== undefined) {
      this.unlink(slot);
    } else {
      const text = this.index.docs[n]!.text;
      const layout = this.of(text, this.index.builtMentions(n));
      if (this.kept.length < LAYOUT_CACHE) slot = this.kept.length;
      else {
        slot = this.oldest;
        this.unlink(slot);
        this.slots.delete(this.passages[slot]!);
      }
      this.kept[slot] = layout;
      this.passages[slot] = n;
      this.slots.set(n, slot);
    }
    // Last on the list: the most recently used.
    this.before[slot] = this.newest;
    this.after[slot] = -1;
    if (this.newest >= 0) this.after[this.newest] = slot;
    else this.oldest = slot;
    this.newest = slot;
    return this.kept[slot]!;
  }

  private unlink(slot: number): void {
    const b = this.before[slot]!;
    const a = this.after[slot]!;
    if (b >= 0) this.after[b] = a;
    else this.oldest = a;
    if (a >= 0) this.before[a] = b;
    else this.newest = b;
  }

  /** Passage n's names and terms, as its layout has them: the kept layout's, else found alone (and not kept). */
  mentions(n: number): Mention[] {
    const slot = this.slots.get(n);
    if (slot !== undefined) return this.kept[slot]!.mentions;
    const text = this.index.docs[n]!.text;
    return this.index.builtMentions(n) ?? this.index.lexicon.scan(text, wordBounds(text, this.tokenizing));
  }

  /** The layout of any text, analysed as passages are (not kept); its `mentions` when they are known already. */
  of(text: string, mentions?: Mention[]): PassageLayout {
    const tokenizing = this.tokenizing;
    let tokens: PassageLayout['tokens'] | undefined;
    let longWords: Array<[number, number]> | undefined;
    return {
      // Only a candidate's sentence-level look (`locality`) and a quote's highlighting read the tokens: asked whether a
      // passage names someone beside what is asked ("what is Mail.ru's payment product called"), each of a question's
      // 200 candidates reads only its names and sentences. Made on first use, as `analyze` makes them then.
      get tokens() {
        return (tokens ??= analyze(text, tokenizing).map(({ term, start, end }) => ({ term, start, end })));
      },
      mentions: mentions ?? this.index.lexicon.scan(text, wordBounds(text, tokenizing)),
      sentences: sentenceBounds(text),
      // Only a quote's highlighting reads the Chinese words (ICU's segmentation, the dearest part), and most layouts
      // are read only to score a candidate: cut on first use.
      get hanWords() {
        return (longWords ??= longHanWords(text));
      },
    };
  }
}

export function hitOf(index: IndexParts, layouts: PassageLayouts, r: Candidate, score: number, a: Question): SearchHit {
  const n = r.id;
  const passage = index.docs[n]!;
  const wanted = new Set(a.tokens.filter((_, i) => index.terms.has(n, a.tokenIds[i]!)).map((t) => t.term));
  const spans: Array<[number, number]> = [];
  const layout = layouts.get(n);
  const han: Array<[number, number]> = [];
  for (const t of layout.tokens) {
    if (!wanted.has(t.term)) continue;
    if (/\p{Script=Han}/u.test(t.term)) han.push([t.start, t.end]);
    else spans.push([t.start, t.end]);
  }
  const covered = mergeSpans(han);
  for (const [s, e] of layout.hanWords) if (covered.some(([cs, ce]) => cs <= s && ce >= e)) spans.push([s, e]);
  for (const m of layout.mentions) if (a.keys.has(m.key)) spans.push([m.start, m.end]);
  return { passage, score, spans: mergeSpans(spans), terms: [...wanted] };
}

/** Sort and merge overlapping or touching spans. */
export function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
