import { extname } from 'node:path';
import type ExcelJS from 'exceljs';
import { KotaeError } from '../domain/errors.js';
import { jsonSafe, neutralizeControls } from '../domain/safe-text.js';
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

/**
 * Text that a spreadsheet would read as a formula (= + - @, or a leading tab / CR) gets a leading
 * apostrophe, so a question copied from a hostile sheet can never run in the report (CSV injection).
 */
export function neutralize(text: string): string {
  // control characters made visible first (an ESC or a C1 control from the customer's sheet)
  const t = neutralizeControls(text, '\t\n');
  return /^[=+\-@\t\r]/.test(t) ? `'${t}` : t;
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

/**
 * The report as .xlsx, through exceljs's streaming writer: rows are committed as they are added,
 * so a 20,000-row report does not hold a whole workbook model in memory.
 */
async function reportToXlsx(report: Report): Promise<Uint8Array> {
  // exceljs is large: load only its streaming writer, and only when an xlsx report is asked for
  const { default: WorkbookWriter } = await import('exceljs/lib/stream/xlsx/workbook-writer.js');
  const { PassThrough } = await import('node:stream');
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => {
    sink.on('end', res);
    sink.on('error', rej);
  });
  const wb = new WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  wb.creator = 'kotae';
  const bold = { bold: true } as const;
  const top = { wrapText: true, vertical: 'top' } as const;
  // one style object shared by every body cell: exceljs recognises a style object it has seen and
  // skips working out its style id again (row.alignment = … made a new object per cell: half the
  // time of a 20,000-row report)
  const topStyle: Partial<ExcelJS.Style> = { alignment: top };
  const topAligned = (row: ExcelJS.Row): void => {
    row.eachCell((c) => {
      c.style = topStyle;
    });
  };

  const summary = wb.addWorksheet('Summary');
  summary.columns = [{ width: 32 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 12 }];
  const title = summary.addRow(['kotae report']);
  title.font = { bold: true, size: 14 };
  title.commit();
  summary.addRow(['Input', neutralize(report.input)]).commit();
  summary.addRow(['Output', neutralize(report.output)]).commit();
  summary.addRow(['Answer bank', neutralize(report.bank)]).commit();
  summary.addRow(['Generated', report.generated]).commit();
  summary.addRow([]).commit();
  const head = summary.addRow(['Sheet', 'Answered', 'Review', 'Unmatched', 'Skipped']);
  head.font = bold;
  head.commit();
  for (const s of report.summaries) summary.addRow([neutralize(s.sheet), s.answered, s.review, s.unmatched, s.skipped]).commit();
  const t = report.totals;
  const total = summary.addRow(['Total', t.answered, t.review, t.unmatched, t.skipped]);
  total.font = bold;
  total.commit();
  if (report.rowsToWiden?.length) {
    summary.addRow([]).commit();
    const title = summary.addRow([`Rows to widen (${report.rowsToWiden.length})`]);
    title.font = bold;
    title.commit();
    summary.addRow([CLIPPED_NOTE]).commit();
    const h = summary.addRow(['Sheet', 'Row', 'Cell', 'Lines needed', 'Lines shown']);
    h.font = bold;
    h.commit();
    for (const c of report.rowsToWiden) summary.addRow([neutralize(c.sheet), c.row, cellRef(c.row, c.col), c.lines, c.shown]).commit();
  }
  summary.commit();

  const todo = wb.addWorksheet('To answer', { views: [{ state: 'frozen', ySplit: 1 }] });
  todo.columns = [12, 6, 10, 20, 60, 10, 36, 30, 30, 30].map((width) => ({ width }));
  if (report.items.length) todo.autoFilter = { from: 'A1', to: 'J1' };
  const todoHead = todo.addRow(HEADERS);
  todoHead.font = bold;
  todoHead.commit();
  for (const cells of candidateCells(report)) {
    const row = todo.addRow(cells.map((c, i) => (i === 1 ? Number(c) : neutralize(c))));
    topAligned(row);
    row.commit();
  }
  todo.commit();

  const done2 = wb.addWorksheet('Answered', { views: [{ state: 'frozen', ySplit: 1 }] });
  done2.columns = [12, 6, 10, 60, 48, 10, 28, 36, 8, 40].map((width) => ({ width }));
  const doneHead = done2.addRow([
    'Sheet',
    'Row',
    'ID',
    'Question',
    'Matched bank phrasing',
    'Answer',
    'Bank entry',
    'Source',
    'Score',
    'Also close (check the remarks fit)',
  ]);
  doneHead.font = bold;
  doneHead.commit();
  for (const a of report.answered) {
    const row = done2.addRow([
      neutralize(a.sheet),
      a.row,
      neutralize(a.id),
      neutralize(a.question),
      neutralize(a.phrasing),
      neutralize(a.written),
      a.entry,
      neutralize(a.source),
      a.score,
      neutralize(alsoCloseText(a)),
    ]);
    topAligned(row);
    row.commit();
  }
  done2.commit();
  await wb.commit();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

export async function renderReport(report: Report, format: ReportFormat): Promise<Uint8Array> {
  switch (format) {
    case 'json':
      return new TextEncoder().encode(reportToJson(report));
    case 'csv':
      return new TextEncoder().encode(reportToCsv(report));
    case 'md':
      return new TextEncoder().encode(reportToMarkdown(report));
    case 'xlsx':
      return reportToXlsx(report);
  }
}
