import { sentenceBounds } from '../text/sentences.ts';
import type { Paragraph, Retraction } from './clean.ts';

/**
 * Sentences and passages. A passage is one or more whole sentences of one paragraph, short enough to
 * quote: a paragraph that fits is one passage; a longer one (the Vietnamese seed is a single block) is
 * packed sentence by sentence.
 */

/** Passage size: aim for TARGET characters, never more than MAX unless one sentence is longer. */
export const PASSAGE_TARGET = 260;
export const PASSAGE_MAX = 400;

export interface Piece {
  text: string;
  start: number;
  end: number;
  retracted: string[];
  /** The first passage of a paragraph right after a picture (see `Paragraph.caption`). */
  caption?: true;
}

/** Pack a paragraph's sentences into passages (see {@link PASSAGE_TARGET}). */
export function passagesOf(p: Paragraph, target = PASSAGE_TARGET, max = PASSAGE_MAX): Piece[] {
  const groups: Array<[number, number]> = [];
  if (fits(p.text, 0, p.text.length, max)) groups.push([0, p.text.length]);
  else {
    for (const [s, e] of sentenceBounds(p.text)) {
      const last = groups.at(-1);
      const contiguous = last?.[1] === s;
      if (last && contiguous && fits(p.text, last[0], e, target)) last[1] = e;
      else groups.push([s, e]);
    }
  }
  // Retractions in order of place, so that each passage finds its own by a binary search, not by reading them all.
  const retractions = [...p.retractions].sort((x, y) => x.at - y.at);
  const pieces = groups.map(([s, e]) => piece(p, s, e, retractions));
  // The caption under a picture is the paragraph's first passage.
  if (p.caption && pieces[0]) pieces[0].caption = true;
  return pieces;
}

/** Whether text[start, end) has at most `max` code points; reads no further than it needs to. */
function fits(text: string, start: number, end: number, max: number): boolean {
  if (end - start <= max) return true;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    if (++n > max) return false;
  }
  return true;
}

function piece(p: Paragraph, s: number, e: number, retractions: readonly Retraction[]): Piece {
  const raw = p.text.slice(s, e);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  const from = s + lead;
  const to = from + text.length;
  // The passage keeps what was struck out where it stands; the last one also what was struck at its very end.
  const retracted: string[] = [];
  let lo = 0;
  let hi = retractions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (retractions[mid]!.at < s) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < retractions.length; k++) {
    const r = retractions[k]!;
    if (!(r.at < e || (e === p.text.length && r.at === e))) break;
    retracted.push(r.text);
  }
  return {
    text,
    start: p.map[from] ?? 0,
    end: (p.map[to - 1] ?? p.map[from] ?? 0) + 1,
    retracted,
  };
}
