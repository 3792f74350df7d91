/**
 * Scoring one question against the index: the weight it shares with every phrasing it reaches
 * (postings.ts), the similarity of each, the best phrasing per entry, and the leading entries
 * ranked (rank.ts) — an entry phrased both ways represented by the phrasing whose polarity agrees
 * with the question (clause-polarity.ts), BM25 worked out only where it breaks a tie. The
 * category boost of a row is applied on top (category.ts), so a question text is scored once.
 * Tuned for speed (issue 7): read the comments before changing the order of anything.
 */
import { applyCategory, withCategoryBoost } from './category.js';
import { polarityAgrees } from './clause-polarity.js';
import { K1, REC_ENTRY, REC_REACH, REC_WEIGHT, tokenFactor, type MatchIndex } from './match-index.js';
import { addCommonWeights, bestPerEntry, harmonicMean, leadingEntries, reachOnlyCommon, walkPostings } from './postings.js';
import type { PreparedText } from './prepare-question.js';
import { insertionSort, scoredEntry, sortByRank, type ScoredEntry } from './rank.js';
import { POLARITY_CHECKED_ENTRIES, POLARITY_PREFERENCE, REVIEW_THRESHOLD } from './thresholds.js';
import type { MatchContext } from './types.js';
import { BIGRAM_PREFIX } from './tokenize.js';

export interface QueryStats {
  /** postings entries visited */
  postingsVisited: number;
  /** distinct phrasings that received a score */
  phrasingsScored: number;
}

// scratch accumulators, reused across queries (single-threaded)
let scratchEntryBest = new Float64Array(0);
let scratchEntryPhrasing = new Int32Array(0);
let scratchIdf = new Float64Array(0);
let scratchReached = new Int32Array(0);
let scratchShared = new Float64Array(0);
let scratchEntriesReached = new Int32Array(0);
let scratchFrequent = new Float64Array(0);

/**
 * Score every entry sharing a token with the question. Returns entries best first; each entry is
 * represented by its best phrasing (preferring one whose polarity agrees with the question).
 */
export function scoreEntries(index: MatchIndex, q: PreparedText, context: MatchContext = {}, stats?: QueryStats): ScoredEntry[] {
  return applyCategory(index, scoreQuestion(index, q, stats), context.category);
}

/**
 * Score every entry sharing a token with the question, before any category boost: entries best
 * first, each represented by its best phrasing (preferring one whose polarity agrees).
 */
export function scoreQuestion(index: MatchIndex, q: PreparedText, stats?: QueryStats): ScoredEntry[] {
  const n = index.phrasings.length;
  if (scratchReached.length < n) {
    scratchReached = new Int32Array(n);
    scratchShared = new Float64Array(n);
  }
  // per phrasing, in its record: the weight it shares with the question (BM25, needed only to
  // break ties, is worked out afterwards for the leading entries whose scores could tie)
  const { f64, i32 } = index.records;
  // the phrasings reached (each once), in scratch memory: no list grows per question
  const reached = scratchReached;
  let reachedCount = 0;
  const cols = index.columns;
  const { postStart, postIds, tokenWeight, commonOf } = index;
  let qWeight = 0;
  let visited = 0;
  // the question's tokens' idf by token id (for BM25, reset at the end), and the weight of its
  // common ones by common-token id
  if (scratchIdf.length < index.tokens.length) scratchIdf = new Float64Array(index.tokens.length);
  const qIdf = scratchIdf;
  const qIds: number[] = [];
  let frequentW: Float64Array | undefined;
  for (const t of q.tokens) {
    const tid = index.vocab.get(t);
    if (tid === undefined) {
      // a word no phrasing has says the question asks about something the bank may not know: it
      // weighs fully. A bigram no phrasing has adds nothing to that (the novelty of 「隔離」 is in
      // the word already; 「敗等」 of 「失敗等」 is no word at all): counting it again made a long
      // real question score lower for every kanji pair it holds.
      if (!t.startsWith(BIGRAM_PREFIX)) qWeight += index.unknownWeight * tokenFactor(t);
      continue;
    }
    const w = tokenWeight[tid] as number;
    qWeight += w;
    qIdf[tid] = index.tokenIdf[tid] as number;
    qIds.push(tid);
    const c = commonOf[tid] as number;
    if (c >= 0) {
      if (!frequentW) {
        if (scratchFrequent.length < index.commonCount) scratchFrequent = new Float64Array(index.commonCount);
        frequentW = scratchFrequent.fill(0, 0, index.commonCount);
      }
      frequentW[c] = w;
      continue;
    }
    reachedCount = walkPostings(index.records, postIds, postStart[tid] as number, postStart[tid + 1] as number, w, reached, reachedCount);
    visited += (postStart[tid + 1] as number) - (postStart[tid] as number);
  }
  // common tokens: only for phrasings already reached, and those made of common tokens only
  if (frequentW) reachedCount = reachOnlyCommon(index, frequentW, reached, reachedCount);
  // the phrasings reached, in the order reached (ties between entries of equal score at the end
  // of the leading list go to the one reached first)
  const touched = reached.subarray(0, reachedCount);
  if (frequentW) visited += addCommonWeights(index.records, touched, frequentW);
  if (stats) {
    stats.postingsVisited = visited;
    stats.phrasingsScored = touched.length;
  }
  // similarity per phrasing, best phrasing per entry (typed arrays: no object per phrasing)
  const m = index.entries.length;
  if (scratchEntryBest.length < m) {
    scratchEntryBest = new Float64Array(m).fill(-1);
    scratchEntryPhrasing = new Int32Array(m);
    scratchEntriesReached = new Int32Array(m);
  }
  const entryBest = scratchEntryBest;
  const entryPhrasing = scratchEntryPhrasing;
  const entriesReached = scratchEntriesReached;
  // (from here on, a phrasing's shared weight is in `shared` at its reach position)
  const shared = scratchShared;
  const entriesCount = bestPerEntry(index.records, touched, qWeight, shared, entryBest, entryPhrasing, entriesReached);
  /** a phrasing's place in the order the question reached them */
  const reachOf = (s: ScoredEntry): number => i32[s.phrasing * 16 + REC_REACH] as number;
  const nearBefore = (x: ScoredEntry, y: ScoredEntry): boolean => x.score > y.score || (x.score === y.score && reachOf(x) < reachOf(y));
  /** the weight a phrasing shares with the question; 0 if the question did not reach it */
  const sharedOf = (id: number): number => {
    const at = i32[id * 16 + REC_REACH] as number;
    return at < reachedCount && reached[at] === id ? (shared[at] as number) : 0;
  };
  // BM25 of a phrasing against the question, over the phrasing's tokens
  const bm25Of = (id: number): number => {
    const { tokStart, tokId, tokTf, norm } = cols;
    const nm = norm[id] as number;
    let b = 0;
    for (let k = tokStart[id] as number; k < (tokStart[id + 1] as number); k++) {
      const f = qIdf[tokId[k] as number] as number;
      if (f === 0) continue;
      const tf = tokTf[k] as number;
      b += (f * tf * (K1 + 1)) / (tf + nm);
    }
    return b;
  };
  const scoredOf = (id: number, bm25: number): ScoredEntry => {
    const c = sharedOf(id);
    const pw = f64[id * 8 + REC_WEIGHT] as number;
    const cq = qWeight > 0 ? c / qWeight : 0;
    const cp = pw > 0 ? c / pw : 0;
    return scoredEntry(i32[id * 16 + REC_ENTRY] as number, harmonicMean(cq, cp), bm25, id, true, cq, cp);
  };
  const top = leadingEntries(entriesReached, entriesCount, entryBest);
  // (built by push, like every list here: arrays of one elements kind keep this code optimised)
  const out: ScoredEntry[] = [];
  for (const e of top) out.push(scoredOf(entryPhrasing[e] as number, NaN));
  fillTieBreakers(out, bm25Of, false);
  sortByRank(out);
  // Polarity (the costly part) for the leading entries only: an entry phrased both ways is
  // represented by the phrasing that agrees with the question, unless the other phrasing is
  // clearly the better match.
  const leading: ScoredEntry[] = [];
  for (let i = 0; i < out.length && i < POLARITY_CHECKED_ENTRIES; i++) {
    const s = out[i] as ScoredEntry;
    if (s.score >= REVIEW_THRESHOLD) leading.push(s);
  }
  for (let j = 0; j < entriesCount; j++) entryBest[entriesReached[j] as number] = -1;
  // an entry among the first of `top` is represented by the best of its reached phrasings that
  // agrees with the question, if one scores within POLARITY_PREFERENCE of its best (phrasings of
  // equal score in the order reached); another leading entry (one that ties its way in) by its best
  for (let i = 0; i < leading.length; i++) {
    const lead = leading[i] as ScoredEntry;
    const e = lead.entry;
    const floor = lead.score - POLARITY_PREFERENCE;
    let chosen: ScoredEntry = scoredEntry(e, lead.score, lead.bm25, lead.phrasing, false, lead.questionCoverage, lead.phrasingCoverage);
    let first = false;
    for (let k = 0; k < top.length && k < POLARITY_CHECKED_ENTRIES; k++) if (top[k] === e) first = true;
    if (!first) {
      if (polarityAgrees(index, q, lead.phrasing)) chosen = lead;
      out[i] = chosen;
      continue;
    }
    const near: ScoredEntry[] = [];
    for (let id = index.entryStart[e] as number; id < (index.entryStart[e + 1] as number); id++) {
      if (sharedOf(id) === 0) continue;
      const s = scoredOf(id, NaN);
      if (s.score >= floor) near.push(s);
    }
    // best first, phrasings of equal score in the order reached
    insertionSort(near, nearBefore);
    for (const s of near) {
      if (polarityAgrees(index, q, s.phrasing)) {
        chosen = s;
        break;
      }
    }
    out[i] = chosen;
  }
  // (the category boost of applyCategory may make ties of its own)
  fillTieBreakers(out, bm25Of, true);
  for (const tid of qIds) qIdf[tid] = 0;
  sortByRank(out);
  return out;
}

let scratchTies = new Float64Array(0);
let scratchBoosted = new Float64Array(0);

/**
 * BM25 (the tie-breaker of ranksBefore) for the entries of `list` whose score equals another's, or could
 * once the category boost is added to either of them (`withBoost`). Scores are distinct doubles
 * almost always, so most questions need none of it. Working it out for an entry that turns out
 * not to tie changes nothing.
 */
function fillTieBreakers(list: ScoredEntry[], bm25Of: (id: number) => number, withBoost: boolean): void {
  const ties = tiedScores(list, withBoost);
  if (!ties) return;
  for (const s of list) {
    if (!Number.isNaN(s.bm25)) continue;
    if (ties.includes(s.score) || (withBoost && ties.includes(withCategoryBoost(s.score)))) s.bm25 = bm25Of(s.phrasing);
  }
}

/**
 * The values met more than once among the scores of `list` (and, `withBoost`, the same scores with
 * the category boost added), or undefined. The scores are sorted by an insertion sort, best first:
 * the list is in score order but for the few leading entries polarity re-scored, so this is about
 * one pass; the boosted scores are then in the same order, and a merge finds a score equal to
 * another's boosted one.
 */
function tiedScores(list: readonly ScoredEntry[], withBoost: boolean): number[] | undefined {
  const n = list.length;
  if (scratchTies.length < n) {
    scratchTies = new Float64Array(n);
    scratchBoosted = new Float64Array(n);
  }
  const s = scratchTies;
  for (let i = 0; i < n; i++) {
    const v = (list[i] as ScoredEntry).score;
    let k = i;
    while (k > 0 && (s[k - 1] as number) < v) {
      s[k] = s[k - 1] as number;
      k--;
    }
    s[k] = v;
  }
  let ties: number[] | undefined;
  for (let i = 1; i < n; i++) if (s[i] === s[i - 1]) (ties ??= []).push(s[i] as number);
  if (!withBoost) return ties;
  const b = scratchBoosted;
  for (let i = 0; i < n; i++) b[i] = withCategoryBoost(s[i] as number);
  for (let i = 1; i < n; i++) if (b[i] === b[i - 1]) (ties ??= []).push(b[i] as number);
  for (let i = 0, j = 0; i < n && j < n;) {
    const x = s[i] as number;
    const y = b[j] as number;
    if (x === y) {
      (ties ??= []).push(x);
      i++;
      j++;
    } else if (x > y) i++;
    else j++;
  }
  return ties;
}
