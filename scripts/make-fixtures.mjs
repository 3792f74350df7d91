#!/usr/bin/env node
// Builds the sample check sheets in fixtures/ (committed; rerun only to change them).
// They imitate what customers send: a title and instructions above the header, merged category
// cells, a filled-in 記入例 row, section heading rows, a dropdown, an instructions sheet.
// Questions are written for kotae's own examples; some are answerable from the regulation, some not.
import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';

mkdirSync('fixtures', { recursive: true });

const thin = { style: 'thin', color: { argb: 'FF999999' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };
const headFill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const sectionFill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

async function sampleJa() {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Example Customer Inc.';
  const guide = wb.addWorksheet('記入要領');
  guide.getColumn(1).width = 90;
  [
    '記入要領',
    '「セキュリティチェックシート」シートの回答欄をプルダウン（○／×／△／－）から選択してください。',
    '○：対応している　×：対応していない　△：一部対応　－：該当しない',
    '×・△の場合は備考欄に理由・代替策をご記入ください。',
  ].forEach((t) => guide.addRow([t]));

  const ws = wb.addWorksheet('セキュリティチェックシート', { views: [{ state: 'frozen', ySplit: 4 }] });
  ws.columns = [{ width: 6 }, { width: 16 }, { width: 64 }, { width: 10 }, { width: 48 }];
  ws.mergeCells('A1:E1');
  ws.getCell('A1').value = 'クラウドサービス利用に関するセキュリティチェックシート';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = '御社名：';
  ws.getCell('D2').value = '記入日：';
  const header = ws.getRow(4);
  header.values = ['No.', '分類', '確認項目', '回答', '備考'];
  header.eachCell((c) => {
    c.font = { bold: true };
    c.fill = headFill;
    c.border = border;
    c.alignment = { horizontal: 'center', vertical: 'middle' };
  });
  const example = ws.getRow(5);
  example.values = ['例', '記入例', '業務用PCにウイルス対策ソフトを導入していますか。', '○', '全台に導入済みです。'];
  example.font = { color: { argb: 'FF808080' }, italic: true };

  const sections = [
    [
      '1. 組織・規程',
      [
        ['規程', '情報セキュリティに関する規程を定め、定期的に見直していますか。'],
        ['規程', '規程は従業員に周知されていますか。'],
        ['体制', '情報セキュリティの責任者を任命していますか。'],
        ['認証', 'ISMS（ISO/IEC 27001）認証を取得していますか。'],
        ['教育', '従業員に対して定期的にセキュリティ教育を実施していますか。'],
      ],
    ],
    [
      '2. アカウント・アクセス管理',
      [
        ['アカウント', '共有アカウントを使用していますか。'],
        ['アカウント', '退職者や異動者のアカウントは速やかに削除していますか。'],
        ['権限', 'アクセス権限の棚卸しを定期的に実施していますか。'],
        ['認証', '管理者アカウントに多要素認証を設定していますか。'],
        ['認証', 'パスワードの最低文字数を8文字以上としていますか。'],
        ['特権', '特権IDを運用担当者に付与していますか。'],
      ],
    ],
    [
      '3. 運用・インシデント',
      [
        ['脆弱性', '脆弱性診断を定期的に実施していますか。'],
        ['脆弱性', '重大な脆弱性が発見された場合、速やかに対応する期限を定めていますか。'],
        ['ログ', '監査ログを取得していますか。'],
        ['ログ', 'ログを1年以上保管していますか。'],
        ['インシデント', 'セキュリティインシデント発生時に利用者へ通知する体制がありますか。'],
        ['バックアップ', 'バックアップを日次で取得していますか。'],
        ['暗号化', '通信はTLS1.2以上で暗号化されていますか。'],
      ],
    ],
    [
      '4. 物理・環境',
      [
        ['物理', '自社でサーバ室を保有していますか。'],
        ['環境', '本番環境と開発環境は分離されていますか。'],
        ['データ', '他の利用者のデータと論理的に分離して管理していますか。'],
      ],
    ],
  ];
  let no = 1;
  let r = 6;
  for (const [title, items] of sections) {
    ws.mergeCells(`A${r}:E${r}`);
    const cell = ws.getCell(`A${r}`);
    cell.value = title;
    cell.font = { bold: true };
    cell.fill = sectionFill;
    r++;
    let groupStart = r;
    let groupName = items[0][0];
    items.forEach(([cat, q], i) => {
      const row = ws.getRow(r);
      row.getCell(1).value = no++;
      if (cat !== groupName) {
        if (r - 1 > groupStart) ws.mergeCells(`B${groupStart}:B${r - 1}`);
        groupStart = r;
        groupName = cat;
      }
      if (r === groupStart) row.getCell(2).value = cat;
      row.getCell(3).value = q;
      for (let c = 1; c <= 5; c++) {
        row.getCell(c).border = border;
        row.getCell(c).alignment = { wrapText: true, vertical: 'top' };
      }
      row.getCell(4).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: ['"○,×,△,－"'],
        showErrorMessage: true,
        errorTitle: '入力エラー',
        error: 'プルダウンから選択してください',
      };
      row.getCell(4).alignment = { horizontal: 'center', vertical: 'top' };
      r++;
      if (i === items.length - 1 && r - 1 > groupStart) ws.mergeCells(`B${groupStart}:B${r - 1}`);
    });
  }
  ws.getCell(`A${r + 1}`).value = '以上';
  ws.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' };

  const contact = wb.addWorksheet('連絡先');
  contact.addRow(['項目', '内容']);
  contact.addRow(['会社名', '']);
  contact.addRow(['ご担当者', '']);
  await wb.xlsx.writeFile('fixtures/sample-checksheet-ja.xlsx');
}

async function sampleEn() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Vendor Questionnaire');
  const lists = wb.addWorksheet('Lists', { state: 'hidden' });
  ['Yes', 'No', 'N/A'].forEach((v) => lists.addRow([v]));
  ws.columns = [{ width: 8 }, { width: 18 }, { width: 70 }, { width: 12 }, { width: 50 }];
  ws.getCell('A1').value = 'Vendor Security Questionnaire';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = 'Select Yes, No or N/A in the Answer column; explain in Comments.';
  ws.getRow(4).values = ['ID', 'Domain', 'Question', 'Answer', 'Comments'];
  ws.getRow(4).font = { bold: true };
  const qs = [
    ['Governance', 'Is there an information security policy that is reviewed at least annually?'],
    ['Governance', 'Do all employees receive security awareness training every year?'],
    ['Access', 'Are shared user accounts prohibited?'],
    ['Access', 'Is multi-factor authentication required for administrative access?'],
    ['Access', 'Are user access rights reviewed at least once a year?'],
    ['Operations', 'Are critical vulnerabilities remediated within 24 hours?'],
    ['Operations', 'Do you hold a current SOC 2 Type II report?'],
    ['Operations', 'Are audit logs enabled on the systems you use?'],
    ['Operations', 'Is customer data encrypted at rest with AES-256?'],
    ['Resilience', 'Is data stored redundantly across availability zones?'],
  ];
  qs.forEach(([domain, q], i) => {
    const row = ws.getRow(5 + i);
    row.values = [`Q${i + 1}`, domain, q];
    row.getCell(4).dataValidation = { type: 'list', allowBlank: true, formulae: ['Lists!$A$1:$A$3'] };
    row.getCell(3).alignment = { wrapText: true };
  });
  await wb.xlsx.writeFile('fixtures/vendor-questionnaire-en.xlsx');
}

await sampleJa();
await sampleEn();
console.log('wrote fixtures/sample-checksheet-ja.xlsx, fixtures/vendor-questionnaire-en.xlsx');
