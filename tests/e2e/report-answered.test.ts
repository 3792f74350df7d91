/**
 * The report's list of answered rows lets a person check each answer at a glance: the bank
 * phrasing the question matched, and another entry that scored about as well (same answer, but its
 * remarks and citation may fit the question better).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadBank } from '../../src/node/load-bank.js';
import { buildIndex } from '../../src/match/match-index.js';
import { MARGIN } from '../../src/match/thresholds.js';
import { planAnswers } from '../../src/plan/plan-answers.js';
import { buildReport } from '../../src/report/build-report.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { describeShared, EVAL, kotae, readBytes, ROOT, tempDir } from '../helpers.js';

const bank = loadBank(join(ROOT, 'answer-bank'));
const index = buildIndex(bank);

describeShared('answered rows in the report', () => {
  const plans = ['saas-checksheet-ja.xlsx', 'sig-lite-questionnaire-en.xlsx', 'requirements-confirmation-ja.xlsx'].map((f) =>
    planAnswers(readWorkbook(readBytes(join(EVAL, f))), index),
  );

  it('carry the matched phrasing of their own entry, and a close alternative exactly when one is within MARGIN', () => {
    let withAlternative = 0;
    let answered = 0;
    for (const plan of plans) {
      const report = buildReport(plan, { input: 'in.xlsx', output: 'out.xlsx', bank: 'answer-bank', now: new Date() });
      const results = plan.results.filter((r) => r.status === 'answered');
      expect(report.answered).toHaveLength(results.length);
      report.answered.forEach((a, i) => {
        const r = results[i]!;
        answered++;
        expect(r.entry?.questions).toContain(a.phrasing);
        const close = r.candidates.filter((c) => c.entry !== r.entry && r.score - c.score < MARGIN).map((c) => c.entry.id);
        expect(a.alsoClose?.map((c) => c.entry) ?? [], `${a.question} → ${a.entry}`).toEqual(close);
        if (a.alsoClose) {
          withAlternative++;
          expect(a.alsoClose.length).toBeGreaterThan(0);
          for (const c of a.alsoClose) {
            expect(c.entry).not.toBe(a.entry);
            expect(r.score - c.score).toBeLessThan(MARGIN + 0.001);
            expect(bank.entries.find((e) => e.id === c.entry)?.questions).toContain(c.phrasing);
          }
        }
      });
    }
    expect(answered).toBeGreaterThan(50);
    // some, not most: the list is for a glance, not a second review
    expect(withAlternative).toBeGreaterThan(0);
    expect(withAlternative).toBeLessThan(answered / 3);
  });

  it('show both in the xlsx report', () => {
    const dir = tempDir('kotae-report-');
    const r = kotae(['answer', join(EVAL, 'saas-checksheet-ja.xlsx'), '-o', join(dir, 'out.xlsx')]);
    expect(r.code, r.stderr).toBe(0);
    const close = buildReport(plans[0]!, { input: '', output: '', bank: '', now: new Date() }).answered.filter((a) => a.alsoClose).length;
    expect(close).toBeGreaterThan(0);
    expect(r.stdout).toContain(`${close} answered ${close === 1 ? 'row' : 'rows'} had another bank entry about as close`);
    const wb = readWorkbook(new Uint8Array(readFileSync(join(dir, 'out.report.xlsx'))));
    // a Japanese sheet: the report speaks Japanese (回答済み = Answered)
    const sheet = wb.sheets.find((s) => s.name === '回答済み')!;
    const text = (row: number, col: number) => sheet.rows.get(row)?.get(col)?.text ?? '';
    const header = Array.from({ length: 10 }, (_, c) => text(1, c + 1));
    expect(header).toEqual(['シート', '行', '項番', '質問', '一致した登録質問', '回答', '登録項目', '根拠', 'スコア', '近い他の項目（備考が合うか確認）']);
    const rows = [...sheet.rows.keys()].filter((k) => k > 1);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const entry = bank.entries.find((e) => e.id === text(row, 7));
      expect(entry?.questions, `row ${row}`).toContain(text(row, 5));
    }
    expect(rows.some((row) => /^[\w.-]+ \(0\.\d\d\): /.test(text(row, 10)))).toBe(true);
    // every line of the column is one close entry
    for (const row of rows) for (const line of text(row, 10).split('\n').filter(Boolean)) expect(line).toMatch(/^[\w.-]+ \(0\.\d\d\): ./);
  });
});
