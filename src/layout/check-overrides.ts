/**
 * Layout flags checked against the sheet (`--answer-col`, `--remarks-col`, `--question-col`,
 * `--header-row`): a flag that contradicts what the header names is an error with the columns kotae
 * finds as the hint, a doubtful one a warning; and the customer's reviewer columns, never written.
 */
import { KotaeError } from '../domain/errors.js';
import { colToLetters as colLetters } from '../workbook/refs.js';
import type { HeaderGuess } from './find-header.js';
import { isReviewerHeader, type Role } from './headers.js';
import type { SheetView } from './sheet-view.js';
import type { LayoutColumns, LayoutOverrides } from './types.js';

/** Columns a header row names for the customer's reviewer (Analyst Notes, 確認者コメント, 評価 …): never written. */
export function reviewerColumns(view: SheetView, headerRows: number[]): Set<number> {
  const out = new Set<number>();
  for (const r of headerRows) for (const [col, cell] of view.sheet.rows.get(r) ?? []) if (isReviewerHeader(cell.text)) out.add(col);
  return out;
}

export function columnHint(named: LayoutColumns | undefined): string {
  const found = named
    ? `kotae finds question ${colLetters(named.question)}, answer ${colLetters(named.answer)}${named.remarks !== undefined ? `, remarks ${colLetters(named.remarks)}` : ''}: `
    : '';
  return `${found}drop the column flags to use what the header names, or check the columns with \`kotae inspect\``;
}

/**
 * Flags that contradict the sheet. A column flag landing on a column whose header names another
 * role, on the customer's reviewer column, or on an empty header where the header names that role
 * in another column is an error (a typo would write answers where no one reads them); a flag on a
 * column without a header, where the header names none, is a warning. A --header-row that names no
 * column, while another row is the header, is an error.
 */
export function checkOverrides(
  view: SheetView,
  o: LayoutOverrides,
  at: {
    header: HeaderGuess;
    sub: HeaderGuess | undefined;
    cols: LayoutColumns;
    named: LayoutColumns | undefined;
    reviewer: Set<number>;
    auto: HeaderGuess | undefined;
    headerRows?: number[];
  },
): string[] {
  const { header, sub, cols, named, reviewer, auto } = at;
  // a column a later section's header names (HECVAT: Additional Information from the second section on)
  const sectionText = (col: number) => (at.headerRows ?? []).map((r) => view.mergedText(r, col)).find(Boolean) ?? '';
  const sheet = view.sheet.name;
  const warnings: string[] = [];
  const fail = (message: string, hint = columnHint(named)): never => {
    throw new KotaeError('BAD_OPTION', message, hint);
  };
  if (o.headerRow !== undefined && header.roles.size === 0 && auto && auto.row !== header.row) {
    fail(
      `--header-row ${o.headerRow}: row ${o.headerRow} of sheet "${sheet}" names no column (質問 / 回答 / 備考, Question / Answer …); its header is row ${auto.row}`,
      `drop --header-row, or give the row whose cells name the columns`,
    );
  }
  const rolesAt = (col: number) => [header, sub].flatMap((g) => (g?.roles.get(col) ? [g.roles.get(col)!] : []));
  const headerText = (col: number) => [header.row, ...(sub ? [sub.row] : [])].map((r) => view.mergedText(r, col)).find(Boolean) ?? '';
  const isHeader = header.roles.size > 0;
  const role: Record<Role, string> = { question: 'the questions', answer: 'the answers', remarks: 'the remarks', id: 'the ids', category: 'the categories' };
  const flags: Array<{ flag: string; col: number | undefined; want: Role; namedCol: number | undefined; clash: Role[] }> = [
    { flag: '--answer-col', col: o.answerCol, want: 'answer', namedCol: named?.answer, clash: ['question', 'id', 'category'] },
    { flag: '--remarks-col', col: o.remarksCol, want: 'remarks', namedCol: named?.remarks, clash: ['question', 'answer', 'id', 'category'] },
    { flag: '--question-col', col: o.questionCol, want: 'question', namedCol: named?.question, clash: ['answer', 'remarks'] },
  ];
  for (const { flag, col, want, namedCol, clash } of flags) {
    if (col === undefined) continue;
    const letter = colLetters(col);
    const here = `${flag} ${letter}`;
    if (want !== 'question' && col === cols.question) fail(`${here} is the question column of sheet "${sheet}"`);
    if (want === 'remarks' && col === cols.answer) fail(`${here} is the answer column of sheet "${sheet}"`);
    if (want === 'question' && col === cols.answer) fail(`${here} is the answer column of sheet "${sheet}"`);
    if (want !== 'question' && reviewer.has(col)) {
      fail(`${here}: column ${letter} of sheet "${sheet}" is headed 「${headerText(col)}」, the customer's reviewer column; kotae never writes there`);
    }
    const text = headerText(col);
    const roles = rolesAt(col);
    const other = roles.find((m) => m.role !== want && m.strength >= 2);
    if (text && other && clash.includes(other.role)) {
      fail(`${here}: row ${header.row} of sheet "${sheet}" heads column ${letter} 「${text}」, ${role[other.role]}`);
    }
    if (!text && isHeader && !sectionText(col)) {
      if (namedCol !== undefined && namedCol !== col && want !== 'question') {
        fail(
          `${here}: column ${letter} of sheet "${sheet}" has no header in row ${header.row}, where 「${headerText(namedCol)}」 heads column ${colLetters(namedCol)}`,
        );
      }
      warnings.push(`${here}: column ${letter} has no header in row ${header.row}; check that it holds ${role[want]}`);
    } else if (text && other) {
      warnings.push(`${here}: row ${header.row} heads column ${letter} 「${text}」, which reads as ${role[other.role]}`);
    }
  }
  return warnings;
}
