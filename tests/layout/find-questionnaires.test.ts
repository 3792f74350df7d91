import { describe, expect, it } from 'vitest';
import { questionnaireLayouts } from '../../src/layout/find-questionnaires.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { questionnaire } from '../app/fixtures.js';

describe('questionnaireLayouts', () => {
  const wb = readWorkbook(questionnaire(['共有アカウントを使用していますか', '監査ログを取得していますか'], { sheet: 'セキュリティチェックシート' }));

  it('finds the questionnaire sheet', () => {
    expect(questionnaireLayouts(wb).layouts.map((l) => l.sheet)).toEqual(['セキュリティチェックシート']);
  });

  it('a --sheet that names no sheet: SHEET_NOT_FOUND, the closest sheet and every sheet in the hint', () => {
    expect(() => questionnaireLayouts(wb, { sheet: 'チェックシー' })).toThrowError(
      expect.objectContaining({
        code: 'SHEET_NOT_FOUND',
        message: 'no sheet named "チェックシー"',
        hint: 'did you mean "セキュリティチェックシート"? sheets in this workbook: "セキュリティチェックシート"',
      }),
    );
    expect(() => questionnaireLayouts(wb, { sheet: 'Sheet1' })).toThrowError(
      expect.objectContaining({ hint: 'sheets in this workbook: "セキュリティチェックシート"' }),
    );
  });
});
