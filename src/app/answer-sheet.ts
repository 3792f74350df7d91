/**
 * `kotae answer`, the use case: a customer's workbook (its bytes and the model read from them)
 * answered from the bank — every question row decided and planned (plan/plan-answers.ts), the
 * answers and remarks patched into a copy of the original bytes (workbook/patch-cells.ts), that
 * copy encrypted again when the original was. Pure: bytes in, bytes and the plan out; node/ opens
 * and writes the files, report/ turns the plan into the report.
 */
import type { LayoutOverrides } from '../layout/types.js';
import type { MatchIndex } from '../match/match-index.js';
import { clippedRows, type ClippedRow } from '../plan/clipped-rows.js';
import { planAnswers, settleSkippedEdits, type AnswerPlan } from '../plan/plan-answers.js';
import { encryptWorkbook } from '../workbook/decrypt.js';
import type { WorkbookModel } from '../workbook/model.js';
import { patchWorkbook } from '../workbook/patch-cells.js';

export interface AnswerSheetOptions {
  overrides?: LayoutOverrides;
  /** omit the regulation citation after remarks */
  noCite?: boolean;
  /** also fill answer cells that are not empty (never formulas) */
  overwrite?: boolean;
  /** the password that opened the workbook: the answered copy is encrypted with it again */
  password?: string | undefined;
}

export interface AnsweredSheet {
  plan: AnswerPlan;
  /** the answered copy, as it is to be written (encrypted when `password` was given) */
  bytes: Uint8Array;
  /** filled rows whose fixed height shows only part of what was written (plan/clipped-rows.ts) */
  clipped: ClippedRow[];
}

export function answerSheet(bytes: Uint8Array, wb: WorkbookModel, index: MatchIndex, opts: AnswerSheetOptions = {}): AnsweredSheet {
  const overrides = { ...opts.overrides, ...(opts.overwrite ? { overwrite: true } : {}) };
  const plan = planAnswers(wb, index, { overrides, noCite: Boolean(opts.noCite) });
  let patched = patchWorkbook(bytes, plan.edits, { overwrite: Boolean(opts.overwrite) });
  // rows whose answer the patcher refused (an array formula's member …) are not answered
  if (settleSkippedEdits(plan, patched.skipped)) patched = patchWorkbook(bytes, plan.edits, { overwrite: Boolean(opts.overwrite) });
  const clipped = clippedRows(wb, patched.written);
  return { plan, bytes: opts.password !== undefined ? encryptWorkbook(patched.bytes, opts.password) : patched.bytes, clipped };
}
