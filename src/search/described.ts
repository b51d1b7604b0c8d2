import { figureMentions } from '../text/figures.ts';
import { sentenceBounds } from '../text/sentences.ts';
import { ownersOf } from './owners.ts';
import type { Mention } from '../text/lexicon.ts';
import type { IndexParts } from './parts.ts';

/**
 * The company a figure is said of, across the corpus: "Mail.ru 为 1 亿注册用户", "Mail.ru, … tới hơn 100 triệu người
 * dùng" make 100 million Mail.ru's. The party named nearest before the figure in its sentence (see `ownersOf`), in
 * the passages that have the figure's key; the one most passages give, when only companies or funds own it there.
 * Undefined when no company owns it (70 million is Russia's internet users') or the passages disagree.
 */
export function figureOwner(index: IndexParts, key: string): string | undefined {
  return ownerOf(index, key, (text) =>
    figureMentions(text.toLowerCase())
      .filter((f) => f.key === key)
      .map((f): [number, number] => [f.start, f.end]),
  );
}

/**
 * The company a word of its trade is said of, across the corpus: "MegaFon, một công ty viễn thông", "MegaFon 电信公司"
 * make the telecom company MegaFon (the same reading as {@link figureOwner}'s, of the glossary term's forms).
 */
export function tradeOwner(index: IndexParts, key: string): string | undefined {
  return ownerOf(index, key, (text, scan) =>
    scan()
      .filter((m) => m.key === key)
      .map((m): [number, number] => [m.start, m.end]),
  );
}

/**
 * Whose the spans `spansIn` finds of `key` are, in the passages that have the key (kept per index). `scan` gives the
 * passage's names and terms, scanned once, and only when asked (a figure's passage without the figure needs none).
 */
function ownerOf(
  index: IndexParts,
  key: string,
  spansIn: (text: string, scan: () => Mention[]) => Array<[number, number]>,
): string | undefined {
  let kept = owners.get(index);
  if (!kept) owners.set(index, (kept = new Map<string, string | null>()));
  const known = kept.get(key);
  if (known !== undefined) return known ?? undefined;
  const id = index.terms.id(key);
  // A figure or term no passage gives is nobody's (not kept: members type any number).
  if (id < 0) return undefined;
  const docs = index.terms.postingsOf(id);
  const votes = new Map<string, number>();
  for (let i = 0; i < docs.length && i < OWNER_PASSAGES; i++) {
    const text = index.docs[docs[i]!]?.text;
    if (text === undefined) continue;
    let mentions: Mention[] | undefined;
    const scan = () => (mentions ??= index.lexicon.scan(text));
    const spans = spansIn(text, scan);
    if (spans.length === 0) continue;
    const party = (k: string) => isCompany(index, k);
    for (const owner of ownersOf(spans, scan(), party, sentenceBounds(text)))
      if (owner !== undefined) votes.set(owner, (votes.get(owner) ?? 0) + 1);
  }
  const ranked = [...votes].sort((x, y) => y[1] - x[1]);
  const owner = ranked.length > 0 && (ranked.length === 1 || ranked[0]![1] > ranked[1]![1]) ? ranked[0]![0] : null;
  kept.set(key, owner);
  return owner ?? undefined;
}
/** Whether `key` is a company or fund: a party that is no person (nor a news outlet). */
export function isCompany(index: IndexParts, key: string): boolean {
  return index.parties.has(key) && !index.people.has(key) && !index.outlets.has(key);
}

/** Per index, per figure key: its owner (null: none). */
const owners = new WeakMap<IndexParts, Map<string, string | null>>();
/** How many of a figure's passages are read for whose it is. */
const OWNER_PASSAGES = 50;
