import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorklist } from '../../src/app/apply-decisions.js';
import { RECORD_SHEET, recordUpdate } from '../../src/app/worklist.js';
import { patchWorkbook } from '../../src/workbook/patch-cells.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { questionnaire } from '../app/fixtures.js';
import { hasSoffice, kotae, readBytes, ROOT, tempDir } from '../helpers.js';

const QUESTIONS = [
  '共有アカウントの利用を禁止していますか',
  'パスワードを平文で保存していませんか',
  '社外の関係者による顧客データの閲覧を制限していますか',
  '退職者のアカウントは速やかに削除していますか',
  'データセンターの所在地の国名を教えてください',
];

/** A customer sheet answered into a fresh folder with its own copy of the shipped bank. */
function answered(name = 'customer', questions: readonly string[] = QUESTIONS) {
  const dir = tempDir('kotae-apply-');
  const bank = join(dir, 'bank');
  cpSync(join(ROOT, 'answer-bank'), bank, { recursive: true });
  const input = join(dir, `${name}.xlsx`);
  writeFileSync(input, questionnaire(questions, { dropdown: ['はい', 'いいえ', '該当なし'] }));
  const r = kotae(['answer', input, '--bank', bank, '-q']);
  expect(r.code, r.stderr).toBe(0);
  return { dir, bank, input, output: join(dir, `${name}.answered.xlsx`), report: join(dir, `${name}.report.xlsx`) };
}

/** Marks the worklist as a person would: [customer row, column (5 answer, 6 remarks, 7 decision), text]. */
function mark(report: string, marks: Array<[number, number, string]>): void {
  const bytes = readBytes(report);
  const todo = readWorkbook(bytes).sheets[1]!;
  const lineOf = (row: number) => [...todo.rows.keys()].find((r) => todo.rows.get(r)?.get(2)?.text === String(row)) ?? 0;
  writeFileSync(
    report,
    patchWorkbook(
      bytes,
      marks.map(([row, col, value]) => ({ sheet: todo.name, row: lineOf(row), col, value })),
      { overwrite: true },
    ).bytes,
  );
}

/** Every file under a folder with its SHA-256: what "nothing written" is checked against. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('kotae apply: the review loop from the command line', () => {
  it('writes the rows marked 採用, prints what it wrote and what is left, the bank learns; a second run changes nothing', () => {
    const f = answered();
    mark(f.report, [
      [3, 7, '採用'],
      [4, 7, '採用'],
      [6, 5, '該当なし'],
      [6, 6, '自社でデータセンターは保有していません。'],
      [6, 7, '採用'],
    ]);
    const r = kotae(['apply', f.report, '--bank', f.bank]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('3 written: チェックシート rows 3–4, 6');
    expect(r.stdout).toMatch(/bank learned: 1 new phrasing, 2 drafts in inbox\/customer-\d{4}-\d\d-\d\d\.yaml, 0 conflicts/);
    const s = readWorkbook(readBytes(f.output)).sheets[0]!;
    expect(s.rows.get(6)?.get(3)?.text).toBe('該当なし');
    expect(readFileSync(join(f.bank, 'access.yaml'), 'utf8')).toContain(`- ${QUESTIONS[2]}`);
    const inbox = readdirSync(join(f.bank, 'inbox'));
    expect(inbox).toHaveLength(1);
    expect(readFileSync(join(f.bank, 'inbox', inbox[0]!), 'utf8')).toContain('written by `kotae apply`');
    // the bank with its drafts is still valid
    expect(kotae(['bank', 'validate', '--bank', f.bank]).code).toBe(0);

    const before = snapshot(f.dir);
    const again = kotae(['apply', f.report, '--bank', f.bank]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('3 already in the workbook');
    expect(again.stdout).toContain('nothing new to write');
    expect(snapshot(f.dir)).toEqual(before);
  });

  it.runIf(hasSoffice())('the applied workbook opens in LibreOffice', () => {
    const f = answered();
    mark(f.report, [[3, 7, '採用']]);
    expect(kotae(['apply', f.report, '--no-learn']).code).toBe(0);
    const out = tempDir('kotae-soffice-');
    // (44,34,76: comma, double quote, UTF-8)
    const r = spawnSync('soffice', ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', out, f.output], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'customer.answered.csv'), 'utf8')).toContain(QUESTIONS[1]);
  });

  it('--dry-run and --no-learn: the decisions checked and printed, nothing written / the bank untouched', () => {
    const f = answered();
    mark(f.report, [[4, 7, '採用']]);
    const before = snapshot(f.dir);
    const dry = kotae(['apply', f.report, '--bank', f.bank, '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const json = JSON.parse(dry.stdout) as { counts: Record<string, number>; learned: { phrasings: unknown[] } };
    expect(json.counts.written).toBe(1);
    expect(json.learned.phrasings).toHaveLength(1);
    expect(snapshot(f.dir)).toEqual(before);
    const bankBefore = snapshot(f.bank);
    expect(kotae(['apply', f.report, '--bank', f.bank, '--no-learn']).code).toBe(0);
    expect(snapshot(f.bank)).toEqual(bankBefore);
  });

  describe('hostile and stale reports: refused with exit 2, nothing written', () => {
    const refused = (f: ReturnType<typeof answered>, pattern: RegExp, report = f.report) => {
      const before = snapshot(f.dir);
      const r = kotae(['apply', report, '--bank', f.bank]);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).toMatch(/^hint: /m);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(snapshot(f.dir)).toEqual(before);
    };

    it('a record edited by hand to point elsewhere (its checksum does not match)', () => {
      const f = answered();
      mark(f.report, [[3, 7, '採用']]);
      const bytes = readBytes(f.report);
      writeFileSync(
        f.report,
        patchWorkbook(bytes, [{ sheet: RECORD_SHEET, row: 5, col: 2, value: JSON.stringify('customer.xlsx') }], { overwrite: true }).bytes,
      );
      refused(f, /its hidden record was edited/);
    });

    it('a tampered hash, checksum and all: the workbook is not the one the report records', () => {
      const f = answered();
      mark(f.report, [[3, 7, '採用']]);
      const bytes = readBytes(f.report);
      const { recordRows, record } = readWorklist(readWorkbook(bytes), 'r');
      const update = recordUpdate(recordRows, 'f'.repeat(64), record.history).map(([row, col, value]) => ({ sheet: RECORD_SHEET, row, col, value }));
      writeFileSync(f.report, patchWorkbook(bytes, update, { overwrite: true }).bytes);
      refused(f, /changed since this report was written/);
    });

    it('a record pointed at the customer’s original (checksum recomputed): kotae never writes the input', () => {
      const f = answered();
      mark(f.report, [[3, 7, '採用']]);
      const bytes = readBytes(f.report);
      const { recordRows, record } = readWorklist(readWorkbook(bytes), 'r');
      // the record's answered path and hash made the input's, as a forger would
      const rows = recordRows.map((r) => [...r]);
      rows[4]![1] = JSON.stringify('customer.xlsx');
      rows[5]![1] = JSON.stringify(f.input);
      const inputSha = createHash('sha256').update(readFileSync(f.input)).digest('hex');
      const update = recordUpdate(rows, inputSha, record.history).map(([row, col, value]) => ({ sheet: RECORD_SHEET, row, col, value }));
      const edits = [...update, { sheet: RECORD_SHEET, row: 5, col: 2, value: rows[4]![1]! }, { sheet: RECORD_SHEET, row: 6, col: 2, value: rows[5]![1]! }];
      writeFileSync(f.report, patchWorkbook(bytes, edits, { overwrite: true }).bytes);
      refused(f, /points at the customer's original workbook/);
    });

    it('the answered workbook changed by hand since the report was written', () => {
      const f = answered();
      mark(f.report, [[3, 7, '採用']]);
      const bytes = readBytes(f.output);
      writeFileSync(f.output, patchWorkbook(bytes, [{ sheet: 'チェックシート', row: 3, col: 4, value: '手で書いた備考' }]).bytes);
      refused(f, /changed since this report was written/);
    });

    it('a report from another workbook put beside it', () => {
      const f = answered('customer');
      const other = answered('other', [...QUESTIONS].reverse());
      mark(f.report, [[3, 7, '採用']]);
      // the other customer's answered copy under this one's name
      copyFileSync(other.output, f.output);
      refused(f, /changed since this report was written/);
    });

    it('a formula in a decision cell, a word that is no decision, an answer outside the cell’s list', () => {
      const f = answered();
      const bytes = readBytes(f.report);
      const todo = readWorkbook(bytes).sheets[1]!;
      const { unzipSync, zipSync, strFromU8, strToU8 } = require('fflate') as typeof import('fflate');
      const files = unzipSync(bytes);
      files[todo.part] = strToU8(
        strFromU8(files[todo.part]!).replace(/<c r="G2"[^>]*\/>|<c r="G2"[^>]*>.*?<\/c>/, '<c r="G2" t="str"><f>"採用"</f><v>採用</v></c>'),
      );
      writeFileSync(f.report, zipSync(files));
      refused(f, /the decision cell holds a formula/);
      writeFileSync(f.report, bytes);
      mark(f.report, [[3, 7, 'OK']]);
      refused(f, /"OK" is not a decision/);
      writeFileSync(f.report, bytes);
      mark(f.report, [
        [3, 5, '○'],
        [3, 7, '採用'],
      ]);
      refused(f, /"○" is not one of the cell's answer words \(はい \/ いいえ \/ 該当なし\)/);
    });

    it('a report that is open in Excel or LibreOffice, and a report that is not a worklist', () => {
      const f = answered();
      mark(f.report, [[3, 7, '採用']]);
      writeFileSync(join(f.dir, '.~lock.customer.report.xlsx#'), 'x');
      refused(f, /is open in Excel or LibreOffice/);
      const md = join(f.dir, 'r.md');
      writeFileSync(md, '# report');
      refused(f, /is not an \.xlsx worklist/, md);
      refused(f, /is not a kotae worklist/, f.input);
    });
  });
});
