/**
 * The header row of a questionnaire sheet: the row, within the first HEADER_SCAN_ROWS, whose
 * cells name an answer column and at least one other role (headers.ts knows the names), with a
 * sub-header row merged in when the header row leaves columns unnamed.
 */
import { classifyHeader, isReviewerHeader, type Role } from './headers.js';
import type { SheetView } from './sheet-view.js';

/** How far down a header row is looked for (title and instruction blocks can be long). */
export const HEADER_SCAN_ROWS = 60;

export interface HeaderGuess {
  row: number;
  roles: Map<number, { role: Role; strength: number }>;
  score: number;
}

export function classifyRow(view: SheetView, row: number): HeaderGuess {
  const roles = new Map<number, { role: Role; strength: number }>();
  const cells = view.sheet.rows.get(row);
  let score = 0;
  if (cells) {
    for (const [col, cell] of cells) {
      // the customer's reviewer column (Analyst Notes, 確認者コメント …) is no role kotae fills
      if (view.colHidden(col) || isReviewerHeader(cell.text)) continue;
      const m = classifyHeader(cell.text);
      if (m) {
        roles.set(col, m);
        score += m.strength;
      }
    }
  }
  return { row, roles, score };
}

/**
 * The row under a header whose cells name roles where the header row spans them with a merge
 * (「回答」 over 可否 / 備考): a second header row, when it holds no question text of its own.
 */
export function subHeaderRow(view: SheetView, header: HeaderGuess): HeaderGuess | undefined {
  const next = classifyRow(view, header.row + 1);
  if (next.roles.size === 0) return undefined;
  for (const col of next.roles.keys()) {
    const above = view.topLeft(header.row, col);
    const wide = above.col !== col || view.isWideMerge(header.row, col, col + 1);
    if (wide || !header.roles.has(col)) continue;
    return undefined; // a column named in both rows without a merge above: data, not a sub-header
  }
  // a real question row has long text somewhere; a sub-header has only short names
  for (const cell of view.sheet.rows.get(header.row + 1)?.values() ?? []) if (cell.text.length > 40) return undefined;
  return next;
}

/** The header's roles, with the sub-header's roles for the columns it names. */
export function mergeHeaderRows(header: HeaderGuess, sub: HeaderGuess): HeaderGuess {
  const roles = new Map(header.roles);
  for (const [col, m] of sub.roles) {
    // the merged parent (「回答」 over 可否 and 備考) names the group, not the first column
    roles.set(col, m);
  }
  // a group name left on a column the sub-header re-labelled elsewhere is dropped
  for (const [col, m] of header.roles) {
    if (!sub.roles.has(col) && [...sub.roles.values()].some((x) => x.role === m.role) && m.role !== 'question') roles.delete(col);
  }
  return { row: sub.row, roles, score: header.score + sub.score };
}

function hasRole(g: HeaderGuess, role: Role): boolean {
  for (const v of g.roles.values()) if (v.role === role) return true;
  return false;
}

export function findHeaderRow(view: SheetView, forced?: number): HeaderGuess | undefined {
  if (forced !== undefined) return classifyRow(view, forced);
  let best: HeaderGuess | undefined;
  const last = Math.min(view.sheet.maxRow, HEADER_SCAN_ROWS);
  for (let r = 1; r <= last; r++) {
    if (view.rowHidden(r)) continue;
    const g = classifyRow(view, r);
    if (![...g.roles.values()].some((m) => m.role === 'answer' && m.strength >= 2)) continue;
    // a header row names more than the answer column (question, remarks, id or category)
    if (g.roles.size < 2) continue;
    const bonus = hasRole(g, 'question') ? 2 : 0;
    if (!best || g.score + bonus > best.score) best = { ...g, score: g.score + bonus };
  }
  return best;
}
