/**
 * `kotae search`, the use case: the decision a sheet row with this question would get, and the
 * bank's leading candidates for it as decide ranks them.
 */
import { decide, rankCandidates } from '../match/decide.js';
import type { MatchIndex } from '../match/match-index.js';
import type { Candidate, Decision } from '../match/types.js';

export function searchBank(index: MatchIndex, question: string, top: number): { decision: Decision; candidates: Candidate[] } {
  return { decision: decide(index, question), candidates: rankCandidates(index, question, top) };
}
