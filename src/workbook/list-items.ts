/**
 * The items of a dropdown (a list validation): a literal list (`"はい,いいえ"`), a range on this or
 * another sheet, or a defined name that leads to one — read within a budget of cells, so a million
 * distinct ranges cannot hang the read.
 */
import { MAX_LIST_CELLS, MAX_LIST_CELLS_TOTAL } from '../domain/limits.js';
import type { CellRange, DefinedName, SheetModel } from './model.js';
import type { SheetInfo, WorkbookPackage } from './package.js';
import { MAX_COL, MAX_ROW, parseRange, splitSheetRef } from './refs.js';

/** Resolve a list validation's formula to its items, or null. */
export function resolveListItems(
  formula: string,
  sheet: SheetModel,
  pkg: Pick<WorkbookPackage, 'sheets' | 'definedNames'>,
  getSheet: (info: SheetInfo) => SheetModel,
  depth = 0,
  budget: { left: number } = { left: MAX_LIST_CELLS_TOTAL },
): string[] | null {
  let f = formula.trim();
  if (f.startsWith('=')) f = f.slice(1).trim();
  if (f === '' || depth > 5) return null;
  if (f.startsWith('"')) {
    if (!f.endsWith('"') || f.length < 2) return null;
    const items = f
      .slice(1, -1)
      .replace(/""/g, '"')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return items;
  }
  const ref = splitSheetRef(f);
  if (ref) {
    const target = ref.sheet === null ? sheet : findSheet(pkg.sheets, ref.sheet, getSheet);
    if (!target) return null;
    const range = parseRange(ref.range);
    if (!range) return null;
    return rangeItems(target, range, budget);
  }
  // the common dynamic forms, over static ranges of this workbook: INDIRECT("Sheet!A1:A4") and
  // OFFSET(Sheet!$A$1,0,0,COUNTA(Sheet!$A:$A),1); anything else stays unresolved (null)
  const fn = /^(INDIRECT|OFFSET)\s*\((.*)\)$/is.exec(f);
  if (fn) {
    const args = splitArgs(fn[2]!);
    if (!args) return null;
    if (fn[1]!.toUpperCase() === 'INDIRECT') {
      const lit = /^"((?:[^"]|"")*)"$/.exec(args[0] ?? '');
      const a1 = args[1] === undefined || /^(TRUE|1)$/i.test(args[1]);
      if (!lit || !a1 || args.length > 2) return null;
      const inner = lit[1]!.replace(/""/g, '"');
      // a string that is itself a formula or a list would not be a reference
      if (inner.startsWith('"') || inner.startsWith('=')) return null;
      return resolveListItems(inner, sheet, pkg, getSheet, depth + 1, budget);
    }
    const area = offsetArea(args, sheet, pkg, getSheet, depth, budget);
    return area ? rangeItems(area.sheet, area.range, budget) : null;
  }
  // a defined name (Japanese names included: 回答リスト)
  if (/^[\p{L}_\\][\p{L}\p{N}_.\\?]*$/u.test(f)) {
    const name = findDefinedName(pkg.definedNames, f, sheet.index);
    if (!name) return null;
    // a sheet-local name's own same-sheet references mean that sheet
    const base = name.localSheet !== undefined ? (findSheetByIndex(pkg.sheets, name.localSheet, getSheet) ?? sheet) : sheet;
    return resolveListItems(name.formula, base, pkg, getSheet, depth + 1, budget);
  }
  return null;
}

/** Top-level arguments of a function call (commas inside quotes or parentheses are kept), or null. */
function splitArgs(text: string): string[] | null {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let sq = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '"') quote = false;
    } else if (sq) {
      if (c === "'") sq = false;
    } else if (c === '"') quote = true;
    else if (c === "'") sq = true;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (--depth < 0) return null;
    } else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (quote || sq || depth !== 0) return null;
  out.push(text.slice(start).trim());
  return out;
}

/** A reference (optionally on another sheet) to its sheet and range, or undefined. */
function refArea(
  text: string,
  sheet: SheetModel,
  pkg: Pick<WorkbookPackage, 'sheets' | 'definedNames'>,
  getSheet: (info: SheetInfo) => SheetModel,
): { sheet: SheetModel; range: CellRange } | undefined {
  const ref = splitSheetRef(text);
  if (!ref) return undefined;
  const target = ref.sheet === null ? sheet : findSheet(pkg.sheets, ref.sheet, getSheet);
  const range = parseRange(ref.range);
  return target && range ? { sheet: target, range } : undefined;
}

/** A whole number argument: a literal, or COUNTA(ref) plus or minus a literal. */
function numberArg(
  text: string | undefined,
  sheet: SheetModel,
  pkg: Pick<WorkbookPackage, 'sheets' | 'definedNames'>,
  getSheet: (info: SheetInfo) => SheetModel,
  budget: { left: number },
): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (/^[+-]?\d{1,7}$/.test(t)) return Number(t);
  const m = /^COUNTA\s*\((.*)\)\s*(?:([+-])\s*(\d{1,7}))?$/is.exec(t);
  if (!m) return undefined;
  const area = refArea(m[1]!, sheet, pkg, getSheet);
  if (!area) return undefined;
  const items = rangeItems(area.sheet, area.range, budget);
  if (!items) return undefined;
  const k = m[3] ? Number(m[3]) * (m[2] === '-' ? -1 : 1) : 0;
  return items.length + k;
}

/** OFFSET(reference, rows, cols, [height], [width]) over a static reference: the area it names, or null. */
function offsetArea(
  args: string[],
  sheet: SheetModel,
  pkg: Pick<WorkbookPackage, 'sheets' | 'definedNames'>,
  getSheet: (info: SheetInfo) => SheetModel,
  _depth: number,
  budget: { left: number },
): { sheet: SheetModel; range: CellRange } | null {
  if (args.length < 3 || args.length > 5) return null;
  const base = refArea(args[0]!, sheet, pkg, getSheet);
  if (!base) return null;
  const rows = numberArg(args[1], sheet, pkg, getSheet, budget);
  const cols = numberArg(args[2], sheet, pkg, getSheet, budget);
  const height = args[3] === undefined || args[3] === '' ? base.range.r2 - base.range.r1 + 1 : numberArg(args[3], sheet, pkg, getSheet, budget);
  const width = args[4] === undefined || args[4] === '' ? base.range.c2 - base.range.c1 + 1 : numberArg(args[4], sheet, pkg, getSheet, budget);
  if (rows === undefined || cols === undefined || height === undefined || width === undefined || height < 1 || width < 1) return null;
  const r1 = base.range.r1 + rows;
  const c1 = base.range.c1 + cols;
  const r2 = r1 + height - 1;
  const c2 = c1 + width - 1;
  if (r1 < 1 || c1 < 1 || r2 > MAX_ROW || c2 > MAX_COL) return null;
  return { sheet: base.sheet, range: { r1, c1, r2, c2 } };
}

function findSheet(sheets: SheetInfo[], name: string, getSheet: (info: SheetInfo) => SheetModel): SheetModel | undefined {
  const lower = name.toLowerCase();
  const info = sheets.find((s) => s.name === name) ?? sheets.find((s) => s.name.toLowerCase() === lower);
  return info ? getSheet(info) : undefined;
}

function findSheetByIndex(sheets: SheetInfo[], index: number, getSheet: (info: SheetInfo) => SheetModel): SheetModel | undefined {
  const info = sheets[index];
  return info ? getSheet(info) : undefined;
}

/** Excel names are case-insensitive; a sheet-local name wins over a global one. */
function findDefinedName(names: DefinedName[], name: string, sheetIndex: number): DefinedName | undefined {
  const lower = name.toLowerCase();
  const matches = names.filter((n) => n.name.toLowerCase() === lower);
  return matches.find((n) => n.localSheet === sheetIndex) ?? matches.find((n) => n.localSheet === undefined);
}

function rangeItems(sheet: SheetModel, range: CellRange, budget: { left: number }): string[] | null {
  const items: string[] = [];
  const r2 = Math.min(range.r2, Math.max(sheet.maxRow, range.r1));
  const c2 = Math.min(range.c2, Math.max(sheet.maxCol, range.c1));
  let seen = 0;
  for (let r = range.r1; r <= r2; r++) {
    const row = sheet.rows.get(r);
    for (let c = range.c1; c <= c2; c++) {
      if (++seen > MAX_LIST_CELLS) return items;
      if (--budget.left < 0) return null;
      const text = row?.get(c)?.text ?? '';
      if (text !== '') items.push(text);
    }
  }
  return items;
}
