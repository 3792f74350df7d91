import { basename, relative } from 'node:path';
import { applyDecisions, readWorklist } from '../app/apply-decisions.js';
import { KotaeError } from '../domain/errors.js';
import { neutralizeControls } from '../domain/safe-text.js';
import { readBankText, writeBankChanges } from '../node/bank-edits.js';
import { loadBank } from '../node/load-bank.js';
import { loadWorkbookInput, passwordFrom } from '../node/open-input.js';
import { resolveBankDir } from '../node/output-paths.js';
import { withoutInterruption, writeFilesAtomic } from '../node/write-file-atomic.js';
import { assertNotOpen, locateAnswered } from '../node/worklist-files.js';
import { applyToJson, applyToText } from '../report/apply-summary.js';
import { readWorkbook } from '../workbook/read-workbook.js';
import { parseSource } from './options.js';
import { terminal } from './style.js';

interface ApplyFlags {
  bank?: string;
  learn: boolean;
  overwrite?: boolean;
  source?: string;
  owner?: string;
  dryRun?: boolean;
  json?: boolean;
  password?: string;
}

export async function runApply(reportPath: string, flags: ApplyFlags): Promise<number> {
  if (!/\.xlsx$/i.test(reportPath)) {
    throw new KotaeError(
      'BAD_REPORT',
      `${basename(reportPath)} is not an .xlsx worklist`,
      'apply the <name>.report.xlsx that `kotae answer` wrote (.md, .json and .csv reports are for reading)',
    );
  }
  const password = passwordFrom(flags.password);
  assertNotOpen(reportPath);
  const report = await loadWorkbookInput(reportPath, { password, convert: false });
  const worklist = readWorklist(readWorkbook(report.bytes), basename(reportPath));
  const answeredPath = locateAnswered(worklist.record, reportPath);
  assertNotOpen(answeredPath);
  const answered = await loadWorkbookInput(answeredPath, { password, convert: false });
  const learn = flags.learn !== false;
  const bank = learn ? loadBank(resolveBankDir(flags.bank)) : undefined;
  const now = new Date();
  const source = flags.source !== undefined ? parseSource(flags.source) : { customer: customerOf(worklist.record.input.path), date: localDate(now) };
  const result = applyDecisions(worklist, { bytes: answered.bytes, wb: readWorkbook(answered.bytes) }, report.bytes, {
    overwrite: Boolean(flags.overwrite),
    password: answered.password,
    learn,
    ...(bank ? { bank } : {}),
    source,
    owner: flags.owner?.trim() || 'CTO',
    read: readBankText,
    now,
  });
  const dryRun = Boolean(flags.dryRun);
  if (!dryRun) {
    // the answered copy and the report's record together, or neither; then the bank
    if (result.answered && result.report) {
      const answeredBytes = result.answered;
      const reportBytes = result.report;
      await withoutInterruption(() =>
        writeFilesAtomic(
          [
            { path: answeredPath, data: answeredBytes },
            { path: reportPath, data: reportBytes },
          ],
          { replace: true },
        ),
      );
    }
    if (result.learning?.changes.length) await writeBankChanges(result.learning.changes);
  }
  const meta = { report: reportPath, answered: answeredPath, dryRun, ...(bank ? { bank: bank.dir } : {}), display: displayPath };
  process.stdout.write(flags.json ? applyToJson(result, meta) : applyToText(result, meta, terminal));
  const findings = result.outcomes.some((o) => o.status === 'not-empty' || o.status === 'formula') || (result.learning?.plan.conflicts.length ?? 0) > 0;
  return findings ? 1 : 0;
}

/** The customer a draft is credited to when --source is not given: the input's name without its extension. */
function customerOf(inputPath: string): string {
  const name = neutralizeControls(basename(inputPath), '').replace(/\.(xlsx|xlsm|xltx|xltm|xls|ods)$/i, '');
  return name || 'unknown customer';
}

/** YYYY-MM-DD on the local clock. */
function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
