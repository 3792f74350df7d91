/**
 * The match index: every phrasing of every non-draft entry, tokenised once, with an inverted
 * index (token → postings) so a question only touches phrasings that share a token with it
 * (score.ts walks it). Built from the tokenised bank (`IndexCore`, index-core.ts) in a few integer
 * passes: IDF, token weights, postings, the per-phrasing records scoring reads and writes, and the
 * common-token tables.
 *
 * Two scores per phrasing come out of it:
 * - `similarity` in [0, 1] — the IDF-weighted F-measure of how much of the question the phrasing
 *   covers and how much of the phrasing the question covers, from the weight the two share (summed
 *   in one pass over the postings). Thresholds live on this scale, which does not drift with the
 *   size of the bank;
 * - BM25 (k1 1.2, b 0.75) — the classic ranking, bank-size dependent; it only breaks ties between
 *   equal similarities, so it is worked out for the leading entries whose scores could tie.
 *
 * What only the decision needs (polarity of a phrasing, figures and named terms of an entry) is
 * computed lazily and cached in `cache` (clause-polarity.ts, entry-facts.ts), so building the
 * index costs one tokenisation per phrasing.
 */
import type { Bank, Entry } from '../domain/types.js';
import { normalizedCategory } from './category.js';
import type { Figure } from './figures.js';
import type { PolaritySignature } from './polarity.js';
import type { TermSupport } from './terms.js';
import { compileUnsettled, type UnsettledTerm } from './unsettled.js';
import { buildSynonymTable, BIGRAM_PREFIX, GENERIC_TERMS, type SynonymTable } from './tokenize.js';
import { buildCore, indexedEntries, phrasingText, type IndexCore } from './index-core.js';
import { BIGRAM_WEIGHT, GENERIC_WEIGHT } from './thresholds.js';

/**
 * Tokens found in more than this share of all phrasings (and in more than
 * COMMON_TOKEN_MIN_POSTINGS) are not walked: they only add their weight to phrasings reached
 * through a rarer token. Their IDF is low, so they cannot make a match on their own; this keeps
 * the cost per question proportional to the postings of its selective tokens.
 */
const COMMON_TOKEN_SHARE = 0.02;
const COMMON_TOKEN_MIN_POSTINGS = 200;

export const K1 = 1.2;
const B = 0.75;

export interface IndexedPhrasing {
  /** index into `MatchIndex.entries` */
  entry: number;
  text: string;
  /** sum of token weights (for the coverage of the phrasing) */
  weight: number;
}

/** Per-phrasing numbers in flat arrays (read for the leading phrasings: BM25, polarity). */
export interface PhrasingColumns {
  /** BM25 length normalisation K1 * (1 - B + B * len / avgLen) */
  norm: Float64Array;
  /** each phrasing's distinct token ids and counts, from tokStart[i] to tokStart[i + 1] */
  tokStart: Int32Array;
  tokId: Int32Array;
  tokTf: Uint16Array;
}

/**
 * What scoring reads and writes for every phrasing a question reaches, one 64-byte record per
 * phrasing (a cache line), seen through three views of one buffer. A question reaches a thousand
 * or more phrasings scattered over the bank; with these numbers in separate arrays each reached
 * phrasing cost a cache miss per array, and those misses were most of the time spent scoring.
 * - f64 `id * 8 + REC_ACC`: the weight the phrasing shares with the question being scored
 *   (scratch: 0 between questions, and 0 means "not reached yet", as every token weight is > 0);
 *   `+ REC_WEIGHT`: the phrasing's total token weight;
 * - i32 `id * 16 + REC_ENTRY`: its entry; `+ REC_REACH`: its position in the order the current
 *   question reached phrasings (scratch);
 * - u16 `id * 32 + REC_COMMONS`: how many common tokens it has, and from `+ REC_INLINE` their
 *   ids, when at most INLINE_COMMONS; else OVERFLOW, and the ids are in `commonOverflow` from
 *   `overflowStart[id]` to `overflowStart[id + 1]`.
 */
export interface PhrasingRecords {
  f64: Float64Array;
  i32: Int32Array;
  u16: Uint16Array;
  overflowStart: Int32Array;
  commonOverflow: Int32Array;
}

export const REC_ACC = 0;
export const REC_WEIGHT = 1;
export const REC_ENTRY = 4;
export const REC_REACH = 5;
export const REC_COMMONS = 12;
export const REC_INLINE = 13;
const INLINE_COMMONS = 32 - REC_INLINE;
export const OVERFLOW = 0xffff;

export interface MatchIndex {
  /** non-draft entries */
  entries: Entry[];
  phrasings: IndexedPhrasing[];
  /** token → token id */
  vocab: Map<string, number>;
  /** token id → token */
  tokens: string[];
  /** token id → weight (BM25 idf, times BIGRAM_WEIGHT / GENERIC_WEIGHT by kind) */
  tokenWeight: Float64Array;
  /** token id → BM25 idf */
  tokenIdf: Float64Array;
  /** token id → the phrasings that contain it (ascending): postIds from postStart[t] to
   * postStart[t + 1] (the counts are each phrasing's own, in `columns`) */
  postStart: Int32Array;
  postIds: Int32Array;
  /** token id → its common-token id, or -1 (see COMMON_TOKEN_SHARE) */
  commonOf: Int32Array;
  commonCount: number;
  columns: PhrasingColumns;
  records: PhrasingRecords;
  /** entry → its phrasings, consecutive ids from entryStart[e] to entryStart[e + 1] */
  entryStart: Int32Array;
  /** phrasings made only of common tokens (ascending): no walk of selective postings reaches them */
  onlyCommon: number[];
  /**
   * per common-token id, the positions in `onlyCommon` of the phrasings holding it (ascending),
   * from onlyCommonStart[c] to onlyCommonStart[c + 1]: a question scores only those sharing one of
   * its common tokens (the others would score 0)
   */
  onlyCommonStart: Int32Array;
  onlyCommonPos: Int32Array;
  /** IDF of a token the bank never uses */
  unknownWeight: number;
  avgLength: number;
  synonyms: SynonymTable;
  /** per entry: normalised category */
  categories: string[];
  /** lazily filled caches (see `phrasingPolarity`, `entryFigures`, `entryTerms`) */
  cache: {
    polarity: (PolaritySignature | undefined)[];
    figures: (Figure[] | undefined)[];
    terms: (TermSupport | undefined)[];
    clauses: (Clause[] | undefined)[];
    tokenSets: (Set<string> | undefined)[];
    topics: (Map<string, string> | undefined)[];
  };
  /** terms of the topics the regulation does not settle (see unsettled.ts) */
  unsettled: UnsettledTerm[];
}

/** Weight factor of a token by its kind: bigrams and generic words count for less. */
export function tokenFactor(t: string): number {
  if (t.startsWith(BIGRAM_PREFIX)) {
    return GENERIC_TERMS.has(t.slice(BIGRAM_PREFIX.length)) ? BIGRAM_WEIGHT * GENERIC_WEIGHT : BIGRAM_WEIGHT;
  }
  return GENERIC_TERMS.has(t) ? GENERIC_WEIGHT : 1;
}

export type IndexableBank = Pick<Bank, 'entries' | 'synonyms'> & Partial<Pick<Bank, 'unsettled' | 'cacheKey'>>;

/** Build the index over every phrasing of every non-draft entry. */
export function buildIndex(bank: IndexableBank): MatchIndex {
  const synonyms = buildSynonymTable(bank.synonyms ?? []);
  const entries = indexedEntries(bank.entries);
  return indexFromCore(bank, entries, buildCore(entries, synonyms), synonyms);
}

/**
 * The index from its tokenised phrasings (`buildCore`, or the index cache): IDF, weights, postings
 * and the common-token tables, in integer passes over the token ids.
 */
export function indexFromCore(
  bank: IndexableBank,
  entries: Entry[],
  core: IndexCore,
  synonyms: SynonymTable = buildSynonymTable(bank.synonyms ?? []),
): MatchIndex {
  const { vocab: tokens, tokStart, tokId, tokTf, length } = core;
  const n = core.entryOf.length;
  const v = tokens.length;
  // document frequency, then postings by a counting sort (ids ascending within a token)
  const postStart = new Int32Array(v + 1);
  for (let k = 0; k < tokId.length; k++) {
    const t = (tokId[k] as number) + 1;
    postStart[t] = (postStart[t] as number) + 1;
  }
  for (let t = 0; t < v; t++) postStart[t + 1] = (postStart[t + 1] as number) + (postStart[t] as number);
  const fill = postStart.slice(0, v);
  const postIds = new Int32Array(tokId.length);
  let totalLength = 0;
  for (let id = 0; id < n; id++) {
    totalLength += length[id] as number;
    for (let k = tokStart[id] as number; k < (tokStart[id + 1] as number); k++) {
      const t = tokId[k] as number;
      const at = fill[t] as number;
      postIds[at] = id;
      fill[t] = at + 1;
    }
  }
  const idf = (df: number): number => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const vocab = new Map<string, number>();
  const tokenWeight = new Float64Array(v);
  const tokenIdf = new Float64Array(v);
  const commonLimit = Math.max(COMMON_TOKEN_MIN_POSTINGS, COMMON_TOKEN_SHARE * n);
  const commonOf = new Int32Array(v).fill(-1);
  let commonCount = 0;
  for (let t = 0; t < v; t++) {
    const token = tokens[t] as string;
    vocab.set(token, t);
    const df = (postStart[t + 1] as number) - (postStart[t] as number);
    const w = idf(df) * tokenFactor(token);
    tokenWeight[t] = w;
    tokenIdf[t] = w / tokenFactor(token);
    if (df > commonLimit) commonOf[t] = commonCount++;
  }
  const avgLength = n > 0 ? totalLength / n : 1;
  const columns: PhrasingColumns = { norm: new Float64Array(n), tokStart, tokId, tokTf };
  const buffer = new ArrayBuffer(n * 64);
  const f64 = new Float64Array(buffer);
  const i32 = new Int32Array(buffer);
  const u16 = new Uint16Array(buffer);
  // (common-token ids go inline as u16)
  const inline = commonCount <= 0xffff;
  const overflow: number[] = [];
  const overflowStart = new Int32Array(n + 1);
  const commonStart = new Int32Array(n + 1);
  const commonToken: number[] = [];
  const onlyCommon: number[] = [];
  const phrasings: IndexedPhrasing[] = new Array<IndexedPhrasing>(n);
  for (let id = 0; id < n; id++) {
    let w = 0;
    let all = true;
    commonStart[id] = commonToken.length;
    for (let k = tokStart[id] as number; k < (tokStart[id + 1] as number); k++) {
      const t = tokId[k] as number;
      w += tokenWeight[t] as number;
      const c = commonOf[t] as number;
      if (c < 0) all = false;
      else commonToken.push(c);
    }
    if (commonCount > 0 && all) onlyCommon.push(id);
    const e = core.entryOf[id] as number;
    const commons = commonToken.length - (commonStart[id] as number);
    f64[id * 8 + REC_WEIGHT] = w;
    i32[id * 16 + REC_ENTRY] = e;
    overflowStart[id] = overflow.length;
    if (inline && commons <= INLINE_COMMONS) {
      u16[id * 32 + REC_COMMONS] = commons;
      for (let k = 0; k < commons; k++) u16[id * 32 + REC_INLINE + k] = commonToken[(commonStart[id] as number) + k] as number;
    } else {
      u16[id * 32 + REC_COMMONS] = OVERFLOW;
      for (let k = commonStart[id] as number; k < commonToken.length; k++) overflow.push(commonToken[k] as number);
    }
    columns.norm[id] = K1 * (1 - B + (B * (length[id] as number)) / avgLength);
    phrasings[id] = { entry: e, text: phrasingText(core, entries, id), weight: w };
  }
  commonStart[n] = commonToken.length;
  overflowStart[n] = overflow.length;
  const onlyCommonLists: number[][] = Array.from({ length: commonCount }, () => []);
  onlyCommon.forEach((id, pos) => {
    const end = commonStart[id + 1] as number;
    for (let k = commonStart[id] as number; k < end; k++) (onlyCommonLists[commonToken[k] as number] as number[]).push(pos);
  });
  const onlyCommonStart = new Int32Array(commonCount + 1);
  onlyCommonLists.forEach((l, c) => (onlyCommonStart[c + 1] = (onlyCommonStart[c] as number) + l.length));
  const onlyCommonPos = Int32Array.from(onlyCommonLists.flat());
  const records: PhrasingRecords = { f64, i32, u16, overflowStart, commonOverflow: Int32Array.from(overflow) };
  const entryStart = new Int32Array(entries.length + 1);
  for (let id = 0; id < n; id++) {
    const e = core.entryOf[id] as number;
    if (id > 0 && e < (core.entryOf[id - 1] as number)) throw new Error('index core: phrasings out of entry order');
    entryStart[e + 1] = (entryStart[e + 1] as number) + 1;
  }
  for (let e = 0; e < entries.length; e++) entryStart[e + 1] = (entryStart[e + 1] as number) + (entryStart[e] as number);
  return {
    entries,
    phrasings,
    vocab,
    tokens,
    tokenWeight,
    tokenIdf,
    postStart,
    postIds,
    commonOf,
    commonCount,
    columns,
    records,
    entryStart,
    onlyCommon,
    onlyCommonStart,
    onlyCommonPos,
    unknownWeight: idf(0),
    avgLength,
    synonyms,
    // (a bank has a few dozen categories: each normalised once)
    categories: entries.map((e) => normalizedCategory(e.category ?? '')),
    cache: {
      polarity: core.polarity ? knownPolarity(n, core.polarity) : new Array<PolaritySignature | undefined>(n),
      // worked out ahead when the core comes from the cache (index-cache.ts), else lazily
      figures: core.facts ? core.facts.map((f) => f.figures) : new Array<Figure[] | undefined>(entries.length),
      terms: core.facts
        ? core.facts.map((f) => ({ text: f.termText, synonymTokens: new Set(f.synonymTokens) }))
        : new Array<TermSupport | undefined>(entries.length),
      clauses: new Array<Clause[] | undefined>(n),
      tokenSets: new Array<Set<string> | undefined>(n),
      topics: core.facts ? core.facts.map((f) => new Map(f.topics)) : new Array<Map<string, string> | undefined>(entries.length),
    },
    unsettled: compileUnsettled(bank.unsettled ?? [], true, bank.synonyms ?? []),
  };
}

/** The distinct tokens of a phrasing. */
export function phrasingTokens(index: MatchIndex, id: number): string[] {
  const { tokStart, tokId } = index.columns;
  const out: string[] = [];
  for (let k = tokStart[id] as number; k < (tokStart[id + 1] as number); k++) out.push(index.tokens[tokId[k] as number] as string);
  return out;
}

const NO_MARKERS: PolaritySignature = Object.freeze({ negative: false, restrictive: false, negatives: [], markers: [] }) as PolaritySignature;

/** Every phrasing's polarity from the marked ones worked out ahead: the rest have no marker. */
function knownPolarity(n: number, marked: readonly [number, PolaritySignature][]): (PolaritySignature | undefined)[] {
  const out = new Array<PolaritySignature | undefined>(n).fill(NO_MARKERS);
  for (const [id, p] of marked) out[id] = p;
  return out;
}

/** The weight of a token in this index; a token the bank never uses weighs its unknown-token IDF. */
export function weightOf(index: MatchIndex, t: string): number {
  const id = index.vocab.get(t);
  return id === undefined ? index.unknownWeight * tokenFactor(t) : (index.tokenWeight[id] as number);
}

/** A clause of a text with its tokens and polarity, for polarity where two texts meet. */
export interface Clause {
  tokens: Map<string, number>;
  polarity: PolaritySignature;
  text: string;
}
