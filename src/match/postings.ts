/**
 * The hot loops of scoring (score.ts): walking the postings of a question's tokens over the
 * per-phrasing records of the index, adding the weight of common tokens, reaching the phrasings
 * made of common tokens only, each reached entry's best phrasing, and the leading entries by a
 * histogram of their scores. Tuned for speed (issue 7): typed arrays, no allocation per question,
 * scratch buffers reused across questions (one question at a time per thread; they grow to the
 * largest index seen and are never shrunk).
 */
import { REC_ACC, REC_COMMONS, REC_ENTRY, REC_INLINE, REC_REACH, REC_WEIGHT, OVERFLOW, type MatchIndex, type PhrasingRecords } from './match-index.js';
import { CANDIDATE_LIMIT } from './rank.js';

// scratch of reachOnlyCommon (see the file comment)
let scratchOnlyCommon = new Uint8Array(0);

// The three loops over postings and reached phrasings, each a small function of its own: V8
// optimises a small hot function after fewer calls than one large one, which shortens the slow
// start of a run (the first few hundred questions).

/** Add `w` to the shared weight of the phrasings in postIds[start, end); record the newly reached. */
export function walkPostings(rec: PhrasingRecords, postIds: Int32Array, start: number, end: number, w: number, reached: Int32Array, count: number): number {
  const { f64, i32 } = rec;
  let reachedCount = count;
  for (let i = start; i < end; i++) {
    const id = postIds[i] as number;
    const at = id * 8 + REC_ACC;
    const a = f64[at] as number;
    if (a === 0) {
      i32[id * 16 + REC_REACH] = reachedCount;
      reached[reachedCount++] = id;
    }
    f64[at] = a + w;
  }
  return reachedCount;
}

/** Add the question's common-token weights (`frequentW`, by common-token id) to the reached phrasings; returns the common tokens read. */
export function addCommonWeights(rec: PhrasingRecords, touched: Int32Array, frequentW: Float64Array): number {
  const { f64, u16, overflowStart, commonOverflow } = rec;
  let visited = 0;
  for (let j = 0; j < touched.length; j++) {
    const id = touched[j] as number;
    const commons = u16[id * 32 + REC_COMMONS] as number;
    if (commons === 0) continue;
    let a = f64[id * 8 + REC_ACC] as number;
    if (commons !== OVERFLOW) {
      visited += commons;
      const start = id * 32 + REC_INLINE;
      for (let k = start; k < start + commons; k++) a += frequentW[u16[k] as number] as number;
    } else {
      const end = overflowStart[id + 1] as number;
      visited += end - (overflowStart[id] as number);
      for (let k = overflowStart[id] as number; k < end; k++) a += frequentW[commonOverflow[k] as number] as number;
    }
    f64[id * 8 + REC_ACC] = a;
  }
  return visited;
}

/**
 * Reach the phrasings made of common tokens only that share one with the question (in phrasing
 * order; the others would score 0): no selective posting reaches them.
 */
export function reachOnlyCommon(index: MatchIndex, frequentW: Float64Array, reached: Int32Array, count: number): number {
  const oc = index.onlyCommon;
  const i32 = index.records.i32;
  if (scratchOnlyCommon.length < oc.length) scratchOnlyCommon = new Uint8Array(oc.length);
  const mark = scratchOnlyCommon;
  let marked = 0;
  for (let c = 0; c < index.commonCount; c++) {
    if (frequentW[c] === 0) continue;
    const end = index.onlyCommonStart[c + 1] as number;
    for (let k = index.onlyCommonStart[c] as number; k < end; k++) {
      const pos = index.onlyCommonPos[k] as number;
      if (mark[pos] === 0) {
        mark[pos] = 1;
        marked++;
      }
    }
  }
  let reachedCount = count;
  for (let pos = 0; marked > 0 && pos < oc.length; pos++) {
    if (mark[pos] === 0) continue;
    mark[pos] = 0;
    marked--;
    const id = oc[pos] as number;
    i32[id * 16 + REC_REACH] = reachedCount;
    reached[reachedCount++] = id;
  }
  return reachedCount;
}

/**
 * Each reached entry's best similarity and phrasing (the first reached among equals); returns how
 * many entries, listed in `entriesReached` in the order reached. Each phrasing's shared weight moves
 * from its record to `shared` (by reach position), leaving the record's accumulator 0 for the next
 * question: one pass over the records instead of a second one to clear them.
 */
export function bestPerEntry(
  rec: PhrasingRecords,
  touched: Int32Array,
  qWeight: number,
  shared: Float64Array,
  entryBest: Float64Array,
  entryPhrasing: Int32Array,
  entriesReached: Int32Array,
): number {
  const { f64, i32 } = rec;
  let entriesCount = 0;
  for (let j = 0; j < touched.length; j++) {
    const id = touched[j] as number;
    const c = f64[id * 8 + REC_ACC] as number;
    f64[id * 8 + REC_ACC] = 0;
    shared[j] = c;
    if (c <= 0) continue;
    const pw = f64[id * 8 + REC_WEIGHT] as number;
    const sim = harmonicMean(qWeight > 0 ? c / qWeight : 0, pw > 0 ? c / pw : 0);
    const e = i32[id * 16 + REC_ENTRY] as number;
    if (entryBest[e] === -1) entriesReached[entriesCount++] = e;
    if (sim > (entryBest[e] as number)) {
      entryBest[e] = sim;
      entryPhrasing[e] = id;
    }
  }
  return entriesCount;
}

/** The similarity of a phrasing from the two coverages: their harmonic mean (F-measure). */
export function harmonicMean(cq: number, cp: number): number {
  return cq + cp > 0 ? (2 * cq * cp) / (cq + cp) : 0;
}

const SCORE_BUCKETS = 1024;
const scratchBuckets = new Int32Array(SCORE_BUCKETS);
let scratchLeadScore = new Float64Array(0);
let scratchLeadBucket = new Uint16Array(0);
let scratchLeadOrder = new Int32Array(0);

/** Above this many entries from the needed buckets, leadingEntries sorts them with a comparator. */
const LEADING_INSERTION_SORT_MAX = 4 * CANDIDATE_LIMIT;

/**
 * The CANDIDATE_LIMIT entries of highest score among the `count` first of `reached` (in the order
 * reached), best first, entries of equal score in the order reached. A histogram of the scores
 * finds the score bucket the limit falls in; the entries from that bucket up are placed by bucket
 * (a counting sort, best bucket first, in the order reached within one), and an insertion sort
 * orders each bucket's few entries by score (a sort with a comparator cost 10 µs per question).
 * (Exported for tests.)
 */
export function leadingEntries(reached: Int32Array, count: number, score: Float64Array): number[] {
  if (scratchLeadScore.length < count) {
    scratchLeadScore = new Float64Array(count);
    scratchLeadBucket = new Uint16Array(count);
    scratchLeadOrder = new Int32Array(count);
  }
  // the scores in the order reached, and their buckets: read once
  const sc = scratchLeadScore;
  const buckets = scratchBuckets;
  buckets.fill(0);
  const bucketOf = scratchLeadBucket;
  for (let j = 0; j < count; j++) {
    const s = score[reached[j] as number] as number;
    sc[j] = s;
    // (similarities are in [0, 1]: truncation is floor)
    const b = Math.min(SCORE_BUCKETS - 1, (s * SCORE_BUCKETS) | 0);
    bucketOf[j] = b;
    buckets[b] = (buckets[b] as number) + 1;
  }
  // the lowest bucket needed, and each needed bucket's first place in `order` (best bucket first)
  let lowest = SCORE_BUCKETS - 1;
  let picked = 0;
  for (; lowest >= 0; lowest--) {
    const n = buckets[lowest] as number;
    buckets[lowest] = picked;
    picked += n;
    if (picked >= CANDIDATE_LIMIT) break;
  }
  if (lowest < 0) lowest = 0;
  const order = scratchLeadOrder;
  for (let j = 0; j < count; j++) {
    const b = bucketOf[j] as number;
    if (b < lowest) continue;
    const at = buckets[b] as number;
    order[at] = j;
    buckets[b] = at + 1;
  }
  // within a bucket: higher score first, then the order reached (ascending j). The buckets are in
  // order already, so an insertion sort moves each entry at most past the others of its bucket;
  // when the last bucket holds hundreds (scores packed within 1/1024), a comparator sort instead
  if (picked > LEADING_INSERTION_SORT_MAX) {
    const list = Array.from(order.subarray(0, picked)).sort((a, b) => (sc[b] as number) - (sc[a] as number) || a - b);
    order.set(list);
  } else {
    for (let i = 1; i < picked; i++) {
      const j = order[i] as number;
      const s = sc[j] as number;
      let k = i;
      while (k > 0 && (sc[order[k - 1] as number] as number) < s) {
        order[k] = order[k - 1] as number;
        k--;
      }
      order[k] = j;
    }
  }
  const top: number[] = [];
  for (let i = 0; i < picked && i < CANDIDATE_LIMIT; i++) top.push(reached[order[i] as number] as number);
  return top;
}
