import { extname } from 'node:path';
import { answerSheet } from '../app/answer-sheet.js';
import { KotaeError } from '../domain/errors.js';
import { openBank } from '../node/bank-cache.js';
import { loadIndex } from '../node/index-cache.js';
import { loadWorkbookInput, passwordFrom } from '../node/open-input.js';
import { defaultOutputPath, defaultReportPath, guardOutput, resolveBankDir } from '../node/output-paths.js';
import { withoutInterruption, writeFilesAtomic } from '../node/write-file-atomic.js';
import { answerSummary } from '../report/answer-summary.js';
import { buildReport } from '../report/build-report.js';
import { renderReport, reportFormatOf } from '../report/write-report.js';
import { encryptWorkbook } from '../workbook/decrypt.js';
import { readWorkbook } from '../workbook/read-workbook.js';
import { layoutOverrides, type LayoutFlags } from './options.js';
import { startProgress } from './progress.js';
import { terminal } from './style.js';

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
    const wb = readWorkbook(input.bytes);
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
    const index = loadIndex(await openBank(bankDir));

    progress.text('matching questions');
    const answered = answerSheet(input.bytes, wb, index, { overrides, noCite: !flags.cite, overwrite: Boolean(flags.overwrite), password: input.password });
    const report = buildReport(answered.plan, { input: file, output, bank: bankDir, now: new Date() });
    const rendered = await renderReport(report, format);

    // A protected workbook comes back protected with the same password (answerSheet); so does an
    // .xlsx report (it quotes the customer's questions). Other report formats cannot carry a password.
    const notes = [...input.notes];
    let reportBytes = rendered;
    if (input.password !== undefined) {
      if (format === 'xlsx') reportBytes = encryptWorkbook(rendered, input.password);
      else notes.push(`the report ${reportPath} is not encrypted (${format} files cannot carry a password); keep it as confidential as the workbook`);
    }

    progress.text('writing');
    // both or neither: a failure (or Ctrl-C) leaves no answered copy without its report, and no temp files
    await withoutInterruption(() =>
      writeFilesAtomic([
        { path: output, data: answered.bytes },
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
