/**
 * The items of a dropdown (a list validation): a literal list (`"はい,いいえ"`), a range on this or
 * another sheet, or a defined name that leads to one — read within a budget of cells, so a million
 * distinct ranges cannot hang the read.
 */
import { MAX_LIST_CELLS, MAX_LIST_CELLS_TOTAL } from '../domain/limits.js';
import type { CellRange, DefinedName, SheetModel } from './model.js';
import type { SheetInfo, WorkbookPackage } from './package.js';
import { parseRange, splitSheetRef } from './refs.js';

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
  if (/^[A-Za-z_\\][\w.\\?]*$/.test(f)) {
    const name = findDefinedName(pkg.definedNames, f, sheet.index);
    if (!name) return null;
    // a sheet-local name's own same-sheet references mean that sheet
    const base = name.localSheet !== undefined ? (findSheetByIndex(pkg.sheets, name.localSheet, getSheet) ?? sheet) : sheet;
    return resolveListItems(name.formula, base, pkg, getSheet, depth + 1, budget);
  }
  return null;
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
