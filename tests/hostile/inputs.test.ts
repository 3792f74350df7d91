/**
 * Files that are not check sheets, or damaged ones, through the real CLI for `answer` and `inspect`:
 * exit 2, `error:` + `hint:`, no stack, nothing written beside the input, the input unchanged.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { buildXlsx, cell, expectRefusal, put, questionnaireXlsx, rezip, run, SAMPLE, sheetXml } from './helpers.js';

const COMMANDS: Array<[string, string[]]> = [
  ['answer', ['answer']],
  ['inspect', ['inspect']],
];

function random(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) b[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
  return b;
}

// a 1x1 PNG
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0,
  0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
]);

const DOCX = zipSync({
  '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
  '_rels/.rels': strToU8(
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  ),
  'word/document.xml': strToU8('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'),
});

function crcBroken(): Uint8Array {
  const b = questionnaireXlsx().slice();
  const dv = new DataView(b.buffer);
  for (let p = 0; p < b.length - 4; p++) if (dv.getUint32(p, true) === 0x02014b50) dv.setUint32(p + 16, dv.getUint32(p + 16, true) ^ 1, true);
  return b;
}

const sample = () => new Uint8Array(readFileSync(SAMPLE));

const CASES: Array<{ what: string; name: string; bytes: () => Uint8Array | string; expect: RegExp }> = [
  { what: 'an empty file', name: 'empty.xlsx', bytes: () => new Uint8Array(0), expect: /empty/ },
  { what: 'a CSV renamed to .xlsx', name: 'sheet.xlsx', bytes: () => 'No,質問,回答\n1,暗号化していますか,\n', expect: /CSV/ },
  { what: 'a PDF', name: 'sheet.xlsx', bytes: () => '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', expect: /PDF/ },
  { what: 'random bytes', name: 'noise.xlsx', bytes: () => random(8192, 7), expect: /not an Excel workbook/ },
  { what: 'a PNG renamed to .xlsx', name: 'photo.xlsx', bytes: () => PNG, expect: /not an Excel workbook/ },
  { what: 'a .docx renamed to .xlsx', name: 'letter.xlsx', bytes: () => DOCX, expect: /Word document/ },
  { what: 'a plain zip', name: 'archive.xlsx', bytes: () => zipSync({ 'readme.txt': strToU8('hello') }), expect: /zip but not an Excel workbook/ },
  { what: 'a truncated workbook', name: 'cut.xlsx', bytes: () => sample().subarray(0, Math.floor(sample().length * 0.6)), expect: /truncated|damaged/ },
  { what: 'a workbook cut at the last byte', name: 'cut1.xlsx', bytes: () => sample().subarray(0, sample().length - 1), expect: /damaged|truncated/ },
  { what: 'a CRC mismatch', name: 'crc.xlsx', bytes: crcBroken, expect: /CRC/ },
  {
    what: 'no workbook part',
    name: 'nowb.xlsx',
    bytes: () => rezip(questionnaireXlsx(), { 'xl/workbook.xml': null, '_rels/.rels': null }),
    expect: /not an Excel workbook/,
  },
  {
    what: 'malformed XML in a sheet',
    name: 'bad-xml.xlsx',
    bytes: () => rezip(questionnaireXlsx(), { 'xl/worksheets/sheet1.xml': sheetXml('<sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData>') }),
    expect: /sheet1\.xml is not well-formed/,
  },
  {
    what: 'malformed XML in the shared strings',
    name: 'bad-sst.xlsx',
    bytes: () => buildXlsx({ sheets: [{ name: 'S', xml: sheetXml('<sheetData/>') }], sst: '<sst><si><t>cut' }),
    expect: /sharedStrings\.xml is not well-formed/,
  },
  {
    what: 'a workbook with no questionnaire',
    name: 'list.xlsx',
    bytes: () =>
      buildXlsx({
        sheets: [
          {
            name: '売上',
            xml: sheetXml(
              `<sheetData><row r="1">${cell('A1', '月')}${cell('B1', '売上')}</row><row r="2">${cell('A2', '4月')}<c r="B2"><v>100</v></c></row></sheetData>`,
            ),
          },
        ],
      }),
    expect: /no questionnaire found \("売上": no header row/,
  },
  {
    what: 'an empty sheet',
    name: 'blank.xlsx',
    bytes: () => buildXlsx({ sheets: [{ name: 'Sheet1', xml: sheetXml('<sheetData/>') }] }),
    expect: /no cells with content/,
  },
];

describe('not a check sheet, or a damaged one: a clear refusal', () => {
  for (const c of CASES) {
    for (const [label, cmd] of COMMANDS) {
      it(`${label}: ${c.what}`, () => {
        const input = put(c.name, c.bytes());
        const r = run(cmd, input);
        expectRefusal(r, c.expect);
      });
    }
  }

  it('no questionnaire: the hint names --sheet, --header-row and --question-col', () => {
    const r = run(['answer'], put('list.xlsx', CASES.find((c) => c.name === 'list.xlsx')!.bytes() as Uint8Array));
    expectRefusal(r);
    expect(r.stderr).toMatch(/--sheet "売上"/);
    expect(r.stderr).toMatch(/--header-row/);
    expect(r.stderr).toMatch(/--question-col/);
  });

  for (const [label, cmd] of COMMANDS) {
    it(`${label}: a missing input path`, () => {
      const dir = tempDir('kotae-hostile-');
      const r = run(cmd, join(dir, 'nope.xlsx'));
      expectRefusal(r, /no such file/);
    });

    it(`${label}: a folder`, () => {
      const dir = tempDir('kotae-hostile-');
      const folder = join(dir, 'sheets.xlsx');
      mkdirSync(folder);
      const r = run(cmd, folder);
      expectRefusal(r, /is a folder/);
    });
  }

  it('--debug adds the stack to an expected error', () => {
    const r = run(['answer'], put('empty.xlsx', new Uint8Array(0)), ['--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: /m);
    expect(r.stderr).toMatch(/^\s+at /m);
  });
});
