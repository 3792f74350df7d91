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
    // a layout flag that contradicts the sheet it was meant for says more than "no questionnaire"
    const flagged = verdicts.find((v) => !v.questionnaire && v.flagError);
    if (flagged && !flagged.questionnaire && flagged.flagError) throw flagged.flagError;
    const empty = wb.sheets.every((s) => s.rows.size === 0);
    // one line per reason, naming the sheets it applies to
    const byReason = new Map<string, string[]>();
    for (const v of verdicts) {
      // with --sheet, the other sheets were not looked at
      if (v.questionnaire || (overrides.sheet !== undefined && v.sheet !== overrides.sheet)) continue;
      byReason.set(v.reason, [...(byReason.get(v.reason) ?? []), `"${v.sheet}"`]);
    }
    const looked = [...byReason].map(([reason, sheets]) => `${sheets.join(', ')}: ${reason}`).join('; ');
    // the example names the sheet that came closest (a header found), else the visible sheet with the most rows
    const near = verdicts.find((v) => !v.questionnaire && /\bheader row \d/.test(v.reason) && !/^no header/.test(v.reason));
    const biggest = [...wb.sheets].filter((s) => s.state === 'visible').sort((a, b) => b.rows.size - a.rows.size)[0];
    const example = wb.sheets.find((s) => s.name === near?.sheet) ?? biggest ?? wb.sheets[0];
    throw new KotaeError(
      empty ? 'EMPTY_SHEET' : 'NO_QUESTIONNAIRE',
      empty ? 'the workbook has no cells with content' : `no questionnaire found (${looked})`,
      `name the sheet and columns yourself, e.g. --sheet "${example?.name ?? 'Sheet1'}" --header-row 3 --question-col D --answer-col E --remarks-col F`,
    );
  }
  return { verdicts, layouts };
}
