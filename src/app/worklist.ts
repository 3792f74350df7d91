/**
 * The worklist of `<name>.report.xlsx` as data: the decision words a person chooses (採用 / 回答しない),
 * and the record kotae keeps in the report's hidden sheet so `kotae apply` can find the answered
 * workbook (its path and SHA-256), place every row (sheet, cells, the words the cell accepts) and
 * tell a proposal the person edited from one used as shown. report/worklist-xlsx.ts writes it,
 * app/apply-decisions.ts reads it back. Pure.
 */
import { createHash } from 'node:crypto';
import { KotaeError } from '../domain/errors.js';
import { jsonSafe } from '../domain/safe-text.js';

/** The hidden sheet that holds the record (state veryHidden: Excel's Unhide does not list it). */
export const RECORD_SHEET = 'kotae';

const MAGIC = 'kotae worklist';
const VERSION = '1';

export type Decision = 'use' | 'skip' | 'undecided';

/** The decision dropdown's words, in the report's language; either language is read back. */
export const DECISION_WORDS = {
  ja: { use: '採用', skip: '回答しない' },
  en: { use: 'Use', skip: "Don't answer" },
} as const;

/** A decision cell's text: use, skip, undecided (empty), or undefined for a word kotae does not know. */
export function parseDecision(text: string): Decision | undefined {
  const t = text.normalize('NFKC').trim().toLowerCase().replace(/[’‘]/g, "'");
  if (t === '') return 'undecided';
  if (t === '採用' || t === 'use') return 'use';
  if (t === '回答しない' || t === "don't answer") return 'skip';
  return undefined;
}

/** Where the worklist's columns are (1-based), so apply does not depend on header words. */
export interface WorklistColumns {
  question: number;
  answer: number;
  remarks: number;
  decision: number;
}

/** One row of the worklist: where it goes in the answered workbook and what was proposed. */
export interface WorklistRow {
  /** the row of the worklist sheet */
  line: number;
  sheet: string;
  row: number;
  /** A1 references in the answered workbook */
  answerCell: string;
  remarksCell?: string;
  /** the proposing entry, when there is one */
  entry?: string;
  /** the entry's answer for this question (yes / no / partial / na / describe) */
  answer?: string;
  /** the proposed answer and remarks as the worklist showed them */
  written?: string;
  remarks?: string;
  /** the words the answer cell accepts; empty: kotae cannot tell, so no answer is written */
  allowed: string[];
  question: string;
}

export interface WorklistRecord {
  /** paths as written at answer time: relative to the report's folder, and absolute */
  input: { path: string; absolute: string; sha256: string };
  answered: { path: string; absolute: string; sha256: string };
  /** the worklist sheet's name */
  sheet: string;
  columns: WorklistColumns;
  /** earlier applies: when, and the answered workbook's SHA-256 after it */
  history: { at: string; sha256: string; wrote: number }[];
  rows: WorklistRow[];
}

/** Row numbers of the record's fields in the hidden sheet (column A the key, B the value). */
const RECORD_ROWS = {
  magic: 1,
  input: 2,
  inputAbsolute: 3,
  inputSha256: 4,
  answered: 5,
  answeredAbsolute: 6,
  answeredSha256: 7,
  sheet: 8,
  columns: 9,
  history: 10,
  checksum: 11,
  rowsHeader: 12,
} as const;
const FIRST_ROW_LINE = RECORD_ROWS.rowsHeader + 1;
const ROW_FIELDS = ['line', 'sheet', 'row', 'answer cell', 'remarks cell', 'entry', 'answer', 'written', 'remarks', 'allowed', 'question'] as const;

/** Excel keeps at most 32,767 characters in a cell (and an escape takes six): a longer question is cut, and not learned. */
export const MAX_RECORDED_QUESTION = 4000;

/**
 * Text from the customer's sheet or the bank is kept as a JSON string: no control character and
 * nothing a spreadsheet would read as a formula (it starts with a quote mark) reaches the cell.
 */
function enc(text: string | undefined): string {
  return text === undefined || text === '' ? '' : jsonSafe(JSON.stringify(text));
}

/** The record as the hidden sheet's rows of text, checksum included. */
export function encodeRecord(record: WorklistRecord): string[][] {
  const rows: string[][] = [];
  rows[RECORD_ROWS.magic - 1] = [MAGIC, VERSION];
  rows[RECORD_ROWS.input - 1] = ['input', enc(record.input.path)];
  rows[RECORD_ROWS.inputAbsolute - 1] = ['input (absolute)', enc(record.input.absolute)];
  rows[RECORD_ROWS.inputSha256 - 1] = ['input sha256', record.input.sha256];
  rows[RECORD_ROWS.answered - 1] = ['answered', enc(record.answered.path)];
  rows[RECORD_ROWS.answeredAbsolute - 1] = ['answered (absolute)', enc(record.answered.absolute)];
  rows[RECORD_ROWS.answeredSha256 - 1] = ['answered sha256', record.answered.sha256];
  rows[RECORD_ROWS.sheet - 1] = ['worklist sheet', enc(record.sheet)];
  rows[RECORD_ROWS.columns - 1] = ['columns', JSON.stringify(record.columns)];
  rows[RECORD_ROWS.history - 1] = ['history', JSON.stringify(record.history)];
  rows[RECORD_ROWS.rowsHeader - 1] = [...ROW_FIELDS];
  for (const r of record.rows) {
    rows.push([
      String(r.line),
      enc(r.sheet),
      String(r.row),
      r.answerCell,
      r.remarksCell ?? '',
      enc(r.entry),
      r.answer ?? '',
      enc(r.written),
      enc(r.remarks),
      jsonSafe(JSON.stringify(r.allowed)),
      enc(r.question.length > MAX_RECORDED_QUESTION ? r.question.slice(0, MAX_RECORDED_QUESTION) : r.question),
    ]);
  }
  rows[RECORD_ROWS.checksum - 1] = ['checksum', checksumOf(rows)];
  return rows;
}

/**
 * The checksum of every field but itself: an edit of the hidden sheet by hand (a path or a hash
 * changed to point elsewhere) is found. It is no seal against someone who recomputes it; the
 * answered workbook's own SHA-256 is what apply checks before it writes.
 */
function checksumOf(rows: readonly (readonly string[] | undefined)[]): string {
  const h = createHash('sha256');
  rows.forEach((cells, i) => {
    if (i === RECORD_ROWS.checksum - 1 || !cells) return;
    h.update(JSON.stringify([i, ...cells.map((c) => c ?? '')]));
  });
  return h.digest('hex');
}

/** Reads the record back from the hidden sheet's text (`cellText(row, col)`, 1-based). Throws a KotaeError when it is not one, or was edited. */
export function decodeRecord(cellText: (row: number, col: number) => string, maxRow: number, reportName: string): { record: WorklistRecord; rows: string[][] } {
  const bad = (what: string) =>
    new KotaeError(
      'BAD_REPORT',
      `${reportName} is not a kotae worklist kotae can apply: ${what}`,
      'apply a report.xlsx that `kotae answer` wrote, after marking 採用 / 回答しない in its 判断 column; run `kotae answer` again for a new one',
    );
  if (cellText(RECORD_ROWS.magic, 1) !== MAGIC) throw bad('it has no worklist record (was it written by kotae 0.x, or saved as another file?)');
  if (cellText(RECORD_ROWS.magic, 2) !== VERSION) throw bad(`its record is version ${cellText(RECORD_ROWS.magic, 2) || '(none)'}, this kotae reads ${VERSION}`);
  const rows: string[][] = [];
  for (let r = 1; r <= maxRow; r++) {
    const width = r >= FIRST_ROW_LINE || r === RECORD_ROWS.rowsHeader ? ROW_FIELDS.length : 2;
    rows.push(Array.from({ length: width }, (_, c) => cellText(r, c + 1)));
  }
  // the fields were written as 2 cells each; trailing empty cells do not change the checksum's input
  const trimmed = rows.map((cells, i) => (i < RECORD_ROWS.rowsHeader - 1 ? cells.slice(0, 2) : cells));
  if (cellText(RECORD_ROWS.checksum, 2) !== checksumOf(trimmed)) throw bad('its hidden record was edited (its checksum does not match)');
  const json = <T>(text: string, what: string): T => {
    try {
      return JSON.parse(text) as T;
    } catch {
      throw bad(`its ${what} field is not readable`);
    }
  };
  const dec = (text: string, what: string): string => {
    if (text === '') return '';
    const v = json<unknown>(text, what);
    if (typeof v !== 'string') throw bad(`its ${what} field is not text`);
    return v;
  };
  const columns = json<WorklistColumns>(cellText(RECORD_ROWS.columns, 2), 'columns');
  for (const k of ['question', 'answer', 'remarks', 'decision'] as const) {
    if (!Number.isInteger(columns[k]) || columns[k] < 1 || columns[k] > 16384) throw bad(`its ${k} column is not a column`);
  }
  const history = json<WorklistRecord['history']>(cellText(RECORD_ROWS.history, 2), 'history');
  if (!Array.isArray(history)) throw bad('its history field is not a list');
  const out: WorklistRecord = {
    input: {
      path: dec(cellText(RECORD_ROWS.input, 2), 'input'),
      absolute: dec(cellText(RECORD_ROWS.inputAbsolute, 2), 'input'),
      sha256: cellText(RECORD_ROWS.inputSha256, 2),
    },
    answered: {
      path: dec(cellText(RECORD_ROWS.answered, 2), 'answered'),
      absolute: dec(cellText(RECORD_ROWS.answeredAbsolute, 2), 'answered'),
      sha256: cellText(RECORD_ROWS.answeredSha256, 2),
    },
    sheet: dec(cellText(RECORD_ROWS.sheet, 2), 'worklist sheet'),
    columns,
    history,
    rows: [],
  };
  if (!/^[0-9a-f]{64}$/.test(out.answered.sha256)) throw bad('its answered-workbook hash is missing');
  for (let r = FIRST_ROW_LINE; r <= maxRow; r++) {
    const c = rows[r - 1] ?? [];
    if (c.every((x) => x === '')) continue;
    const [line, sheet, row, answerCell, remarksCell, entry, answer, written, remarks, allowed, question] = c as string[] & { length: 11 };
    const wr: WorklistRow = {
      line: Number(line),
      sheet: dec(sheet ?? '', 'sheet'),
      row: Number(row),
      answerCell: answerCell ?? '',
      allowed: json<string[]>(allowed ?? '', 'allowed words'),
      question: dec(question ?? '', 'question'),
    };
    if (!Number.isInteger(wr.line) || !Number.isInteger(wr.row) || !Array.isArray(wr.allowed) || !wr.allowed.every((w) => typeof w === 'string')) {
      throw bad(`its record row ${r} is not readable`);
    }
    if (remarksCell) wr.remarksCell = remarksCell;
    if (entry) wr.entry = dec(entry, 'entry');
    if (answer) wr.answer = answer;
    if (written) wr.written = dec(written, 'proposed answer');
    if (remarks) wr.remarks = dec(remarks, 'proposed remarks');
    out.rows.push(wr);
  }
  return { record: out, rows: trimmed };
}

/**
 * After an apply: the record's cells that change (the answered workbook's new SHA-256, the history,
 * the checksum), as [row, column, text] in the hidden sheet.
 */
export function recordUpdate(rows: readonly string[][], answeredSha256: string, history: WorklistRecord['history']): Array<[number, number, string]> {
  const next = rows.map((r) => [...r]);
  const set = (row: number, text: string) => {
    const cells = next[row - 1] ?? (next[row - 1] = ['', '']);
    cells[1] = text;
  };
  set(RECORD_ROWS.answeredSha256, answeredSha256);
  set(RECORD_ROWS.history, JSON.stringify(history));
  const checksum = checksumOf(next);
  return [
    [RECORD_ROWS.answeredSha256, 2, answeredSha256],
    [RECORD_ROWS.history, 2, JSON.stringify(history)],
    [RECORD_ROWS.checksum, 2, checksum],
  ];
}
