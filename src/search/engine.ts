import MiniSearch from 'minisearch';
import type { Corpus } from '../types.ts';
import type { Entity, Passage, SearchHit, SearchOptions, Source } from '../types.ts';
import { type LexiconEntry, Lexicon, type Mention } from '../text/lexicon.ts';
import { HAN, simplify } from '../text/normalize.ts';
import { analyze, contentUnits, type HanMode, type Token, type Unit } from './tokenize.ts';

/**
 * The index over a corpus's passages, and the search that answers a question or says that the
 * corpus does not answer it.
 *
 * Ranking has two parts. MiniSearch's BM25 finds candidates from the question's terms (words, Chinese
 * bigrams) and from the entities and glossary terms it names (`e:`/`g:` keys, which are the same in
 * every language and script). Then each candidate gets a coverage: the weighted share of the
 * question's content words (Chinese: characters) that the passage answers, by a shared term or a
 * shared entity/term key, with part credit when only the passage before it has the word. Passages are
 * ranked by coverage plus a little normalised BM25.
 *
 * The search abstains unless some passage both covers enough of the question (`threshold`) and has
 * evidence for what is asked (`minEvidence`). A name is cheap to match: "Jack Ma sinh năm nào?" (when
 * was Jack Ma born) is two-thirds covered by any passage about Jack Ma. So the evidence leaves out the
 * one entity the passage is about and weighs every other unit by how rare it is in the corpus: a
 * passage must also have some of the words that say what is asked ("sinh", 出生, "founded"), and
 * ubiquitous ones (Alibaba, Nga, 合资) barely count. A question that only names an entity ("Jack Ma
 * là ai?") asks for nothing more.
 */

export interface EngineOptions {
  /** Chinese segmentation (see tokenize.ts). */
  han?: HanMode;
  /** Abstain when the best coverage is below this (calibrated by `npm run eval -- --sweep`). */
  threshold?: number;
  /**
   * Abstain unless a passage over the threshold also has at least this share of the evidence the
   * question asks for: its units other than the passage's main entity, weighted by rarity, in the
   * passage's own text (see `coverage` in the engine).
   */
  minEvidence?: number;
  /** Weight of the normalised BM25 score next to coverage in the final score. */
  bm25Weight?: number;
  /** BM25 boost of entity/term keys against plain terms. */
  keyBoost?: number;
  /** Share of a unit's weight earned when only the previous passage has it ("this figure", "he said"). */
  contextCredit?: number;
  /** Weight of a question word the corpus never uses (it is likely what is being asked). */
  unknownWeight?: number;
  /**
   * Total weight of one named entity in a question, however many words or characters its name has:
   * the name says what the question is about, the other words say what is asked.
   */
  entityWeight?: number;
  /**
   * Most postings MiniSearch may score for one question. The rarest terms are queried first; terms
   * past the budget still count in coverage. Bounds latency when a term is in most passages.
   */
  postingsBudget?: number;
  /** How many BM25 candidates get a coverage score. */
  candidates?: number;
  /**
   * Credit (and BM25 boost) of a match that only agrees without diacritics when the question has
   * them: `dùng` finding the source's typo `dụng`, but below an exact match, and `viên` ≠ `viễn` mostly.
   */
  foldedCredit?: number;
}

/** Calibrated on tests/eval/cases.yaml without its held-out cases (README, "How it works"). */
export const defaultEngineOptions: Required<EngineOptions> = {
  han: 'bigram',
  threshold: 0.35,
  minEvidence: 0.05,
  bm25Weight: 0.3,
  keyBoost: 1.5,
  contextCredit: 0.5,
  unknownWeight: 1.5,
  entityWeight: 2,
  postingsBudget: 6_000,
  candidates: 200,
  foldedCredit: 0.5,
};

export const defaultSearchOptions = { limit: 3 } as const;

/** A content unit of a question, as the engine weighs it. */
interface QuestionUnit extends Unit {
  /** Index into {@link Analysis.names} when the unit is part of an entity's name. */
  name: number;
  /** Part of a glossary term: matched only by the term's key, never word by word. */
  term: boolean;
  /** Weight in the evidence: the coverage weight times the unit's specificity. */
  evidence: number;
  /** A Han character no bigram of the question reaches (基金「占」了): looked up in the passage text. */
  lone?: string;
}

/** What a question is made of, worked out once per search. */
interface Analysis {
  tokens: Token[];
  /** Term ids of the tokens (-1 when the corpus never uses the term). */
  tokenIds: number[];
  mentions: Mention[];
  mentionIds: number[];
  /** The distinct entity keys the question names. */
  names: string[];
  units: QuestionUnit[];
  /** Per name, scratch for {@link SearchEngine.coverage}. */
  nameAsked: Float64Array;
  nameAnswered: Float64Array;
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

/** A passage worth a coverage score, with its retrieval score (BM25, or for common terms a rarity-weighted count of them). */
interface Candidate {
  id: number;
  score: number;
}

/** How many passages' highlighting analysis is kept. */
const LAYOUT_CACHE = 4_096;

interface PassageLayout {
  tokens: Array<{ term: string; start: number; end: number }>;
  mentions: Mention[];
}

/** A candidate passage's coverage of the question and its evidence for what is asked, both in [0, 1]. */
interface Coverage {
  coverage: number;
  evidence: number;
}

const KEY = /^[eg]:/;

export class SearchEngine {
  readonly corpus: Corpus;
  readonly options: Required<EngineOptions>;
  readonly lexicon: Lexicon;
  private readonly index: MiniSearch<{ id: number; terms: string }>;
  /** Passages by their index number (MiniSearch's document id). */
  private readonly docs: Passage[];
  private readonly byId = new Map<string, number>();
  /** Term → id and document frequency, for every word and key of the corpus. */
  private readonly termIds = new Map<string, number>();
  private readonly df: number[] = [];
  /** Each passage's sorted term ids: "does passage n have term t" without another index. */
  private readonly docTerms: Uint32Array[] = [];
  private readonly sources = new Map<string, Source>();
  private readonly entities = new Map<string, Entity>();
  /** Term id → the passages that have it, ascending: candidates when every term is too common for BM25. */
  private readonly postings: Uint32Array[] = [];
  /** Scratch scores, one per passage, zero between searches. */
  private scratch: Float64Array | undefined;
  /** Passage number → its analysis for highlighting, least recently used first. */
  private readonly layouts = new Map<number, PassageLayout>();

  constructor(corpus: Corpus, options: EngineOptions = {}) {
    this.corpus = corpus;
    this.options = { ...defaultEngineOptions, ...options };
    this.lexicon = new Lexicon(lexiconEntries(corpus));
    for (const s of corpus.sources) this.sources.set(s.id, s);
    for (const e of corpus.entities) this.entities.set(e.id, e);
    this.docs = corpus.passages;
    this.index = new MiniSearch({
      fields: ['terms'],
      // Documents arrive already analysed (one pass per passage feeds both MiniSearch and docTerms).
      tokenize: (text) => (text ? text.split(' ') : []),
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => [text], processTerm: (term) => term },
    });
    const han = this.options.han;
    const batch: Array<{ id: number; terms: string }> = [];
    this.docs.forEach((p, n) => {
      this.byId.set(p.id, n);
      const terms = analyze(p.text, { han }).map((t) => t.term);
      for (const key of this.lexicon.keys(p.text)) terms.push(key);
      const ids = new Set<number>();
      for (const t of terms) {
        let id = this.termIds.get(t);
        if (id === undefined) {
          id = this.df.length;
          this.termIds.set(t, id);
          this.df.push(0);
        }
        ids.add(id);
      }
      for (const id of ids) this.df[id]!++;
      this.docTerms.push(Uint32Array.from(ids).sort());
      batch.push({ id: n, terms: terms.join(' ') });
    });
    this.index.addAll(batch);
    const filled = new Uint32Array(this.df.length);
    for (const df of this.df) this.postings.push(new Uint32Array(df));
    this.docTerms.forEach((ids, n) => {
      for (const id of ids) this.postings[id]![filled[id]!++] = n;
    });
  }

  passage(id: string): Passage | undefined {
    const n = this.byId.get(id);
    return n === undefined ? undefined : this.docs[n];
  }

  source(id: string): Source | undefined {
    return this.sources.get(id);
  }

  entity(id: string): Entity | undefined {
    return this.entities.get(id);
  }

  /** Entity ids a text names (in any script), in order of appearance. */
  entitiesIn(text: string): string[] {
    return [
      ...new Set(
        this.lexicon
          .scan(text.normalize('NFC'))
          .filter((m) => m.key.startsWith('e:'))
          .map((m) => m.key.slice(2)),
      ),
    ];
  }

  /** Every name and glossary term in a passage of this index, where it stands (computed once, then kept). */
  mentionsIn(passage: Passage): Mention[] {
    const n = this.byId.get(passage.id);
    return n === undefined || this.docs[n] !== passage ? this.lexicon.scan(passage.text) : this.layout(n).mentions;
  }

  /** True when the passage names the entity. */
  mentions(passageId: string, entityId: string): boolean {
    const n = this.byId.get(passageId);
    return n !== undefined && this.has(n, this.termIds.get(`e:${entityId}`) ?? -1);
  }

  /** Passages that name an entity, in corpus order. */
  passagesMentioning(entityId: string): Passage[] {
    const id = this.termIds.get(`e:${entityId}`) ?? -1;
    return this.docs.filter((_, n) => this.has(n, id));
  }

  private has(doc: number, termId: number): boolean {
    if (termId < 0) return false;
    const a = this.docTerms[doc];
    if (!a) return false;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = a[mid]!;
      if (v === termId) return true;
      if (v < termId) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  private analyse(query: string): Analysis {
    const q = query.normalize('NFC');
    const tokens = analyze(q, { han: this.options.han });
    const mentions = this.lexicon.scan(q);
    const tokenIds = tokens.map((t) => this.termIds.get(t.term) ?? -1);
    const mentionIds = mentions.map((m) => this.termIds.get(m.key) ?? -1);
    const raw = contentUnits(q);
    const nameMentions = mentions.filter((m) => m.key.startsWith('e:'));
    const names = [...new Set(nameMentions.map((m) => m.key))];
    const units = raw.map((u): QuestionUnit => {
      const overlaps = (x: { start: number; end: number }) => x.start < u.end && x.end > u.start;
      const keyIds = mentionIds.filter((_, i) => overlaps(mentions[i]!));
      const name = nameMentions.find(overlaps);
      if (name) {
        const weight = this.options.entityWeight / raw.filter((v) => v.start < name.end && v.end > name.start).length;
        return {
          ...u,
          weight,
          name: names.indexOf(name.key),
          term: false,
          evidence: weight * this.specificity(keyIds),
        };
      }
      const term = keyIds.length > 0;
      // A character whose every bigram runs into a name has no term of its own.
      const bigrams = tokens.filter((t) => t.kind === 'han' && overlaps(t));
      if (
        !term &&
        bigrams.length > 0 &&
        bigrams.every((t) => nameMentions.some((m) => m.start < t.end && m.end > t.start))
      ) {
        return { ...u, name: -1, term, evidence: u.weight, lone: simplify(q.slice(u.start, u.end)) };
      }
      const known = term || tokens.some((t, i) => overlaps(t) && tokenIds[i]! >= 0);
      const own = tokenIds.filter((_, i) => overlaps(tokens[i]!) && !tokens[i]!.folded);
      const weight = known ? u.weight : u.weight * this.options.unknownWeight;
      return { ...u, weight, name: -1, term, evidence: weight * this.specificity(term ? keyIds : own) };
    });
    return {
      tokens,
      tokenIds,
      mentions,
      mentionIds,
      names,
      units,
      nameAsked: new Float64Array(names.length),
      nameAnswered: new Float64Array(names.length),
    };
  }

  /**
   * How telling a unit is, in [0, 1]: the share of passages that lack its commonest known term (a word
   * is as telling as its commonest reading: the bigram 罗斯 of 俄罗斯, not 斯有 across the next word).
   * 1 when no term is known. A share rather than log(N/df): the same corpus repeated, or grown, keeps
   * the same weights.
   */
  private specificity(ids: number[]): number {
    let df = -1;
    for (const id of ids) df = Math.max(df, id >= 0 ? this.df[id]! : 0);
    return df < 0 ? 1 : 1 - df / this.docs.length;
  }

  /** The terms MiniSearch scores: the rarest first, within the postings budget. */
  private queryTerms(a: Analysis): string[] {
    const ids = [...new Set([...a.tokenIds, ...a.mentionIds].filter((id) => id >= 0))].sort(
      (x, y) => this.df[x]! - this.df[y]!,
    );
    const byId = new Map([
      ...a.tokens.map((t, i) => [a.tokenIds[i]!, t.term] as const),
      ...a.mentions.map((m, i) => [a.mentionIds[i]!, m.key] as const),
    ]);
    const out: string[] = [];
    let postings = 0;
    for (const id of ids) {
      if (out.length > 0 && postings + this.df[id]! > this.options.postingsBudget) break;
      postings += this.df[id]!;
      out.push(byId.get(id)!);
    }
    return out;
  }

  /**
   * Ranked passages that answer `query`, best first, each with its score and the spans to highlight.
   * Empty when nothing in the corpus answers it (unless `noAbstain`).
   */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const { limit } = { ...defaultSearchOptions, ...options };
    const a = this.analyse(query);
    const terms = this.queryTerms(a);
    if (a.units.length === 0 || terms.length === 0) return [];
    const entityId = options.entity ? (this.termIds.get(`e:${options.entity}`) ?? -1) : undefined;
    const exact = new Set(a.tokens.filter((t) => !t.folded).map((t) => t.term));
    const boost = (term: string) =>
      KEY.test(term) ? this.options.keyBoost : exact.has(term) ? 1 : this.options.foldedCredit;
    const allowed = (n: number) =>
      (!options.lang || this.docs[n]!.lang === options.lang) && (entityId === undefined || this.has(n, entityId));
    const results: Candidate[] =
      this.df[this.termIds.get(terms[0]!)!]! > this.options.postingsBudget
        ? this.commonCandidates(a, boost, allowed)
        : this.index
            .search({ combineWith: 'OR', queries: terms }, { boostTerm: boost, filter: (r) => allowed(r.id as number) })
            .map((r) => ({ id: r.id as number, score: r.score }));
    if (results.length === 0) return [];
    const top = results[0]!.score;
    const scored = results.slice(0, this.options.candidates).map((r) => {
      const c = this.coverage(a, r.id);
      return { r, ...c, score: c.coverage + this.options.bm25Weight * (r.score / top) };
    });
    scored.sort((x, y) => y.score - x.score);
    if (!options.noAbstain) {
      const { threshold, minEvidence } = this.options;
      // The evidence decides whether to answer, not how to rank: the best passage about the entity
      // may be the one that speaks of it as "he", beside the one with the asked words.
      if (!scored.some((s) => s.coverage >= threshold && s.evidence >= minEvidence)) return [];
    }
    return scored
      .filter((s) => options.noAbstain === true || s.coverage >= this.options.threshold * 0.75)
      .slice(0, limit)
      .map((s) => this.hit(s.r, s.score, a));
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
  private coverage(a: Analysis, n: number): Coverage {
    const passage = this.docs[n]!;
    const prev = n > 0 && this.docs[n - 1]!.source === passage.source ? n - 1 : -1;
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
      const check = (id: number, s: number, e: number, folded = false, key = false) => {
        if (id < 0 || s >= u.end || e <= u.start) return;
        if (!this.has(n, id)) {
          if (prev >= 0 && this.has(prev, id)) inContext = true;
        } else if (folded) inFolded = true;
        else {
          inText = true;
          if (key) inKey = true;
        }
      };
      a.tokens.forEach((t, i) => check(a.tokenIds[i]!, t.start, t.end, t.folded));
      a.mentions.forEach((m, i) => check(a.mentionIds[i]!, m.start, m.end, false, true));
      if (u.lone && !inText) inText = (text ??= simplify(passage.text)).includes(u.lone);
      if (inText) covered += u.weight;
      else if (inFolded || inContext)
        covered +=
          u.weight * Math.max(inFolded ? this.options.foldedCredit : 0, inContext ? this.options.contextCredit : 0);

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
  private commonCandidates(a: Analysis, boost: (term: string) => number, allowed: (n: number) => boolean): Candidate[] {
    const byId = new Map<number, string>();
    a.tokens.forEach((t, i) => a.tokenIds[i]! >= 0 && byId.set(a.tokenIds[i]!, t.term));
    a.mentions.forEach((m, i) => a.mentionIds[i]! >= 0 && byId.set(a.mentionIds[i]!, m.key));
    const scores = (this.scratch ??= new Float64Array(this.docs.length));
    const touched: number[] = [];
    // A term in most passages tells them apart least and costs the most to count: left out while others remain.
    const telling = [...byId].filter(([id]) => this.df[id]! <= this.docs.length / 2);
    for (const [id, term] of telling.length ? telling : [...byId]) {
      const weight = boost(term) * Math.log(1 + this.docs.length / this.df[id]!);
      for (const n of this.postings[id]!) {
        if (scores[n] === 0) {
          touched.push(n);
          scores[n] = allowed(n) ? weight : Number.NEGATIVE_INFINITY;
        } else {
          scores[n]! += weight;
        }
      }
    }
    let kept = touched.filter((n) => scores[n]! > 0);
    const k = this.options.candidates;
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

  private hit(r: Candidate, score: number, a: Analysis): SearchHit {
    const n = r.id;
    const passage = this.docs[n]!;
    const wanted = new Set(a.tokens.filter((_, i) => this.has(n, a.tokenIds[i]!)).map((t) => t.term));
    const spans: Array<[number, number]> = [];
    const { tokens, mentions } = this.layout(n);
    for (const t of tokens) if (wanted.has(t.term)) spans.push([t.start, t.end]);
    const names = new Set(a.names);
    for (const m of mentions) if (names.has(m.key)) spans.push([m.start, m.end]);
    return { passage, score, spans: mergeSpans(spans), terms: [...wanted] };
  }

  /**
   * Where a passage's terms and names are, for highlighting. Passages never change, so the analysis of the
   * ones answers quote is kept (the most recently used LAYOUT_CACHE of them, however large the corpus).
   */
  private layout(n: number): PassageLayout {
    let layout = this.layouts.get(n);
    if (layout) {
      this.layouts.delete(n);
    } else {
      const text = this.docs[n]!.text;
      layout = {
        tokens: analyze(text, { han: this.options.han }).map(({ term, start, end }) => ({ term, start, end })),
        mentions: this.lexicon.scan(text),
      };
      if (this.layouts.size >= LAYOUT_CACHE) this.layouts.delete(this.layouts.keys().next().value!);
    }
    this.layouts.set(n, layout);
    return layout;
  }
}

/** Sort and merge overlapping or touching spans. */
export function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Entities (`e:`) and glossary terms (`g:`) as one lexicon. */
export function lexiconEntries(corpus: Pick<Corpus, 'entities' | 'glossary'>): LexiconEntry[] {
  return [
    ...corpus.entities.map((e) => ({ key: `e:${e.id}`, forms: [...e.names, ...e.otherNames, ...familyNames(e)] })),
    ...corpus.glossary.map((g) => ({ key: `g:${g.id}`, forms: [...g.forms.vi, ...g.forms.zh, ...g.forms.en] })),
  ];
}

/**
 * A foreign person's name transliterated into Chinese is written given·family (阿利舍尔·乌斯马诺夫), and
 * articles shorten it to the family name (乌斯马诺夫), as English does (Usmanov). For such people, the
 * last part of each name is a name too. Others are left alone: in `Jack Ma` or `Trương Dũng` the last
 * word is not one the person goes by alone.
 */
export function familyNames(e: Pick<Entity, 'kind' | 'names' | 'otherNames'>): string[] {
  const all = [...e.names, ...e.otherNames];
  if (e.kind !== 'person' || !all.some((n) => n.includes('·'))) return [];
  const out = new Set<string>();
  for (const name of all) {
    const parts = name.split(/[·\s]+/u).filter(Boolean);
    const last = parts.at(-1);
    if (parts.length > 1 && last && [...last].length >= (HAN.test(last) ? 2 : 4)) out.add(last);
  }
  return [...out];
}
