#!/usr/bin/env node
// The README's picture of the worklist (docs/worklist.png), made from a real run so it stays true.
//
//   node scripts/worklist-picture.mjs [input.xlsx] [--out docs/worklist.png] [--rows 12] [--columns D:K] [--keep]
//
// 1. In a temporary folder the built CLI (`npx tsc -p tsconfig.json` first) answers a check sheet with
//    the shipped bank: `kotae answer <sheet>.xlsx` → <sheet>.answered.xlsx and <sheet>.report.xlsx.
//    Without input.xlsx the sheet is a small customer-style one the script builds, in our own wording
//    (nothing from ../shared). fixtures/sample-checksheet-ja.xlsx works too, but shows no proposal: its
//    review rows are all topics the bank does not settle.
// 2. Two rows are decided as a person would, with kotae's own cell patcher: 採用 (Use) on the first row
//    that has a proposal, 回答しない (Don't answer) on the first row that has none. The picture shows the
//    decision column in use; nothing is applied.
// 3. LibreOffice renders the worklist (sheet 2, the one the report opens on) of a copy of the report in
//    which only the worklist is visible and the print area is its first rows (--rows) and the columns
//    from the question to the other candidates (D:K; --columns), on an A2 landscape page at the print
//    scale that makes them about 1700 px wide (no fit-to-page shrinking). Calc's PNG export draws the
//    first page at 96 dpi, so LibreOffice renders twice: at 50 % to measure, then at that scale. The
//    page's white margins are cropped by a small PNG reader/writer on node:zlib (the machine need not
//    have ImageMagick, poppler or PIL), flattened on white so it reads on GitHub's dark theme too.
//    LibreOffice runs with its own profile in the temporary folder, so an open LibreOffice is no bother.
//
// Needs (run by hand when the worklist changes; CI does not run it), Debian/Ubuntu packages:
//   libreoffice-calc and libreoffice-draw (Calc alone has no PNG export: "no export filter"),
//   a Japanese font: fonts-ipafont-gothic or fonts-noto-cjk (without one the Japanese is boxes),
//   fontconfig (fc-list, to check for that font).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const out = resolve(option('--out', join(root, 'docs', 'worklist.png')));
const maxRows = Number(option('--rows', '12'));
const columns = option('--columns', 'D:K').toUpperCase();
const keep = args.includes('--keep');
const input = args.find((a, i) => !a.startsWith('--') && !['--out', '--rows', '--columns'].includes(args[i - 1]));
const TARGET_WIDTH_PX = 1700;

function fail(message) {
  console.error(`worklist-picture: ${message}`);
  process.exit(2);
}

// the tools, checked first so a missing one is named rather than failing halfway
const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
if (soffice.error || soffice.status !== 0) fail('LibreOffice (soffice) not found: apt-get install libreoffice-calc libreoffice-draw');
const fonts = spawnSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' });
if (fonts.error) fail('fc-list not found: apt-get install fontconfig');
if (fonts.stdout.trim() === '') fail('no Japanese font (the picture would show boxes): apt-get install fonts-ipafont-gothic (or fonts-noto-cjk)');
try {
  statSync(join(root, 'dist/workbook/patch-cells.js'));
} catch {
  fail('dist/ is missing: run npx tsc -p tsconfig.json first');
}

const { default: ExcelJS } = await import('exceljs');
const { readWorkbook } = await import(join(root, 'dist/workbook/read-workbook.js'));
const { patchWorkbook } = await import(join(root, 'dist/workbook/patch-cells.js'));

// questions in our own wording (none from ../shared): some kotae is sure of, some it proposes, some it cannot
const QUESTIONS = [
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

async function buildSheet(path) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('チェックシート');
  ws.columns = [{ width: 6 }, { width: 14 }, { width: 50 }, { width: 8 }, { width: 40 }];
  ws.addRow(['セキュリティチェックシート']).font = { bold: true, size: 14 };
  ws.addRow([]);
  ws.addRow(['No.', '分類', '確認項目', '回答', '備考']).font = { bold: true };
  QUESTIONS.forEach(([category, q], i) => {
    const row = ws.addRow([i + 1, category, q, null, null]);
    row.getCell(4).dataValidation = { type: 'list', allowBlank: true, formulae: ['"○,×,△,－"'] };
  });
  await wb.xlsx.writeFile(path);
}

/** A copy of the report for the camera: only the worklist visible, its first rows and chosen columns as the print area, printed at `scale` % on a large page. */
function cameraCopy(bytes, worklistName, lastRow, scale) {
  const files = unzipSync(bytes);
  let workbook = strFromU8(files['xl/workbook.xml']);
  const sheets = [...workbook.matchAll(/<sheet\b[^>]*\/>/g)].map((m) => m[0]);
  const target = sheets[1];
  for (const sheet of sheets) {
    if (sheet === target || /state="veryHidden"/.test(sheet)) continue;
    const hidden = /state="\w+"/.test(sheet) ? sheet.replace(/state="\w+"/, 'state="hidden"') : sheet.replace('/>', ' state="hidden"/>');
    workbook = workbook.replace(sheet, hidden);
  }
  const [first, last] = columns.split(':');
  const area = `<definedName name="_xlnm.Print_Area" localSheetId="1">'${worklistName}'!$${first}$1:$${last}$${lastRow}</definedName>`;
  workbook = workbook.replace(/<definedName name="_xlnm.Print_Area" localSheetId="1">[^<]*<\/definedName>/, '');
  workbook = workbook.includes('</definedNames>')
    ? workbook.replace('</definedNames>', `${area}</definedNames>`)
    : workbook.replace('</sheets>', `</sheets><definedNames>${area}</definedNames>`);
  workbook = /activeTab="\d+"/.test(workbook)
    ? workbook.replace(/activeTab="\d+"/, 'activeTab="1"')
    : workbook.replace('<workbookView ', '<workbookView activeTab="1" ');
  files['xl/workbook.xml'] = strToU8(workbook);

  // the worklist's own part, through the workbook's relationships
  const rid = /r:id="([^"]+)"/.exec(target)[1];
  const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
  const relTarget = new RegExp(`<Relationship\\b[^>]*Id="${rid}"[^>]*>`).exec(rels)[0].match(/Target="([^"]+)"/)[1];
  const part = relTarget.startsWith('/') ? relTarget.slice(1) : `xl/${relTarget}`;
  let sheet = strFromU8(files[part]);
  sheet = sheet.replace(/<pageSetUpPr\b[^>]*\/>/, '<pageSetUpPr fitToPage="0"/>');
  sheet = sheet.replace(/<pageMargins\b[^>]*\/>/, '<pageMargins left="0.2" right="0.2" top="0.2" bottom="0.2" header="0" footer="0"/>');
  // A2 landscape (paperSize 66): one page wide and tall enough for the first rows at that scale
  const setup = `<pageSetup paperSize="66" orientation="landscape" scale="${scale}" fitToWidth="0" fitToHeight="0"/>`;
  sheet = /<pageSetup\b[^>]*\/>/.test(sheet) ? sheet.replace(/<pageSetup\b[^>]*\/>/, setup) : sheet.replace(/(<pageMargins\b[^>]*\/>)/, `$1${setup}`);
  sheet = sheet.replace(/<headerFooter\b[\s\S]*?<\/headerFooter>|<headerFooter\b[^>]*\/>/, '');
  files[part] = strToU8(sheet);
  return zipSync(files);
}

// --- PNG: read (8-bit RGB/RGBA, not interlaced, as LibreOffice writes it), crop, write RGB on white
function readPng(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let header;
  const data = [];
  while (pos < buf.length) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8], colour: body[9], interlace: body[12] };
    if (type === 'IDAT') data.push(body);
    pos += 12 + length;
  }
  const channels = { 2: 3, 6: 4 }[header.colour];
  if (header.depth !== 8 || !channels || header.interlace) throw new Error(`unexpected PNG format ${JSON.stringify(header)}`);
  const raw = inflateSync(Buffer.concat(data));
  const stride = header.width * channels;
  const pixels = Buffer.alloc(stride * header.height);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      pixels[y * stride + x] = (line[x] + predictor) & 0xff;
    }
  }
  // flatten on white
  const rgb = Buffer.alloc(header.width * header.height * 3);
  for (let i = 0, j = 0; i < pixels.length; i += channels, j += 3) {
    const alpha = channels === 4 ? pixels[i + 3] / 255 : 1;
    for (let k = 0; k < 3; k++) rgb[j + k] = Math.round(pixels[i + k] * alpha + 255 * (1 - alpha));
  }
  return { width: header.width, height: header.height, rgb };
}

function cropToContent({ width, height, rgb }, margin) {
  let top = height;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (rgb[i] < 250 || rgb[i + 1] < 250 || rgb[i + 2] < 250) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  if (bottom < 0) throw new Error('the rendered page is blank');
  top = Math.max(0, top - margin);
  left = Math.max(0, left - margin);
  bottom = Math.min(height - 1, bottom + margin);
  right = Math.min(width - 1, right + margin);
  const w = right - left + 1;
  const h = bottom - top + 1;
  const cropped = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) rgb.copy(cropped, y * w * 3, ((top + y) * width + left) * 3, ((top + y) * width + right + 1) * 3);
  return { width: w, height: h, rgb: cropped };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}
function writePng({ width, height, rgb }) {
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    // filter Up: the rows of a table repeat, so the difference to the row above is mostly zero
    raw[y * (stride + 1)] = 2;
    for (let x = 0; x < stride; x++) raw[y * (stride + 1) + 1 + x] = (rgb[y * stride + x] - (y > 0 ? rgb[(y - 1) * stride + x] : 0)) & 0xff;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = mkdtempSync(join(tmpdir(), 'kotae-picture-'));
try {
  const sheetPath = join(dir, input ? basename(input) : '顧客A_セキュリティチェックシート.xlsx');
  if (input) copyFileSync(resolve(input), sheetPath);
  else await buildSheet(sheetPath);

  const answered = spawnSync(process.execPath, [join(root, 'bin/kotae.js'), 'answer', sheetPath, '-q'], { encoding: 'utf8' });
  if (answered.status !== 0) throw new Error(`kotae answer failed (exit ${answered.status}): ${answered.stderr}`);
  const report = sheetPath.replace(/\.xlsx$/i, '.report.xlsx');

  // decide two rows as a person would: use the first proposal as shown, leave the first row without one blank
  let bytes = new Uint8Array(readFileSync(report));
  const worklist = readWorkbook(bytes).sheets[1];
  const lines = [...worklist.rows.keys()].filter((r) => r > 1);
  if (lines.length === 0) throw new Error('the worklist is empty: kotae answered every row, nothing to picture');
  const proposed = (r) => [5, 6].some((c) => (worklist.rows.get(r)?.get(c)?.text ?? '') !== ''); // an answer, or remarks only (a what/which question)
  const use = lines.find(proposed);
  const skip = lines.find((r) => !proposed(r));
  const [useWord, skipWord] = /[\u3040-\u30ff\u4e00-\u9fff]/.test(worklist.rows.get(1)?.get(7)?.text ?? '') ? ['採用', '回答しない'] : ['Use', "Don't answer"];
  const marks = [];
  if (use) marks.push({ sheet: worklist.name, row: use, col: 7, value: useWord });
  if (skip) marks.push({ sheet: worklist.name, row: skip, col: 7, value: skipWord });
  bytes = patchWorkbook(bytes, marks, { overwrite: true }).bytes;
  writeFileSync(report, bytes);

  const lastRow = Math.min(lines.length, maxRows) + 1;
  // LibreOffice draws the first page at 96 dpi: render at 50 % (one page wide), then at the scale that makes the columns TARGET_WIDTH_PX wide
  const render = (scale) => {
    const shot = join(dir, 'worklist.xlsx');
    rmSync(join(dir, 'worklist.png'), { force: true });
    writeFileSync(shot, cameraCopy(bytes, worklist.name, lastRow, scale));
    const profile = `file://${join(dir, 'lo-profile')}`; // its own profile: runs beside an open LibreOffice
    const r = spawnSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'png', '--outdir', dir, shot], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    try {
      return cropToContent(readPng(readFileSync(join(dir, 'worklist.png'))), 12);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
      throw new Error(
        `LibreOffice could not render the worklist (${r.error?.message ?? (r.stderr || r.stdout).trim()}): apt-get install libreoffice-calc libreoffice-draw`,
      );
    }
  };
  const scale = Math.max(10, Math.min(400, Math.floor((TARGET_WIDTH_PX / render(50).width) * 50)));
  const image = render(scale);
  const picture = writePng(image);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, picture);
  const { width, height } = readPng(picture);
  console.log(
    `wrote ${out}: ${width}×${height} px, ${Math.round(picture.length / 1024)} KB; worklist rows 2-${lastRow} of ${lines.length + 1}, columns ${columns}, print scale ${scale} %; decided: ${marks.map((m) => `row ${m.row} ${m.value}`).join(', ') || 'none'}`,
  );
} catch (error) {
  console.error(`worklist-picture: ${error.message}`);
  process.exitCode = 2;
} finally {
  if (keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
