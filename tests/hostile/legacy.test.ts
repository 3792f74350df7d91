/** Legacy .xls and OpenDocument .ods: converted with LibreOffice when it is installed, else a clear LEGACY_FORMAT. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { legacyKind } from '../../src/node/convert-legacy.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { hasSoffice, kotae, tempDir } from '../helpers.js';
import { cfb, expectRefusal, odsLike, put, questionnaireXlsx, run, sha } from './helpers.js';

const soffice = hasSoffice();

/** Converts the questionnaire to .xls / .ods with LibreOffice, in a temp dir with its own profile. */
function makeLegacy(ext: 'xls' | 'ods'): string {
  const src = put('questions.xlsx', questionnaireXlsx());
  const dir = dirname(src);
  const profile = tempDir('kotae-lo-profile-');
  const r = spawnSync(
    'soffice',
    [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', ext, '--outdir', dir, src],
    { encoding: 'utf8', timeout: 120_000, env: { ...process.env, HOME: profile } },
  );
  rmSync(profile, { recursive: true, force: true });
  rmSync(src);
  const out = join(dir, `questions.${ext}`);
  if (!existsSync(out)) throw new Error(`soffice did not convert: ${r.stderr}`);
  return out;
}

const convertTemps = () =>
  readdirSync(tmpdir())
    .filter((f) => f.startsWith('kotae-convert-'))
    .sort();

describe.skipIf(!soffice)('with LibreOffice installed', () => {
  for (const ext of ['xls', 'ods'] as const) {
    it(`an .${ext} is converted, answered, and the output is an .xlsx`, () => {
      const input = makeLegacy(ext);
      expect(legacyKind(new Uint8Array(readFileSync(input)))).toBe(ext);
      const before = sha(input);
      const temps = convertTemps();
      const r = kotae(['answer', input, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/note: .*converted to \.xlsx with LibreOffice/);
      const out = join(dirname(input), 'questions.answered.xlsx');
      expect(JSON.parse(r.stdout).output).toBe(out);
      const wb = readWorkbook(new Uint8Array(readFileSync(out)));
      expect(wb.kind).toBe('xlsx');
      const answered = [...wb.sheets[0]!.rows.values()].filter((row) => ['○', '×'].includes(row.get(3)?.text ?? ''));
      expect(answered.length).toBe((JSON.parse(r.stdout) as { totals: { answered: number } }).totals.answered);
      expect(answered.length).toBeGreaterThan(0);
      expect(sha(input)).toBe(before);
      expect(convertTemps()).toEqual(temps); // the private temp folder is gone
      const ins = kotae(['inspect', input]);
      expect(ins.code, ins.stderr).toBe(0);
      expect(ins.stdout).toMatch(/questionnaire/);
    });
  }

  it('-o must name an .xlsx for a converted workbook', () => {
    const input = makeLegacy('xls');
    const r = run(['answer'], input, ['-o', join(dirname(input), 'out.xls')]);
    expectRefusal(r, /ending in \.xlsx/, 60_000); // includes a LibreOffice cold start
  });
});

describe('without LibreOffice', () => {
  it('.xls and .ods: LEGACY_FORMAT explains how to convert', () => {
    // hand-made outlines: the detection needs no soffice
    const files = [put('old.xls', cfb(['Workbook', 'SummaryInformation'])), put('calc.ods', odsLike())];
    for (const file of files) {
      for (const cmd of [['answer'], ['inspect']]) {
        const r = run(cmd, file, [], { PATH: '/nonexistent' });
        expectRefusal(r, /LibreOffice \(soffice\) is not installed/);
        expect(r.stderr).toMatch(/hint: .*Save As/);
        expect(r.stderr).toMatch(file.endsWith('.xls') ? /Excel 97-2003/ : /OpenDocument/);
      }
    }
  });

  it('a damaged .xls: a clean refusal, no temp folder left behind', { skip: !soffice }, () => {
    const temps = convertTemps();
    const r = run(['answer'], put('broken.xls', cfb(['Workbook'])));
    expectRefusal(r, undefined, 60_000); // LibreOffice opens it as something (no questionnaire) or fails: either way a clean refusal
    expect(convertTemps()).toEqual(temps);
  });
});
