/**
 * The match index: every phrasing of every non-draft entry, tokenised once, with an inverted
 * index (token → postings) so a question only touches phrasings that share a token with it.
 *
 * Two scores per phrasing:
 * - `similarity` in [0, 1] — the IDF-weighted F-measure of how much of the question the phrasing
 *   covers and how much of the phrasing the question covers, from the weight the two share (summed
 *   in one pass over the postings). Thresholds live on this scale, which does not drift with the
 *   size of the bank;
 * - BM25 (k1 1.2, b 0.75) — the classic ranking, bank-size dependent; it only breaks ties between
 *   equal similarities, so it is worked out for the leading entries whose scores could tie.
 *
 * What only the decision needs (polarity of a phrasing, figures and named terms of an entry) is
 * computed lazily and cached, so building the index costs one tokenisation per phrasing.
 */
import type { Bank, Entry } from '../domain/types.js';
import type { Candidate, MatchContext } from './types.js';
import type { Figure } from './figures.js';
import { foldCharacters, normalizeText, prepareFolded } from './normalize.js';
import { combineSignatures, polaritySignature, samePolarity, signatureOfFolded, splitClauses, type PolaritySignature } from './polarity.js';
import type { TermSupport } from './terms.js';
import { compileUnsettled, type UnsettledTerm } from './unsettled.js';
import { buildSynonymTable, tokenize, BIGRAM_PREFIX, GENERIC_TERMS, type SynonymTable } from './tokenize.js';
import { buildCore, countTokens, figuresOf, indexedEntries, phrasingText, termsOf, topicsOf, type IndexCore } from './index-core.js';
import {
  BIGRAM_WEIGHT,
  CATEGORY_BOOST,
  GENERIC_WEIGHT,
  MAX_QUESTION_CHARS,
  POLARITY_PREFERENCE,
  POLARITY_CHECKED_ENTRIES,
  RELEVANT_CLAUSE,
  REVIEW_THRESHOLD,
} from './thresholds.js';

/**
 * Tokens found in more than this share of all phrasings (and in more than
 * COMMON_TOKEN_MIN_POSTINGS) are not walked: they only add their weight to phrasings reached
 * through a rarer token. Their IDF is low, so they cannot make a match on their own; this keeps
 * the cost per question proportional to the postings of its selective tokens.
 */
const COMMON_TOKEN_SHARE = 0.02;
const COMMON_TOKEN_MIN_POSTINGS = 200;

const K1 = 1.2;
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

const REC_ACC = 0;
const REC_WEIGHT = 1;
const REC_ENTRY = 4;
const REC_REACH = 5;
const REC_COMMONS = 12;
const REC_INLINE = 13;
const INLINE_COMMONS = 32 - REC_INLINE;
const OVERFLOW = 0xffff;

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

function tokenCounts(prepared: string, synonyms: SynonymTable): Map<string, number> {
  return countTokens(tokenize(prepared, synonyms));
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
    unsettled: compileUnsettled(bank.unsettled ?? []),
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

/** Polarity signature of a phrasing (cached). */
export function phrasingPolarity(index: MatchIndex, id: number): PolaritySignature {
  let p = index.cache.polarity[id];
  if (!p) {
    p = polaritySignature((index.phrasings[id] as IndexedPhrasing).text);
    index.cache.polarity[id] = p;
  }
  return p;
}

/** Figures stated in any phrasing of an entry (cached). */
export function entryFigures(index: MatchIndex, entry: number): Figure[] {
  let f = index.cache.figures[entry];
  if (!f) {
    f = figuresOf(index.entries[entry]);
    index.cache.figures[entry] = f;
  }
  return f;
}

/** The unsettled topics an entry's phrasings name (cached). */
export function entryTopics(index: MatchIndex, entry: number): Map<string, string> {
  let t = index.cache.topics[entry];
  if (!t) {
    t = topicsOf(index.entries[entry], index.unsettled);
    index.cache.topics[entry] = t;
  }
  return t;
}

/** What backs named terms in an entry's phrasings (cached). */
export function entryTerms(index: MatchIndex, entry: number): TermSupport {
  let t = index.cache.terms[entry];
  if (!t) {
    t = termsOf(index.entries[entry], index.synonyms);
    index.cache.terms[entry] = t;
  }
  return t;
}

function weightOf(index: MatchIndex, t: string): number {
  const id = index.vocab.get(t);
  return id === undefined ? index.unknownWeight * tokenFactor(t) : (index.tokenWeight[id] as number);
}

/** A clause of a text with its tokens and polarity, for polarity where two texts meet. */
export interface Clause {
  tokens: Map<string, number>;
  polarity: PolaritySignature;
  text: string;
}

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

export interface QueryStats {
  /** postings entries visited */
  postingsVisited: number;
  /** distinct phrasings that received a score */
  phrasingsScored: number;
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

function categoryMatches(index: MatchIndex, entry: number, category: string): boolean {
  const c = index.categories[entry];
  if (!c || !category) return false;
  return c === category || (category.length >= 2 && c.includes(category)) || (c.length >= 2 && category.includes(c));
}

// scratch accumulators, reused across queries (single-threaded)
let scratchEntryBest = new Float64Array(0);
let scratchEntryPhrasing = new Int32Array(0);
let scratchOnlyCommon = new Uint8Array(0);
let scratchIdf = new Float64Array(0);
let scratchReached = new Int32Array(0);
let scratchShared = new Float64Array(0);
let scratchEntriesReached = new Int32Array(0);

/** Entries returned per question, best first (rivals further down cannot be within any margin
 * of the best without 64 better-scored entries in between). */
const CANDIDATE_LIMIT = 64;

/**
 * Score every entry sharing a token with the question. Returns entries best first; each entry is
 * represented by its best phrasing (preferring one whose polarity agrees with the question).
 */
export function scoreEntries(
  index: MatchIndex,
  q: PreparedText,
  context: MatchContext = {},
  stats?: QueryStats,
): ScoredEntry[] {
  return applyCategory(index, scoreQuestion(index, q, stats), context.category);
}

const categoryForms = new Map<string, string>();

/** A row's category as compared with the entries' (normalised once per distinct category). */
function normalizedCategory(rowCategory: string | undefined): string {
  if (!rowCategory) return '';
  let c = categoryForms.get(rowCategory);
  if (c === undefined) {
    c = normalizeText(rowCategory);
    if (categoryForms.size < 10_000) categoryForms.set(rowCategory, c);
  }
  return c;
}

/** Would the row's category boost any of these entries? If not, the ranking is the same without it. */
export function categoryBoostsAny(index: MatchIndex, scored: readonly ScoredEntry[], rowCategory: string | undefined): boolean {
  const category = normalizedCategory(rowCategory);
  return category !== '' && scored.some((s) => categoryMatches(index, s.entry, category));
}

/**
 * The category boost of a row (see CATEGORY_BOOST) applied to the category-independent ranking of
 * `scoreQuestion`: a new list, best first; `scored` is left as it is, so the ranking of a question
 * text can be reused for rows of other categories.
 */
export function applyCategory(index: MatchIndex, scored: readonly ScoredEntry[], rowCategory: string | undefined): ScoredEntry[] {
  const category = normalizedCategory(rowCategory);
  const out = scored.slice();
  if (!category) return out;
  let boosted = false;
  for (let i = 0; i < out.length; i++) {
    const s = out[i] as ScoredEntry;
    if (categoryMatches(index, s.entry, category)) {
      out[i] = scoredEntry(s.entry, withCategoryBoost(s.score), s.bm25, s.phrasing, s.samePolarity, s.questionCoverage, s.phrasingCoverage);
      boosted = true;
    }
  }
  // the order is a strict total order (one item per entry): re-sorting only matters after a boost
  if (boosted) sortByRank(out);
  return out;
}

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
function scoredEntry(
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
function insertionSort(list: ScoredEntry[], before: (a: ScoredEntry, b: ScoredEntry) => boolean): void {
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
function sortByRank(list: ScoredEntry[]): void {
  insertionSort(list, ranksBefore);
}

// The three loops over postings and reached phrasings, each a small function of its own: V8
// optimises a small hot function after fewer calls than one large one, which shortens the slow
// start of a run (the first few hundred questions).

/** Add `w` to the shared weight of the phrasings in postIds[start, end); record the newly reached. */
function walkPostings(rec: PhrasingRecords, postIds: Int32Array, start: number, end: number, w: number, reached: Int32Array, count: number): number {
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
function addCommonWeights(rec: PhrasingRecords, touched: Int32Array, frequentW: Float64Array): number {
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
function reachOnlyCommon(index: MatchIndex, frequentW: Float64Array, reached: Int32Array, count: number): number {
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
function bestPerEntry(
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
function harmonicMean(cq: number, cp: number): number {
  return cq + cp > 0 ? (2 * cq * cp) / (cq + cp) : 0;
}

const SCORE_BUCKETS = 1024;
const scratchBuckets = new Int32Array(SCORE_BUCKETS);
let scratchLeadScore = new Float64Array(0);
let scratchFrequent = new Float64Array(0);
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
      qWeight += index.unknownWeight * tokenFactor(t);
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
  for (let i = 0, j = 0; i < n && j < n; ) {
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

/** A score with the category boost (as applyCategory adds it). */
function withCategoryBoost(score: number): number {
  return Math.min(1, score + CATEGORY_BOOST);
}

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
  };
}
