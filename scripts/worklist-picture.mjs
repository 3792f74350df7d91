#!/usr/bin/env node
// The README's picture of the worklist (docs/worklist.png), made from a real run so it stays true:
// a small customer-style check sheet in our own wording is built in a temporary folder, answered by
// the built CLI (bin/kotae.js, `npx tsc -p tsconfig.json` first) with the shipped bank, two rows are
// decided as a person would (採用 on one proposal, 回答しない on another), and LibreOffice renders the
// worklist sheet to PNG.
//
//   node scripts/worklist-picture.mjs [--out docs/worklist.png] [--keep]
//
// Needs LibreOffice with its drawing filters (Debian: apt-get install libreoffice-calc
// libreoffice-draw; Calc alone has no PNG export) and a Japanese font (fonts-noto-cjk). Run by
// hand when the worklist changes; CI does not run it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const out = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : join(root, 'docs', 'worklist.png'));
const keep = args.includes('--keep');

const { default: ExcelJS } = await import('exceljs');
const { readWorkbook } = await import(join(root, 'dist/workbook/read-workbook.js'));
const { patchWorkbook } = await import(join(root, 'dist/workbook/patch-cells.js'));

// questions in our own wording (none from ../shared): some kotae is sure of, some it proposes, some it cannot
export const QUESTIONS = [
  ['アカウント管理', '共有アカウントの利用を禁止していますか'],
  ['アカウント管理', '退職者のアカウントは速やかに削除していますか'],
  ['認証', 'パスワードを平文で保存していませんか'],
  ['認証', '管理者アカウントには多要素認証を必須としていますか'],
  ['データ保護', '社外へのデータ持ち出しを制限していますか'],
  ['データ保護', 'データセンターの所在地の国名を教えてください'],
  ['委託先管理', '委託先の管理状況を確認していますか'],
  ['人的管理', '従業員向けのセキュリティ教育を実施していますか'],
  ['認証・監査', 'ISMS認証を取得していますか'],
  ['端末管理', '私物端末の業務利用を認めていますか'],
];

const dir = mkdtempSync(join(tmpdir(), 'kotae-picture-'));
try {
  const input = join(dir, '顧客A_セキュリティチェックシート.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('チェックシート');
  ws.columns = [{ width: 6 }, { width: 14 }, { width: 50 }, { width: 8 }, { width: 40 }];
  ws.addRow(['セキュリティチェックシート']).font = { bold: true, size: 14 };
  ws.addRow([]);
  const head = ws.addRow(['No.', '分類', '確認項目', '回答', '備考']);
  head.font = { bold: true };
  QUESTIONS.forEach(([category, q], i) => {
    const row = ws.addRow([i + 1, category, q, null, null]);
    row.getCell(4).dataValidation = { type: 'list', allowBlank: true, formulae: ['"○,×,△,－"'] };
  });
  await wb.xlsx.writeFile(input);

  const answered = spawnSync(process.execPath, [join(root, 'bin/kotae.js'), 'answer', input, '-q'], { encoding: 'utf8' });
  if (answered.status !== 0) throw new Error(`kotae answer failed: ${answered.stderr}`);
  const report = input.replace(/\.xlsx$/, '.report.xlsx');

  // decide two rows as a person would: use the first proposal as shown, leave the unmatched one blank
  let bytes = new Uint8Array(readFileSync(report));
  const todo = readWorkbook(bytes).sheets[1];
  const lines = [...todo.rows.keys()].filter((r) => r > 1);
  const withProposal = lines.find((r) => (todo.rows.get(r)?.get(5)?.text ?? '') !== '');
  const without = lines.find((r) => (todo.rows.get(r)?.get(5)?.text ?? '') === '');
  const marks = [];
  if (withProposal) marks.push({ sheet: todo.name, row: withProposal, col: 7, value: '採用' });
  if (without) marks.push({ sheet: todo.name, row: without, col: 7, value: '回答しない' });
  bytes = patchWorkbook(bytes, marks, { overwrite: true }).bytes;

  // LibreOffice's PNG export draws the first visible sheet: hide the summary in a copy
  const files = unzipSync(bytes);
  // and print only the question, the proposal, the decision, the reason and the entry (D:I) of the
  // first rows: the whole sheet, fitted to a page, is too small to read in a picture
  const last = Math.min(lines.length + 1, 6);
  files['xl/workbook.xml'] = strToU8(
    strFromU8(files['xl/workbook.xml'])
      .replace(/(<sheet [^>]*name="概要"[^>]*?) state="visible"/, '$1 state="hidden"')
      .replace(/activeTab="\d+"/, 'activeTab="1"')
      .replace('</definedNames>', `<definedName name="_xlnm.Print_Area" localSheetId="1">'${todo.name}'!$D$1:$I$${last}</definedName></definedNames>`),
  );
  const shot = join(dir, 'worklist.xlsx');
  writeFileSync(shot, zipSync(files));
  const r = spawnSync('soffice', ['--headless', '--convert-to', 'png', '--outdir', dir, shot], { encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0 || r.error) {
    throw new Error(`LibreOffice could not render the worklist (${r.error?.message ?? r.stderr.trim()}); install libreoffice-calc and libreoffice-draw`);
  }
  mkdirSync(dirname(out), { recursive: true });
  copyFileSync(join(dir, 'worklist.png'), out);
  console.log(`wrote ${out}`);
} finally {
  if (keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
