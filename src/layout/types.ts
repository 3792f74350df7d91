import type { Language } from '../domain/types.js';
import type { Vocab } from './vocab.js';

/** Columns of a questionnaire (1-based column numbers). */
export interface LayoutColumns {
  id?: number;
  /** category / section columns, left to right */
  category: number[];
  question: number;
  answer: number;
  remarks?: number;
}

/** A row kotae will try to answer. */
export interface QuestionRow {
  row: number;
  /** the question as the user sees it (merged cells resolved) */
  text: string;
  id?: string;
  /** category and section text for this row, joined with ' / ' */
  category?: string;
  /** where to write: the top-left cell of the answer (and remarks) cell's merge */
  answerCell: { row: number; col: number };
  remarksCell?: { row: number; col: number };
  /** the answer cell's own dropdown, when it has one */
  dropdown?: string[];
  /**
   * the formula of the answer cell's dropdown when kotae cannot tell its items (INDIRECT of another
   * cell, a list in another workbook …): no answer word can be known to be in the list
   */
  unresolvedDropdown?: string;
}

/**
 * Why a row under the header is not answered: already `filled`, the customer's `example` (記入例),
 * a `formula` answer cell, a `hidden` row, a `section` heading, a `continuation` of a merged item,
 * or `no-dropdown` (its answer cell lacks the dropdown every other question has: a heading or a free-text item).
 */
export type SkipReason = 'filled' | 'example' | 'formula' | 'hidden' | 'section' | 'continuation' | 'no-dropdown';

export interface SkippedRow {
  row: number;
  reason: SkipReason;
  text: string;
}

/** What kotae understood of one questionnaire sheet. */
export interface SheetLayout {
  sheet: string;
  /** the first header row */
  headerRow: number;
  /** every header row (HECVAT repeats it at the top of each section) */
  headerRows: number[];
  columns: LayoutColumns;
  questionRows: QuestionRow[];
  skippedRows: SkippedRow[];
  vocab: Vocab;
  language: Language;
  /** columns headed for the customer's reviewer (Analyst Notes, 確認者コメント, 評価 …): never written */
  reviewerColumns?: number[];
  /** where a layout flag disagrees with the sheet without contradicting it (a column with no header …) */
  warnings?: string[];
}

/** The verdict on one sheet: a questionnaire with its layout, or why not. */
export type SheetVerdict =
  | { sheet: string; questionnaire: true; layout: SheetLayout }
  | {
      sheet: string;
      questionnaire: false;
      reason: string;
      /**
       * a layout flag contradicts this sheet (layout flags apply to every sheet): when no sheet is a
       * questionnaire, this is the error to show; when others are, the sheet is left out with a note
       */
      flagError?: Error;
    };

/** Overrides for when detection is wrong (CLI flags). Columns as letters or 1-based numbers. */
export interface LayoutOverrides {
  sheet?: string;
  headerRow?: number;
  questionCol?: number;
  answerCol?: number;
  remarksCol?: number;
  vocab?: Vocab;
  /** `answer --overwrite`: rows whose answer cell is already filled are question rows too (formula cells never are) */
  overwrite?: boolean;
}
