/** Chinese words, as `Intl.Segmenter` (ICU's dictionary) cuts them. */

import { allMatches } from './matches.ts';

const WORDS = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN_RUN = /\p{Script=Han}+/gu;

/** [start, end) of each Chinese word of `text`, in order: the runs of Chinese characters, each cut into words. */
export function hanWords(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const run of allMatches(HAN_RUN, text)) {
    for (const w of WORDS.segment(run[0])) out.push([run.index + w.index, run.index + w.index + w.segment.length]);
  }
  return out;
}
