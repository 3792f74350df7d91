/** `kotae inspect`: the layout kotae detects, as text for a person or as JSON for scripts and tests. */
import type { SheetLayout, SheetVerdict } from '../layout/types.js';
import { colToLetters } from '../workbook/refs.js';
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
  };
}

export function inspectToJson(file: string, verdicts: readonly SheetVerdict[]): string {
  const sheets = verdicts.flatMap((v) => (v.questionnaire ? [layoutJson(v.layout)] : []));
  const notQuestionnaires = verdicts.flatMap((v) => (v.questionnaire ? [] : [{ name: v.sheet, reason: v.reason }]));
  return `${JSON.stringify({ file, sheets, notQuestionnaires }, null, 2)}\n`;
}

/** The sheets that are not questionnaires, a line each (shown before the error when none is). */
export function notQuestionnairesText(verdicts: readonly SheetVerdict[], style: Style = PLAIN): string {
  return verdicts.map((v) => (v.questionnaire ? '' : `${style.dim('-')} ${v.sheet}: ${style.dim(v.reason)}\n`)).join('');
}

export function inspectToText(file: string, workbook: { kind: string; sheets: number }, verdicts: readonly SheetVerdict[], style: Style = PLAIN): string {
  const out: string[] = [`${file} (${workbook.kind}, ${workbook.sheets} sheets)`];
  for (const v of verdicts) {
    if (!v.questionnaire) {
      out.push(`${style.dim('-')} ${v.sheet}: ${style.dim(`not a questionnaire: ${v.reason}`)}`);
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
    out.push(`    answer words (${l.vocab.source}): ${(['yes', 'no', 'partial', 'na'] as const).map((k) => `${k}=${l.vocab.map[k] ?? '(none)'}`).join(' ')}`);
    const rows = l.questionRows.map((q) => q.row);
    out.push(`    ${rows.length} question rows to answer${rows.length ? ` (${rangeList(rows)})` : ''}`);
    const byReason = new Map<string, number[]>();
    for (const s of l.skippedRows) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.row]);
    for (const [reason, rs] of byReason) out.push(`    ${style.dim(`skipped ${rs.length} ${reason} row(s): ${rangeList(rs)}`)}`);
  }
  return `${out.join('\n')}\n`;
}
/** 3,4,5,7 → "3–5, 7" */
function rangeList(rows: number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < rows.length) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === (rows[j] as number) + 1) j++;
    parts.push(i === j ? `${rows[i]}` : `${rows[i]}–${rows[j]}`);
    i = j + 1;
  }
  return parts.length > 12 ? `${parts.slice(0, 12).join(', ')}, …` : parts.join(', ');
}
