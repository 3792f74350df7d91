import { answerSheet } from '../app/answer-sheet.js';
import { neutralizeControls } from '../domain/safe-text.js';
import { openBank } from '../node/bank-cache.js';
import { loadIndex } from '../node/index-cache.js';
import { loadWorkbookInput, passwordFrom } from '../node/open-input.js';
import { defaultOutputPath, defaultReportPath, guardDistinct, guardOutput, guardOutputKind, packageExtension, resolveBankDir } from '../node/output-paths.js';
import { withoutInterruption, writeFilesAtomic } from '../node/write-file-atomic.js';
import { fileSha256, recordedPath, sha256Hex } from '../node/worklist-files.js';
import { alreadyAnsweredNote, answerSummary } from '../report/answer-summary.js';
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
    const wb = readWorkbook(input.bytes);
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
    const index = loadIndex(await openBank(bankDir));

    progress.text('matching questions');
    const overwrite = Boolean(flags.overwrite);
    const answered = answerSheet(input.bytes, wb, index, { overrides, noCite: !flags.cite, overwrite, password: input.password });
    const { plan } = answered;
    const report = buildReport(plan, {
      input: file,
      output,
      bank: bankDir,
      now: new Date(),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      inputSha256: fileSha256(file),
      outputSha256: sha256Hex(answered.bytes),
    });
    if (answered.clipped.length > 0) report.rowsToWiden = answered.clipped;
    // the worklist records where the input and the answered copy are, for `kotae apply`
    const rendered = await renderReport(report, format, { input: recordedPath(file, reportPath), answered: recordedPath(output, reportPath) });

    // A protected workbook comes back protected with the same password (answerSheet); so does an
    // .xlsx report (it quotes the customer's questions). Other report formats cannot carry a password.
    const notes = [...input.notes];
    for (const l of plan.layouts) for (const w of l.warnings ?? []) notes.push(`sheet "${l.sheet}": ${w}`);
    for (const v of plan.verdicts) {
      // layout flags apply to every sheet: say which sheet they ruled out
      if (!v.questionnaire && v.flagError) notes.push(`sheet "${v.sheet}" not answered: ${v.reason} (layout flags apply to every sheet; --sheet names one)`);
    }
    const filledNote = alreadyAnsweredNote(plan.layouts, overwrite);
    if (filledNote) notes.push(filledNote);
    let reportBytes = rendered;
    if (input.password !== undefined) {
      if (format === 'xlsx') reportBytes = encryptWorkbook(rendered, input.password);
      else notes.push(`the report ${reportPath} is not encrypted (${format} files cannot carry a password); keep it as confidential as the workbook`);
    }

    progress.text('writing');
    // both or neither: a failure (or Ctrl-C) leaves no answered copy without its report, and no temp files
    await withoutInterruption(() =>
      writeFilesAtomic(
        [
          { path: output, data: answered.bytes },
          { path: reportPath, data: reportBytes },
        ],
        // without --force the files are created exclusively: of two runs to one output, one wins
        { replace: force },
      ),
    );
    progress.stop();
    if (!flags.quiet) for (const n of notes) process.stderr.write(`note: ${neutralizeControls(n, '')}\n`);
    const summary = answerSummary(report, reportPath, { json: Boolean(flags.json), quiet: Boolean(flags.quiet) }, terminal);
    if (summary) process.stdout.write(summary);
    return 0;
  } finally {
    progress.stop();
  }
}
