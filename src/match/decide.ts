/**
 * The decision for one question row: answered / review / unmatched, with a reason code.
 * Precision first: a row is answered only when one entry clearly wins, its phrasing agrees in
 * polarity with the question, and every figure the question states is backed by the entry.
 */
import type { Canonical } from '../bank/types.js';
import type { Decision, MatchContext } from './types.js';
import { extractFigures, unsupportedFigures } from './figures.js';
import {
  capQuestion,
  entryFigures,
  entryTerms,
  entryTopics,
  prepareQuestion,
  scoreEntries,
  toCandidate,
  type MatchIndex,
  type ScoredEntry,
} from './index.js';
import { namedTerms, unsupportedTerms } from './terms.js';
import { namedTopics, unbackedTopics } from './unsettled.js';
import { ACCEPT_THRESHOLD, MARGIN, REVIEW_THRESHOLD } from './thresholds.js';

const CANDIDATES_KEPT = 5;

/** How many leading candidates may stand in for one whose figures or named terms do not fit. */
const GUARD_FALLBACK_DEPTH = 3;

/**
 * The answer an entry implies for the question: its own answer when the polarities agree, the
 * opposite one when they do not (yes ↔ no); undefined when it cannot be flipped (partial, na).
 */
export function impliedAnswer(answer: Canonical, samePolarity: boolean): Canonical | undefined {
  if (samePolarity) return answer;
  if (answer === 'yes') return 'no';
  if (answer === 'no') return 'yes';
  return undefined;
}

/** The best candidate that would lead to a different answer than `top`. */
function bestRival(index: MatchIndex, scored: readonly ScoredEntry[], top: ScoredEntry): ScoredEntry | undefined {
  const topAnswer = index.entries[top.entry]?.answer as Canonical;
  for (const s of scored) {
    if (s === top) continue;
    const entry = index.entries[s.entry];
    if (!entry) continue;
    if (impliedAnswer(entry.answer, s.samePolarity) !== topAnswer) return s;
  }
  return undefined;
}

/** Decide one question row. */
export function decide(index: MatchIndex, question: string, context: MatchContext = {}): Decision {
  const raw = typeof question === 'string' ? question : String(question ?? '');
  if (raw.trim().length === 0) return { status: 'unmatched', reason: 'empty', score: 0, candidates: [] };
  const { text, truncated } = capQuestion(raw);
  const q = prepareQuestion(index, text);
  if (q.tokens.length === 0) return { status: 'unmatched', reason: 'empty', score: 0, candidates: [] };
  const scored = scoreEntries(index, q, context);
  const candidates = scored.slice(0, CANDIDATES_KEPT).map((s) => toCandidate(index, s));
  const top = scored[0];
  if (!top || top.score < REVIEW_THRESHOLD) {
    return { status: 'unmatched', reason: 'no-candidate', score: top?.score ?? 0, candidates };
  }
  const review = (reason: Decision['reason'], detail?: string): Decision => ({
    status: 'review',
    reason,
    score: top.score,
    candidates,
    ...(detail ? { detail } : {}),
  });
  if (!top.samePolarity) return review('polarity');
  if (top.score < ACCEPT_THRESHOLD) return review('below-threshold');
  // Figures and named terms: an entry that does not back them cannot answer; the next candidates
  // above the threshold may (「24時間以内」 asked, the 72-hour entry ranks first, the 24-hour one
  // second). Skipped candidates still count as rivals below.
  const figures = extractFigures(text);
  const terms = namedTerms(text);
  const topics = namedTopics(text, index.unsettled);
  const unbackedBy = (s: ScoredEntry): string | undefined => {
    const unsettled = unbackedTopics(topics, entryTopics(index, s.entry));
    if (unsettled.length > 0) return `topic the bank does not settle: ${unsettled.join(', ')}`;
    const missing = unsupportedFigures(figures, entryFigures(index, s.entry));
    if (missing.length > 0) return `figure not backed by the entry: ${missing.map((f) => f.text).join(', ')}`;
    const unbacked = unsupportedTerms(terms, text, entryTerms(index, s.entry), index.synonyms);
    if (unbacked.length > 0) return `term not backed by the entry: ${unbacked.map((t) => t.text).join(', ')}`;
    return undefined;
  };
  let chosen: ScoredEntry | undefined;
  let firstWhy: string | undefined;
  for (const s of scored.slice(0, GUARD_FALLBACK_DEPTH)) {
    if (s.score < ACCEPT_THRESHOLD || !s.samePolarity) break;
    const why = unbackedBy(s);
    if (!why) {
      chosen = s;
      break;
    }
    firstWhy ??= why;
  }
  if (!chosen) return review('below-threshold', firstWhy);
  const rival = bestRival(index, scored, chosen);
  if (rival && chosen.score - rival.score < MARGIN) {
    return review('near-tie', `rival ${index.entries[rival.entry]?.id} at ${rival.score.toFixed(3)}`);
  }
  if (truncated) return review('too-long');
  const entry = index.entries[chosen.entry];
  if (!entry) return review('below-threshold');
  const cands = chosen === top ? candidates : [toCandidate(index, chosen), ...candidates.filter((c) => c.entry !== entry)];
  return { status: 'answered', reason: 'confident', entry, answer: entry.answer, score: chosen.score, candidates: cands };
}
