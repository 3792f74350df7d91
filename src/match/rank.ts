/**
 * Rankings: one `ScoredEntry` per entry, best first, in a strict total order (score, then BM25
 * where it was needed, then entry order). Every ScoredEntry is made by `scoredEntry`, and sorting
 * is by insertion: the lists are short and nearly in order.
 */

/** One entry as scored for one question. */
export interface ScoredEntry {
  entry: number;
  /** similarity in [0, 1], category boost included */
  score: number;
  /**
   * BM25 of the phrasing, which only breaks ties between equal scores: worked out for the entries
   * whose score could equal another's in the list (as scored, or with the category boost on
   * either side), NaN for the others
   */
  bm25: number;
  /** best phrasing (index into `phrasings`) */
  phrasing: number;
  /** the phrasing's polarity agrees with the question's (worked out for the leading entries only) */
  samePolarity: boolean;
  /** weighted share of the question's tokens found in the phrasing */
  questionCoverage: number;
  /** weighted share of the phrasing's tokens found in the question */
  phrasingCoverage: number;
}

/** Entries returned per question, best first (rivals further down cannot be within any margin
 * of the best without 64 better-scored entries in between). */
export const CANDIDATE_LIMIT = 64;

/**
 * Two rankings of one question merged: each entry once, at the better of its two scores (a
 * question scored on its ask and on its whole text, asides included: the asides may only add).
 */
export function mergeRankings(a: readonly ScoredEntry[], b: readonly ScoredEntry[]): ScoredEntry[] {
  const best = new Map<number, ScoredEntry>();
  for (const s of a) best.set(s.entry, s);
  for (const s of b) {
    const t = best.get(s.entry);
    if (!t || ranksBefore(s, t)) best.set(s.entry, s);
  }
  const out = [...best.values()];
  sortByRank(out);
  return out.slice(0, CANDIDATE_LIMIT);
}

/**
 * Every ScoredEntry is made here, fields always in this order: one object shape, so the scoring
 * code stays optimised (spread copies and literals in several places gave the objects several
 * shapes, and V8 deoptimised scoreQuestion hundreds of times per sheet).
 */
export function scoredEntry(
  entry: number,
  score: number,
  bm25: number,
  phrasing: number,
  samePolarity: boolean,
  questionCoverage: number,
  phrasingCoverage: number,
): ScoredEntry {
  return { entry, score, bm25, phrasing, samePolarity, questionCoverage, phrasingCoverage };
}

/**
 * The ranking order: higher score first, then higher BM25 (entries of equal score have it, see
 * fillTieBreakers; NaN where it was not needed), then the lower entry index. A strict total order
 * (one item per entry), so any correct sort gives the same list.
 */
function ranksBefore(a: ScoredEntry, b: ScoredEntry): boolean {
  if (a.score !== b.score) return a.score > b.score;
  const d = a.bm25 - b.bm25;
  // (NaN when one of them has none)
  if (d !== 0 && d === d) return d > 0;
  return a.entry < b.entry;
}

/**
 * Sort scored entries in place by insertion (`before(a, b)`: a comes first). The lists here are
 * short (at most CANDIDATE_LIMIT) and nearly in order (a few entries moved by polarity or the
 * category boost), so this is about one pass; Array.prototype.sort with a comparator allocated a
 * number per comparison and a work array per call (a fifth of what matching allocated).
 */
export function insertionSort(list: ScoredEntry[], before: (a: ScoredEntry, b: ScoredEntry) => boolean): void {
  for (let i = 1; i < list.length; i++) {
    const x = list[i] as ScoredEntry;
    let k = i;
    while (k > 0 && before(x, list[k - 1] as ScoredEntry)) {
      list[k] = list[k - 1] as ScoredEntry;
      k--;
    }
    list[k] = x;
  }
}

/** Sort a ranking in place by `ranksBefore`. */
export function sortByRank(list: ScoredEntry[]): void {
  insertionSort(list, ranksBefore);
}
