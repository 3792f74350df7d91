/**
 * Reason codes in plain words, for people reading a report or `kotae search`: the one place they
 * are rendered. Codes are data everywhere else (report JSON, tests); every code the matcher or the
 * plan produces has its words here, and no other (the type says so).
 */
import type { RowReason } from '../plan/plan-answers.js';

const REASON_TEXT: Record<RowReason, string> = {
  confident: 'answered from the bank',
  'below-threshold': 'closest bank entry is not close enough to be sure',
  'near-tie': 'bank entries with different answers match about equally well',
  polarity: 'the question is phrased the opposite way of the closest bank entry (negation / opposite verb)',
  'no-candidate': 'no bank entry is about this',
  'too-long': 'question text too long to match',
  compound: 'the row asks two things and the bank does not answer both',
  'off-topic': 'the closest bank entry is about something else than what the question asks',
  empty: 'empty question',
  'not-in-vocab': "the sheet's answer choices cannot express the bank's answer",
  'dropdown-unresolved': "the answer cell's dropdown list is a formula kotae cannot evaluate, so it cannot tell which words the cell accepts",
  'formula-cell': 'the answer cell belongs to a formula (an array formula or data table fills it): kotae does not write into it',
  'cell-not-empty': 'the answer cell is not empty in the sheet',
  describe: 'the question asks for a description, not yes or no: the bank answers it with remarks; fill the answer cell as the sheet expects',
};

/** The reason in words, with what it rests on (the rival entry, the term left out …) when known. */
export function reasonText(code: RowReason, detail?: string): string {
  const text = REASON_TEXT[code] ?? code;
  return detail ? `${text} (${detail})` : text;
}
