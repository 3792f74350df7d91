import type { Language } from '../bank/types.js';
import { colToLetters as colLetters } from '../workbook/refs.js';
import type { Cell, CellRange, DataValidation, SheetModel, WorkbookModel } from '../workbook/model.js';
import { classifyHeader, isExampleMarker, isReviewerHeader, type Role } from './headers.js';
import { isKotaeError, KotaeError } from '../errors.js';
import type {
  LayoutColumns,
  LayoutOverrides,
  QuestionRow,
  SheetLayout,
  SheetVerdict,
  SkippedRow,
} from './types.js';
import { canonicalOf, DEFAULT_VOCAB, vocabFromItems, vocabFromLegend, vocabFromWords, type Vocab } from './vocab.js';

/** How far down a header row is looked for (title and instruction blocks can be long). */
const HEADER_SCAN_ROWS = 60;
/** Mean length below which a column holds labels or ids, not questions. */
const MIN_QUESTION_CHARS = 8;
/** Fewer question-like rows than this and a sheet is a form, not a questionnaire. */
const MIN_QUESTION_LIKE_ROWS = 2;

/** Decides, for every sheet of a workbook, whether it is a questionnaire and how it is laid out. */
export function detectLayouts(wb: WorkbookModel, overrides: LayoutOverrides = {}): SheetVerdict[] {
  const legends = collectLegends(wb);
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

/** Text of a cell as the user sees it, resolving merges to their top-left cell. */
export class SheetView {
  private readonly mergeTopLeft = new Map<number, number>();
  private readonly bigMerges: CellRange[] = [];
  constructor(readonly sheet: SheetModel) {
    for (const m of sheet.merges) {
      const area = (m.r2 - m.r1 + 1) * (m.c2 - m.c1 + 1);
      if (area > 20_000) {
        this.bigMerges.push(m);
        continue;
      }
      const tl = key(m.r1, m.c1);
      for (let r = m.r1; r <= m.r2; r++) for (let c = m.c1; c <= m.c2; c++) this.mergeTopLeft.set(key(r, c), tl);
    }
  }
  cell(row: number, col: number): Cell | undefined {
    return this.sheet.rows.get(row)?.get(col);
  }
  text(row: number, col: number): string {
    return this.cell(row, col)?.text.trim() ?? '';
  }
  /** the top-left cell of the merge holding (row, col), or the cell itself */
  topLeft(row: number, col: number): { row: number; col: number } {
    const tl = this.mergeTopLeft.get(key(row, col));
    if (tl !== undefined) return { row: Math.floor(tl / 65536), col: tl % 65536 };
    for (const m of this.bigMerges) {
      if (row >= m.r1 && row <= m.r2 && col >= m.c1 && col <= m.c2) return { row: m.r1, col: m.c1 };
    }
    return { row, col };
  }
  mergedText(row: number, col: number): string {
    const tl = this.topLeft(row, col);
    return this.text(tl.row, tl.col);
  }
  /** the merge holding (row, col) spans more than one column */
  isWideMerge(row: number, col: number, toCol: number): boolean {
    const tl = this.topLeft(row, col);
    if (tl.row === row && tl.col === col && !this.mergeTopLeft.has(key(row, col))) return false;
    // the merge reaches toCol when toCol's top-left is the same cell
    const other = this.topLeft(row, toCol);
    return other.row === tl.row && other.col === tl.col;
  }
  rowHidden(row: number): boolean {
    return this.sheet.hiddenRows.has(row);
  }
  colHidden(col: number): boolean {
    return this.sheet.hiddenCols.has(col);
  }
  /** the list validation covering (row, col), if any */
  dropdown(row: number, col: number): DataValidation | undefined {
    for (const v of this.sheet.validations) {
      if (v.type !== 'list') continue;
      for (const r of v.ranges) {
        if (row >= r.r1 && row <= r.r2 && col >= r.c1 && col <= r.c2) return v;
      }
    }
    return undefined;
  }
}

function key(row: number, col: number): number {
  return row * 65536 + col;
}

interface HeaderGuess {
  row: number;
  roles: Map<number, { role: Role; strength: number }>;
  score: number;
}

function classifyRow(view: SheetView, row: number): HeaderGuess {
  const roles = new Map<number, { role: Role; strength: number }>();
  const cells = view.sheet.rows.get(row);
  let score = 0;
  if (cells) {
    for (const [col, cell] of cells) {
      // the customer's reviewer column (Analyst Notes, 確認者コメント …) is no role kotae fills
      if (view.colHidden(col) || isReviewerHeader(cell.text)) continue;
      const m = classifyHeader(cell.text);
      if (m) {
        roles.set(col, m);
        score += m.strength;
      }
    }
  }
  return { row, roles, score };
}

/**
 * The row under a header whose cells name roles where the header row spans them with a merge
 * (「回答」 over 可否 / 備考): a second header row, when it holds no question text of its own.
 */
function subHeaderRow(view: SheetView, header: HeaderGuess): HeaderGuess | undefined {
  const next = classifyRow(view, header.row + 1);
  if (next.roles.size === 0) return undefined;
  for (const col of next.roles.keys()) {
    const above = view.topLeft(header.row, col);
    const wide = above.col !== col || view.isWideMerge(header.row, col, col + 1);
    if (wide || !header.roles.has(col)) continue;
    return undefined; // a column named in both rows without a merge above: data, not a sub-header
  }
  // a real question row has long text somewhere; a sub-header has only short names
  for (const cell of view.sheet.rows.get(header.row + 1)?.values() ?? []) if (cell.text.length > 40) return undefined;
  return next;
}

/** The header's roles, with the sub-header's roles for the columns it names. */
function mergeHeaderRows(header: HeaderGuess, sub: HeaderGuess): HeaderGuess {
  const roles = new Map(header.roles);
  for (const [col, m] of sub.roles) {
    // the merged parent (「回答」 over 可否 and 備考) names the group, not the first column
    roles.set(col, m);
  }
  // a group name left on a column the sub-header re-labelled elsewhere is dropped
  for (const [col, m] of header.roles) {
    if (!sub.roles.has(col) && [...sub.roles.values()].some((x) => x.role === m.role) && m.role !== 'question') roles.delete(col);
  }
  return { row: sub.row, roles, score: header.score + sub.score };
}

function hasRole(g: HeaderGuess, role: Role): boolean {
  for (const v of g.roles.values()) if (v.role === role) return true;
  return false;
}

function findHeaderRow(view: SheetView, forced?: number): HeaderGuess | undefined {
  if (forced !== undefined) return classifyRow(view, forced);
  let best: HeaderGuess | undefined;
  const last = Math.min(view.sheet.maxRow, HEADER_SCAN_ROWS);
  for (let r = 1; r <= last; r++) {
    if (view.rowHidden(r)) continue;
    const g = classifyRow(view, r);
    if (![...g.roles.values()].some((m) => m.role === 'answer' && m.strength >= 2)) continue;
    // a header row names more than the answer column (question, remarks, id or category)
    if (g.roles.size < 2) continue;
    const bonus = hasRole(g, 'question') ? 2 : 0;
    if (!best || g.score + bonus > best.score) best = { ...g, score: g.score + bonus };
  }
  return best;
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

function pickColumns(
  view: SheetView,
  header: HeaderGuess,
  overrides: LayoutOverrides,
): LayoutColumns | { error: string } {
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

/** An answer scale stated in a sheet's top rows: where it stands, and whether in symbols or words. */
interface Legend {
  row: number;
  vocab: Vocab;
  /** a legend of symbols (「○：対応可 ×：不可」); else words (「はい」「いいえ」「該当なし」) */
  symbols: boolean;
}

/**
 * Answer scales stated in the top rows of every sheet: legends of symbols (「○：対応可 ×：不可」) and
 * scales in words in instruction sentences (「回答欄には「はい」「いいえ」「該当なし」のいずれかを」).
 */
function collectLegends(wb: WorkbookModel): Map<string, Legend[]> {
  const out = new Map<string, Legend[]>();
  for (const sheet of wb.sheets) {
    const found: Legend[] = [];
    for (let r = 1; r <= Math.min(sheet.maxRow, HEADER_SCAN_ROWS); r++) {
      for (const cell of sheet.rows.get(r)?.values() ?? []) {
        if (cell.text.length > 400) continue;
        const symbols = vocabFromLegend(cell.text);
        const vocab = symbols ?? vocabFromWords(cell.text);
        if (vocab) found.push({ row: r, vocab, symbols: symbols !== undefined });
      }
    }
    if (found.length > 0) out.set(sheet.name, found);
  }
  return out;
}

/** The `--vocab` example for a scale kotae could not read. */
function vocabHint(items: string[]): string {
  const [a, b] = items;
  return `say which item means yes and which no with --vocab, e.g. --vocab "yes=${a ?? '…'},no=${b ?? '…'}"`;
}

function pickVocab(
  view: SheetView,
  cols: LayoutColumns,
  rows: number[],
  headerRow: number,
  legends: Map<string, Legend[]>,
  language: Language,
  overrides: LayoutOverrides,
): Vocab | { error: string } {
  if (overrides.vocab) return overrides.vocab;
  // The dropdown most answer cells carry.
  const counts = new Map<DataValidation, number>();
  for (const r of rows) {
    const v = view.dropdown(r, cols.answer);
    if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  for (const [v] of ranked) {
    if (!v.items) continue;
    const vocab = vocabFromItems(v.items, 'dropdown');
    if (vocab) return vocab;
  }
  const first = ranked[0]?.[0];
  if (first?.items && first.items.length > 0 && ranked.length === 1) {
    return {
      error: `the answer column's dropdown (${first.items.slice(0, 4).join(', ')}…) is not a yes/no scale kotae can read: ${vocabHint(first.items)}`,
    };
  }
  // The answer column's own header (「回答（はい／いいえ）」), then the sheet's legend or instructions:
  // symbols anywhere in the top rows, words only above the questions (a question may quote an answer word).
  const header = vocabFromLegend(view.text(headerRow, cols.answer)) ?? vocabFromWords(view.text(headerRow, cols.answer));
  if (header) return header;
  const own = (legends.get(view.sheet.name) ?? []).find((l) => l.symbols || l.row <= headerRow);
  if (own) return own.vocab;
  for (const [sheet, found] of legends) if (sheet !== view.sheet.name && found[0]) return found[0].vocab;
  return DEFAULT_VOCAB[language];
}

const JA = /[\u3040-\u30ff\u3400-\u9fff]/u;

function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  if (t.length < 4 && !JA.test(t)) return false;
  if (t.length < 2) return false;
  return !/^[\d.\-\s]+$/u.test(t);
}

function detectSheet(
  sheet: SheetModel,
  overrides: LayoutOverrides,
  legends: Map<string, Legend[]>,
): SheetVerdict {
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
    if (flagged && namedCols) checkOverrides(view, overrides, { header, sub, cols: namedCols, named: namedCols, reviewer: reviewerColumns(view, [header.row]), auto: undefined });
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
  const warnings = checkOverrides(view, overrides, { header, sub, cols, named: namedCols, reviewer, auto: overrides.headerRow !== undefined ? findHeaderRow(view) : undefined, headerRows });

  // Each section's own header names its remarks column (HECVAT 4.1.4 "Product": the first
  // section's header has no "Additional Information"; the next ones have it in D).
  const remarksOf = new Map<number, number | undefined>();
  if (headerRows.length > 1 && overrides.remarksCol === undefined) {
    for (const r of headerRows) {
      if (r === header.row || r === sub?.row) continue;
      remarksOf.set(r, bestColumn(classifyRow(view, r), 'remarks', (c) => (c === cols.answer ? -Infinity : c > cols.answer ? 50 - (c - cols.answer) : -100 + c)));
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
  const spanned = [...new Set([cols.answer, namedCols?.answer, namedCols?.remarks, cols.remarks])].filter((c): c is number => c !== undefined && c > cols.question);

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
    if (spanned.some((c) => view.isWideMerge(r, cols.question, c)) || (qCell.col < cols.question && view.isWideMerge(r, qCell.col, cols.question)) || !looksLikeQuestion(text)) {
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

/** Columns a header row names for the customer's reviewer (Analyst Notes, 確認者コメント, 評価 …): never written. */
function reviewerColumns(view: SheetView, headerRows: number[]): Set<number> {
  const out = new Set<number>();
  for (const r of headerRows) for (const [col, cell] of view.sheet.rows.get(r) ?? []) if (isReviewerHeader(cell.text)) out.add(col);
  return out;
}

function columnHint(named: LayoutColumns | undefined): string {
  const found = named ? `kotae finds question ${colLetters(named.question)}, answer ${colLetters(named.answer)}${named.remarks !== undefined ? `, remarks ${colLetters(named.remarks)}` : ''}: ` : '';
  return `${found}drop the column flags to use what the header names, or check the columns with \`kotae inspect\``;
}

/**
 * Flags that contradict the sheet. A column flag landing on a column whose header names another
 * role, on the customer's reviewer column, or on an empty header where the header names that role
 * in another column is an error (a typo would write answers where no one reads them); a flag on a
 * column without a header, where the header names none, is a warning. A --header-row that names no
 * column, while another row is the header, is an error.
 */
function checkOverrides(
  view: SheetView,
  o: LayoutOverrides,
  at: { header: HeaderGuess; sub: HeaderGuess | undefined; cols: LayoutColumns; named: LayoutColumns | undefined; reviewer: Set<number>; auto: HeaderGuess | undefined; headerRows?: number[] },
): string[] {
  const { header, sub, cols, named, reviewer, auto } = at;
  // a column a later section's header names (HECVAT: Additional Information from the second section on)
  const sectionText = (col: number) => (at.headerRows ?? []).map((r) => view.mergedText(r, col)).find(Boolean) ?? '';
  const sheet = view.sheet.name;
  const warnings: string[] = [];
  const fail = (message: string, hint = columnHint(named)): never => {
    throw new KotaeError('BAD_OPTION', message, hint);
  };
  if (o.headerRow !== undefined && header.roles.size === 0 && auto && auto.row !== header.row) {
    fail(
      `--header-row ${o.headerRow}: row ${o.headerRow} of sheet "${sheet}" names no column (質問 / 回答 / 備考, Question / Answer …); its header is row ${auto.row}`,
      `drop --header-row, or give the row whose cells name the columns`,
    );
  }
  const rolesAt = (col: number) => [header, sub].flatMap((g) => (g?.roles.get(col) ? [g.roles.get(col)!] : []));
  const headerText = (col: number) => [header.row, ...(sub ? [sub.row] : [])].map((r) => view.mergedText(r, col)).find(Boolean) ?? '';
  const isHeader = header.roles.size > 0;
  const role: Record<Role, string> = { question: 'the questions', answer: 'the answers', remarks: 'the remarks', id: 'the ids', category: 'the categories' };
  const flags: Array<{ flag: string; col: number | undefined; want: Role; namedCol: number | undefined; clash: Role[] }> = [
    { flag: '--answer-col', col: o.answerCol, want: 'answer', namedCol: named?.answer, clash: ['question', 'id', 'category'] },
    { flag: '--remarks-col', col: o.remarksCol, want: 'remarks', namedCol: named?.remarks, clash: ['question', 'answer', 'id', 'category'] },
    { flag: '--question-col', col: o.questionCol, want: 'question', namedCol: named?.question, clash: ['answer', 'remarks'] },
  ];
  for (const { flag, col, want, namedCol, clash } of flags) {
    if (col === undefined) continue;
    const letter = colLetters(col);
    const here = `${flag} ${letter}`;
    if (want !== 'question' && col === cols.question) fail(`${here} is the question column of sheet "${sheet}"`);
    if (want === 'remarks' && col === cols.answer) fail(`${here} is the answer column of sheet "${sheet}"`);
    if (want === 'question' && col === cols.answer) fail(`${here} is the answer column of sheet "${sheet}"`);
    if (want !== 'question' && reviewer.has(col)) {
      fail(`${here}: column ${letter} of sheet "${sheet}" is headed 「${headerText(col)}」, the customer's reviewer column; kotae never writes there`);
    }
    const text = headerText(col);
    const roles = rolesAt(col);
    const other = roles.find((m) => m.role !== want && m.strength >= 2);
    if (text && other && clash.includes(other.role)) {
      fail(`${here}: row ${header.row} of sheet "${sheet}" heads column ${letter} 「${text}」, ${role[other.role]}`);
    }
    if (!text && isHeader && !sectionText(col)) {
      if (namedCol !== undefined && namedCol !== col && want !== 'question') {
        fail(`${here}: column ${letter} of sheet "${sheet}" has no header in row ${header.row}, where 「${headerText(namedCol)}」 heads column ${colLetters(namedCol)}`);
      }
      warnings.push(`${here}: column ${letter} has no header in row ${header.row}; check that it holds ${role[want]}`);
    } else if (text && other) {
      warnings.push(`${here}: row ${header.row} heads column ${letter} 「${text}」, which reads as ${role[other.role]}`);
    }
  }
  return warnings;
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
