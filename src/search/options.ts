import type { FocusKind } from './focus.ts';
import type { HanMode } from './tokenize.ts';

/** How the engine ranks and when it abstains: every knob, with the defaults the eval chose. */

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
  /** Abstain when the question asks where something is, or how many of it, that the articles never mention. */
  unknownAsked?: boolean;
  /** Weight of the evidence (see `minEvidence`) in the score: what is asked, beyond the subject, in the passage. */
  evidenceWeight?: number;
  /** Share of a Chinese character's weight earned when the passage has it, but not in the question's word. */
  charCredit?: number;
  /** Added to the score of a passage that holds an answer of the kind the question asks for (focus.ts). */
  focusWeight?: number;
  /** Weight of the best sentence's share of the question (see `locality` in score.ts). */
  localWeight?: number;
  /** How many of the best candidates get a sentence-level look. */
  localCandidates?: number;
  /**
   * Added to the best sentence's share for how close together the question's words stand in it (1 when they touch, 0
   * when they span the sentence): between passages that hold as much, the one that says it in one phrase.
   */
  proximityWeight?: number;
  /**
   * Kinds of question a passage may answer without holding an answer of that kind: for them, holding one only adds
   * `softFocusWeight` (no tier above the rest).
   */
  softFocus?: FocusKind[];
  /** `focusWeight` for a soft kind (see `softFocus`). */
  softFocusWeight?: number;
  /**
   * Added to the passage that first names the one name a question asks about and nothing else ("Mail.ru 是干啥的",
   * "what is RDIF"): news introduces a name where it first names it ("俄罗斯公司 Mail.ru 为 1 亿注册用户提供…").
   */
  introWeight?: number;
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
  focusWeight: 0.6,
  charCredit: 0.5,
  evidenceWeight: 0.2,
  localWeight: 0.3,
  localCandidates: 30,
  proximityWeight: 0.02,
  softFocus: ['reason', 'quote'],
  softFocusWeight: 0.3,
  unknownAsked: true,
  introWeight: 0.1,
};

export const defaultSearchOptions = { limit: 3 } as const;
