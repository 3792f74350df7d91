import { extname } from 'node:path';
import { KotaeError } from '../domain/errors.js';
import { jsonSafe } from '../domain/safe-text.js';
import { neutralize } from './neutralize.js';
import { reportToXlsx, type WorklistFiles } from './worklist-xlsx.js';
import { cellRef } from '../workbook/refs.js';
import { answeringEntries, type AnsweredItem, type Report } from './build-report.js';
import { mdCell, mdText } from './markdown.js';
import { reasonText } from './reasons.js';

export type ReportFormat = 'xlsx' | 'md' | 'json' | 'csv';

export function reportFormatOf(path: string): ReportFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  throw new KotaeError('BAD_OPTION', `unknown report format "${ext || path}"`, 'use a report path ending in .xlsx, .md, .json or .csv');
}

const HEADERS = [
  'Sheet',
  'Row',
  'ID',
  'Category',
  'Question',
  'Status',
  'Reason',
  'Proposed answer',
  'Proposed remarks',
  'Based on',
  'Answer cell',
  'Remarks cell',
  'Candidate 1',
  'Candidate 2',
  'Candidate 3',
];

/** `access.review (yes, 0.41): ○ remarks…` — a candidate with what it would write. */
function candidateText(c: Report['items'][number]['candidates'][number]): string {
  const head = `${c.entry} (${c.answer}, ${c.score.toFixed(2)})`;
  if (c.objection) return `${head}: not proposed (${c.objection})`;
  const says = [c.written, c.remarks].filter((x) => x !== undefined && x !== '').join(' ');
  return says ? `${head}: ${says}` : head;
}

function reasonWithCaution(it: Report['items'][number]): string {
  const reason = reasonText(it.reason, it.detail);
  return it.proposal?.caution ? `${reason}; check the proposal: ${it.proposal.caution}` : reason;
}

function basedOn(p: Report['items'][number]['proposal']): string {
  return p ? `${p.entry}${p.source ? ` (${p.source})` : ''}` : '';
}

function candidateCells(report: Report): string[][] {
  return report.items.map((it) => {
    const cands = it.candidates.map(candidateText);
    while (cands.length < 3) cands.push('');
    const p = it.proposal;
    return [
      it.sheet,
      String(it.row),
      it.id,
      it.category,
      it.question,
      it.status,
      reasonWithCaution(it),
      p?.written ?? '',
      p?.remarks ?? '',
      basedOn(p),
      it.cells.answer,
      it.cells.remarks ?? '',
      ...cands,
    ];
  });
}

/** 「entry (score): phrasing」 for each close alternative of an answered row, a line each, or ''. */
function alsoCloseText(a: AnsweredItem): string {
  return (a.alsoClose ?? []).map((c) => `${c.entry} (${c.score.toFixed(2)}): ${c.phrasing}`).join('\n');
}

const CLIPPED_NOTE =
  'These rows have a fixed height that shows only part of what kotae wrote (kotae leaves row heights as the customer set them). Select them in the sheet and use AutoFit Row Height (Excel: Home > Format > AutoFit Row Height).';

export function reportToJson(report: Report): string {
  return `${jsonSafe(JSON.stringify(report, null, 2))}\n`;
}

function csvField(s: string): string {
  const t = neutralize(s);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export function reportToCsv(report: Report): string {
  const lines = [HEADERS, ...candidateCells(report)].map((cells) => cells.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function reportToMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`# kotae report: ${mdText(report.input)}`, '');
  out.push(`- output: ${mdText(report.output)}`, `- answer bank: ${mdText(report.bank)}`, `- generated: ${mdText(report.generatedLocal)}`, '');
  out.push('| sheet | answered | review | unmatched | skipped |', '|---|---:|---:|---:|---:|');
  for (const s of report.summaries) out.push(`| ${mdCell(s.sheet)} | ${s.answered} | ${s.review} | ${s.unmatched} | ${s.skipped} |`);
  const t = report.totals;
  out.push(`| **total** | ${t.answered} | ${t.review} | ${t.unmatched} | ${t.skipped} |`, '');
  if (report.rowsToWiden?.length) {
    out.push(`## Rows to widen (${report.rowsToWiden.length})`, '', CLIPPED_NOTE, '');
    out.push('| sheet | row | cell | lines needed | lines shown |', '|---|---:|---|---:|---:|');
    for (const c of report.rowsToWiden) out.push(`| ${mdCell(c.sheet)} | ${c.row} | ${cellRef(c.row, c.col)} | ${c.lines} | ${c.shown} |`);
    out.push('');
  }
  out.push(`## To answer by hand (${report.items.length})`, '');
  if (report.items.length === 0) out.push('Nothing: every question row was answered.', '');
  else {
    out.push(
      '| sheet | row | question | status | reason | proposed answer | proposed remarks | based on | other candidates |',
      '|---|---:|---|---|---|---|---|---|---|',
    );
    for (const it of report.items) {
      const p = it.proposal;
      const others = it.candidates
        .filter((c) => c.entry !== p?.entry)
        .map(candidateText)
        .join('; ');
      out.push(
        `| ${mdCell(it.sheet)} | ${it.row} | ${mdCell(it.question)} | ${it.status} | ${mdCell(reasonWithCaution(it))} | ${mdCell(p?.written ?? '')} | ${mdCell(p?.remarks ?? '')} | ${mdCell(basedOn(p))} | ${mdCell(others)} |`,
      );
    }
    out.push('');
  }
  out.push(`## Answered (${report.answered.length})`, '');
  if (report.answered.length) {
    out.push('| sheet | row | question | matched bank phrasing | answer | entry | source | also close |', '|---|---:|---|---|---|---|---|---|');
    for (const a of report.answered) {
      out.push(
        `| ${mdCell(a.sheet)} | ${a.row} | ${mdCell(a.question)} | ${mdCell(a.phrasing)} | ${mdCell(a.written)} | ${mdCell(answeringEntries(a))} | ${mdCell(a.source)} | ${mdCell(alsoCloseText(a).replace(/\n/g, '; '))} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** The report in a format; an .xlsx report carries the worklist record when `files` says where the input and the answered copy are. */
export async function renderReport(report: Report, format: ReportFormat, files?: WorklistFiles): Promise<Uint8Array> {
  switch (format) {
    case 'json':
      return new TextEncoder().encode(reportToJson(report));
    case 'csv':
      return new TextEncoder().encode(reportToCsv(report));
    case 'md':
      return new TextEncoder().encode(reportToMarkdown(report));
    case 'xlsx':
      return reportToXlsx(report, files);
  }
}
