/**
 * A question as matching reads it: capped (a hostile or pasted cell may be huge), characters
 * folded once, prepared (numbering, frame words), tokenised with the index's synonyms, and its
 * polarity signature. Clauses and a token set are added later, when polarity needs them.
 */
import { countTokens } from './index-core.js';
import type { MatchIndex } from './match-index.js';
import { foldCharacters, prepareFolded } from './normalize.js';
import { signatureOfFolded, type PolaritySignature } from './polarity.js';
import { tokenize, type SynonymTable } from './tokenize.js';
import type { Clause } from './match-index.js';
import { MAX_QUESTION_CHARS } from '../domain/limits.js';

/** Everything matching derives from one question. */
export interface PreparedText {
  /** the (capped) question as given */
  text: string;
  prepared: string;
  /** distinct tokens */
  tokens: string[];
  polarity: PolaritySignature;
  /** filled when polarity needs them */
  clauses?: Clause[];
  tokenSet?: Set<string>;
}

export function tokenCounts(prepared: string, synonyms: SynonymTable): Map<string, number> {
  return countTokens(tokenize(prepared, synonyms));
}

/** Cap what matching looks at (a hostile or pasted cell may be huge). */
export function capQuestion(question: string): { text: string; truncated: boolean } {
  if (question.length <= MAX_QUESTION_CHARS) return { text: question, truncated: false };
  return { text: question.slice(0, MAX_QUESTION_CHARS), truncated: true };
}

export function prepareQuestion(index: MatchIndex, question: string): PreparedText {
  // (folded once for both)
  const folded = foldCharacters(question);
  const prepared = prepareFolded(folded);
  const tokens = [...tokenCounts(prepared, index.synonyms).keys()];
  return { text: question, prepared, tokens, polarity: signatureOfFolded(folded) };
}
