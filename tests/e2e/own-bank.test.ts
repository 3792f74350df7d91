/**
 * Running kotae outside the clone (issue 14, item 5): which answer bank answers, and that the run
 * says so — `./answer-bank` of the working folder, else the bank shipped with kotae, or `--bank`.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, kotae, ROOT, tempDir } from '../helpers.js';

const SAMPLE = join(FIXTURES, 'sample-checksheet-ja.xlsx');

/** A bank of one entry, so that what it answers shows whose bank it was. */
function ownBank(dir: string): string {
  const bank = join(dir, 'answer-bank');
  mkdirSync(join(bank, 'regulation'), { recursive: true });
  cpSync(join(ROOT, 'answer-bank', 'regulation', 'regulation.txt'), join(bank, 'regulation', 'regulation.txt'));
  writeFileSync(
    join(bank, 'access.yaml'),
    [
      '- id: own.shared-accounts',
      '  category: アクセス制御',
      '  questions: [共有アカウントを使用していますか。, Do you use shared accounts?]',
      '  answer: no',
      '  remarks: { ja: 共有アカウントは使用しません。, en: Shared accounts are not used. }',
      '  source: { regulation: ["5.1"] }',
      '  reviewed: 2026-12-01',
      '  owner: CTO',
      '',
    ].join('\n'),
  );
  return bank;
}

const lastLine = (out: string) => out.trim().split('\n').at(-1) ?? '';

describe('which answer bank answers outside the clone', () => {
  it("./answer-bank of the working folder, named on the summary's last line", () => {
    const dir = tempDir();
    const bank = ownBank(dir);
    const r = kotae(['answer', SAMPLE, '-o', join(dir, 'out.xlsx')], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(lastLine(r.stdout)).toBe(`bank:   ${bank}`);
    expect(r.stdout).toMatch(/answered 1 of 21 question rows/);
    expect(kotae(['bank', 'validate'], { cwd: dir }).stdout.split('\n')[0]).toBe(`bank: ${bank}`);
  });

  it('else the bank shipped with kotae; --bank points at any other', () => {
    const dir = tempDir();
    const r = kotae(['answer', SAMPLE, '-o', join(dir, 'out.xlsx')], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(lastLine(r.stdout)).toBe(`bank:   ${join(ROOT, 'answer-bank')}`);
    const elsewhere = tempDir();
    const bank = ownBank(elsewhere);
    const own = kotae(['answer', SAMPLE, '-o', join(dir, 'own.xlsx'), '--bank', bank], { cwd: dir });
    expect(lastLine(own.stdout)).toBe(`bank:   ${bank}`);
    expect(own.stdout).toMatch(/answered 1 of 21/);
  });
});
