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
}

/** Pack a paragraph's sentences into passages (see {@link PASSAGE_TARGET}). */
export function passagesOf(p: Paragraph, target = PASSAGE_TARGET, max = PASSAGE_MAX): Piece[] {
  const sentences = sentenceBounds(p.text);
  const groups: Array<[number, number]> = [];
  if ([...p.text].length <= max) groups.push([0, p.text.length]);
  else {
    for (const [s, e] of sentences) {
      const last = groups.at(-1);
      const contiguous = last?.[1] === s;
      if (last && contiguous && [...p.text.slice(last[0], e)].length <= target) last[1] = e;
      else groups.push([s, e]);
    }
  }
  return groups.map(([s, e]) => piece(p, s, e));
}

function piece(p: Paragraph, s: number, e: number): Piece {
  const raw = p.text.slice(s, e);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  const from = s + lead;
  const to = from + text.length;
  const inside = (r: Retraction) => r.at >= s && (r.at < e || (e === p.text.length && r.at === e));
  return {
    text,
    start: p.map[from] ?? 0,
    end: (p.map[to - 1] ?? p.map[from] ?? 0) + 1,
    retracted: p.retractions.filter(inside).map((r) => r.text),
  };
}
