/**
 * Which cell gets which text: every question row of every questionnaire sheet decided against the
 * bank (match/decide.ts), the answer written in a word the sheet accepts (its dropdown, else its
 * vocabulary), the remarks with their citation, and the rows left for a person. Pure: workbook
 * model and index in, plan (row results and cell edits) out.
 */
import type { Canonical, Entry, EntryAnswer, Language } from '../domain/types.js';
import { excerpt } from '../domain/safe-text.js';
import { formatCitation } from '../bank/regulation.js';
import { questionnaireLayouts } from '../layout/find-questionnaires.js';
import type { LayoutOverrides, QuestionRow, SheetLayout, SheetVerdict } from '../layout/types.js';
import { canonicalOf } from '../layout/vocab.js';
import { createDecideCache, decide, forgetText, impliedAnswer, proposalConcerns } from '../match/decide.js';
import { isOpenQuestion } from '../match/open-question.js';
import type { MatchIndex } from '../match/match-index.js';
import type { Candidate, Decision, ReasonCode } from '../match/types.js';
import type { CellEdit, WorkbookModel } from '../workbook/model.js';

export type RowStatus = 'answered' | 'review' | 'unmatched';

/** Why a row got its status: the matcher's reason, or `not-in-vocab` when the sheet's answer words cannot express the entry's answer. */
export type RowReason = ReasonCode | 'not-in-vocab' | 'describe' | 'dropdown-unresolved' | 'formula-cell' | 'cell-not-empty';

/** What happened to one question row. */
export interface RowResult {
  sheet: string;
  row: number;
  id?: string;
  category?: string;
  question: string;
  status: RowStatus;
  /**
   * reason code: the matcher's, `not-in-vocab` when the sheet cannot express the answer, or
   * `describe` when the entry answers an open question with its remarks (written to the remarks
   * cell when the sheet has one; the answer cell is left to a person)
   */
  reason: RowReason;
  /** what the reason rests on (the term the entry leaves out, the rival entry …), when the matcher says */
  detail?: string;
  answer?: EntryAnswer;
  /** the text written into the answer cell */
  written?: string;
  remarks?: string;
  entry?: Entry;
  /** a compound question answered by more than one entry: the others, whose remarks follow the entry's */
  also?: Entry[];
  score: number;
  candidates: Candidate[];
  /** where the row's answer (and remarks) go: the top-left cells of their merges */
  cells: { answer: { row: number; col: number }; remarks?: { row: number; col: number } };
  /**
   * the words the answer cell accepts: its own dropdown, else the sheet's answer words; empty when
   * its dropdown is a formula kotae cannot read (no word can be known to be in it)
   */
  allowed: string[];
  /**
   * for a row left to a person (review): what each of its leading candidates would write, best
   * first — the answer in the sheet's own words and the remarks in full — for the worklist
   * (`kotae apply` writes the one a person accepts). Unmatched rows have none.
   */
  proposals?: Proposal[];
}

/** What one candidate entry would write into a row a person decides. */
export interface Proposal {
  entry: Entry;
  score: number;
  /** the entry's answer for this question (flipped when the question asks the other way round); undefined when it cannot be said */
  answer?: EntryAnswer;
  /** the answer in a word the cell accepts; undefined for an open question, or when the sheet has no word for it */
  written?: string;
  remarks?: string;
  /**
   * why the entry is no proposal for this question (a topic the bank does not settle, a figure or
   * scope it is outside …: match/decide.ts `proposalConcerns`); it then proposes nothing
   */
  objection?: string;
  /** what a person should check before using it (a term of the question the entry does not mention …) */
  caution?: string;
}

export interface SheetSummary {
  sheet: string;
  answered: number;
  review: number;
  unmatched: number;
  skipped: number;
}

export interface AnswerPlan {
  verdicts: SheetVerdict[];
  layouts: SheetLayout[];
  results: RowResult[];
  edits: CellEdit[];
  summaries: SheetSummary[];
  /** stage times in milliseconds, when asked for (`AnswerOptions.clock`) */
  timings?: PlanTimings;
}

export interface PlanTimings {
  /** finding the questionnaire sheets, their columns and question rows */
  detectMs: number;
  /** deciding every question row and planning the edits */
  matchMs: number;
  questionRows: number;
  /** distinct question texts among them (repeats reuse the work on the first) */
  distinctTexts: number;
}

export interface AnswerOptions {
  overrides?: LayoutOverrides;
  /** omit the 「（情報セキュリティ規定 第N条）」 citation after remarks */
  noCite?: boolean;
  /** write remarks (default true) */
  remarks?: boolean;
  /** a clock in milliseconds (performance.now): return stage times in `AnswerPlan.timings` (for `npm run bench`) */
  clock?: () => number;
}

/** Decides every question row of every questionnaire sheet and plans the cell edits. Pure. */
export function planAnswers(wb: WorkbookModel, index: MatchIndex, opts: AnswerOptions = {}): AnswerPlan {
  const clock = opts.clock;
  const t0 = clock?.() ?? 0;
  const { verdicts, layouts } = questionnaireLayouts(wb, opts.overrides);
  const t1 = clock?.() ?? 0;
  // repeated question texts (and repeated text + category) are decided once. At a text's first
  // row it is decided for every category it appears under, and the work on it (its ranking of up
  // to 64 entries …) is let go at once: it dies young instead of being copied by every garbage
  // collection until its last row
  const cache = createDecideCache(index);
  const categoriesOf = new Map<string, Set<string | undefined>>();
  for (const layout of layouts) {
    for (const q of layout.questionRows) {
      const set = categoriesOf.get(q.text);
      if (set) set.add(q.category);
      else categoriesOf.set(q.text, new Set([q.category]));
    }
  }
  const distinctTexts = categoriesOf.size;
  const contextOf = (category: string | undefined) => (category !== undefined ? { category } : {});
  const results: RowResult[] = [];
  const edits: CellEdit[] = [];
  const summaries: SheetSummary[] = [];
  const remarks = remarksMemo(!opts.noCite);
  for (const layout of layouts) {
    const summary: SheetSummary = { sheet: layout.sheet, answered: 0, review: 0, unmatched: 0, skipped: layout.skippedRows.length };
    const sheetModel = wb.sheets.find((s) => s.name === layout.sheet);
    // a remarks cell that is a formula (its own <f>, or a member of an array formula) is never written
    const isFormula = (cell: { row: number; col: number }) => sheetModel?.rows.get(cell.row)?.get(cell.col)?.formula === true;
    for (const q of layout.questionRows) {
      const decision = decide(index, q.text, contextOf(q.category), cache);
      const others = categoriesOf.get(q.text);
      if (others) {
        for (const category of others) if (category !== q.category) decide(index, q.text, contextOf(category), cache);
        categoriesOf.delete(q.text);
        forgetText(cache, q.text);
      }
      const result = resultFor(index, layout, q, decision, remarks);
      results.push(result);
      summary[result.status]++;
      if (result.status === 'answered' && result.written !== undefined) {
        edits.push({ sheet: layout.sheet, row: q.answerCell.row, col: q.answerCell.col, value: result.written });
        if (opts.remarks !== false && q.remarksCell && result.remarks && !isFormula(q.remarksCell)) {
          edits.push({ sheet: layout.sheet, row: q.remarksCell.row, col: q.remarksCell.col, value: result.remarks });
        }
      } else if (result.reason === 'describe' && opts.remarks !== false && q.remarksCell && result.remarks) {
        edits.push({ sheet: layout.sheet, row: q.remarksCell.row, col: q.remarksCell.col, value: result.remarks });
      }
    }
    summaries.push(summary);
  }
  const plan: AnswerPlan = { verdicts, layouts, results, edits, summaries };
  if (clock) {
    plan.timings = {
      detectMs: t1 - t0,
      matchMs: clock() - t1,
      questionRows: results.length,
      distinctTexts,
    };
  }
  return plan;
}

/**
 * The patcher is the last word on which cells can be written (it sees the sheet's XML: an array
 * formula's whole range, a cell the model read as empty): a row whose answer it refused is not
 * answered. Such rows go to review (`formula-cell` / `cell-not-empty`), their edits are taken out of
 * the plan and the summaries corrected. Returns whether anything changed (then patch again).
 */
export function settleSkippedEdits(plan: AnswerPlan, skipped: ReadonlyArray<{ edit: CellEdit; reason: 'formula' | 'not-empty' }>): boolean {
  let changed = false;
  for (const { edit, reason } of skipped) {
    const r = plan.results.find((x) => x.status === 'answered' && x.sheet === edit.sheet && x.row === edit.row && x.written === edit.value);
    if (!r) continue;
    r.status = 'review';
    r.reason = reason === 'formula' ? 'formula-cell' : 'cell-not-empty';
    const remarks = r.remarks;
    // what it would have written stays the proposal: a person may still write it (apply refuses a formula cell too)
    if (r.entry) {
      const p: Proposal = { entry: r.entry, score: r.score };
      if (r.answer !== undefined) p.answer = r.answer;
      if (r.written !== undefined) p.written = r.written;
      if (remarks !== undefined) p.remarks = remarks;
      r.proposals = [p];
    }
    delete r.written;
    delete r.remarks;
    plan.edits = plan.edits.filter((e) => !(e.sheet === r.sheet && e.row === r.row && (e === edit || (remarks !== undefined && e.value === remarks))));
    const summary = plan.summaries.find((s) => s.sheet === r.sheet);
    if (summary) {
      summary.answered--;
      summary.review++;
    }
    changed = true;
  }
  return changed;
}

type RemarksOf = (entry: Entry, language: Language) => string | undefined;

/** `remarksFor` worked out once per entry and language (a sheet answers many rows from one entry). */
function remarksMemo(cite: boolean): RemarksOf {
  const memo = new Map<Entry, Partial<Record<Language, string | undefined>>>();
  return (entry, language) => {
    let byLanguage = memo.get(entry);
    if (!byLanguage) {
      byLanguage = {};
      memo.set(entry, byLanguage);
    }
    if (!(language in byLanguage)) byLanguage[language] = remarksFor(entry, language, cite);
    return byLanguage[language];
  };
}

function resultFor(index: MatchIndex, layout: SheetLayout, q: QuestionRow, d: Decision, remarksOf: RemarksOf): RowResult {
  // (fields assigned in this order, so every result has the same shape and key order)
  const result: RowResult = {
    sheet: layout.sheet,
    row: q.row,
    question: q.text,
    status: d.status,
    reason: d.reason,
    score: d.score,
    candidates: d.candidates.slice(0, 3),
    cells: q.remarksCell ? { answer: q.answerCell, remarks: q.remarksCell } : { answer: q.answerCell },
    allowed: allowedWords(layout, q),
  };
  if (d.detail !== undefined) result.detail = d.detail;
  if (q.id !== undefined) result.id = q.id;
  if (q.category !== undefined) result.category = q.category;
  if (d.status === 'review') result.proposals = proposalsFor(index, layout, q, result.candidates, remarksOf);
  if (d.status !== 'answered' || !d.entry || !d.answer) return result;
  if (d.answer === 'describe') {
    // An open question (what / which / how / who): the entry's remarks are the answer. They go to
    // the remarks cell; the answer cell is left to a person, as no yes or no is asked for (○ would
    // claim what the question does not ask, × would be false), so the row stays on the worklist.
    result.status = 'review';
    result.reason = 'describe';
    result.answer = d.answer;
    result.entry = d.entry;
    if (d.also) result.also = d.also;
    const remarks = joinedRemarks(d, layout.language, remarksOf);
    if (remarks) result.remarks = remarks;
    // without a remarks column the person needs the text itself
    result.detail = q.remarksCell
      ? `${d.entry.id}: its remarks go to the remarks cell`
      : `${d.entry.id}, no remarks column: ${remarks ?? '(the entry has no remarks)'}`;
    return result;
  }
  if (q.unresolvedDropdown !== undefined && layout.vocab.source !== 'override') {
    // the cell's list is a formula kotae cannot evaluate: a default answer word could be outside it
    result.status = 'review';
    result.reason = 'dropdown-unresolved';
    result.detail = excerpt(q.unresolvedDropdown, 60);
    result.answer = d.answer;
    result.entry = d.entry;
    return result;
  }
  const written = writtenAnswer(layout, q, d.answer);
  if (written === undefined) {
    result.status = 'review';
    result.reason = 'not-in-vocab';
    result.answer = d.answer;
    result.entry = d.entry;
    return result;
  }
  result.answer = d.answer;
  result.entry = d.entry;
  if (d.also) result.also = d.also;
  result.written = written;
  result.remarks = joinedRemarks(d, layout.language, remarksOf);
  return result;
}

/** The remarks of the answering entry, then (a compound question) of each other entry that answered one of its asks, a line each. */
function joinedRemarks(d: Decision, language: Language, remarksOf: RemarksOf): string | undefined {
  const texts = [d.entry, ...(d.also ?? [])].flatMap((e) => {
    const r = e ? remarksOf(e, language) : undefined;
    return r ? [r] : [];
  });
  return texts.length > 0 ? texts.join('\n') : undefined;
}

/** The words the row's answer cell accepts (see `RowResult.allowed`). */
function allowedWords(layout: SheetLayout, q: QuestionRow): string[] {
  if (layout.vocab.source === 'override') return uniqueWords(Object.values(layout.vocab.map));
  if (q.dropdown) return [...q.dropdown];
  if (q.unresolvedDropdown !== undefined) return [];
  return uniqueWords(Object.values(layout.vocab.map));
}

function uniqueWords(words: Array<string | undefined>): string[] {
  return [...new Set(words.filter((w): w is string => typeof w === 'string' && w.length > 0))];
}

/**
 * What each leading candidate would write into a row a person decides. The answer is the entry's
 * own, flipped when the question asks the other way round; an open question (what / which / how)
 * gets no answer word, only the remarks, as `answer` writes for one it is sure of.
 */
function proposalsFor(index: MatchIndex, layout: SheetLayout, q: QuestionRow, candidates: readonly Candidate[], remarksOf: RemarksOf): Proposal[] {
  const open = isOpenQuestion(q.text);
  return candidates.map((c) => {
    const p: Proposal = { entry: c.entry, score: c.score };
    const { objection, caution } = proposalConcerns(index, q.text, c.entry);
    if (objection !== undefined) {
      p.objection = objection;
      return p;
    }
    if (caution !== undefined) p.caution = caution;
    const answer = open || c.entry.answer === 'describe' ? 'describe' : impliedAnswer(c.entry.answer, c.samePolarity);
    if (answer !== undefined) p.answer = answer;
    if (answer !== undefined && answer !== 'describe' && !(q.unresolvedDropdown !== undefined && layout.vocab.source !== 'override')) {
      const written = writtenAnswer(layout, q, answer);
      if (written !== undefined) p.written = written;
    }
    const remarks = remarksOf(c.entry, layout.language);
    if (remarks) p.remarks = remarks;
    return p;
  });
}

/** The cell text for a canonical answer: an item of the cell's own dropdown, else the sheet's vocabulary. */
function writtenAnswer(layout: SheetLayout, q: QuestionRow, answer: Canonical): string | undefined {
  if (q.dropdown && layout.vocab.source !== 'override') {
    return q.dropdown.find((item) => canonicalOf(item) === answer);
  }
  return layout.vocab.map[answer];
}

/** The remark in the sheet's language (the other language when the entry lacks it), with its citation. */
export function remarksFor(entry: Entry, language: Language, cite: boolean): string | undefined {
  const other: Language = language === 'ja' ? 'en' : 'ja';
  const text = entry.remarks[language] ?? entry.remarks[other];
  if (!text) return undefined;
  const articles = entry.source.regulation ?? [];
  if (!cite || articles.length === 0) return text;
  return `${text}${language === 'ja' ? '' : ' '}${formatCitation(articles, language)}`;
}
