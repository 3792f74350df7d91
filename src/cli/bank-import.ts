import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import { makeDirs } from '../node/cache.js';
import { extractResponses, planImport } from '../app/import-responses.js';
import type { ResponseRow } from '../bank/import-plan.js';
import { buildFileChanges } from '../bank/import-yaml.js';
import { loadBank } from '../node/load-bank.js';
import { toIsoDate } from '../bank/regulation.js';
import { KotaeError } from '../domain/errors.js';
import { loadIndex } from '../node/index-cache.js';
import { writeFileAtomic } from '../node/write-file-atomic.js';
import { readWorkbook } from '../workbook/read-workbook.js';
import { importToJson, importToText } from '../report/import.js';
import { layoutOverrides, type LayoutFlags } from './answer.js';
import { terminal } from './style.js';
import { readInput, resolveBankDir, withoutInterruption } from '../node/open-input.js';

interface ImportFlags extends LayoutFlags {
  bank?: string;
  source?: string;
  owner?: string;
  dryRun?: boolean;
  format: 'text' | 'json';
}

/** `"Acme Corp, 2025-08-30"` → customer and ISO date (the last comma separates them). */
export function parseSource(value: string | undefined): { customer: string; date: string } {
  const hint = 'e.g. --source "Acme Corp, 2025-08-30" (the customer the sheet was answered for, and when)';
  if (!value) throw new KotaeError('BAD_OPTION', '--source is required', hint);
  const cut = Math.max(value.lastIndexOf(','), value.lastIndexOf('、'), value.lastIndexOf('，'));
  const customer = cut >= 0 ? value.slice(0, cut).trim() : '';
  const date = cut >= 0 ? toIsoDate(value.slice(cut + 1).trim()) : undefined;
  if (!customer || !date) throw new KotaeError('BAD_OPTION', `--source "${value}" is not "<customer>, <date>"`, hint);
  return { customer, date };
}

export async function runBankImport(files: string[], flags: ImportFlags): Promise<number> {
  const source = parseSource(flags.source);
  const overrides = layoutOverrides(flags);
  const owner = flags.owner?.trim() || 'CTO';
  const bankDir = resolveBankDir(flags.bank);
  const bank = loadBank(bankDir);
  const index = loadIndex(bank);

  const responses: ResponseRow[] = [];
  for (const file of files) {
    const wb = readWorkbook(readInput(file));
    responses.push(...extractResponses(wb, basename(file), overrides));
  }
  const plan = planImport(bank, index, responses, { source, owner });
  const changes = buildFileChanges(plan, bank.dir, (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined));
  if (!flags.dryRun) {
    // every changed file, or (on a write error) the ones before it: a re-run completes the import
    await withoutInterruption(() => {
      for (const c of changes) {
        makeDirs(dirname(c.path));
        writeFileAtomic(c.path, c.after);
      }
    });
  }
  const dryRun = Boolean(flags.dryRun);
  process.stdout.write(
    flags.format === 'json' ? importToJson(plan, changes, dryRun) : importToText(plan, changes, { dryRun, fileCount: files.length, display: displayPath }, terminal),
  );
  // conflicts are findings: the bank and a past response disagree, a person must decide
  return plan.conflicts.length > 0 ? 1 : 0;
}

/** A path relative to the working folder when it is inside it, else as it is. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
