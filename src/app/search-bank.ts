/**
 * `kotae search`, the use case. A question: the decision a sheet row with it would get, and the
 * bank's leading candidates as decide ranks them. An entry id (`auth.admin-mfa`): that entry, so
 * the bank can be read by id; an id-shaped text that is no entry's id is searched as a question,
 * with the ids it may have been meant as.
 */
import { ENTRY_ID_PATTERN } from '../bank/schema.js';
import { closestNames } from '../domain/did-you-mean.js';
import type { Entry } from '../domain/types.js';
import { decide, rankCandidates } from '../match/decide.js';
import type { MatchIndex } from '../match/match-index.js';
import type { Candidate, Decision } from '../match/types.js';

export type SearchResult =
  | { kind: 'entry'; entry: Entry }
  | {
      kind: 'question';
      decision: Decision;
      candidates: Candidate[];
      /** when the text looks like an entry id that no entry has: the ids closest to it */
      didYouMean: string[];
    };

/** `entries`: the whole bank (drafts too: an id names one), `index` built from it. */
export function searchBank(entries: readonly Entry[], index: MatchIndex, text: string, top: number): SearchResult {
  const idShaped = ENTRY_ID_PATTERN.test(text.trim());
  if (idShaped) {
    const entry = entries.find((e) => e.id === text.trim());
    if (entry) return { kind: 'entry', entry };
  }
  return {
    kind: 'question',
    decision: decide(index, text),
    candidates: rankCandidates(index, text, top),
    didYouMean: idShaped
      ? closestNames(
          text.trim(),
          entries.map((e) => e.id),
        )
      : [],
  };
}
