/** Flag values as the user types them, checked and turned into what the commands need (a bad one is BAD_OPTION, exit 2). */
import { toIsoDate } from '../bank/regulation.js';
import { KotaeError } from '../domain/errors.js';
import { stripControls } from '../domain/safe-text.js';
import type { LayoutOverrides } from '../layout/types.js';
import { vocabFromOption } from '../layout/vocab.js';
import { colFromLetters } from '../workbook/refs.js';

/** A column given by the user: a letter ("D") or a 1-based number ("4"). */
function parseColumn(value: string, flag: string): number {
  const v = value.trim();
  const n = /^\d+$/.test(v) ? Number(v) : /^[A-Za-z]{1,3}$/.test(v) ? colFromLetters(v) : 0;
  if (n < 1 || n > 16384) {
    throw new KotaeError('BAD_OPTION', `${flag} "${value}" is not a column`, `give a column letter such as D, or its number such as 4`);
  }
  return n;
}

export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new KotaeError('BAD_OPTION', `${flag} "${value}" is not a positive whole number`, `e.g. ${flag} 3`);
  }
  return n;
}

export function parseShare(value: string, flag: string): number {
  const v = value.trim();
  const n = v.endsWith('%') ? Number(v.slice(0, -1)) / 100 : Number(v);
  if (v === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new KotaeError('BAD_OPTION', `${flag} "${value}" is not a share between 0 and 1`, `e.g. ${flag} 0.8 (or ${flag} 80%)`);
  }
  return n;
}

/** `"Acme Corp, 2025-08-30"` → customer and ISO date (the last comma separates them). */
export function parseSource(value: string | undefined): { customer: string; date: string } {
  const hint = 'e.g. --source "Acme Corp, 2025-08-30" (the customer the sheet was answered for, and when)';
  if (!value) throw new KotaeError('BAD_OPTION', '--source is required', hint);
  const cut = Math.max(value.lastIndexOf(','), value.lastIndexOf('、'), value.lastIndexOf('，'));
  // (it names the inbox file and is written into the bank: no control characters)
  const customer = cut >= 0 ? stripControls(value.slice(0, cut)).trim() : '';
  const date = cut >= 0 ? toIsoDate(value.slice(cut + 1).trim()) : undefined;
  if (!customer || !date) throw new KotaeError('BAD_OPTION', `--source "${value}" is not "<customer>, <date>"`, hint);
  return { customer, date };
}

export interface LayoutFlags {
  sheet?: string;
  headerRow?: string;
  questionCol?: string;
  answerCol?: string;
  remarksCol?: string;
  vocab?: string;
}

export function layoutOverrides(flags: LayoutFlags): LayoutOverrides {
  const o: LayoutOverrides = {};
  if (flags.sheet !== undefined) o.sheet = flags.sheet;
  if (flags.headerRow !== undefined) o.headerRow = parsePositiveInt(flags.headerRow, '--header-row');
  if (flags.questionCol !== undefined) o.questionCol = parseColumn(flags.questionCol, '--question-col');
  if (flags.answerCol !== undefined) o.answerCol = parseColumn(flags.answerCol, '--answer-col');
  if (flags.remarksCol !== undefined) o.remarksCol = parseColumn(flags.remarksCol, '--remarks-col');
  if (flags.vocab !== undefined) {
    const v = vocabFromOption(flags.vocab);
    if (!v)
      throw new KotaeError(
        'BAD_OPTION',
        `--vocab "${flags.vocab}" names no yes and no answer`,
        'e.g. --vocab "○,×,△,－" (yes,no,partial,na) or --vocab "yes=可,no=否"',
      );
    o.vocab = v;
  }
  return o;
}
