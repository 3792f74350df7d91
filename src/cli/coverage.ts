import { coverageExitCode, summarizeCoverage } from '../app/coverage.js';
import { KotaeError } from '../domain/errors.js';
import { openBank } from '../node/bank-cache.js';
import { collectWorkbooks, runCoverageFiles } from '../node/coverage-run.js';
import { resolveBankDir } from '../node/output-paths.js';
import { coverageToJson, coverageToMarkdown, coverageToText } from '../report/coverage.js';
import { parsePositiveInt, parseShare } from './options.js';
import { startProgress } from './progress.js';

interface CoverageFlags {
  bank?: string;
  min: string;
  top: string;
  format: 'text' | 'json' | 'md';
}

export async function runCoverage(paths: string[], flags: CoverageFlags): Promise<number> {
  const min = parseShare(flags.min, '--min');
  const top = parsePositiveInt(flags.top, '--top');
  const bank = await openBank(resolveBankDir(flags.bank));
  const files = collectWorkbooks(paths);
  if (files.length === 0) {
    throw new KotaeError('FILE_NOT_FOUND', `no .xlsx / .xlsm workbook in ${paths.join(', ')}`, 'give workbooks or folders holding them');
  }
  const progress = await startProgress(flags.format === 'text');
  let results;
  try {
    results = await runCoverageFiles(files, bank, { onProgress: (done, total) => progress.text(`planning ${done}/${total} workbooks`) });
  } finally {
    progress.stop();
  }
  const report = summarizeCoverage(results, bank.entries, { topics: top });
  if (report.readable === 0) {
    const first = report.files.find((f) => f.error !== undefined);
    throw new KotaeError(
      'NOT_A_WORKBOOK',
      `none of the ${files.length} workbook(s) could be read${first ? ` (${first.file}: ${first.error})` : ''}`,
      'check the paths; kotae reads .xlsx / .xlsm questionnaires',
    );
  }
  const render = flags.format === 'json' ? coverageToJson : flags.format === 'md' ? coverageToMarkdown : coverageToText;
  process.stdout.write(render(report, min));
  return coverageExitCode(report, min);
}
