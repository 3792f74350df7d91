/** A1-style references ↔ 1-based row/column numbers. */
import type { CellRange } from './model.js';

export const MAX_ROW = 1048576;
export const MAX_COL = 16384;

/** 'A' → 1, 'XFD' → 16384; 0 when not letters. */
export function colFromLetters(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20; // lower-case
    if (c < 0x61 || c > 0x7a) return 0;
    n = n * 26 + (c - 0x60);
  }
  return n;
}

export function colToLetters(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function cellRef(row: number, col: number): string {
  return colToLetters(col) + String(row);
}

/** Parse `B12` / `$B$12` / `B` (whole column) / `12` (whole row). Missing parts are 0. */
function parseCellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{0,3})\$?([0-9]{0,7})$/.exec(ref.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  return { col: m[1] ? colFromLetters(m[1]) : 0, row: m[2] ? Number(m[2]) : 0 };
}

/** Parse `A1:B5`, `$A$1`, `C:C`, `3:5` into a range (whole columns/rows span the sheet). */
export function parseRange(ref: string): CellRange | null {
  const parts = ref.split(':');
  if (parts.length > 2) return null;
  const a = parseCellRef(parts[0] ?? '');
  const b = parts.length === 2 ? parseCellRef(parts[1] ?? '') : a;
  if (!a || !b) return null;
  // a lone `yes` is a name, not column YES; whole columns/rows need the colon form (A:A, 3:5)
  if (parts.length === 1 && (a.row === 0 || a.col === 0)) return null;
  if ((a.row === 0) !== (b.row === 0) || (a.col === 0) !== (b.col === 0)) return null;
  if (a.col > MAX_COL || b.col > MAX_COL || a.row > MAX_ROW || b.row > MAX_ROW) return null;
  const r1 = a.row || 1;
  const c1 = a.col || 1;
  const r2 = b.row || (a.row && parts.length === 1 ? a.row : MAX_ROW);
  const c2 = b.col || (a.col && parts.length === 1 ? a.col : MAX_COL);
  return { r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) };
}

/** Parse a space-separated sqref (`C68 C36 C22:C28`). Unparseable pieces are dropped. */
export function parseSqref(sqref: string): CellRange[] {
  const out: CellRange[] = [];
  for (const piece of sqref.trim().split(/\s+/)) {
    if (!piece) continue;
    const r = parseRange(piece);
    if (r) out.push(r);
  }
  return out;
}

/**
 * Split a formula reference like `'Auto Responses'!$J$3:$J$5` or `Values!A1:A4` or `$A$1:$A$4`
 * into sheet name (null when none) and range text. Returns null for anything else (functions,
 * external workbooks, names).
 */
export function splitSheetRef(formula: string): { sheet: string | null; range: string } | null {
  let f = formula.trim();
  if (f.startsWith('=')) f = f.slice(1).trim();
  let sheet: string | null = null;
  let rest = f;
  if (f.startsWith("'")) {
    let i = 1;
    let name = '';
    for (; i < f.length; i++) {
      if (f[i] === "'") {
        if (f[i + 1] === "'") {
          name += "'";
          i++;
          continue;
        }
        break;
      }
      name += f[i];
    }
    if (f[i + 1] !== '!') return null;
    sheet = name;
    rest = f.slice(i + 2);
  } else {
    const bang = f.lastIndexOf('!');
    if (bang >= 0) {
      sheet = f.slice(0, bang);
      if (!/^[^\s'![\]()*?:/\\,]+$/.test(sheet)) return null;
      rest = f.slice(bang + 1);
    }
  }
  if (!/^\$?[A-Za-z]{0,3}\$?[0-9]{0,7}(:\$?[A-Za-z]{0,3}\$?[0-9]{0,7})?$/.test(rest)) return null;
  if (!parseRange(rest)) return null;
  return { sheet, range: rest };
}
