import type { Canonical, EntryAnswer } from '../bank/types.js';
import { MARGIN } from '../match/thresholds.js';
import type { AnswerPlan, RowResult, SheetSummary } from '../pipeline/answer-workbook.js';

/** One row of the unmatched-items report: a question a person must still answer. */
export interface ReportItem {
  sheet: string;
  row: number;
  id: string;
  category: string;
  question: string;
  status: 'review' | 'unmatched';
  reason: string;
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

/** Plain words for reason codes, for people reading the report. */
export const REASON_TEXT: Record<string, string> = {
  confident: 'answered from the bank',
  'below-threshold': 'closest bank entry is not close enough to be sure',
  'near-tie': 'bank entries with different answers match about equally well',
  polarity: 'the question is phrased the opposite way of the closest bank entry (negation / opposite verb)',
  'no-candidate': 'no bank entry is about this',
  'too-long': 'question text too long to match',
  compound: 'the row asks two things and the bank does not answer both',
  'off-topic': 'the closest bank entry is about something else than what the question asks',
  empty: 'empty question',
  'not-in-vocab': "the sheet's answer choices cannot express the bank's answer",
  'dropdown-unresolved': "the answer cell's dropdown list is a formula kotae cannot evaluate, so it cannot tell which words the cell accepts",
  'formula-cell': 'the answer cell belongs to a formula (an array formula or data table fills it): kotae does not write into it',
  'cell-not-empty': 'the answer cell is not empty in the sheet',
  'figure-mismatch': 'the question states a figure the bank does not',
  describe: 'the question asks for a description, not yes or no: the bank answers it with remarks; fill the answer cell as the sheet expects',
};

export function reasonText(code: string, detail?: string): string {
  const text = REASON_TEXT[code] ?? code;
  return detail ? `${text} (${detail})` : text;
}

function sourceOf(r: RowResult): string {
  const s = r.entry?.source;
  if (!s) return '';
  const parts: string[] = [];
  if (s.regulation?.length) parts.push(`regulation ${s.regulation.map((a) => `第${a}条`).join('・')}`);
  if (s.response) parts.push(`past response: ${s.response.customer}, ${s.response.date}${s.response.file ? `, ${s.response.file}` : ''}`);
  return parts.join('; ');
}

/** Turns an answer plan into report data. Pure. */
export function buildReport(plan: AnswerPlan, meta: { input: string; output: string; bank: string; now?: Date }): Report {
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
    generated: (meta.now ?? new Date()).toISOString(),
    summaries: plan.summaries,
    totals,
    items,
    answered,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
