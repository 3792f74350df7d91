/**
 * Issue 18, class 2: XML parts in UTF-16 (allowed by OPC). A rewritten part keeps its encoding (or
 * its declaration says what the bytes are): every part of the answered copy parses with a strict
 * parser (expat), kotae reads the answers back, and LibreOffice opens it with its cells.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePart, encodePartLike, partEncoding } from '../../src/workbook/xml.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { hasSoffice, kotae, tempDir } from '../helpers.js';
import { entriesOf } from '../workbook/helpers.js';
import { questionnaireXlsx, QUESTIONS, rezip, sofficeCsv, strictXmlErrors, utf16 } from './helpers.js';

const SHEET = 'xl/worksheets/sheet1.xml';
const WORKBOOK = 'xl/workbook.xml';

type Variant = { name: string; sheet?: 'le' | 'be' | 'le-nobom' | 'be-nobom'; workbook?: 'le' | 'be' };

const VARIANTS: Variant[] = [
  { name: 'sheet-and-workbook-utf16le', sheet: 'le', workbook: 'le' },
  { name: 'sheet-utf16be', sheet: 'be' },
  { name: 'workbook-utf16be', workbook: 'be' },
  { name: 'sheet-utf16le-nobom', sheet: 'le-nobom' },
];

function build(v: Variant): Uint8Array {
  const base = questionnaireXlsx();
  const files = unzipSync(base);
  const enc = (xml: string, how: string) => utf16(xml, how.startsWith('be') ? 'be' : 'le', !how.endsWith('nobom'));
  const change: Record<string, Uint8Array> = {};
  if (v.sheet) change[SHEET] = enc(strFromU8(files[SHEET]!), v.sheet);
  if (v.workbook) change[WORKBOOK] = enc(strFromU8(files[WORKBOOK]!), v.workbook);
  return rezip(base, change);
}

function answerIt(v: Variant): { input: string; out: string; before: Uint8Array; after: Uint8Array } {
  const dir = tempDir('kotae-utf16-');
  const input = join(dir, `${v.name}.xlsx`);
  const before = build(v);
  writeFileSync(input, before);
  const r = kotae(['answer', input, '-q']);
  expect(r.code, r.stderr).toBe(0);
  const out = join(dirname(input), `${v.name}.answered.xlsx`);
  return { input, out, before, after: new Uint8Array(readFileSync(out)) };
}

describe('UTF-16 parts are rewritten in UTF-16', () => {
  let results: Array<{ v: Variant } & ReturnType<typeof answerIt>> = [];
  beforeAll(() => {
    results = VARIANTS.map((v) => ({ v, ...answerIt(v) }));
  });

  VARIANTS.forEach((v, i) => {
    it(`${v.name}: every part parses strictly, the changed ones keep their encoding, the answers read back`, () => {
      const { before, after } = results[i]!;
      const inE = entriesOf(before);
      const outE = entriesOf(after);
      const xmlParts = Object.fromEntries([...outE].filter(([n]) => /\.(xml|rels)$/.test(n)).map(([n, e]) => [n, e.data]));
      expect(strictXmlErrors(xmlParts)).toEqual({});
      for (const [name, e] of outE) {
        const was = inE.get(name)!;
        if (Buffer.compare(Buffer.from(was.data), Buffer.from(e.data)) === 0) continue;
        expect(partEncoding(e.data), name).toBe(partEncoding(was.data));
        expect(decodePart(e.data).slice(0, 60), name).toMatch(partEncoding(e.data).startsWith('utf-16') ? /encoding="UTF-16"/ : /encoding="UTF-8"/);
      }
      // the sheet was rewritten (answers) and so was workbook.xml (fullCalcOnLoad)
      expect(Buffer.compare(Buffer.from(inE.get(SHEET)!.data), Buffer.from(outE.get(SHEET)!.data))).not.toBe(0);
      const wb = readWorkbook(after);
      const s = wb.sheets[0]!;
      expect(s.rows.get(2)?.get(3)?.text).toBe('×'); // 共有アカウントを使用していますか → ×
      expect(s.rows.get(2)?.get(4)?.text ?? '').toMatch(/情報セキュリティ規定/);
    });
  });

  it.skipIf(!hasSoffice())('LibreOffice opens each answered copy with its cells', () => {
    const csv = sofficeCsv(results.map((r) => r.out));
    for (const { v, out } of results) {
      const text = csv[out.slice(out.lastIndexOf('/') + 1)] ?? '';
      expect(text, v.name).toContain(QUESTIONS[0]!.replace('。', ''));
      const line = text.split('\n').find((l) => l.includes('共有アカウント'));
      expect(line, v.name).toMatch(/,×,/);
    }
  });
});

describe('encodePartLike', () => {
  it('keeps UTF-8 (and its BOM); a declaration that lies about UTF-8 bytes is made true', () => {
    const xml = '<?xml version="1.0" encoding="UTF-16"?><a>é</a>';
    const lying = new TextEncoder().encode(xml);
    const out = encodePartLike(xml, lying);
    expect(strFromU8(out)).toBe('<?xml version="1.0" encoding="UTF-8"?><a>é</a>');
    const bom = encodePartLike('<a/>', new Uint8Array([0xef, 0xbb, 0xbf, 0x3c]));
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('UTF-16 with characters beyond the BMP round-trips and parses strictly', () => {
    const xml = '<?xml version="1.0" encoding="UTF-16"?><a>𠮷野家 ◯</a>';
    for (const order of ['le', 'be'] as const) {
      const orig = utf16(xml, order);
      const out = encodePartLike(xml, orig);
      expect(Buffer.from(out).equals(Buffer.from(orig))).toBe(true);
      expect(decodePart(out)).toBe(xml);
      expect(strictXmlErrors({ x: out })).toEqual({});
    }
  });
});

describe('what else: parts in an encoding OPC does not allow', () => {
  const sjisQuestion = Buffer.from('8ba4974c83418a4a8345839383678af08e679770', 'hex'); // 共有アカウントを使用 (Shift_JIS)
  const sheetWith = (decl: string, text: Uint8Array) =>
    Buffer.concat([
      Buffer.from(
        `<?xml version="1.0" encoding="${decl}"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`,
      ),
      text,
      Buffer.from('</t></is></c></row></sheetData></worksheet>'),
    ]);

  it('a Shift_JIS sheet (declared or not) is MALFORMED_XML naming the part, not mojibake', async () => {
    const { readWorkbook: read } = await import('../../src/workbook/read-workbook.js');
    const { codeOf } = await import('./helpers.js');
    for (const decl of ['Shift_JIS', 'UTF-8']) {
      const bytes = rezip(questionnaireXlsx(), { [SHEET]: sheetWith(decl, sjisQuestion) });
      let message = '';
      try {
        read(bytes);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(
        codeOf(() => read(bytes)),
        decl,
      ).toBe('MALFORMED_XML');
      expect(message).toContain('xl/worksheets/sheet1.xml');
    }
  });

  it('a declaration naming another encoding over plain ASCII still reads', async () => {
    const { readWorkbook: read } = await import('../../src/workbook/read-workbook.js');
    const bytes = rezip(questionnaireXlsx(), { [SHEET]: sheetWith('ISO-8859-1', Buffer.from('plain text')) });
    expect(read(bytes).sheets[0]!.rows.get(1)?.get(1)?.text).toBe('plain text');
  });
});
