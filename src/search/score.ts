import { simplify } from '../text/normalize.ts';
import type { IndexParts } from './parts.ts';
import type { Question } from './question.ts';

/** Scoring a candidate passage against a question, and finding candidates when every term is common. */

/** A passage worth a coverage score, with its retrieval score (BM25, or for common terms a rarity-weighted count of them). */
export interface Candidate {
  id: number;
  score: number;
}

/** A candidate passage's coverage of the question and its evidence for what is asked, both in [0, 1]. */
export interface Coverage {
  coverage: number;
  evidence: number;
}

/** The k-th largest value (1-based) of `values`, which it reorders: quickselect, linear on average. */
export function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const v = values[i]!;
        values[i++] = values[j]!;
        values[j--] = v;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target]!;
}

/**
 * How much of the question passage n answers.
 *
 * `coverage`: the weighted share of the question's units the passage has, in its text (full credit),
 * without the question's diacritics (`foldedCredit`) or only in the passage before it
 * (`contextCredit`).
 *
 * `evidence`: the same share over the units that say what is asked, each weighted by its
 * specificity, counting only the passage's own text with the question's own diacritics (`viên` is
 * not `viễn`), and a glossary term only as a whole (`người sáng lập` is not `người` ... `lập`). It
 * leaves out the entity the passage answers best (the one it is about), a time interrogative
 * (`năm nào`, 哪一年: "năm tới" is not the year asked for), a kind of answer the passage does not
 * repeat (`which company`), and, in Chinese text, a Latin proper name the lexicon does not know (it
 * would be transliterated: Bloomberg is 彭博). With nothing left to ask, the evidence is 1.
 */
export function coverage(index: IndexParts, a: Question, n: number): Coverage {
  const passage = index.docs[n]!;
  const prev = n > 0 && index.docs[n - 1]!.source === passage.source ? n - 1 : -1;
  const chinese = passage.lang === 'zh';
  let total = 0;
  let covered = 0;
  let asked = 0;
  let answered = 0;
  // Per named entity: evidence weight and the part of it the passage has (scratch space of the question).
  const { nameAsked, nameAnswered } = a;
  nameAsked.fill(0);
  nameAnswered.fill(0);
  let text: string | undefined;
  for (const u of a.units) {
    total += u.weight;
    // Set by `check` below.
    let inText = false as boolean;
    let inKey = false as boolean;
    let inContext = false as boolean;
    let inFolded = false as boolean;
    const check = (id: number, s: number, e: number, how: { folded?: boolean; key?: boolean } = {}) => {
      if (id < 0 || s >= u.end || e <= u.start) return;
      if (!index.terms.has(n, id)) {
        if (prev >= 0 && index.terms.has(prev, id)) inContext = true;
      } else if (how.folded) inFolded = true;
      else {
        inText = true;
        if (how.key) inKey = true;
      }
    };
    a.tokens.forEach((t, i) => check(a.tokenIds[i]!, t.start, t.end, { folded: t.folded === true }));
    a.mentions.forEach((m, i) => check(a.mentionIds[i]!, m.start, m.end, { key: true }));
    if (u.lone && !inText) inText = (text ??= simplify(passage.text)).includes(u.lone);
    if (inText) covered += u.weight;
    else if (inFolded || inContext)
      covered +=
        u.weight * Math.max(inFolded ? index.options.foldedCredit : 0, inContext ? index.options.contextCredit : 0);

    const has = u.term ? inKey : inText;
    if (u.role === 'time') continue;
    if (!has && (u.role === 'type' || (u.role === 'name' && chinese && u.name < 0 && !u.term))) continue;
    asked += u.evidence;
    if (has) answered += u.evidence;
    if (u.name >= 0) {
      nameAsked[u.name]! += u.evidence;
      if (has) nameAnswered[u.name]! += u.evidence;
    }
  }
  // The passage's main entity: the one it answers best, else the heaviest one the question names.
  let main = -1;
  for (let i = 0; i < a.names.length; i++) {
    if (
      main < 0 ||
      nameAnswered[i]! > nameAnswered[main]! ||
      (nameAnswered[i] === nameAnswered[main] && nameAsked[i]! > nameAsked[main]!)
    )
      main = i;
  }
  if (main >= 0) {
    asked -= nameAsked[main]!;
    answered -= nameAnswered[main]!;
  }
  return { coverage: total ? covered / total : 0, evidence: asked > 1e-9 ? answered / asked : 1 };
}

/**
 * Candidates for a question whose every term is in more passages than BM25 may score (the budget): the
 * passages with the most of its terms, each weighted by its rarity and boost, counted over our own postings
 * instead of scored one by one. Never the case in a corpus of a few articles; it bounds latency in a large one.
 */
export function commonCandidates(
  index: IndexParts,
  a: Question,
  boost: (term: string) => number,
  allowed: (n: number) => boolean,
): Candidate[] {
  const byId = new Map<number, string>();
  a.tokens.forEach((t, i) => a.tokenIds[i]! >= 0 && byId.set(a.tokenIds[i]!, t.term));
  a.mentions.forEach((m, i) => a.mentionIds[i]! >= 0 && byId.set(a.mentionIds[i]!, m.key));
  const scores = index.scratch();
  const touched: number[] = [];
  // A term in most passages tells them apart least and costs the most to count: left out while others remain.
  const telling = [...byId].filter(([id]) => index.terms.df(id) <= index.terms.docCount / 2);
  for (const [id, term] of telling.length ? telling : [...byId]) {
    const weight = boost(term) * Math.log(1 + index.terms.docCount / index.terms.df(id));
    for (const n of index.terms.postingsOf(id)) {
      if (scores[n] === 0) {
        touched.push(n);
        scores[n] = allowed(n) ? weight : Number.NEGATIVE_INFINITY;
      } else {
        scores[n]! += weight;
      }
    }
  }
  let kept = touched.filter((n) => scores[n]! > 0);
  const k = index.options.candidates;
  if (kept.length > k) {
    // The k-th best score, then the passages at or above it (ties broken by corpus order), k of them.
    const bar = kthLargest(
      Float64Array.from(kept, (n) => scores[n]!),
      k,
    );
    kept = kept.filter((n) => scores[n]! >= bar).slice(0, k);
  }
  const out = kept.map((n) => ({ id: n, score: scores[n]! })).sort((x, y) => y.score - x.score);
  for (const n of touched) scores[n] = 0;
  return out;
}
