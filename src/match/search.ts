/** Candidates for a question, best first, as plain data (`Candidate`: the entry, its score, the phrasing that matched). */
import type { Entry } from '../domain/types.js';
import type { IndexedPhrasing, MatchIndex } from './match-index.js';
import { capQuestion, prepareQuestion } from './prepare-question.js';
import type { ScoredEntry } from './rank.js';
import { scoreEntries } from './score.js';
import type { Candidate, MatchContext } from './types.js';

export interface SearchOptions {
  top?: number;
  context?: MatchContext;
}

/** Candidates for a question, best first (used by `kotae search` and by `decide`). */
export function search(index: MatchIndex, question: string, options: SearchOptions = {}): Candidate[] {
  const { text } = capQuestion(question);
  const q = prepareQuestion(index, text);
  const scored = scoreEntries(index, q, options.context);
  return scored.slice(0, options.top ?? 10).map((s) => toCandidate(index, s));
}

export function toCandidate(index: MatchIndex, s: ScoredEntry): Candidate {
  return {
    entry: index.entries[s.entry] as Entry,
    score: s.score,
    phrasing: (index.phrasings[s.phrasing] as IndexedPhrasing).text,
    samePolarity: s.samePolarity,
  };
}
