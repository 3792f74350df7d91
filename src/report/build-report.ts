import type { Canonical, Entry, EntryAnswer, Language } from '../domain/types.js';
import { MARGIN } from '../match/thresholds.js';
import type { AnswerPlan, Proposal, RowReason, RowResult, SheetSummary } from '../plan/plan-answers.js';
import { cellRef } from '../workbook/refs.js';

/** What a bank entry would write into a row a person decides (`ReportItem.proposal`, `candidates`). */
export interface ReportProposal {
  entry: string;
  /** regulation article(s) or past response the entry rests on */
  source: string;
  score: number;
  /** the entry's answer for this question (flipped when it asks the other way round), or `describe` */
  answer?: EntryAnswer;
  /** that answer in a word the cell accepts (○, はい, Yes …) */
  written?: string;
  /** the remarks in full, with their citation */
  remarks?: string;
  /** what to check before using it: a term of the question the entry does not mention … */
  caution?: string;
}

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
  /**
   * the leading candidates; for a review row with what each would write (`written`, `remarks`), or
   * why kotae does not propose it (`objection`: a topic the bank does not settle …)
   */
  candidates: {
    entry: string;
    answer: EntryAnswer;
    score: number;
    phrasing: string;
    written?: string;
    remarks?: string;
    source?: string;
    objection?: string;
  }[];
  /** where an answer goes in the answered workbook (A1 references on \`sheet\`) */
  cells: { answer: string; remarks?: string };
  /** the words the answer cell accepts (its dropdown, else the sheet's answer words); empty when kotae cannot tell */
  allowed: string[];
  /** what kotae proposes (the first candidate's answer and remarks) for a review row; absent for unmatched rows */
  proposal?: ReportProposal;
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
  /** a compound question: the entries that answered its other asks (their remarks follow the entry's; `source` names them all) */
  alsoFrom?: string[];
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
  /** ISO time in UTC */
  generated: string;
  /** the same time on the clock of the person who ran it, with its zone: 2026-12-05 16:05 (Asia/Tokyo, GMT+09:00) */
  generatedLocal: string;
  /** the language of the questionnaire sheets (most of their question rows): the worklist speaks it */
  language: Language;
  /** SHA-256 of the input and of the answered copy as written: \`kotae apply\` finds them by these */
  inputSha256?: string;
  outputSha256?: string;
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

/** The entry that answered a row, with those that answered the other asks of a compound one: 「a + b」. */
export function answeringEntries(a: AnsweredItem): string {
  return [a.entry, ...(a.alsoFrom ?? [])].join(' + ');
}

function sourceOf(r: RowResult): string {
  return r.entry ? [...new Set([r.entry, ...(r.also ?? [])].map(entrySource))].join(' + ') : '';
}

function entrySource(entry: Entry): string {
  const s = entry.source;
  if (!s) return '';
  const parts: string[] = [];
  if (s.regulation?.length) parts.push(`regulation ${s.regulation.map((a) => `第${a}条`).join('・')}`);
  if (s.response) parts.push(`past response: ${s.response.customer}, ${s.response.date}${s.response.file ? `, ${s.response.file}` : ''}`);
  return parts.join('; ');
}

/** Turns an answer plan into report data, stamped `now`. Pure. */
export function buildReport(
  plan: AnswerPlan,
  meta: { input: string; output: string; bank: string; now: Date; timeZone?: string; inputSha256?: string; outputSha256?: string },
): Report {
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
        ...(r.also ? { alsoFrom: r.also.map((e) => e.id) } : {}),
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
      candidates: r.candidates.slice(0, 3).map((c) => {
        const p = r.proposals?.find((x) => x.entry === c.entry);
        return {
          entry: c.entry.id,
          answer: c.entry.answer,
          score: round(c.score),
          phrasing: c.phrasing,
          ...(p?.written !== undefined ? { written: p.written } : {}),
          ...(p?.remarks !== undefined ? { remarks: p.remarks } : {}),
          ...(p ? { source: entrySource(c.entry) } : {}),
          ...(p?.objection !== undefined ? { objection: p.objection } : {}),
        };
      }),
      cells: r.cells.remarks
        ? { answer: cellRef(r.cells.answer.row, r.cells.answer.col), remarks: cellRef(r.cells.remarks.row, r.cells.remarks.col) }
        : { answer: cellRef(r.cells.answer.row, r.cells.answer.col) },
      allowed: r.allowed,
      ...(firstProposal(r) ? { proposal: reportProposal(firstProposal(r) as Proposal) } : {}),
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
    generatedLocal: localTime(meta.now, meta.timeZone),
    language: reportLanguage(plan),
    ...(meta.inputSha256 ? { inputSha256: meta.inputSha256 } : {}),
    ...(meta.outputSha256 ? { outputSha256: meta.outputSha256 } : {}),
    summaries: plan.summaries,
    totals,
    items,
    answered,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The best candidate kotae proposes (the first nothing objects to, with something to write). */
function firstProposal(r: RowResult): Proposal | undefined {
  return r.proposals?.find((p) => p.objection === undefined && (p.written !== undefined || p.remarks !== undefined));
}

function reportProposal(p: Proposal): ReportProposal {
  return {
    entry: p.entry.id,
    source: entrySource(p.entry),
    score: round(p.score),
    ...(p.answer !== undefined ? { answer: p.answer } : {}),
    ...(p.written !== undefined ? { written: p.written } : {}),
    ...(p.remarks !== undefined ? { remarks: p.remarks } : {}),
    ...(p.caution !== undefined ? { caution: p.caution } : {}),
  };
}

/** Japanese when most question rows are on Japanese sheets (a tie too: kotae's users are Japanese vendors). */
function reportLanguage(plan: AnswerPlan): Language {
  let ja = 0;
  let en = 0;
  for (const l of plan.layouts) {
    const n = l.questionRows.length + l.skippedRows.length;
    if (l.language === 'ja') ja += n;
    else en += n;
  }
  return en > ja ? 'en' : 'ja';
}

/** `2026-12-05 16:05 (Asia/Tokyo, GMT+09:00)`: the time where the person is, with the zone named. */
function localTime(now: Date, timeZone = 'UTC'): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'longOffset',
    }).formatToParts(now);
  let zone = timeZone;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = format(zone);
  } catch {
    // a zone name Intl does not know: UTC, named as such
    zone = 'UTC';
    parts = format(zone);
  }
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '';
  const offset = get('timeZoneName') === 'GMT' ? 'GMT+00:00' : get('timeZoneName');
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} (${zone}, ${offset})`;
}
