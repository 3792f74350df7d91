import type { Report } from './build-report.js';
import { PLAIN, type Style } from './style.js';

/**
 * What `kotae answer` prints when it is done: the summary JSON (--json), nothing (--quiet), or a
 * table of the sheets, the totals and where the outputs are.
 */
export function answerSummary(report: Report, reportPath: string, flags: { json: boolean; quiet: boolean }, style: Style = PLAIN): string {
  if (flags.json) {
    const { summaries, totals, output, input } = report;
    return `${JSON.stringify({ input, output, report: reportPath, totals, sheets: summaries }, null, 2)}\n`;
  }
  if (flags.quiet) return '';
  const lines: string[] = [];
  const w = Math.max(5, ...report.summaries.map((s) => displayWidth(s.sheet)));
  const pad = (text: string) => text + ' '.repeat(Math.max(0, w - displayWidth(text)));
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
  lines.push(`output: ${report.output}`);
  lines.push(`report: ${reportPath}`);
  return `${lines.join('\n')}\n`;
}

/** Columns a string takes in a terminal: East Asian wide and full-width characters take two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}
