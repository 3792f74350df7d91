/** Nothing lost: no partial output after a refusal, no temp files, no replaced file without --force, the input untouched. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomic } from '../../src/node/write-file-atomic.js';
import { kotae, ROOT, tempDir } from '../helpers.js';
import { expectRefusal, put, questionnaireXlsx, run, sha } from './helpers.js';

describe('writeFilesAtomic: all or nothing', () => {
  it('a failing second file takes the first back (a new file is removed)', () => {
    const dir = tempDir('kotae-atomic-');
    mkdirSync(join(dir, 'report.xlsx'));
    writeFileSync(join(dir, 'report.xlsx', 'keep'), 'x'); // a non-empty folder: rename onto it fails, even for root
    expect(() =>
      writeFilesAtomic([
        { path: join(dir, 'out.xlsx'), data: 'new' },
        { path: join(dir, 'report.xlsx'), data: 'r' },
      ]),
    ).toThrow(/cannot write/);
    expect(readdirSync(dir).sort()).toEqual(['report.xlsx']);
  });

  it('a failing second file restores a replaced first one', () => {
    const dir = tempDir('kotae-atomic-');
    writeFileSync(join(dir, 'out.xlsx'), 'old');
    mkdirSync(join(dir, 'report.xlsx'));
    writeFileSync(join(dir, 'report.xlsx', 'keep'), 'x');
    expect(() =>
      writeFilesAtomic([
        { path: join(dir, 'out.xlsx'), data: 'new' },
        { path: join(dir, 'report.xlsx'), data: 'r' },
      ]),
    ).toThrow();
    expect(readFileSync(join(dir, 'out.xlsx'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['out.xlsx', 'report.xlsx']);
  });

  it('a missing folder for the second file: nothing written at all', () => {
    const dir = tempDir('kotae-atomic-');
    expect(() =>
      writeFilesAtomic([
        { path: join(dir, 'out.xlsx'), data: 'new' },
        { path: join(dir, 'nope', 'r.md'), data: 'r' },
      ]),
    ).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('success replaces both and leaves no temp or backup file', () => {
    const dir = tempDir('kotae-atomic-');
    writeFileSync(join(dir, 'out.xlsx'), 'old');
    writeFilesAtomic([
      { path: join(dir, 'out.xlsx'), data: 'new' },
      { path: join(dir, 'r.md'), data: 'r' },
    ]);
    expect(readdirSync(dir).sort()).toEqual(['out.xlsx', 'r.md']);
    expect(readFileSync(join(dir, 'out.xlsx'), 'utf8')).toBe('new');
  });
});

describe('a signal during the write', () => {
  // The write runs in a child process that sends itself the signal in the middle of it (after the
  // first temp file could exist, before any rename): deterministic, unlike a Ctrl-C from outside.
  const writeWithSignal = (signal: 'SIGINT' | 'SIGTERM', dir: string) =>
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
        const { withoutInterruption } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/node/write-file-atomic.js')).href)});
        const { writeFilesAtomic } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/node/write-file-atomic.js')).href)});
        const big = new Uint8Array(8 * 1024 * 1024).fill(7);
        await withoutInterruption(() => {
          process.kill(process.pid, ${JSON.stringify(signal)});
          writeFilesAtomic([{ path: ${JSON.stringify(join(dir, 'out.xlsx'))}, data: big }, { path: ${JSON.stringify(join(dir, 'out.report.xlsx'))}, data: 'report' }]);
        });
        process.stdout.write('not reached');
        `,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} is held until both files are in place, then stops the process`, () => {
      const dir = tempDir('kotae-signal-');
      const r = writeWithSignal(signal, dir);
      expect(r.signal).toBe(signal);
      expect(r.stdout).toBe('');
      expect(readdirSync(dir).sort()).toEqual(['out.report.xlsx', 'out.xlsx']);
      expect(readFileSync(join(dir, 'out.xlsx')).length).toBe(8 * 1024 * 1024);
      expect(readFileSync(join(dir, 'out.report.xlsx'), 'utf8')).toBe('report');
    });
  }
});

describe('the CLI never leaves half a result', () => {
  it('an existing output is not replaced without --force', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    const out = join(dirname(input), 'q.answered.xlsx');
    writeFileSync(out, 'precious');
    const r = run(['answer'], input);
    expectRefusal(r, /already exists/);
    expect(readFileSync(out, 'utf8')).toBe('precious');
  });

  it('an existing report is not replaced without --force, and the output is not written either', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    writeFileSync(join(dirname(input), 'q.report.xlsx'), 'precious');
    const r = run(['answer'], input);
    expectRefusal(r, /q\.report\.xlsx already exists/);
  });

  it('a report path that is a folder: refused before anything is written', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    mkdirSync(join(dirname(input), 'todo.md'));
    expectRefusal(run(['answer'], input, ['--report', join(dirname(input), 'todo.md'), '--force']), /is a folder/);
  });

  it('the output path is the input: refused', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    expectRefusal(run(['answer'], input, ['-o', input, '--force']), /is the input file/);
  });

  it('a report folder that does not exist: refused, no output written', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    expectRefusal(run(['answer'], input, ['--report', join(dirname(input), 'missing', 'r.md')]), /does not exist/);
  });

  it('an invalid bank after the workbook was read: no output, no report', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    const bank = tempDir('kotae-badbank-');
    writeFileSync(join(bank, 'broken.yaml'), '- id: a\n  answer: [unclosed\n');
    expectRefusal(run(['answer'], input, ['--bank', bank]), /answer bank has/);
  });

  it('success: exactly the output and the report appear, the input is unchanged', () => {
    const input = put('q.xlsx', questionnaireXlsx());
    const before = sha(input);
    const r = kotae(['answer', input]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dirname(input)).sort()).toEqual(['q.answered.xlsx', 'q.report.xlsx', 'q.xlsx']);
    expect(sha(input)).toBe(before);
  });
});
