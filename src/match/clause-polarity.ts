/**
 * Polarity where a question and a phrasing meet: 「共有アカウントを使用していますか」 and
 * 「共有アカウントを禁止していますか」 look alike and have opposite answers. A text of several
 * clauses counts only the polarity of the clauses that meet the other text (`relevantPolarity`).
 * A phrasing's signature and clauses are cached in the index.
 */
import { weightOf, phrasingTokens, type Clause, type IndexedPhrasing, type MatchIndex } from './match-index.js';
import { prepareFolded } from './normalize.js';
import { combineSignatures, polaritySignature, samePolarity, signatureOfFolded, splitClauses, type PolaritySignature } from './polarity.js';
import { tokenCounts, type PreparedText } from './prepare-question.js';
import { RELEVANT_CLAUSE } from './thresholds.js';

/** Polarity signature of a phrasing (cached). */
export function phrasingPolarity(index: MatchIndex, id: number): PolaritySignature {
  let p = index.cache.polarity[id];
  if (!p) {
    p = polaritySignature((index.phrasings[id] as IndexedPhrasing).text);
    index.cache.polarity[id] = p;
  }
  return p;
}

/** The clauses of a text, each with its tokens (weighted by the index) and polarity. */
function clausesOf(index: MatchIndex, text: string): Clause[] {
  // (splitClauses folds the text: its clauses are not folded again, as in prepareQuestion)
  return splitClauses(text).map((c) => {
    const tokens = new Map<string, number>();
    for (const t of tokenCounts(prepareFolded(c), index.synonyms).keys()) tokens.set(t, weightOf(index, t));
    return { tokens, polarity: signatureOfFolded(c), text: c };
  });
}

function phrasingClauses(index: MatchIndex, id: number): Clause[] {
  let c = index.cache.clauses[id];
  if (!c) {
    c = clausesOf(index, (index.phrasings[id] as IndexedPhrasing).text);
    index.cache.clauses[id] = c;
  }
  return c;
}

/**
 * Polarity of the clauses that meet `other` (at least RELEVANT_CLAUSE of the clause's weight
 * found in `other`): 「IDは個人単位で発行し、複数人での共用をしないこと」 matched against
 * 「個人単位のアカウント発行」 meets it only in its first, positive clause.
 */
function relevantPolarity(clauses: readonly Clause[], whole: PolaritySignature, other: ReadonlySet<string>): PolaritySignature {
  if (clauses.length <= 1) return whole;
  const relevant: PolaritySignature[] = [];
  for (const c of clauses) {
    let all = 0;
    let met = 0;
    for (const [t, w] of c.tokens) {
      all += w;
      if (other.has(t)) met += w;
    }
    if (all > 0 && met >= RELEVANT_CLAUSE * all) relevant.push(c.polarity);
  }
  return relevant.length > 0 && relevant.length < clauses.length ? combineSignatures(relevant) : whole;
}

/** Do question and phrasing agree in polarity where they meet? */
export function polarityAgrees(index: MatchIndex, q: PreparedText, phrasingId: number): boolean {
  const a = q.polarity;
  const b = phrasingPolarity(index, phrasingId);
  if (a.markers.length === 0 && b.markers.length === 0) return true;
  // a side without markers has no clause that could carry one: its clauses are not needed
  let relevantQ = a;
  if (a.markers.length > 0) {
    let phTokens = index.cache.tokenSets[phrasingId];
    if (!phTokens) {
      phTokens = new Set(phrasingTokens(index, phrasingId));
      index.cache.tokenSets[phrasingId] = phTokens;
    }
    q.clauses ??= clausesOf(index, q.text);
    relevantQ = relevantPolarity(q.clauses, a, phTokens);
  }
  let relevantP = b;
  if (b.markers.length > 0) {
    q.tokenSet ??= new Set(q.tokens);
    relevantP = relevantPolarity(phrasingClauses(index, phrasingId), b, q.tokenSet);
  }
  return samePolarity(relevantQ, relevantP);
}
