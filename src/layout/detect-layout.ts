/**
 * Detection: for every sheet of a workbook, whether it is a questionnaire, and its layout — the
 * header row (HEADER_SCAN_ROWS down at most), the id / category / question / answer / remarks
 * columns, the question rows to answer and why the others are skipped, the answer words
 * (sheet-vocab.ts) and the language. Header words are in headers.ts, answer words in vocab.ts.
 *
 * Over 400 lines on purpose: detectSheet walks the rows under the header once, deciding for each
 * whether it is a question, a heading, an example, a continuation or filled, with state carried
 * from row to row (the section, merged categories, each section's remarks column); the header row,
 * the sheet view, the answer words and the checks on layout flags are in their own files.
 */
import type { Language } from '../domain/types.js';
import { colToLetters as colLetters } from '../workbook/refs.js';
import type { SheetModel, WorkbookModel } from '../workbook/model.js';
import { classifyHeader, isExampleMarker, type Role } from './headers.js';
import { isKotaeError, KotaeError } from '../domain/errors.js';
import { classifyRow, findHeaderRow, HEADER_SCAN_ROWS, mergeHeaderRows, subHeaderRow, type HeaderGuess } from './find-header.js';
import { SheetView } from './sheet-view.js';
import { checkOverrides, columnHint, reviewerColumns } from './check-overrides.js';
import { collectLegends, pickVocab, type Legend } from './sheet-vocab.js';
import type { LayoutColumns, LayoutOverrides, QuestionRow, SheetLayout, SheetVerdict, SkippedRow } from './types.js';
import { canonicalOf, vocabFromItems, type Vocab } from './vocab.js';

/** Mean length below which a column holds labels or ids, not questions. */
const MIN_QUESTION_CHARS = 8;
/** Fewer question-like rows than this and a sheet is a form, not a questionnaire. */
const MIN_QUESTION_LIKE_ROWS = 2;

/** Decides, for every sheet of a workbook, whether it is a questionnaire and how it is laid out. */
export function detectLayouts(wb: WorkbookModel, overrides: LayoutOverrides = {}): SheetVerdict[] {
  const legends = collectLegends(wb, HEADER_SCAN_ROWS);
  return wb.sheets.map((sheet) => {
    if (overrides.sheet !== undefined && sheet.name !== overrides.sheet) {
      return { sheet: sheet.name, questionnaire: false, reason: `not the sheet asked for (--sheet ${overrides.sheet})` };
    }
    if (sheet.state !== 'visible' && overrides.sheet === undefined) {
      return { sheet: sheet.name, questionnaire: false, reason: `${sheet.state} sheet` };
    }
    try {
      return detectSheet(sheet, overrides, legends);
    } catch (e) {
      if (!isKotaeError(e) || e.code !== 'BAD_OPTION') throw e;
      // a sheet that is no questionnaire without the flags either (an analyst's summary) keeps that
      // reason: the flags were not meant for it
      const { headerRow: _h, questionCol: _q, answerCol: _a, remarksCol: _r, ...rest } = overrides;
      const plain = detectSheet(sheet, rest, legends);
      if (!plain.questionnaire) return plain;
      return { sheet: sheet.name, questionnaire: false, reason: e.message, flagError: e };
    }
  });
}

/** Columns with a yes/no-like dropdown below the header: a strong sign of the answer column. */
function yesNoDropdownColumns(view: SheetView, fromRow: number): Map<number, Vocab> {
  const out = new Map<number, Vocab>();
  for (const v of view.sheet.validations) {
    if (v.type !== 'list' || !v.items) continue;
    const vocab = vocabFromItems(v.items, 'dropdown');
    if (!vocab) continue;
    for (const r of v.ranges) {
      if (r.r2 < fromRow) continue;
      // a stray validation over a whole column to the sheet's end is no evidence on its own
      for (let c = r.c1; c <= Math.min(r.c2, r.c1 + 50); c++) if (!out.has(c)) out.set(c, vocab);
    }
  }
  return out;
}

function bestColumn(guess: HeaderGuess, role: Role, prefer?: (col: number) => number): number | undefined {
  let best: number | undefined;
  let bestScore = -Infinity;
  for (const [col, m] of guess.roles) {
    if (m.role !== role) continue;
    const s = m.strength * 100 + (prefer ? prefer(col) : -col);
    if (s > bestScore) {
      bestScore = s;
      best = col;
    }
  }
  return best;
}

function averageTextLength(view: SheetView, headerRow: number, col: number): number {
  let total = 0;
  let n = 0;
  const last = Math.min(view.sheet.maxRow, headerRow + 400);
  for (let r = headerRow + 1; r <= last; r++) {
    const t = view.text(r, col);
    if (t) {
      total += t.length;
      n++;
    }
  }
  return n ? total / n : 0;
}

/** The column left of the answer whose cells below the header hold the longest text. */
function longestTextColumn(view: SheetView, headerRow: number, before: number, exclude: Set<number>): number | undefined {
  const total = new Map<number, number>();
  const last = Math.min(view.sheet.maxRow, headerRow + 400);
  for (let r = headerRow + 1; r <= last; r++) {
    const cells = view.sheet.rows.get(r);
    if (!cells) continue;
    for (const [col, cell] of cells) {
      if (col >= before || exclude.has(col) || view.colHidden(col)) continue;
      total.set(col, (total.get(col) ?? 0) + cell.text.length);
    }
  }
  let best: number | undefined;
  let bestLen = 0;
  for (const [col, len] of total) {
    if (len > bestLen) {
      bestLen = len;
      best = col;
    }
  }
  return best;
}

function pickColumns(view: SheetView, header: HeaderGuess, overrides: LayoutOverrides): LayoutColumns | { error: string } {
  const dropdowns = yesNoDropdownColumns(view, header.row + 1);
  let answer = overrides.answerCol ?? bestColumn(header, 'answer', (c) => (dropdowns.has(c) ? 50 : 0) - c);
  if (answer === undefined) {
    const cols = [...dropdowns.keys()].filter((c) => !view.colHidden(c)).sort((a, b) => a - b);
    answer = cols[0];
  }
  if (answer === undefined) return { error: 'no answer column (可否 / 回答 / Answer / Response …) in the header row' };
  const remarks =
    overrides.remarksCol ??
    // the remarks column nearest to the right of the answer; one on the left only if none is right of it
    // (never the answer column itself, which --answer-col may have put on a 備考 column)
    bestColumn(header, 'remarks', (c) => (c === answer ? -Infinity : c > answer ? 50 - (c - answer) : -100 + c));
  const used = new Set<number>([answer]);
  if (remarks !== undefined) used.add(remarks);
  const idCols = new Set([...header.roles].filter(([, m]) => m.role === 'id' || m.role === 'category').map(([c]) => c));
  let question = overrides.questionCol;
  if (question === undefined) {
    // A column named like the question column must also hold question-length text below the header:
    // HECVAT's section header " Required Questions" sits over the id column.
    // A column the header names for another role (「設問の補足」, the questionnaire's own definitions;
    // a second remarks column) is never the question column, however long its text.
    const otherRole = new Set([...header.roles].filter(([, m]) => m.role === 'remarks' || m.role === 'answer').map(([c]) => c));
    const avg = new Map<number, number>();
    for (let c = 1; c < answer; c++) if (!view.colHidden(c) && !otherRole.has(c)) avg.set(c, averageTextLength(view, header.row, c));
    const longest = Math.max(0, ...avg.values());
    const named = [...header.roles]
      .filter(([c, m]) => {
        const len = avg.get(c) ?? 0;
        return m.role === 'question' && c < answer && len >= MIN_QUESTION_CHARS && len >= longest * 0.4;
      })
      .sort((a, b) => b[1].strength - a[1].strength || b[0] - a[0]);
    question = named[0]?.[0] ?? longestTextColumn(view, header.row, answer, new Set([...used, ...idCols, ...otherRole]));
  }
  if (question === undefined) return { error: 'no question column left of the answer column' };
  let id: number | undefined;
  const category: number[] = [];
  for (const [col, m] of [...header.roles].sort((a, b) => a[0] - b[0])) {
    if (col === question || col === answer || col === remarks || col > answer) continue;
    if (m.role === 'id' && id === undefined && col < question) id = col;
    else if (m.role === 'category' || (m.role === 'question' && col < question)) category.push(col);
  }
  const cols: LayoutColumns = { category, question, answer };
  if (id !== undefined) cols.id = id;
  if (remarks !== undefined) cols.remarks = remarks;
  return cols;
}

const JA = /[\u3040-\u30ff\u3400-\u9fff]/u;

function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  if (t.length < 4 && !JA.test(t)) return false;
  if (t.length < 2) return false;
  return !/^[\d.\-\s]+$/u.test(t);
}

function detectSheet(sheet: SheetModel, overrides: LayoutOverrides, legends: Map<string, Legend[]>): SheetVerdict {
  const name = sheet.name;
  if (sheet.rows.size === 0) return { sheet: name, questionnaire: false, reason: 'empty sheet' };
  const view = new SheetView(sheet);
  const header = findHeaderRow(view, overrides.headerRow);
  if (!header) {
    return {
      sheet: name,
      questionnaire: false,
      reason: `no header row naming an answer column (可否 / 回答 / Answer / Response …) in the first ${HEADER_SCAN_ROWS} rows`,
    };
  }
  // A two-row header: 「回答」 merged over two columns, 「可否」「備考」 in the row below.
  const sub = subHeaderRow(view, header);
  const guess = sub ? mergeHeaderRows(header, sub) : header;
  const cols = pickColumns(view, guess, overrides);
  // what the header itself names, flags aside: to check the flags against, and to find headings
  const flagged = overrides.answerCol !== undefined || overrides.remarksCol !== undefined || overrides.questionCol !== undefined;
  const named = flagged ? pickColumns(view, guess, {}) : cols;
  const namedCols = 'error' in named ? undefined : named;
  if ('error' in cols) {
    // a flag that contradicts the header is the better message than the columns it left
    if (flagged && namedCols)
      checkOverrides(view, overrides, { header, sub, cols: namedCols, named: namedCols, reviewer: reviewerColumns(view, [header.row]), auto: undefined });
    return { sheet: name, questionnaire: false, reason: `${cols.error} (header row ${header.row})` };
  }

  // Header rows repeated further down (one per section, as in HECVAT) start new sections.
  const answerCol = namedCols?.answer ?? cols.answer;
  const answerHeader = view.text(header.row, answerCol);
  const headerRows = sub ? [header.row, sub.row] : [header.row];
  for (let r = (sub?.row ?? header.row) + 1; r <= sheet.maxRow; r++) {
    if (answerHeader && view.text(r, answerCol) === answerHeader && classifyHeader(answerHeader)) headerRows.push(r);
  }
  const headerSet = new Set(headerRows);
  const reviewer = reviewerColumns(view, headerRows);
  const warnings = checkOverrides(view, overrides, {
    header,
    sub,
    cols,
    named: namedCols,
    reviewer,
    auto: overrides.headerRow !== undefined ? findHeaderRow(view) : undefined,
    headerRows,
  });

  // Each section's own header names its remarks column (HECVAT 4.1.4 "Product": the first
  // section's header has no "Additional Information"; the next ones have it in D).
  const remarksOf = new Map<number, number | undefined>();
  if (headerRows.length > 1 && overrides.remarksCol === undefined) {
    for (const r of headerRows) {
      if (r === header.row || r === sub?.row) continue;
      remarksOf.set(
        r,
        bestColumn(classifyRow(view, r), 'remarks', (c) => (c === cols.answer ? -Infinity : c > cols.answer ? 50 - (c - cols.answer) : -100 + c)),
      );
    }
    if (cols.remarks === undefined) {
      // the sheet's remarks column (for inspect) is the one most sections name; the first section keeps none
      const counts = new Map<number, number>();
      for (const c of remarksOf.values()) if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
      const most = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
      remarksOf.set(header.row, undefined);
      if (most !== undefined) cols.remarks = most;
    }
  }
  // columns a heading spans: the question's merge reaching one of them makes its row a heading,
  // whatever the flags say the answer column is
  const spanned = [...new Set([cols.answer, namedCols?.answer, namedCols?.remarks, cols.remarks])].filter(
    (c): c is number => c !== undefined && c > cols.question,
  );

  const candidates: number[] = [];
  const skipped: SkippedRow[] = [];
  const rows: { row: number; text: string; section: string; sectionHeader: number }[] = [];
  let section = headerRows.length > 1 ? sectionName(view, header.row, cols) : '';
  let sectionHeader = header.row;
  for (let r = header.row + 1; r <= sheet.maxRow; r++) {
    if (r === sub?.row) continue;
    if (headerSet.has(r)) {
      section = sectionName(view, r, cols);
      sectionHeader = r;
      continue;
    }
    const qCell = view.topLeft(r, cols.question);
    const text = view.text(qCell.row, qCell.col);
    if (!text) {
      const heading = rowHeading(view, r, cols);
      if (heading) section = heading;
      continue;
    }
    if (qCell.row !== r) {
      skipped.push({ row: r, reason: 'continuation', text });
      continue;
    }
    if (view.rowHidden(r)) {
      skipped.push({ row: r, reason: 'hidden', text });
      continue;
    }
    // a heading merged across the answer (or remarks) column, one whose text starts left of the
    // question column and is merged over it (「3. 運用・インシデント」 in A19:E19), or text only where headings go
    if (
      spanned.some((c) => view.isWideMerge(r, cols.question, c)) ||
      (qCell.col < cols.question && view.isWideMerge(r, qCell.col, cols.question)) ||
      !looksLikeQuestion(text)
    ) {
      skipped.push({ row: r, reason: 'section', text });
      section = text;
      continue;
    }
    candidates.push(r);
    rows.push({ row: r, text, section, sectionHeader });
  }

  // When most question rows carry a dropdown in the answer cell, a row without one is a heading (OWASP: V1, V2 …).
  const withDropdown = rows.filter((q) => view.dropdown(q.row, cols.answer)).length;
  const dropdownRule = withDropdown >= 3 && withDropdown >= rows.length * 0.6;

  const questionRows: QuestionRow[] = [];
  const carried = new Map<number, string>();
  // rows that are questions, answered or not: they decide the vocabulary and whether this is a questionnaire
  const questionLike: number[] = [];
  let formulaAnswers = 0;
  for (const q of rows) {
    const categoryParts: string[] = [];
    for (const c of cols.category) {
      const t = view.mergedText(q.row, c);
      if (t) carried.set(c, t);
      const v = t || carried.get(c);
      if (v && !categoryParts.includes(v)) categoryParts.push(v);
    }
    if (rowCellsUpTo(view, q.row, cols.answer).some((t) => isExampleMarker(t))) {
      skipped.push({ row: q.row, reason: 'example', text: q.text });
      continue;
    }
    if (dropdownRule && !view.dropdown(q.row, cols.answer)) {
      skipped.push({ row: q.row, reason: 'no-dropdown', text: q.text });
      continue;
    }
    questionLike.push(q.row);
    const answerCell = view.topLeft(q.row, cols.answer);
    const aCell = view.cell(answerCell.row, answerCell.col);
    if (answerCell.row !== q.row) {
      skipped.push({ row: q.row, reason: 'continuation', text: q.text });
      continue;
    }
    if (aCell?.formula) {
      formulaAnswers++;
      skipped.push({ row: q.row, reason: 'formula', text: q.text });
      continue;
    }
    if (aCell && aCell.text.trim() !== '' && !overrides.overwrite) {
      skipped.push({ row: q.row, reason: 'filled', text: q.text });
      continue;
    }
    const qr: QuestionRow = { row: q.row, text: q.text, answerCell };
    if (q.section && !categoryParts.includes(q.section)) categoryParts.unshift(q.section);
    if (categoryParts.length) qr.category = categoryParts.join(' / ');
    const remarksCol = remarksOf.has(q.sectionHeader) ? remarksOf.get(q.sectionHeader) : cols.remarks;
    if (remarksCol !== undefined && !reviewer.has(remarksCol)) qr.remarksCell = view.topLeft(q.row, remarksCol);
    const dd = view.dropdown(q.row, cols.answer);
    if (dd?.items) qr.dropdown = dd.items.map((i) => i.trim());
    else if (dd) qr.unresolvedDropdown = dd.formula;
    questionRows.push(qr);
  }
  skipped.sort((a, b) => a.row - b.row);

  if (questionLike.length < MIN_QUESTION_LIKE_ROWS) {
    return {
      sheet: name,
      questionnaire: false,
      reason: `header row ${header.row} found (answer column ${colLetters(cols.answer)}) but fewer than ${MIN_QUESTION_LIKE_ROWS} question rows under it`,
    };
  }
  if (formulaAnswers >= questionLike.length * 0.8) {
    return {
      sheet: name,
      questionnaire: false,
      reason: `the answer cells (column ${colLetters(cols.answer)}) are formulas: a summary or analyst sheet, not one to fill`,
    };
  }
  if (cols.id === undefined) {
    const id = inferIdColumn(view, questionLike, cols);
    if (id !== undefined) {
      cols.id = id;
      cols.category = cols.category.filter((c) => c !== id);
    }
  }
  if (cols.id !== undefined) {
    const idCol = cols.id;
    for (const q of questionRows) {
      const id = view.mergedText(q.row, idCol);
      if (id) q.id = id;
    }
  }
  const language = languageOf(rows.map((q) => q.text));
  const vocab = pickVocab(view, cols, questionLike, header.row, legends, language, overrides);
  if ('error' in vocab) return { sheet: name, questionnaire: false, reason: vocab.error };
  if (overrides.answerCol !== undefined && questionRows.length === 0) {
    // every question row already "answered" in the column named: ids, numbers or text, not answers
    const filled = skipped.filter((x) => x.reason === 'filled').map((x) => view.text(x.row, cols.answer));
    const words = filled.filter((t) => canonicalOf(t) !== undefined).length;
    if (filled.length > 0 && words < filled.length / 2) {
      throw new KotaeError(
        'BAD_OPTION',
        `--answer-col ${colLetters(cols.answer)}: sheet "${name}" already holds text in column ${colLetters(cols.answer)} on every question row (${filled.slice(0, 3).join(', ')} …), not answer words: no row to answer`,
        columnHint(namedCols),
      );
    }
  }
  const layout: SheetLayout = {
    sheet: name,
    headerRow: header.row,
    headerRows,
    columns: cols,
    questionRows,
    skippedRows: skipped,
    vocab,
    language,
  };
  if (reviewer.size > 0) layout.reviewerColumns = [...reviewer].sort((a, b) => a - b);
  if (warnings.length > 0) layout.warnings = warnings;
  return { sheet: name, questionnaire: true, layout };
}

const ID_LIKE = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9&._\-()]{0,15}$/u;

/** A column left of the question whose cells look like ids (DOCU-01, A&A-01.1, 1-2, Q3) on most question rows. */
function inferIdColumn(view: SheetView, rows: number[], cols: LayoutColumns): number | undefined {
  for (let c = 1; c < cols.question; c++) {
    if (view.colHidden(c)) continue;
    const hits = rows.filter((r) => ID_LIKE.test(view.text(r, c))).length;
    if (hits >= rows.length * 0.6) return c;
  }
  return undefined;
}

function rowCellsUpTo(view: SheetView, row: number, lastCol: number): string[] {
  const out: string[] = [];
  for (const [col, cell] of view.sheet.rows.get(row) ?? []) if (col <= lastCol && cell.text) out.push(cell.text);
  return out;
}

/** The section name on a repeated header row: the text in the id / first column (HECVAT: " Documentation"). */
function sectionName(view: SheetView, row: number, cols: LayoutColumns): string {
  const first = cols.id ?? Math.min(cols.question, ...cols.category);
  for (let c = first; c < cols.answer; c++) {
    const t = view.text(row, c);
    if (t && !classifyHeader(t)) return t;
  }
  return view.text(row, first);
}

/** A row with text but none in the question column: a heading such as 「【1】組織・人」 or "1. Governance". */
function rowHeading(view: SheetView, row: number, cols: LayoutColumns): string {
  const cells = view.sheet.rows.get(row);
  if (!cells) return '';
  for (const [col, cell] of [...cells].sort((a, b) => a[0] - b[0])) {
    if (col < cols.answer && cell.text.trim()) return cell.text.trim();
  }
  return '';
}

function languageOf(texts: string[]): Language {
  if (texts.length === 0) return 'ja';
  const ja = texts.filter((t) => JA.test(t)).length;
  return ja >= texts.length * 0.3 ? 'ja' : 'en';
}
