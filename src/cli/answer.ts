import { extname } from 'node:path';
import { openBank } from '../node/bank-cache.js';
import { KotaeError } from '../domain/errors.js';
import type { LayoutOverrides } from '../layout/types.js';
import { vocabFromOption } from '../layout/vocab.js';
import { loadIndex } from '../node/index-cache.js';
import { planAnswers } from '../plan/plan-answers.js';
import { answerSummary } from '../report/answer-summary.js';
import { buildReport } from '../report/build-report.js';
import { renderReport, reportFormatOf } from '../report/write-report.js';
import { encryptWorkbook } from '../workbook/decrypt.js';
import { patchWorkbook } from '../workbook/patch-cells.js';
import { readWorkbook } from '../workbook/read-workbook.js';
import { writeFilesAtomic } from '../node/write-file-atomic.js';
import { defaultOutputPath, defaultReportPath, guardOutput, loadWorkbookInput, parseColumn, parsePositiveInt, passwordFrom, resolveBankDir, withoutInterruption } from '../node/open-input.js';
import { startProgress } from './progress.js';
import { terminal } from './style.js';

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
    progress.text('reading the workbook');
    const input = await loadWorkbookInput(file, { password: passwordFrom(flags.password) });
    const bytes = input.bytes;
    const wb = readWorkbook(bytes);
    const output = flags.output ?? defaultOutputPath(file, wb.kind);
    const reportPath = flags.report ?? defaultReportPath(output);
    const format = reportFormatOf(reportPath);
    guardOutput(output, file, Boolean(flags.force));
    guardOutput(reportPath, file, Boolean(flags.force), 'report');
    if (output === reportPath) throw new KotaeError('BAD_OPTION', 'the output and the report are the same path', 'choose another --report path');
    if (input.source !== 'xlsx' && input.source !== 'encrypted' && extname(output).toLowerCase() !== `.${wb.kind}`) {
      throw new KotaeError('BAD_OPTION', `the answered copy of a converted workbook is an .${wb.kind} file, but -o is ${output}`, `give -o a name ending in .${wb.kind}`);
    }

    progress.text('loading the answer bank');
    const bankDir = resolveBankDir(flags.bank);
    const bank = await openBank(bankDir);
    const index = loadIndex(bank);

    progress.text('matching questions');
    const plan = planAnswers(wb, index, { overrides, noCite: !flags.cite });
    const patched = patchWorkbook(bytes, plan.edits, { overwrite: Boolean(flags.overwrite) });
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
      writeFilesAtomic([
        { path: output, data: outBytes },
        { path: reportPath, data: reportBytes },
      ]),
    );
    progress.stop();
    if (!flags.quiet) for (const n of notes) process.stderr.write(`note: ${n}\n`);
    const summary = answerSummary(report, reportPath, { json: Boolean(flags.json), quiet: Boolean(flags.quiet) }, terminal);
    if (summary) process.stdout.write(summary);
    return 0;
  } finally {
    progress.stop();
  }
}
