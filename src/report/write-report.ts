import { extname } from 'node:path';
import { KotaeError } from '../domain/errors.js';
import { jsonSafe } from '../domain/safe-text.js';
import { neutralize } from './neutralize.js';
import { reportToXlsx, type WorklistFiles } from './worklist-xlsx.js';
import { cellRef } from '../workbook/refs.js';
import type { AnsweredItem, Report } from './build-report.js';
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

const HEADERS = ['Sheet', 'Row', 'ID', 'Category', 'Question', 'Status', 'Reason', 'Candidate 1', 'Candidate 2', 'Candidate 3'];

function candidateCells(report: Report): string[][] {
  return report.items.map((it) => {
    const cands = it.candidates.map((c) => `${c.entry} (${c.answer}, ${c.score.toFixed(2)})`);
    while (cands.length < 3) cands.push('');
    return [it.sheet, String(it.row), it.id, it.category, it.question, it.status, reasonText(it.reason, it.detail), ...cands];
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
  out.push(`- output: ${mdText(report.output)}`, `- answer bank: ${mdText(report.bank)}`, `- generated: ${mdText(report.generated)}`, '');
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
    out.push('| sheet | row | question | status | reason | candidates |', '|---|---:|---|---|---|---|');
    for (const it of report.items) {
      const cands = it.candidates.map((c) => `${c.entry} (${c.answer}, ${c.score.toFixed(2)})`).join('; ');
      out.push(`| ${mdCell(it.sheet)} | ${it.row} | ${mdCell(it.question)} | ${it.status} | ${mdCell(reasonText(it.reason, it.detail))} | ${mdCell(cands)} |`);
    }
    out.push('');
  }
  out.push(`## Answered (${report.answered.length})`, '');
  if (report.answered.length) {
    out.push('| sheet | row | question | matched bank phrasing | answer | entry | source | also close |', '|---|---:|---|---|---|---|---|---|');
    for (const a of report.answered) {
      out.push(
        `| ${mdCell(a.sheet)} | ${a.row} | ${mdCell(a.question)} | ${mdCell(a.phrasing)} | ${mdCell(a.written)} | ${mdCell(a.entry)} | ${mdCell(a.source)} | ${mdCell(alsoCloseText(a).replace(/\n/g, '; '))} |`,
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
