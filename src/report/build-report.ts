import type { Canonical, EntryAnswer } from '../domain/types.js';
import { MARGIN } from '../match/thresholds.js';
import type { AnswerPlan, RowReason, RowResult, SheetSummary } from '../plan/plan-answers.js';

/** One row of the unmatched-items report: a question a person must still answer. */
export interface ReportItem {
  sheet: string;
  row: number;
  id: string;
  category: string;
  question: string;
  status: 'review' | 'unmatched';
  reason: RowReason;
  /** what the reason rests on, when the matcher says: the term the entry does not cover, the rival entry … */
  detail?: string;
  candidates: { entry: string; answer: EntryAnswer; score: number; phrasing: string }[];
}

/** One answered row, so every answer can be traced to its bank entry and source. */
export interface AnsweredItem {
  sheet: string;
  row: number;
  id: string;
  question: string;
  answer: Canonical;
  written: string;
  entry: string;
  source: string;
  score: number;
  /** the bank phrasing the question matched: whether the two are about the same thing shows at a glance */
  phrasing: string;
  /**
   * the other entries among the row's top candidates that scored within MARGIN of this one (with
   * the same answer, or the row would be in review), best first; absent when there are none: the
   * answer stands either way, but another entry's remarks and citation may fit the question better
   * (「アクセス権の見直しを年1回」 against policy review and access review)
   */
  alsoClose?: { entry: string; score: number; phrasing: string }[];
}

export interface Report {
  input: string;
  output: string;
  bank: string;
  generated: string;
  summaries: SheetSummary[];
  totals: { answered: number; review: number; unmatched: number; skipped: number; questions: number };
  items: ReportItem[];
  answered: AnsweredItem[];
  /**
   * filled rows whose fixed height shows only part of what kotae wrote (`pipeline/clipped-rows.ts`):
   * kotae leaves row heights as the customer set them; a person widens these rows
   */
  rowsToWiden?: { sheet: string; row: number; col: number; lines: number; shown: number }[];
}

function sourceOf(r: RowResult): string {
  const s = r.entry?.source;
  if (!s) return '';
  const parts: string[] = [];
  if (s.regulation?.length) parts.push(`regulation ${s.regulation.map((a) => `第${a}条`).join('・')}`);
  if (s.response) parts.push(`past response: ${s.response.customer}, ${s.response.date}${s.response.file ? `, ${s.response.file}` : ''}`);
  return parts.join('; ');
}

/** Turns an answer plan into report data, stamped `now`. Pure. */
export function buildReport(plan: AnswerPlan, meta: { input: string; output: string; bank: string; now: Date }): Report {
  const items: ReportItem[] = [];
  const answered: AnsweredItem[] = [];
  for (const r of plan.results) {
    if (r.status === 'answered') {
      const item: AnsweredItem = {
        sheet: r.sheet,
        row: r.row,
        id: r.id ?? '',
        question: r.question,
        answer: r.answer as Canonical,
        written: r.written ?? '',
        entry: r.entry?.id ?? '',
        source: sourceOf(r),
        score: round(r.score),
        phrasing: r.candidates.find((c) => c.entry === r.entry)?.phrasing ?? '',
      };
      const close = r.candidates.filter((c) => c.entry !== r.entry && r.score - c.score < MARGIN);
      if (close.length > 0) item.alsoClose = close.map((c) => ({ entry: c.entry.id, score: round(c.score), phrasing: c.phrasing }));
      answered.push(item);
      continue;
    }
    items.push({
      sheet: r.sheet,
      row: r.row,
      id: r.id ?? '',
      category: r.category ?? '',
      question: r.question,
      status: r.status,
      reason: r.reason,
      ...(r.detail ? { detail: r.detail } : {}),
      candidates: r.candidates.slice(0, 3).map((c) => ({
        entry: c.entry.id,
        answer: c.entry.answer,
        score: round(c.score),
        phrasing: c.phrasing,
      })),
    });
  }
  const totals = { answered: 0, review: 0, unmatched: 0, skipped: 0, questions: 0 };
  for (const s of plan.summaries) {
    totals.answered += s.answered;
    totals.review += s.review;
    totals.unmatched += s.unmatched;
    totals.skipped += s.skipped;
  }
  totals.questions = totals.answered + totals.review + totals.unmatched;
  return {
    input: meta.input,
    output: meta.output,
    bank: meta.bank,
    generated: meta.now.toISOString(),
    summaries: plan.summaries,
    totals,
    items,
    answered,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
