import { extname, isAbsolute, relative, resolve } from 'node:path';
import { buildExportRows } from '../app/export-bank.js';
import { summarizeCoverage } from '../app/coverage.js';
import { KotaeError } from '../domain/errors.js';
import { collectWorkbooks, runCoverageFiles } from '../node/coverage-run.js';
import { loadBank } from '../node/load-bank.js';
import { canonicalPath, guardOutput, resolveBankDir } from '../node/output-paths.js';
import { withoutInterruption, writeFileAtomic } from '../node/write-file-atomic.js';
import { exportSummary, exportToMarkdown, exportToXlsx, unreadWarnings } from '../report/export-bank.js';

interface ExportFlags {
  bank?: string;
  format?: 'xlsx' | 'md';
  output?: string;
  lang: 'ja' | 'en';
  coverage?: string[];
  force?: boolean;
}

export async function runBankExport(flags: ExportFlags): Promise<number> {
  const fromExt = flags.output ? extname(flags.output).toLowerCase() : '';
  const format = flags.format ?? (fromExt === '.md' || fromExt === '.markdown' ? 'md' : 'xlsx');
  const output = flags.output ?? `kotae-security-answers.${format}`;
  const bankDir = resolveBankDir(flags.bank);
  guardOutput(output, resolve(bankDir), Boolean(flags.force));
  // compared as files: an export written into the bank folder (by any spelling) could replace a bank file
  const rel = relative(canonicalPath(bankDir), canonicalPath(output));
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) {
    throw new KotaeError(
      'BAD_OPTION',
      `the export ${output} would be written inside the answer bank folder ${bankDir}`,
      'write it elsewhere, e.g. -o kotae-security-answers.xlsx in the current folder',
    );
  }
  const bank = loadBank(bankDir);

  let asked: Map<string, number> | undefined;
  if (flags.coverage) {
    const files = collectWorkbooks(flags.coverage);
    if (files.length === 0)
      throw new KotaeError('FILE_NOT_FOUND', `no .xlsx / .xlsm workbook in ${flags.coverage.join(', ')}`, 'give workbooks or folders holding them');
    const report = summarizeCoverage(await runCoverageFiles(files, bank), bank.entries);
    asked = new Map(report.answeredBy.map((a) => [a.id, a.rows]));
    process.stderr.write(unreadWarnings(report.files));
  }
  const rows = buildExportRows(bank.entries, flags.lang, asked);
  const bytes = format === 'md' ? exportToMarkdown(rows, flags.lang) : await exportToXlsx(rows, flags.lang);
  await withoutInterruption(() => writeFileAtomic(output, bytes, { replace: Boolean(flags.force) }));
  process.stdout.write(exportSummary(output, rows, asked !== undefined));
  return 0;
}
