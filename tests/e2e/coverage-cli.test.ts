import ExcelJS from 'exceljs';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeShared, EVAL, kotae, SKIP_SHARED, tempDir } from '../helpers.js';

/** Every workbook below the eval folder, counted from the folder itself (its contents grow). */
function evalWorkbooks(): string[] {
  return (readdirSync(EVAL, { recursive: true }) as string[]).filter((f) => /\.xls[xm]$/i.test(f));
}

interface CoverageJson {
  min: number;
  pass: boolean;
  overall: { questions: number; answered: number; review: number; unmatched: number; answeredShare: number };
  sheets: { file: string; sheet: string; questions: number; answered: number }[];
  topics: { count: number; example: string }[];
  unusedEntries: { id: string }[];
  readable: number;
  unreadable: number;
  files: { file: string; error?: string }[];
}

describeShared('kotae coverage on the eval sheets', () => {
  it('prints per-sheet and overall figures and the top unmatched topics', () => {
    const r = kotae(['coverage', EVAL]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const books = evalWorkbooks();
    expect(books.length).toBeGreaterThanOrEqual(4);
    for (const f of books) expect(r.stdout).toContain(f.split(/[\\/]/).at(-1));
    expect(r.stdout).toMatch(/^overall\s+\d+\s+\d+/m);
    expect(r.stdout).toMatch(
      new RegExp(`overall: \\d+ question rows in \\d+ sheet\\(s\\) of ${books.length} workbook\\(s\\): answered \\d+ \\(\\d+\\.\\d%\\)`),
    );
    expect(r.stdout).toContain('top unmatched topics');
    expect(r.stdout).toContain('approved entries no sheet matched');
  });

  it('exits 1 below --min and 0 at or above it', () => {
    expect(kotae(['coverage', EVAL, '--min', '0.99']).code).toBe(1);
    expect(kotae(['coverage', EVAL, '--min', '1.5']).code).toBe(2);
    // --min 0.1 exits 0: see the json test below
  });

  it('--format json parses and agrees with itself; md is a table', () => {
    const r = kotae(['coverage', EVAL, '--format', 'json', '--min', '0.1']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as CoverageJson;
    const books = evalWorkbooks();
    expect(j.readable).toBe(books.length);
    expect(j.unreadable).toBe(0);
    expect(j.sheets.length).toBeGreaterThanOrEqual(books.length);
    const sum = j.sheets.reduce((n, s) => n + s.questions, 0);
    expect(j.overall.questions).toBe(sum);
    expect(j.overall.answered + j.overall.review + j.overall.unmatched).toBe(sum);
    expect(j.overall.answeredShare).toBeCloseTo(j.overall.answered / sum, 6);
    expect(j.pass).toBe(true);
    expect(j.topics.length).toBeGreaterThan(0);
    const md = kotae(['coverage', EVAL, '--format', 'md']);
    expect(md.stdout).toContain('| file | sheet | questions |');
  });

  it('reports an unreadable workbook and carries on; exits 2 when nothing could be read', () => {
    const dir = tempDir('kotae-cov-');
    mkdirSync(join(dir, 'sub'));
    copyFileSync(join(EVAL, 'saas-checksheet-ja.xlsx'), join(dir, 'sub', 'good.xlsx'));
    writeFileSync(join(dir, 'broken.xlsx'), 'not a zip');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const r = kotae(['coverage', dir, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as CoverageJson;
    expect(j.readable).toBe(1);
    expect(j.unreadable).toBe(1);
    expect(j.files.find((f) => f.file.endsWith('broken.xlsx'))?.error).toBeTruthy();
    const none = kotae(['coverage', join(dir, 'broken.xlsx')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('could be read');
  });
});

describe('kotae bank export', () => {
  it('writes the approved bank as markdown and xlsx, refuses to overwrite without --force', async () => {
    const dir = tempDir('kotae-export-');
    const md = join(dir, 'answers.md');
    const r = kotae(['bank', 'export', '-o', md, '--lang', 'en']);
    expect(r.code).toBe(0);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('| Category | Question | Answer | Remarks | Source | ID |');
    expect(text).toMatch(/\| (Yes|No|Partial|N\/A) \|/);
    expect(text).toContain('Information Security Regulation');
    expect(kotae(['bank', 'export', '-o', md]).code).toBe(2);
    expect(kotae(['bank', 'export', '-o', md, '--force', '--format', 'md']).code).toBe(0);

    const r2 = kotae(['bank', 'export'], { cwd: dir });
    expect(r2.code).toBe(0);
    const xlsx = join(dir, 'kotae-security-answers.xlsx');
    expect(existsSync(xlsx)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, '分類', '質問', '回答', '備考', '根拠', 'ID']);
    expect(['○', '×', '△', '－']).toContain(String(ws.getRow(2).getCell(3).value));
    expect(String(ws.getRow(2).getCell(4).value)).toContain('情報セキュリティ規定');
  });

  it.skipIf(SKIP_SHARED)('--coverage adds how often each entry was asked, most-asked first', () => {
    const dir = tempDir('kotae-export-');
    const md = join(dir, 'a.md');
    const r = kotae(['bank', 'export', '-o', md, '--coverage', EVAL]);
    expect(r.code).toBe(0);
    const rows = readFileSync(md, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| 分類'));
    const counts = rows.map((l) => Number(l.split(' | ').at(-2)));
    expect(counts[0]).toBeGreaterThan(0);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
  });
});
