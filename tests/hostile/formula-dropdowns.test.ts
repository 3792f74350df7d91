/**
 * Issue 18, class 9: dropdowns whose list is a formula. The common forms over a static range of the
 * same workbook (OFFSET with COUNTA, INDIRECT of a literal reference, defined names for either) are
 * evaluated and answered in the list's own words; anything else (INDIRECT of another cell, a list in
 * another workbook, any other formula) sends the rows to review with the reason — never the default
 * answer words, which would be outside the cell's list.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { kotae } from '../helpers.js';
import { buildXlsx, cell, put, QUESTIONS, sheetXml } from './helpers.js';

const ITEMS = ['はい', 'いいえ', '一部', '該当なし'];

/** The questionnaire with a list validation on C2:C6 whose formula1 is `formula`; the items on sheet 選択肢. */
function workbook(formula: string, definedNames = ''): Uint8Array {
  const rows = [`<row r="1">${cell('A1', 'No')}${cell('B1', '質問項目')}${cell('C1', '回答')}${cell('D1', '備考')}${cell('E1', '種別')}</row>`];
  QUESTIONS.forEach((q, i) => {
    const r = i + 2;
    rows.push(`<row r="${r}">${cell(`A${r}`, String(i + 1))}${cell(`B${r}`, q)}${cell(`E${r}`, '選択肢!$A$1:$A$4')}</row>`);
  });
  const dv = `<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="C2:C6"><formula1>${formula}</formula1></dataValidation></dataValidations>`;
  const lists = ITEMS.map((t, i) => `<row r="${i + 1}">${cell(`A${i + 1}`, t)}</row>`).join('');
  return buildXlsx({
    sheets: [
      { name: 'チェックシート', xml: sheetXml(`<sheetData>${rows.join('')}</sheetData>`, dv) },
      { name: '選択肢', xml: sheetXml(`<sheetData>${lists}</sheetData>`) },
    ],
    workbookTail: definedNames ? `<definedNames>${definedNames}</definedNames>` : '',
  });
}

function answer(bytes: Uint8Array) {
  const input = put('dd.xlsx', bytes);
  const report = join(dirname(input), 'r.json');
  const r = kotae(['answer', input, '--report', report, '-q']);
  expect(r.code, r.stderr).toBe(0);
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    answered: { row: number; written: string }[];
    items: { row: number; status: string; reason: string; detail?: string }[];
  };
  return { json, out: new Uint8Array(readFileSync(join(dirname(input), 'dd.answered.xlsx'))) };
}

const EVALUATED: Array<[string, string, string?]> = [
  ['OFFSET with COUNTA over a whole column', 'OFFSET(選択肢!$A$1,0,0,COUNTA(選択肢!$A:$A),1)'],
  ['OFFSET with literal height, on a quoted sheet name', "OFFSET('選択肢'!$A$1,0,0,4,1)"],
  ['INDIRECT of a literal reference', 'INDIRECT(&quot;選択肢!$A$1:$A$4&quot;)'],
  ['a defined name for an OFFSET', '回答リスト', '<definedName name="回答リスト">OFFSET(選択肢!$A$1,0,0,COUNTA(選択肢!$A:$A),1)</definedName>'],
  ['a defined name for an INDIRECT', '回答リスト', '<definedName name="回答リスト">INDIRECT("\'選択肢\'!A1:A4")</definedName>'],
];

const UNRESOLVED: Array<[string, string, string?]> = [
  ['INDIRECT of another cell (a dependent list)', 'INDIRECT($E2)'],
  ['a defined name pointing into another workbook', '外部リスト', '<definedName name="外部リスト">[1]Lists!$A$1:$A$4</definedName>'],
  ['another function', 'IF(TRUE,選択肢!$A$1:$A$4,選択肢!$A$1:$A$2)'],
  ['OFFSET whose size depends on another cell', 'OFFSET(選択肢!$A$1,0,0,$E$2,1)'],
];

describe('formula dropdowns kotae evaluates', () => {
  for (const [what, formula, names] of EVALUATED) {
    it(`${what}: the items are read, the answers are words of the list`, () => {
      const bytes = workbook(formula, names);
      const dv = readWorkbook(bytes).sheets[0]!.validations[0]!;
      expect(dv.items).toEqual(ITEMS);
      const { json } = answer(bytes);
      expect(json.answered.length).toBeGreaterThan(0);
      for (const a of json.answered) expect(ITEMS).toContain(a.written);
    });
  }
});

describe('formula dropdowns kotae cannot evaluate', () => {
  for (const [what, formula, names] of UNRESOLVED) {
    it(`${what}: the rows go to review with the reason, nothing is written`, () => {
      const bytes = workbook(formula, names);
      expect(readWorkbook(bytes).sheets[0]!.validations[0]!.items).toBeNull();
      const { json, out: outBytes } = answer(bytes);
      expect(json.answered).toEqual([]);
      const reasons = json.items.map((i) => i.reason);
      expect(reasons).toContain('dropdown-unresolved');
      // and never a default word such as ○ / × in the answer column
      const out = readWorkbook(outBytes);
      for (let r = 2; r <= 6; r++) expect(out.sheets[0]!.rows.get(r)?.get(3)?.text ?? '').toBe('');
    });
  }
});
