/**
 * The plain model of a customer workbook that every other module works on.
 * Produced only by `read-workbook.ts`; rows and columns are 1-based as in Excel.
 */

export interface CellRange {
  /** top-left, inclusive */
  r1: number;
  c1: number;
  /** bottom-right, inclusive */
  r2: number;
  c2: number;
}

export interface Cell {
  row: number;
  col: number;
  /** Text as the user sees it: shared/inline/rich strings without furigana, cached formula results, numbers as displayed. '' when empty. */
  text: string;
  /** The cell holds a formula (<f>); kotae never writes into it. */
  formula: boolean;
  /** The raw `t` attribute ('s', 'n', 'str', 'inlineStr', 'b', 'e', 'd' or '' when absent). */
  type: string;
  /** Style index (`s` attribute), when present. */
  style?: number;
}

export interface DataValidation {
  /** Cells the validation applies to (sqref). */
  ranges: CellRange[];
  /** 'list' for dropdowns; other types are kept for completeness. */
  type: string;
  /** The raw formula1 (e.g. `"○,×,△,－"`, `'Auto Responses'!$J$3:$J$4`, `yes`). */
  formula: string;
  /** Resolved list items for list validations (inline list, range on any sheet, or defined name); null when unresolvable. */
  items: string[] | null;
  /** Where it came from: the plain <dataValidations> or x14 inside <extLst>. */
  origin: 'plain' | 'x14';
}

export interface SheetModel {
  name: string;
  /** 0-based position in workbook.xml */
  index: number;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** zip path of the worksheet part, e.g. 'xl/worksheets/sheet3.xml' */
  part: string;
  /** Non-empty and formula cells, keyed by row then column. Empty styled cells are omitted. */
  rows: Map<number, Map<number, Cell>>;
  /** Largest row / column holding a non-empty cell (not <dimension>). */
  maxRow: number;
  maxCol: number;
  merges: CellRange[];
  hiddenRows: Set<number>;
  /** Hidden columns, expanded up to max(maxCol, 1024) (a hidden M:XFD stays cheap); `isColHidden()` in read-workbook covers any column. */
  hiddenCols: Set<number>;
  /** The same hidden columns as inclusive ranges, as written in <cols> (e.g. M:XFD is one range). Added by workbook/. */
  hiddenColRanges?: Array<{ min: number; max: number }>;
  validations: DataValidation[];
  /** Rows whose height the sheet fixes (`customHeight`), in points: text past it is cut off, not grown into. */
  fixedRowHeights?: Map<number, number>;
  /** Column widths as written in <cols> (Excel's character units), and the sheet's defaults (<sheetFormatPr>). */
  colWidths?: Array<{ min: number; max: number; width: number }>;
  defaultRowHeight?: number;
  defaultColWidth?: number;
}

export interface DefinedName {
  name: string;
  /** sheet index for sheet-local names */
  localSheet?: number;
  formula: string;
  hidden: boolean;
}

export interface WorkbookModel {
  sheets: SheetModel[];
  definedNames: DefinedName[];
  /** 'xlsm' when the workbook part's content type is macro-enabled (without an Override for it: when the package carries a VBA project) */
  kind: 'xlsx' | 'xlsm';
  /** a template (.xltx / .xltm): its copy must keep a template's extension */
  template?: true;
  date1904: boolean;
}

/** One cell kotae wants to write. */
export interface CellEdit {
  /** sheet name as in workbook.xml */
  sheet: string;
  row: number;
  col: number;
  value: string;
}
