/**
 * Growing the bank from completed check sheets (`kotae bank import`): read the rows a person
 * already answered, map each answer to yes/no/partial/na, and match each against the bank — a new
 * phrasing of an entry that gives the same answer, a conflict with one that gives another, or a
 * draft entry for a person to approve (bank/import-plan.ts). Pure: workbook models and bank in,
 * plan out; bank/import-yaml.ts builds the YAML edits and cli/ writes them.
 */
import { SheetView } from '../layout/sheet-view.js';
import type { LayoutOverrides, SheetLayout } from '../layout/types.js';
import { canonicalOf } from '../layout/vocab.js';
import { decide } from '../match/decide.js';
import type { MatchIndex } from '../match/match-index.js';
import { questionnaireLayouts } from '../layout/find-questionnaires.js';
import type { WorkbookModel } from '../workbook/model.js';
import { draftFileName, phrasingKey, planDrafts, type ImportPlan, type ImportSource, type ResponseRow } from '../bank/import-plan.js';
import { buildFileChanges, type FileChange } from '../bank/import-yaml.js';
import type { Bank, Canonical, Entry } from '../domain/types.js';
import { stripControls } from '../domain/safe-text.js';

/** Rows of a completed workbook: every question row whose answer cell a person filled (skip reason `filled`). */
export function extractResponses(wb: WorkbookModel, file: string, overrides: LayoutOverrides = {}): ResponseRow[] {
  const { layouts } = questionnaireLayouts(wb, overrides);
  const out: ResponseRow[] = [];
  for (const layout of layouts) {
    const sheet = wb.sheets.find((s) => s.name === layout.sheet);
    if (!sheet) continue;
    out.push(...responsesOfSheet(new SheetView(sheet), layout, file));
  }
  return out;
}

function responsesOfSheet(view: SheetView, layout: SheetLayout, file: string): ResponseRow[] {
  const cols = layout.columns;
  const sections = layout.skippedRows.filter((s) => s.reason === 'section');
  const out: ResponseRow[] = [];
  for (const s of layout.skippedRows) {
    if (s.reason !== 'filled') continue;
    const a = view.topLeft(s.row, cols.answer);
    const answerText = view.text(a.row, a.col);
    const remarks = cols.remarks !== undefined ? view.mergedText(s.row, cols.remarks) : '';
    const id = cols.id !== undefined ? view.mergedText(s.row, cols.id) : '';
    const category = categoryOf(view, layout, s.row, sections);
    const answer = canonicalOf(answerText);
    out.push({
      file,
      sheet: layout.sheet,
      row: s.row,
      question: s.text,
      answerText,
      language: layout.language,
      ...(id ? { id } : {}),
      ...(category ? { category } : {}),
      ...(answer ? { answer } : {}),
      ...(remarks ? { remarks } : {}),
    });
  }
  return out;
}

/**
 * The category of a filled row, as detect-layout builds it for rows to answer: the section heading
 * above it, then the category columns' text carried down from the last row that had one.
 */
function categoryOf(view: SheetView, layout: SheetLayout, row: number, sections: { row: number; text: string }[]): string | undefined {
  const parts: string[] = [];
  let section: string | undefined;
  for (const s of sections) if (s.row < row) section = s.text;
  if (section) parts.push(section);
  for (const c of layout.columns.category) {
    for (let r = row; r > layout.headerRow; r--) {
      const t = view.mergedText(r, c);
      if (t) {
        if (!parts.includes(t)) parts.push(t);
        break;
      }
    }
  }
  return parts.length ? parts.join(' / ') : undefined;
}

// ---------------------------------------------------------------------------------------------

export interface ImportOptions {
  source: ImportSource;
  /** owner of the drafts (default CTO) */
  owner?: string;
}

/**
 * Plan an import: every response row against the current bank. Only approved entries answer
 * (`index` is built from the bank, which skips drafts), but the phrasings of every entry, drafts
 * included, are checked first so importing the same sheet twice changes nothing.
 */
export function planImport(bank: Bank, index: MatchIndex, responses: readonly ResponseRow[], opts: ImportOptions): ImportPlan {
  const { source } = opts;
  const owner = opts.owner ?? 'CTO';
  const plan: ImportPlan = {
    source,
    responses: responses.length,
    phrasings: [],
    conflicts: [],
    drafts: [],
    skipped: [],
    draftFile: draftFileName(source),
  };

  // normalised phrasing → entries holding it (drafts included)
  const known = new Map<string, { entry: Entry; phrasing: string }[]>();
  const remember = (key: string, entry: Entry, phrasing: string): void => {
    const list = known.get(key) ?? [];
    list.push({ entry, phrasing });
    known.set(key, list);
  };
  for (const e of bank.entries) for (const q of e.questions) remember(phrasingKey(String(q)), e, String(q));

  const pending: { row: ResponseRow; answer: Canonical; key: string }[] = [];
  for (const row of responses) {
    if (!row.answer) {
      plan.skipped.push({ from: row, reason: 'free-text' });
      continue;
    }
    const answer = row.answer;
    const key = phrasingKey(row.question);
    const holders = known.get(key);
    if (holders && holders.length > 0) {
      // an entry that answers with a description claims no yes or no: a sheet's ○ neither repeats nor contradicts it
      const same = holders.find((h) => h.entry.answer === answer || h.entry.answer === 'describe');
      if (same) {
        plan.skipped.push({ from: row, reason: 'known', entryId: same.entry.id });
      } else {
        const h = holders[0]!;
        plan.conflicts.push({
          from: row,
          answer,
          other: { kind: 'entry', entryId: h.entry.id, status: h.entry.status ?? 'approved', answer: h.entry.answer, phrasing: h.phrasing, score: 1 },
        });
      }
      continue;
    }
    const d = decide(index, row.question, { language: row.language, ...(row.category ? { category: row.category } : {}) });
    if (d.status === 'answered' && d.entry && d.answer === 'describe') {
      plan.skipped.push({ from: row, reason: 'known', entryId: d.entry.id });
      continue;
    }
    if (d.status === 'answered' && d.entry && d.answer) {
      const phrasing = d.candidates[0]?.phrasing ?? d.entry.questions[0] ?? '';
      if (d.answer === answer) {
        plan.phrasings.push({
          entryId: d.entry.id,
          entryFile: d.entry.origin?.path ?? '',
          question: row.question.trim(),
          answer,
          from: row,
        });
        remember(key, d.entry, row.question);
      } else {
        plan.conflicts.push({
          from: row,
          answer,
          other: { kind: 'entry', entryId: d.entry.id, status: d.entry.status ?? 'approved', answer: d.answer, phrasing, score: d.score },
        });
      }
      continue;
    }
    pending.push({ row, answer, key });
  }

  planDrafts(bank, pending, plan, owner);
  return plan;
}

/** A completed workbook to import: its file name (no folder) and its model. */
export interface CompletedSheet {
  file: string;
  wb: WorkbookModel;
}

/**
 * `kotae bank import`, the use case: the answered rows of every sheet, matched against the bank,
 * and the new text of every bank file that changes (`read` gives a file's current text).
 */
export function importResponses(
  bank: Bank,
  index: MatchIndex,
  sheets: Iterable<CompletedSheet>,
  opts: ImportOptions & { overrides?: LayoutOverrides },
  read: (path: string) => string | undefined,
): { plan: ImportPlan; changes: FileChange[] } {
  // one sheet at a time (a lazy iterable reads each file only when its turn comes)
  const responses: ResponseRow[] = [];
  // what the bank stores carries no control character (an ESC in a question would break the YAML
  // for other readers, and reach every terminal that prints the entry)
  for (const s of sheets) for (const r of extractResponses(s.wb, s.file, opts.overrides)) responses.push(cleanRow(r));
  const plan = planImport(bank, index, responses, opts);
  return { plan, changes: buildFileChanges(plan, bank.dir, read) };
}

function cleanRow(r: ResponseRow): ResponseRow {
  const out: ResponseRow = {
    ...r,
    file: stripControls(r.file),
    sheet: stripControls(r.sheet),
    question: stripControls(r.question),
    answerText: stripControls(r.answerText),
  };
  if (r.id !== undefined) out.id = stripControls(r.id);
  if (r.category !== undefined) out.category = stripControls(r.category);
  if (r.remarks !== undefined) out.remarks = stripControls(r.remarks);
  return out;
}
