import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readWorklist } from '../../src/app/apply-decisions.js';
import { RECORD_SHEET } from '../../src/app/worklist.js';
import { reportToXlsx } from '../../src/report/worklist-xlsx.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { report } from './fixtures.js';

const FILES = {
  input: { path: 'customer.xlsx', absolute: '/work/customer.xlsx' },
  answered: { path: 'customer.answered.xlsx', absolute: '/work/customer.answered.xlsx' },
};
const withHashes = () => ({ ...report(), inputSha256: 'a'.repeat(64), outputSha256: 'b'.repeat(64) });

function sheetXmlOf(bytes: Uint8Array, name: string): string {
  const files = unzipSync(bytes);
  const wb = readWorkbook(bytes);
  const part = wb.sheets.find((s) => s.name === name)?.part ?? '';
  return strFromU8(files[part] as Uint8Array);
}

describe('the worklist report (.xlsx)', () => {
  it('speaks the sheet’s language and opens on the worklist: one row per question, the proposal written out, a decision column', async () => {
    const bytes = await reportToXlsx(withHashes(), FILES);
    const wb = readWorkbook(bytes);
    expect(wb.sheets.map((s) => [s.name, s.state])).toEqual([
      ['概要', 'visible'],
      ['要確認', 'visible'],
      ['回答済み', 'visible'],
      ['kotae-lists', 'veryHidden'],
      [RECORD_SHEET, 'veryHidden'],
    ]);
    const todo = wb.sheets[1]!;
    const row = (r: number) => [...(todo.rows.get(r)?.values() ?? [])].map((c) => c.text);
    expect(row(1)).toEqual(['シート', '行', '項番', '質問', '提案回答', '提案備考', '判断', '状態・理由', '根拠', 'スコア', '他の候補']);
    // the proposal in the customer's words and in full; the entry and its article beside it
    const r2 = row(2);
    expect(r2.slice(0, 6)).toEqual([
      'チェックシート',
      '5',
      'A-2',
      '\'=HYPERLINK("http://x") 共有|アカウント',
      '×',
      '共有アカウントは使用しない（情報セキュリティ規定 第5.1条）',
    ]);
    expect(r2[6]).toBe('要確認: 回答の異なる登録項目が同じくらい一致する（回答の異なる a.two も 0.610）');
    expect(r2[7]).toBe('a.one\n情報セキュリティ規定 第5.1条');
    expect(r2.at(-1)).toContain('○  a.two (0.61, 情報セキュリティ規定 第5.3条)');
    // an unmatched row: no proposal
    expect(row(3).slice(0, 5)).toEqual(['チェックシート', '6', 'データセンターの所在地', '未回答: この内容の登録項目がない']);
    // the decision dropdown on every row, the customer's answer words on the proposed answer
    const lists = todo.validations.map((v) => [v.ranges.map((r) => `${r.r1}:${r.c1}-${r.r2}:${r.c2}`).join(' '), v.formula]);
    expect(lists).toContainEqual(['2:7-3:7', '"採用,回答しない"']);
    expect(lists).toContainEqual(['2:5-3:5', "'kotae-lists'!$A$1:$A$4"]);
    expect(todo.validations.find((v) => v.ranges[0]?.c1 === 5)?.items).toEqual(['○', '×', '△', '－']);
    // printable: landscape, one page wide, header row on every page; frozen header and a filter
    const xml = sheetXmlOf(bytes, '要確認');
    expect(xml).toMatch(/<pageSetup[^>]*orientation="landscape"/);
    expect(xml).toMatch(/<pageSetUpPr[^>]*fitToPage="1"/);
    expect(xml).toMatch(/<pageSetup[^>]*fitToWidth="1"[^>]*fitToHeight="0"/);
    expect(xml).toMatch(/<pane[^>]*ySplit="1"[^>]*state="frozen"/);
    expect(xml).toContain('<autoFilter ref="A1:K1"');
    expect(strFromU8(unzipSync(bytes)['xl/workbook.xml'] as Uint8Array)).toContain(
      '<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;要確認&apos;!$1:$1</definedName>',
    );
  });

  it('keeps a record apply can read back: the files, their hashes and every row’s cells and proposal', async () => {
    const bytes = await reportToXlsx(withHashes(), FILES);
    const { record, decisions } = readWorklist(readWorkbook(bytes), 'r.xlsx');
    expect(record.answered).toEqual({ ...FILES.answered, sha256: 'b'.repeat(64) });
    expect(record.input).toEqual({ ...FILES.input, sha256: 'a'.repeat(64) });
    expect(record.rows.map((r) => [r.sheet, r.row, r.answerCell, r.remarksCell, r.entry, r.answer, r.written])).toEqual([
      ['チェックシート', 5, 'C5', 'D5', 'a.one', 'no', '×'],
      ['チェックシート', 6, 'C6', 'D6', undefined, undefined, undefined],
    ]);
    expect(decisions.map((d) => [d.decision, d.edited])).toEqual([
      ['undecided', false],
      ['undecided', false],
    ]);
  });

  it('is in English for an English sheet', async () => {
    const bytes = await reportToXlsx({ ...withHashes(), language: 'en' }, FILES);
    const wb = readWorkbook(bytes);
    expect(wb.sheets.slice(0, 3).map((s) => s.name)).toEqual(['Summary', 'To decide', 'Answered']);
    expect(wb.sheets[1]!.validations.map((v) => v.formula)).toContain('"Use,Don\'t answer"');
  });

  it('without the answered copy’s hash (no worklist to apply) it has no record', async () => {
    const wb = readWorkbook(await reportToXlsx(report()));
    expect(wb.sheets.some((s) => s.name === RECORD_SHEET)).toBe(false);
  });
});
