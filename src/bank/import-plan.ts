/**
 * What importing completed sheets means for the bank (`kotae bank import`): the plan — new
 * phrasings for entries that give the same answer, conflicts with entries (or rows) that give
 * another, drafts for a person to approve, skipped rows — and the drafts themselves, near-identical
 * questions merged into one. app/import-responses.ts reads the rows and matches them;
 * import-yaml.ts turns the plan into file edits.
 */
import type { Bank, Canonical, Entry, EntryAnswer, Language } from '../domain/types.js';
import { normalizeText } from '../match/normalize.js';
import { bigramProfile, diceOfProfiles, type BigramProfile } from '../match/similarity.js';

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

export interface ImportSource {
  customer: string;
  /** YYYY-MM-DD */
  date: string;
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
  /** the command that wrote the drafts, named in the inbox file's header (default `kotae bank import`) */
  by?: string;
}

/** Near-identical questions (character-bigram Dice of the normalised text) merge into one draft. */
const DRAFT_MERGE_DICE = 0.9;

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

interface DraftGroup {
  rows: ResponseRow[];
  answer: Canonical;
  keys: string[];
  profiles: BigramProfile[];
  remarks?: string;
}

/** Group the rows no entry answers into drafts (near-identical questions with one answer and remarks merge); same question, different answers: a conflict. */
export function planDrafts(bank: Bank, pending: { row: ResponseRow; answer: Canonical; key: string }[], plan: ImportPlan, owner: string): void {
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
