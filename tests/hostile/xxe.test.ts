/**
 * DTDs and entity declarations in any part kotae reads are refused before parsing: no entity is
 * ever expanded, and no local file (here /etc/passwd) reaches stdout, stderr or an output file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchWorkbook } from '../../src/workbook/patch-cells.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { expectRefusal, put, questionnaireXlsx, rezip, run } from './helpers.js';
import { unzipSync, strFromU8 } from 'fflate';

const XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';

/** Inject the DTD right after the XML declaration (or at the start) of a part, and use the entity in it. */
function poison(xml: string): string {
  const withDtd = xml.startsWith('<?xml') ? xml.replace(/\?>/, `?>${XXE}`) : `${XXE}${xml}`;
  // reference the entities where text is allowed (a <t> or the first element's content)
  return withDtd.includes('<t xml:space="preserve">') ? withDtd.replace('<t xml:space="preserve">', '<t xml:space="preserve">&xxe;&lol2;') : withDtd;
}

const PASSWD = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8') : 'root:x:0:0:';
const MARKER = PASSWD.split('\n')[0]!.slice(0, 12) || 'root:x:0:0';

const PARTS = [
  '[Content_Types].xml',
  '_rels/.rels',
  'xl/_rels/workbook.xml.rels',
  'xl/workbook.xml',
  'xl/worksheets/sheet1.xml',
  'xl/worksheets/sheet2.xml',
  'xl/sharedStrings.xml',
  'xl/styles.xml',
];

function base(): Uint8Array {
  const files = unzipSync(questionnaireXlsx());
  // a second sheet, shared strings and styles, so that every kind of part exists
  const b = rezip(questionnaireXlsx(), {
    'xl/worksheets/sheet2.xml': strFromU8(files['xl/worksheets/sheet1.xml']!),
    'xl/workbook.xml': strFromU8(files['xl/workbook.xml']!).replace('</sheets>', '<sheet name="Sheet2" sheetId="2" r:id="rId2"/></sheets>'),
    'xl/_rels/workbook.xml.rels': strFromU8(files['xl/_rels/workbook.xml.rels']!).replace(
      '</Relationships>',
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    ),
    'xl/sharedStrings.xml':
      '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t xml:space="preserve">質問</t></si></sst>',
    'xl/styles.xml':
      '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>',
  });
  return b;
}

describe('XXE and entity bombs in every part read', () => {
  it("the clean base workbook is answered (so each refusal below is the DTD's doing)", () => {
    const wb = readWorkbook(base());
    expect(wb.sheets.length).toBe(2);
  });

  for (const part of PARTS) {
    it(`a DTD in ${part}: UNSAFE_XML, /etc/passwd nowhere`, () => {
      const files = unzipSync(base());
      const original = files[part];
      expect(original, part).toBeDefined();
      const hostile = rezip(base(), { [part]: poison(strFromU8(original!)) });
      expect(() => readWorkbook(hostile)).toThrow(/DOCTYPE or entity declaration/);
      for (const cmd of [['answer'], ['inspect']]) {
        const input = put('xxe.xlsx', hostile);
        const r = run(cmd, input, ['--json']);
        expectRefusal(r, /DOCTYPE or entity declaration/);
        for (const text of [r.stdout, r.stderr]) {
          expect(text).not.toContain(MARKER);
          expect(text).not.toContain('lollollol');
        }
        // nothing was written, so nothing can carry the file
        expect(readdirSync(dirname(input))).toEqual(['xxe.xlsx']);
      }
    });
  }

  it('the patcher refuses a DTD in the sheet it would write to', () => {
    const hostile = rezip(base(), { 'xl/worksheets/sheet1.xml': poison(strFromU8(unzipSync(base())['xl/worksheets/sheet1.xml']!)) });
    expect(() => patchWorkbook(hostile, [{ sheet: 'チェックシート', row: 2, col: 3, value: '○' }])).toThrow(/DOCTYPE/);
  });

  it('an undeclared entity reference is kept as written, never resolved', () => {
    const files = unzipSync(base());
    const xml = strFromU8(files['xl/worksheets/sheet1.xml']!).replace('<t xml:space="preserve">', '<t xml:space="preserve">&xxe;');
    const wb = readWorkbook(rezip(base(), { 'xl/worksheets/sheet1.xml': xml }));
    const texts = [...wb.sheets[0]!.rows.values()].flatMap((r) => [...r.values()].map((c) => c.text));
    expect(texts.some((t) => t.includes('&xxe;'))).toBe(true);
    expect(texts.join('\n')).not.toContain(MARKER);
  });
});
