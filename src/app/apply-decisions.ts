/**
 * `kotae apply`, the use case: the rows a person marked 採用 (use) in a worklist report written into
 * the answered workbook, surgically (workbook/patch-cells.ts: only those cells change), and learned
 * by the bank (bank/learn-plan.ts). Every decision is checked before anything is written: a
 * decision or proposal cell holding a formula, a word kotae does not know, an answer the cell's
 * list does not accept, a row it cannot place — each refuses the whole apply. Pure: the report's
 * and the answered workbook's bytes in, their new bytes, the outcomes and the bank edits out;
 * node/ finds, checks and writes the files.
 */
import { createHash } from 'node:crypto';
import { KotaeError } from '../domain/errors.js';
import { neutralizeControls, stripControls } from '../domain/safe-text.js';
import type { Bank, Canonical, Language } from '../domain/types.js';
import { buildFileChanges, type FileChange } from '../bank/import-yaml.js';
import type { ImportPlan, ImportSource, ResponseRow } from '../bank/import-plan.js';
import { planLearning, type AcceptedRow } from '../bank/learn-plan.js';
import { canonicalOf } from '../layout/vocab.js';
import { encryptWorkbook } from '../workbook/decrypt.js';
import type { CellEdit, SheetModel, WorkbookModel } from '../workbook/model.js';
import { patchWorkbook } from '../workbook/patch-cells.js';
import { parseRange } from '../workbook/refs.js';
import {
  decodeRecord,
  MAX_RECORDED_QUESTION,
  parseDecision,
  RECORD_SHEET,
  recordUpdate,
  type Decision,
  type WorklistRecord,
  type WorklistRow,
} from './worklist.js';

/** One worklist row as the person left it. */
export interface RowDecision {
  rec: WorklistRow;
  decision: Decision;
  /** the proposed-answer and proposed-remarks cells as they are now */
  answer: string;
  remarks: string;
  /** either differs from what kotae proposed */
  edited: boolean;
  /** the row is no longer in the worklist sheet (deleted): it counts as undecided */
  missing?: true;
}

export type OutcomeStatus = 'written' | 'already' | 'not-empty' | 'formula' | 'skip' | 'undecided';

export interface RowOutcome {
  rec: WorklistRow;
  status: OutcomeStatus;
  /** what went (or would go) into the answer and remarks cells */
  answer?: string;
  remarks?: string;
  edited?: boolean;
}

export interface ReadWorklist {
  record: WorklistRecord;
  /** the record's rows of text, to update it after an apply */
  recordRows: string[][];
  decisions: RowDecision[];
}

const MAX_LISTED = 5;

function cellTextOf(sheet: SheetModel): (row: number, col: number) => string {
  return (row, col) => sheet.rows.get(row)?.get(col)?.text ?? '';
}

/** The record and every row's decision, read from the report. Throws a KotaeError (nothing written yet) on anything it cannot trust. */
export function readWorklist(report: WorkbookModel, reportName: string): ReadWorklist {
  const recordSheet = report.sheets.find((s) => s.name === RECORD_SHEET);
  if (!recordSheet) {
    throw new KotaeError(
      'BAD_REPORT',
      `${reportName} is not a kotae worklist: it has no "${RECORD_SHEET}" record sheet`,
      'apply the .report.xlsx that `kotae answer` wrote (an .md, .json or .csv report cannot be applied)',
    );
  }
  const { record, rows: recordRows } = decodeRecord(cellTextOf(recordSheet), recordSheet.maxRow, reportName);
  const sheet = report.sheets.find((s) => s.name === record.sheet);
  if (!sheet) {
    throw new KotaeError(
      'BAD_REPORT',
      `${reportName} has no worklist sheet "${record.sheet}"`,
      'was it renamed? give it back its name, or run `kotae answer` again',
    );
  }
  const text = cellTextOf(sheet);
  const cols = record.columns;
  // rows are found by their sheet and row columns, not their position: sorting the worklist moves nothing
  const lineOf = new Map<string, number>();
  for (const [r] of sheet.rows) if (r > 1) lineOf.set(`${text(r, 1)}\u0000${text(r, 2)}`, r);
  const problems: string[] = [];
  const decisions: RowDecision[] = [];
  for (const rec of record.rows) {
    const line = lineOf.get(`${neutralizeControls(rec.sheet, '\t\n')}\u0000${rec.row}`);
    if (line === undefined) {
      decisions.push({ rec, decision: 'undecided', answer: rec.written ?? '', remarks: rec.remarks ?? '', edited: false, missing: true });
      continue;
    }
    const cell = (col: number) => sheet.rows.get(line)?.get(col);
    for (const [col, what] of [
      [cols.decision, 'decision'],
      [cols.answer, 'proposed answer'],
      [cols.remarks, 'proposed remarks'],
    ] as const) {
      if (cell(col)?.formula) problems.push(`worklist row ${line}: the ${what} cell holds a formula; type the value itself`);
    }
    const word = text(line, cols.decision);
    const decision = parseDecision(word);
    if (decision === undefined) {
      problems.push(`worklist row ${line}: "${word.slice(0, 40)}" is not a decision (choose 採用 / Use or 回答しない / Don't answer, or leave it empty)`);
      continue;
    }
    const answer = text(line, cols.answer).trim();
    const remarks = text(line, cols.remarks).trim();
    decisions.push({ rec, decision, answer, remarks, edited: answer !== (rec.written ?? '').trim() || remarks !== (rec.remarks ?? '').trim() });
  }
  if (problems.length > 0)
    throw listError(
      'BAD_REPORT',
      `${reportName}: ${problems.length} decision ${problems.length === 1 ? 'cell' : 'cells'} cannot be read`,
      problems,
      'fix them in the report, save it and run apply again',
    );
  return { record, recordRows, decisions };
}

function listError(code: 'BAD_REPORT', head: string, lines: string[], hint: string): KotaeError {
  const shown = lines.slice(0, MAX_LISTED).map((l) => `  ${l}`);
  if (lines.length > MAX_LISTED) shown.push(`  … and ${lines.length - MAX_LISTED} more`);
  return new KotaeError(code, `${head}:\n${shown.join('\n')}`, hint);
}

export interface ApplyOptions {
  /** also replace answer and remarks cells that hold something else (never formulas) */
  overwrite?: boolean;
  /** the password of an encrypted answered workbook (and report): the result is encrypted with it again */
  password?: string | undefined;
  /** learn from the applied rows (default true) */
  learn?: boolean;
  bank?: Bank;
  source: ImportSource;
  owner?: string;
  /** read a bank file's current text (for the learning edits) */
  read: (path: string) => string | undefined;
  now: Date;
}

export interface ApplyResult {
  outcomes: RowOutcome[];
  /** the answered workbook's new bytes, and the report's (its record updated); undefined when nothing was written */
  answered?: Uint8Array;
  report?: Uint8Array;
  answeredSha256?: string;
  learning?: { plan: ImportPlan; changes: FileChange[] };
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Everything `kotae apply` does between reading the files and writing them. `answered` is the
 * answered workbook as decrypted (its model read from those bytes); `reportBytes` the report as
 * decrypted. Throws a KotaeError, with nothing to write, when a decision cannot be applied.
 */
export function applyDecisions(
  worklist: ReadWorklist,
  answered: { bytes: Uint8Array; wb: WorkbookModel },
  reportBytes: Uint8Array,
  opts: ApplyOptions,
): ApplyResult {
  const outcomes: RowOutcome[] = [];
  const edits: CellEdit[] = [];
  const problems: string[] = [];
  const editOf = new Map<CellEdit, RowOutcome>();
  for (const d of worklist.decisions) {
    if (d.decision !== 'use') {
      outcomes.push({ rec: d.rec, status: d.decision });
      continue;
    }
    const where = `row ${d.rec.row} of "${d.rec.sheet}"`;
    const sheet = answered.wb.sheets.find((s) => s.name === d.rec.sheet);
    const answerAt = parseRange(d.rec.answerCell);
    const remarksAt = d.rec.remarksCell ? parseRange(d.rec.remarksCell) : null;
    if (!sheet || !answerAt || (d.rec.remarksCell && !remarksAt)) {
      problems.push(`${where}: kotae cannot place it in the answered workbook (${sheet ? 'its cell reference is not a cell' : 'no such sheet'})`);
      continue;
    }
    let word: string | undefined;
    if (d.answer !== '') {
      word = d.rec.allowed.find((w) => w.normalize('NFKC').trim() === d.answer.normalize('NFKC'));
      if (word === undefined) {
        problems.push(
          d.rec.allowed.length === 0
            ? `${where}: its answer cell's dropdown is a list kotae cannot read, so "${d.answer}" cannot be checked: type the answer in the workbook yourself and empty the proposed answer`
            : `${where}: "${d.answer.slice(0, 40)}" is not one of the cell's answer words (${d.rec.allowed.join(' / ')})`,
        );
        continue;
      }
    }
    const remarks = d.remarks !== '' && remarksAt ? d.remarks : undefined;
    if (d.remarks !== '' && !remarksAt) {
      problems.push(`${where}: the sheet has no remarks column for the proposed remarks; empty them, or write them in the workbook yourself`);
      continue;
    }
    if (word === undefined && remarks === undefined) {
      problems.push(`${where}: marked ${'採用'} / Use with no answer and no remarks to write; write them in the worklist, or choose 回答しない / Don't answer`);
      continue;
    }
    const outcome: RowOutcome = {
      rec: d.rec,
      status: 'written',
      edited: d.edited,
      ...(word !== undefined ? { answer: word } : {}),
      ...(remarks !== undefined ? { remarks } : {}),
    };
    outcomes.push(outcome);
    // each target cell: empty, or already what goes in (a second apply), or kotae's own proposal
    // (the remarks `answer` wrote for an open question) may be written; anything else only with --overwrite
    const targets: Array<[{ r1: number; c1: number }, string, string | undefined]> = [];
    if (word !== undefined) targets.push([answerAt, word, d.rec.written]);
    if (remarks !== undefined && remarksAt) targets.push([remarksAt, remarks, d.rec.remarks]);
    let pending = 0;
    for (const [at, value, proposed] of targets) {
      const cell = sheet.rows.get(at.r1)?.get(at.c1);
      if (cell?.formula) {
        outcome.status = 'formula';
        break;
      }
      const now = cell?.text ?? '';
      if (now === value) continue;
      if (now !== '' && now !== proposed && !opts.overwrite) {
        outcome.status = 'not-empty';
        break;
      }
      pending++;
    }
    if (outcome.status !== 'written') continue;
    if (pending === 0) {
      outcome.status = 'already';
      continue;
    }
    for (const [at, value] of targets) {
      const edit: CellEdit = { sheet: d.rec.sheet, row: at.r1, col: at.c1, value };
      edits.push(edit);
      editOf.set(edit, outcome);
    }
  }
  if (problems.length > 0) {
    throw listError(
      'BAD_REPORT',
      `${problems.length} ${problems.length === 1 ? 'row' : 'rows'} marked 採用 / Use cannot be written`,
      problems,
      "fix them in the report (or mark them 回答しない / Don't answer), save it and run apply again; nothing was written",
    );
  }
  const result: ApplyResult = { outcomes };
  if (edits.length > 0) {
    // overwrite: the checks above already allowed each cell (kotae's own proposal may be replaced without the flag)
    const patched = patchWorkbook(answered.bytes, edits, { overwrite: true });
    for (const s of patched.skipped) {
      const o = editOf.get(s.edit);
      if (o) o.status = s.reason === 'formula' ? 'formula' : 'not-empty';
    }
    const stillWritten = edits.filter((e) => editOf.get(e)?.status === 'written');
    if (stillWritten.length > 0) {
      const bytes = stillWritten.length === edits.length ? patched.bytes : patchWorkbook(answered.bytes, stillWritten, { overwrite: true }).bytes;
      const out = opts.password !== undefined ? encryptWorkbook(bytes, opts.password) : bytes;
      const sha = sha256Hex(out);
      const wrote = outcomes.filter((o) => o.status === 'written').length;
      const history = [...worklist.record.history, { at: opts.now.toISOString(), sha256: sha, wrote }];
      const update = recordUpdate(worklist.recordRows, sha, history).map(([row, col, value]) => ({ sheet: RECORD_SHEET, row, col, value }));
      const report = patchWorkbook(reportBytes, update, { overwrite: true }).bytes;
      result.answered = out;
      result.answeredSha256 = sha;
      result.report = opts.password !== undefined ? encryptWorkbook(report, opts.password) : report;
    }
  }
  if (opts.learn !== false && opts.bank) {
    // a question cut short in the record is not learned (its phrasing would be a fragment)
    const accepted = outcomes
      .filter((o) => (o.status === 'written' || o.status === 'already') && o.rec.question.length < MAX_RECORDED_QUESTION)
      .map((o) => acceptedRow(o, worklist.record, opts.source));
    const plan = planLearning(opts.bank, accepted, opts.source, opts.owner);
    result.learning = { plan, changes: buildFileChanges(plan, opts.bank.dir, opts.read) };
  }
  return result;
}

function acceptedRow(o: RowOutcome, record: WorklistRecord, source: ImportSource): AcceptedRow {
  const answer: Canonical | undefined = o.answer !== undefined ? canonicalOf(o.answer) : undefined;
  const language: Language = /[\u3040-\u30ff\u4e00-\u9fff]/.test(o.rec.question) ? 'ja' : 'en';
  // what the bank stores carries no control character (as `bank import` stores it)
  const row: ResponseRow = {
    file: stripControls(fileName(record.input.path)) || source.customer,
    sheet: stripControls(o.rec.sheet),
    row: o.rec.row,
    question: stripControls(o.rec.question),
    answerText: stripControls(o.answer ?? ''),
    language,
    ...(answer ? { answer } : {}),
    ...(o.remarks !== undefined ? { remarks: stripControls(o.remarks) } : {}),
  };
  return { row, ...(o.rec.entry !== undefined ? { entryId: o.rec.entry } : {}), edited: Boolean(o.edited) };
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? '';
}
