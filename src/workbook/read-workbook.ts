/**
 * read-workbook: bytes of an .xlsx/.xlsm → the plain WorkbookModel every other module works on.
 *
 * Over 400 lines on purpose: parseWorksheet is one streaming pass over a sheet's XML (cells, rows,
 * merges, validations, hidden and fixed-height rows, array-formula ranges) whose cases share its
 * state; dropdown sources are in list-items.ts, shared strings and styles in shared-parts.ts.
 */
import { KotaeError } from '../domain/errors.js';
import {
  HIDDEN_COLS_EXPANDED,
  MAX_CELL_TEXT,
  MAX_LIST_CELLS_TOTAL,
  MERGE_AREA_COUNTED,
  SHEET_LIMITS,
  type SheetLimits,
  type ZipLimits,
} from '../domain/limits.js';
import type { Cell, CellRange, SheetModel, WorkbookModel } from './model.js';
import { formatNumber, formatSerial, type DateKind } from './number-format.js';
import { resolveListItems } from './list-items.js';
import { clip, readSharedStrings, readStyleDateKinds } from './shared-parts.js';
import { openWorkbookPackage, readXmlPart, type SheetInfo } from './package.js';
import { colFromLetters, MAX_COL, MAX_ROW, parseRange, parseSqref } from './refs.js';
import { decodeEntities, decodeOoxmlEscapes, getAttr, localName, scanXml } from './xml.js';

export type { SheetInfo } from './package.js';

export interface ReadOptions {
  /** Only parse these sheets (by name); others are left out of the model. Lists can still resolve against any sheet. */
  sheets?: string[];
  /** Override the zip limits (see ZIP_LIMITS). */
  limits?: Partial<ZipLimits>;
  /** Override the sheet limits (see SHEET_LIMITS). */
  sheetLimits?: Partial<SheetLimits>;
}

function sheetTooLarge(sheet: string, detail: string, limits: SheetLimits): KotaeError {
  return new KotaeError(
    'TOO_LARGE',
    `sheet "${sheet}" is too large to read safely (${detail})`,
    `kotae reads up to ${limits.maxRows.toLocaleString('en-US')} rows per sheet and ${limits.maxCells.toLocaleString('en-US')} cells per workbook; ` +
      'delete the unused rows or sheets in Excel, or copy the questionnaire into a new workbook',
  );
}

function badRef(part: string, ref: string): KotaeError {
  return new KotaeError(
    'MALFORMED_XML',
    `${part} has a cell or row outside the sheet (${ref.slice(0, 40)})`,
    'the workbook is damaged; open it in Excel, let it repair the file and save it again',
  );
}

/** Sheet names, states and parts without parsing any worksheet. */
export function listSheets(bytes: Uint8Array, opts?: { limits?: Partial<ZipLimits> }): SheetInfo[] {
  return openWorkbookPackage(bytes, opts?.limits).sheets;
}

/** Is column `col` hidden on this sheet? Uses the compact ranges when present. */
export function isColHidden(sheet: SheetModel, col: number): boolean {
  if (sheet.hiddenColRanges) return sheet.hiddenColRanges.some((r) => col >= r.min && col <= r.max);
  return sheet.hiddenCols.has(col);
}

/** Text of the cell at row/col ('' when empty). */
export function cellText(sheet: SheetModel, row: number, col: number): string {
  return sheet.rows.get(row)?.get(col)?.text ?? '';
}

export function readWorkbook(bytes: Uint8Array, opts?: ReadOptions): WorkbookModel {
  const pkg = openWorkbookPackage(bytes, opts?.limits);
  const sst = pkg.sharedStringsPart ? readSharedStrings(readXmlPart(pkg.zip, pkg.sharedStringsPart), pkg.sharedStringsPart) : [];
  const styleKinds = pkg.stylesPart ? readStyleDateKinds(readXmlPart(pkg.zip, pkg.stylesPart), pkg.stylesPart) : [];
  const ctx: SheetContext = { sst, styleKinds, date1904: pkg.date1904, limits: { ...SHEET_LIMITS, ...opts?.sheetLimits }, cells: 0 };

  let wanted = pkg.sheets;
  if (opts?.sheets) {
    const missing = opts.sheets.filter((n) => !pkg.sheets.some((s) => s.name === n));
    if (missing.length > 0) {
      throw new KotaeError(
        'SHEET_NOT_FOUND',
        `no sheet named ${missing.map((m) => `"${m}"`).join(', ')}`,
        `sheets in this workbook: ${pkg.sheets.map((s) => s.name).join(', ')}`,
      );
    }
    wanted = pkg.sheets.filter((s) => opts.sheets!.includes(s.name));
  }

  // Parse lazily so that list validations can read ranges on sheets that were not asked for.
  const cache = new Map<number, SheetModel>();
  const parseSheet = (info: SheetInfo): SheetModel => {
    let m = cache.get(info.index);
    if (!m) {
      m = info.part && info.kind === 'worksheet' ? parseWorksheet(readXmlPart(pkg.zip, info.part), info, ctx) : emptySheet(info);
      cache.set(info.index, m);
    }
    return m;
  };
  const sheets = wanted.map(parseSheet);
  // Sheets often carry one validation per row with the same list: resolve each formula once, and
  // bound the cells read for lists in total so that a million distinct ranges cannot hang the read.
  const budget = { left: MAX_LIST_CELLS_TOTAL };
  for (const sheet of sheets) {
    const memo = new Map<string, string[] | null>();
    for (const dv of sheet.validations) {
      if (dv.type !== 'list') continue;
      let items = memo.get(dv.formula);
      if (items === undefined) {
        items = resolveListItems(dv.formula, sheet, pkg, parseSheet, 0, budget);
        memo.set(dv.formula, items);
      }
      dv.items = items === null ? null : [...items];
    }
  }
  return { sheets, definedNames: pkg.definedNames, kind: pkg.kind, date1904: pkg.date1904, ...(pkg.template ? { template: true as const } : {}) };
}

interface SheetContext {
  sst: string[];
  styleKinds: DateKind[];
  date1904: boolean;
  /** absent: no limits (callers that parse one hand-written sheet) */
  limits?: SheetLimits;
  /** <c> elements read so far from this workbook */
  cells?: number;
}

function emptySheet(info: SheetInfo): SheetModel {
  return {
    name: info.name,
    index: info.index,
    state: info.state,
    part: info.part,
    rows: new Map(),
    maxRow: 0,
    maxCol: 0,
    merges: [],
    hiddenRows: new Set(),
    hiddenCols: new Set(),
    hiddenColRanges: [],
    validations: [],
  };
}

/** One pass over a worksheet part. */
function parseWorksheet(xml: string, info: SheetInfo, ctx: SheetContext): SheetModel {
  const sheet = emptySheet(info);
  const part = info.part;
  const hiddenRanges: Array<{ min: number; max: number }> = [];

  let extDepth = 0;
  let rowNum = 0;
  let nextCol = 1;
  let rowCount = 0;
  let mergedArea = 0;
  const limits = ctx.limits;
  // current cell
  let cRow = 0;
  let cCol = 0;
  let cType = '';
  let cStyle: number | undefined;
  let cHasF = false;
  let cV = '';
  let inV = false;
  let inIs = false;
  let inIsT = false;
  let isRPh = 0;
  let cIs = '';
  // data validations
  let dv: { type: string; sqref: string; formula: string; origin: 'plain' | 'x14' } | null = null;
  let inFormula1 = false;
  let inF = false;
  let inSqref = false;
  let collect = '';
  // ranges filled by an array formula or a data table (their member cells have no <f>)
  const formulaRanges: CellRange[] = [];

  scanXml(xml, part, {
    open(name, raw, selfClosing) {
      const ln = localName(name);
      switch (ln) {
        case 'row': {
          if (extDepth > 0) return;
          const r = getAttr(raw, 'r');
          rowNum = r ? Number(r) : rowNum + 1;
          // a hostile row number would make every later loop over rows run (nearly) forever
          if (!Number.isInteger(rowNum) || rowNum < 1 || rowNum > MAX_ROW) throw badRef(part, `row ${r ?? rowNum}`);
          if (limits && ++rowCount > limits.maxRows) throw sheetTooLarge(info.name, `more than ${limits.maxRows.toLocaleString('en-US')} rows`, limits);
          nextCol = 1;
          const h = getAttr(raw, 'hidden');
          if (h === '1' || h === 'true') sheet.hiddenRows.add(rowNum);
          const custom = getAttr(raw, 'customHeight');
          if (custom === '1' || custom === 'true') {
            const ht = Number(getAttr(raw, 'ht'));
            if (Number.isFinite(ht) && ht >= 0) (sheet.fixedRowHeights ??= new Map()).set(rowNum, ht);
          }
          return;
        }
        case 'c': {
          if (extDepth > 0) return;
          const r = getAttr(raw, 'r');
          cRow = rowNum;
          cCol = nextCol;
          if (r) {
            let k = 0;
            while (k < r.length && r.charCodeAt(k) > 0x39) k++;
            cCol = colFromLetters(r.slice(0, k)) || nextCol;
            if (k < r.length) cRow = Number(r.slice(k)) || rowNum;
          }
          if (cCol > MAX_COL || cRow < 1 || cRow > MAX_ROW || !Number.isInteger(cRow)) throw badRef(part, r ?? `column ${cCol}`);
          nextCol = cCol + 1;
          cType = getAttr(raw, 't') ?? '';
          const s = getAttr(raw, 's');
          cStyle = s !== undefined ? Number(s) : undefined;
          cHasF = false;
          cV = '';
          cIs = '';
          return; // <c/> is finished by close(), which the scanner calls for self-closing tags too
        }
        case 'f':
          if (extDepth > 0) {
            if (dv && inFormula1 && !selfClosing) {
              inF = true;
              collect = '';
            }
          } else {
            cHasF = true;
            const ft = getAttr(raw, 't');
            if (ft === 'array' || ft === 'dataTable') {
              const ref = getAttr(raw, 'ref');
              const range = ref ? parseRange(ref) : null;
              if (range) formulaRanges.push(range);
            }
          }
          return;
        case 'v':
          if (!selfClosing) inV = true;
          return;
        case 'is':
          inIs = true;
          return;
        case 'rPh':
          if (inIs && !selfClosing) isRPh++;
          return;
        case 't':
          if (inIs && isRPh === 0 && !selfClosing) inIsT = true;
          return;
        case 'sheetFormatPr': {
          const rowHt = Number(getAttr(raw, 'defaultRowHeight'));
          if (Number.isFinite(rowHt) && rowHt > 0) sheet.defaultRowHeight = rowHt;
          // defaultColWidth, else baseColWidth plus Excel's padding (8 → 8.43)
          const colW = Number(getAttr(raw, 'defaultColWidth') ?? Number(getAttr(raw, 'baseColWidth') ?? NaN) + 0.43);
          if (Number.isFinite(colW) && colW > 0) sheet.defaultColWidth = colW;
          return;
        }
        case 'col': {
          const width = Number(getAttr(raw, 'width'));
          if (extDepth === 0 && Number.isFinite(width) && width >= 0) {
            const min = Math.max(1, Number(getAttr(raw, 'min')) || 1);
            (sheet.colWidths ??= []).push({ min, max: Math.min(MAX_COL, Number(getAttr(raw, 'max')) || min), width });
          }
          const h = getAttr(raw, 'hidden');
          if (h === '1' || h === 'true') {
            const min = Math.max(1, Number(getAttr(raw, 'min')) || 1);
            const max = Math.min(MAX_COL, Number(getAttr(raw, 'max')) || min);
            hiddenRanges.push({ min, max });
          }
          return;
        }
        case 'mergeCell': {
          const ref = getAttr(raw, 'ref');
          const range = ref ? parseRange(ref) : null;
          if (range) {
            // layout detection indexes the cells of small merges one by one: bound their total
            // (a big merge counts as MERGE_AREA_COUNTED; those are kept as ranges downstream)
            mergedArea += Math.min((range.r2 - range.r1 + 1) * (range.c2 - range.c1 + 1), MERGE_AREA_COUNTED);
            if (limits && mergedArea > limits.maxCells) {
              throw sheetTooLarge(info.name, `more than ${limits.maxCells.toLocaleString('en-US')} merged cells`, limits);
            }
            sheet.merges.push(range);
          }
          return;
        }
        case 'extLst':
          extDepth++;
          return;
        case 'dataValidation':
          dv = {
            type: getAttr(raw, 'type') ?? 'none',
            sqref: getAttr(raw, 'sqref') ?? '',
            formula: '',
            origin: extDepth > 0 ? 'x14' : 'plain',
          };
          return;
        case 'formula1':
          if (dv) {
            inFormula1 = true;
            if (dv.origin === 'plain') collect = '';
          }
          return;
        case 'sqref':
          if (dv && extDepth > 0) {
            inSqref = true;
            collect = '';
          }
          return;
        default:
          return;
      }
    },
    text(raw, cdata) {
      if (inV) {
        if (cV.length <= MAX_CELL_TEXT) cV += raw;
      } else if (inIsT) {
        if (cIs.length <= MAX_CELL_TEXT) cIs += cdata ? raw : decodeEntities(raw);
      } else if ((inF || inSqref || (inFormula1 && dv?.origin === 'plain')) && collect.length <= MAX_CELL_TEXT) collect += cdata ? raw : decodeEntities(raw);
    },
    close(name) {
      switch (localName(name)) {
        case 'c':
          if (extDepth === 0) finishCell();
          return;
        case 'v':
          inV = false;
          return;
        case 'is':
          inIs = false;
          return;
        case 'rPh':
          if (isRPh > 0) isRPh--;
          return;
        case 't':
          inIsT = false;
          return;
        case 'extLst':
          extDepth--;
          return;
        case 'f':
          if (inF && dv) dv.formula = collect.trim();
          inF = false;
          return;
        case 'formula1':
          if (dv && dv.origin === 'plain') dv.formula = collect.trim();
          inFormula1 = false;
          return;
        case 'sqref':
          if (inSqref && dv) dv.sqref = collect.trim();
          inSqref = false;
          return;
        case 'dataValidation':
          finishDv();
          return;
        default:
          return;
      }
    },
  });

  function finishCell(): void {
    const text = clip(cellValueText(cType, decodeEntities(cV), cIs, cStyle, ctx));
    if (text === '' && !cHasF) return;
    if (limits && ctx.cells !== undefined && ++ctx.cells > limits.maxCells) {
      throw sheetTooLarge(info.name, `more than ${limits.maxCells.toLocaleString('en-US')} cells with content in the workbook`, limits);
    }
    const cell: Cell = { row: cRow, col: cCol, text, formula: cHasF, type: cType };
    if (cStyle !== undefined) cell.style = cStyle;
    let row = sheet.rows.get(cRow);
    if (!row) {
      row = new Map();
      sheet.rows.set(cRow, row);
    }
    row.set(cCol, cell);
    if (text !== '') {
      if (cRow > sheet.maxRow) sheet.maxRow = cRow;
      if (cCol > sheet.maxCol) sheet.maxCol = cCol;
    }
  }

  function finishDv(): void {
    if (!dv) return;
    const ranges = parseSqref(dv.sqref);
    sheet.validations.push({ ranges, type: dv.type, formula: dv.formula, items: null, origin: dv.origin });
    dv = null;
  }

  markFormulaMembers(sheet, formulaRanges);
  hiddenRanges.sort((a, b) => a.min - b.min);
  sheet.hiddenColRanges = hiddenRanges;
  // M:XFD-style ranges would put 16k numbers per sheet into the Set: expand only as far as
  // anything can be (data or the first 1024 columns); isColHidden() answers beyond that.
  const bound = Math.max(sheet.maxCol, HIDDEN_COLS_EXPANDED);
  for (const r of hiddenRanges) for (let c = r.min; c <= Math.min(r.max, bound); c++) sheet.hiddenCols.add(c);
  return sheet;
}

/** Member cells of array formulas marked up to this many per sheet, empty ones included. */
const MAX_FORMULA_MEMBERS = 100_000;

/**
 * The cells an array formula (`<f t="array" ref="C2:C4">` on C2) or a data table fills are formula
 * cells too, though only the first carries the <f>: kotae must never write into them. Members that
 * hold a value are marked; empty ones are added as empty formula cells while the ranges are small
 * (the patcher refuses every member cell in any case).
 */
function markFormulaMembers(sheet: SheetModel, ranges: CellRange[]): void {
  let budget = MAX_FORMULA_MEMBERS;
  let newRows = false;
  const grown = new Set<Map<number, Cell>>();
  for (const r of ranges) {
    const area = (r.r2 - r.r1 + 1) * (r.c2 - r.c1 + 1);
    if (area <= budget) {
      budget -= area;
      for (let row = r.r1; row <= r.r2; row++) {
        let cells = sheet.rows.get(row);
        if (!cells) {
          sheet.rows.set(row, (cells = new Map()));
          newRows = true;
        }
        for (let col = r.c1; col <= r.c2; col++) {
          const c = cells.get(col);
          if (c) c.formula = true;
          else {
            cells.set(col, { row, col, text: '', formula: true, type: '' });
            grown.add(cells);
          }
        }
      }
      continue;
    }
    for (const [row, cells] of sheet.rows) {
      if (row < r.r1 || row > r.r2) continue;
      for (const c of cells.values()) if (c.col >= r.c1 && c.col <= r.c2) c.formula = true;
    }
  }
  // rows and cells stay in sheet order, as the rest of kotae reads them
  for (const cells of grown) {
    const sorted = [...cells].sort((a, b) => a[0] - b[0]);
    cells.clear();
    for (const [k, v] of sorted) cells.set(k, v);
  }
  if (newRows) sheet.rows = new Map([...sheet.rows].sort((a, b) => a[0] - b[0]));
}

function cellValueText(t: string, v: string, is: string, style: number | undefined, ctx: SheetContext): string {
  switch (t) {
    case 's': {
      if (v === '') return '';
      return ctx.sst[Number(v)] ?? '';
    }
    case 'inlineStr':
      return decodeOoxmlEscapes(is !== '' ? is : v);
    case 'str':
      return decodeOoxmlEscapes(v);
    case 'b':
      return v === '' ? '' : v === '1' || v === 'true' ? 'TRUE' : 'FALSE';
    case 'e':
      return v;
    case 'd':
      return /T00:00:00(\.0+)?Z?$/.test(v) ? v.slice(0, 10) : v;
    default: {
      const raw = v.trim();
      if (raw === '') return '';
      const n = Number(raw);
      if (!Number.isFinite(n)) return raw;
      const kind = style !== undefined ? ctx.styleKinds[style] : null;
      return kind ? formatSerial(n, ctx.date1904, kind) : formatNumber(n);
    }
  }
}
