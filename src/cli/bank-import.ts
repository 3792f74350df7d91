import { basename, relative } from 'node:path';
import { importResponses } from '../app/import-responses.js';
import { readBankText, writeBankChanges } from '../node/bank-edits.js';
import { loadIndex } from '../node/index-cache.js';
import { loadBank } from '../node/load-bank.js';
import { readInput } from '../node/open-input.js';
import { resolveBankDir } from '../node/output-paths.js';
import { importToJson, importToText } from '../report/import.js';
import { readWorkbook } from '../workbook/read-workbook.js';
import { layoutOverrides, parseSource, type LayoutFlags } from './options.js';
import { terminal } from './style.js';

interface ImportFlags extends LayoutFlags {
  bank?: string;
  source?: string;
  owner?: string;
  dryRun?: boolean;
  format: 'text' | 'json';
}

export async function runBankImport(files: string[], flags: ImportFlags): Promise<number> {
  const source = parseSource(flags.source);
  const overrides = layoutOverrides(flags);
  const owner = flags.owner?.trim() || 'CTO';
  const bank = loadBank(resolveBankDir(flags.bank));
  const index = loadIndex(bank);
  // each workbook read when the import comes to it
  const sheets = (function* () {
    for (const file of files) yield { file: basename(file), wb: readWorkbook(readInput(file)) };
  })();
  const { plan, changes } = importResponses(bank, index, sheets, { source, owner, overrides }, readBankText);
  const dryRun = Boolean(flags.dryRun);
  if (!dryRun) await writeBankChanges(changes);
  process.stdout.write(
    flags.format === 'json'
      ? importToJson(plan, changes, dryRun)
      : importToText(plan, changes, { dryRun, fileCount: files.length, display: displayPath }, terminal),
  );
  // conflicts are findings: the bank and a past response disagree, a person must decide
  return plan.conflicts.length > 0 ? 1 : 0;
}

/** A path relative to the working folder when it is inside it, else as it is. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
