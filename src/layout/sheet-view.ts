/** A sheet as detection reads it: cell text as the user sees it (merges resolved to their top-left cell), hidden rows and columns, dropdowns. */
import type { Cell, CellRange, DataValidation, SheetModel } from '../workbook/model.js';

/** Text of a cell as the user sees it, resolving merges to their top-left cell. */
export class SheetView {
  private readonly mergeTopLeft = new Map<number, number>();
  private readonly bigMerges: CellRange[] = [];
  constructor(readonly sheet: SheetModel) {
    for (const m of sheet.merges) {
      const area = (m.r2 - m.r1 + 1) * (m.c2 - m.c1 + 1);
      if (area > 20_000) {
        this.bigMerges.push(m);
        continue;
      }
      const tl = key(m.r1, m.c1);
      for (let r = m.r1; r <= m.r2; r++) for (let c = m.c1; c <= m.c2; c++) this.mergeTopLeft.set(key(r, c), tl);
    }
  }
  cell(row: number, col: number): Cell | undefined {
    return this.sheet.rows.get(row)?.get(col);
  }
  text(row: number, col: number): string {
    return this.cell(row, col)?.text.trim() ?? '';
  }
  /** the top-left cell of the merge holding (row, col), or the cell itself */
  topLeft(row: number, col: number): { row: number; col: number } {
    const tl = this.mergeTopLeft.get(key(row, col));
    if (tl !== undefined) return { row: Math.floor(tl / 65536), col: tl % 65536 };
    for (const m of this.bigMerges) {
      if (row >= m.r1 && row <= m.r2 && col >= m.c1 && col <= m.c2) return { row: m.r1, col: m.c1 };
    }
    return { row, col };
  }
  mergedText(row: number, col: number): string {
    const tl = this.topLeft(row, col);
    return this.text(tl.row, tl.col);
  }
  /** the merge holding (row, col) spans more than one column */
  isWideMerge(row: number, col: number, toCol: number): boolean {
    const tl = this.topLeft(row, col);
    if (tl.row === row && tl.col === col && !this.mergeTopLeft.has(key(row, col))) return false;
    // the merge reaches toCol when toCol's top-left is the same cell
    const other = this.topLeft(row, toCol);
    return other.row === tl.row && other.col === tl.col;
  }
  rowHidden(row: number): boolean {
    return this.sheet.hiddenRows.has(row);
  }
  colHidden(col: number): boolean {
    return this.sheet.hiddenCols.has(col);
  }
  /** the list validation covering (row, col), if any */
  dropdown(row: number, col: number): DataValidation | undefined {
    for (const v of this.sheet.validations) {
      if (v.type !== 'list') continue;
      for (const r of v.ranges) {
        if (row >= r.r1 && row <= r.r2 && col >= r.c1 && col <= r.c2) return v;
      }
    }
    return undefined;
  }
}

function key(row: number, col: number): number {
  return row * 65536 + col;
}
