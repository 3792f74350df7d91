/**
 * Layout variants customers send, built here with exceljs: other header names, a two-row header,
 * long instruction blocks, merged question cells, legends, Y/N scales.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { detectLayouts } from '../../src/layout/detect-layout.js';
import type { SheetLayout } from '../../src/layout/types.js';
import { colToLetters } from '../../src/workbook/refs.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';

const QS = [
  '情報セキュリティ基本方針を定めていますか。',
  '退職者のアカウントは速やかに削除していますか。',
  '管理者アカウントに多要素認証を設定していますか。',
  '脆弱性診断を定期的に実施していますか。',
  '監査ログを取得していますか。',
];

async function layoutOf(build: (wb: ExcelJS.Workbook) => void): Promise<SheetLayout> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const found = detectLayouts(readWorkbook(bytes)).flatMap((v) => (v.questionnaire ? [v.layout] : []));
  expect(found).toHaveLength(1);
  return found[0] as SheetLayout;
}

function cols(l: SheetLayout) {
  const c = l.columns;
  return [c.question, c.answer, c.remarks].map((n) => (n === undefined ? '-' : colToLetters(n))).join('');
}

describe('layout variants', () => {
  it('a two-row header: 回答 merged over 可否 and 備考', async () => {
    const l = await layoutOf((wb) => {
      const ws = wb.addWorksheet('シート1');
      ws.getCell('A1').value = 'セキュリティ確認シート';
      ws.getRow(4).values = ['No', '分類', '確認事項', null, '回答', null];
      ws.mergeCells('E4:F4');
      ws.getRow(5).values = [null, null, null, null, '可否', '備考'];
      QS.forEach((q, i) => {
        ws.getRow(6 + i).values = [i + 1, '管理', q];
        ws.getCell(`E${6 + i}`).dataValidation = { type: 'list', formulae: ['"はい,いいえ,該当なし"'] };
      });
    });
    expect(cols(l)).toBe('CEF');
    expect(l.questionRows.map((q) => q.row)).toEqual([6, 7, 8, 9, 10]);
    expect(l.vocab.map).toEqual({ yes: 'はい', no: 'いいえ', na: '該当なし' });
  });

  it('a header below a long instruction block, named チェック項目 / 回答欄 / 補足', async () => {
    const l = await layoutOf((wb) => {
      const ws = wb.addWorksheet('確認票');
      for (let r = 1; r <= 9; r++) ws.getCell(`A${r}`).value = `注意事項${r}：ご回答の際は以下をご確認ください。`;
      ws.getRow(10).values = ['項番', 'チェック項目', '回答欄', '補足'];
      QS.forEach((q, i) => (ws.getRow(11 + i).values = [`${i + 1}`, q]));
    });
    expect(l.headerRow).toBe(10);
    expect(cols(l)).toBe('BCD');
    expect(l.vocab.source).toBe('default');
  });

  it('English Control / Vendor Response / Comments with a Y,N,N/A dropdown', async () => {
    const l = await layoutOf((wb) => {
      const ws = wb.addWorksheet('Assessment');
      ws.getRow(2).values = ['#', 'Domain', 'Control', 'Vendor Response', 'Comments'];
      ['Is there a documented information security policy?', 'Is MFA enforced for administrators?', 'Are audit logs enabled?'].forEach((q, i) => {
        ws.getRow(3 + i).values = [i + 1, 'Access', q];
        ws.getCell(`D${3 + i}`).dataValidation = { type: 'list', formulae: ['"Y,N,N/A"'] };
      });
    });
    expect(cols(l)).toBe('CDE');
    expect(l.language).toBe('en');
    expect(l.vocab.map).toEqual({ yes: 'Y', no: 'N', na: 'N/A' });
  });

  it('内容 / 対応状況 / コメント starting in column B, with a legend of ○ and ×', async () => {
    const l = await layoutOf((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.getCell('B2').value = '回答は「○」「×」でご記入ください。';
      ws.getRow(4).values = [null, 'No.', '内容', '対応状況', 'コメント'];
      QS.forEach((q, i) => (ws.getRow(5 + i).values = [null, i + 1, q]));
    });
    expect(cols(l)).toBe('CDE');
    expect(l.vocab).toMatchObject({ source: 'legend', map: { yes: '○', no: '×' } });
  });

  it('question cells merged across two columns, remarks merged too: writes go to the top-left cells', async () => {
    const l = await layoutOf((wb) => {
      const ws = wb.addWorksheet('質問票');
      ws.getRow(3).values = ['No', '区分', '質問', null, '回答', '備考', null];
      ws.mergeCells('C3:D3');
      ws.mergeCells('F3:G3');
      QS.forEach((q, i) => {
        const r = 4 + i;
        ws.getRow(r).values = [i + 1, '全般', q];
        ws.mergeCells(`C${r}:D${r}`);
        ws.mergeCells(`F${r}:G${r}`);
        ws.getCell(`E${r}`).dataValidation = { type: 'list', formulae: ['"○,×,△,－"'] };
      });
    });
    expect(cols(l)).toBe('CEF');
    expect(l.questionRows[0]).toMatchObject({ row: 4, answerCell: { row: 4, col: 5 }, remarksCell: { row: 4, col: 6 } });
  });
});
