import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FIXTURES, kotae, readBytes, tempDir } from '../helpers.js';

/** The sample sheet turned into a macro-enabled workbook with a (dummy) VBA project part. */
function makeXlsm(dir: string): { path: string; vba: Uint8Array } {
  const files = unzipSync(readBytes(join(FIXTURES, 'sample-checksheet-ja.xlsx')));
  const ct = strFromU8(files['[Content_Types].xml'] as Uint8Array)
    .replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml')
    .replace('<Default Extension="xml"', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default Extension="xml"');
  files['[Content_Types].xml'] = strToU8(ct);
  const rels = strFromU8(files['xl/_rels/workbook.xml.rels'] as Uint8Array).replace(
    '</Relationships>',
    '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(rels);
  const vba = new Uint8Array(4096).map((_, i) => (i * 31 + 7) % 256);
  files['xl/vbaProject.bin'] = vba;
  const path = join(dir, 'macro-sheet.xlsm');
  writeFileSync(path, zipSync(files));
  return { path, vba };
}

describe('macro-enabled workbooks', () => {
  it('.xlsm comes back as .xlsm with its VBA project byte for byte', () => {
    const dir = tempDir();
    const { path, vba } = makeXlsm(dir);
    const r = kotae(['answer', path, '--report', join(dir, 'r.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = join(dir, 'macro-sheet.answered.xlsm');
    expect(existsSync(out)).toBe(true);
    const files = unzipSync(readBytes(out));
    expect(Buffer.compare(Buffer.from(files['xl/vbaProject.bin'] as Uint8Array), Buffer.from(vba))).toBe(0);
    expect(strFromU8(files['[Content_Types].xml'] as Uint8Array)).toContain('macroEnabled');
  });
});
