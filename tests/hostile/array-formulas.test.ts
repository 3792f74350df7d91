/**
 * Issue 18, class 4: the cells an array formula (`<f t="array" ref="C2:C4">`) or a data table fills
 * are formula cells too, though only the first carries the <f>. kotae never writes into them: not
 * into member cells with an empty value, not where a member is missing from the XML, not into a
 * remarks column an array formula fills; and a row whose answer cell the patcher refuses is in the
 * report as "review", never as answered.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchWorkbook } from '../../src/workbook/patch-cells.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { kotae } from '../helpers.js';
import { entriesOf } from '../workbook/helpers.js';
import { buildXlsx, cell, put, QUESTIONS, sheetXml } from './helpers.js';

const SHEET = 'xl/worksheets/sheet1.xml';

/** The five QUESTIONS in B2:B6 under a No / 質問項目 / 回答 / 備考 header; `extra(row)` adds cells to a row. */
function sheet(extra: (row: number) => string): Uint8Array {
  const rows = [`<row r="1">${cell('A1', 'No')}${cell('B1', '質問項目')}${cell('C1', '回答')}${cell('D1', '備考')}${extra(1)}</row>`];
  QUESTIONS.forEach((q, i) => {
    const r = i + 2;
    rows.push(`<row r="${r}">${cell(`A${r}`, String(i + 1))}${cell(`B${r}`, q)}${extra(r)}</row>`);
  });
  return buildXlsx({ sheets: [{ name: 'チェックシート', xml: sheetXml(`<sheetData>${rows.join('')}</sheetData>`) }] });
}

/** Rows 2..6 of the output sheet's XML, as the cells of column C and D. */
function cellXml(xml: string, ref: string): string {
  return new RegExp(`<c r="${ref}"[^>]*?(/>|>.*?</c>)`).exec(xml)?.[0] ?? '';
}

function answerJson(bytes: Uint8Array, name: string) {
  const input = put(name, bytes);
  const report = join(dirname(input), 'r.json');
  const r = kotae(['answer', input, '--report', report, '-q']);
  expect(r.code, r.stderr).toBe(0);
  const out = new Uint8Array(readFileSync(join(dirname(input), name.replace('.xlsx', '.answered.xlsx'))));
  const json = JSON.parse(readFileSync(report, 'utf8')) as { items: { row: number; status: string; reason: string }[]; answered: { row: number }[] };
  return { before: bytes, out, json };
}

describe('array formulas in the answer column', () => {
  it('member cells with an empty value are formula cells: not written, listed as skipped', () => {
    // C2 holds the array formula over C2:C4; C3 and C4 are its members, each with an empty result
    const bytes = sheet((r) =>
      r === 2 ? '<c r="C2" t="str"><f t="array" ref="C2:C4">IF(B2:B4="","","")</f><v></v></c>' : r === 3 || r === 4 ? `<c r="C${r}" t="str"><v></v></c>` : '',
    );
    const wb = readWorkbook(bytes);
    const s = wb.sheets[0]!;
    expect([2, 3, 4].map((r) => s.rows.get(r)?.get(3)?.formula)).toEqual([true, true, true]);
    const { out, json } = answerJson(bytes, 'members.xlsx');
    const before = new TextDecoder().decode(entriesOf(bytes).get(SHEET)!.data);
    const after = new TextDecoder().decode(entriesOf(out).get(SHEET)!.data);
    for (const ref of ['C2', 'C3', 'C4']) expect(cellXml(after, ref), ref).toBe(cellXml(before, ref));
    // rows 5 and 6 are answered as usual
    expect(json.answered.map((a) => a.row).sort()).toEqual(expect.arrayContaining([5, 6]));
    expect(json.answered.map((a) => a.row)).not.toContain(3);
    const inspect = kotae(['inspect', put('m.xlsx', bytes), '--json']);
    const layout = JSON.parse(inspect.stdout) as { sheets: { skippedRows: { row: number; reason: string }[] }[] };
    expect(layout.sheets[0]!.skippedRows.filter((x) => x.reason === 'formula').map((x) => x.row)).toEqual([2, 3, 4]);
  });

  it('members missing from the XML altogether are not created', () => {
    const bytes = sheet((r) => (r === 2 ? '<c r="C2"><f t="array" ref="C2:C4">B2:B4</f><v>0</v></c>' : ''));
    const { out } = answerJson(bytes, 'missing.xlsx');
    const after = new TextDecoder().decode(entriesOf(out).get(SHEET)!.data);
    expect(cellXml(after, 'C3')).toBe('');
    expect(cellXml(after, 'C4')).toBe('');
    expect(cellXml(after, 'C5')).toMatch(/inlineStr/);
  });

  it('a data table range counts as well', () => {
    const bytes = sheet((r) => (r === 3 ? '<c r="C3"><f t="dataTable" ref="C3:C5" dt2D="0" dtr="0" r1="A1"/><v>1</v></c>' : ''));
    const wb = readWorkbook(bytes);
    expect([3, 4, 5].map((r) => wb.sheets[0]!.rows.get(r)?.get(3)?.formula)).toEqual([true, true, true]);
  });

  it('an array formula over the remarks column: the answer is written, the remarks cells are not', () => {
    const bytes = sheet((r) =>
      r === 2 ? '<c r="D2" t="str"><f t="array" ref="D2:D6">""&amp;B2:B6</f><v></v></c>' : r > 2 ? `<c r="D${r}" t="str"><v></v></c>` : '',
    );
    const { out, json } = answerJson(bytes, 'remarks.xlsx');
    const before = new TextDecoder().decode(entriesOf(bytes).get(SHEET)!.data);
    const after = new TextDecoder().decode(entriesOf(out).get(SHEET)!.data);
    for (const r of [2, 3, 4, 5, 6]) expect(cellXml(after, `D${r}`)).toBe(cellXml(before, `D${r}`));
    expect(json.answered.length).toBeGreaterThan(0);
    expect(cellXml(after, 'C2')).toMatch(/×/);
  });

  it('a range too large to mark cell by cell: the patcher still refuses, and the row is "review", not answered', () => {
    // C2:C1048576 is over the reader's bound for empty members: C3.. are not in the model; the patcher sees the range
    const bytes = sheet((r) => (r === 2 ? '<c r="C2"><f t="array" ref="C2:C1048576">B2:B1048576</f><v>0</v></c>' : ''));
    const { before, out, json } = answerJson(bytes, 'huge.xlsx');
    const beforeXml = new TextDecoder().decode(entriesOf(before).get(SHEET)!.data);
    const after = new TextDecoder().decode(entriesOf(out).get(SHEET)!.data);
    expect(after).toBe(beforeXml);
    expect(json.answered).toEqual([]);
    const reasons = json.items.filter((i) => i.row >= 3).map((i) => i.reason);
    expect(reasons.filter((x) => x === 'formula-cell').length).toBeGreaterThan(0);
    // and at the patcher's level
    const p = patchWorkbook(bytes, [{ sheet: 'チェックシート', row: 9, col: 3, value: '○' }]);
    expect(p.skipped.map((s) => s.reason)).toEqual(['formula']);
  });
});
