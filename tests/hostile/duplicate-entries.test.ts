/**
 * Issue 18, class 5: a package with two entries of one name (or names equal after case folding,
 * `\` → `/`, a leading `/`), or whose local header names another entry than its central record.
 * Readers disagree on which one counts, so kotae could answer a sheet Excel never shows and write
 * it over the visible one: refused, by every command.
 */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { foldEntryName } from '../../src/workbook/zip.js';
import { kotae } from '../helpers.js';
import { codeOf, expectRefusal, put, questionnaireXml, QUESTIONS, run, sheetXml } from './helpers.js';
import { buildXlsx } from '../workbook/helpers.js';

const VISIBLE = 'xl/worksheets/sheet1.xml';
const DECOY = 'xl/worksheets/sheetZ.xml';

/**
 * A workbook whose sheet part appears twice: the visible questionnaire, then a decoy entry renamed to
 * `as` (same byte length as `VISIBLE`) in the central directory and/or the local header.
 */
function duplicated(as: string, where: 'both' | 'local' = 'both'): Uint8Array {
  const good = buildXlsx({ sheets: [{ name: 'チェックシート', xml: questionnaireXml(QUESTIONS) }] });
  // the same package plus the decoy part, which holds other questions
  const decoy = strToU8(questionnaireXml(['ファイアウォールを設置していますか。', ...QUESTIONS.slice(1)]));
  const files: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(unzipSync(good))) files[k] = v;
  files[DECOY] = decoy;
  const bytes = zipSync(files, { level: 6 });
  const from = strToU8(DECOY);
  const to = strToU8(as);
  if (from.length !== to.length) throw new Error('same length only');
  const out = bytes.slice();
  const find = (sig: number[], start: number): number => {
    for (let i = start; i < out.length - from.length; i++) {
      if (out[i] === sig[0] && out[i + 1] === sig[1] && out[i + 2] === sig[2] && out[i + 3] === sig[3]) return i;
    }
    return -1;
  };
  // rename in every header that carries the decoy's name
  for (const [sig, nameAt] of [
    [[0x50, 0x4b, 0x03, 0x04], 30],
    [[0x50, 0x4b, 0x01, 0x02], 46],
  ] as const) {
    if (where === 'local' && nameAt === 46) continue;
    for (let p = find([...sig], 0); p >= 0; p = find([...sig], p + 4)) {
      const at = p + nameAt;
      if (Buffer.from(out.subarray(at, at + from.length)).equals(Buffer.from(from))) out.set(to, at);
    }
  }
  return out;
}

describe('duplicate zip entry names', () => {
  const cases: Array<[string, string, 'both' | 'local']> = [
    ['the same name twice', VISIBLE, 'both'],
    ['names equal after case folding', 'XL/Worksheets/SHEET1.xml', 'both'],
    ['names equal after \\ → /', 'xl\\worksheets\\sheet1.xml', 'both'],
    ['a local header naming another part than its central record', VISIBLE, 'local'],
  ];
  for (const [what, as, where] of cases) {
    it(`${what}: CORRUPT_ZIP from the reader`, () => {
      const bytes = duplicated(as, where);
      expect(codeOf(() => readWorkbook(bytes))).toBe('CORRUPT_ZIP');
    });
  }

  it('kotae answer refuses, names the entry, writes nothing', () => {
    const input = put('dup.xlsx', duplicated(VISIBLE));
    expectRefusal(run(['answer'], input), /two zip entries named "xl\/worksheets\/sheet1\.xml"/);
  });

  it('kotae inspect and bank import refuse too; coverage lists the file as not read', () => {
    const input = put('dup.xlsx', duplicated('XL/Worksheets/SHEET1.xml'));
    expectRefusal(run(['inspect'], input), /two zip entries/);
    expectRefusal(run(['bank', 'import'], input, ['--source', 'Acme, 2025-01-01', '--dry-run']), /two zip entries/);
    const r = kotae(['coverage', input]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/two zip entries/);
  });

  it('foldEntryName', () => {
    expect(foldEntryName('/XL\\Worksheets/Sheet1.XML')).toBe('xl/worksheets/sheet1.xml');
  });

  it('a workbook without duplicates still reads', () => {
    expect(readWorkbook(buildXlsx({ sheets: [{ name: 'S', xml: sheetXml('<sheetData/>') }] })).sheets).toHaveLength(1);
  });
});
