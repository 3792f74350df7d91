/**
 * What crosses between the main thread and the answer worker (answer-helper.ts,
 * answer-worker.ts): decisions as plain tuples, entries by their position in the index (both
 * threads derive their index from the same bank and tokenised phrasings, so positions agree).
 */
import type { Canonical } from '../bank/types.js';
import type { MatchIndex } from '../match/index.js';
import type { Decision, ReasonCode } from '../match/types.js';
import type { Query } from './answer-workbook.js';

/** Distinct questions per claim from the shared counter. */
export const CHUNK = 16;

/** [status, reason, entry position or -1, answer or '', score, detail or '', candidates] */
export type WireDecision = [Decision['status'], ReasonCode, number, Canonical | '', number, string, [number, number, string][]];

export type HelperRequest =
  | { type: 'index'; bank: unknown; core: unknown }
  | { type: 'decide'; queries: Query[]; counter: SharedArrayBuffer }
  | { type: 'report'; report: unknown };

export type HelperReply =
  | { type: 'decided'; decisions: [number, WireDecision][] }
  | { type: 'report'; bytes: Uint8Array }
  | { type: 'failed'; request: HelperRequest['type']; message: string };

/** Position of every indexed entry (entries are compared by identity). */
function positions(index: MatchIndex): Map<object, number> {
  let p = positionCache.get(index);
  if (!p) {
    p = new Map(index.entries.map((e, i) => [e, i]));
    positionCache.set(index, p);
  }
  return p;
}
const positionCache = new WeakMap<MatchIndex, Map<object, number>>();

export function toWire(index: MatchIndex, d: Decision): WireDecision {
  const at = positions(index);
  const pos = (e: object | undefined): number => (e ? (at.get(e) ?? -1) : -1);
  return [d.status, d.reason, pos(d.entry), d.answer ?? '', d.score, d.detail ?? '', d.candidates.map((c) => [pos(c.entry), c.score, c.phrasing])];
}

/** The decision a wire tuple stands for, with this thread's entries; undefined if it does not fit the index. */
export function fromWire(index: MatchIndex, w: WireDecision): Decision | undefined {
  const [status, reason, entryAt, answer, score, detail, cands] = w;
  const candidates: Decision['candidates'] = [];
  for (const [at, s, phrasing] of cands) {
    const entry = index.entries[at];
    if (!entry) return undefined;
    candidates.push({ entry, score: s, phrasing });
  }
  const d: Decision = { status, reason, score, candidates };
  if (entryAt >= 0) {
    const entry = index.entries[entryAt];
    if (!entry) return undefined;
    d.entry = entry;
  }
  if (answer !== '') d.answer = answer;
  if (detail !== '') d.detail = detail;
  return d;
}
