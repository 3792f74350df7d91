import chalk from 'chalk';
import { extname } from 'node:path';
import { openBank } from '../bank/bank-cache.js';
import { KotaeError } from '../errors.js';
import type { LayoutOverrides } from '../layout/types.js';
import { vocabFromOption } from '../layout/vocab.js';
import { loadIndex } from '../match/index-cache.js';
import { planAnswers, settleSkippedEdits } from '../pipeline/answer-workbook.js';
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
    const rendered = await renderReport(report, format);

    // A protected workbook comes back protected with the same password; so does an .xlsx report
    // (it quotes the customer's questions). Other report formats cannot carry a password.
    const notes = [...input.notes];
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

function printSummary(full: Report, reportPathIn: string, flags: AnswerFlags): void {
  if (flags.json) {
    const { summaries, totals, output, input } = full;
    process.stdout.write(`${jsonSafe(JSON.stringify({ input, output, report: reportPathIn, totals, sheets: summaries }, null, 2))}\n`);
    return;
  }
  if (flags.quiet) return;
  // sheet and file names from the customer: no control character reaches the terminal
  const report = neutralizeDeep({ summaries: full.summaries, totals: full.totals, answered: full.answered, output: full.output }, '');
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
  lines.push(`output: ${report.output}`);
  lines.push(`report: ${reportPath}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Columns a string takes in a terminal: East Asian wide and full-width characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return w;
}
