import { coverageExitCode, relabelCoverage, summarizeCoverage } from '../app/coverage.js';
import { KotaeError } from '../domain/errors.js';
import { openBank } from '../node/bank-cache.js';
import { collectWorkbooks, displayNames, runCoverageFiles, type SkippedPath } from '../node/coverage-run.js';
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
  const skipped: SkippedPath[] = [];
  const files = collectWorkbooks(paths, skipped);
  if (files.length === 0) {
    const why = skipped.length > 0 ? ` (skipped ${skipped.length}: ${skipped[0]!.path}: ${skipped[0]!.reason})` : '';
    throw new KotaeError('FILE_NOT_FOUND', `no .xlsx / .xlsm workbook in ${paths.join(', ')}${why}`, 'give workbooks or folders holding them');
  }
  const progress = await startProgress(flags.format === 'text');
  let results;
  try {
    results = await runCoverageFiles(files, bank, { onProgress: (done, total) => progress.text(`planning ${done}/${total} workbooks`) });
  } finally {
    progress.stop();
  }
  const labelled = relabelCoverage(results, displayNames(paths, files));
  // what the folders held but was not read is listed with the files not read, and why
  for (const s of skipped) labelled.push({ file: s.path, sheets: [], open: [], answeredBy: {}, error: `skipped: ${s.reason}` });
  const report = summarizeCoverage(labelled, bank.entries, { topics: top });
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
