import type { Entry, EntryAnswer, Language } from '../domain/types.js';

/** Why a row got its status. Stable codes, used in reports and tests. */
export type ReasonCode =
  | 'confident' // best entry clears the threshold and the margin
  | 'below-threshold' // nothing scores high enough
  | 'near-tie' // a candidate with a different answer is too close
  | 'polarity' // negation / opposite verbs separate question and phrasing
  | 'no-candidate' // nothing shares enough words
  | 'too-long' // question text beyond what matching looks at
  | 'off-topic' // the entry that matches best leaves out what the question is about (topic.ts, about.ts)
  | 'compound' // two asks in one row, and the bank does not answer every one the same way
  | 'empty'; // nothing to match

export interface Candidate {
  entry: Entry;
  score: number;
  /** the phrasing of the entry that matched best */
  phrasing: string;
  /** the question and that phrasing ask the same way round (else the entry's yes means no here) */
  samePolarity: boolean;
}

/** The decision for one question row. */
export interface Decision {
  status: 'answered' | 'review' | 'unmatched';
  reason: ReasonCode;
  /** set when status is 'answered' */
  entry?: Entry;
  /**
   * a compound question (two asks) answered by more than one entry: the entries that answered its
   * other asks, in order (their remarks join the entry's, so every ask's answer is traceable)
   */
  also?: Entry[];
  /** the entry's answer (flipped when the question is phrased the other way); `describe`: its remarks answer */
  answer?: EntryAnswer;
  score: number;
  /** top candidates, best first (at most 3 in reports) */
  candidates: Candidate[];
  /** optional human-readable detail of the reason (rival entry, unsupported figure …) */
  detail?: string;
}

export interface MatchContext {
  /** the sheet's category / section for this row, when present */
  category?: string;
  language?: Language;
}
