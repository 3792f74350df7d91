/**
 * Rows whose fixed height (`customHeight`) shows only part of the text kotae wrote into them.
 *
 * kotae does not change a row's height: the row element is the customer's formatting, not a
 * target cell (promise 2), and how tall a row must be depends on fonts and on how Excel or
 * LibreOffice wraps, which kotae can only estimate. So it names these rows (summary and report),
 * and a person widens them in one step (select the rows, AutoFit Row Height). The estimate is
 * deliberately simple: wide (CJK) characters count two of Excel's width units, others one; a line
 * is the sheet's default row height tall.
 */
import type { CellEdit, SheetModel, WorkbookModel } from '../workbook/model.js';

export interface ClippedRow {
  sheet: string;
  row: number;
  col: number;
  /** lines the written text needs in its cell, and lines the fixed height shows */
  lines: number;
  shown: number;
}

/** Excel's width of a column when neither <cols> nor <sheetFormatPr> says (Calibri 11: 8.43). */
const EXCEL_DEFAULT_COL_WIDTH = 8.43;
/** One line of the default 11 pt font, when the sheet does not state its default row height. */
const EXCEL_DEFAULT_ROW_HEIGHT = 15;

/** Width units a text takes: East Asian wide and full-width characters two, others one. */
export function textUnits(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

function colWidth(sheet: SheetModel, col: number): number {
  const set = sheet.colWidths?.find((c) => col >= c.min && col <= c.max);
  return set?.width ?? sheet.defaultColWidth ?? EXCEL_DEFAULT_COL_WIDTH;
}

/** Lines `text` needs in a cell `width` units wide that wraps. */
export function linesNeeded(text: string, width: number): number {
  const per = Math.max(1, width);
  return text.split('\n').reduce((n, para) => n + Math.max(1, Math.ceil(textUnits(para) / per)), 0);
}

/** The written cells whose row has a fixed height too small for the text. Pure. */
export function clippedRows(wb: WorkbookModel, edits: readonly CellEdit[]): ClippedRow[] {
  const out: ClippedRow[] = [];
  const seen = new Set<string>();
  const sheets = new Map(wb.sheets.map((s) => [s.name, s]));
  const mergesOf = new Map<SheetModel, Map<number, { r2: number; c2: number }>>();
  for (const e of edits) {
    const sheet = sheets.get(e.sheet);
    if (!sheet?.fixedRowHeights?.size) continue;
    // a merged cell spans its columns and rows
    let merges = mergesOf.get(sheet);
    if (!merges) {
      merges = new Map(sheet.merges.map((r) => [r.r1 * 65536 + r.c1, { r2: r.r2, c2: r.c2 }]));
      mergesOf.set(sheet, merges);
    }
    const m = merges.get(e.row * 65536 + e.col);
    const [r2, c2] = m ? [m.r2, m.c2] : [e.row, e.col];
    let fixed = false;
    let height = 0;
    for (let r = e.row; r <= r2; r++) {
      const h = sheet.fixedRowHeights.get(r);
      if (h !== undefined) fixed = true;
      height += h ?? sheet.defaultRowHeight ?? EXCEL_DEFAULT_ROW_HEIGHT;
    }
    if (!fixed) continue;
    let width = 0;
    for (let c = e.col; c <= c2; c++) width += colWidth(sheet, c);
    const lines = linesNeeded(e.value, width);
    const shown = Math.max(1, Math.floor(height / (sheet.defaultRowHeight ?? EXCEL_DEFAULT_ROW_HEIGHT) + 0.1));
    const key = `${e.sheet}\u0000${e.row}`;
    if (lines > shown && !seen.has(key)) {
      seen.add(key);
      out.push({ sheet: e.sheet, row: e.row, col: e.col, lines, shown });
    }
  }
  return out.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : 0));
}
