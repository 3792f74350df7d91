import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/node/write-file-atomic.js';
import { patchWorkbook } from '../../src/workbook/patch-cells.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import type { CellEdit, WorkbookModel } from '../../src/workbook/model.js';
import { colFromLetters } from '../../src/workbook/refs.js';
import { decodePart } from '../../src/workbook/xml.js';
import { openZip } from '../../src/workbook/zip.js';
import { entriesOf, evalSheet, EVAL_FILES, real, REAL_FILES, sameBytes } from './helpers.js';
import { SKIP_SHARED, tempDir } from '../helpers.js';

const JA = '回答：対応済み\n詳細は<規程 & 手順>を参照';

const CASES: Array<{ label: string; bytes: () => Uint8Array; sheet?: string }> = [
  { label: 'CAIQ blank', bytes: () => real(REAL_FILES.caiqBlank), sheet: 'CAIQv4.0.3' },
  { label: 'CAIQ completed', bytes: () => real(REAL_FILES.caiqDone), sheet: 'CAIQv4.0.3' },
  { label: 'CCM', bytes: () => real(REAL_FILES.ccm), sheet: 'CCM' },
  { label: 'HECVAT 4.1.4', bytes: () => real(REAL_FILES.hecvat4), sheet: 'Organization' },
  { label: 'HECVAT 3', bytes: () => real(REAL_FILES.hecvat3), sheet: 'HECVAT - Full' },
  { label: 'OWASP mobile ja', bytes: () => real(REAL_FILES.owaspMobile), sheet: 'Security Requirements - Android' },
  { label: 'DevSecOps ja', bytes: () => real(REAL_FILES.devsecops), sheet: 'Interview' },
  { label: 'METI ja', bytes: () => real(REAL_FILES.meti) },
  { label: 'IPA ja', bytes: () => real(REAL_FILES.ipa) },
  ...EVAL_FILES.map((f) => ({ label: `eval ${f}`, bytes: () => evalSheet(f) })),
];

/** Rows and <c> elements as they are in the XML (not the model, which drops empty cells). */
function xmlLayout(xml: string): Map<number, Set<number>> {
  const rows = new Map<number, Set<number>>();
  for (const m of xml.matchAll(/<row\b[^>]*?\sr="(\d+)"/g)) rows.set(Number(m[1]), new Set());
  for (const m of xml.matchAll(/<c\b[^>]*?\sr="([A-Z]+)(\d+)"/g)) rows.get(Number(m[2]))?.add(colFromLetters(m[1]!));
  return rows;
}

function pickEdits(bytes: Uint8Array, wb: WorkbookModel, sheetName: string) {
  const s = wb.sheets.find((x) => x.name === sheetName)!;
  const xml = decodePart(openZip(bytes).read(s.part));
  const layout = xmlLayout(xml);
  const maxXmlRow = Math.max(0, ...layout.keys());
  const textAt = (r: number, c: number) => s.rows.get(r)?.get(c);
  const edits: CellEdit[] = [];
  const used = new Set<string>();
  const add = (row: number, col: number, value: string) => {
    used.add(`${row}:${col}`);
    const e = { sheet: sheetName, row, col, value };
    edits.push(e);
    return e;
  };
  // 1. a row that does not exist in the XML
  const newRow = add(maxXmlRow + 3, 3, 'Yes');
  // 2. an existing row with no <c> in that column; 3. Japanese text with a line break and <&>
  const candidates = [...layout.entries()].filter(([r]) => r > 1).sort((a, b) => a[0] - b[0]);
  const noCell: CellEdit[] = [];
  for (const [r, cols] of candidates) {
    for (let c = 2; c <= 30 && noCell.length < 2; c++) {
      if (!cols.has(c) && !textAt(r, c) && !used.has(`${r}:${c}`)) {
        noCell.push(add(r, c, noCell.length === 0 ? 'No' : JA));
        break;
      }
    }
    if (noCell.length >= 2) break;
  }
  // 4. an existing but empty (styled) <c>
  let styled: { edit: CellEdit; style: number | undefined } | undefined;
  const styleRe = /<c\b([^>]*?)\sr="([A-Z]+)(\d+)"([^>]*?)(\/>|><\/c>)/g;
  for (const m of xml.matchAll(styleRe)) {
    const r = Number(m[3]);
    const c = colFromLetters(m[2]!);
    if (textAt(r, c) || used.has(`${r}:${c}`)) continue;
    const sm = /\ss="(\d+)"/.exec(m[1]! + m[4]!);
    styled = { edit: add(r, c, 'N/A'), style: sm ? Number(sm[1]) : undefined };
    break;
  }
  // 5. a formula cell and 6. a non-empty cell must be refused
  const cells = [...s.rows.values()].flatMap((r) => [...r.values()]);
  const formula = cells.find((c) => c.formula);
  const filled = cells.find((c) => !c.formula && c.text !== '');
  const fEdit = formula ? add(formula.row, formula.col, 'X') : undefined;
  const nEdit = filled ? add(filled.row, filled.col, 'X') : undefined;
  return { s, edits, newRow, noCell, styled, fEdit, nEdit };
}

function sameCells(a: WorkbookModel, b: WorkbookModel, skip: Set<string>) {
  expect(b.sheets.map((s) => s.name)).toEqual(a.sheets.map((s) => s.name));
  for (const sa of a.sheets) {
    const sb = b.sheets.find((s) => s.name === sa.name)!;
    const flat = (m: typeof sa) => [...m.rows.values()].flatMap((r) => [...r.values()]).filter((c) => m !== sa || !skip.has(`${sa.name}!${c.row}:${c.col}`));
    const cb = [...sb.rows.values()].flatMap((r) => [...r.values()]).filter((c) => !skip.has(`${sa.name}!${c.row}:${c.col}`));
    expect(cb).toEqual(flat(sa));
    expect(sb.merges).toEqual(sa.merges);
    expect(sb.validations).toEqual(sa.validations);
    expect([...sb.hiddenRows]).toEqual([...sa.hiddenRows]);
    expect(sb.hiddenColRanges).toEqual(sa.hiddenColRanges);
  }
}

describe.skipIf(SKIP_SHARED).each(CASES)('patch $label', ({ bytes, sheet }) => {
  it('writes into empty cells only, and changes nothing else', () => {
    const input = bytes();
    const before = readWorkbook(input);
    const target = sheet ?? [...before.sheets].filter((s) => s.state === 'visible').sort((x, y) => y.rows.size - x.rows.size)[0]!.name;
    const pick = pickEdits(input, before, target);
    expect(pick.noCell.length).toBe(2);

    const t0 = performance.now();
    const res = patchWorkbook(input, pick.edits);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(2000);

    const expectedSkips = [
      ...(pick.fEdit ? [{ edit: pick.fEdit, reason: 'formula' }] : []),
      ...(pick.nEdit ? [{ edit: pick.nEdit, reason: 'not-empty' }] : []),
    ];
    expect(res.skipped).toHaveLength(expectedSkips.length);
    expect(res.skipped).toEqual(expect.arrayContaining(expectedSkips));
    const wanted = [pick.newRow, ...pick.noCell, ...(pick.styled ? [pick.styled.edit] : [])];
    expect(res.written).toEqual(wanted);

    const after = readWorkbook(res.bytes);
    const s2 = after.sheets.find((x) => x.name === target)!;
    for (const e of wanted) expect(s2.rows.get(e.row)?.get(e.col)?.text).toBe(e.value);
    expect(s2.rows.get(pick.newRow.row)?.get(3)?.type).toBe('inlineStr');
    if (pick.styled) expect(s2.rows.get(pick.styled.edit.row)?.get(pick.styled.edit.col)?.style).toBe(pick.styled.style);
    if (pick.fEdit) expect(s2.rows.get(pick.fEdit.row)?.get(pick.fEdit.col)).toEqual(pick.s.rows.get(pick.fEdit.row)?.get(pick.fEdit.col));

    // every other cell of every sheet reads the same
    sameCells(before, after, new Set(wanted.map((e) => `${target}!${e.row}:${e.col}`)));

    // zip fidelity: same entries in the same order, untouched ones byte-identical (compressed)
    const ea = entriesOf(input);
    const eb = entriesOf(res.bytes);
    expect([...eb.keys()]).toEqual([...ea.keys()]);
    const wbPart = openZip(input).entries.find((e) => /workbook\.xml$/.test(e.name) && !e.name.includes('_rels'))!.name;
    for (const [name, a] of ea) {
      const b = eb.get(name)!;
      if (name === pick.s.part || name === wbPart) {
        expect(sameBytes(a.data, b.data), name).toBe(false);
      } else {
        expect(sameBytes(a.raw, b.raw), name).toBe(true);
      }
    }
    const wbXml = decodePart(eb.get(wbPart)!.data);
    expect(wbXml.match(/<calcPr\b[^>]*fullCalcOnLoad="1"/g)).toHaveLength(1);
  });
});

describe('patch options and atomic write', () => {
  it.skipIf(SKIP_SHARED)('overwrite writes into filled cells but never into formulas', () => {
    const input = real(REAL_FILES.hecvat4);
    const wb = readWorkbook(input, { sheets: ['Organization'] });
    const cells = [...wb.sheets[0]!.rows.values()].flatMap((r) => [...r.values()]);
    const f = cells.find((c) => c.formula)!;
    const t = cells.find((c) => !c.formula && c.text !== '')!;
    const res = patchWorkbook(
      input,
      [
        { sheet: 'Organization', row: f.row, col: f.col, value: 'x' },
        { sheet: 'Organization', row: t.row, col: t.col, value: 'replaced' },
      ],
      { overwrite: true },
    );
    expect(res.skipped.map((s) => s.reason)).toEqual(['formula']);
    const again = readWorkbook(res.bytes, { sheets: ['Organization'] }).sheets[0]!;
    const c = again.rows.get(t.row)?.get(t.col);
    expect(c).toMatchObject({ text: 'replaced', type: 'inlineStr' });
    expect(c?.style).toBe(t.style);
  });

  it.skipIf(SKIP_SHARED)('no edits (or only refused ones) returns the input unchanged', () => {
    const input = evalSheet('saas-checksheet-ja.xlsx');
    expect(patchWorkbook(input, []).bytes).toBe(input);
  });

  it.skipIf(SKIP_SHARED)('unknown sheet and out-of-range cells are KotaeErrors', () => {
    const input = evalSheet('saas-checksheet-ja.xlsx');
    expect(() => patchWorkbook(input, [{ sheet: 'nope', row: 1, col: 1, value: 'x' }])).toThrow(expect.objectContaining({ code: 'SHEET_NOT_FOUND' }));
    expect(() => patchWorkbook(input, [{ sheet: 'チェックシート', row: 0, col: 1, value: 'x' }])).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });

  it('writeFileAtomic writes, replaces and leaves no temp files', () => {
    const dir = tempDir('kotae-wb-');
    try {
      const p = join(dir, 'out.xlsx');
      writeFileAtomic(p, new Uint8Array([1, 2, 3]));
      writeFileAtomic(p, 'text');
      expect(readFileSync(p, 'utf8')).toBe('text');
      expect(readdirSync(dir)).toEqual(['out.xlsx']);
      expect(() => writeFileAtomic(join(dir, 'missing', 'x.xlsx'), 'x')).toThrow(expect.objectContaining({ code: 'IO_ERROR' }));
      expect(readdirSync(dir)).toEqual(['out.xlsx']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const soffice = spawnSync('which', ['soffice']).status === 0;
describe.skipIf(!soffice || SKIP_SHARED)('LibreOffice opens the patched files', () => {
  /** Convert every sheet to CSV with a private LibreOffice profile; returns sheet name → CSV text. */
  function toCsv(bytes: Uint8Array, dir: string, base: string): Map<string, string> {
    const p = join(dir, `${base}.xlsx`);
    writeFileSync(p, bytes);
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        '--outdir',
        dir,
        p,
      ],
      { timeout: 120_000, stdio: 'ignore' },
    );
    const out = new Map<string, string>();
    for (const f of readdirSync(dir))
      if (f.startsWith(`${base}-`) && f.endsWith('.csv')) out.set(f.slice(base.length + 1, -4), readFileSync(join(dir, f), 'utf8'));
    return out;
  }

  it('HECVAT 4.1.4 and an eval sheet convert to CSV with the written values', () => {
    const dir = tempDir('kotae-wb-lo-');
    try {
      const h = patchWorkbook(real(REAL_FILES.hecvat4), [
        { sheet: 'Organization', row: 22, col: 3, value: 'Yes' },
        { sheet: 'Organization', row: 22, col: 4, value: JA },
        { sheet: 'Organization', row: 300, col: 2, value: 'kotae-was-here' },
      ]);
      expect(h.written).toHaveLength(3);
      const csv = toCsv(h.bytes, dir, 'h4');
      const org = csv.get('Organization')!;
      expect(org).toContain('kotae-was-here');
      expect(org).toContain(JA);
      expect(org.split('\n').find((l) => l.startsWith('DOCU-01'))).toMatch(/,Yes,/);
      expect(csv.size).toBe(15);

      const q = patchWorkbook(evalSheet('security-questions-ja.xlsx'), [{ sheet: 'セキュリティ質問', row: 40, col: 2, value: '◯ 対応済み' }]);
      expect(toCsv(q.bytes, dir, 'sq').get('セキュリティ質問')).toContain('◯ 対応済み');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
