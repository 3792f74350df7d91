import { describe, expect, it } from 'vitest';
import { inflateSync, strToU8, zipSync } from 'fflate';
import { patchWorkbook } from '../../src/workbook/patch-cells.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { ZIP_LIMITS } from '../../src/domain/limits.js';
import { SKIP_SHARED } from '../helpers.js';
import { cfb, codeOf } from '../hostile/helpers.js';
import { buildXlsx, real, REAL_FILES, sheetXml } from './helpers.js';

function errOf(fn: () => unknown): { code: string; message: string; hint?: string } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string; hint?: string };
  }
  throw new Error('expected an error');
}

const ok = () =>
  buildXlsx({ sheets: [{ name: 'S', xml: sheetXml('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hi</t></is></c></row></sheetData>') }] });

/** A deflate stream of `size` zero bytes built by hand: one fixed-Huffman block of 258-byte matches. */
function zeroBomb(size: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(((size / 258) * 13) / 8) + 300); // + up to 257 trailing literals
  let pos = 0;
  let bit = 0;
  const put = (value: number, n: number) => {
    for (let i = 0; i < n; i++) {
      if ((value >> i) & 1) out[pos]! |= 1 << bit;
      if (++bit === 8) {
        bit = 0;
        pos++;
      }
    }
  };
  const code = (c: number, n: number) => {
    // Huffman codes go most significant bit first
    for (let i = n - 1; i >= 0; i--) put((c >> i) & 1, 1);
  };
  put(1, 1); // BFINAL
  put(1, 2); // fixed Huffman
  code(0x30, 8); // literal 0
  let left = size - 1;
  while (left >= 258) {
    code(0b11000101, 8); // length 258
    code(0, 5); // distance 1
    left -= 258;
  }
  while (left-- > 0) code(0x30, 8);
  code(0, 7); // end of block
  return out.subarray(0, pos + 1);
}

/** Minimal zip writer for hostile entries (raw data, declared sizes as given). */
function rawZip(entries: Array<{ name: string; data: Uint8Array; method: number; size: number; crc?: number }>): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let off = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const lh = new Uint8Array(30 + name.length);
    const lv = new DataView(lh.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.method, true);
    lv.setUint32(14, e.crc ?? 0, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.size, true);
    lv.setUint16(26, name.length, true);
    lh.set(name, 30);
    const ch = new Uint8Array(46 + name.length);
    const cv = new DataView(ch.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.method, true);
    cv.setUint32(16, e.crc ?? 0, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, off, true);
    ch.set(name, 46);
    parts.push(lh, e.data);
    central.push(ch);
    off += lh.length + e.data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, off, true);
  const all = [...parts, ...central, eocd];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const p of all) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('inputs that are not workbooks', () => {
  it('empty file', () => expect(codeOf(() => readWorkbook(new Uint8Array(0)))).toBe('EMPTY_FILE'));

  it('random bytes', () => {
    const b = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < b.length; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    expect(codeOf(() => readWorkbook(b))).toBe('NOT_A_WORKBOOK');
  });

  it('a PDF says so', () => {
    const e = errOf(() => readWorkbook(strToU8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n')));
    expect(e.code).toBe('NOT_A_WORKBOOK');
    expect(e.message).toMatch(/PDF/);
  });

  it('a CSV says so', () => {
    const e = errOf(() => readWorkbook(strToU8('id,question,answer\nA-1,暗号化していますか,Yes\n')));
    expect(e.code).toBe('NOT_A_WORKBOOK');
    expect(e.message).toMatch(/CSV/);
  });

  it('a Shift_JIS CSV is still recognised as text', () => {
    // 「質問,回答」 in CP932
    const sjis = new Uint8Array([0x8e, 0xbf, 0x96, 0xe2, 0x2c, 0x89, 0xf1, 0x93, 0x9a, 0x0d, 0x0a, 0x41, 0x2c, 0x42, 0x0d, 0x0a]);
    expect(errOf(() => readWorkbook(sjis)).message).toMatch(/CSV/);
  });

  it('a binary .xlsb is named as such', () => {
    const xlsb = zipSync({
      '_rels/.rels': strToU8(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>',
      ),
      'xl/workbook.bin': new Uint8Array([0x83, 0x01, 0x00]),
    });
    const e = errOf(() => readWorkbook(xlsb));
    expect(e.code).toBe('NOT_A_WORKBOOK');
    expect(e.message).toMatch(/xlsb/);
  });

  it('legacy .xls and encrypted .xlsx (OLE containers)', () => {
    const legacy = errOf(() => readWorkbook(cfb(['Workbook', 'SummaryInformation'])));
    expect(legacy.code).toBe('LEGACY_FORMAT');
    expect(legacy.hint).toMatch(/xlsx/);
    const enc = errOf(() => readWorkbook(cfb(['EncryptionInfo', 'EncryptedPackage'])));
    expect(enc.code).toBe('ENCRYPTED');
    expect(enc.hint).toMatch(/--password/);
    expect(codeOf(() => readWorkbook(cfb(['WordDocument'])))).toBe('NOT_A_WORKBOOK');
  });

  it('a zip without a workbook', () => {
    expect(codeOf(() => readWorkbook(zipSync({ 'hello.txt': strToU8('hi') })))).toBe('NO_WORKBOOK_PART');
    const docx = zipSync({
      '_rels/.rels': strToU8(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
      'word/document.xml': strToU8('<w:document xmlns:w="x"/>'),
    });
    expect(codeOf(() => readWorkbook(docx))).toBe('NO_WORKBOOK_PART');
  });
});

describe('damaged zips', () => {
  it.skipIf(SKIP_SHARED)('a real sheet cut in half', () => {
    const b = real(REAL_FILES.hecvat4);
    expect(codeOf(() => readWorkbook(b.subarray(0, b.length >> 1)))).toBe('CORRUPT_ZIP');
    expect(codeOf(() => patchWorkbook(b.subarray(0, b.length - 100), []))).toBe('CORRUPT_ZIP');
  });

  it('a CRC mismatch in a needed part', () => {
    const b = ok().slice();
    // flip the CRC of every central record: the first needed part fails its check
    const dv = new DataView(b.buffer);
    for (let p = 0; p < b.length - 4; p++) if (dv.getUint32(p, true) === 0x02014b50) dv.setUint32(p + 16, dv.getUint32(p + 16, true) ^ 1, true);
    const e = errOf(() => readWorkbook(b));
    expect(e.code).toBe('CORRUPT_ZIP');
    expect(e.message).toMatch(/CRC/);
  });

  it('an unsupported compression method', () => {
    const b = rawZip([{ name: '_rels/.rels', data: new Uint8Array(10), method: 12, size: 10 }]);
    expect(codeOf(() => readWorkbook(b))).toBe('CORRUPT_ZIP');
  });

  it('too many entries', () => {
    expect(codeOf(() => readWorkbook(ok(), { limits: { maxEntries: 3 } }))).toBe('TOO_LARGE');
  });
});

describe('zip bombs', () => {
  it('the limits are exported for the CLI', () => {
    expect(ZIP_LIMITS).toEqual({ maxPartBytes: 100 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024, maxEntries: 10_000 });
  });

  it('a 300 MB part of zeros, honestly declared, is refused without inflating', () => {
    const data = zeroBomb(300 * 1024 * 1024);
    expect(data.length).toBeLessThan(2_000_000);
    const t0 = performance.now();
    const e = errOf(() => readWorkbook(rawZip([{ name: '_rels/.rels', data, method: 8, size: 300 * 1024 * 1024 }])));
    expect(e.code).toBe('TOO_LARGE');
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('a 300 MB part of zeros that lies about its size stops at the cap', () => {
    const data = zeroBomb(300 * 1024 * 1024);
    const t0 = performance.now();
    expect(codeOf(() => readWorkbook(rawZip([{ name: '_rels/.rels', data, method: 8, size: 1000 }])))).toBe('TOO_LARGE');
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('the hand-made bomb is a valid deflate stream', () => {
    const size = 100_003;
    const out = inflateSync(zeroBomb(size));
    expect(out.length).toBe(size);
    expect(out.every((x) => x === 0)).toBe(true);
  });

  it('lowered caps: per part', () => {
    const data = zeroBomb(3 * 1024 * 1024);
    const e0 = errOf(() => readWorkbook(rawZip([{ name: '_rels/.rels', data, method: 8, size: 10 }]), { limits: { maxPartBytes: 1024 * 1024 } }));
    expect(e0.code, e0.message).toBe('TOO_LARGE');
  });

  it.skipIf(SKIP_SHARED)('lowered caps: in total', () => {
    // the real HECVAT needs a few MB in total
    expect(codeOf(() => readWorkbook(real(REAL_FILES.hecvat4), { limits: { maxTotalBytes: 2 * 1024 * 1024 } }))).toBe('TOO_LARGE');
  });
});

describe('hostile XML', () => {
  it('a DOCTYPE or entity declaration is refused before parsing', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><worksheet><sheetData/></worksheet>';
    const b = buildXlsx({ sheets: [{ name: 'S', xml: bomb }] });
    const e = errOf(() => readWorkbook(b));
    expect(e.code).toBe('UNSAFE_XML');
    expect(e.message).toMatch(/sheet1\.xml/);
    expect(codeOf(() => patchWorkbook(b, [{ sheet: 'S', row: 1, col: 1, value: 'x' }]))).toBe('UNSAFE_XML');
    const sst = buildXlsx({
      sheets: [{ name: 'S', xml: sheetXml('<sheetData/>') }],
      sst: '<?xml version="1.0"?><!DOCTYPE sst SYSTEM "file:///etc/passwd"><sst/>',
    });
    expect(codeOf(() => readWorkbook(sst))).toBe('UNSAFE_XML');
  });

  it('malformed XML names the part', () => {
    for (const xml of [
      sheetXml('<sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData>'),
      sheetXml('<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'),
      '<worksheet><sheetData><row r="1" <c/></row></sheetData></worksheet>',
      '',
    ]) {
      const e = errOf(() => readWorkbook(buildXlsx({ sheets: [{ name: 'S', xml }] })));
      expect(e.code).toBe('MALFORMED_XML');
      expect(e.message).toMatch(/xl\/worksheets\/sheet1\.xml/);
    }
  });
});
