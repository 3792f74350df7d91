import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLayouts } from '../../src/layout/detect-layout.js';
import type { SheetLayout } from '../../src/layout/types.js';
import { colToLetters } from '../../src/workbook/refs.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { EVAL, FIXTURES, REAL, SKIP_SHARED, describeShared, devSpec, readBytes } from '../helpers.js';

function layouts(path: string): SheetLayout[] {
  return detectLayouts(readWorkbook(readBytes(path))).flatMap((v) => (v.questionnaire ? [v.layout] : []));
}

function one(path: string, sheet: string): SheetLayout {
  const l = layouts(path).find((x) => x.sheet === sheet);
  if (!l) throw new Error(`${sheet} not detected as a questionnaire in ${path}`);
  return l;
}

function letters(l: SheetLayout) {
  const c = l.columns;
  return {
    id: c.id === undefined ? undefined : colToLetters(c.id),
    question: colToLetters(c.question),
    answer: colToLetters(c.answer),
    remarks: c.remarks === undefined ? undefined : colToLetters(c.remarks),
  };
}

// read only when ../shared is there (a clone on its own skips these; see tests/helpers.ts)
const SETS: { name: string; dir: string; workbooks: ReturnType<typeof devSpec>['workbooks'] }[] = SKIP_SHARED
  ? []
  : [
      { name: 'dev.json', dir: EVAL, workbooks: devSpec().workbooks },
      { name: 'real-ja/real-ja.json', dir: join(EVAL, 'real-ja'), workbooks: labelledSet(join(EVAL, 'real-ja', 'real-ja.json')) },
    ];

describe.each(SETS)('layout of the labelled eval sheets ($name)', ({ dir, workbooks }) => {
  for (const wb of workbooks) {
    it(`${wb.file}: header, columns, question rows, vocabulary`, () => {
      const all = layouts(join(dir, wb.file));
      expect(all.map((l) => l.sheet)).toEqual([wb.sheet]);
      const l = all[0] as SheetLayout;
      expect(l.headerRow).toBe(wb.header_row);
      const c = letters(l);
      expect([c.question, c.answer, c.remarks]).toEqual([wb.question_col, wb.answer_col, wb.remarks_col]);
      expect(l.questionRows.map((q) => q.row)).toEqual(wb.rows.map((r) => r.row));
      expect(l.language).toBe(wb.language);
      // every canonical answer the sheet accepts is written with the sheet's own item
      for (const [text, canon] of Object.entries(wb.vocab)) expect(l.vocab.map[canon as 'yes']).toBe(text);
      if (wb.answer_list) expect(l.vocab.items).toEqual(wb.answer_list);
      // the customer's example row and section headings are never question rows
      for (const r of wb.untouched_rows) expect(l.questionRows.some((q) => q.row === r)).toBe(false);
    });
  }
});

function labelledSet(path: string): ReturnType<typeof devSpec>['workbooks'] {
  const spec = JSON.parse(readFileSync(path, 'utf8')) as { workbooks: ReturnType<typeof devSpec>['workbooks'] };
  // real-ja labels carry no language: every sheet of the set is Japanese
  return spec.workbooks.map((w) => ({ ...w, language: w.language ?? 'ja' }));
}

describeShared('layout of real questionnaires (shared/real-sheets)', () => {
  it('CAIQ v4.0.3 blank: header row 2, B question, C answer (Yes/No/NA), E remarks, 261 rows', () => {
    const l = one(join(REAL, 'csa/CAIQv4.0.3_STAR-Security-Questionnaire_Generated-at_2024-06-03.xlsx'), 'CAIQv4.0.3');
    expect(l.headerRow).toBe(2);
    expect(letters(l)).toEqual({ id: 'A', question: 'B', answer: 'C', remarks: 'E' });
    expect(l.questionRows.map((q) => q.row)).toEqual(Array.from({ length: 261 }, (_, i) => i + 3));
    expect(l.vocab.items).toEqual(['Yes', 'No', 'NA']);
    expect(l.questionRows[0]?.id).toBe('A&A-01.1');
  });

  it('CAIQ completed by a vendor: same layout, every row already answered, none to fill', () => {
    const l = one(join(REAL, 'csa/CAIQv4.0.3_WhitePact_completed.xlsx'), 'CAIQv4.0.3');
    expect(letters(l)).toEqual({ id: 'A', question: 'B', answer: 'C', remarks: 'E' });
    expect(l.questionRows).toEqual([]);
    expect(l.skippedRows.filter((s) => s.reason === 'filled')).toHaveLength(261);
    expect(l.vocab.items).toEqual(['Yes', 'No', 'NA']);
  });

  it('CCM control catalogue: no questionnaire anywhere', () => {
    expect(layouts(join(REAL, 'csa/CCMv4.0.12_Generated-at_2024-06-03.xlsx'))).toEqual([]);
  });

  it('HECVAT 4.1.4: the vendor tabs, header repeated per section, x14 dropdown from a hidden sheet', () => {
    const path = join(REAL, 'hecvat/HECVAT414.xlsx');
    const names = layouts(path).map((l) => l.sheet);
    expect(names).toEqual(['START HERE', 'Organization', 'Product', 'Infrastructure', 'IT Accessibility', 'Case-Specific', 'AI', 'Privacy']);
    const org = one(path, 'Organization');
    expect(letters(org)).toEqual({ id: 'A', question: 'B', answer: 'C', remarks: 'D' });
    expect(org.headerRow).toBe(21);
    expect(org.headerRows.length).toBeGreaterThan(1);
    expect(org.questionRows[0]).toMatchObject({ row: 22, id: 'DOCU-01' });
    expect(org.vocab.map).toMatchObject({ yes: 'Yes', no: 'No' });
    // the general-information fields above the first section (GNRL-01..08) are not questions
    expect(org.questionRows.every((q) => q.row > 21)).toBe(true);
  });

  it('HECVAT 3 (completed by OpenDSA): HECVAT - Full, answers in C, remarks in D, only blank rows to fill', () => {
    const path = join(REAL, 'hecvat/HECVAT3_OpenDSA_20220830.xlsx');
    expect(layouts(path).map((l) => l.sheet)).toEqual(['HECVAT - Full']);
    const l = one(path, 'HECVAT - Full');
    expect(l.headerRow).toBe(24);
    expect(letters(l)).toEqual({ id: 'A', question: 'B', answer: 'C', remarks: 'D' });
    expect(l.skippedRows.filter((s) => s.reason === 'filled').length).toBeGreaterThan(100);
    // rows answered by the vendor are left alone
    expect(l.questionRows.some((q) => q.row === 26)).toBe(false);
  });

  it('OWASP mobile checklist (ja): requirement sheets, F 結果 with Pass/Fail/N/A, H 備考, category rows skipped', () => {
    const path = join(REAL, 'owasp-ja/Mobile_App_Security_Checklist-Japanese.xlsx');
    const l = one(path, 'Security Requirements - Android');
    expect(l.headerRow).toBe(3);
    expect(letters(l)).toEqual({ id: 'B', question: 'C', answer: 'F', remarks: 'H' });
    expect(l.vocab.items).toEqual(['Pass', 'Fail', 'N/A']);
    expect(l.language).toBe('ja');
    expect(l.questionRows[0]).toMatchObject({ row: 5, id: '1.1' });
    expect(l.questionRows.some((q) => q.row === 4)).toBe(false); // V1 heading
    expect(one(path, 'Security Requirements - iOS').columns.answer).toBe(6);
    expect(layouts(path).map((l) => l.sheet)).not.toContain('Dashboard');
  });

  it("real IPA / PPC checklists: every answer scale read, in the sheet's own words", () => {
    const vocab = (file: string) => layouts(join(REAL, 'ja-ipa', file)).map((l) => l.vocab.map);
    expect(vocab('ipa-taisaku-jokyo-check-ja.xlsx')).toEqual([{ yes: '実施している', partial: '一部実施している', no: '実施していない', na: '該当しない' }]);
    expect(vocab('ipa-jinzai-guide-taisaku-ja.xlsx')).toEqual([{ yes: 'はい', no: 'いいえ', na: '該当なし' }]);
    expect(vocab('ppc-kojin-joho-checklist-ja.xlsx')).toEqual([{ yes: '○', no: '×', na: '－' }]);
    expect(vocab('ipa-5min-jisha-shindan-ja.xlsx')).toEqual([{ yes: '○', no: '×', partial: '△', na: '－' }]);
  });

  it('Japanese sheets built from METI and IPA lists: dropdown and legend vocabularies', () => {
    const meti = one(join(REAL, 'ja-built/meti-cloud-service-level-checklist-ja.xlsx'), 'チェックリスト');
    expect(meti.headerRow).toBe(5);
    expect(letters(meti)).toMatchObject({ question: 'D', answer: 'F', remarks: 'G' });
    expect(meti.questionRows).toHaveLength(49);
    expect(meti.vocab.map).toEqual({ yes: '○', no: '×', partial: '△', na: '－' });
    const ipa = one(join(REAL, 'ja-built/ipa-web-security-checklist-ja.xlsx'), 'Webアプリ');
    expect(letters(ipa)).toMatchObject({ question: 'D', answer: 'F', remarks: 'G' });
    expect(ipa.questionRows).toHaveLength(47);
    expect(ipa.vocab.source).toBe('legend');
    expect(ipa.vocab.map).toEqual({ yes: '○', no: '×', na: '－' });
  });

  it('the shipped sample sheet: example row and section rows are not questions', () => {
    const l = one(join(FIXTURES, 'sample-checksheet-ja.xlsx'), 'セキュリティチェックシート');
    expect(l.headerRow).toBe(4);
    expect(l.skippedRows.find((s) => s.row === 5)?.reason).toBe('example');
    expect(l.questionRows.map((q) => q.row)).not.toContain(6);
    expect(l.questionRows).toHaveLength(21);
    // the merged category cell reaches every row it spans
    expect(l.questionRows.find((q) => q.row === 8)?.category).toContain('規程');
  });
});
