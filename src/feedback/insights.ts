import { fold, normalize } from '../text/normalize.ts';
import type { AnswerWithVotes, ArticleInsight, Insights, QuestionInsight, Via } from './types.ts';

/**
 * What moderators read back from the feedback log: the questions most often answered "not in the sources" or voted
 * 👎, grouped across their wordings, and the 👍/👎 of each article. Computed here from the kept answers, so both
 * storage engines give the same figures.
 */

/** Questions listed at most. */
export const MAX_QUESTIONS = 10;

/**
 * How a question is grouped: the command, then its words in lower case, Traditional folded to Simplified, without
 * diacritics or punctuation, so "Alibaba nắm bao nhiêu cổ phần?" and "alibaba nam bao nhieu co phan" are one.
 */
export function questionKey(command: string, question: string): string {
  // Every recorded answer has its key made, and a busy server's questions repeat: each is folded once.
  const asked = `${command}\n${question}`;
  let key = keys.get(asked);
  if (key === undefined) {
    if (keys.size >= MAX_KEPT_KEYS) keys.clear();
    const words = fold(normalize(question))
      .replace(/[^\p{L}\p{N}%]+/gu, ' ')
      .trim();
    key = `${command}:${words}`.slice(0, 500);
    keys.set(asked, key);
  }
  return key;
}

/** Question keys kept at most (forgotten all at once past it): a few MB at worst. */
const MAX_KEPT_KEYS = 10_000;
const keys = new Map<string, string>();

export function insightsOf(
  answers: AnswerWithVotes[],
  o: { days: number; via?: Via; since: Date; reachesBack?: Date; retentionDays: number },
): Insights {
  const outcomes: Record<string, number> = {};
  const groups = new Map<
    string,
    QuestionInsight & { shown: Map<string, { source: string; paragraph: number; shown: number }> }
  >();
  const articles = new Map<string, ArticleInsight>();
  let up = 0;
  let down = 0;
  // Oldest first: the last wording seen is the most recent.
  for (const a of answers) {
    outcomes[a.outcome] = (outcomes[a.outcome] ?? 0) + 1;
    up += a.up;
    down += a.down;
    let g = groups.get(a.questionKey);
    if (!g)
      groups.set(
        a.questionKey,
        (g = {
          command: a.command,
          question: a.question,
          key: a.questionKey,
          asked: 0,
          notInSources: 0,
          up: 0,
          down: 0,
          langs: [],
          locales: [],
          passages: [],
          shown: new Map(),
        }),
      );
    g.question = a.question;
    g.asked++;
    if (a.outcome === 'not-in-sources') g.notInSources++;
    g.up += a.up;
    g.down += a.down;
    for (const lang of a.lang.split(',').filter(Boolean)) if (!g.langs.includes(lang)) g.langs.push(lang);
    if (a.locale && !g.locales.includes(a.locale)) g.locales.push(a.locale);
    const sources = new Set<string>();
    for (const p of a.passages) {
      const key = `${p.source}#${p.paragraph}`;
      const s = g.shown.get(key) ?? { source: p.source, paragraph: p.paragraph, shown: 0 };
      s.shown++;
      g.shown.set(key, s);
      sources.add(p.source);
    }
    if (a.up || a.down)
      for (const source of sources) {
        const art = articles.get(source) ?? { source, up: 0, down: 0 };
        art.up += a.up;
        art.down += a.down;
        articles.set(source, art);
      }
  }
  const questions = [...groups.values()]
    .filter((g) => g.notInSources > 0 || g.down > 0)
    .sort(
      (x, y) =>
        y.notInSources + y.down - (x.notInSources + x.down) ||
        y.down - x.down ||
        y.asked - x.asked ||
        (x.key < y.key ? -1 : 1),
    )
    .slice(0, MAX_QUESTIONS)
    .map(({ shown, ...g }) => ({
      ...g,
      passages: [...shown.values()].sort(
        (x, y) => y.shown - x.shown || (x.source < y.source ? -1 : 1) || x.paragraph - y.paragraph,
      ),
    }));
  return {
    days: o.days,
    ...(o.via ? { via: o.via } : {}),
    since: o.since,
    ...(o.reachesBack ? { reachesBack: o.reachesBack } : {}),
    retentionDays: o.retentionDays,
    answers: answers.length,
    votes: { up, down },
    outcomes,
    questions,
    articles: [...articles.values()]
      .map((a) => ({ ...a, ...(a.up + a.down ? { ratio: a.up / (a.up + a.down) } : {}) }))
      .sort((x, y) => y.down - x.down || x.up - y.up || (x.source < y.source ? -1 : 1)),
  };
}
