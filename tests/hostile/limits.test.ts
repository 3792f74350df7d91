/**
 * Limits: zip bombs, too many rows / cells / merged cells, cells and rows outside the sheet, huge
 * cells, list-validation bombs — refused (or bounded) in seconds; a real-size 20,000-row sheet works.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { constants, crc32, createDeflateRaw } from 'node:zlib';
import { deflateSync, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { planAnswers } from '../../src/plan/plan-answers.js';
import { loadBank } from '../../src/node/load-bank.js';
import { buildIndex } from '../../src/match/match-index.js';
import { MAX_CELL_TEXT, SHEET_LIMITS, ZIP_LIMITS } from '../../src/domain/limits.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { kotae, ROOT } from '../helpers.js';
import { buildXlsx, cell, codeOf, expectRefusal, put, QUESTIONS, questionnaireXml, run, sheetXml } from './helpers.js';

/** Raw deflate of `head + pattern… + tail` (total ≈ size), built streaming. */
async function deflateRepeated(head: string, pattern: string, size: number, tail: string): Promise<{ data: Buffer; size: number; crc: number }> {
  const d = createDeflateRaw({ level: 9, strategy: constants.Z_DEFAULT_STRATEGY });
  const out: Buffer[] = [];
  d.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((res) => d.on('end', res));
  const chunk = Buffer.from(pattern.repeat(Math.ceil((1 << 20) / pattern.length)));
  let crc = 0;
  let n = 0;
  const write = async (b: Buffer) => {
    crc = crc32(b, crc);
    n += b.length;
    if (!d.write(b)) await new Promise((r) => d.once('drain', r));
  };
  await write(Buffer.from(head));
  while (n + chunk.length < size) await write(chunk);
  await write(Buffer.from(tail));
  d.end();
  await done;
  return { data: Buffer.concat(out), size: n, crc };
}

/** Replace one entry's compressed data in a zip made by fflate (sizes, CRC and offsets rewritten). */
function withRawEntry(base: Uint8Array, name: string, entry: { data: Buffer; size: number; crc: number }, declared = entry.size): Uint8Array {
  // rebuild the zip from scratch, with the given raw deflate data for `name`
  const files = unzipSync(base);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let off = 0;
  for (const [n, content] of Object.entries(files)) {
    const isBomb = n === name;
    const data = isBomb ? entry.data : Buffer.from(deflateSync(content));
    const crc = isBomb ? entry.crc : crc32(content);
    const size = isBomb ? declared : content.length;
    const nb = Buffer.from(n);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(nb.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(nb.length, 28);
    ch.writeUInt32LE(off, 42);
    parts.push(lh, nb, data);
    central.push(ch, nb);
    off += 30 + nb.length + data.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(files).length, 8);
  eocd.writeUInt16LE(Object.keys(files).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(off, 16);
  return new Uint8Array(Buffer.concat([...parts, cd, eocd]));
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const one = () => buildXlsx({ sheets: [{ name: 'S', xml: questionnaireXml(QUESTIONS) }] });

describe('zip bombs through the CLI', () => {
  it('the caps', () => {
    expect(ZIP_LIMITS.maxPartBytes).toBe(100 * 1024 * 1024);
    expect(ZIP_LIMITS.maxTotalBytes).toBe(256 * 1024 * 1024);
    expect(SHEET_LIMITS).toEqual({ maxRows: 200_000, maxCells: 1_000_000 });
  });

  it('a worksheet that inflates to 300 MB of rows while its header says 100 kB: TOO_LARGE in seconds', async () => {
    const bomb = await deflateRepeated(
      `<worksheet ${NS}><sheetData>`,
      '<row><c t="inlineStr"><is><t>x</t></is></c></row>',
      300 * 1024 * 1024,
      '</sheetData></worksheet>',
    );
    const file = withRawEntry(one(), 'xl/worksheets/sheet1.xml', bomb, 100_000);
    expect(file.length).toBeLessThan(3 * 1024 * 1024);
    for (const cmd of [['answer'], ['inspect']]) expectRefusal(run(cmd, put('bomb.xlsx', file)), /too large to read safely .*inflates to more than 100 MiB/);
  });

  it('the same, honestly declared: refused before inflating', async () => {
    const bomb = await deflateRepeated(`<worksheet ${NS}><sheetData>`, ' ', 300 * 1024 * 1024, '</sheetData></worksheet>');
    const r = run(['answer'], put('bomb.xlsx', withRawEntry(one(), 'xl/worksheets/sheet1.xml', bomb)));
    expectRefusal(r, /inflates to more than 100 MiB/);
  });

  it('shared strings as the bomb', async () => {
    const bomb = await deflateRepeated('<sst><si><t>', 'a'.repeat(64), 150 * 1024 * 1024, '</t></si></sst>');
    const base = buildXlsx({ sheets: [{ name: 'S', xml: questionnaireXml(QUESTIONS) }], sst: '<sst/>' });
    expectRefusal(run(['answer'], put('sst-bomb.xlsx', withRawEntry(base, 'xl/sharedStrings.xml', bomb, 1000))), /sharedStrings\.xml inflates/);
  });
});

describe('sheet limits', () => {
  it('more than 200,000 rows: TOO_LARGE with a hint, through the CLI', () => {
    const rows: string[] = [];
    for (let r = 1; r <= SHEET_LIMITS.maxRows + 1; r++) rows.push(`<row r="${r}"/>`);
    const r = run(['answer'], put('rows.xlsx', buildXlsx({ sheets: [{ name: 'Big', xml: sheetXml(`<sheetData>${rows.join('')}</sheetData>`) }] })));
    expectRefusal(r, /sheet "Big" is too large .*more than 200,000 rows/);
    expect(r.stderr).toMatch(/hint: .*delete the unused rows/);
  });

  it('too many cells across the workbook (lowered limit, in-process)', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `<row r="${i + 1}">${cell(`A${i + 1}`, 'a')}${cell(`B${i + 1}`, 'b')}</row>`).join('');
    const b = buildXlsx({
      sheets: [
        { name: 'A', xml: sheetXml(`<sheetData>${rows}</sheetData>`) },
        { name: 'B', xml: sheetXml(`<sheetData>${rows}</sheetData>`) },
      ],
    });
    expect(codeOf(() => readWorkbook(b, { sheetLimits: { maxCells: 100 } }))).toBe('TOO_LARGE');
    expect(codeOf(() => readWorkbook(b, { sheetLimits: { maxCells: 120 } }))).toBe('no error');
    // empty styled cells do not count
    const styled = Array.from({ length: 200 }, (_, i) => `<c r="C${i + 1}" s="1"/>`).join('');
    const e = buildXlsx({ sheets: [{ name: 'A', xml: sheetXml(`<sheetData><row r="1">${styled}</row></sheetData>`) }] });
    expect(codeOf(() => readWorkbook(e, { sheetLimits: { maxCells: 10 } }))).toBe('no error');
  });

  it('a merged-cell bomb (small merges layout would index one by one): TOO_LARGE', () => {
    const merges = Array.from({ length: 60 }, (_, i) => `<mergeCell ref="A${i * 1000 + 1}:T${i * 1000 + 1000}"/>`).join('');
    const xml = sheetXml(
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>回答</t></is></c></row></sheetData>',
      `<mergeCells count="60">${merges}</mergeCells>`,
    );
    const r = run(['answer'], put('merges.xlsx', buildXlsx({ sheets: [{ name: 'M', xml }] })));
    expectRefusal(r, /merged cells/);
  });

  it('a row or cell outside the sheet: MALFORMED_XML, not an endless loop', () => {
    for (const data of [
      '<row r="99999999999"><c t="inlineStr"><is><t>x</t></is></c></row>',
      '<row r="1"><c r="A99999999" t="inlineStr"><is><t>x</t></is></c></row>',
      '<row r="1"><c r="XFE1" t="inlineStr"><is><t>x</t></is></c></row>',
      '<row r="-3"/>',
    ]) {
      const r = run(['answer'], put('far.xlsx', buildXlsx({ sheets: [{ name: 'S', xml: sheetXml(`<sheetData>${data}</sheetData>`) }] })));
      expectRefusal(r, /outside the sheet/);
    }
  });

  it('a list-validation bomb (thousands of distinct 10,000-cell ranges) stays fast', () => {
    const dvs = Array.from(
      { length: 5_000 },
      (_, i) => `<dataValidation type="list" sqref="D${i + 2}"><formula1>$Z$${i + 1}:$Z$${i + 10_000}</formula1></dataValidation>`,
    ).join('');
    const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 1}"><c r="Z${i + 1}" t="inlineStr"><is><t>v${i % 7}</t></is></c></row>`).join('');
    const b = buildXlsx({ sheets: [{ name: 'S', xml: sheetXml(`<sheetData>${rows}</sheetData>`, `<dataValidations count="5000">${dvs}</dataValidations>`) }] });
    const t0 = performance.now();
    const wb = readWorkbook(b);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(wb.sheets[0]!.validations.length).toBe(5_000);
  });
});

describe('big but legitimate', () => {
  it('a 1 MB cell: read as Excel would hold it (32,767 characters), and the sheet is answered', () => {
    const huge = `共有アカウントを使用していますか。${'あ'.repeat(1024 * 1024)}`;
    const xml = questionnaireXml([...QUESTIONS, huge]);
    const b = buildXlsx({ sheets: [{ name: 'チェックシート', xml }] });
    const wb = readWorkbook(b);
    const texts = [...wb.sheets[0]!.rows.values()].map((r) => r.get(2)?.text ?? '');
    expect(Math.max(...texts.map((t) => t.length))).toBe(MAX_CELL_TEXT);
    const index = buildIndex(loadBank(join(ROOT, 'answer-bank')));
    const t0 = performance.now();
    const plan = planAnswers(wb, index);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(plan.results.length).toBe(QUESTIONS.length + 1);
    const input = put('huge-cell.xlsx', b);
    const r = kotae(['answer', input, '--report', join(dirname(input), 'todo.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(15_000);
    expect(readFileSync(join(dirname(input), 'todo.csv'), 'utf8').length).toBeLessThan(200_000);
  });

  it('a real-size 20,000-row check sheet is answered', () => {
    const rows = [
      `<row r="1">${cell('A1', 'No')}${cell('B1', '分類')}${cell('C1', '質問項目')}${cell('D1', '回答')}${cell('E1', '備考')}${cell('F1', '担当部署')}</row>`,
    ];
    for (let r = 2; r <= 20_001; r++) {
      rows.push(
        `<row r="${r}">${cell(`A${r}`, String(r - 1))}${cell(`B${r}`, 'アクセス管理')}${cell(`C${r}`, `${QUESTIONS[r % QUESTIONS.length]}（${r}）`)}${cell(`F${r}`, '情報システム部')}</row>`,
      );
    }
    const input = put('big.xlsx', buildXlsx({ sheets: [{ name: 'チェックシート', xml: sheetXml(`<sheetData>${rows.join('')}</sheetData>`) }] }));
    const r = kotae(['answer', input, '--json', '--report', join(dirname(input), 'todo.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { totals: { questions: number } }).totals.questions).toBe(20_000);
    expect(r.ms).toBeLessThan(60_000);
  });
});
