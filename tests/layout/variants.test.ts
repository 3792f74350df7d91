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

  it('a dropdown worded as implementation status: 実施している / 一部実施している / 実施していない / 該当しない', async () => {
    const l = await layoutOf((wb) => {
      const ws = wb.addWorksheet('対策状況');
      ws.getRow(3).values = ['No.', '確認項目', '対策状況', '補足'];
      QS.forEach((q, i) => {
        ws.getRow(4 + i).values = [i + 1, q];
        ws.getCell(`C${4 + i}`).dataValidation = { type: 'list', formulae: ['"実施している,一部実施している,実施していない,該当しない"'] };
      });
    });
    expect(l.vocab).toMatchObject({ source: 'dropdown', map: { yes: '実施している', partial: '一部実施している', no: '実施していない', na: '該当しない' } });
  });

  it('answer words stated only in an instruction sentence above the header', async () => {
    const l = await layoutOf((wb) => {
      const ws = wb.addWorksheet('確認表');
      ws.getCell('A2').value = '各確認内容について、「回答」欄に「はい」「いいえ」「該当なし」のいずれかを記入してください。';
      ws.getCell('A3').value = '※「いいえ」と回答した項目は、コメント欄に今後の対応予定をご記入ください。';
      ws.getRow(5).values = ['No', '確認内容', '回答', 'コメント'];
      QS.forEach((q, i) => (ws.getRow(6 + i).values = [i + 1, q]));
    });
    expect(l.vocab).toMatchObject({ source: 'legend', map: { yes: 'はい', no: 'いいえ', na: '該当なし' } });
    expect(l.vocab.map.partial).toBeUndefined();
  });

  it('a status legend in words (対応済／一部対応／未対応／対象外), and a 設問の補足 column that is not the question', async () => {
    const l = await layoutOf((wb) => {
      const ws = wb.addWorksheet('質問票');
      ws.getCell('A2').value = '対応状況欄には「対応済／一部対応／未対応／対象外」のいずれかをご記入ください。';
      ws.getRow(4).values = ['項番', '質問内容', '設問の補足', '対応状況', '回答根拠'];
      QS.forEach((q, i) => {
        // the questionnaire's own definitions: far longer than the questions
        ws.getRow(5 + i).values = [i + 1, q, `${q}とは、当社の定義では次のすべてを満たすことをいいます。`.repeat(4)];
      });
    });
    expect(cols(l)).toBe('BDE');
    expect(l.vocab).toMatchObject({ source: 'legend', map: { yes: '対応済', partial: '一部対応', no: '未対応', na: '対象外' } });
  });

  it('a question that quotes an answer word is not a legend; a symbol legend wins over words', async () => {
    const l = await layoutOf((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.getCell('A2').value = '記入方法　○：対応している　×：対応していない　－：該当しない';
      ws.getRow(4).values = ['No', '質問', '回答', '備考'];
      QS.forEach((q, i) => (ws.getRow(5 + i).values = [i + 1, q]));
      ws.getRow(10).values = [6, '「はい」「いいえ」で答えられない場合は理由を書いていますか。'];
    });
    expect(l.vocab).toMatchObject({ source: 'legend', map: { yes: '○', no: '×', na: '－' } });
  });

  it('an answer scale kotae cannot read is refused with a hint naming --vocab, never a silent default', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('評価');
    ws.getRow(3).values = ['No', '質問', '回答', '備考'];
    QS.forEach((q, i) => {
      ws.getRow(4 + i).values = [i + 1, q];
      ws.getCell(`C${4 + i}`).dataValidation = { type: 'list', formulae: ['"レベル0,レベル1,レベル2,レベル3"'] };
    });
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const [verdict] = detectLayouts(readWorkbook(bytes));
    expect(verdict).toMatchObject({ questionnaire: false });
    expect(verdict && !verdict.questionnaire && verdict.reason).toMatch(/not a yes\/no scale.*--vocab "yes=レベル0,no=レベル1"/u);
  });
});
