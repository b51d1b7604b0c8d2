import type { SearchEngine } from '../search/engine.ts';
import { ownersOf } from '../search/owners.ts';
import { sentenceBounds } from '../text/sentences.ts';
import type { Entity, Passage } from '../types.ts';
import { type StakeChart, withChart } from '../reply/chart.ts';
import type { CommandReply } from '../reply/types.ts';
import type { UiLang } from '../text/locale.ts';

/**
 * The shares a /stake passage states, each matched to its party: read from the passage's own text, the parties
 * found through the names in entities.yaml (nothing about the deal is written here). A share belongs to the
 * nearest party named before it and after the previous share, in the same sentence ("阿里巴巴…将持有 48%…，MegaFon
 * 占 24%"); a product (AliExpress) owns nothing, so only companies, funds and people count as parties. The chart is
 * drawn from the sentence that matches the most shares to different parties, at least two, together at most 100%;
 * a passage where no sentence does gives no chart.
 */

export interface Share {
  entity: Entity;
  /** The party's name as the passage writes it. */
  name: string;
  /** The share in percent, as stated (`15.2%` is 15.2). */
  percent: number;
  /** The figure as written (`48%`). */
  figure: string;
}

const FIGURE = /(\d+(?:[.,]\d+)?)\s?%/g;

export function sharesIn(engine: SearchEngine, passage: Passage): Share[] {
  const { text } = passage;
  const mentions = engine.mentionsIn(passage);
  const sentences = sentenceBounds(text);
  const figures = [...text.matchAll(FIGURE)];
  const owners = ownersOf(
    figures.map((f): [number, number] => [f.index, f.index + f[0].length]),
    mentions,
    (key) => engine.parties.has(key),
    sentences,
  );
  let best: Share[] = [];
  for (const [start, end] of sentences) {
    const shares: Share[] = [];
    figures.forEach((f, i) => {
      const key = owners[i];
      const entity = key === undefined ? undefined : engine.entity(key.slice(2));
      const percent = Number(f[1]!.replace(',', '.'));
      if (f.index < start || f.index >= end || !entity) return;
      if (shares.some((s) => s.entity.id === entity.id) || !(percent > 0 && percent <= 100)) return;
      // The party's name as written: the mention nearest before the figure.
      const named = mentions.filter((m) => m.key === key && m.end <= f.index).at(-1)!;
      shares.push({ entity, name: text.slice(named.start, named.end), percent, figure: f[0] });
    });
    const total = shares.reduce((sum, s) => sum + s.percent, 0);
    if (shares.length >= 2 && total <= 100.5 && shares.length > best.length) best = shares;
  }
  return best;
}

/**
 * The first passage a /stake reply shows whose shares can be matched to parties, as a chart; undefined when none
 * can (then the reply has no chart).
 */
export function stakeChartOf(engine: SearchEngine, reply: CommandReply): StakeChart | undefined {
  for (const c of reply.citations) {
    if (c.role === 'correction') continue;
    const passage = engine.passage(c.passage);
    if (!passage) continue;
    const shares = sharesIn(engine, passage);
    if (shares.length)
      return {
        bars: shares.map((s) => ({ label: s.name, percent: s.percent, figure: s.figure })),
        source: { title: c.title, paragraph: c.paragraph },
      };
  }
  return undefined;
}

/** A /stake reply with its chart, when the passages shown state shares that match parties. */
export async function withStakeChart(engine: SearchEngine, reply: CommandReply, ui: UiLang): Promise<CommandReply> {
  const chart = stakeChartOf(engine, reply);
  return chart ? withChart(reply, chart, ui) : reply;
}
