import type { Paragraph, Retraction } from './clean.ts';

/**
 * Sentences and passages. A passage is one or more whole sentences of one paragraph, short enough to
 * quote: a paragraph that fits is one passage; a longer one (the Vietnamese seed is a single block) is
 * packed sentence by sentence.
 */

/** Passage size: aim for TARGET characters, never more than MAX unless one sentence is longer. */
export const PASSAGE_TARGET = 260;
export const PASSAGE_MAX = 400;

/** Abbreviations after which a period does not end a sentence (lower case, without the final dot). */
const ABBREVIATIONS = new Set(['v.v', 'vv', 'tp', 'mr', 'mrs', 'ms', 'dr', 'st', 'inc', 'ltd', 'co', 'corp', 'vs', 'e.g', 'i.e', 'u.s', 'etc', 'no', 'jr', 'sr', 'ths', 'ts', 'gs', 'pgs']);

const CLOSE = '”’」』）)]"\'»';

/** [start, end) of each sentence in `text`, covering it without gaps (spaces stay with the sentence before). */
export function sentenceBounds(text: string): Array<[number, number]> {
  const bounds: Array<[number, number]> = [];
  let start = 0;
  let quote = 0; // depth inside “ ” / 「 」: a Chinese quotation is one sentence with its attribution
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '“' || c === '「' || c === '『') quote++;
    else if ((c === '”' || c === '」' || c === '』') && quote > 0) quote--;
    let end = -1;
    if ('。！？'.includes(c) && quote === 0) {
      end = i + 1;
      while (end < text.length && CLOSE.includes(text[end]!)) end++;
    } else if ('.!?…'.includes(c)) {
      let j = i;
      while (j < text.length && '.!?…'.includes(text[j]!)) j++;
      let k = j;
      while (k < text.length && CLOSE.includes(text[k]!)) k++;
      const ws = /\s/.test(text[k] ?? '');
      const next = text.slice(k).trimStart()[0];
      const word = ((/[\p{L}\p{N}.]+$/u.exec(text.slice(start, i)))?.[0] ?? '').toLowerCase().replace(/\.$/, '');
      const startsSentence = next !== undefined && /[\p{Lu}\p{N}"“'(\p{Script=Han}]/u.test(next);
      if (ws && startsSentence && !ABBREVIATIONS.has(word) && !/^\p{L}$/u.test(word)) end = k;
      i = j - 1;
    }
    if (end > 0) {
      while (end < text.length && /\s/.test(text[end]!)) end++;
      bounds.push([start, end]);
      start = end;
      quote = 0;
      i = end - 1;
    }
  }
  if (start < text.length) bounds.push([start, text.length]);
  return bounds;
}

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
      const contiguous = last && last[1] === s;
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
