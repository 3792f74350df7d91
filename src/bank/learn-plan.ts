/**
 * What the bank learns from the rows a person accepted in a worklist (`kotae apply`): the same
 * plan as `bank import` (bank/import-plan.ts), but the person has already said which entry a row
 * belongs to. A proposal used as shown, whose answer is the entry's own, makes the question a new
 * phrasing of that entry; an edited proposal, a flipped answer or a row without an entry becomes a
 * draft in `inbox/` with the customer and date as its source; a question the bank already holds
 * with another answer is a conflict — reported, nothing overwritten. Pure.
 */
import type { Bank, Entry } from '../domain/types.js';
import { draftFileName, phrasingKey, planDrafts, type ImportPlan, type ImportSource, type ResponseRow } from './import-plan.js';

/** One accepted row: what was written, and the entry kotae proposed for it. */
export interface AcceptedRow {
  row: ResponseRow;
  /** the proposing entry's id, when there was one */
  entryId?: string;
  /** the person changed the proposed answer or remarks before accepting */
  edited: boolean;
}

export function planLearning(bank: Bank, accepted: readonly AcceptedRow[], source: ImportSource, owner = 'CTO'): ImportPlan {
  const plan: ImportPlan = {
    source,
    responses: accepted.length,
    phrasings: [],
    conflicts: [],
    drafts: [],
    skipped: [],
    draftFile: draftFileName(source),
    by: 'kotae apply',
  };
  // normalised phrasing → the entries holding it, drafts included (a second apply learns nothing new)
  const known = new Map<string, Entry[]>();
  for (const e of bank.entries) {
    for (const q of e.questions) {
      const k = phrasingKey(String(q));
      known.set(k, [...(known.get(k) ?? []), e]);
    }
  }
  const byId = new Map(bank.entries.map((e) => [e.id, e]));
  const pending: Parameters<typeof planDrafts>[1] = [];
  for (const a of accepted) {
    const { row } = a;
    const answer = row.answer;
    if (!answer) {
      // remarks alone (an open question, or an answer word that is no yes / no): nothing to learn a yes or no from
      plan.skipped.push({ from: row, reason: 'free-text' });
      continue;
    }
    const key = phrasingKey(row.question);
    const holders = known.get(key);
    if (holders?.length) {
      const same = holders.find((e) => e.answer === answer || e.answer === 'describe');
      if (same) plan.skipped.push({ from: row, reason: 'known', entryId: same.id });
      else {
        const e = holders[0] as Entry;
        plan.conflicts.push({
          from: row,
          answer,
          other: {
            kind: 'entry',
            entryId: e.id,
            status: e.status ?? 'approved',
            answer: e.answer,
            phrasing: e.questions.find((q) => phrasingKey(q) === key) ?? '',
            score: 1,
          },
        });
      }
      continue;
    }
    const entry = a.entryId !== undefined ? byId.get(a.entryId) : undefined;
    if (entry && !a.edited && entry.answer === answer && entry.status !== 'draft' && entry.origin?.path) {
      plan.phrasings.push({ entryId: entry.id, entryFile: entry.origin.path, question: row.question.trim(), answer, from: row });
      known.set(key, [entry]);
      continue;
    }
    pending.push({ row, answer, key });
  }
  planDrafts(bank, pending, plan, owner);
  return plan;
}
