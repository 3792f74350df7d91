import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectLayouts } from '../../src/layout/detect-layout.js';
import { canonicalOf } from '../../src/layout/vocab.js';
import { cellRef } from '../../src/workbook/refs.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { EVAL, FIXTURES, REAL, SKIP_SHARED, copyToTemp, hasSoffice, kotae, readBytes, tempDir } from '../helpers.js';

const SHEETS = [
  join(FIXTURES, 'sample-checksheet-ja.xlsx'),
  join(FIXTURES, 'vendor-questionnaire-en.xlsx'),
  // the labelled and real sheets of ../shared, when it is there (a clone on its own checks the fixtures)
  ...(SKIP_SHARED
    ? []
    : [
        ...readdirSync(EVAL)
          .filter((f) => f.endsWith('.xlsx'))
          .map((f) => join(EVAL, f)),
        join(REAL, 'csa/CAIQv4.0.3_STAR-Security-Questionnaire_Generated-at_2024-06-03.xlsx'),
        join(REAL, 'hecvat/HECVAT414.xlsx'),
        join(REAL, 'hecvat/HECVAT3_OpenDSA_20220830.xlsx'),
        join(REAL, 'owasp-ja/Mobile_App_Security_Checklist-Japanese.xlsx'),
        join(REAL, 'ja-built/meti-cloud-service-level-checklist-ja.xlsx'),
        join(REAL, 'ja-built/ipa-web-security-checklist-ja.xlsx'),
      ]),
];

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Answers a copy of `src`, returning paths and the parsed JSON summary. */
function answer(src: string, extra: string[] = []) {
  const input = copyToTemp(src);
  const before = sha(input);
  const out = join(tempDir(), `out-${basename(src)}`);
  const report = join(tempDir(), 'report.json');
  const r = kotae(['answer', input, '-o', out, '--report', report, '--json', ...extra]);
  return { input, before, out, report, r };
}

describe("kotae answer gives the customer's file back changed only where it filled", () => {
  for (const src of SHEETS) {
    it(basename(src), () => {
      const { input, before, out, report, r } = answer(src);
      // nothing but notes (rows that already hold an answer …)
      expect(r.stderr.replace(/^note: .*\n/gm, '')).toBe('');
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.stdout) as { totals: { answered: number } };
      // the input is byte-identical after the run
      expect(sha(input)).toBe(before);
      expect(existsSync(report)).toBe(true);

      const a = unzipSync(readBytes(input));
      const b = unzipSync(readBytes(out));
      // no entry added or removed, same order
      expect(Object.keys(b)).toEqual(Object.keys(a));
      const wbIn = readWorkbook(readBytes(input));
      const wbOut = readWorkbook(readBytes(out));
      const changedParts = new Set<string>();
      for (const name of Object.keys(a)) {
        if (Buffer.compare(Buffer.from(a[name] as Uint8Array), Buffer.from(b[name] as Uint8Array)) !== 0) changedParts.add(name);
      }
      const sheetParts = new Set(wbIn.sheets.map((s) => s.part));
      for (const p of changedParts) expect(p === 'xl/workbook.xml' || sheetParts.has(p), `${p} changed`).toBe(true);
      if (summary.totals.answered === 0) expect(changedParts.size).toBe(0);

      // no non-empty cell of any sheet changes; new text only in answer/remarks cells of question rows
      const layouts = detectLayouts(wbIn).flatMap((v) => (v.questionnaire ? [v.layout] : []));
      const allowed = new Set<string>();
      for (const l of layouts) {
        for (const q of l.questionRows) {
          allowed.add(`${l.sheet}!${cellRef(q.answerCell.row, q.answerCell.col)}`);
          if (q.remarksCell) allowed.add(`${l.sheet}!${cellRef(q.remarksCell.row, q.remarksCell.col)}`);
        }
      }
      for (const s of wbIn.sheets) {
        const t = wbOut.sheets.find((x) => x.name === s.name);
        expect(t, s.name).toBeDefined();
        for (const [row, cells] of s.rows) {
          for (const [col, cell] of cells) expect(t?.rows.get(row)?.get(col)?.text, `${s.name}!${cellRef(row, col)}`).toBe(cell.text);
        }
        for (const [row, cells] of t?.rows ?? []) {
          for (const [col, cell] of cells) {
            if (s.rows.get(row)?.get(col)) continue;
            expect(allowed.has(`${s.name}!${cellRef(row, col)}`), `${s.name}!${cellRef(row, col)} = ${cell.text}`).toBe(true);
          }
        }
      }

      // every written answer is an item of the answer cell's dropdown, when it has one
      let written = 0;
      for (const l of layouts) {
        const outSheet = wbOut.sheets.find((x) => x.name === l.sheet);
        for (const q of l.questionRows) {
          const text = outSheet?.rows.get(q.answerCell.row)?.get(q.answerCell.col)?.text;
          if (!text) continue;
          written++;
          if (q.dropdown) expect(q.dropdown).toContain(text);
          else expect(Object.values(l.vocab.map)).toContain(text);
          expect(canonicalOf(text)).toBeDefined();
        }
      }
      expect(written).toBe(summary.totals.answered);
    });
  }
});

describe('outputs open in LibreOffice', () => {
  it.skipIf(!hasSoffice())('the filled sample converts to CSV with the answers in it', () => {
    const { out, r } = answer(join(FIXTURES, 'sample-checksheet-ja.xlsx'));
    expect(r.code).toBe(0);
    const dir = tempDir();
    // all sheets, UTF-8 (76), one CSV per sheet
    const c = spawnSync(
      'soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=file://${dir}/profile`,
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        '--outdir',
        dir,
        out,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(c.status).toBe(0);
    const csv = readdirSync(dir).filter((f) => f.endsWith('.csv') && f.includes('セキュリティチェックシート'));
    expect(csv).toHaveLength(1);
    const text = readFileSync(join(dir, csv[0] as string), 'utf8');
    // the shared-accounts question is answered ×, with the remark and its citation
    const line = text.split('\n').find((l) => l.includes('共有アカウントを使用していますか'));
    expect(line).toMatch(/,×,/);
    expect(text).toContain('情報セキュリティ規定 第');
  });
});

describe('files kotae must not harm', () => {
  it('never writes to the input path and refuses an existing output without --force', () => {
    const input = copyToTemp(join(FIXTURES, 'sample-checksheet-ja.xlsx'));
    const before = sha(input);
    const same = kotae(['answer', input, '-o', input]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/error: .*input/);
    expect(sha(input)).toBe(before);

    const out = join(tempDir(), 'o.xlsx');
    expect(kotae(['answer', input, '-o', out]).code).toBe(0);
    const again = kotae(['answer', input, '-o', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect(again.stderr).toMatch(/hint: .*--force/);
    expect(kotae(['answer', input, '-o', out, '--force']).code).toBe(0);
  });

  it('writes <name>.answered.xlsx and <name>.report.xlsx beside the input by default', () => {
    const input = copyToTemp(join(FIXTURES, 'sample-checksheet-ja.xlsx'));
    const r = kotae(['answer', input]);
    expect(r.code).toBe(0);
    expect(existsSync(input.replace(/\.xlsx$/, '.answered.xlsx'))).toBe(true);
    expect(existsSync(input.replace(/\.xlsx$/, '.report.xlsx'))).toBe(true);
    expect(r.stdout).toMatch(/answered \d+ of 21 question rows/);
  });
});
