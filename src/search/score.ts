import type { Mention } from '../text/lexicon.ts';
import { allMatches } from '../text/matches.ts';
import { simplify, WRITTEN_IN } from '../text/normalize.ts';
import { escapeRegExp } from '../text/patterns.ts';
import { sentenceBounds } from '../text/sentences.ts';
import type { Candidate, IndexParts, PassageLayout } from './parts.ts';
import {
  figureSpans,
  type FocusKind,
  datesShare,
  DATED,
  YEARLY,
  namesAnswer,
  pricesShare,
  statesNumber,
  statesSum,
  statesWorth,
  sumsPaid,
  clausesOf,
  saysNationality,
  textAnswers,
} from './focus.ts';
import { isCompany } from './described.ts';
import { ownersOf } from './owners.ts';
import { COMPANY_KEY, COUNTED, FOLDED, INVEST, KEY, type Question, STAKE } from './question.ts';
import { FIGURE_KEY } from '../text/figures.ts';
import type { Passage } from '../types.ts';

/** Scoring a candidate passage against a question, and finding candidates when every term is common. */

/** A closing quotation mark, then a pronoun and a verb of saying: "…，”他说。", "…," he said, "…", ông nói. */
const QUOTED_BY_PRONOUN =
  /[”"」』]\s*[,，]?\s*(?:(?:他|她)(?:说|表示|补充说|补充道|解释说|称)|(?:he|she) (?:said|says|added|explained)\b|(?:ông|bà|anh|chị) (?:nói|cho biết|chia sẻ|nhấn mạnh)(?![\p{L}\p{M}]))/iu;

/**
 * A third-person pronoun for a person: 他, 她 (not 他们, 其他 "other", 他人 "others", 他国 "other countries", 吉他); "he",
 * "him", "his", "she", "her"; "ông", "bà" as a pronoun — not a title before a name ("ông Jack Ma"), nor a word of
 * its own ("ông lớn" a giant, "ông chủ" a boss, "ông bà"), nor the plural "các ông".
 */
const PERSON_PRONOUN =
  /(?<![其吉])[他她](?![们們人国國])|(?<![\p{L}\p{M}])(?:[Hh]e|[Hh]im|[Hh]is|[Ss]he|[Hh]er)(?![\p{L}\p{M}])|(?<![\p{L}\p{M}]|các |cac )(?:[Ôô]ng|[Bb]à)(?![\p{L}\p{M}])(?!\s+(?:\p{Lu}|(?:lớn|chủ|trùm|bà|ông|già)(?![\p{L}\p{M}])))/u;

/**
 * Whether `text` speaks of a person by a pronoun (see `IndexParts.personBefore`): a quotation given to its speaker
 * by one (“迄今为止…”他说), or "CEO hiện tại, ông Daniel Zhang sẽ thay thế ông làm chủ tịch".
 */
export function pronounForPerson(text: string): boolean {
  return QUOTED_BY_PRONOUN.test(text) || PERSON_PRONOUN.test(text);
}

/** "This figure", "con số này", 这一数字: words that speak of a figure given before. */
const FIGURE_REFERENCE =
  /(?:这|那|该|此)(?:一|个)?(?:数字|数额|金额|估值)|(?:this|that|the) (?:figure|number|amount|sum|valuation)\b|(?:con số|số tiền|khoản tiền|mức định giá) (?:này|đó|ấy|trên)(?![\p{L}\p{M}])/iu;

/** Whether `text` speaks of a figure given before it (see `IndexParts.figureBefore`). */
export function refersToFigure(text: string): boolean {
  return FIGURE_REFERENCE.test(text);
}

/** The passage before passage n in its article (numbered n - 1 however the index was built or changed), or -1. */
function previousInArticle(index: IndexParts, n: number): number {
  const passage = index.docs[n]!;
  const before = index.docs[n - 1];
  return before?.source === passage.source && before.ordinal === passage.ordinal - 1 ? n - 1 : -1;
}

/** A candidate passage's coverage of the question and its evidence for what is asked, both in [0, 1]. */
export interface Coverage {
  /** How well the passage holds an answer of the kind asked for, in [0, 1] (1 when it asks for no kind). */
  focus: number;
  coverage: number;
  evidence: number;
  /**
   * Whether the passage is about whom the question names: every named person or organisation is in its text or in
   * the passage before it, which it then goes on about ("ông Daniel Zhang sẽ thay thế ông", "công ty sẽ cần...").
   * Not when the question names one, only the passage before has it, and this one names another of the same sort:
   * "MegaFon 的 CEO 是谁" is not answered by Alibaba's CEO in the passage after one about MegaFon. True when the
   * question names nobody.
   */
  named: boolean;
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

/** Each passage's text in Simplified characters, for the question's lone characters (passages never change). */
const simplified = new WeakMap<Passage, string>();
function simplifiedText(passage: Passage): string {
  let text = simplified.get(passage);
  if (text === undefined) simplified.set(passage, (text = simplify(passage.text)));
  return text;
}

/** Where a question's term is, for one candidate (`QuestionTerms.state`). */
const ABSENT = 0;
const IN_PASSAGE = 1;
const IN_CONTEXT = 2;

/**
 * Whether one of `mentions` is of `key`. A loop, not `some` with a closure: a closure over the unit `coverage` is
 * looking at would make V8 allocate a scope for each unit of each candidate, asked or not.
 */
function hasKey(mentions: readonly Mention[], key: string): boolean {
  for (const m of mentions) if (m.key === key) return true;
  return false;
}

/**
 * How much of the question passage n answers.
 *
 * `coverage`: the weighted share of the question's units the passage has, in its text (full credit),
 * without the question's diacritics (`foldedCredit`) or only in the passage before it
 * (`contextCredit`); a word for the deal itself ("this deal") or for the kind of thing asked ("mảng gì", 什么公司)
 * counts only where the passage has it.
 *
 * `evidence`: the same share over the units that say what is asked, each weighted by its
 * specificity, counting only the passage's own text with the question's own diacritics (`viên` is
 * not `viễn`), and a glossary term only as a whole (`người sáng lập` is not `người` ... `lập`). It
 * leaves out the entity the passage answers best (the one it is about), a time interrogative
 * (`năm nào`, 哪一年: "năm tới" is not the year asked for), a kind of answer the passage does not
 * repeat (`which company`), and, in Chinese text, a Latin proper name the lexicon does not know (it
 * would be transliterated: Bloomberg is 彭博). With nothing left to ask, the evidence is 1.
 */
export function coverage(index: IndexParts, a: Question, n: number, focus?: number): Coverage {
  const passage = index.docs[n]!;
  const prev = previousInArticle(index, n);
  let total = 0;
  let covered = 0;
  let asked = 0;
  let answered = 0;
  // Per named entity: evidence weight and the part of it the passage has (scratch space of the question).
  const { nameAsked, nameAnswered, nameSeen } = a;
  nameAsked.fill(0);
  nameAnswered.fill(0);
  nameSeen.fill(0);
  let text: string | undefined;
  // Which of the question's known terms the passage has, or else the passage before it (`QuestionTerms`).
  const { ids, first, slot, how, state } = a.termsByUnit;
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j]!;
    state[j] = index.terms.has(n, id) ? IN_PASSAGE : prev >= 0 && index.terms.has(prev, id) ? IN_CONTEXT : ABSENT;
  }
  // "the joint venture" asked about is the deal's: a passage whose venture words are another venture's (MegaFon's
  // with Gazprombank) does not have it, unless the question names that venture's outside partner.
  const venture = elsewhereVenture(index, a, n);
  // A unit the answer needs (`QuestionUnit.needed`) that the passage does not have.
  let lacks = false;
  for (let k = 0; k < a.units.length; k++) {
    const u = a.units[k]!;
    let inText = false;
    let inKey = false;
    let inContext = false;
    let inFolded = false;
    let keyInContext = false;
    const from = first[k]!;
    const to = first[k + 1]!;
    // A venture word of another venture's: the passage has none of the unit.
    let elsewhere = false;
    if (venture >= 0)
      for (let e = from; e < to && !elsewhere; e++) elsewhere = how[e] === KEY && ids[slot[e]!] === venture;
    for (let e = elsewhere ? to : from; e < to; e++) {
      const where = state[slot[e]!];
      if (where === IN_CONTEXT) {
        inContext = true;
        if (how[e] === KEY) keyInContext = true;
      } else if (where === IN_PASSAGE) {
        if (how[e] === FOLDED) inFolded = true;
        else {
          inText = true;
          if (how[e] === KEY) inKey = true;
        }
      }
    }
    if (u.lone && !inText && !elsewhere) inText = (text ??= simplifiedText(passage)).includes(u.lone);
    // The deal itself ("this deal") is what every passage is about: asked of the passages that say it, not of others.
    // Nor is the kind of thing asked for ("làm mảng gì"): an answer need not repeat it.
    if ((u.topic || u.role === 'type') && !inText && !inFolded && !inContext) continue;
    total += u.weight;
    // A quotation whose speaker is "he" (“迄今为止…”他说) is the words of the person the passage before names, and
    // "ông Daniel Zhang sẽ thay thế ông" speaks of him: he is in it as much as his name would be.
    if (u.name >= 0 && !inKey && keyInContext && index.people.has(a.names[u.name]!) && index.personBefore(n)) {
      inText = true;
      inKey = true;
    }
    // "…với một trong những công ty internet hàng đầu của quốc gia này" speaks of Mail.ru (entities.yaml `called`).
    if (u.name >= 0 && !inKey && hasKey(index.calledIn(n), a.names[u.name]!)) {
      inText = true;
      inKey = true;
    }
    // "AliExpress Russia 估值多少" → "一家价值约 20 亿美元的合资企业": the worth of the corpus's one joint venture is told of
    // it by the word for it, where the passage's venture words are not another venture's.
    if (u.name >= 0 && !inKey && a.focus?.worth && speaksOfVenture(index, n, a.names[u.name]!)) {
      inText = true;
      inKey = true;
    }
    // "然而，这一数字不包括…": the figure the passage before gives is this one's subject.
    if (u.figure && !inKey && keyInContext && index.figureBefore(n)) {
      inText = true;
      inKey = true;
    }
    // A name, in the passage (2) or only in the one before it (1): the name itself, not one of its words ("俄罗斯" of
    // 速卖通俄罗斯 in 俄罗斯天然气工业银行).
    // A person only in the passage before, which this one does not speak of ("ông", 他), is not its subject: zh16's
    // MegaFon alliance comes after Usmanov's words in zh15 and says nothing of him.
    if (u.name >= 0)
      nameSeen[u.name] = Math.max(
        nameSeen[u.name]!,
        inKey ? 2 : keyInContext && !index.people.has(a.names[u.name]!) ? 1 : 0,
      );
    // A Chinese character of the question that the passage has in another word (股 of 多少股, in 股份): part credit.
    const inWord =
      !inText && !u.term && u.name < 0 && u.char !== undefined && (text ??= simplifiedText(passage)).includes(u.char);
    if (inText) covered += u.weight;
    else if (inFolded || inContext || inWord)
      covered +=
        u.weight *
        Math.max(
          inFolded ? index.options.foldedCredit : 0,
          inContext ? index.options.contextCredit : 0,
          inWord ? index.options.charCredit : 0,
        );

    const has = u.term ? inKey : inText;
    if (u.needed && !has) lacks = true;
    if (u.role === 'time') continue;
    if (!has && u.role === 'type') continue;
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
  let own = false;
  let all = true;
  for (const seen of nameSeen) {
    if (seen === 2) own = true;
    else if (seen === 0) all = false;
  }
  return {
    coverage: total ? covered / total : 0,
    evidence: asked > 1e-9 ? answered / asked : 1,
    // "when was the JV set up": the date, figure or name a passage gives of another venture is not the one asked, when
    // the venture is all the question names (MegaFon's with Gazprombank "5 月").
    focus: focus ?? (venture >= 0 && a.names.length === 0 ? 0 : focusMet(index, a, n)),
    named: !lacks && all && (own || nameSeen.length !== 1 || !namesAnother(index, n, a.names[0]!, a.focus?.kind)),
  };
}

/** `coverage`'s `focus` of passage n alone (it may be handed to `coverage`, which then does not work it out again). */
export function focusOf(index: IndexParts, a: Question, n: number): number {
  return a.names.length === 0 && elsewhereVenture(index, a, n) >= 0 ? 0 : focusMet(index, a, n);
}

/**
 * The most `coverage`'s coverage and evidence can each be for question `a`: 1 (and a hair, for sums added in
 * another order), or Infinity when a weight below zero or a credit above 1 leaves no such bound.
 */
export function mostCoverage(a: Question, options: IndexParts['options']): number {
  const { foldedCredit, contextCredit, charCredit } = options;
  const credits = [foldedCredit, contextCredit, charCredit];
  return credits.every((c) => c >= 0 && c <= 1) && a.units.every((u) => u.weight >= 0 && u.evidence >= 0)
    ? 1 + 1e-9
    : Infinity;
}

/**
 * The term id of the word for a joint venture the question asks about, when passage n's venture words speak of
 * another venture (`IndexParts.otherVenture`) whose outside partner the question does not name; else -1.
 */
function elsewhereVenture(index: IndexParts, a: Question, n: number): number {
  // "MegaFon lập liên doanh với ngân hàng nào": who formed a venture with someone named may be the outsider asked for.
  const kind = a.focus?.kind;
  if ((kind === 'person' || kind === 'organisation') && a.names.length > 0) return -1;
  for (const key of index.ventures) {
    if (!a.keys.has(key)) continue;
    const outsiders = index.otherVenture(n);
    if (outsiders.length > 0 && !outsiders.some((k) => a.keys.has(k))) return index.terms.id(key);
  }
  return -1;
}

/**
 * Whether passage n speaks of the venture `key` by a word for a joint venture ("合资企业", "liên doanh"): when it is
 * the corpus's only venture, and the passage's venture words are not another venture's (`otherVenture`).
 */
function speaksOfVenture(index: IndexParts, n: number, key: string): boolean {
  if (index.partners.size !== 1 || !index.partners.has(key) || index.otherVenture(n).length > 0) return false;
  for (const venture of index.ventures) if (index.terms.has(n, index.terms.id(venture))) return true;
  return false;
}

/**
 * Whether passage n names a person when `key` is one, or a company or fund when `key` is one, other than `key` (not
 * counting the news outlets it cites, nor products: AliExpress is not another company). Asked for a share of a joint
 * venture, its partners are not others: the shares of a venture are its partners' ("AliExpress Russia 谁占股最多" →
 * "阿里巴巴将持有 48%的业务，MegaFon 占 24%").
 */
function namesAnother(index: IndexParts, n: number, key: string, kind: FocusKind | undefined): boolean {
  const person = index.people.has(key);
  const partners = kind === 'percent' ? index.partners.get(key) : undefined;
  return index
    .passageKeys(n, 'person')
    .some(
      (k) =>
        k !== key &&
        index.parties.has(k) &&
        !index.outlets.has(k) &&
        index.people.has(k) === person &&
        !partners?.has(k),
    );
}

/**
 * Candidates for a question whose every term is in more passages than BM25 may score (the budget): the
 * passages with the most of its terms, each weighted by its rarity and boost, counted over our own postings
 * instead of scored one by one. Never the case in a corpus of a few articles; it bounds latency in a large one.
 *
 * It runs on the index's scratch arrays (one slot per passage, allocated once): the question's terms may be in
 * every passage, and growing arrays, `filter` and copies over 100,000 of them cost more than the counting itself.
 */
export function commonCandidates(
  index: IndexParts,
  a: Question,
  boost: (term: string) => number,
  allowed: (n: number) => boolean,
): Candidate[] {
  const { terms } = index;
  // The question's distinct known terms, in order of first appearance (tokens, then names and glossary keys).
  const ids: number[] = [];
  const names: string[] = [];
  const note = (id: number, term: string) => {
    if (id < 0) return;
    const at = ids.indexOf(id);
    if (at < 0) {
      ids.push(id);
      names.push(term);
    } else names[at] = term;
  };
  a.tokens.forEach((t, i) => {
    note(a.tokenIds[i]!, t.term);
  });
  a.mentions.forEach((m, i) => {
    note(a.mentionIds[i]!, m.key);
  });
  const { docCount } = terms;
  // A term in most passages tells them apart least and costs the most to count: left out while others remain.
  const telling = ids.some((id) => terms.df(id) <= docCount / 2);
  const { scores, ids: touched, values } = index.scratch();
  let count = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const df = terms.df(id);
    if (telling && df > docCount / 2) continue;
    const weight = boost(names[i]!) * Math.log(1 + docCount / df);
    for (const n of terms.postingsOf(id)) {
      const s = scores[n]!;
      if (s === 0) {
        touched[count++] = n;
        scores[n] = allowed(n) ? weight : Number.NEGATIVE_INFINITY;
      } else {
        scores[n] = s + weight;
      }
    }
  }
  // The allowed passages stay at the front of `touched`, their scores beside them; the others' scores are reset.
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const n = touched[i]!;
    const s = scores[n]!;
    if (s > 0) {
      touched[kept] = n;
      values[kept++] = s;
    } else scores[n] = 0;
  }
  const k = index.options.candidates;
  // The k-th best score: the passages at or above it are the candidates.
  const bar = kept > k ? kthLargest(values.subarray(0, kept), k) : Number.NEGATIVE_INFINITY;
  // Those at or above it (many, when a common term's passages tie) sorted where they are, best first, equal scores
  // in corpus order: k of them made candidates, not an object for each.
  let above = 0;
  for (let i = 0; i < kept; i++) {
    const n = touched[i]!;
    if (scores[n]! >= bar) touched[above++] = n;
    else scores[n] = 0;
  }
  touched.subarray(0, above).sort((x, y) => scores[y]! - scores[x]! || index.rank(x) - index.rank(y));
  const out: Candidate[] = [];
  for (let i = 0; i < above; i++) {
    const n = touched[i]!;
    if (i < k) out.push({ id: n, score: scores[n]! });
    scores[n] = 0;
  }
  return out;
}

/**
 * How well passage n holds an answer of the kind the question asks for, about something the question does not
 * name: 1 fully, ½ for an organisation where a person was asked, 0 not at all. 1 when the question asks for no kind.
 */
export function focusMet(index: IndexParts, a: Question, n: number): number {
  const kind = a.focus?.kind;
  if (!kind) return 1;
  // Only entity keys can answer "who", only place keys "where": the passage's others would not change the answer.
  // Asked which country a company is of (or which company of a country), a country said to be the company's comes
  // first, then any other the passage names.
  if (kind === 'person' || kind === 'organisation' || kind === 'place') {
    const names = namesAnswer(kind, index.passageKeys(n, kind === 'place' ? 'place' : 'person'), a.keys, index);
    // "who founded mail.ru": not a passage whose founder is another company's ("拥有 Mail.ru 和 MegaFon 的 USM 创始人").
    // Read from the passage's names and their places (the dearer test) only where it can change the answer.
    if (kind === 'person' && (names > 0 || a.focus?.nationality) && postOfAnother(index, a, n)) return 0;
    if (!a.focus?.nationality) return names;
    if (nationalities(index, a, n).some(Boolean)) return 1;
    // A person's country is said of them or not at all: not any country a passage about them names.
    return a.names.every((k) => index.people.has(k)) ? 0 : names * NATIONALITY_UNSAID;
  }
  // A post someone holds: a passage naming one (glossary `kind: role`: CEO, chairman, founder…).
  if (kind === 'post') return [...index.roles].some((k) => holdsTerm(index, n, k)) ? 1 : 0;
  if (kind === 'latin-name' || kind === 'han-name') return spells(index, a, kind, index.docs[n]!.text) ? 1 : 0;
  if (kind === 'source') return index.passageKeys(n, 'person').some((k) => index.outlets.has(k)) ? 1 : 0;
  if (kind === 'title') return index.docs[n]!.ordinal === 1 ? 1 : 0;
  if (kind === 'caption') return index.docs[n]!.notes.some((note) => note.kind === 'caption') ? 1 : 0;
  if (kind === 'called') {
    const keys = index.passageKeys(n, 'person');
    // The name of a venture formed by those the question names: a venture the entities list with them as partners.
    if (a.focus?.other) return namesOther(index, a, n) ? 1 : 0;
    if (a.names.length > 0) return keys.some((k) => formedBy(index, k, a.names)) ? 1 : 0;
    // "tên cái liên doanh là gì": a venture's name (one the entities list with partners), not its partners'.
    if (asksAny(a, index.ventures)) return keys.some((k) => index.partners.has(k)) ? 1 : 0;
    return keys.some((k) => !index.outlets.has(k)) ? 1 : 0;
  }
  const shares = a.focus?.shares;
  if (shares) {
    const text = index.docs[n]!.text;
    const sentences = sentenceBounds(text);
    return (kind === 'time' ? datesShare(text, shares, sentences) : pricesShare(text, shares, sentences)) ? 1 : 0;
  }
  if (!index.textAnswers(n, kind)) return 0;
  // "MegaFon có bao nhiêu người dùng": not a passage whose count of people is another company's ("Mail.ru 为 1 亿注册用户").
  if (kind === 'amount' && countOfAnother(index, a, n)) return 0;
  if (kind === 'amount' && countUnqualified(index, a, n)) return 0;
  // "bao nhiêu người Nga dùng internet": a count is not told by a sum left undisclosed ("đầu tư một khoản chưa được
  // tiết lộ"), which answers only what was put in.
  if (kind === 'amount' && !a.keys.has(INVEST) && !statesNumber(index.docs[n]!.text)) return 0;
  if ((kind === 'money' || kind === 'amount') && spentByAnother(index, a, n)) return 0;
  // A date asked exactly: one written to that precision ("2017 年 2 月"), not "một ngày sau khi".
  const exact = a.focus?.exact;
  if (
    exact === 'date' ? !dateSaidOf(index, a, n, DATED.date, DAY_HELD) : exact && !DATED[exact].test(index.docs[n]!.text)
  )
    return 0;
  if (a.focus?.year && !dateSaidOf(index, a, n, YEARLY, YEAR_HELD)) return 0;
  if (kind === 'money' && marketSumUnsaid(index, a, n)) return 0;
  // What something is worth is best told by a sum stated, before an amount left undisclosed (what was invested).
  if (!a.focus?.worth) return 1;
  const text = index.docs[n]!.text;
  if (!statesSum(text)) return UNSTATED_WORTH;
  // What a joint venture or the deal is worth is a sum said as a worth ("价值约 20 亿美元"), not a price paid for shares
  // ("以 7.4 亿美元收购 mail . ru 15.2%的股份").
  return statesWorth(text) || !(asksAny(a, index.ventures) || asksAny(a, index.topics)) ? 1 : 0;
}

/**
 * For a year asked (`Focus.year`, `dated` = `YEARLY`) or a day (`Focus.exact` 'date'): whether a clause of passage n
 * gives one together with a `share` of what the question asks, by weight — "Jack Ma từ chức năm nào": "ông Jack
 * Ma tuyên bố kế hoạch từ chức trong năm tới"; not "Thỏa thuận này ký năm nào", whose deal is in the clause before
 * Jack Ma's "năm tới"; nor "Jack Ma từ chức ngày nào" by "在俄罗斯交易的前一天", which dates the deal. A clause that is
 * only a date dates the clause after it ("2017 年 2 月，MegaFon 以 7.4 亿美元收购了…").
 */
function dateSaidOf(index: IndexParts, a: Question, n: number, dated: RegExp, share: number): boolean {
  const text = index.docs[n]!.text;
  if (!dated.test(text)) return false;
  const content = a.units.filter((u) => u.role !== 'time' && u.role !== 'type');
  // What is said of whom: a clause that names them but says nothing of what is asked ("2017 年 2 月，MegaFon 收购了
  // mail.ru 的股份" to "mail.ru ra đời năm nào") does not date it. Only names asked: any clause naming them.
  const words = content.filter((u) => u.name < 0 && u.evidence > 0);
  const asked = words.length > 0 ? words : content;
  const total = asked.reduce((sum, u) => sum + u.evidence, 0);
  if (total <= 0) return true;
  const { mentions } = scanned(index, n);
  const clauses = clausesOf(text);
  for (let i = 0; i < clauses.length; i++) {
    const [from, end] = clauses[i]!;
    const said = text.slice(from, end);
    const year = dated.exec(said);
    if (!year) continue;
    // Only a date: the clause after it is what it dates.
    const to =
      said.replace(year[0], '').replace(/[\s\p{P}]/gu, '').length < ONLY_A_DATE ? (clauses[i + 1]?.[1] ?? end) : end;
    const clause = simplify(text.slice(from, to).toLowerCase());
    let held = 0;
    for (const u of asked) {
      const has =
        mentions.some((m) => m.start >= from && m.end <= to && u.matches.includes(m.key)) ||
        (u.lone !== undefined && clause.includes(u.lone.toLowerCase())) ||
        u.matches.some((t) => !t.includes(':') && clause.includes(t.replace(/_/g, ' ')));
      if (has) held += u.evidence;
    }
    if (held >= total * share) return true;
  }
  return false;
}
/**
 * How much of a question a clause with a year must hold; a clause with a day, less: a day counted from another ("một
 * ngày sau khi Jack Ma công bố") names that other in its clause too. How short a clause is that is only a date.
 */
const YEAR_HELD = 0.5;
const DAY_HELD = 0.25;
const ONLY_A_DATE = 4;

/** Whether passage n has the term or key `term`. */
function holdsTerm(index: IndexParts, n: number, term: string): boolean {
  const id = index.terms.id(term);
  return id >= 0 && index.terms.has(n, id);
}

/** The glossary's key of a market. */
const MARKET = 'g:market';

/**
 * "俄羅斯電商市場一年規模大概多少錢", "how big is the russian ecommerce market in dollars": a sum asked of a market
 * (not of a venture, the deal, a stake or a party) is told only by a sum stated in a sentence that speaks of a market
 * — zh ¶2's "价值约 20 亿美元" is the venture's worth.
 */
function marketSumUnsaid(index: IndexParts, a: Question, n: number): boolean {
  if (!a.keys.has(MARKET) || a.keys.has(STAKE) || a.names.some((k) => index.parties.has(k))) return false;
  if (asksAny(a, index.ventures) || asksAny(a, index.topics)) return false;
  const { mentions, sentences } = scanned(index, n);
  return !(figureSpans('money', index.docs[n]!.text) ?? []).some(([start]) => {
    const s = sentenceAt(sentences, start);
    return mentions.some((m) => m.key === MARKET && sentenceAt(sentences, m.start) === s);
  });
}

/** What an undisclosed amount is worth to "what is it worth" (of a sum stated). */
const UNSTATED_WORTH = 0.5;

/**
 * Per sentence of passage n (see `Focus.nationality`): whether it calls a company the question names of a country the
 * question does not name (`asked`), or a company the question does not name of the country it names (`given`), near
 * it and with no other company or fund between them ("Mail.ru có MegaFon, … và quỹ đầu tư trực tiếp của Nga": the
 * fund is Russian, not said of Mail.ru there).
 */
function nationalities(index: IndexParts, a: Question, n: number): boolean[] {
  const text = index.docs[n]!.text;
  const { mentions, sentences } = scanned(index, n);
  const given = a.focus?.nationality === 'given';
  const asked = mentions.filter((m) =>
    given ? isCompany(index, m.key) && !a.keys.has(m.key) : a.names.includes(m.key),
  );
  const others = mentions.filter((m) => index.parties.has(m.key) && !a.names.includes(m.key));
  const said = mentions.filter(
    (m) => index.places.has(m.key) && a.keys.has(m.key) === given && saysNationality(text, m.start, m.end),
  );
  const near = (x: Mention, y: Mention) => {
    const [from, to] = x.start < y.start ? [x.end, y.start] : [y.end, x.start];
    return to - from <= NATIONALITY_REACH && !others.some((o) => o.start >= from && o.end <= to);
  };
  // A company whose name, as the passage writes it, says the country ("俄罗斯天然气工业银行"): said of it.
  const named = given ? countryInName(index, a, text, asked) : [];
  return sentences.map(
    ([s, e]) =>
      named.some((m) => m.start >= s && m.end <= e) ||
      said.some((p) => p.start >= s && p.end <= e && asked.some((m) => m.start >= s && m.end <= e && near(m, p))),
  );
}

/** The mentions of `companies` in `text` whose words as written hold a country the question names. */
function countryInName(index: IndexParts, a: Question, text: string, companies: Mention[]): Mention[] {
  const forms = countryForms(index, a);
  if (!forms) return [];
  const { han, latinWord } = forms;
  // Not a joint venture named after where it trades ("全球速卖通俄罗斯"): whom it is of is its partners.
  return companies.filter((m) => {
    if (index.partners.has(m.key)) return false;
    const written = text.slice(m.start, m.end);
    return han.some((f) => written.includes(f)) || latinWord?.test(written) === true;
  });
}

/**
 * How the countries a question names are written (`countryInName`): in characters, and a pattern of the others as
 * whole words. Worked out once per question, not for each of its candidates; undefined when it names none.
 */
function countryForms(index: IndexParts, a: Question): { han: string[]; latinWord: RegExp | undefined } | undefined {
  let byIndex = countriesAsked.get(a);
  if (!byIndex) countriesAsked.set(a, (byIndex = new WeakMap()));
  if (byIndex.has(index)) return byIndex.get(index);
  const forms = index.lexicon.entries
    .filter((e) => index.places.has(e.key) && a.keys.has(e.key))
    .flatMap((e) => e.forms);
  let out: { han: string[]; latinWord: RegExp | undefined } | undefined;
  if (forms.length > 0) {
    const han = forms.filter((f) => /\p{Script=Han}/u.test(f));
    const latin = forms.filter((f) => !han.includes(f)).map(escapeRegExp);
    const latinWord =
      latin.length > 0 ? new RegExp(`(?<![\\p{L}\\p{M}])(?:${latin.join('|')})(?![\\p{L}\\p{M}])`, 'u') : undefined;
    out = { han, latinWord };
  }
  byIndex.set(index, out);
  return out;
}
const countriesAsked = new WeakMap<
  Question,
  WeakMap<IndexParts, { han: string[]; latinWord: RegExp | undefined } | undefined>
>();

/**
 * Whether passage n gives the position the question asks of a company (a glossary `kind: role` word: founder, CEO)
 * only as another company's: every mention of the word stands right after another company's name ("拥有 Mail.ru 和
 * MegaFon 的 USM 创始人" is USM's founder, "Ru 集团首席执行官" Mail.ru's CEO) or right before it ("đồng sáng lập
 * Alibaba", "founder of USM"). A mention beside no company ("现任首席执行官张勇") may be anyone's.
 */
function postOfAnother(index: IndexParts, a: Question, n: number): boolean {
  const asked = a.names.filter((k) => isCompany(index, k));
  // "who founded the company that owns mail.ru": the post may be of the company described (USM), not of those named.
  if (asked.length === 0 || a.describes) return false;
  const roles = new Set(a.mentions.filter((m) => index.roles.has(m.key)).map((m) => m.key));
  if (roles.size === 0) return false;
  const text = index.docs[n]!.text;
  const { mentions } = scanned(index, n);
  const posts = mentions.filter((m) => roles.has(m.key));
  const ownerOf = (p: Mention) =>
    mentions.find(
      (m) =>
        isCompany(index, m.key) &&
        ((m.end <= p.start && OWNER_BEFORE.test(text.slice(m.end, p.start))) ||
          (m.start >= p.end && OWNER_AFTER.test(text.slice(p.end, m.start)))),
    )?.key;
  return (
    posts.length > 0 &&
    posts.every((p) => {
      const owner = ownerOf(p);
      return owner !== undefined && !asked.includes(owner);
    })
  );
}
/** What may stand between a company's name and the word for a position of it after it: "Mail.ru 集团首席执行官". */
const OWNER_BEFORE = /^(?:\s|的|集团|公司|['’]s)*$/u;
/** …or before it: "đồng sáng lập Alibaba", "CEO của Mail.ru", "founder of USM". */
const OWNER_AFTER = /^(?:\s|của|cua|of|tại|at)*$/u;

/** Whether the question names one of `keys` (a glossary kind's: the ventures, the words for the deal). */
function asksAny(a: Question, keys: ReadonlySet<string>): boolean {
  for (const k of keys) if (a.keys.has(k)) return true;
  return false;
}

/** Passage n's names (the lexicon's scan of its text alone) and its sentences. */
interface Scanned {
  mentions: readonly Mention[];
  sentences: ReadonlyArray<[number, number]>;
}
/** Per index, the scans of the passages read most recently, least recently used first (passages never change). */
const scans = new WeakMap<IndexParts, Map<number, Scanned>>();
/** How many passages' scans an index keeps: a question reads its 200 candidates' twice or more (see `nationalities`). */
const SCANS = 4_096;

function scanned(index: IndexParts, n: number): Scanned {
  let kept = scans.get(index);
  if (!kept) scans.set(index, (kept = new Map<number, Scanned>()));
  let found = kept.get(n);
  if (found) kept.delete(n);
  else {
    const text = index.docs[n]!.text;
    found = { mentions: index.builtMentions(n, true) ?? index.lexicon.scan(text), sentences: sentenceBounds(text) };
    if (kept.size >= SCANS) kept.delete(kept.keys().next().value!);
  }
  kept.set(n, found);
  return found;
}
/** How far apart, in UTF-16 units, a company and the country said to be its may be. */
const NATIONALITY_REACH = 90;
/** What a country named near a company, not said to be its, is worth to "which country is it of" (of a full answer). */
const NATIONALITY_UNSAID = 0.5;

/**
 * For a name asked of someone the question describes (`Focus.other`): whether a sentence of passage n names them beside
 * what the question says of them, with every place the question names in that sentence ("the Turkish firm" is not
 * Paytm of India); see `namedBeside`.
 */
function namesOther(index: IndexParts, a: Question, n: number): boolean {
  const layout = index.layout(n);
  const text = index.docs[n]!.text;
  return layout.sentences.some(([s, e]) => namedBeside(index, layout, a, s, e, text));
}
/** A word of naming followed by the name: "叫做 Money", "called Mir", "tên là AliExpress". */
const NAMING = /(?:叫做|名为|称为|名叫)\s*\S|(?<![\p{L}\p{M}])(?:called|gọi là|tên là|mang tên)\s+\p{Lu}/u;

/** Whether `venture` is a joint venture whose partners (entities.yaml) include every company or fund in `names`. */
function formedBy(index: IndexParts, venture: string, names: readonly string[]): boolean {
  const partners = index.partners.get(venture);
  // The venture itself, offered as a guess ("tên liên doanh là gì, aliexpress russia hả"), is what it is called.
  return partners !== undefined && names.every((k) => k === venture || !index.parties.has(k) || partners.has(k));
}

/**
 * For "what is X's English name" (or Chinese name): whether the text writes a name the question asks about in Latin
 * letters (in Chinese characters); any word in them, when the question names nobody.
 */
function spells(index: IndexParts, a: Question, kind: 'latin-name' | 'han-name', text: string): boolean {
  const script = SCRIPT_OF[kind];
  // "阿里那个品牌商城英文叫啥": the name of what the question describes (Tmall), not of whom it names (Alibaba).
  const others = described(index, a);
  if (others.length > 0) {
    const lower = simplify(text.toLowerCase());
    return others.some((key) => index.namesIn(key, script).some((name) => lower.includes(name)));
  }
  const venture = asksAny(a, index.ventures);
  // "阿里跟 Mail.ru 合辦的那家新公司，英文名稱是什麼": the venture's name, when the names are only of those who formed it.
  if (a.names.length === 0 || (venture && a.names.every((k) => index.parties.has(k)))) {
    // "合资公司的英文名叫啥": the name of a joint venture (one the entities list with partners) written in that script,
    // not any name the passage writes so (Alizila, Mail.ru).
    if (venture)
      return index.lexicon
        .scan(text)
        .some((m) => index.partners.has(m.key) && WRITTEN_IN[script].test(text.slice(m.start, m.end)));
    return script === 'latin' ? /\p{Script=Latin}{2}/u.test(text) : /\p{Script=Han}/u.test(text);
  }
  const lower = simplify(text.toLowerCase());
  return a.names.some((key) => index.namesIn(key, script).some((name) => lower.includes(name)));
}

/**
 * The entities a question describes without naming them: those that every describing word of it (a glossary term,
 * not a place, the deal, a venture or "company") stands right before in some passage, as "“品牌商城”——天猫" and
 * "现任首席执行官张勇" do ("阿里那个品牌商城", "那位现任CEO"). None when no describing word stands before a name.
 */
function described(index: IndexParts, a: Question): string[] {
  let found: string[] | undefined;
  for (const m of a.mentions) {
    const key = m.key;
    if (!key.startsWith('g:') || key === COMPANY_KEY) continue;
    if (index.places.has(key) || index.topics.has(key) || index.ventures.has(key)) continue;
    // Not a word of the asking words: 品牌 of "英文品牌名" (English brand name) describes nothing.
    if (a.focus?.cues.some(([s, e]) => m.start < e && m.end > s)) continue;
    const named = namedAfter(index, key);
    if (named.size === 0) continue;
    found = (found ?? [...named]).filter((k) => named.has(k));
  }
  return (found ?? []).filter((k) => !a.keys.has(k));
}

/** Per index, per glossary key: the entities named right after it in some passage (see `described`). */
const namedAfterKey = new WeakMap<IndexParts, Map<string, ReadonlySet<string>>>();
/** How many of a key's passages are read for what it stands before: enough for any article's own wording. */
const NAMED_AFTER_PASSAGES = 500;

function namedAfter(index: IndexParts, key: string): ReadonlySet<string> {
  let kept = namedAfterKey.get(index);
  if (!kept) namedAfterKey.set(index, (kept = new Map<string, ReadonlySet<string>>()));
  let named = kept.get(key);
  if (named) return named;
  const found = new Set<string>();
  const id = index.terms.id(key);
  const docs = id >= 0 ? index.terms.postingsOf(id) : new Uint32Array(0);
  for (let i = 0; i < docs.length && i < NAMED_AFTER_PASSAGES; i++) {
    const n = docs[i]!;
    const text = index.docs[n]?.text;
    if (text === undefined) continue;
    const { mentions } = scanned(index, n);
    for (let j = 0; j < mentions.length; j++) {
      if (mentions[j]!.key !== key) continue;
      // Past the describing words said with it ("现任" + "首席执行官"), to the first name, each close to the one before.
      for (let k = j + 1, end = mentions[j]!.end; k < mentions.length; k++) {
        const next = mentions[k]!;
        if (next.start < end) continue;
        if (next.start - end > BESIDE_REACH || !NAME_BESIDE.test(text.slice(end, next.start))) break;
        if (next.key.startsWith('e:')) {
          if (!index.outlets.has(next.key)) found.add(next.key);
          break;
        }
        end = next.end;
      }
    }
  }
  kept.set(key, (named = found));
  return named;
}
/** What may stand between a describing word and the name it describes: marks, 的, "ông" (Mr). */
const NAME_BESIDE = /^[\s\p{P}\p{S}的]*(?:(?:ông|bà|ngài|mr\.?|ms\.?)\s+)?$/iu;
const BESIDE_REACH = 8;

/** What `locality` reads of a passage's layout, worked out once per layout (layouts are kept: see highlight.ts). */
interface Places {
  /** Term → indices of the layout's tokens with it, ascending. */
  tokens: Map<string, number[]>;
  /** Key → indices of the layout's mentions of it, ascending. */
  mentions: Map<string, number[]>;
  /** The sentence of each token, and of each mention. */
  tokenSentence: Int32Array;
  mentionSentence: Int32Array;
  /** Per sentence, the keys it mentions (for "who" and "where"). */
  keys: string[][];
  /** Per answer kind, per sentence: whether its text holds an answer of that kind. */
  answers: Map<FocusKind, boolean[]>;
}
const places = new WeakMap<PassageLayout, Places>();

/** The sentence that holds position `pos`: the last one starting at or before it. */
function sentenceAt(sentences: ReadonlyArray<[number, number]>, pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sentences[mid]![0] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * For "what is the joint venture called": whether the sentence [s, e) names someone or something right beside what the
 * question asks the name of ("AliExpress Rusia, một liên doanh"; "全球速卖通俄罗斯公司，他们希望该合资公司"): a name
 * and one of the question's terms at most a few characters apart, nothing named between them. Asked the name of
 * someone else the question describes (`Focus.other`: "the Turkish e-commerce firm Alibaba backed"), the name is a
 * company's, fund's or product's the question does not name, the sentence has every place the question names, and a
 * word of naming beside one of the question's words gives the name (zh ¶11's "Mail.ru 自己的产品叫做 Money" answers
 * "Mail.ru 自家的支付产品叫啥": 产品, a product, stands right before 叫做).
 */
function namedBeside(
  index: IndexParts,
  layout: PassageLayout,
  a: Question,
  s: number,
  e: number,
  text: string,
  written?: RegExp,
): boolean {
  const inSentence = layout.mentions.filter((m) => m.start >= s && m.end <= e);
  const other = a.focus?.other === true;
  if (other && ![...a.keys].every((k) => !index.places.has(k) || inSentence.some((m) => m.key === k))) return false;
  const names = inSentence.filter(
    (m) =>
      m.key.startsWith('e:') &&
      !index.outlets.has(m.key) &&
      (!written || written.test(text.slice(m.start, m.end))) &&
      (!other || (!a.names.includes(m.key) && !index.people.has(m.key))),
  );
  const asked = inSentence.filter(
    (m) => !m.key.startsWith('e:') && a.keys.has(m.key) && (!other || !index.topics.has(m.key)),
  );
  const beside = (x: { start: number; end: number }, y: { start: number; end: number }) => {
    const [from, to] = x.end <= y.start ? [x.end, y.start] : [y.end, x.start];
    return to >= from && to - from <= BESIDE && !names.some((o) => o !== x && o.start >= from && o.end <= to);
  };
  if (other) {
    const naming = NAMING.exec(text.slice(s, e));
    if (naming && asked.some((term) => beside(term, { start: s + naming.index, end: s + naming.index + 2 })))
      return true;
  }
  return names.some((name) => asked.some((term) => beside(name, term)));
}
const BESIDE = 10;
/** The script each spelling question asks for. */
const SCRIPT_OF = { 'latin-name': 'latin', 'han-name': 'han' } as const;

/** Whether a mention of a term or place is part of a longer name's mention. */
function insideName(m: Mention, mentions: readonly Mention[]): boolean {
  return (
    !m.key.startsWith('e:') &&
    mentions.some(
      (n) => n.key.startsWith('e:') && n.start <= m.start && n.end >= m.end && n.end - n.start > m.end - m.start,
    )
  );
}

function placesOf(layout: PassageLayout): Places {
  let p = places.get(layout);
  if (p) return p;
  const { sentences } = layout;
  const at = <T>(items: T[], key: (item: T) => string) => {
    const out = new Map<string, number[]>();
    items.forEach((item, i) => {
      const k = key(item);
      const list = out.get(k);
      if (list) list.push(i);
      else out.set(k, [i]);
    });
    return out;
  };
  p = {
    tokens: at(layout.tokens, (t) => t.term),
    mentions: at(layout.mentions, (m) => m.key),
    tokenSentence: Int32Array.from(layout.tokens, (t) => sentenceAt(sentences, t.start)),
    mentionSentence: Int32Array.from(layout.mentions, (m) => sentenceAt(sentences, m.start)),
    // A place inside a name ("Nga" of "quỹ đầu tư trực tiếp của Nga", 俄罗斯 of 俄罗斯天然气工业银行) is part of the
    // name, not where anything is.
    keys: sentences.map(([s, e]) =>
      layout.mentions.filter((m) => m.start >= s && m.start < e && !insideName(m, layout.mentions)).map((m) => m.key),
    ),
    answers: new Map(),
  };
  places.set(layout, p);
  return p;
}

/** What `locality` reads of a question, worked out once per question. */
interface Asked {
  /** Term or key → the units it stands for, ascending. */
  unitsOf: Map<string, number[]>;
  /** The units' total weight. */
  total: number;
}
const askedOf = new WeakMap<Question, Asked>();

function asked(a: Question): Asked {
  let q = askedOf.get(a);
  if (q) return q;
  const unitsOf = new Map<string, number[]>();
  a.units.forEach((u, i) => {
    for (const m of u.matches) {
      const list = unitsOf.get(m);
      if (list) list.push(i);
      else unitsOf.set(m, [i]);
    }
  });
  let total = 0;
  for (const u of a.units) total += u.weight;
  q = { unitsOf, total };
  askedOf.set(a, q);
  return q;
}

/**
 * For a share or a sum asked about parties the question names ("MegaFon được bao nhiêu cổ phần"): per sentence,
 * whether it states a figure of that kind that belongs to one of them — the party named nearest before the figure,
 * after the previous one ("MegaFon 占 24%", not "MegaFon 以 7.4 亿美元收购了 mail . ru 15.2%"). A comparison that
 * names no party ("四个股东里哪家占得最少") is answered by a sentence giving several parties' figures: ½ for two, 1 for
 * three or more. Undefined when the question names no party and compares nothing, or the kind is not a figure.
 */
function ownedFigures(
  index: IndexParts,
  layout: PassageLayout,
  a: Question,
  kind: FocusKind,
  text: string,
): number[] | undefined {
  const asked = a.names.filter((k) => index.parties.has(k));
  // "Who has the most", naming nobody: the sentence that gives several parties' figures, to compare.
  const compared = asked.length === 0 && a.focus?.compared === true;
  if (asked.length === 0 && !compared) return kind === 'amount' ? unownedCounts(index, layout, a, text) : undefined;
  const figures = figureSpans(kind, text);
  if (!figures) return undefined;
  const owners = layout.sentences.map(() => new Set<string>());
  ownersOf(figures, layout.mentions, (k) => index.parties.has(k), layout.sentences).forEach((party, i) => {
    if (party !== undefined && (compared || asked.includes(party)))
      owners[sentenceAt(layout.sentences, figures[i]![0])]!.add(party);
  });
  return owners.map((o) => (compared ? Math.min(1, Math.max(0, o.size - 1) / 2) : o.size / asked.length));
}

/**
 * For how many people of a kind, asked of no company ("Nga có bao nhiêu người dùng internet"): per sentence, whether it
 * counts them as nobody's ("Nga … có 70 triệu người dụng Internet": 1) rather than only as a company's own ("Mail.ru
 * … tới hơn 100 triệu người dùng": ½). Undefined when no people are counted (see `COUNTED` in question.ts).
 */
function unownedCounts(index: IndexParts, layout: PassageLayout, a: Question, text: string): number[] | undefined {
  if (!a.units.some((u) => u.needed === true)) return undefined;
  const figures = allMatches(COUNT, text).map((m): [number, number] => [m.index, m.index + m[0].length]);
  const free = layout.sentences.map(() => 0);
  ownersOf(figures, layout.mentions, (k) => index.parties.has(k), layout.sentences).forEach((party, i) => {
    const s = sentenceAt(layout.sentences, figures[i]![0]);
    free[s] = Math.max(free[s]!, party === undefined ? 1 : OWNED_COUNT);
  });
  return free;
}
/**
 * Whether every count of passage n (a figure that is no share or sum: not followed by %, a currency) belongs to a
 * company or fund other than those a question of how many people names ("MegaFon có bao nhiêu người dùng" and "Mail.ru
 * 为 1 亿注册用户": Mail.ru's users) — the party named nearest before it in its sentence (see `ownersOf`).
 */
function countOfAnother(index: IndexParts, a: Question, n: number): boolean {
  const asked = a.names.filter((k) => isCompany(index, k));
  const counted = (u: Question['units'][number]) => u.needed === true && u.matches.some((m) => COUNTED.has(m));
  if (asked.length === 0 || !a.units.some(counted) || a.describes) return false;
  const text = index.docs[n]!.text;
  const figures = countSpans(text);
  if (figures.length === 0) return false;
  const { mentions, sentences } = scanned(index, n);
  return ownersOf(figures, mentions, (k) => index.parties.has(k), sentences).every(
    (owner) => owner !== undefined && !asked.includes(owner),
  );
}

/**
 * "rieng alibaba bo ra bao nhieu tien", 阿里到底往合资公司里掏了多少现金, "how much did megafon and rdif put in": what
 * a party the question names put in or paid is told only by a sum paid, or an amount left undisclosed, that is said of
 * that party — named before it in its sentence, or in the sentence before when its own names nobody ("… MegaFon … và
 * quỹ đầu tư trực tiếp của Nga. Những bên này cũng đã đầu tư một khoản chưa được tiết lộ"). Not a venture's worth
 * ("liên doanh trị giá 2 tỷ USD" is no sum Alibaba put in; the price of shares said as a worth is: "这笔交易(仅)价值约 5
 * 亿美元"), nor what others put in ("MegaFon … 和 … RDIF 也…投资了未披露的金额" says nothing of Alibaba), nor, asked of
 * what went into a venture, a price paid for another company's shares (that 5 亿美元 bought Mail.ru's). Not a sum the
 * question states to be checked ("Alibaba một mình bỏ ra 2 tỷ đô hả?"): the passage with the sum answers that.
 */
function spentByAnother(index: IndexParts, a: Question, n: number): boolean {
  const focus = a.focus;
  if (!focus?.paid || focus.compared || focus.shares) return false;
  const asked = a.names.filter((k) => index.parties.has(k) && !index.ventures.has(k));
  if (asked.length === 0 || a.units.some((u) => u.figure)) return false;
  const { mentions, sentences } = scanned(index, n);
  const within = (m: Mention, [from, to]: readonly [number, number]) => m.start >= from && m.end <= to;
  const partiesIn = (span: readonly [number, number]) =>
    mentions.filter((m) => within(m, span) && index.parties.has(m.key)).map((m) => m.key);
  // Not a venture set aside ("Ngoài vụ liên doanh, MegaFon còn sang lại cổ phần Mail.ru cho Alibaba hả? Cỡ bao nhiêu").
  const intoVenture = a.units.some((u) => !u.aside && u.matches.some((k) => index.ventures.has(k)));
  return !sumsPaid(index.docs[n]!.text).some(({ at, worth, undisclosed }) => {
    if (worth && mentions.some((m) => within(m, worth) && index.ventures.has(m.key))) return false;
    const s = sentenceAt(sentences, at);
    // Put into a venture: a sum its sentence says of one (what is left undisclosed is what the new one got).
    if (intoVenture && !undisclosed && !mentions.some((m) => within(m, sentences[s]!) && index.ventures.has(m.key)))
      return false;
    const before = partiesIn([sentences[s]![0], at]);
    const owners = before.length > 0 || s === 0 ? before : partiesIn(sentences[s - 1]!);
    return owners.some((k) => asked.includes(k));
  });
}

/**
 * Whether the question says which people it counts ("người dùng smartphone": `QuestionUnit.qualifies`) and no count of
 * passage n stands in a sentence that has those words too (vi ¶2 counts Internet users; smartphones are in the next
 * sentence).
 */
function countUnqualified(index: IndexParts, a: Question, n: number): boolean {
  const wanted = a.units.filter((u) => u.qualifies === true);
  if (wanted.length === 0) return false;
  const text = index.docs[n]!.text;
  const { mentions, sentences } = scanned(index, n);
  const held = (s: number, u: Question['units'][number]) =>
    mentions.some((m) => sentenceAt(sentences, m.start) === s && m.key.startsWith('g:') && u.matches.includes(m.key));
  return !countSpans(text).some(([start]) => {
    const s = sentenceAt(sentences, start);
    return wanted.every((u) => held(s, u));
  });
}

/** The counts of `text` (figures that are no share or sum), as [start, end) offsets. */
function countSpans(text: string): Array<[number, number]> {
  return allMatches(COUNT, text)
    .filter((m) => !NOT_A_COUNT.test(text.slice(m.index + m[0].length, m.index + m[0].length + 4)))
    .map((m): [number, number] => [m.index, m.index + m[0].length]);
}

/** What follows a figure that is a share or a sum, not a count. */
const NOT_A_COUNT = /^\s*(?:%|％|美元|USD|đô|\$|dollars?|rúp|卢布)/iu;

/** A count written in figures, with its scale word: "70 triệu", "7000 万", "100 million". */
const COUNT = /\d+(?:[.,]\d+)*\s*(?:tỷ|triệu|nghìn|ngàn|万|亿|千|million|billion)?/gu;
/** What a company's own count is worth to "how many … are there" (of a count that is nobody's). */
const OWNED_COUNT = 0.5;

/**
 * The indices, ascending, of the layout's `items` (tokens or mentions, `at` their places by term or key) whose term or
 * key is one of `wanted`'s. Whichever is shorter is walked: the question's terms, looked up in the passage's places
 * (a short question, a long passage), or the passage's items, looked up among the question's terms (a Chinese
 * question has a term per character pair; a passage has few mentions).
 */
function metIn<T>(
  items: readonly T[],
  at: ReadonlyMap<string, readonly number[]>,
  wanted: ReadonlyMap<string, unknown>,
  key: (item: T) => string,
): number[] {
  const met: number[] = [];
  if (items.length <= wanted.size) {
    items.forEach((item, i) => {
      if (wanted.has(key(item))) met.push(i);
    });
    return met;
  }
  for (const k of wanted.keys()) {
    const found = at.get(k);
    if (found) for (const i of found) met.push(i);
  }
  return met.sort((x, y) => x - y);
}

/**
 * The most `locality` can give for question `a`: a sentence with every unit, an answer of the kind asked (at most 1,
 * see `ownedFigures`), all its words side by side. Infinity when a weight below zero leaves no such bound.
 */
export function mostLocality(a: Question, focusWeight: number, proximityWeight: number): number {
  if (focusWeight < 0 || proximityWeight < 0 || a.units.some((u) => !(u.weight >= 0)) || !(asked(a).total > 0))
    return Infinity;
  // The units' weights added up in another order than their total may come out a hair above it.
  return 1 + 1e-9 + focusWeight + proximityWeight;
}

/**
 * How much of the question one sentence of the passage holds: the weighted share of the question's units in its
 * best sentence, plus `focusWeight` when that sentence also holds an answer of the kind asked. A passage that says
 * "Nga ... 70 triệu người dùng Internet" in one breath answers "Nga có bao nhiêu người dùng internet" better than
 * one that names Nga in one sentence and its users in another.
 *
 * Only the places of the question's own terms are visited (from tables made once per passage and per question),
 * in the order a walk over all the passage's tokens, then its mentions, would meet them: each sentence's units
 * are added up in that order, so the sums are the same to the last bit.
 */
export function locality(
  index: IndexParts,
  layout: PassageLayout,
  a: Question,
  n: number,
  focusWeight: number,
): number {
  const { sentences } = layout;
  if (sentences.length === 0 || a.units.length === 0) return 0;
  const p = placesOf(layout);
  const { unitsOf, total } = asked(a);
  // held[s]: the units sentence s has, in the order they were first met.
  const held: number[][] = sentences.map(() => []);
  // Where in each sentence the first of each unit held is met: the narrower, the closer its words stand together.
  const from = new Float64Array(sentences.length).fill(Infinity);
  const to = new Float64Array(sentences.length).fill(-Infinity);
  const hold = (s: number, units: readonly number[], at?: number) => {
    for (const u of units)
      if (!held[s]!.includes(u)) {
        held[s]!.push(u);
        if (at !== undefined) {
          from[s] = Math.min(from[s]!, at);
          to[s] = Math.max(to[s]!, at);
        }
      }
  };
  // The tokens, then the mentions, that stand for a unit, each in passage order; then the lone characters.
  const tokens = metIn(layout.tokens, p.tokens, unitsOf, (t) => t.term);
  for (const i of tokens) hold(p.tokenSentence[i]!, unitsOf.get(layout.tokens[i]!.term)!, layout.tokens[i]!.start);
  const mentions = metIn(layout.mentions, p.mentions, unitsOf, (m) => m.key);
  for (const i of mentions)
    hold(p.mentionSentence[i]!, unitsOf.get(layout.mentions[i]!.key)!, layout.mentions[i]!.start);
  const text = index.docs[n]!.text;
  a.units.forEach((u, i) => {
    if (!u.lone) return;
    for (let at = text.indexOf(u.lone); at >= 0; at = text.indexOf(u.lone, at + 1))
      hold(sentenceAt(sentences, at), [i]);
  });
  // A quotation given to "him" is all his words, and a passage that speaks of "him" is about him: the person the
  // passage before names is in each of its sentences. So is a figure the passage before gives, in a passage that
  // speaks of "this figure".
  const person = index.personBefore(n);
  const figure = index.figureBefore(n);
  const prev = person || figure ? previousInArticle(index, n) : -1;
  if (prev >= 0)
    a.units.forEach((u, i) => {
      const key = u.name >= 0 ? a.names[u.name]! : undefined;
      if (
        (person && key && index.people.has(key) && holdsTerm(index, prev, key)) ||
        (figure && u.figure && u.matches.some((k) => k.startsWith(FIGURE_KEY) && holdsTerm(index, prev, k)))
      )
        sentences.forEach((_, s) => hold(s, [i]));
    });
  // A name the passage speaks of without writing it (entities.yaml `called`): in the sentence that says it.
  const called = index.calledIn(n);
  if (called.length > 0)
    a.units.forEach((u, i) => {
      const key = u.name >= 0 ? a.names[u.name]! : undefined;
      for (const m of called) if (m.key === key) hold(sentenceAt(sentences, m.start), [i], m.start);
    });
  const kind = a.focus?.kind;
  let answer: ReadonlyArray<boolean | number> | undefined;
  if (kind === 'person' || kind === 'organisation' || kind === 'place') {
    const said = a.focus?.nationality ? nationalities(index, a, n) : undefined;
    answer = p.keys.map((keys, s) => {
      const names = namesAnswer(kind, keys, a.keys, index) > 0;
      return said ? (said[s] ? 1 : names ? NATIONALITY_UNSAID : 0) : names;
    });
  } else if (kind === 'source') answer = p.keys.map((keys) => keys.some((k) => index.outlets.has(k)));
  else if (kind === 'post') answer = p.keys.map((keys) => keys.some((k) => index.roles.has(k)));
  else if (kind === 'title') answer = sentences.map((_, s) => s === 0 && index.docs[n]!.ordinal === 1);
  else if (kind === 'caption') {
    const caption = focusMet(index, a, n) > 0;
    answer = sentences.map((_, s) => s === 0 && caption);
  } else if (kind === 'called') answer = sentences.map(([s, e]) => namedBeside(index, layout, a, s, e, text));
  else if (kind === 'latin-name' || kind === 'han-name')
    answer = sentences.map(([s, e]) =>
      // How the joint venture's name is spelled: a name in that script beside it.
      a.names.length === 0
        ? namedBeside(index, layout, a, s, e, text, WRITTEN_IN[SCRIPT_OF[kind]])
        : spells(index, a, kind, text.slice(s, e)),
    );
  else if (kind) {
    answer = p.answers.get(kind);
    if (!answer) p.answers.set(kind, (answer = sentences.map(([s, e]) => textAnswers(kind, text.slice(s, e)))));
    answer = ownedFigures(index, layout, a, kind, text) ?? answer;
  }
  let best = 0;
  held.forEach((units, s) => {
    let w = 0;
    for (const u of units) w += a.units[u]!.weight;
    const [start, end] = sentences[s]!;
    const spread = units.length > 1 && to[s]! >= from[s]! ? (to[s]! - from[s]!) / Math.max(1, end - start) : 1;
    best = Math.max(
      best,
      w / total + focusWeight * Number(answer?.[s] ?? 0) + index.options.proximityWeight * (1 - spread),
    );
  });
  return best;
}

/** This module's patterns, compiled before the first question (see `compileAhead`, src/text/patterns.ts). */
export const SCORE_PATTERNS: readonly RegExp[] = [
  QUOTED_BY_PRONOUN,
  PERSON_PRONOUN,
  FIGURE_REFERENCE,
  OWNER_BEFORE,
  OWNER_AFTER,
  NAMING,
  NAME_BESIDE,
  NOT_A_COUNT,
  COUNT,
];
