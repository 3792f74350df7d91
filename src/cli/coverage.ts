import { openBank } from '../bank/bank-cache.js';
import { KotaeError } from '../errors.js';
import { coverageExitCode, coverageToJson, coverageToMarkdown, coverageToText, summarizeCoverage } from '../pipeline/coverage.js';
import type { FileCoverage } from '../pipeline/coverage.js';
import { collectWorkbooks, displayNames, runCoverageFiles, type SkippedPath } from '../pipeline/coverage-run.js';
import { parsePositiveInt, resolveBankDir } from './io.js';
import { startProgress } from './progress.js';

interface CoverageFlags {
  bank?: string;
  min: string;
  top: string;
  format: 'text' | 'json' | 'md';
}

export function parseShare(value: string, flag: string): number {
  const v = value.trim();
  const n = v.endsWith('%') ? Number(v.slice(0, -1)) / 100 : Number(v);
  if (v === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new KotaeError('BAD_OPTION', `${flag} "${value}" is not a share between 0 and 1`, `e.g. ${flag} 0.8 (or ${flag} 80%)`);
  }
  return n;
}

/** The results with each workbook named as the output shows it (relative to the arguments). */
function relabel(results: FileCoverage[], names: Map<string, string>): FileCoverage[] {
  const name = (f: string) => names.get(f) ?? f;
  return results.map((r) => ({
    ...r,
    file: name(r.file),
    sheets: r.sheets.map((s) => ({ ...s, file: name(s.file) })),
    open: r.open.map((q) => ({ ...q, file: name(q.file) })),
  }));
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
  const labelled = relabel(results, displayNames(paths, files));
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
