import chalk from 'chalk';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import { makeDirs } from '../bank/bank-cache.js';
import { extractResponses, importCounts, planImport, type ImportPlan, type ResponseRow } from '../bank/import-sheet.js';
import { buildFileChanges, type FileChange } from '../bank/import-yaml.js';
import { loadBank } from '../bank/load-bank.js';
import { toIsoDate } from '../bank/regulation.js';
import { KotaeError } from '../errors.js';
import { loadIndex } from '../match/index-cache.js';
import { errnoText, writeFileAtomic } from '../workbook/write-file-atomic.js';
import { readWorkbook } from '../workbook/read-workbook.js';
import { jsonSafe, neutralizeDeep, stripControls } from '../safe-text.js';
import { layoutOverrides, type LayoutFlags } from './answer.js';
import { readInput, resolveBankDir, withoutInterruption } from './io.js';

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
  // (it names the inbox file and is written into the bank: no control characters)
  const customer = cut >= 0 ? stripControls(value.slice(0, cut)).trim() : '';
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
    // what the bank stores carries no control character (an ESC in a question would break the YAML
    // for other readers, and reach every terminal that prints the entry)
    for (const r of extractResponses(wb, basename(file), overrides)) responses.push(cleanRow(r));
  }
  const plan = planImport(bank, index, responses, { source, owner });
  const changes = buildFileChanges(plan, bank.dir, (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined));
  if (!flags.dryRun) {
    // every changed file, or (on a write error) the ones before it: a re-run completes the import
    await withoutInterruption(() => {
      for (const c of changes) {
        try {
          makeDirs(dirname(c.path));
        } catch (e) {
          throw new KotaeError('IO_ERROR', `cannot create the folder ${dirname(c.path)}: ${errnoText(e)}`, 'check that the bank folder is writable and nothing of that name is in the way');
        }
        writeFileAtomic(c.path, c.after);
      }
    });
  }
  process.stdout.write(
    flags.format === 'json'
      ? jsonSafe(formatJson(plan, changes, Boolean(flags.dryRun)))
      : formatText(neutralizeDeep(plan, ''), neutralizeDeep(changes.map((c) => ({ ...c, before: c.before === undefined ? undefined : '', after: '' })), ''), Boolean(flags.dryRun), files.length),
  );
  // conflicts are findings: the bank and a past response disagree, a person must decide
  return plan.conflicts.length > 0 ? 1 : 0;
}

function cleanRow(r: ResponseRow): ResponseRow {
  const out: ResponseRow = { ...r, file: stripControls(r.file), sheet: stripControls(r.sheet), question: stripControls(r.question), answerText: stripControls(r.answerText) };
  if (r.id !== undefined) out.id = stripControls(r.id);
  if (r.category !== undefined) out.category = stripControls(r.category);
  if (r.remarks !== undefined) out.remarks = stripControls(r.remarks);
  return out;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function where(r: ResponseRow): string {
  return `${r.file} ${r.sheet}!${r.row}${r.id ? ` (${r.id})` : ''}`;
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function formatText(plan: ImportPlan, changes: FileChange[], dryRun: boolean, fileCount: number): string {
  const n = importCounts(plan);
  const lines: string[] = [];
  lines.push(`${n.responses} answered row(s) read from ${fileCount} workbook(s) (${plan.source.customer}, ${plan.source.date})`);
  lines.push('');
  lines.push(chalk.bold(`new phrasings: ${n.phrasings} for ${n.entriesExtended} entr${n.entriesExtended === 1 ? 'y' : 'ies'}`));
  for (const p of plan.phrasings) lines.push(`  ${p.entryId} (${p.answer}) + "${oneLine(p.question)}"  ${chalk.dim(where(p.from))}`);
  lines.push('');
  lines.push(chalk.bold(`${n.conflicts > 0 ? chalk.red('conflicts') : 'conflicts'}: ${n.conflicts}`));
  for (const c of plan.conflicts) {
    lines.push(`  ${where(c.from)}: answered ${c.answer} (${c.from.answerText})`);
    lines.push(`    sheet: "${oneLine(c.from.question)}"`);
    if (c.other.kind === 'entry') {
      lines.push(`    bank:  ${c.other.entryId}${c.other.status === 'draft' ? ' (draft)' : ''} answers ${c.other.answer}: "${oneLine(c.other.phrasing)}"`);
    } else {
      lines.push(`    same question answered ${c.other.answer} at ${c.other.file} ${c.other.sheet}!${c.other.row}: "${oneLine(c.other.question)}"`);
    }
  }
  lines.push('');
  lines.push(chalk.bold(`drafts: ${n.drafts} entr${n.drafts === 1 ? 'y' : 'ies'} from ${n.draftRows} row(s)`) + (n.drafts ? ` → ${plan.draftFile}` : ''));
  const skippedTotal = plan.skipped.length;
  lines.push('');
  lines.push(
    chalk.bold(`skipped: ${skippedTotal}`) +
      (skippedTotal
        ? ` (${n.skipped['free-text']} free-text answer(s) that are not yes/no/partial/n.a., ${n.skipped.known} already in the bank, ${n.skipped.duplicate} repeated in the sheet)`
        : ''),
  );
  for (const s of plan.skipped.filter((x) => x.reason === 'free-text').slice(0, 20)) {
    lines.push(`  ${where(s.from)}: "${s.from.answerText.slice(0, 60)}"`);
  }
  lines.push('');
  if (n.responses === 0) {
    // a blank sheet: nothing a person answered, so nothing to learn (not "the bank holds it all")
    lines.push(`no answered rows in ${fileCount === 1 ? 'this workbook' : 'these workbooks'}: nothing to import. bank import reads the rows a person answered (○ / × / Yes / No …) in a completed sheet; check the answer column with \`kotae inspect\`, or name it with --answer-col`);
  } else if (changes.length === 0) lines.push('nothing to change: the bank already holds every answer of these sheets');
  for (const c of changes) {
    const what = c.entriesAdded ? `${c.entriesAdded} draft(s)` : `${c.phrasingsAdded} phrasing(s)`;
    lines.push(`${dryRun ? 'would write' : c.before === undefined ? 'created' : 'updated'} ${display(c.path)} (${what})`);
  }
  if (dryRun) lines.push(chalk.yellow('dry run: nothing written'));
  if (n.drafts > 0 && !dryRun) lines.push(`next: review ${plan.draftFile} and set status: approved on the entries that are right`);
  return `${lines.join('\n')}\n`;
}

function formatJson(plan: ImportPlan, changes: FileChange[], dryRun: boolean): string {
  const row = (r: ResponseRow) => ({ file: r.file, sheet: r.sheet, row: r.row, id: r.id, question: r.question, answerText: r.answerText, answer: r.answer });
  const json = {
    source: plan.source,
    dryRun,
    counts: importCounts(plan),
    phrasings: plan.phrasings.map((p) => ({ entry: p.entryId, question: p.question, answer: p.answer, from: row(p.from) })),
    conflicts: plan.conflicts.map((c) => ({ from: row(c.from), answer: c.answer, other: c.other })),
    drafts: plan.drafts.map((d) => ({ id: d.entry.id, answer: d.entry.answer, questions: d.entry.questions, rows: d.rows.map(row) })),
    draftFile: plan.draftFile,
    skipped: plan.skipped.map((s) => ({ reason: s.reason, entry: s.entryId, from: row(s.from) })),
    files: changes.map((c) => ({ path: c.path, created: c.before === undefined, phrasingsAdded: c.phrasingsAdded, entriesAdded: c.entriesAdded, written: !dryRun })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
