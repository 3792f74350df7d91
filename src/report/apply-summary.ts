/** What `kotae apply` wrote, left alone and learned, for a person (text) or another tool (JSON). */
import type { ApplyResult, OutcomeStatus, RowOutcome } from '../app/apply-decisions.js';
import { importCounts } from '../bank/import-plan.js';
import { jsonSafe, neutralizeControls } from '../domain/safe-text.js';
import { rangeList } from './row-ranges.js';
import { PLAIN, type Style } from './style.js';

export interface ApplySummaryMeta {
  report: string;
  answered: string;
  dryRun: boolean;
  /** the bank folder, when it learned */
  bank?: string;
  display: (path: string) => string;
}

const WORDS: Record<OutcomeStatus, string> = {
  written: 'written',
  already: 'already in the workbook as decided',
  'not-empty': 'not written: the cell holds something else (--overwrite replaces it)',
  formula: 'not written: the cell is a formula',
  skip: 'left blank (回答しない / Don’t answer)',
  undecided: 'not decided yet (判断 empty)',
};

/** `Sheet1 rows 4-6, 9; Sheet2 row 3` */
function rowsText(outcomes: readonly RowOutcome[]): string {
  const bySheet = new Map<string, number[]>();
  for (const o of outcomes) bySheet.set(o.rec.sheet, [...(bySheet.get(o.rec.sheet) ?? []), o.rec.row]);
  return [...bySheet].map(([sheet, rows]) => `${neutralizeControls(sheet, '')} ${rows.length === 1 ? 'row' : 'rows'} ${rangeList(rows)}`).join('; ');
}

export function applyToText(result: ApplyResult, meta: ApplySummaryMeta, style: Style = PLAIN): string {
  const lines: string[] = [];
  const order: OutcomeStatus[] = ['written', 'already', 'not-empty', 'formula', 'skip', 'undecided'];
  for (const status of order) {
    const rows = result.outcomes.filter((o) => o.status === status);
    if (rows.length === 0) continue;
    const head = `${rows.length} ${WORDS[status]}`;
    const coloured = status === 'written' ? style.green(head) : status === 'not-empty' || status === 'formula' ? style.yellow(head) : head;
    lines.push(`${meta.dryRun && status === 'written' ? `(dry run) ${coloured.replace('written', 'would be written')}` : coloured}: ${rowsText(rows)}`);
  }
  if (result.outcomes.length === 0) lines.push('the worklist has no rows: every question was answered by `kotae answer`');
  const written = result.outcomes.filter((o) => o.status === 'written').length;
  if (written === 0 && !meta.dryRun) lines.push('nothing new to write: the answered workbook is as it was');
  const l = result.learning;
  if (l) {
    const n = importCounts(l.plan);
    const parts = [
      `${n.phrasings} new ${n.phrasings === 1 ? 'phrasing' : 'phrasings'}`,
      `${n.drafts} ${n.drafts === 1 ? 'draft' : 'drafts'}${n.drafts ? ` in ${l.plan.draftFile}` : ''}`,
      `${n.conflicts} ${n.conflicts === 1 ? 'conflict' : 'conflicts'}`,
    ];
    if (n.skipped.known) parts.push(`${n.skipped.known} already known`);
    if (n.skipped['free-text']) parts.push(`${n.skipped['free-text']} without a yes / no to learn`);
    lines.push(`${meta.dryRun ? 'bank would learn' : 'bank learned'}: ${parts.join(', ')}`);
    for (const p of l.plan.phrasings) lines.push(`  ${p.entryId} + "${oneLine(neutralizeControls(p.question, ''))}"`);
    for (const c of l.plan.conflicts) {
      const other = c.other.kind === 'entry' ? `${c.other.entryId} answers ${c.other.answer}` : `row ${c.other.row} answered ${c.other.answer}`;
      lines.push(
        style.red(`  conflict: ${neutralizeControls(c.from.sheet, '')} row ${c.from.row} answered ${c.answer}, but ${other}: nothing changed in the bank`),
      );
    }
    if (n.drafts) lines.push(`  drafts do not answer until the CTO approves them: kotae bank validate lists them`);
  }
  lines.push(`answered: ${meta.display(meta.answered)}`);
  lines.push(`report:   ${meta.display(meta.report)}`);
  if (meta.bank) lines.push(`bank:     ${meta.display(meta.bank)}`);
  return `${lines.join('\n')}\n`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function applyToJson(result: ApplyResult, meta: ApplySummaryMeta): string {
  const counts: Record<OutcomeStatus, number> = { written: 0, already: 0, 'not-empty': 0, formula: 0, skip: 0, undecided: 0 };
  for (const o of result.outcomes) counts[o.status]++;
  const out = {
    report: meta.report,
    answered: meta.answered,
    dryRun: meta.dryRun,
    counts,
    rows: result.outcomes.map((o) => ({
      sheet: o.rec.sheet,
      row: o.rec.row,
      status: o.status,
      ...(o.answer !== undefined ? { answer: o.answer } : {}),
      ...(o.remarks !== undefined ? { remarks: o.remarks } : {}),
      ...(o.edited !== undefined ? { edited: o.edited } : {}),
      ...(o.rec.entry ? { entry: o.rec.entry } : {}),
    })),
    ...(result.learning
      ? {
          learned: {
            ...importCounts(result.learning.plan),
            draftFile: result.learning.plan.draftFile,
            phrasings: result.learning.plan.phrasings.map((p) => ({ entry: p.entryId, question: p.question })),
            conflicts: result.learning.plan.conflicts.map((c) => ({ sheet: c.from.sheet, row: c.from.row, answer: c.answer, other: c.other })),
          },
        }
      : {}),
  };
  return `${jsonSafe(JSON.stringify(out, null, 2))}\n`;
}
