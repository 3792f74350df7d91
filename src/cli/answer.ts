import chalk from 'chalk';
import { extname } from 'node:path';
import { openBank } from '../bank/bank-cache.js';
import { KotaeError } from '../errors.js';
import type { LayoutOverrides, SheetLayout } from '../layout/types.js';
import { vocabFromOption } from '../layout/vocab.js';
import { loadIndex } from '../match/index-cache.js';
import { planAnswers, settleSkippedEdits } from '../pipeline/answer-workbook.js';
import { clippedRows, textUnits } from '../pipeline/clipped-rows.js';
import { buildReport, type Report } from '../report/build-report.js';
import { renderReport, reportFormatOf } from '../report/write-report.js';
import { encryptWorkbook } from '../workbook/decrypt.js';
import { patchWorkbook } from '../workbook/patch-cells.js';
import { readWorkbook } from '../workbook/read-workbook.js';
import { writeFilesAtomic } from '../workbook/write-file-atomic.js';
import { defaultOutputPath, defaultReportPath, guardDistinct, packageExtension, guardOutput, loadWorkbookInput, parseColumn, parsePositiveInt, passwordFrom, resolveBankDir, withoutInterruption } from './io.js';
import { startProgress } from './progress.js';
import { jsonSafe, neutralizeControls, neutralizeDeep } from '../safe-text.js';

export interface LayoutFlags {
  sheet?: string;
  headerRow?: string;
  questionCol?: string;
  answerCol?: string;
  remarksCol?: string;
  vocab?: string;
}

export function layoutOverrides(flags: LayoutFlags): LayoutOverrides {
  const o: LayoutOverrides = {};
  if (flags.sheet !== undefined) o.sheet = flags.sheet;
  if (flags.headerRow !== undefined) o.headerRow = parsePositiveInt(flags.headerRow, '--header-row');
  if (flags.questionCol !== undefined) o.questionCol = parseColumn(flags.questionCol, '--question-col');
  if (flags.answerCol !== undefined) o.answerCol = parseColumn(flags.answerCol, '--answer-col');
  if (flags.remarksCol !== undefined) o.remarksCol = parseColumn(flags.remarksCol, '--remarks-col');
  if (flags.vocab !== undefined) {
    const v = vocabFromOption(flags.vocab);
    if (!v) throw new KotaeError('BAD_OPTION', `--vocab "${flags.vocab}" names no yes and no answer`, 'e.g. --vocab "○,×,△,－" (yes,no,partial,na) or --vocab "yes=可,no=否"');
    o.vocab = v;
  }
  return o;
}

interface AnswerFlags extends LayoutFlags {
  output?: string;
  bank?: string;
  report?: string;
  cite: boolean;
  overwrite?: boolean;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
  password?: string;
}

export async function runAnswer(file: string, flags: AnswerFlags): Promise<number> {
  const overrides = layoutOverrides(flags);
  if (flags.overwrite) overrides.overwrite = true;
  const progress = await startProgress(!flags.json && !flags.quiet);
  try {
    // paths first: a report that is the output, or either of them the input (by any spelling), is
    // refused before any work
    const force = Boolean(flags.force);
    if (flags.output !== undefined) guardOutput(flags.output, file, force);
    if (flags.report !== undefined) {
      reportFormatOf(flags.report);
      guardOutput(flags.report, file, force, 'report');
      if (flags.output !== undefined) guardDistinct(flags.output, flags.report);
    }
    progress.text('reading the workbook');
    const input = await loadWorkbookInput(file, { password: passwordFrom(flags.password) });
    const bytes = input.bytes;
    const wb = readWorkbook(bytes);
    const ext = packageExtension(wb.kind, wb.template === true);
    const output = flags.output ?? defaultOutputPath(file, ext);
    const reportPath = flags.report ?? defaultReportPath(output);
    const format = reportFormatOf(reportPath);
    guardOutput(output, file, force);
    guardOutput(reportPath, file, force, 'report');
    guardDistinct(output, reportPath);
    if (extname(output) !== '' && !['.xlsx', '.xlsm', '.xltx', '.xltm'].includes(extname(output).toLowerCase()) && (input.source === 'xlsx' || input.source === 'encrypted')) {
      // -o out.csv wrote an Excel workbook under a .csv name
      throw new KotaeError('BAD_OPTION', `-o ${output}: the answered copy is an Excel workbook (.${ext}), not a ${extname(output)} file`, `give -o a name ending in .${ext}; the list of rows to answer can be .csv: --report todo.csv`);
    }
    guardOutputKind(output, ext, input.source);

    progress.text('loading the answer bank');
    const bankDir = resolveBankDir(flags.bank);
    const bank = await openBank(bankDir);
    const index = loadIndex(bank);

    progress.text('matching questions');
    const plan = planAnswers(wb, index, { overrides, noCite: !flags.cite });
    let patched = patchWorkbook(bytes, plan.edits, { overwrite: Boolean(flags.overwrite) });
    // rows whose answer the patcher refused (an array formula's member …) are not answered
    if (settleSkippedEdits(plan, patched.skipped)) patched = patchWorkbook(bytes, plan.edits, { overwrite: Boolean(flags.overwrite) });
    const report = buildReport(plan, { input: file, output, bank: bankDir });
    const clipped = clippedRows(wb, patched.written);
    if (clipped.length > 0) report.rowsToWiden = clipped;
    const rendered = await renderReport(report, format);

    // A protected workbook comes back protected with the same password; so does an .xlsx report
    // (it quotes the customer's questions). Other report formats cannot carry a password.
    const notes = [...input.notes];
    for (const l of plan.layouts) for (const w of l.warnings ?? []) notes.push(`sheet "${l.sheet}": ${w}`);
    for (const v of plan.verdicts) {
      // layout flags apply to every sheet: say which sheet they ruled out
      if (!v.questionnaire && v.flagError) notes.push(`sheet "${v.sheet}" not answered: ${v.reason} (layout flags apply to every sheet; --sheet names one)`);
    }
    const filledNote = alreadyAnsweredNote(plan.layouts, Boolean(flags.overwrite));
    if (filledNote) notes.push(filledNote);
    let outBytes = patched.bytes;
    let reportBytes = rendered;
    if (input.password !== undefined) {
      progress.text('encrypting');
      outBytes = encryptWorkbook(outBytes, input.password);
      if (format === 'xlsx') reportBytes = encryptWorkbook(rendered, input.password);
      else notes.push(`the report ${reportPath} is not encrypted (${format} files cannot carry a password); keep it as confidential as the workbook`);
    }

    progress.text('writing');
    // both or neither: a failure (or Ctrl-C) leaves no answered copy without its report, and no temp files
    await withoutInterruption(() =>
      writeFilesAtomic(
        [
          { path: output, data: outBytes },
          { path: reportPath, data: reportBytes },
        ],
        // without --force the files are created exclusively: of two runs to one output, one wins
        { replace: force },
      ),
    );
    progress.stop();
    if (!flags.quiet) for (const n of notes) process.stderr.write(`note: ${neutralizeControls(n, '')}\n`);
    printSummary(report, reportPath, flags);
    return 0;
  } finally {
    progress.stop();
  }
}

/**
 * The answered copy's name must say what it is: Excel refuses a macro workbook named .xlsx (and a
 * plain one named .xlsm) — "the file format or file extension is not valid".
 */
function guardOutputKind(output: string, kind: string, source: string): void {
  const ext = extname(output).toLowerCase();
  if (ext === `.${kind}`) return;
  if (source !== 'xlsx' && source !== 'encrypted') {
    throw new KotaeError('BAD_OPTION', `the answered copy of a converted workbook is an .${kind} file, but -o is ${output}`, `give -o a name ending in .${kind}`);
  }
  const what =
    kind === 'xlsm' ? 'a macro-enabled workbook (.xlsm)' : kind === 'xlsx' ? 'a workbook without macros (.xlsx)' : `a template (.${kind})`;
  throw new KotaeError(
    'BAD_OPTION',
    `the input is ${what}, but -o names ${ext ? `an ${ext} file` : 'a file without extension'} (${output}): Excel would refuse to open it`,
    `give -o a name ending in .${kind}${kind === 'xlsm' || kind === 'xltm' ? ' (the macros are kept)' : ''}`,
  );
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

function printSummary(full: Report, reportPathIn: string, flags: AnswerFlags): void {
  if (flags.json) {
    const { summaries, totals, output, input, rowsToWiden } = full;
    process.stdout.write(`${jsonSafe(JSON.stringify({ input, output, report: reportPathIn, totals, sheets: summaries, ...(rowsToWiden ? { rowsToWiden } : {}) }, null, 2))}\n`);
    return;
  }
  if (flags.quiet) return;
  // sheet and file names from the customer: no control character reaches the terminal
  const report = neutralizeDeep({ summaries: full.summaries, totals: full.totals, answered: full.answered, output: full.output, items: full.items, bank: full.bank, rowsToWiden: full.rowsToWiden }, '');
  const reportPath = neutralizeControls(reportPathIn, '');
  const lines: string[] = [];
  const w = Math.max(5, ...report.summaries.map((s) => displayWidth(s.sheet)));
  const pad = (text: string) => text + ' '.repeat(Math.max(0, w - displayWidth(text)));
  lines.push(`${pad('sheet')}  answered  review  unmatched  skipped`);
  for (const s of report.summaries) {
    lines.push(`${pad(s.sheet)}  ${String(s.answered).padStart(8)}  ${String(s.review).padStart(6)}  ${String(s.unmatched).padStart(9)}  ${String(s.skipped).padStart(7)}`);
  }
  const t = report.totals;
  lines.push(chalk.bold(`${pad('total')}  ${String(t.answered).padStart(8)}  ${String(t.review).padStart(6)}  ${String(t.unmatched).padStart(9)}  ${String(t.skipped).padStart(7)}`));
  lines.push('');
  lines.push(`${chalk.green('answered')} ${t.answered} of ${t.questions} question rows; ${t.review + t.unmatched} left for a person (see the report)`);
  const close = report.answered.filter((a) => a.alsoClose).length;
  if (close > 0) {
    lines.push(`${close} answered ${close === 1 ? 'row' : 'rows'} had another bank entry about as close: check that the remarks fit ("Also close" in the report's Answered list)`);
  }
  const clipped = report.rowsToWiden ?? [];
  if (clipped.length > 0) {
    const bySheet = new Map<string, number[]>();
    for (const c of clipped) bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), c.row]);
    const where = [...bySheet].map(([sheet, rows]) => `${sheet} rows ${rangeList(rows)}`).join('; ');
    lines.push(`${clipped.length} filled ${clipped.length === 1 ? 'row has' : 'rows have'} a fixed height that shows only part of the remarks (${where}): select ${clipped.length === 1 ? 'it' : 'them'} and use AutoFit Row Height ("Rows to widen" in the report)`);
  }
  const described = report.items.filter((i) => i.reason === 'describe').length;
  if (described > 0) {
    lines.push(`${described} of them ${described === 1 ? 'asks' : 'ask'} what / which / how: the remarks that answer ${described === 1 ? 'it are' : 'them are'} written, the answer cell is left to you (reason "describe" in the report)`);
  }
  lines.push(`output: ${report.output}`);
  lines.push(`report: ${reportPath}`);
  // which bank answered: ./answer-bank of the working folder comes before the shipped one
  lines.push(`bank:   ${report.bank}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Columns a string takes in a terminal: East Asian wide and full-width characters take two. */
export function displayWidth(text: string): number {
  return textUnits(text);
}

/** 3,4,5,7 → "3–5, 7" */
export function rangeList(rows: number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < rows.length) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === (rows[j] as number) + 1) j++;
    parts.push(i === j ? `${rows[i]}` : `${rows[i]}–${rows[j]}`);
    i = j + 1;
  }
  return parts.length > 12 ? `${parts.slice(0, 12).join(', ')}, …` : parts.join(', ');
}
