/**
 * patch-cells: write answers into a workbook by splicing the worksheet XML text.
 * Only the worksheet parts that receive edits and xl/workbook.xml (fullCalcOnLoad) change;
 * every other zip entry is copied byte for byte.
 */
import { KotaeError } from '../domain/errors.js';
import type { CellEdit, CellRange } from './model.js';
import { openWorkbookPackage, readXmlPart } from './package.js';
import { readSharedStrings } from './shared-parts.js';
import { cellRef, colFromLetters, MAX_COL, MAX_ROW, parseRange } from './refs.js';
import { assertSafeXml, decodePart, encodePartLike, escapeText, getAttr, localName, scanXml } from './xml.js';
import type { ZipLimits } from '../domain/limits.js';
import { writeZip } from './zip-write.js';

export interface PatchOptions {
  /** Write into cells that already hold a value (never into formulas). */
  overwrite?: boolean;
  limits?: Partial<ZipLimits>;
}

export type SkipReason = 'formula' | 'not-empty';

export interface PatchResult {
  bytes: Uint8Array;
  written: CellEdit[];
  skipped: { edit: CellEdit; reason: SkipReason }[];
}

export function patchWorkbook(bytes: Uint8Array, edits: CellEdit[], opts?: PatchOptions): PatchResult {
  const pkg = openWorkbookPackage(bytes, opts?.limits);
  const bySheet = new Map<string, Map<string, CellEdit>>();
  for (const e of edits) {
    if (!Number.isInteger(e.row) || !Number.isInteger(e.col) || e.row < 1 || e.row > MAX_ROW || e.col < 1 || e.col > MAX_COL) {
      throw new KotaeError('BAD_OPTION', `cell row ${e.row}, column ${e.col} is outside the sheet`, 'rows are 1..1048576, columns 1..16384');
    }
    const info = pkg.sheets.find((s) => s.name === e.sheet);
    if (!info) {
      throw new KotaeError('SHEET_NOT_FOUND', `no sheet named "${e.sheet}"`, `sheets in this workbook: ${pkg.sheets.map((s) => s.name).join(', ')}`);
    }
    if (!info.part || info.kind !== 'worksheet') {
      throw new KotaeError('SHEET_NOT_FOUND', `"${e.sheet}" is a ${info.kind || 'missing'} sheet, not a worksheet`, 'choose a worksheet');
    }
    let m = bySheet.get(info.part);
    if (!m) bySheet.set(info.part, (m = new Map()));
    m.set(`${e.row}:${e.col}`, e); // the last edit of a cell wins
  }

  // only to tell an empty shared string (the reader's '') from a filled cell
  let sst: string[] | undefined;
  const sharedStrings = () => (sst ??= pkg.sharedStringsPart ? readSharedStrings(readXmlPart(pkg.zip, pkg.sharedStringsPart), pkg.sharedStringsPart) : []);
  const changes = new Map<string, Uint8Array>();
  const writtenSet = new Set<CellEdit>();
  const skipped: PatchResult['skipped'] = [];
  for (const [part, cellEdits] of bySheet) {
    const raw = pkg.zip.read(part);
    const xml = decodePart(raw, part);
    assertSafeXml(xml, part);
    const res = patchSheetXml(xml, part, [...cellEdits.values()], Boolean(opts?.overwrite), sharedStrings);
    for (const e of res.written) writtenSet.add(e);
    skipped.push(...res.skipped);
    // in the part's own encoding: a UTF-16 sheet stays UTF-16
    if (res.written.length > 0) changes.set(part, encodePartLike(res.xml, raw));
  }
  if (changes.size > 0) {
    const wbRaw = pkg.zip.read(pkg.workbookPart);
    const wbXml = decodePart(wbRaw, pkg.workbookPart);
    assertSafeXml(wbXml, pkg.workbookPart);
    const next = setFullCalcOnLoad(wbXml, pkg.workbookPart);
    if (next !== wbXml) changes.set(pkg.workbookPart, encodePartLike(next, wbRaw));
  }
  const out = changes.size > 0 ? writeZip(pkg.zip, changes) : bytes;
  return { bytes: out, written: edits.filter((e) => writtenSet.has(e)), skipped };
}

interface CellPos {
  col: number;
  start: number;
  openEnd: number;
  end: number;
  name: string;
  attrs: string;
  selfClosing: boolean;
  hasF: boolean;
  nonEmpty: boolean;
  v: string;
}

interface RowPos {
  r: number;
  start: number;
  openEnd: number;
  closeStart: number;
  name: string;
  attrs: string;
  selfClosing: boolean;
  cells: CellPos[];
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Characters XML 1.0 forbids (C0 controls except tab/LF/CR, lone surrogates, U+FFFE/FFFF), and DEL
 * and the C1 controls, which XML allows but no answer or remark should carry into a customer's sheet.
 */
const INVALID_XML = /[^\t\n\r\x20-\x7e\xa0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Cell text → the content of <t>: CRLF/CR → LF, invalid characters removed, `_xHHHH_` look-alikes protected, escaped. */
export function encodeCellText(value: string): string {
  const clean = value.replace(/\r\n?/g, '\n').replace(INVALID_XML, '');
  return escapeText(clean.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1'));
}

/** Splice edits into one worksheet's XML. Exported for tests with hand-written XML. */
export function patchSheetXml(
  xml: string,
  part: string,
  edits: CellEdit[],
  overwrite: boolean,
  /** the workbook's shared strings, or how to read them (read only when a target cell holds one) */
  sharedStrings: string[] | (() => string[]) = [],
): { xml: string; written: CellEdit[]; skipped: { edit: CellEdit; reason: SkipReason }[] } {
  let prefix = '';
  let sdStart = -1;
  let sdOpenEnd = -1;
  let sdClose = -1;
  let sdName = 'sheetData';
  let sdSelfClosing = false;
  const colStyles: Array<{ min: number; max: number; style: string }> = [];
  const rows: RowPos[] = [];
  let row: RowPos | null = null;
  let cell: CellPos | null = null;
  let nextCol = 1;
  let inV = false;
  let inIsT = false;
  let extDepth = 0;
  // only the cells of rows that receive an edit are recorded (other rows: their position only)
  const editedRows = new Set(edits.map((e) => e.row));
  let rowEdited = false;
  // ranges an array formula (or a data table) fills: its member cells carry no <f> of their own
  const formulaRanges: CellRange[] = [];

  scanXml(xml, part, {
    open(name, raw, selfClosing, start, end) {
      const ln = localName(name);
      if (ln === 'extLst') extDepth++;
      if (extDepth > 0) return;
      if (ln === 'sheetData') {
        sdName = name;
        prefix = name.slice(0, name.length - ln.length);
        sdStart = start;
        sdOpenEnd = end;
        sdSelfClosing = selfClosing;
        if (selfClosing) sdClose = start;
      } else if (ln === 'col') {
        const style = getAttr(raw, 'style');
        if (style !== undefined && style !== '0') {
          const min = Number(getAttr(raw, 'min')) || 1;
          colStyles.push({ min, max: Number(getAttr(raw, 'max')) || min, style });
        }
      } else if (ln === 'row' && sdOpenEnd >= 0 && sdClose < 0) {
        const r = getAttr(raw, 'r');
        const prev = rows[rows.length - 1];
        row = { r: r ? Number(r) : (prev?.r ?? 0) + 1, start, openEnd: end, closeStart: end, name, attrs: raw, selfClosing, cells: [] };
        rows.push(row);
        rowEdited = editedRows.has(row.r);
        nextCol = 1;
      } else if (ln === 'f' && sdOpenEnd >= 0 && sdClose < 0) {
        const t = getAttr(raw, 't');
        const ref = t === 'array' || t === 'dataTable' ? getAttr(raw, 'ref') : undefined;
        const range = ref ? parseRange(ref) : null;
        if (range) formulaRanges.push(range);
        if (cell) cell.hasF = true;
      } else if (ln === 'c' && row && rowEdited) {
        const r = getAttr(raw, 'r');
        let col = nextCol;
        if (r) col = colFromLetters(r.replace(/[0-9$]+/g, '')) || nextCol;
        nextCol = col + 1;
        cell = { col, start, openEnd: end, end, name, attrs: raw, selfClosing, hasF: false, nonEmpty: false, v: '' };
        row.cells.push(cell);
      } else if (cell) {
        if (ln === 'f') cell.hasF = true;
        else if (ln === 'v' && !selfClosing) inV = true;
        else if (ln === 't' && !selfClosing) inIsT = true;
      }
    },
    text(raw) {
      // whitespace only reads as empty, as in layout detection (which trims): a cell holding a
      // space is a question row to answer, so it must be written too
      if (cell && (inV || inIsT) && raw !== '') {
        if (raw.trim() !== '') cell.nonEmpty = true;
        if (inV) cell.v += raw;
      }
    },
    close(name, start, end) {
      const ln = localName(name);
      if (ln === 'extLst') {
        extDepth--;
        return;
      }
      if (extDepth > 0) return;
      if (ln === 'c' && cell) {
        cell.end = end;
        cell = null;
      } else if (ln === 'v') inV = false;
      else if (ln === 't') inIsT = false;
      else if (ln === 'row' && row) {
        row.closeStart = start;
        row = null;
      } else if (ln === 'sheetData' && !sdSelfClosing && sdClose < 0) sdClose = start;
    },
  });
  if (sdStart < 0 || sdClose < 0) throw new KotaeError('MALFORMED_XML', `${part} has no <sheetData>`, 'open the workbook in Excel and save it again');

  const p = prefix;
  // a shared-string cell pointing at '' (or only whitespace) reads as empty, so it may be filled
  const strings = () => (typeof sharedStrings === 'function' ? sharedStrings() : sharedStrings);
  const emptySharedString = (c: CellPos): boolean => getAttr(c.attrs, 't') === 's' && strings()[Number(c.v.trim())]?.trim() === '';
  const colStyle = (col: number) => colStyles.find((c) => col >= c.min && col <= c.max)?.style;
  const newCell = (e: CellEdit, style: string | undefined) =>
    `<${p}c r="${cellRef(e.row, e.col)}"${style !== undefined ? ` s="${style}"` : ''} t="inlineStr">${isXml(e.value)}</${p}c>`;
  const isXml = (v: string) => `<${p}is><${p}t xml:space="preserve">${encodeCellText(v)}</${p}t></${p}is>`;

  const rowMap = new Map<number, RowPos>();
  for (const r of rows) if (!rowMap.has(r.r)) rowMap.set(r.r, r);
  const sorted = [...edits].sort((a, b) => a.row - b.row || a.col - b.col);
  const byRow = new Map<number, CellEdit[]>();
  for (const e of sorted) {
    const list = byRow.get(e.row);
    if (list) list.push(e);
    else byRow.set(e.row, [e]);
  }

  const splices: Splice[] = [];
  const written: CellEdit[] = [];
  const skipped: { edit: CellEdit; reason: SkipReason }[] = [];
  const newRows: Array<{ at: number; text: string }> = [];
  const inFormulaRange = (e: CellEdit) => formulaRanges.some((r) => e.row >= r.r1 && e.row <= r.r2 && e.col >= r.c1 && e.col <= r.c2);
  if (formulaRanges.length > 0) {
    for (const [rowNum, rowEdits] of byRow) {
      const keep = rowEdits.filter((e) => {
        if (!inFormulaRange(e)) return true;
        skipped.push({ edit: e, reason: 'formula' });
        return false;
      });
      if (keep.length > 0) byRow.set(rowNum, keep);
      else byRow.delete(rowNum);
    }
  }
  const sortedRows = [...rows].sort((a, b) => a.r - b.r);
  const orderOk = rows.every((r, i) => i === 0 || r.r > rows[i - 1]!.r);

  for (const [rowNum, rowEdits] of byRow) {
    const existing = rowMap.get(rowNum);
    if (!existing) {
      const cells = rowEdits.map((e) => newCell(e, colStyle(e.col))).join('');
      written.push(...rowEdits);
      const text = `<${p}row r="${rowNum}">${cells}</${p}row>`;
      // before the first row with a larger number (rows are in order in any file Excel opens)
      const after = (orderOk ? rows : sortedRows).find((r) => r.r > rowNum);
      newRows.push({ at: after ? after.start : sdClose, text });
      continue;
    }
    const rowStyle =
      getAttr(existing.attrs, 'customFormat') === '1' || getAttr(existing.attrs, 'customFormat') === 'true' ? getAttr(existing.attrs, 's') : undefined;
    const inserts: Array<{ at: number; text: string; col: number }> = [];
    let maxNewCol = 0;
    let minNewCol = Infinity;
    for (const e of rowEdits) {
      const c = existing.cells.find((x) => x.col === e.col);
      if (c) {
        if (c.hasF) {
          skipped.push({ edit: e, reason: 'formula' });
          continue;
        }
        if (c.nonEmpty && !overwrite && !emptySharedString(c)) {
          skipped.push({ edit: e, reason: 'not-empty' });
          continue;
        }
        const attrs = c.attrs.replace(/\s(?:t|vm|cm)\s*=\s*(?:"[^"]*"|'[^']*')/g, '').replace(/\s+$/, '');
        splices.push({ start: c.start, end: c.end, text: `<${c.name}${attrs} t="inlineStr">${isXml(e.value)}</${c.name}>` });
        written.push(e);
        continue;
      }
      const next = existing.cells.find((x) => x.col > e.col);
      inserts.push({ at: next ? next.start : existing.closeStart, text: newCell(e, rowStyle ?? colStyle(e.col)), col: e.col });
      maxNewCol = Math.max(maxNewCol, e.col);
      minNewCol = Math.min(minNewCol, e.col);
      written.push(e);
    }
    if (inserts.length === 0) continue;
    let rowAttrs = existing.attrs;
    const spans = getAttr(rowAttrs, 'spans');
    const m = spans ? /^(\d+):(\d+)$/.exec(spans) : null;
    if (m) {
      const lo = Math.min(Number(m[1]), minNewCol);
      const hi = Math.max(Number(m[2]), maxNewCol);
      rowAttrs = rowAttrs.replace(/(\sspans\s*=\s*)(["'])[^"']*\2/, `$1"${lo}:${hi}"`);
    }
    if (existing.selfClosing) {
      const attrs = rowAttrs.replace(/\s+$/, '');
      splices.push({
        start: existing.start,
        end: existing.openEnd,
        text: `<${existing.name}${attrs}>${inserts.map((i) => i.text).join('')}</${existing.name}>`,
      });
    } else {
      if (rowAttrs !== existing.attrs) splices.push({ start: existing.start, end: existing.openEnd, text: `<${existing.name}${rowAttrs}>` });
      for (const i of inserts) splices.push({ start: i.at, end: i.at, text: i.text });
    }
  }

  if (newRows.length > 0) {
    if (sdSelfClosing) {
      const attrs = xml.slice(sdStart + 1 + sdName.length, sdOpenEnd - 2).replace(/\s+$/, '');
      splices.push({ start: sdStart, end: sdOpenEnd, text: `<${sdName}${attrs}>${newRows.map((r) => r.text).join('')}</${sdName}>` });
    } else for (const r of newRows) splices.push({ start: r.at, end: r.at, text: r.text });
  }

  // inserts (end === start) before replacements at the same position; stable otherwise
  const order = splices.map((s, i) => ({ s, i }));
  order.sort((a, b) => a.s.start - b.s.start || a.s.end - a.s.start - (b.s.end - b.s.start) || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const { s } of order) {
    out += xml.slice(cursor, s.start) + s.text;
    cursor = s.end;
  }
  out += xml.slice(cursor);
  return { xml: out, written, skipped };
}

/** Elements that follow <calcPr> in CT_Workbook, so a new <calcPr> goes before the first of them. */
const AFTER_CALC_PR = new Set([
  'oleSize',
  'customWorkbookViews',
  'pivotCaches',
  'smartTagPr',
  'smartTagTypes',
  'webPublishing',
  'fileRecoveryPr',
  'webPublishObjects',
  'extLst',
]);

/** Make Excel recalculate on open (formulas may depend on the answers written). */
export function setFullCalcOnLoad(xml: string, part: string): string {
  let depth = 0;
  let rootName = '';
  let calc: { start: number; end: number; name: string; attrs: string; selfClosing: boolean } | null = null;
  let insertAt = -1;
  let rootClose = -1;
  scanXml(xml, part, {
    open(name, attrs, selfClosing, start, end) {
      if (depth === 0) rootName = name;
      else if (depth === 1) {
        const ln = localName(name);
        if (ln === 'calcPr' && !calc) calc = { start, end, name, attrs, selfClosing };
        else if (insertAt < 0 && AFTER_CALC_PR.has(ln)) insertAt = start;
      }
      depth++;
    },
    close(_name, start) {
      depth--;
      if (depth === 0) rootClose = start;
    },
  });
  const found = calc as { start: number; end: number; name: string; attrs: string; selfClosing: boolean } | null;
  if (found) {
    if (getAttr(found.attrs, 'fullCalcOnLoad') === '1') return xml;
    const attrs = found.attrs.replace(/\sfullCalcOnLoad\s*=\s*(?:"[^"]*"|'[^']*')/g, '').replace(/\s+$/, '');
    const tag = `<${found.name}${attrs} fullCalcOnLoad="1"${found.selfClosing ? '/>' : '>'}`;
    return xml.slice(0, found.start) + tag + xml.slice(found.end);
  }
  const prefix = rootName.slice(0, rootName.length - localName(rootName).length);
  const at = insertAt >= 0 ? insertAt : rootClose;
  return `${xml.slice(0, at)}<${prefix}calcPr fullCalcOnLoad="1"/>${xml.slice(at)}`;
}
