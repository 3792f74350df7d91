/** Small hand-built questionnaires for the use-case and plan tests (inline strings, no shared strings). */
import { buildXlsx, sheetXml } from '../workbook/helpers.js';

const cell = (ref: string, text: string): string => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/**
 * A one-sheet questionnaire: a header row (No / 質問 / 回答 / 備考), then one row per question with
 * an empty answer and remarks cell; `dropdown` puts a list validation on the answer column.
 */
export function questionnaire(questions: readonly string[], opts: { sheet?: string; dropdown?: string[] } = {}): Uint8Array {
  const rows = [`<row r="1">${cell('A1', 'No')}${cell('B1', '質問')}${cell('C1', '回答')}${cell('D1', '備考')}</row>`];
  questions.forEach((q, i) => rows.push(`<row r="${i + 2}">${cell(`A${i + 2}`, String(i + 1))}${cell(`B${i + 2}`, q)}</row>`));
  const last = questions.length + 1;
  const validation = opts.dropdown
    ? `<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="C2:C${last}"><formula1>"${opts.dropdown.join(',')}"</formula1></dataValidation></dataValidations>`
    : '';
  return buildXlsx({ sheets: [{ name: opts.sheet ?? 'チェックシート', xml: sheetXml(`<sheetData>${rows.join('')}</sheetData>`, validation) }] });
}
