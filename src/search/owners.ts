import type { Mention } from '../text/lexicon.ts';

/**
 * Whose figure each one is: the party named nearest before it, after the previous figure and in the same sentence
 * ("阿里巴巴…将持有 48%…，MegaFon 占 24%": 48% is Alibaba's, 24% MegaFon's; in "MegaFon 以 7.4 亿美元收购了
 * mail . ru 15.2%的股份" 15.2% is Mail.ru's). `figures` are [start, end) in text order; `isParty` tells which
 * mentions can own something (people, companies, funds: not a product, not a place). Undefined where no party is
 * named before a figure.
 */
export function ownersOf(
  figures: ReadonlyArray<readonly [number, number]>,
  mentions: readonly Mention[],
  isParty: (key: string) => boolean,
  sentences: ReadonlyArray<readonly [number, number]>,
): Array<string | undefined> {
  let from = 0;
  return figures.map(([at, end]) => {
    const sentence = sentences.findLast(([s]) => s <= at);
    const start = Math.max(from, sentence?.[0] ?? 0);
    from = end;
    let party: Mention | undefined;
    for (const m of mentions)
      if (m.start >= start && m.end <= at && isParty(m.key) && (!party || m.start > party.start)) party = m;
    return party?.key;
  });
}
