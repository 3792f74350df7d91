/**
 * Round two of "nothing lost", on the output side: outputs compared as files, not strings (issue 18,
 * class 1); the answered copy's extension matches its content (class 10); outputs created
 * exclusively, so two runs to one output cannot both succeed (class 11); and errors that name the
 * user's path once, in words, never a temp file (class 14).
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { writeFilesAtomic } from '../../src/node/write-file-atomic.js';
import { BIN, kotae, ROOT, tempDir } from '../helpers.js';
import { buildXlsx, cell, expectRefusal, put, questionnaireXlsx, QUESTIONS, run, sha, sheetXml } from './helpers.js';

/** Runs the CLI without waiting, so that two runs overlap. */
function kotaeAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe('class 1: the output, the report and the input are compared as files', () => {
  it('--report naming the output through ./ and .. is refused before any work (even reading the input)', () => {
    const input = put('q.xlsx', 'not a workbook at all');
    const dir = dirname(input);
    mkdirSync(join(dir, 'sub'));
    const r = run(['answer'], input, ['-o', join(dir, 'out.xlsx'), '--report', `${join(dir, 'sub')}/../out.xlsx`]);
    expectRefusal(r, /the output and the report are the same file/);
  });

  it('a relative spelling of the output as the report (cwd-relative vs absolute)', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    const out = join(dirname(input), 'out.xlsx');
    const r = run(['answer'], input, ['-o', out, '--report', `./${relative(ROOT, out)}`]);
    expectRefusal(r, /same file/);
  });

  it('--report through a symlinked folder to the output', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    const dir = dirname(input);
    symlinkSync(dir, join(dir, 'alias'));
    const before = readdirSync(dir).sort();
    const r = kotae(['answer', input, '-o', join(dir, 'out.xlsx'), '--report', join(dir, 'alias', 'out.xlsx')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/same file/);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('--report as a symlink (dangling: the output is not written yet) to the output', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    const dir = dirname(input);
    symlinkSync(join(dir, 'out.xlsx'), join(dir, 'r.xlsx'));
    const r = kotae(['answer', input, '-o', join(dir, 'out.xlsx'), '--report', join(dir, 'r.xlsx'), '--force']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/same file/);
    expect(readdirSync(dir).sort()).toEqual(['q.xlsx', 'r.xlsx']);
  });

  it('-o as a hard link of the input (with --force): refused, the input untouched', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    const link = join(dirname(input), 'copy.xlsx');
    linkSync(input, link);
    expectRefusal(run(['answer'], input, ['-o', link, '--force']), /is the input file/);
  });

  it('--report as a symlink to the input (with --force): refused', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    const link = join(dirname(input), 'todo.csv');
    symlinkSync(input, link);
    expectRefusal(run(['answer'], input, ['--report', link, '--force']), /is the input file/);
  });

  it('-o naming the input through a symlinked folder and ..', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    const dir = dirname(input);
    mkdirSync(join(dir, 'a'));
    symlinkSync(dir, join(dir, 'a', 'up'));
    expectRefusal(run(['answer'], input, ['-o', join(dir, 'a', 'up', 'q.xlsx'), '--force']), /is the input file/);
  });

  it('distinct paths still work', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    const dir = dirname(input);
    const r = kotae(['answer', input, '-o', join(dir, 'out.xlsx'), '--report', join(dir, 'out.md')]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['out.md', 'out.xlsx', 'q.xlsx']);
  });
});

/** The questionnaire as an .xlsm (macro content type and a VBA part). */
function xlsm(): Uint8Array {
  const files = unzipSync(questionnaireXlsx());
  files['[Content_Types].xml'] = strToU8(
    strFromU8(files['[Content_Types].xml']!).replace(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
      'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
    ),
  );
  files['xl/vbaProject.bin'] = new Uint8Array(512).fill(7);
  return zipSync(files);
}

describe('class 10: the answered copy keeps an extension Excel accepts for its content', () => {
  it('.xlsm input with -o x.xlsx: refused with a hint, nothing written', () => {
    const input = put('m.xlsm', xlsm());
    expectRefusal(run(['answer'], input, ['-o', join(dirname(input), 'x.xlsx')]), /macro-enabled workbook.*\.xlsx.*\n.*hint: .*\.xlsm/);
  });

  it('an .xlsx named .xlsm-style output, and -o without extension: refused', () => {
    const input = put('p.xlsx', questionnaireXlsx());
    expectRefusal(run(['answer'], input, ['-o', join(dirname(input), 'x.xlsm')]), /without macros/);
    expectRefusal(run(['answer'], input, ['-o', join(dirname(input), 'filled')]), /without extension/);
  });

  it('.xlsm input with -o x.XLSM (any case) and with the default name: written', () => {
    const input = put('m.xlsm', xlsm());
    const r = kotae(['answer', input, '-o', join(dirname(input), 'x.XLSM'), '-q']);
    expect(r.code, r.stderr).toBe(0);
    const r2 = kotae(['answer', input, '-q']);
    expect(r2.code, r2.stderr).toBe(0);
    expect(readdirSync(dirname(input))).toContain('m.answered.xlsm');
  });
});

describe('class 11: outputs are created exclusively', () => {
  it('writeFilesAtomic without replace: an existing target is kept, the other file rolled back, no temp file', () => {
    const dir = tempDir('kotae-excl-');
    writeFileSync(join(dir, 'r.md'), 'theirs');
    let code = '';
    try {
      writeFilesAtomic(
        [
          { path: join(dir, 'out.xlsx'), data: 'mine' },
          { path: join(dir, 'r.md'), data: 'mine' },
        ],
        { replace: false },
      );
    } catch (e) {
      code = (e as { code: string }).code;
    }
    expect(code).toBe('OUTPUT_EXISTS');
    expect(readdirSync(dir)).toEqual(['r.md']);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('theirs');
  });

  it('writeFilesAtomic without replace: a symlink in the way counts as taken (never followed)', () => {
    const dir = tempDir('kotae-excl-');
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'out.xlsx'));
    expect(() => writeFilesAtomic([{ path: join(dir, 'out.xlsx'), data: 'mine' }], { replace: false })).toThrow(/already exists/);
    expect(readdirSync(dir)).toEqual(['out.xlsx']);
  });

  it('two runs to the same output without --force: exactly one succeeds, and its report goes with its workbook', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const dir = tempDir('kotae-race-');
      const a = join(dir, 'a.xlsx');
      const b = join(dir, 'b.xlsx');
      writeFileSync(a, questionnaireXlsx(QUESTIONS.slice(0, 4)));
      writeFileSync(b, questionnaireXlsx([...QUESTIONS, 'バックアップを取得していますか。']));
      const out = join(dir, 'out.xlsx');
      const rep = join(dir, 'out.json');
      const [ra, rb] = await Promise.all([
        kotaeAsync(['answer', a, '-o', out, '--report', rep, '-q']),
        kotaeAsync(['answer', b, '-o', out, '--report', rep, '-q']),
      ]);
      const codes = [ra.code, rb.code].sort();
      expect(codes, `${ra.stderr}\n${rb.stderr}`).toEqual([0, 2]);
      const loser = ra.code === 2 ? ra : rb;
      expect(loser.stderr).toMatch(/^error: .*already exists/m);
      expect(loser.stderr).not.toMatch(/\.tmp|\.bak/);
      const winner = ra.code === 0 ? a : b;
      expect(readdirSync(dir).sort()).toEqual(['a.xlsx', 'b.xlsx', 'out.json', 'out.xlsx']);
      const report = JSON.parse(readFileSync(rep, 'utf8')) as { input: string };
      expect(basename(report.input)).toBe(basename(winner));
      const rows = readWorkbook(new Uint8Array(readFileSync(out))).sheets[0]!.maxRow;
      expect(rows).toBe(winner === a ? 5 : 7);
    }
  });

  it('bank export without --force refuses an existing file (its write is the exclusive create tested above)', () => {
    const dir = tempDir('kotae-excl-');
    const out = join(dir, 'answers.md');
    expect(kotae(['bank', 'export', '-o', out]).code).toBe(0);
    const again = kotae(['bank', 'export', '-o', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
  });
});

describe('class 14: error wording', () => {
  const rootUser = process.getuid?.() === 0;

  it('an unwritable output folder: the path once, the errno once and in words, no temp-file name', () => {
    if (rootUser) {
      // root writes anywhere: a folder that cannot hold files is a path through a regular file
      const input = put('q.xlsx', questionnaireXlsx());
      const r = kotae(['answer', input, '-o', join(input, 'x.xlsx')]);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\.tmp|(\b[A-Z]{4,}\b).*\b\1\b/);
      return;
    }
    const input = put('q.xlsx', questionnaireXlsx());
    const dir = join(dirname(input), 'ro');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    const r = kotae(['answer', input, '-o', join(dir, 'x.xlsx')]);
    chmodSync(dir, 0o700);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/permission denied \(EACCES\)/);
    expect(r.stderr).not.toMatch(/EACCES.*EACCES/);
    expect(r.stderr).not.toMatch(/\.tmp/);
  });

  it('errnoText: one code, in words, no path', async () => {
    const { errnoText } = await import('../../src/node/write-file-atomic.js');
    const e = Object.assign(new Error("EACCES: permission denied, open '/x/.out.xlsx.123.ab12cd34.tmp'"), { code: 'EACCES' });
    expect(errnoText(e)).toBe('permission denied (EACCES)');
    const f = Object.assign(new Error("EWEIRD: odd, rename '/a/.t.tmp' -> '/a/t'"), { code: 'EWEIRD' });
    expect(errnoText(f)).toBe('EWEIRD');
  });

  it('a write that fails: the message names the output, not the temp file', () => {
    const dir = tempDir('kotae-err-');
    let msg = '';
    try {
      writeFilesAtomic([{ path: join(dir, 'missing-folder', 'out.xlsx'), data: 'x' }]);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toBe(`cannot write ${join(dir, 'missing-folder', 'out.xlsx')}: no such file or folder (ENOENT)`);
  });

  it('an unreadable input: "cannot read <path>: permission denied", the path once', () => {
    if (rootUser) return; // root reads everything
    const input = put('q.xlsx', questionnaireXlsx());
    chmodSync(input, 0o000);
    const r = kotae(['answer', input]);
    chmodSync(input, 0o600);
    expect(r.stderr).toMatch(/^error: cannot read .*q\.xlsx: permission denied \(EACCES\)$/m);
    expect(r.stderr.split(basename(input)).length - 1).toBe(1);
  });

  void sha;
});

describe('class 14, what else: bank import into a bank whose inbox cannot be made', () => {
  it('a file named inbox in the way: a one-line IO_ERROR, not "a bug in kotae"', () => {
    const bank = join(tempDir('kotae-bank-'), 'answer-bank');
    cpSync(join(ROOT, 'answer-bank'), bank, { recursive: true });
    writeFileSync(join(bank, 'inbox'), 'not a folder');
    // an answered row no entry knows becomes a draft in inbox/
    const rows = [`<row r="1">${cell('A1', 'No')}${cell('B1', '質問項目')}${cell('C1', '回答')}</row>`];
    ['オフィスの観葉植物に毎週水をやっていますか。', '社員食堂のメニューを毎月見直していますか。', '来客用の駐車場を用意していますか。'].forEach((q, i) =>
      rows.push(`<row r="${i + 2}">${cell(`A${i + 2}`, String(i + 1))}${cell(`B${i + 2}`, q)}${cell(`C${i + 2}`, 'はい')}</row>`),
    );
    const input = put('done.xlsx', buildXlsx({ sheets: [{ name: 'S', xml: sheetXml(`<sheetData>${rows.join('')}</sheetData>`) }] }));
    const r = kotae(['bank', 'import', input, '--bank', bank, '--source', 'Acme, 2025-09-01']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot (write|create the folder) .*inbox.*: [a-z ]+ \((ENOTDIR|EEXIST)\)$/m);
    expect(r.stderr).not.toMatch(/\.tmp|ENOTDIR.*ENOTDIR/);
    expect(r.stderr).not.toMatch(/bug in kotae|^\s+at /m);
  });
});

describe('what else of the same kind', () => {
  /** The questionnaire as a template: the workbook part's content type says so. */
  function template(macro = false): Uint8Array {
    const files = unzipSync(questionnaireXlsx());
    files['[Content_Types].xml'] = strToU8(
      strFromU8(files['[Content_Types].xml']!).replace(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
        macro ? 'application/vnd.ms-excel.template.macroEnabled.main+xml' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml',
      ),
    );
    if (macro) files['xl/vbaProject.bin'] = new Uint8Array(512).fill(7);
    return zipSync(files);
  }

  it('a template (.xltx) comes back as .xltx; -o x.xlsx is refused (Excel would not open a template under .xlsx)', () => {
    const input = put('t.xltx', template());
    const r = kotae(['answer', input, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dirname(input)).sort()).toEqual(['t.answered.xltx', 't.report.xlsx', 't.xltx']);
    expectRefusal(run(['answer'], put('t.xltx', template()), ['-o', join(tempDir(), 'x.xlsx')]), /a template \(\.xltx\)/);
  });

  it("the workbook part's content type decides, not a vbaProject.bin lying in a plain workbook", () => {
    // Excel opens a package only under the extension its workbook part's type names: a plain
    // workbook carrying a stray VBA part stays .xlsx (as .xlsm Excel would refuse it)
    const files = unzipSync(questionnaireXlsx());
    files['xl/vbaProject.bin'] = new Uint8Array(512).fill(7);
    expect(readWorkbook(zipSync(files)).kind).toBe('xlsx');
    expect(readWorkbook(xlsm()).kind).toBe('xlsm');
    // without an Override for the workbook part, the VBA part still marks it as macro-enabled
    files['[Content_Types].xml'] = strToU8(strFromU8(files['[Content_Types].xml']!).replace(/<Override PartName="\/xl\/workbook\.xml"[^>]*\/>/, ''));
    expect(readWorkbook(zipSync(files)).kind).toBe('xlsm');
  });

  it('a macro template (.xltm) keeps .xltm', () => {
    const input = put('m.xltm', template(true));
    const r = kotae(['answer', input, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dirname(input))).toContain('m.answered.xltm');
  });

  it('bank export into the bank folder (by any spelling) is refused: it could replace a bank file', () => {
    const bank = join(tempDir('kotae-bank-'), 'answer-bank');
    cpSync(join(ROOT, 'answer-bank'), bank, { recursive: true });
    const before = readFileSync(join(bank, 'README.md'));
    const r = kotae(['bank', 'export', '--bank', bank, '-o', join(bank, 'regulation', '..', 'README.md'), '--force', '--format', 'md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/inside the answer bank folder/);
    expect(readFileSync(join(bank, 'README.md')).equals(before)).toBe(true);
  });
});
