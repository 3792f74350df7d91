import { describe, expect, it } from 'vitest';
import { encodeCellText, patchSheetXml, patchWorkbook, setFullCalcOnLoad } from '../../src/workbook/patch-cells.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import type { CellEdit } from '../../src/workbook/model.js';
import { classifyNumFmt, formatNumber, formatSerial } from '../../src/workbook/number-format.js';
import { colFromLetters, colToLetters, parseRange, splitSheetRef } from '../../src/workbook/refs.js';
import { decodePart } from '../../src/workbook/xml.js';
import { crc32, openZip } from '../../src/workbook/zip.js';
import { buildXlsx, entriesOf, sameBytes, sheetXml, text } from './helpers.js';

const STYLES = `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy/mm/dd;@"/><numFmt numFmtId="165" formatCode="[$-411]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="166" formatCode="&quot;Day &quot;0.00"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="20"/></cellXfs></styleSheet>`;

const SST = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>結果</t><rPh sb="0" eb="2"><t>ケッカ</t></rPh><phoneticPr fontId="1"/></si><si><r><rPr><b/></rPr><t>Rich </t></r><r><t xml:space="preserve">text &amp; more</t></r><rPh sb="0" eb="1"><t>リッチ</t></rPh></si><si><t>line1_x000D_
line2 _x005F_x0041_</t></si><si><t/></si></sst>`;

function edit(row: number, col: number, value: string, sheet = 'S'): CellEdit {
  return { sheet, row, col, value };
}

describe('reader details', () => {
  const wb = readWorkbook(
    buildXlsx({
      sst: SST,
      styles: STYLES,
      workbookExtra: '<workbookPr date1904="0"/>',
      workbookTail:
        '<definedNames><definedName name="Local" localSheetId="0">$E$1:$E$2</definedName><definedName name="Local">L!$A$1:$A$1</definedName><definedName name="Broken">#REF!</definedName><definedName name="Chain">Local</definedName></definedNames>',
      sheets: [
        {
          name: 'S',
          xml: sheetXml(
            `<sheetData><row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="inlineStr"><is><t>x</t></is></c></row>` +
              `<row><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1&amp;""</f><v>結果</v></c><c r="E2"><v>8.1999999999999993</v></c></row>` +
              `<row r="5"><c r="A5" s="1"><v>44803</v></c><c r="B5" s="2"><v>45000.5</v></c><c r="C5" s="3"><v>45000</v></c><c r="D5" s="4"><v>3</v></c><c r="E5" s="5"><v>0.75</v></c><c r="F5"><v>1E-3</v></c><c r="G5"><v>123456789012345678</v></c></row>` +
              `<row r="7"><c r="A7"><f t="shared" si="0"/><v>2</v></c><c r="B7" s="3"/><c r="C7" t="s"><v>3</v></c><c r="D7"><f>NOW()</f></c></row></sheetData>`,
            `<dataValidations count="3"><dataValidation type="list" sqref="A10:A20 C10"><formula1>"○,×,△,－"</formula1></dataValidation><dataValidation type="list" sqref="B10"><formula1>Local</formula1></dataValidation><dataValidation type="list" sqref="B11"><formula1>Chain</formula1></dataValidation><dataValidation type="list" sqref="B12"><formula1>Broken</formula1></dataValidation><dataValidation type="whole" sqref="D1"><formula1>1</formula1></dataValidation><dataValidation type="list" sqref="B13"><formula1>INDIRECT(A1)</formula1></dataValidation></dataValidations>`,
            '<dimension ref="A1:B2"/>',
          ),
        },
        { name: 'L', xml: sheetXml('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>only</t></is></c></row></sheetData>'), state: 'veryHidden' },
      ],
    }),
  );
  const s = wb.sheets[0]!;

  it('infers positions and decodes strings without furigana', () => {
    expect(text(s, 'A1')).toBe('結果');
    expect(text(s, 'B1')).toBe('Rich text & more');
    expect(text(s, 'D1')).toBe('line1\r\nline2 _x0041_');
    expect(text(s, 'E1')).toBe('x');
    expect(text(s, 'A2')).toBe('TRUE');
    expect(text(s, 'B2')).toBe('#N/A');
    expect(s.rows.get(2)?.get(3)).toMatchObject({ text: '結果', formula: true, type: 'str' });
    expect(text(s, 'E2')).toBe('8.2');
    expect(wb.sheets[1]!.state).toBe('veryHidden');
  });

  it('shows dates for date formats and numbers as displayed otherwise', () => {
    expect(text(s, 'A5')).toBe('2022-08-30');
    expect(text(s, 'B5')).toBe('2023-03-15');
    expect(text(s, 'C5')).toBe('2023-03-15');
    expect(text(s, 'D5')).toBe('3');
    expect(text(s, 'E5')).toBe('18:00');
    expect(text(s, 'F5')).toBe('0.001');
    expect(text(s, 'G5')).toBe('123456789012346000');
  });

  it('keeps formula cells (shared formula children too) and drops empty ones', () => {
    expect(s.rows.get(7)?.get(1)).toMatchObject({ formula: true, text: '2' });
    expect(s.rows.get(7)?.get(4)).toMatchObject({ formula: true, text: '' });
    expect(s.rows.get(7)?.has(2)).toBe(false);
    expect(s.rows.get(7)?.has(3)).toBe(false);
    expect(s.maxRow).toBe(7);
    expect(s.maxCol).toBe(7);
  });

  it('resolves inline lists, sheet-local and chained names; leaves the rest null', () => {
    const at = (sq: string) => s.validations.find((v) => v.ranges.some((r) => r.r1 === parseRange(sq)!.r1 && r.c1 === parseRange(sq)!.c1));
    expect(at('A10')?.items).toEqual(['○', '×', '△', '－']);
    expect(at('A10')?.ranges).toHaveLength(2);
    expect(at('B10')?.items).toEqual(['x', '8.2']);
    expect(at('B11')?.items).toEqual(['x', '8.2']);
    expect(at('B12')?.items).toBeNull();
    expect(at('B13')?.items).toBeNull();
    expect(at('D1')).toMatchObject({ type: 'whole', items: null });
    expect(wb.definedNames.map((n) => n.name)).toEqual(['Local', 'Local', 'Chain']);
  });

  it('number helpers', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(1.1)).toBe('1.1');
    expect(formatSerial(0, true, 'date')).toBe('1904-01-01');
    expect(formatSerial(1, false, 'date')).toBe('1900-01-01');
    expect(formatSerial(61, false, 'date')).toBe('1900-03-01');
    expect(classifyNumFmt(0, 'General')).toBeNull();
    expect(classifyNumFmt(176, '[<=9999999]###\\-####;\\(###\\)\\ ###\\-####')).toBeNull();
    expect(classifyNumFmt(177, '0.00E+00')).toBeNull();
    expect(classifyNumFmt(178, '"$"#,##0_);[Red]\\("$"#,##0\\)')).toBeNull();
    expect(classifyNumFmt(179, 'mmm-yy')).toBe('date');
    expect(classifyNumFmt(180, '[h]:mm:ss')).toBe('time');
    expect(classifyNumFmt(45, undefined)).toBe('time');
    expect(classifyNumFmt(22, undefined)).toBe('date');
  });

  it('crc32 matches known values', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('ref helpers', () => {
    expect(colFromLetters('XFD')).toBe(16384);
    expect(colToLetters(28)).toBe('AB');
    expect(parseRange('yes')).toBeNull();
    expect(parseRange('M:XFD')).toEqual({ r1: 1, c1: 13, r2: 1048576, c2: 16384 });
    expect(splitSheetRef("'Auto ''Responses'''!$J$3:$J$5")).toEqual({ sheet: "Auto 'Responses'", range: '$J$3:$J$5' });
    expect(splitSheetRef('=Values!$A$4:$A$5')).toEqual({ sheet: 'Values', range: '$A$4:$A$5' });
    expect(splitSheetRef('OFFSET(A1,0,0)')).toBeNull();
  });

  it("the workbook part's content type decides xlsx or xlsm; a VBA project only when no type says", () => {
    const types = (workbookType?: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${
        workbookType ? `<Override PartName="/xl/workbook.xml" ContentType="${workbookType}"/>` : ''
      }</Types>`;
    const vba = new Uint8Array([1, 2, 3]);
    const sheets = [{ name: 'S', xml: sheetXml('<sheetData/>') }];
    // a VBA project in a package typed as a plain workbook: Excel opens it as .xlsx (the macros are ignored)
    expect(readWorkbook(buildXlsx({ sheets, parts: { 'xl/vbaProject.bin': vba } })).kind).toBe('xlsx');
    const macroType = 'application/vnd.ms-excel.sheet.macroEnabled.main+xml';
    expect(readWorkbook(buildXlsx({ sheets, parts: { '[Content_Types].xml': types(macroType), 'xl/vbaProject.bin': vba } })).kind).toBe('xlsm');
    expect(readWorkbook(buildXlsx({ sheets, parts: { '[Content_Types].xml': types(), 'xl/vbaProject.bin': vba } })).kind).toBe('xlsm');
  });
});

describe('surgical sheet edits', () => {
  const base = (data: string, extra = '', before = '') => sheetXml(data, extra, before);
  const run = (xml: string, edits: CellEdit[], overwrite = false) => patchSheetXml(xml, 'sheet.xml', edits, overwrite);

  it('inserts cells in column order and rows in row order', () => {
    const xml = base(
      '<sheetData><row r="2" spans="1:3"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="C2" s="5"/></row><row r="9"><c r="A9"><v>1</v></c></row></sheetData>',
    );
    const out = run(xml, [edit(2, 2, 'b'), edit(2, 4, 'd'), edit(2, 3, 'c'), edit(5, 1, 'r5'), edit(1, 1, 'r1'), edit(12, 2, 'r12')]).xml;
    expect(out).toContain('<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve">r1</t></is></c></row><row r="2" spans="1:4">');
    expect(out).toContain(
      '<c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="B2" t="inlineStr"><is><t xml:space="preserve">b</t></is></c><c r="C2" s="5" t="inlineStr"><is><t xml:space="preserve">c</t></is></c><c r="D2" t="inlineStr">',
    );
    expect(out.indexOf('<row r="5">')).toBeLessThan(out.indexOf('<row r="9">'));
    expect(out).toMatch(/<row r="9">.*<\/row><row r="12"><c r="B12"/);
  });

  it('handles <sheetData/>, self-closing rows, prefixes and default styles', () => {
    expect(run(base('<sheetData/>'), [edit(3, 2, 'x')]).xml).toContain(
      '<sheetData><row r="3"><c r="B3" t="inlineStr"><is><t xml:space="preserve">x</t></is></c></row></sheetData>',
    );
    const cols = '<cols><col min="2" max="4" width="9" style="7"/></cols>';
    const self = run(base('<sheetData><row r="3" s="9" customFormat="1" ht="20"/><row r="4" ht="20"/></sheetData>', '', cols), [
      edit(3, 1, 'x'),
      edit(4, 3, 'y'),
      edit(6, 2, 'z'),
      edit(6, 6, 'w'),
    ]).xml;
    expect(self).toContain('<row r="3" s="9" customFormat="1" ht="20"><c r="A3" s="9" t="inlineStr">');
    expect(self).toContain('<row r="4" ht="20"><c r="C4" s="7" t="inlineStr">');
    expect(self).toContain('<row r="6"><c r="B6" s="7" t="inlineStr"><is><t xml:space="preserve">z</t></is></c><c r="F6" t="inlineStr">');
    const px =
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" s="2"/></x:row></x:sheetData></x:worksheet>';
    const pout = run(px, [edit(1, 1, 'a'), edit(1, 2, 'b'), edit(2, 1, 'c')]).xml;
    expect(pout).toBe(
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" s="2" t="inlineStr"><x:is><x:t xml:space="preserve">a</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t xml:space="preserve">b</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t xml:space="preserve">c</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>',
    );
  });

  it('refuses formulas and filled cells, overwrites with the flag, keeps other attributes', () => {
    const xml = base(
      '<sheetData><row r="1"><c r="A1" s="3" t="s"><v>0</v></c><c r="B1"><f>1+1</f><v>2</v></c><c r="C1" t="inlineStr" s="4"><is><t></t></is></c><c r="D1" s="6"><v></v></c></row></sheetData>',
    );
    const r1 = run(xml, [edit(1, 1, 'a'), edit(1, 2, 'b'), edit(1, 3, 'c'), edit(1, 4, 'd')]);
    expect(r1.skipped.map((s) => [s.edit.col, s.reason])).toEqual([
      [1, 'not-empty'],
      [2, 'formula'],
    ]);
    expect(r1.written.map((e) => e.col)).toEqual([3, 4]);
    expect(r1.xml).toContain('<c r="C1" s="4" t="inlineStr"><is><t xml:space="preserve">c</t></is></c><c r="D1" s="6" t="inlineStr">');
    const r2 = run(xml, [edit(1, 1, 'a'), edit(1, 2, 'b')], true);
    expect(r2.skipped.map((s) => s.reason)).toEqual(['formula']);
    expect(r2.xml).toContain('<c r="A1" s="3" t="inlineStr"><is><t xml:space="preserve">a</t></is></c><c r="B1"><f>1+1</f>');
  });

  it('a shared string that is empty counts as empty (as the reader says)', () => {
    const xml = base('<sheetData><row r="1"><c r="A1" s="3" t="s"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row></sheetData>');
    const r = patchSheetXml(xml, 'sheet.xml', [edit(1, 1, 'a'), edit(1, 2, 'b')], false, ['filled', '']);
    expect(r.written.map((e) => e.col)).toEqual([1]);
    expect(r.skipped.map((s) => [s.edit.col, s.reason])).toEqual([[2, 'not-empty']]);
    expect(r.xml).toContain('<c r="A1" s="3" t="inlineStr"><is><t xml:space="preserve">a</t></is></c>');
  });

  it('encodes text safely', () => {
    expect(encodeCellText('a<b>&c\r\nd\re')).toBe('a&lt;b&gt;&amp;c\nd\ne');
    expect(encodeCellText('x\u0001\u0008y\uFFFE\uD800z')).toBe('xyz');
    expect(encodeCellText('_x000D_')).toBe('_x005F_x000D_');
    expect(encodeCellText('絵文字😀')).toBe('絵文字😀');
  });

  it('sets fullCalcOnLoad at the schema position', () => {
    const wb = (inner: string) => `<workbook xmlns="main"><sheets><sheet/></sheets>${inner}</workbook>`;
    expect(setFullCalcOnLoad(wb('<calcPr calcId="191029"/><extLst/>'), 'w')).toBe(wb('<calcPr calcId="191029" fullCalcOnLoad="1"/><extLst/>'));
    expect(setFullCalcOnLoad(wb('<calcPr fullCalcOnLoad="0"></calcPr>'), 'w')).toBe(wb('<calcPr fullCalcOnLoad="1"></calcPr>'));
    expect(
      setFullCalcOnLoad(
        wb('<definedNames><definedName name="a">S!A1</definedName></definedNames><oleSize ref="A1"/><extLst><ext><x:calcPr/></ext></extLst>'),
        'w',
      ),
    ).toBe(
      wb(
        '<definedNames><definedName name="a">S!A1</definedName></definedNames><calcPr fullCalcOnLoad="1"/><oleSize ref="A1"/><extLst><ext><x:calcPr/></ext></extLst>',
      ),
    );
    expect(setFullCalcOnLoad(wb(''), 'w')).toBe(wb('<calcPr fullCalcOnLoad="1"/>'));
    expect(setFullCalcOnLoad('<x:workbook xmlns:x="m"><x:sheets/></x:workbook>', 'w')).toBe(
      '<x:workbook xmlns:x="m"><x:sheets/><x:calcPr fullCalcOnLoad="1"/></x:workbook>',
    );
  });
});

describe('zip writer', () => {
  it('copies entries with data descriptors verbatim and re-reads', () => {
    const sheets = [
      { name: 'S', xml: sheetXml('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>q</t></is></c></row></sheetData>') },
      { name: 'T', xml: sheetXml('<sheetData/>') },
    ];
    const input = buildXlsx({ sheets, streaming: true, parts: { 'docProps/app.xml': '<Properties/>' } });
    const z = openZip(input);
    expect(z.entries.every((e) => (e.flags & 8) !== 0)).toBe(true);
    const res = patchWorkbook(input, [edit(1, 2, 'answer'), edit(4, 1, '改行\nあり', 'T')]);
    const after = readWorkbook(res.bytes);
    expect(text(after.sheets[0]!, 'B1')).toBe('answer');
    expect(text(after.sheets[1]!, 'A4')).toBe('改行\nあり');
    const a = entriesOf(input);
    const b = entriesOf(res.bytes);
    expect([...b.keys()]).toEqual([...a.keys()]);
    const changed = [...a.keys()].filter((k) => !sameBytes(a.get(k)!.raw, b.get(k)!.raw));
    expect(changed.sort()).toEqual(['xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']);
    expect(decodePart(b.get('xl/workbook.xml')!.data)).toContain('<calcPr fullCalcOnLoad="1"/></workbook>');
  });
});

describe('performance', () => {
  it('reads and patches a 20,000-row sheet quickly', () => {
    const rows: string[] = [];
    for (let r = 1; r <= 20_000; r++) {
      rows.push(
        `<row r="${r}"><c r="A${r}" t="s"><v>${r % 50}</v></c><c r="B${r}" t="inlineStr"><is><t>Question number ${r} about encryption &amp; keys?</t></is></c><c r="C${r}" s="1"/><c r="D${r}"><v>${r}.5</v></c><c r="E${r}"><f>D${r}*2</f><v>${r * 2 + 1}</v></c></row>`,
      );
    }
    const sst = `<sst>${Array.from({ length: 50 }, (_, i) => `<si><t>ID-${i}</t></si>`).join('')}</sst>`;
    const input = buildXlsx({ sst, sheets: [{ name: 'S', xml: sheetXml(`<sheetData>${rows.join('')}</sheetData>`) }] });
    // best of three: the suite runs files in parallel on shared machines
    let wb = readWorkbook(input);
    let readMs = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      wb = readWorkbook(input);
      readMs = Math.min(readMs, performance.now() - t0);
    }
    expect(wb.sheets[0]!.maxRow).toBe(20_000);
    expect(text(wb.sheets[0]!, 'B19999')).toBe('Question number 19999 about encryption & keys?');
    const edits = Array.from({ length: 5000 }, (_, i) => edit(i * 4 + 1, 3, `answer ${i}`));
    const t1 = performance.now();
    const res = patchWorkbook(input, edits);
    const patchMs = performance.now() - t1;
    expect(res.written).toHaveLength(5000);
    console.log(`20,000 rows: read ${readMs.toFixed(0)} ms, patch 5,000 cells ${patchMs.toFixed(0)} ms`);
    expect(readMs).toBeLessThan(1000);
    expect(patchMs).toBeLessThan(3000);
  });
});
