/**
 * What a new user trips on in the first hour (issue 14), run as a user would: bin/kotae.js on
 * small workbooks built here and on the fixtures, outputs read back.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { linesNeeded, textUnits } from '../../src/plan/clipped-rows.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { describeShared, FIXTURES, kotae, readBytes, REAL, tempDir } from '../helpers.js';
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

function cellsOf2(path: string, sheet: string, refs: string[]): string[] {
  const s = readWorkbook(readBytes(path)).sheets.find((x) => x.name === sheet)!;
  return refs.map((ref) => text(s, ref));
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

  it("with it, a filled answer is replaced by the bank's (and its remarks), never a formula", () => {
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
    const once = kotae(['answer', join(FIXTURES, 'sample-checksheet-ja.xlsx'), '-o', first, '--json']);
    expect(once.code).toBe(0);
    const answered = JSON.parse(once.stdout).totals.answered as number;
    expect(answered).toBeGreaterThan(10);
    const again = kotae(['answer', first, '-o', join(dir, 'again.xlsx'), '--overwrite', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).totals.answered).toBe(answered);
  });
});

describe('an answer cell holding only a space (item 1, found with it)', () => {
  it('is written, as layout detection counts it empty; the summary never claims a row it did not write', () => {
    const dir = tempDir();
    const src = write(
      dir,
      'space.xlsx',
      sheetWith([
        [TRAINING, cell('C{r}', ' ')],
        [SHARED_ACCOUNTS, ''],
      ]),
    );
    const out = join(dir, 'out.xlsx');
    const r = kotae(['answer', src, '-o', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals.answered).toBe(2);
    expect(cellsOf(out, ['C2', 'C3'])).toEqual(['○', '×']);
    expect(existsSync(join(dir, 'out.report.xlsx'))).toBe(true);
  });
});

describe('layout flags that contradict the sheet (item 3)', () => {
  const SAMPLE = join(FIXTURES, 'sample-checksheet-ja.xlsx');

  it('--answer-col on an empty column without a header, where the header names 回答 elsewhere: an error naming it, nothing written', () => {
    const dir = tempDir();
    const out = join(dir, 'out.xlsx');
    const r = kotae(['answer', SAMPLE, '--answer-col', 'Z', '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --answer-col Z: .*no header in row 4.*column D/m);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'out.report.xlsx'))).toBe(false);
  });

  it('--answer-col on the question column, --question-col on the answer column, --remarks-col on the answer column: errors', () => {
    for (const args of [
      ['--answer-col', 'C'],
      ['--question-col', 'D'],
      ['--remarks-col', 'D'],
      ['--answer-col', 'B'],
    ]) {
      const r = kotae(['inspect', SAMPLE, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`^error: ${args[0]} ${args[1]}`, 'm'));
    }
  });

  it('--answer-col on the 備考 column: a warning, and the remarks are not written into the answer cell', () => {
    const dir = tempDir();
    const out = join(dir, 'out.xlsx');
    const r = kotae(['answer', SAMPLE, '--answer-col', 'E', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/--answer-col E: row 4 heads column E 「備考」, which reads as the remarks/);
    expect(cellsOf2(out, 'セキュリティチェックシート', ['E11'])).toEqual(['○']);
  });

  it('when no sheet is a questionnaire, the hint names the sheet that holds the questions, not the first one', () => {
    const dir = tempDir();
    const rows = [
      `<row r="1">${cell('A1', 'No')}${cell('B1', '確認項目')}${cell('D1', '備考')}</row>`,
      `<row r="2">${cell('A2', '1')}${cell('B2', TRAINING)}</row>`,
      `<row r="3">${cell('A3', '2')}${cell('B3', SHARED_ACCOUNTS)}</row>`,
    ];
    const intro = sheetXml(`<sheetData><row r="1">${cell('A1', 'ご記入にあたって')}</row></sheetData>`);
    const src = join(dir, 'two.xlsx');
    writeFileSync(
      src,
      buildXlsx({
        sheets: [
          { name: 'はじめに', xml: intro },
          { name: 'シート1', xml: sheetXml(`<sheetData>${rows.join('')}</sheetData>`) },
        ],
      }),
    );
    const r = kotae(['answer', src, '-o', join(dir, 'out.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hint: .*--sheet "シート1"/m);
  });

  it('layout flags apply to every sheet: a sheet they contradict is left out with a note, the others answered', () => {
    const dir = tempDir();
    const a = sheetWith([
      [TRAINING, ''],
      [SHARED_ACCOUNTS, ''],
    ]);
    const b = sheetWith(
      [
        [TRAINING, ''],
        [SHARED_ACCOUNTS, ''],
      ],
      ['No', '質問項目', '備考', '回答'],
    );
    const src = join(dir, 'two.xlsx');
    writeFileSync(
      src,
      buildXlsx({
        sheets: [
          { name: 'A', xml: a },
          { name: 'B', xml: b },
        ],
      }),
    );
    const out = join(dir, 'out.xlsx');
    const r = kotae(['answer', src, '--remarks-col', 'D', '-o', out, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^note: sheet "B" not answered: --remarks-col D is the answer column of sheet "B" \(layout flags apply to every sheet; --sheet names one\)$/m,
    );
    expect(JSON.parse(r.stdout).sheets.map((x: { sheet: string }) => x.sheet)).toEqual(['A']);
    expect(cellsOf2(out, 'A', ['C2', 'C3'])).toEqual(['○', '×']);
    expect(cellsOf2(out, 'B', ['C2', 'D2'])).toEqual(['', '']);
  });

  it('--header-row on a section heading, while row 4 is the header: an error that names row 4', () => {
    const r = kotae(['answer', SAMPLE, '--header-row', '6', '-o', join(tempDir(), 'out.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--header-row 6: .*names no column.*header is row 4/);
  });

  it('--answer-col on a column that holds text on every question row: no row to answer is an error', () => {
    const dir = tempDir();
    const src = write(
      dir,
      'owner.xlsx',
      sheetWith(
        [
          [TRAINING, cell('C{r}', '山田')],
          [SHARED_ACCOUNTS, cell('C{r}', '佐藤')],
        ],
        ['No', '質問項目', '担当', '回答'],
      ),
    );
    const r = kotae(['answer', src, '--answer-col', 'C', '-o', join(dir, 'out.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--answer-col C: .*already holds text in column C on every question row \(山田, 佐藤/);
  });

  it('a column without a header where the header names no answer column: answered, with a warning; headings never answered', () => {
    const dir = tempDir();
    // header names the question and the remarks but no answer column; row 3 is a heading merged A:D,
    // row 5 a heading in A merged over B only
    const rows = [
      `<row r="1">${cell('A1', 'No')}${cell('B1', '確認項目')}${cell('D1', '備考')}</row>`,
      `<row r="2">${cell('A2', '1')}${cell('B2', TRAINING)}</row>`,
      `<row r="3">${cell('A3', '3. 運用・インシデント管理について')}</row>`,
      `<row r="4">${cell('A4', '2')}${cell('B4', SHARED_ACCOUNTS)}</row>`,
      `<row r="5">${cell('A5', '4. アカウント・アクセス管理について')}</row>`,
      `<row r="6">${cell('A6', '3')}${cell('B6', LEAVERS)}</row>`,
    ];
    const merges = '<mergeCells count="2"><mergeCell ref="A3:D3"/><mergeCell ref="A5:B5"/></mergeCells>';
    const src = join(dir, 'headings.xlsx');
    writeFileSync(src, buildXlsx({ sheets: [{ name: 'シート1', xml: sheetXml(`<sheetData>${rows.join('')}</sheetData>${merges}`) }] }));
    const out = join(dir, 'out.xlsx');
    const r = kotae(['answer', src, '--header-row', '1', '--answer-col', 'C', '-o', out, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning|note: .*--answer-col C: column C has no header in row 1/);
    expect(cellsOf(out, ['C2', 'C3', 'C4', 'C5', 'C6'])).toEqual(['○', '', '×', '', '○']);
    const json = JSON.parse(r.stdout);
    expect(json.totals.questions).toBe(3);
  });
});

describe("remarks go where each section's header says, never into the reviewer's column (item 4)", () => {
  it('a header naming 確認者コメント: no remarks there, and --remarks-col on it is refused', () => {
    const dir = tempDir();
    const src = write(
      dir,
      'reviewer.xlsx',
      sheetWith(
        [
          [TRAINING, ''],
          [SHARED_ACCOUNTS, ''],
        ],
        ['No', '質問項目', '回答', '確認者コメント'],
      ),
    );
    const out = join(dir, 'out.xlsx');
    const r = kotae(['answer', src, '-o', out]);
    expect(r.code).toBe(0);
    expect(cellsOf(out, ['C2', 'D2', 'C3', 'D3'])).toEqual(['○', '', '×', '']);
    const flagged = kotae(['answer', src, '--remarks-col', 'D', '-o', join(dir, 'out2.xlsx')]);
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toMatch(/--remarks-col D: .*確認者コメント.*reviewer/);
    expect(kotae(['inspect', src]).stdout).toMatch(/never written \(the customer's reviewer\): D/);
  });

  describeShared('HECVAT 4.1.4 Product and Infrastructure', () => {
    it('remarks land in D (Additional Information, named from the second section on), never in F (Analyst Notes)', () => {
      const dir = tempDir();
      const out = join(dir, 'hecvat.xlsx');
      const r = kotae(['answer', join(REAL, 'hecvat/HECVAT414.xlsx'), '-o', out, '--report', join(dir, 'r.json')]);
      expect(r.code).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { answered: { sheet: string; row: number }[] };
      const before = readWorkbook(readBytes(join(REAL, 'hecvat/HECVAT414.xlsx')));
      const after = readWorkbook(readBytes(out));
      let rows = 0;
      for (const name of ['Product', 'Infrastructure']) {
        const b = before.sheets.find((s) => s.name === name)!;
        const a = after.sheets.find((s) => s.name === name)!;
        for (const { row } of report.answered.filter((x) => x.sheet === name)) {
          rows++;
          expect(text(a, `C${row}`), `${name}!C${row}`).toMatch(/^(Yes|No)$/);
          expect(text(a, `D${row}`).length, `${name}!D${row}`).toBeGreaterThan(20);
          expect(text(a, `F${row}`), `${name}!F${row}`).toBe(text(b, `F${row}`));
        }
      }
      expect(rows).toBeGreaterThan(0);
    });

    it('--remarks-col D holds on every vendor tab (the analyst sheets are no questionnaire either way: not blamed on the flag)', () => {
      const r = kotae(['inspect', join(REAL, 'hecvat/HECVAT414.xlsx'), '--remarks-col', 'D']);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/--remarks-col D is the answer column|no header in row 17/);
      expect(r.stdout).toMatch(/High-Risk Evaluation: not a questionnaire: the answer cells \(column D\) are formulas/);
    });
  });
});

describe('rows with a fixed height that would hide the remarks (item 4)', () => {
  // 回答 C (width 8), 備考 D (width 30); rows 2 and 3 fixed at 18 pt, row 4 free
  const build = (dir: string) => {
    const rows = [
      `<row r="1">${cell('A1', 'No')}${cell('B1', '質問項目')}${cell('C1', '回答')}${cell('D1', '備考')}</row>`,
      `<row r="2" ht="18" customHeight="1">${cell('A2', '1')}${cell('B2', TRAINING)}</row>`,
      `<row r="3" ht="90" customHeight="1">${cell('A3', '2')}${cell('B3', SHARED_ACCOUNTS)}</row>`,
      `<row r="4">${cell('A4', '3')}${cell('B4', LEAVERS)}</row>`,
    ];
    const xml = sheetXml(
      `<sheetData>${rows.join('')}</sheetData>`,
      '',
      '<sheetFormatPr defaultRowHeight="18"/><cols><col min="2" max="2" width="50" customWidth="1"/><col min="3" max="3" width="8" customWidth="1"/><col min="4" max="4" width="30" customWidth="1"/></cols>',
    );
    const path = join(dir, 'fixed.xlsx');
    writeFileSync(path, buildXlsx({ sheets: [{ name: 'チェックシート', xml }] }));
    return path;
  };

  it('estimates lines: wide characters count two units, paragraphs start a line', () => {
    expect(linesNeeded('あ'.repeat(15), 30)).toBe(1);
    expect(linesNeeded('あ'.repeat(16), 30)).toBe(2);
    expect(linesNeeded('a'.repeat(30), 30)).toBe(1);
    expect(linesNeeded('short\nshort', 30)).toBe(2);
  });

  it('names the fixed-height rows too short for the remarks in the summary and every report, and leaves row heights as they were', () => {
    const dir = tempDir();
    const src = build(dir);
    const out = join(dir, 'out.xlsx');
    const r = kotae(['answer', src, '-o', out, '--report', join(dir, 'r.md')]);
    expect(r.code).toBe(0);
    // row 2 (one 18 pt line for ~60 wide characters in 30 units) is named; row 3 (five lines) and row 4 (free height) are not
    expect(r.stdout).toMatch(/^1 filled row has a fixed height that shows only part of the remarks \(チェックシート rows 2\)/m);
    const md = readFileSync(join(dir, 'r.md'), 'utf8');
    expect(md).toMatch(/## Rows to widen \(1\)[\s\S]*\| チェックシート \| 2 \| D2 \| \d+ \| 1 \|/);
    const json = JSON.parse(kotae(['answer', src, '-o', join(dir, 'o2.xlsx'), '--json']).stdout);
    expect(json.rowsToWiden.map((x: { row: number }) => x.row)).toEqual([2]);
    // the remarks are there, and every <row> element is as the customer wrote it
    expect(cellsOf(out, ['D2'])[0]!.length).toBeGreaterThan(20);
    const rowTags = (p: string) => unzipSync(readBytes(p))['xl/worksheets/sheet1.xml']!;
    const tags = (b: Uint8Array) => new TextDecoder().decode(b).match(/<row [^>]*>/g);
    expect(tags(rowTags(out))).toEqual(tags(rowTags(src)));
  });
});

describe('smaller traps (item 7)', () => {
  const SAMPLE = join(FIXTURES, 'sample-checksheet-ja.xlsx');

  it('-o out.csv is refused (the answered copy is a workbook), nothing written', () => {
    const dir = tempDir();
    const r = kotae(['answer', SAMPLE, '-o', join(dir, 'out.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: -o .*out\.csv: the answered copy is an Excel workbook \(\.xlsx\)/m);
    expect(r.stderr).toMatch(/^hint: give -o a name ending in \.xlsx; .*--report todo\.csv/m);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an answered copy fed back in: the run says it looks answered already and what --overwrite would do', () => {
    const dir = tempDir();
    const first = join(dir, 'sample.answered.xlsx');
    const once = kotae(['answer', SAMPLE, '-o', first, '--json']);
    expect(once.code).toBe(0);
    const answered = JSON.parse(once.stdout).totals.answered as number;
    const r = kotae(['answer', first]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(`^note: the sheet looks already answered: ${answered} question rows of 21 hold an answer .*--overwrite would replace them`, 'm'),
    );
  });

  it('bank validate --bank . in the repository: an error that names answer-bank/, not hundreds of schema errors', () => {
    const r = kotae(['bank', 'validate', '--bank', '.']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: --bank \. is not an answer bank folder: it holds one in answer-bank\nhint: .*--bank answer-bank\n$/);
  });

  it('bank import of a blank sheet says there are no answered rows', () => {
    const r = kotae(['bank', 'import', SAMPLE, '--source', 'Acme, 2026-12-01', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no answered rows in this workbook: nothing to import/);
    expect(r.stdout).not.toMatch(/already holds every answer/);
  });

  it('search "" is refused', () => {
    for (const q of ['', '   ']) {
      const r = kotae(['search', q]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: the question to search for is empty\nhint: /);
    }
  });

  it('help: inspect speaks of no answered copy; the exit codes name bank import conflicts', () => {
    expect(kotae(['inspect', '--help']).stdout).not.toMatch(/answered copy/);
    expect(kotae(['answer', '--help']).stdout).toMatch(/answered copy is encrypted/);
    expect(kotae(['--help']).stdout).toMatch(/1 {2}findings[\s\S]*bank import conflicts/);
  });

  it('inspect --sheet: the other sheets are not listed as "not the sheet asked for", in the output or the error', () => {
    const VENDOR = join(FIXTURES, 'vendor-questionnaire-en.xlsx');
    const ok = kotae(['inspect', VENDOR, '--sheet', 'Vendor Questionnaire']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toMatch(/Lists|not the sheet asked for/);
    const wrongName = kotae(['inspect', VENDOR, '--sheet', 'vendor questionnaire']);
    expect(wrongName.code).toBe(2);
    expect(wrongName.stdout).toBe('');
    expect(wrongName.stderr).toMatch(
      /^error: no sheet named "vendor questionnaire"\nhint: (did you mean "Vendor Questionnaire"\? )?sheets in this workbook: "Vendor Questionnaire", "Lists"\n$/,
    );
    const notOne = kotae(['inspect', VENDOR, '--sheet', 'Lists']);
    expect(notOne.code).toBe(2);
    expect(notOne.stdout + notOne.stderr).not.toMatch(/not the sheet asked for/);
    expect(notOne.stderr).toMatch(/"Lists": no header row/);
  });

  it('coverage names workbooks relative to the folder given and aligns Japanese names by display width', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '顧客'));
    copyFileSync(SAMPLE, join(dir, '顧客', '株式会社サンプル_セキュリティチェックシート.xlsx'));
    copyFileSync(join(FIXTURES, 'vendor-questionnaire-en.xlsx'), join(dir, 'vendor.xlsx'));
    const r = kotae(['coverage', dir]);
    expect(r.code).toBe(0);
    const table = r.stdout.split('\n').slice(0, 4);
    expect(table[2]).toMatch(/^顧客\/株式会社サンプル_セキュリティチェックシート\.xlsx \[セキュリティチェックシート\] +21/);
    expect(table[1]).toMatch(/^vendor\.xlsx \[Vendor Questionnaire\] +10/);
    expect(r.stdout).not.toContain(dir);
    // every line of the table is as wide on screen: the columns line up
    expect(new Set(table.map((l) => textUnits(l))).size).toBe(1);
  });
});
