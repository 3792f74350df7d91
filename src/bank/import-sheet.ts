/**
 * Growing the bank from completed check sheets (`kotae bank import`): read the rows a person
 * already answered, map each answer to yes/no/partial/na, and plan what it means for the bank —
 * a new phrasing of an entry that gives the same answer, a conflict with one that gives another,
 * or a draft entry for a person to approve. Pure: workbook model and bank in, plan out; the YAML
 * edits are built by `import-yaml.ts` and written by the CLI.
 */
import { resolve } from 'node:path';
import { SheetView } from '../layout/detect-layout.js';
import type { LayoutOverrides, SheetLayout } from '../layout/types.js';
import { canonicalOf } from '../layout/vocab.js';
import { decide } from '../match/decide.js';
import type { MatchIndex } from '../match/index.js';
import { normalizeText } from '../match/normalize.js';
import { questionnaireLayouts } from '../pipeline/answer-workbook.js';
import type { WorkbookModel } from '../workbook/model.js';
import { bigramProfile, diceOfProfiles, type BigramProfile } from './import-text.js';
import type { Bank, Canonical, Entry, EntryAnswer, Language } from './types.js';

/** One row a person answered in a completed sheet. */
export interface ResponseRow {
  /** file name the row was read from (no folder) */
  file: string;
  sheet: string;
  row: number;
  id?: string;
  /** the sheet's category / section for the row; undefined when the sheet has none */
  category?: string;
  question: string;
  /** the answer cell's text as written */
  answerText: string;
  /** what it stands for; undefined for free text */
  answer?: Canonical;
  remarks?: string;
  language: Language;
}

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

export interface ImportSource {
  customer: string;
  /** YYYY-MM-DD */
  date: string;
}

export interface ImportOptions {
  source: ImportSource;
  /** owner of the drafts (default CTO) */
  owner?: string;
}

/** A phrasing to append to an existing entry. */
export interface NewPhrasing {
  entryId: string;
  /** absolute path of the YAML file holding the entry */
  entryFile: string;
  question: string;
  answer: Canonical;
  from: ResponseRow;
}

/** A response that contradicts the bank (or another row of the imported sheets). */
export interface ImportConflict {
  from: ResponseRow;
  answer: Canonical;
  other:
    | { kind: 'entry'; entryId: string; status: 'approved' | 'draft'; answer: EntryAnswer; phrasing: string; score: number }
    | { kind: 'row'; file: string; sheet: string; row: number; answer: Canonical; question: string };
}

/** A draft entry to write to the inbox, with the rows it came from. */
export interface DraftEntry {
  entry: Omit<Entry, 'origin'>;
  rows: ResponseRow[];
}

export type ImportSkipReason = 'free-text' | 'known' | 'duplicate';

export interface ImportSkip {
  from: ResponseRow;
  reason: ImportSkipReason;
  /** the entry that already holds the phrasing ('known') */
  entryId?: string;
}

export interface ImportPlan {
  source: ImportSource;
  responses: number;
  phrasings: NewPhrasing[];
  conflicts: ImportConflict[];
  drafts: DraftEntry[];
  skipped: ImportSkip[];
  /** the inbox file the drafts go to, relative to the bank folder */
  draftFile: string;
}

/** Near-identical questions (character-bigram Dice of the normalised text) merge into one draft. */
export const DRAFT_MERGE_DICE = 0.9;

/** `acme-corp`; names without ASCII letters get a short stable hash (`c-1a2b3c`). */
export function slug(text: string, fallbackPrefix = 'c'): string {
  const ascii = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  const hasOther = /[^\p{ASCII}]/u.test(text.normalize('NFKC'));
  if (ascii && !hasOther) return ascii;
  const hash = fnv1a(text.normalize('NFKC')).toString(16).padStart(8, '0').slice(0, 6);
  return ascii ? `${ascii}-${hash}` : `${fallbackPrefix}-${hash}`;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** `inbox/acme-corp-2025-08-30.yaml` */
export function draftFileName(source: ImportSource): string {
  return `inbox/${slug(source.customer)}-${source.date}.yaml`;
}

/** Equal phrasings are equal after this (NFKC, case, numbering, punctuation). */
export function phrasingKey(text: string): string {
  return normalizeText(text);
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
          entryFile: resolve(d.entry.origin?.file ?? ''),
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

interface DraftGroup {
  rows: ResponseRow[];
  answer: Canonical;
  keys: string[];
  profiles: BigramProfile[];
  remarks?: string;
}

function planDrafts(bank: Bank, pending: { row: ResponseRow; answer: Canonical; key: string }[], plan: ImportPlan, owner: string): void {
  const groups: DraftGroup[] = [];
  // the same question twice in the imported sheets with different answers: report, draft neither
  const byKey = new Map<string, { row: ResponseRow; answer: Canonical }>();
  const contradicted = new Set<string>();
  for (const p of pending) {
    const first = byKey.get(p.key);
    if (!first) {
      byKey.set(p.key, p);
      continue;
    }
    if (first.answer !== p.answer) {
      contradicted.add(p.key);
      plan.conflicts.push({
        from: p.row,
        answer: p.answer,
        other: { kind: 'row', file: first.row.file, sheet: first.row.sheet, row: first.row.row, answer: first.answer, question: first.row.question },
      });
    }
  }
  for (const p of pending) {
    if (contradicted.has(p.key)) continue;
    const profile = bigramProfile(p.key);
    const remarks = p.row.remarks?.trim() || undefined;
    let target: DraftGroup | undefined;
    for (const g of groups) {
      if (g.answer !== p.answer) continue;
      if (remarks && g.remarks && remarks !== g.remarks) continue;
      if (g.keys.includes(p.key) || g.profiles.some((pr) => diceOfProfiles(pr, profile) >= DRAFT_MERGE_DICE)) {
        target = g;
        break;
      }
    }
    if (!target) {
      groups.push({ rows: [p.row], answer: p.answer, keys: [p.key], profiles: [profile], ...(remarks ? { remarks } : {}) });
      continue;
    }
    if (target.keys.includes(p.key)) {
      plan.skipped.push({ from: p.row, reason: 'duplicate' });
      continue;
    }
    target.rows.push(p.row);
    target.keys.push(p.key);
    target.profiles.push(profile);
    if (remarks && !target.remarks) target.remarks = remarks;
  }

  const ids = new Set(bank.entries.map((e) => e.id));
  const customer = slug(plan.source.customer);
  for (const g of groups) {
    const first = g.rows[0]!;
    const base = `inbox.${customer}.${first.id ? slug(first.id, 'q') : `row-${first.row}`}`;
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    const remarksLang = first.language;
    const entry: Omit<Entry, 'origin'> = {
      id,
      category: first.category ?? first.sheet,
      questions: g.rows.map((r) => r.question.trim()),
      answer: g.answer,
      remarks: g.remarks ? { [remarksLang]: g.remarks } : {},
      source: { response: { customer: plan.source.customer, date: plan.source.date, file: first.file } },
      reviewed: plan.source.date,
      owner,
      status: 'draft',
    };
    plan.drafts.push({ entry, rows: g.rows });
  }
}

/** Counts for summaries and JSON. */
export function importCounts(plan: ImportPlan): {
  responses: number;
  phrasings: number;
  entriesExtended: number;
  conflicts: number;
  drafts: number;
  draftRows: number;
  skipped: Record<ImportSkipReason, number>;
} {
  const skipped: Record<ImportSkipReason, number> = { 'free-text': 0, known: 0, duplicate: 0 };
  for (const s of plan.skipped) skipped[s.reason]++;
  return {
    responses: plan.responses,
    phrasings: plan.phrasings.length,
    entriesExtended: new Set(plan.phrasings.map((p) => p.entryId)).size,
    conflicts: plan.conflicts.length,
    drafts: plan.drafts.length,
    draftRows: plan.drafts.reduce((n, d) => n + d.rows.length, 0),
    skipped,
  };
}
