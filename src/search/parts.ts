import type { Lexicon } from '../text/lexicon.ts';
import type { Passage } from '../types.ts';
import type { EngineOptions } from './options.ts';
import type { TermIndex } from './terms.ts';

/** What question analysis, scoring and highlighting read of a built index. */
export interface IndexParts {
  /** Passages by their index number (MiniSearch's document id). */
  readonly docs: readonly Passage[];
  readonly terms: TermIndex;
  readonly lexicon: Lexicon;
  readonly options: Required<EngineOptions>;
  /** Scores, one per passage, all zero between searches. */
  scratch(): Float64Array;
}
