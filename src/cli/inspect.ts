import { basename } from 'node:path';
import { isKotaeError } from '../domain/errors.js';
import { neutralizeControls } from '../domain/safe-text.js';
import { detectLayouts } from '../layout/detect-layout.js';
import { questionnaireLayouts } from '../layout/find-questionnaires.js';
import type { SheetVerdict } from '../layout/types.js';
import { inspectToJson, inspectToText, notQuestionnairesText } from '../report/inspect.js';
import { readWorkbook } from '../workbook/read-workbook.js';
import { loadWorkbookInput, passwordFrom } from '../node/open-input.js';
import { layoutOverrides, type LayoutFlags } from './options.js';
import { terminal } from './style.js';

interface InspectFlags extends LayoutFlags {
  json?: boolean;
  password?: string;
}

export async function runInspect(file: string, flags: InspectFlags): Promise<number> {
  const overrides = layoutOverrides(flags);
  const input = await loadWorkbookInput(file, { password: passwordFrom(flags.password) });
  for (const n of input.notes) process.stderr.write(`note: ${neutralizeControls(n, '')}\n`);
  const wb = readWorkbook(input.bytes);
  if (flags.json) {
    process.stdout.write(inspectToJson(basename(file), detectLayouts(wb, overrides)));
    return 0;
  }
  let verdicts: SheetVerdict[];
  try {
    verdicts = questionnaireLayouts(wb, overrides).verdicts;
  } catch (e) {
    // no questionnaire: show each sheet looked at on its own line before the error sums them up
    // (not for other errors: a bad flag or a sheet name that does not exist says all there is)
    if (isKotaeError(e) && e.code === 'NO_QUESTIONNAIRE') process.stdout.write(notQuestionnairesText(detectLayouts(wb, overrides), terminal, overrides.sheet));
    throw e;
  }
  process.stdout.write(inspectToText(basename(file), { kind: wb.kind, sheets: wb.sheets.length }, verdicts, terminal, overrides.sheet));
  return 0;
}
