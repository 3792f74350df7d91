/**
 * What a new user trips on in the first hour (issue 14), run as a user would: bin/kotae.js on
 * small workbooks built here and on the fixtures, outputs read back.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { FIXTURES, kotae, readBytes, tempDir } from '../helpers.js';
import { buildXlsx, cell, sheetXml } from '../hostile/helpers.js';
import { text } from '../workbook/helpers.js';

const TRAINING = '従業員に対して定期的にセキュリティ教育を実施していますか。';
const SHARED_ACCOUNTS = '共有アカウントを使用していますか。';
const LEAVERS = '退職者のアカウントを速やかに削除していますか。';

/** A formula cell with a cached value. */
function formulaCell(ref: string, formula: string, value: string): string {
  return `<c r="${ref}" t="str"><f>${formula}</f><v>${value}</v></c>`;
}

/** No / 質問項目 / 回答 / 備考, one row per [question, answer cell XML (or '')]. */
function sheetWith(rows: Array<[string, string]>, header = ['No', '質問項目', '回答', '備考']): string {
  const cols = ['A', 'B', 'C', 'D'];
  const out = [`<row r="1">${header.map((h, i) => cell(`${cols[i]}1`, h)).join('')}</row>`];
  rows.forEach(([q, answer], i) => {
    const r = i + 2;
    out.push(`<row r="${r}">${cell(`A${r}`, String(i + 1))}${cell(`B${r}`, q)}${answer.replaceAll('{r}', String(r))}</row>`);
  });
  return sheetXml(`<sheetData>${out.join('')}</sheetData>`);
}

function write(dir: string, name: string, xml: string): string {
  const path = join(dir, name);
  writeFileSync(path, buildXlsx({ sheets: [{ name: 'チェックシート', xml }] }));
  return path;
}

function cellsOf(path: string, refs: string[]): string[] {
  const s = readWorkbook(readBytes(path)).sheets[0]!;
  return refs.map((ref) => text(s, ref));
}

describe('answer --overwrite (item 1)', () => {
  // the training row holds ×, the shared-accounts row ○ (both the opposite of the bank), the
  // leavers row a formula, and nothing else is filled
  const filled = (dir: string) =>
    write(
      dir,
      'filled.xlsx',
      sheetWith([
        [TRAINING, cell('C{r}', '×') + cell('D{r}', '担当者メモ')],
        [SHARED_ACCOUNTS, cell('C{r}', '○')],
        [LEAVERS, formulaCell('C{r}', 'IF(1,"○","×")', '○')],
      ]),
    );

  it('without it, filled rows are left alone and the run says the sheet looks answered already', () => {
    const dir = tempDir();
    const out = join(dir, 'out.xlsx');
    const r = kotae(['answer', filled(dir), '-o', out]);
    expect(r.code).toBe(0);
    expect(cellsOf(out, ['C2', 'D2', 'C3', 'C4'])).toEqual(['×', '担当者メモ', '○', '○']);
    expect(r.stderr).toMatch(/already answered.*--overwrite/s);
  });

  it('with it, a filled answer is replaced by the bank\'s (and its remarks), never a formula', () => {
    const dir = tempDir();
    const out = join(dir, 'out.xlsx');
    const r = kotae(['answer', filled(dir), '-o', out, '--overwrite', '--json']);
    expect(r.code).toBe(0);
    const [c2, d2, c3, c4] = cellsOf(out, ['C2', 'D2', 'C3', 'C4']);
    expect([c2, c3, c4]).toEqual(['○', '×', '○']);
    expect(d2).toMatch(/教育/);
    expect(JSON.parse(r.stdout).totals.answered).toBe(2);
    expect(readFileSync(out).length).toBeGreaterThan(0);
  });

  it('a second run over an answered copy with --overwrite answers the same rows again', () => {
    const dir = tempDir();
    const first = join(dir, 'sample.answered.xlsx');
    expect(kotae(['answer', join(FIXTURES, 'sample-checksheet-ja.xlsx'), '-o', first, '--quiet']).code).toBe(0);
    const again = kotae(['answer', first, '-o', join(dir, 'again.xlsx'), '--overwrite', '--json']);
    expect(again.code).toBe(0);
    const totals = JSON.parse(again.stdout).totals;
    expect(totals.answered).toBe(15);
  });
});

describe('an answer cell holding only a space (item 1, found with it)', () => {
  it('is written, as layout detection counts it empty; the summary never claims a row it did not write', () => {
    const dir = tempDir();
    const src = write(dir, 'space.xlsx', sheetWith([[TRAINING, cell('C{r}', ' ')], [SHARED_ACCOUNTS, '']]));
    const out = join(dir, 'out.xlsx');
    const r = kotae(['answer', src, '-o', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals.answered).toBe(2);
    expect(cellsOf(out, ['C2', 'C3'])).toEqual(['○', '×']);
    expect(existsSync(join(dir, 'out.report.xlsx'))).toBe(true);
  });
});
