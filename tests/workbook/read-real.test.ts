import { expect, it } from 'vitest';
import { cellText, isColHidden, listSheets, readWorkbook } from '../../src/workbook/read-workbook.js';
import type { SheetModel } from '../../src/workbook/model.js';
import { describeShared } from '../helpers.js';
import { evalSheet, EVAL_FILES, real, REAL_FILES, sheet, text } from './helpers.js';

function listAt(s: SheetModel, row: number, col: number): string[] | null | undefined {
  const dv = s.validations.find((v) => v.type === 'list' && v.ranges.some((r) => row >= r.r1 && row <= r.r2 && col >= r.c1 && col <= r.c2));
  return dv ? dv.items : undefined;
}

describeShared('HECVAT 4.1.4', () => {
  const wb = readWorkbook(real(REAL_FILES.hecvat4));
  const org = sheet(wb, 'Organization');

  it('reads the question text and sheet states', () => {
    expect(wb.kind).toBe('xlsx');
    expect(wb.sheets).toHaveLength(15);
    expect(text(org, 'B22')).toMatch(/^Do you have a well-documented business continuity plan/);
    expect(text(org, 'A22')).toBe('DOCU-01');
    expect(sheet(wb, 'Questions').state).toBe('hidden');
    expect(sheet(wb, 'Auto Responses').state).toBe('hidden');
    expect(org.state).toBe('visible');
    expect(org.part).toBe('xl/worksheets/sheet2.xml');
  });

  it('resolves the x14 dropdown on C through the hidden Auto Responses sheet', () => {
    expect(listAt(org, 22, 3)).toEqual(['Yes', 'No']);
    expect(listAt(org, 30, 3)).toEqual(['Yes', 'No', 'N/A']);
    const dv = org.validations.find((v) => v.origin === 'x14');
    expect(dv?.formula).toBe("'Auto Responses'!$J$3:$J$4");
    const infra = sheet(wb, 'Infrastructure');
    expect(listAt(infra, 35, 3)).toEqual(['Self-Managed', 'Physical Co-Location', 'Virtual Co-Location', 'AWS', 'Azure', 'GCP', 'Hybrid/Other']);
  });

  it('knows hidden rows and the huge hidden column range', () => {
    expect(org.hiddenRows.has(1)).toBe(true);
    expect(org.hiddenRows.has(70)).toBe(true);
    expect(org.hiddenRows.has(22)).toBe(false);
    for (const c of [8, 12, 13, 16384]) expect(isColHidden(org, c)).toBe(true);
    expect(isColHidden(org, 3)).toBe(false);
    expect(org.hiddenCols.has(1024)).toBe(true);
    expect(org.hiddenCols.has(16384)).toBe(false); // beyond the expanded bound: ask isColHidden
    expect(org.hiddenColRanges).toContainEqual({ min: 13, max: 16384 });
  });

  it('formula cells are flagged', () => {
    const cells = [...org.rows.values()].flatMap((r) => [...r.values()]);
    expect(cells.some((c) => c.formula && c.col === 5)).toBe(true);
  });

  it('lists sheets without parsing them, and can parse just some', () => {
    expect(listSheets(real(REAL_FILES.hecvat4)).map((s) => s.name)).toContain('(backend scoring)');
    const only = readWorkbook(real(REAL_FILES.hecvat4), { sheets: ['Organization'] });
    expect(only.sheets.map((s) => s.name)).toEqual(['Organization']);
    // the list still resolves against the hidden sheet that was not asked for
    expect(listAt(only.sheets[0]!, 22, 3)).toEqual(['Yes', 'No']);
    expect(() => readWorkbook(real(REAL_FILES.hecvat4), { sheets: ['Nope'] })).toThrow(expect.objectContaining({ code: 'SHEET_NOT_FOUND' }));
  });
});

describeShared('HECVAT 3 (OpenDSA)', () => {
  const wb = readWorkbook(real(REAL_FILES.hecvat3));
  const full = sheet(wb, 'HECVAT - Full');

  it('resolves the list through defined name yes despite #REF! duplicates', () => {
    const dv = full.validations.find((v) => v.formula === 'yes');
    expect(dv?.items).toEqual(['Yes', 'No']);
    expect(full.validations.find((v) => v.formula === 'uptime')?.items).toEqual(['Tier I', 'Tier II', 'Tier III', 'Tier IV', 'N/A']);
    expect(wb.definedNames.some((n) => n.formula.includes('#REF!'))).toBe(false);
    expect(wb.definedNames.find((n) => n.name === 'yesna')?.formula).toBe('Values!$A$4:$A$6');
    expect(full.validations.find((v) => v.formula === 'Values!$C$26:$C$29')?.items).toEqual(['1) Yes', '2) No', '3) Both modes available', '4) N/A']);
  });

  it('shows date serials as dates and keeps merges', () => {
    expect(text(full, 'C3')).toBe('2022-08-30');
    expect(full.merges).toContainEqual({ r1: 3, c1: 3, r2: 3, c2: 5 });
    expect(sheet(wb, 'Values').state).toBe('hidden');
    expect(full.maxCol).toBeLessThan(10); // dimension says A1:IV285
  });
});

describeShared('CAIQ v4.0.3', () => {
  it('blank: question text, dropdowns, cells beyond the dimension', () => {
    const s = sheet(readWorkbook(real(REAL_FILES.caiqBlank)), 'CAIQv4.0.3');
    expect(text(s, 'B3')).toMatch(/^Are audit and assurance policies, procedures, and standards/);
    expect(text(s, 'A3')).toBe('A&A-01.1');
    expect(listAt(s, 3, 3)).toEqual(['Yes', 'No', 'NA']);
    expect(listAt(s, 263, 4)).toEqual(['CSP-owned', 'CSC-owned', '3rd-party outsourced', 'Shared CSP and CSC', 'Shared CSP and 3rd-party']);
    expect(text(s, 'I3')).toBe('A&A-01');
    expect(text(s, 'L3')).toBe('Audit & Assurance');
    expect(s.maxCol).toBe(12);
    expect(s.merges).toHaveLength(611);
    expect(s.merges).toContainEqual({ r1: 3, c1: 12, r2: 10, c2: 12 });
    expect(text(s, 'C3')).toBe('');
  });

  it('completed by openpyxl: inline strings, no sharedStrings', () => {
    const s = sheet(readWorkbook(real(REAL_FILES.caiqDone)), 'CAIQv4.0.3');
    expect(s.rows.get(3)?.get(3)).toMatchObject({ text: 'Yes', type: 'inlineStr' });
    expect(text(s, 'D3')).toBe('CSP-owned');
    expect(text(s, 'E3').length).toBeGreaterThan(10);
    expect(listAt(s, 3, 3)).toEqual(['Yes', 'No', 'NA']);
  });
});

describeShared('OWASP mobile checklist (ja)', () => {
  const wb = readWorkbook(real(REAL_FILES.owaspMobile));
  const s = sheet(wb, 'Security Requirements - Android');

  it('drops furigana runs', () => {
    expect(text(s, 'F3')).toBe('結果');
    expect(text(s, 'C3')).toBe('検証要件の内容');
    expect(text(s, 'H3')).toBe('備考');
    const all = wb.sheets.flatMap((x) => [...x.rows.values()].flatMap((r) => [...r.values()].map((c) => c.text)));
    expect(all.some((t) => t.includes('ケッカ'))).toBe(false);
  });

  it('shows float ids as displayed', () => {
    const anti = sheet(wb, 'Anti-RE - Android'); // B6 is stored as 8.1999999999999993
    expect(text(anti, 'B6')).toBe('8.2');
    const ids = wb.sheets.flatMap((x) => [...x.rows.values()].map((r) => r.get(2)?.text ?? ''));
    expect(ids).toContain('1.10');
    expect(ids.some((t) => /\d\.\d{5,}/.test(t))).toBe(false);
  });

  it('has the Pass,Fail,N/A list on F', () => {
    expect(listAt(s, 5, 6)).toEqual(['Pass', 'Fail', 'N/A']);
    expect(listAt(s, 74, 6)).toEqual(['Yes', 'No', 'N/A']);
    expect(listAt(sheet(wb, 'Anti-RE - Android'), 5, 5)).toEqual(['Pass', 'Fail', 'N/A']);
    expect(sheet(wb, 'Dashboard').hiddenRows.has(8)).toBe(true);
  });
});

describeShared('DevSecOps verification standard (ja)', () => {
  const wb = readWorkbook(real(REAL_FILES.devsecops));
  const s = sheet(wb, 'Interview');
  it('resolves the LevelNames defined name and keeps two-row merges', () => {
    expect(text(s, 'G1')).toBe('現状');
    expect(listAt(s, 3, 7)?.length ?? listAt(s, 4, 7)?.length).toBe(4);
    const dv = s.validations.find((v) => v.formula === 'LevelNames');
    expect(dv?.items).toEqual(['レベル 0', 'レベル 1', 'レベル 2', 'レベル 3']);
    expect(s.merges).toHaveLength(87);
    expect(s.merges).toContainEqual({ r1: 3, c1: 1, r2: 4, c2: 1 });
    expect(s.maxRow).toBeLessThan(1008);
  });
});

describeShared('CCM and ja-built sheets', () => {
  it('reads CCM (no dropdowns anywhere) with its merged group headers', () => {
    const wb = readWorkbook(real(REAL_FILES.ccm));
    expect(wb.sheets.map((x) => x.name)).toContain('Scope Applicability (Mappings)');
    const ccm = sheet(wb, 'CCM');
    expect(ccm.merges).toContainEqual({ r1: 2, c1: 6, r2: 2, c2: 8 });
    expect(wb.sheets.every((x) => x.validations.every((v) => v.type !== 'list'))).toBe(true);
  });

  it('METI checklist: ○,×,△,－ inline list on F', () => {
    const s = sheet(readWorkbook(real(REAL_FILES.meti)), 'チェックリスト');
    expect(s.validations.some((v) => JSON.stringify(v.items) === JSON.stringify(['○', '×', '△', '－']))).toBe(true);
    expect(s.merges.length).toBeGreaterThan(4);
  });

  it('IPA checklist has no dropdown', () => {
    const s = sheet(readWorkbook(real(REAL_FILES.ipa)), 'Webアプリ');
    expect(s.validations.filter((v) => v.type === 'list')).toHaveLength(0);
    expect(cellText(s, 5, 4)).not.toBe('');
  });
});

describeShared('eval sheets', () => {
  it('security-questions-ja: dropdown from the hidden リスト sheet keeps its code points', () => {
    const wb = readWorkbook(evalSheet('security-questions-ja.xlsx'));
    expect(sheet(wb, 'リスト').state).toBe('hidden');
    const dv = sheet(wb, 'セキュリティ質問').validations.find((v) => v.type === 'list');
    expect(dv?.formula).toBe("'リスト'!$A$1:$A$4");
    expect(dv?.items).toEqual(['\u25EF', '\u2715', '\u25B3', '\u30FC']);
  });

  it('the other eval sheets have their inline lists', () => {
    const items = (f: string, s: string) => sheet(readWorkbook(evalSheet(f)), s).validations.find((v) => v.type === 'list')?.items;
    expect(items('requirements-confirmation-ja.xlsx', '要求事項確認書')).toEqual(['可', '否', '一部可', '対象外']);
    expect(items('sig-lite-questionnaire-en.xlsx', 'Security Questions')).toEqual(['Yes', 'No', 'Partial', 'Not Applicable']);
    expect(items('saas-checksheet-ja.xlsx', 'チェックシート')).toBeUndefined();
  });

  it('all read quickly', () => {
    for (const f of EVAL_FILES) expect(readWorkbook(evalSheet(f)).sheets.length).toBeGreaterThan(1);
  });
});
