import { jsonSafe, neutralizeControls, neutralizeDeep } from '../domain/safe-text.js';
import type { SheetLayout } from '../layout/types.js';
import { textUnits } from '../plan/clipped-rows.js';
import type { Report } from './build-report.js';
import { rangeList } from './row-ranges.js';
import { PLAIN, type Style } from './style.js';

/**
 * What `kotae answer` prints when it is done: the summary JSON (--json), nothing (--quiet), or a
 * table of the sheets, the totals, what a person still has to look at and where the outputs are.
 */
export function answerSummary(full: Report, reportPathIn: string, flags: { json: boolean; quiet: boolean }, style: Style = PLAIN): string {
  if (flags.json) {
    const { summaries, totals, output, input, rowsToWiden } = full;
    return `${jsonSafe(JSON.stringify({ input, output, report: reportPathIn, totals, sheets: summaries, ...(rowsToWiden ? { rowsToWiden } : {}) }, null, 2))}\n`;
  }
  if (flags.quiet) return '';
  // sheet and file names from the customer: no control character reaches the terminal
  const report = neutralizeDeep(
    {
      summaries: full.summaries,
      totals: full.totals,
      answered: full.answered,
      output: full.output,
      items: full.items,
      bank: full.bank,
      rowsToWiden: full.rowsToWiden,
    },
    '',
  );
  const reportPath = neutralizeControls(reportPathIn, '');
  const lines: string[] = [];
  const w = Math.max(5, ...report.summaries.map((s) => textUnits(s.sheet)));
  const pad = (text: string) => text + ' '.repeat(Math.max(0, w - textUnits(text)));
  lines.push(`${pad('sheet')}  answered  review  unmatched  skipped`);
  for (const s of report.summaries) {
    lines.push(
      `${pad(s.sheet)}  ${String(s.answered).padStart(8)}  ${String(s.review).padStart(6)}  ${String(s.unmatched).padStart(9)}  ${String(s.skipped).padStart(7)}`,
    );
  }
  const t = report.totals;
  lines.push(
    style.bold(
      `${pad('total')}  ${String(t.answered).padStart(8)}  ${String(t.review).padStart(6)}  ${String(t.unmatched).padStart(9)}  ${String(t.skipped).padStart(7)}`,
    ),
  );
  lines.push('');
  lines.push(`${style.green('answered')} ${t.answered} of ${t.questions} question rows; ${t.review + t.unmatched} left for a person (see the report)`);
  const close = report.answered.filter((a) => a.alsoClose).length;
  if (close > 0) {
    lines.push(
      `${close} answered ${close === 1 ? 'row' : 'rows'} had another bank entry about as close: check that the remarks fit ("Also close" in the report's Answered list)`,
    );
  }
  const clipped = report.rowsToWiden ?? [];
  if (clipped.length > 0) {
    const bySheet = new Map<string, number[]>();
    for (const c of clipped) bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), c.row]);
    const where = [...bySheet].map(([sheet, rows]) => `${sheet} rows ${rangeList(rows)}`).join('; ');
    lines.push(
      `${clipped.length} filled ${clipped.length === 1 ? 'row has' : 'rows have'} a fixed height that shows only part of the remarks (${where}): select ${clipped.length === 1 ? 'it' : 'them'} and use AutoFit Row Height ("Rows to widen" in the report)`,
    );
  }
  const described = report.items.filter((i) => i.reason === 'describe').length;
  if (described > 0) {
    lines.push(
      `${described} of them ${described === 1 ? 'asks' : 'ask'} what / which / how: the remarks that answer ${described === 1 ? 'it are' : 'them are'} written, the answer cell is left to you (reason "describe" in the report)`,
    );
  }
  if (t.review + t.unmatched > 0 && /\.xlsx$/i.test(reportPath)) {
    const words = full.language === 'ja' ? '判断: 採用 / 回答しない' : "Decision: Use / Don't answer";
    lines.push(`decide them in the report (${words}), save it, then: kotae apply ${quoteArg(reportPath)}`);
  }
  lines.push(`output: ${report.output}`);
  lines.push(`report: ${reportPath}`);
  // which bank answered: ./answer-bank of the working folder comes before the shipped one
  lines.push(`bank:   ${report.bank}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Rows whose answer cell already holds an answer are left alone without --overwrite; say so, and
 * when they are most of the sheet (an answered copy fed back in), that it looks answered already.
 */
export function alreadyAnsweredNote(layouts: SheetLayout[], overwrite: boolean): string | undefined {
  if (overwrite) return undefined;
  const filled = layouts.reduce((n, l) => n + l.skippedRows.filter((s) => s.reason === 'filled').length, 0);
  if (filled === 0) return undefined;
  const open = layouts.reduce((n, l) => n + l.questionRows.length, 0);
  const rows = `${filled} question ${filled === 1 ? 'row' : 'rows'}`;
  const looks = filled >= open ? `the sheet looks already answered: ${rows} of ${filled + open} hold an answer` : `${rows} already hold an answer`;
  return `${looks} and ${filled === 1 ? 'is' : 'are'} left as ${filled === 1 ? 'it is' : 'they are'}; --overwrite would replace ${filled === 1 ? 'it' : 'them'} with the bank's answers and remarks where the bank is sure (never formula cells)`;
}

/** A path as the user would type it in a shell: quoted when it holds a space or a quote. */
function quoteArg(path: string): string {
  return /^[\w./@%+,:=-]+$/u.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}
