/** `kotae inspect`: the layout kotae detects, as text for a person or as JSON for scripts and tests. */
import type { SheetLayout, SheetVerdict } from '../layout/types.js';
import { jsonSafe, neutralizeDeep } from '../domain/safe-text.js';
import { colToLetters } from '../workbook/refs.js';
import { rangeList } from './row-ranges.js';
import { PLAIN, type Style } from './style.js';

/** The machine-readable layout: the shape tests and scripts rely on. */
function layoutJson(layout: SheetLayout) {
  const c = layout.columns;
  const columns: Record<string, string | string[]> = { question: colToLetters(c.question), answer: colToLetters(c.answer) };
  if (c.id !== undefined) columns.id = colToLetters(c.id);
  if (c.remarks !== undefined) columns.remarks = colToLetters(c.remarks);
  if (c.category.length) columns.category = c.category.map(colToLetters);
  return {
    name: layout.sheet,
    headerRow: layout.headerRow,
    headerRows: layout.headerRows,
    columns,
    questionRows: layout.questionRows.map((q) => q.row),
    vocab: layout.vocab.items,
    vocabSource: layout.vocab.source,
    answerWords: layout.vocab.map,
    language: layout.language,
    skippedRows: layout.skippedRows.map((s) => ({ row: s.row, reason: s.reason })),
    ...(layout.questionRows.some((q) => q.remarksCell?.col !== c.remarks)
      ? { remarksByRow: Object.fromEntries(layout.questionRows.map((q) => [q.row, q.remarksCell ? colToLetters(q.remarksCell.col) : null])) }
      : {}),
    ...(layout.reviewerColumns ? { reviewerColumns: layout.reviewerColumns.map(colToLetters) } : {}),
    ...(layout.warnings ? { warnings: layout.warnings } : {}),
  };
}

export function inspectToJson(file: string, verdicts: readonly SheetVerdict[]): string {
  const sheets = verdicts.flatMap((v) => (v.questionnaire ? [layoutJson(v.layout)] : []));
  const notQuestionnaires = verdicts.flatMap((v) => (v.questionnaire ? [] : [{ name: v.sheet, reason: v.reason }]));
  return `${jsonSafe(JSON.stringify({ file, sheets, notQuestionnaires }, null, 2))}\n`;
}

/**
 * The sheets that are not questionnaires, a line each (shown before the error when none is); with
 * --sheet (`only`), only that sheet: the others were not looked at.
 */
export function notQuestionnairesText(all: readonly SheetVerdict[], style: Style = PLAIN, only?: string): string {
  // sheet names and reasons come from the sheet: no control character reaches the terminal
  const verdicts = neutralizeDeep(all, '');
  return verdicts
    .map((v) => (v.questionnaire || (only !== undefined && v.sheet !== only) ? '' : `${style.dim('-')} ${v.sheet}: ${style.dim(v.reason)}\n`))
    .join('');
}

export function inspectToText(
  fileName: string,
  workbook: { kind: string; sheets: number },
  all: readonly SheetVerdict[],
  style: Style = PLAIN,
  only?: string,
): string {
  // sheet names, reasons and answer words come from the sheet: no control character reaches the terminal
  const [file, verdicts] = neutralizeDeep([fileName, all] as const, '');
  const out: string[] = [`${file} (${workbook.kind}, ${workbook.sheets} sheets)`];
  for (const v of verdicts) {
    if (!v.questionnaire) {
      // with --sheet, the other sheets were not looked at: listing each of them says nothing
      if (only === undefined) out.push(`${style.dim('-')} ${v.sheet}: ${style.dim(`not a questionnaire: ${v.reason}`)}`);
      continue;
    }
    const l = v.layout;
    const c = l.columns;
    const col = (n: number | undefined) => (n === undefined ? '—' : colToLetters(n));
    out.push(`${style.green('✓')} ${style.bold(l.sheet)}: questionnaire (${l.language === 'ja' ? 'Japanese' : 'English'})`);
    out.push(`    header row ${l.headerRows.length > 1 ? `${l.headerRows.join(', ')} (repeated per section)` : l.headerRow}`);
    out.push(
      `    columns: question ${col(c.question)}, answer ${col(c.answer)}, remarks ${col(c.remarks)}, id ${col(c.id)}, category ${c.category.length ? c.category.map(colToLetters).join(',') : '—'}`,
    );
    const sectionRemarks = remarksBySection(l);
    if (sectionRemarks) out.push(`    remarks by section (each section's own header): ${sectionRemarks}`);
    if (l.reviewerColumns?.length) out.push(`    never written (the customer's reviewer): ${l.reviewerColumns.map(colToLetters).join(', ')}`);
    for (const w of l.warnings ?? []) out.push(`    ${style.yellow('warning:')} ${w}`);
    out.push(`    answer words (${l.vocab.source}): ${(['yes', 'no', 'partial', 'na'] as const).map((k) => `${k}=${l.vocab.map[k] ?? '(none)'}`).join(' ')}`);
    const rows = l.questionRows.map((q) => q.row);
    out.push(`    ${rows.length} question rows to answer${rows.length ? ` (${rangeList(rows)})` : ''}`);
    const byReason = new Map<string, number[]>();
    for (const s of l.skippedRows) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.row]);
    for (const [reason, rs] of byReason) out.push(`    ${style.dim(`skipped ${rs.length} ${reason} row(s): ${rangeList(rs)}`)}`);
  }
  return `${out.join('\n')}\n`;
}

/** "D on rows 20–37; none on rows 18" when the remarks cell is not in the sheet's remarks column on every row, else undefined. */
function remarksBySection(l: SheetLayout): string | undefined {
  const colOf = (q: SheetLayout['questionRows'][number]) => q.remarksCell?.col;
  if (l.questionRows.every((q) => colOf(q) === l.columns.remarks)) return undefined;
  const byCol = new Map<number | undefined, number[]>();
  for (const q of l.questionRows) byCol.set(colOf(q), [...(byCol.get(colOf(q)) ?? []), q.row]);
  return [...byCol].map(([c, rows]) => `${c === undefined ? 'none' : colToLetters(c)} on rows ${rangeList(rows)}`).join('; ');
}
