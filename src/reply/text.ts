import { bold as markdownBold } from '@discordjs/formatters';
import { endsSentenceBefore } from '../text/sentences.ts';

/**
 * Text helpers for Discord replies: measure, cut, escape and highlight corpus and user text.
 *
 * Discord counts message lengths in code points, and a cut must never split what a reader sees as one character
 * (an emoji ZWJ sequence, a flag, a Vietnamese letter written as base + combining marks), so every cut here falls on
 * a grapheme boundary as `Intl.Segmenter` defines it.
 */

/** Appended when text is cut mid-sentence. One code point, so it costs one unit of any budget. */
export const ELLIPSIS = '…';

/** How a length is counted: Discord's code points, or UTF-16 units (JavaScript's `length`). */
export type LengthUnit = 'code point' | 'utf-16';

/** How `truncate` cuts. */
export interface TruncateOptions {
  /** Appended when the cut falls mid-sentence; counts in the budget. `''` for none. Default `'…'`. */
  ellipsis?: string;
  /**
   * A sentence or word end is only used if it keeps at least this share of the budget; otherwise the cut moves on
   * to the next finer kind of boundary. Default 0.5.
   */
  minShare?: number;
  /** What `max` counts. Default `'code point'`, as Discord counts. */
  unit?: LengthUnit;
}

/** The defaults of `truncate`, for any option the caller leaves out or passes as `undefined`. */
export const defaultTruncateOptions: Required<TruncateOptions> = {
  ellipsis: ELLIPSIS,
  minShare: 0.5,
  unit: 'code point',
};

// Grapheme segmentation does not depend on the locale; word segmentation finds Chinese words with ICU's
// dictionary in any locale, so neither is tied to the process's locale. Each is made on first use (making one
// loads ICU's data: ~10 ms that a reply needing no cut, as a CLI call's often, does not pay).
let graphemeSegmenter: Intl.Segmenter | undefined;
let wordSegmenter: Intl.Segmenter | undefined;

/** The number of code points in `s`: Discord's length. A lone surrogate counts as one. */
export function codePointLength(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    count++;
    if (isHighSurrogate(s.charCodeAt(i)) && isLowSurrogate(s.charCodeAt(i + 1))) i++;
  }
  return count;
}

/**
 * Cuts `s` to at most `max` units (code points unless `opts.unit` says otherwise), for quoting in a limited field.
 *
 * If `s` fits it is returned unchanged. Otherwise the cut falls, in order of preference, after the last sentence
 * (`.!?…。！？`, with any closing quotes or brackets) that keeps at least half the budget, with nothing appended;
 * else at the last word boundary that does, with "…" appended; else after the last whole grapheme that fits, with
 * "…". The ellipsis counts in the budget, and is left off if it alone would not fit.
 */
export function truncate(s: string, max: number, opts?: TruncateOptions): string {
  const cut = planCut(s, max, {
    ellipsis: opts?.ellipsis ?? defaultTruncateOptions.ellipsis,
    minShare: opts?.minShare ?? defaultTruncateOptions.minShare,
    unit: opts?.unit ?? defaultTruncateOptions.unit,
  });
  return s.slice(0, cut.end) + cut.ellipsis;
}

/** Characters that Discord Markdown gives a meaning anywhere in a line. `<` starts mentions, emoji and timestamps. */
const INLINE_MARKUP = /[\\*_~|`[\]()<]/g;
/** What starts a block quote (`>`), heading (`#`), subtext (`-#`) or list (`-`, `+`, `1.`) at a line start. */
const LINE_START_MARKUP = /^([ \t]*)(?:([>#+-])|(\d+)\.(?=\s|$))/gm;
/** Mentions that reach a whole server even when written as plain text. */
const MASS_MENTION = /@(everyone|here)/g;
/** Placed after `@` in mass mentions: invisible, and Discord no longer sees a mention. */
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Escapes `s` so that Discord shows it literally: no bold, italics, underline, strike-through, spoilers, code,
 * masked links, headings, lists or quotes, and no user, role or channel mention, custom emoji or timestamp. (Bare
 * URLs still become links; Discord does that to any text.) `@everyone` and `@here` get a zero-width
 * space after the `@`, so even a reply sent without `allowed_mentions` cannot ping a server.
 */
export function escapeMarkdown(s: string): string {
  return escapePiece(s, true);
}

/** Wraps already-escaped Markdown in bold. Empty text stays empty, since `****` would show as four asterisks. */
export function bold(markdown: string): string {
  return markdown === '' ? '' : markdownBold(markdown);
}

/** A [start, end) range of UTF-16 offsets, as in `SearchHit.spans`. */
export type Span = readonly [start: number, end: number];

/**
 * Renders plain passage text as Discord Markdown with the `spans` (matched query terms) in bold and everything else
 * escaped, in at most `max` code points counted after escaping and bolding.
 *
 * The text is cut with `truncate` first; spans past the cut are dropped or clipped, spans are widened to whole
 * graphemes, and spans that touch or are separated only by spaces share one bold run. If escaping pushes the result
 * over `max`, the text is cut again with a smaller budget, so the result always fits.
 */
export function highlight(text: string, spans: readonly Span[], max: number): string {
  let budget = Math.floor(max);
  while (budget > 0) {
    const { markdown, plainSize } = renderHighlight(text, spans, budget);
    const size = codePointLength(markdown);
    if (size <= max) return markdown;
    // Escaping grows the text roughly in proportion, so scale down what was kept; by at least one, to finish.
    budget = Math.min(plainSize - 1, Math.floor((plainSize * max) / size));
  }
  // Not even one grapheme fits once escaped: say that something was there, if there is room to.
  return text !== '' && codePointLength(ELLIPSIS) <= max ? ELLIPSIS : '';
}

// ── Cutting ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Where to cut: keep `s.slice(0, end)`, then append `ellipsis`. */
interface Cut {
  end: number;
  ellipsis: string;
}

/** A grapheme boundary: its UTF-16 offset and the measured length of the text before it. */
interface Boundary {
  index: number;
  size: number;
}

/** Trailing text that reads badly right before "…": spaces, separators, dashes and opening quotes or brackets. */
const SOFT_TAIL = /^[\s,;:、，；：\-–—([{“‘«‹「『（【〔〈《]+$/u;

/** Decides where `truncate` cuts; shared with `highlight`, which needs the offset rather than the string. */
function planCut(s: string, max: number, opts: Required<TruncateOptions>): Cut {
  const measure = opts.unit === 'utf-16' ? utf16Length : codePointLength;
  const budget = Math.floor(max);
  if (!(budget > 0)) return { end: 0, ellipsis: '' };
  if (measure(s) <= budget) return { end: s.length, ellipsis: '' };

  const bounds = graphemeBoundaries(s, budget, measure);
  for (let i = bounds.length - 1; i > 0; i--) {
    const { index, size } = bounds[i]!;
    if (size < budget * opts.minShare) break;
    if (endsSentenceBefore(s, index)) return { end: index, ellipsis: '' };
  }

  const ellipsis = measure(opts.ellipsis) <= budget ? opts.ellipsis : '';
  const room = budget - measure(ellipsis);
  let last = bounds.length - 1;
  while (last > 0 && bounds[last]!.size > room) last--;
  const words = wordBoundaries(s, bounds[last]!.index);
  for (let i = last; i > 0; i--) {
    if (bounds[i]!.size < room * opts.minShare) break;
    if (words.has(bounds[i]!.index)) {
      last = i;
      break;
    }
  }
  while (last > 0 && SOFT_TAIL.test(s.slice(bounds[last - 1]!.index, bounds[last]!.index))) last--;
  const end = bounds[last]!.index;
  // Trimming may have landed on a sentence end after all (one too short to prefer); then nothing was cut mid-sentence.
  return { end, ellipsis: end > 0 && endsSentenceBefore(s, end) ? '' : ellipsis };
}

/**
 * Characters that join graphemes or take two UTF-16 units: combining marks, joiners, variation selectors,
 * surrogates, Hangul jamo, CR (of CR LF), format characters. Text without any (NFC Vietnamese and Chinese nearly
 * always) has a grapheme per unit and needs no segmenter, which costs more than the rest of a reply.
 * The joiners (U+200C, U+200D) are format characters (`\p{Cf}`) and the variation selectors (U+FE00–FE0F) marks
 * (`\p{M}`), so the classes cover them.
 */
const COMPLEX_GRAPHEMES = /[\p{M}\p{Cf}\ud800-\udfff\u{10000}-\u{10ffff}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\r]/u;

/** Grapheme boundaries from 0 up to the last one whose prefix measures at most `budget`. */
function graphemeBoundaries(s: string, budget: number, measure: (s: string) => number): Boundary[] {
  const bounds: Boundary[] = [{ index: 0, size: 0 }];
  if (!COMPLEX_GRAPHEMES.test(s)) {
    // One unit, one code point, one grapheme: both measures count 1 per unit.
    const end = Math.min(s.length, Math.max(0, Math.floor(budget)));
    for (let i = 1; i <= end; i++) bounds.push({ index: i, size: i });
    return bounds;
  }
  let size = 0;
  for (const { segment, index } of (graphemeSegmenter ??= new Intl.Segmenter('und', {
    granularity: 'grapheme',
  })).segment(s)) {
    size += measure(segment);
    if (size > budget) break;
    bounds.push({ index: index + segment.length, size });
  }
  return bounds;
}

/** Offsets up to `limit` where a word starts or ends (for Chinese, from ICU's dictionary). */
function wordBoundaries(s: string, limit: number): Set<number> {
  const found = new Set<number>([0]);
  for (const { segment, index } of (wordSegmenter ??= new Intl.Segmenter('und', { granularity: 'word' })).segment(s)) {
    if (index > limit) break;
    found.add(index);
    if (index + segment.length <= limit) found.add(index + segment.length);
  }
  return found;
}

// ── Escaping and highlighting ───────────────────────────────────────────────────────────────────────────────────

/**
 * Escapes one piece of a larger text. `atLineStart` says whether the piece begins a line (after optional
 * indentation), so that a piece cut out of the middle of a line does not get line-start escapes it doesn't need.
 */
function escapePiece(s: string, atLineStart: boolean): string {
  return s
    .replace(INLINE_MARKUP, '\\$&')
    .replace(
      LINE_START_MARKUP,
      (match, indent: string, marker: string | undefined, digits: string | undefined, offset: number) => {
        if (offset === 0 && !atLineStart) return match;
        return marker === undefined ? `${indent}${digits}\\.` : `${indent}\\${marker}`;
      },
    )
    .replace(MASS_MENTION, `@${ZERO_WIDTH_SPACE}$1`);
}

/**
 * One try of `highlight` with the plain text cut to `budget`: the Markdown, which may exceed the budget once
 * escaped, and the code points of the plain text it shows (at most the budget, often less after a sentence cut).
 */
function renderHighlight(
  text: string,
  spans: readonly Span[],
  budget: number,
): { markdown: string; plainSize: number } {
  const cut = planCut(text, budget, defaultTruncateOptions);
  let markdown = '';
  let pos = 0;
  for (const [start, end] of boldRuns(text, spans, cut.end)) {
    markdown += escapeRange(text, pos, start) + bold(escapeRange(text, start, end));
    pos = end;
  }
  markdown += escapeRange(text, pos, cut.end) + cut.ellipsis;
  return { markdown, plainSize: codePointLength(text.slice(0, cut.end) + cut.ellipsis) };
}

function escapeRange(text: string, start: number, end: number): string {
  return start < end ? escapePiece(text.slice(start, end), isLineStart(text, start)) : '';
}

/** Whether only indentation stands between the start of the line and `offset`. */
function isLineStart(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset));
}

/** Spaces (not line breaks) between two spans: bolding across them reads as one phrase and costs fewer `**`. */
const JOINABLE_GAP = /^[\p{Zs}\t]*$/u;

/**
 * The spans that fall before `limit`, clipped to it, widened to whole graphemes (bold markers inside a grapheme
 * would tear it), sorted, and merged where they overlap, touch or are separated only by spaces.
 */
function boldRuns(text: string, spans: readonly Span[], limit: number): Array<[number, number]> {
  const bounds = graphemeBoundaries(text, limit, utf16Length).map((b) => b.index);
  const runs: Array<[number, number]> = [];
  for (const [rawStart, rawEnd] of spans) {
    if (!(rawStart < rawEnd)) continue;
    const start = snapDown(bounds, rawStart);
    const end = snapUp(bounds, rawEnd);
    if (start < end) runs.push([start, end]);
  }
  runs.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const run of runs) {
    const previous = merged.at(-1);
    if (previous && (run[0] <= previous[1] || JOINABLE_GAP.test(text.slice(previous[1], run[0])))) {
      previous[1] = Math.max(previous[1], run[1]);
    } else {
      merged.push(run);
    }
  }
  return merged;
}

/** The last boundary at or before `offset` (the first, 0, for anything before it). */
function snapDown(bounds: readonly number[], offset: number): number {
  let best = 0;
  for (const b of bounds) if (b <= offset) best = b;
  return best;
}

/** The first boundary at or after `offset` (the last, the cut, for anything past it). */
function snapUp(bounds: readonly number[], offset: number): number {
  for (const b of bounds) if (b >= offset) return b;
  return bounds.at(-1) ?? 0;
}

function utf16Length(s: string): number {
  return s.length;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
