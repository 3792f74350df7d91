import chalk from 'chalk';
import { basename } from 'node:path';
import { isKotaeError } from '../errors.js';
import { questionnaireLayouts } from '../pipeline/answer-workbook.js';
import { detectLayouts } from '../layout/detect-layout.js';
import type { SheetLayout, SheetVerdict } from '../layout/types.js';
import { colToLetters } from '../workbook/refs.js';
import { readWorkbook } from '../workbook/read-workbook.js';
import { layoutOverrides, rangeList, type LayoutFlags } from './answer.js';
import { loadWorkbookInput, passwordFrom } from './io.js';
import { jsonSafe, neutralizeControls, neutralizeDeep } from '../safe-text.js';

interface InspectFlags extends LayoutFlags {
  json?: boolean;
  password?: string;
}

/** The machine-readable layout: the shape tests and scripts rely on. */
export function layoutJson(layout: SheetLayout) {
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

export async function runInspect(file: string, flags: InspectFlags): Promise<number> {
  const overrides = layoutOverrides(flags);
  const input = await loadWorkbookInput(file, { password: passwordFrom(flags.password) });
  for (const n of input.notes) process.stderr.write(`note: ${neutralizeControls(n, '')}\n`);
  const wb = readWorkbook(input.bytes);
  if (flags.json) {
    const verdicts = detectLayouts(wb, overrides);
    const sheets = verdicts.flatMap((v) => (v.questionnaire ? [layoutJson(v.layout)] : []));
    const notQuestionnaires = verdicts.flatMap((v) => (v.questionnaire ? [] : [{ name: v.sheet, reason: v.reason }]));
    process.stdout.write(`${jsonSafe(JSON.stringify({ file: basename(file), sheets, notQuestionnaires }, null, 2))}\n`);
    return 0;
  }
  let verdicts: SheetVerdict[];
  // sheet names, reasons and answer words come from the sheet: no control character reaches the terminal
  const safe = (v: SheetVerdict[]) => neutralizeDeep(v, '');
  try {
    verdicts = safe(questionnaireLayouts(wb, overrides).verdicts);
  } catch (e) {
    // no questionnaire: show each sheet looked at on its own line before the error sums them up
    // (not for other errors: a bad flag or a sheet name that does not exist says all there is)
    if (isKotaeError(e) && e.code === 'NO_QUESTIONNAIRE') {
      for (const v of safe(detectLayouts(wb, overrides))) {
        if (!v.questionnaire && (overrides.sheet === undefined || v.sheet === overrides.sheet)) process.stdout.write(`${chalk.dim('-')} ${v.sheet}: ${chalk.dim(v.reason)}\n`);
      }
    }
    throw e;
  }
  const out: string[] = [`${neutralizeControls(basename(file), '')} (${wb.kind}, ${wb.sheets.length} sheets)`];
  for (const v of verdicts) {
    if (!v.questionnaire) {
      // with --sheet, the other sheets were not looked at: listing each of them says nothing
      if (overrides.sheet === undefined) out.push(`${chalk.dim('-')} ${v.sheet}: ${chalk.dim(`not a questionnaire: ${v.reason}`)}`);
      continue;
    }
    const l = v.layout;
    const c = l.columns;
    const col = (n: number | undefined) => (n === undefined ? '—' : colToLetters(n));
    out.push(`${chalk.green('✓')} ${chalk.bold(l.sheet)}: questionnaire (${l.language === 'ja' ? 'Japanese' : 'English'})`);
    out.push(`    header row ${l.headerRows.length > 1 ? `${l.headerRows.join(', ')} (repeated per section)` : l.headerRow}`);
    out.push(`    columns: question ${col(c.question)}, answer ${col(c.answer)}, remarks ${col(c.remarks)}, id ${col(c.id)}, category ${c.category.length ? c.category.map(colToLetters).join(',') : '—'}`);
    const sectionRemarks = remarksBySection(l);
    if (sectionRemarks) out.push(`    remarks by section (each section's own header): ${sectionRemarks}`);
    if (l.reviewerColumns?.length) out.push(`    never written (the customer's reviewer): ${l.reviewerColumns.map(colToLetters).join(', ')}`);
    for (const w of l.warnings ?? []) out.push(`    ${chalk.yellow('warning:')} ${w}`);
    out.push(`    answer words (${l.vocab.source}): ${(['yes', 'no', 'partial', 'na'] as const).map((k) => `${k}=${l.vocab.map[k] ?? '(none)'}`).join(' ')}`);
    const rows = l.questionRows.map((q) => q.row);
    out.push(`    ${rows.length} question rows to answer${rows.length ? ` (${rangeList(rows)})` : ''}`);
    const byReason = new Map<string, number[]>();
    for (const s of l.skippedRows) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.row]);
    for (const [reason, rs] of byReason) out.push(`    ${chalk.dim(`skipped ${rs.length} ${reason} row(s): ${rangeList(rs)}`)}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/** "rows 20–37: D; 39–60: D; 18: —" when the remarks cell is not in the sheet's remarks column on every row, else undefined. */
function remarksBySection(l: SheetLayout): string | undefined {
  const colOf = (q: SheetLayout['questionRows'][number]) => q.remarksCell?.col;
  if (l.questionRows.every((q) => colOf(q) === l.columns.remarks)) return undefined;
  const byCol = new Map<number | undefined, number[]>();
  for (const q of l.questionRows) byCol.set(colOf(q), [...(byCol.get(colOf(q)) ?? []), q.row]);
  return [...byCol].map(([c, rows]) => `${c === undefined ? 'none' : colToLetters(c)} on rows ${rangeList(rows)}`).join('; ');
}

