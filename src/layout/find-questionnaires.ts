/**
 * The questionnaire sheets of a workbook and their layouts, as `answer`, `inspect` and
 * `bank import` need them: at least one, or a clear error naming what was looked at and how to
 * name the sheet and columns by hand.
 */
import { didYouMean } from '../domain/did-you-mean.js';
import { KotaeError } from '../domain/errors.js';
import type { WorkbookModel } from '../workbook/model.js';
import { detectLayouts } from './detect-layout.js';
import type { LayoutOverrides, SheetLayout, SheetVerdict } from './types.js';

/** Layouts of the questionnaires in a workbook, or a clear error naming what was looked at. */
export function questionnaireLayouts(
  wb: WorkbookModel,
  overrides: LayoutOverrides = {},
): {
  verdicts: SheetVerdict[];
  layouts: SheetLayout[];
} {
  const names = wb.sheets.map((s) => s.name);
  if (overrides.sheet !== undefined && !names.includes(overrides.sheet)) {
    throw new KotaeError(
      'SHEET_NOT_FOUND',
      `no sheet named "${overrides.sheet}"`,
      `${didYouMean(overrides.sheet, names)}sheets in this workbook: ${names.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  const verdicts = detectLayouts(wb, overrides);
  const layouts = verdicts.flatMap((v) => (v.questionnaire ? [v.layout] : []));
  if (layouts.length === 0) {
    const empty = wb.sheets.every((s) => s.rows.size === 0);
    // one line per reason, naming the sheets it applies to
    const byReason = new Map<string, string[]>();
    for (const v of verdicts) if (!v.questionnaire) byReason.set(v.reason, [...(byReason.get(v.reason) ?? []), `"${v.sheet}"`]);
    const looked = [...byReason].map(([reason, sheets]) => `${sheets.join(', ')}: ${reason}`).join('; ');
    const example = wb.sheets.find((s) => s.state === 'visible' && s.rows.size > 0) ?? wb.sheets[0];
    throw new KotaeError(
      empty ? 'EMPTY_SHEET' : 'NO_QUESTIONNAIRE',
      empty ? 'the workbook has no cells with content' : `no questionnaire found (${looked})`,
      `name the sheet and columns yourself, e.g. --sheet "${example?.name ?? 'Sheet1'}" --header-row 3 --question-col D --answer-col E --remarks-col F`,
    );
  }
  return { verdicts, layouts };
}
