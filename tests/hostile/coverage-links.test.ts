/**
 * Issue 18, class 13: `coverage DIR` and symbolic links. Links to workbooks are followed (a workbook
 * reached by two names is read once), linked folders are searched, and what is skipped (a broken
 * link, a link that loops back) is listed with the reason — never silently.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectWorkbooks, type SkippedPath } from '../../src/node/coverage-run.js';
import { kotae, tempDir } from '../helpers.js';
import { questionnaireXlsx, QUESTIONS } from './helpers.js';

function tree(): { dir: string; elsewhere: string } {
  const dir = tempDir('kotae-cov-links-');
  const elsewhere = tempDir('kotae-cov-elsewhere-');
  writeFileSync(join(dir, 'a.xlsx'), questionnaireXlsx());
  writeFileSync(join(elsewhere, 'b.xlsx'), questionnaireXlsx(QUESTIONS.slice(0, 4)));
  mkdirSync(join(elsewhere, 'more'));
  writeFileSync(join(elsewhere, 'more', 'c.xlsx'), questionnaireXlsx(QUESTIONS.slice(1)));
  symlinkSync(join(dir, 'a.xlsx'), join(dir, 'a-again.xlsx')); // the same workbook by a second name
  symlinkSync(join(elsewhere, 'b.xlsx'), join(dir, 'b-link.xlsx')); // a workbook elsewhere
  symlinkSync(join(elsewhere, 'more'), join(dir, 'more-link')); // a folder elsewhere
  symlinkSync(join(dir, 'gone.xlsx'), join(dir, 'broken.xlsx')); // a link to nothing
  mkdirSync(join(dir, 'sub'));
  symlinkSync(dir, join(dir, 'sub', 'loop')); // back up: a loop
  return { dir, elsewhere };
}

describe('coverage and symbolic links', () => {
  it('collectWorkbooks: links to files once, linked folders searched, broken links and loops listed', () => {
    const { dir } = tree();
    const skipped: SkippedPath[] = [];
    const files = collectWorkbooks([dir], skipped).map((f) => f.slice(dir.length + 1));
    expect(files).toEqual(['a.xlsx', 'b-link.xlsx', 'more-link/c.xlsx']);
    expect(skipped.map((s) => [s.path.slice(dir.length + 1), s.reason])).toEqual([
      ['broken.xlsx', 'a symbolic link to nothing (broken link)'],
      ['sub/loop', 'a symbolic link back into a folder already being searched (a loop)'],
    ]);
  });

  it('kotae coverage: the linked workbooks are counted, the skipped ones listed with the reason, in seconds', () => {
    const { dir } = tree();
    const r = kotae(['coverage', dir, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    const json = JSON.parse(r.stdout) as { files: { file: string; error?: string }[]; readable: number };
    expect(json.readable).toBe(3);
    const errors = json.files.filter((f) => f.error).map((f) => `${f.file.slice(dir.length + 1)}: ${f.error}`);
    expect(errors).toEqual([
      'broken.xlsx: skipped: a symbolic link to nothing (broken link)',
      'sub/loop: skipped: a symbolic link back into a folder already being searched (a loop)',
    ]);
  });
});

describe('what else: paths that are not regular files', () => {
  it('coverage on a FIFO named .xlsx: skipped with the reason, no hang', () => {
    const dir = tempDir('kotae-cov-fifo-');
    const fifo = join(dir, 'pipe.xlsx');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    writeFileSync(join(dir, 'a.xlsx'), questionnaireXlsx());
    const r = kotae(['coverage', fifo, join(dir, 'a.xlsx'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    const json = JSON.parse(r.stdout) as { files: { file: string; error?: string }[] };
    expect(json.files.find((f) => f.file === fifo)?.error).toBe('skipped: not a regular file');
  });
});
