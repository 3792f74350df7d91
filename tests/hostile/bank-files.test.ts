/**
 * Issue 18, bank files as input, round two: a bank file that is not UTF-8 (class 3), bank files that
 * are symbolic links out of the bank folder (class 8), and the wording of regulation problems
 * (class 14). Every bank is built here, in a temp dir, from a copy of the shipped one.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstNonUtf8 } from '../../src/bank/read-text.js';
import { loadBankWithProblems } from '../../src/node/load-bank.js';
import { kotae, ROOT, tempDir } from '../helpers.js';
import { put, questionnaireXlsx, sha } from './helpers.js';

/** A copy of the shipped bank (entries and regulation) in a fresh folder. */
function bankCopy(): string {
  const dir = join(tempDir('kotae-bank-'), 'answer-bank');
  cpSync(join(ROOT, 'answer-bank'), dir, { recursive: true });
  return dir;
}

/**
 * One entry in Shift_JIS, as Notepad on Japanese Windows saves it:
 * - id: access.sjis / questions: [共有アカウントを使用していますか。] / remarks ja: 共有アカウントは禁止しています。
 */
function sjisEntry(): Uint8Array {
  const ascii = (s: string) => Buffer.from(s, 'latin1');
  const sjis = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex');
  // 共有アカウントを使用していますか。
  const q = sjis('8ba4 974c 8341 834a 8345 8393 8367 82f0 8e67 9770 82b5 82c4 82a2 82dc 82b7 82a9 8142');
  // 共有アカウントは禁止しています。
  const r = sjis('8ba4 974c 8341 834a 8345 8393 8367 82cd 8bd6 8e7e 82b5 82c4 82a2 82dc 82b7 8142');
  return Buffer.concat([
    ascii('- id: access.sjis\n  category: access\n  questions:\n    - '),
    q,
    ascii('\n  answer: "no"\n  remarks:\n    ja: '),
    r,
    ascii('\n  source: { regulation: ["5.2"] }\n  reviewed: 2026-11-01\n  owner: CTO\n'),
  ]);
}

describe('class 3: a bank file that is not UTF-8', () => {
  it('firstNonUtf8: the offset of the first byte that is not UTF-8', () => {
    expect(firstNonUtf8(new TextEncoder().encode('共有 ok'))).toBe(-1);
    expect(firstNonUtf8(Buffer.from([0x61, 0x0a, 0x8b, 0xa4]))).toBe(2);
    expect(firstNonUtf8(Buffer.from([0xe5, 0x85]))).toBe(0); // truncated sequence
    expect(firstNonUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // a surrogate
    expect(firstNonUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong
  });

  it('bank validate: an error naming the file, line, column and byte offset, with the hint to save as UTF-8', () => {
    const bank = bankCopy();
    writeFileSync(join(bank, 'sjis.yaml'), sjisEntry());
    const r = kotae(['bank', 'validate', '--bank', bank]);
    expect(r.code, r.stdout).toBe(1);
    const line = r.stdout.split('\n').find((l) => l.includes('sjis.yaml'));
    expect(line).toMatch(/^error +.*sjis\.yaml:4:7 not UTF-8 \(byte offset 56; it looks like Shift_JIS.*save the file as UTF-8 \[encoding\]$/);
    expect(r.stdout).not.toContain('\uFFFD');
  });

  it('kotae answer: refused (exit 2), nothing written, no mojibake anywhere', () => {
    const bank = bankCopy();
    writeFileSync(join(bank, 'sjis.yaml'), sjisEntry());
    const input = put('q.xlsx', questionnaireXlsx());
    const before = sha(input);
    const r = kotae(['answer', input, '--bank', bank]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sjis\.yaml:4:7 not UTF-8/);
    expect(r.stderr).not.toContain('\uFFFD');
    expect(sha(input)).toBe(before);
  });

  it('a UTF-16 bank file and a Shift_JIS regulation are refused the same way', () => {
    const bank = bankCopy();
    writeFileSync(join(bank, 'u16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('- id: a.b\n', 'utf16le')]));
    writeFileSync(join(bank, 'regulation', 'regulation.txt'), Buffer.from('8ba4974c', 'hex'));
    const { problems } = loadBankWithProblems(bank);
    expect(problems.find((p) => p.file.endsWith('u16.yaml'))).toMatchObject({ code: 'encoding', line: 1, col: 1 });
    expect(problems.find((p) => p.code === 'regulation')?.message).toMatch(/not UTF-8.*byte offset 0/);
  });

  it('a UTF-8 file with a BOM still loads', () => {
    const bank = bankCopy();
    const text = readFileSync(join(bank, 'access.yaml'));
    writeFileSync(join(bank, 'access.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]));
    expect(loadBankWithProblems(bank).problems).toEqual([]);
  });
});

describe('class 8: bank files that are symbolic links out of the bank folder', () => {
  /** A "secret" outside the bank, shaped like a list of entries so the schema would quote its keys. */
  function secretFile(): string {
    const dir = tempDir('kotae-secret-');
    const path = join(dir, 'credentials.yaml');
    writeFileSync(path, '- AWS_SECRET_ACCESS_KEY_wJalrXUtnFEMI: K7MDENGbPxRfiCY\n  id: AKIAIOSFODNN7EXAMPLE\n');
    return path;
  }

  it('bank validate: refused and said so; neither the keys nor the values of the file it reaches are quoted', () => {
    const bank = bankCopy();
    symlinkSync(secretFile(), join(bank, 'extra.yaml'));
    const r = kotae(['bank', 'validate', '--bank', bank]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/extra\.yaml is a symbolic link to a file outside the bank folder: not read.*\[symlink\]/);
    expect(r.stdout).not.toMatch(/AWS_SECRET|wJalr|K7MDENG|AKIAIOSFODNN7/);
  });

  it('kotae answer: exit 2, the link named, no secret in the output', () => {
    const bank = bankCopy();
    symlinkSync(secretFile(), join(bank, 'extra.yaml'));
    const r = kotae(['answer', put('q.xlsx', questionnaireXlsx()), '--bank', bank]);
    expect(r.code).toBe(2);
    expect(`${r.stdout}${r.stderr}`).toMatch(/extra\.yaml is a symbolic link/);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/AWS_SECRET|wJalr|K7MDENG|AKIAIOSFODNN7/);
  });

  it('a regulation that is a link out of the bank is refused too; a link inside the bank is followed', () => {
    const bank = bankCopy();
    const outside = join(tempDir('kotae-reg-'), 'regulation.txt');
    cpSync(join(bank, 'regulation', 'regulation.txt'), outside);
    const reg = join(bank, 'regulation', 'regulation.txt');
    writeFileSync(reg, '');
    rmSync(reg);
    symlinkSync(outside, reg);
    mkdirSync(join(bank, 'shared'));
    cpSync(join(bank, 'access.yaml'), join(bank, 'shared', 'access-real.yml'));
    rmSync(join(bank, 'access.yaml'));
    symlinkSync(join(bank, 'shared', 'access-real.yml'), join(bank, 'access.yaml'));
    const { problems, bank: loaded } = loadBankWithProblems(bank);
    expect(problems.filter((p) => p.code !== 'duplicate-id').map((p) => [p.code, p.message])).toEqual([
      ['regulation', 'regulation file is a symbolic link to a file outside the bank folder: not read'],
    ]);
    // access.yaml (a link inside) and shared/access-real.yml are one file read twice: duplicate ids, not a refusal
    expect(loaded.entries.some((e) => e.id === 'access.least-privilege')).toBe(true);
  });

  it('the cache never hides a link added after a clean run', () => {
    const bank = bankCopy();
    const cache = tempDir('kotae-cache-');
    const input = put('q.xlsx', questionnaireXlsx());
    const first = kotae(['answer', input, '--bank', bank, '-q', '--report', join(tempDir(), 'r.json')], { env: { KOTAE_CACHE_DIR: cache } });
    expect(first.code, first.stderr).toBe(0);
    symlinkSync(secretFile(), join(bank, 'extra.yaml'));
    const second = kotae(['answer', input, '--bank', bank, '-q', '--force'], { env: { KOTAE_CACHE_DIR: cache } });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/symbolic link/);
  });
});

describe('class 14: regulation problems', () => {
  it('an oversized regulation: its own code, not [schema]; the path once', () => {
    const bank = bankCopy();
    writeFileSync(join(bank, 'regulation', 'regulation.txt'), 'x'.repeat(5 * 1024 * 1024 + 10));
    const r = kotae(['bank', 'validate', '--bank', bank]);
    const line = r.stdout.split('\n').find((l) => l.includes('regulation.txt')) ?? '';
    expect(line).toMatch(/regulation file is larger than 5 MB \[regulation\]$/);
    expect(line.split('regulation.txt').length - 1).toBe(1);
  });

  it('an oversized bank file is [too-large]', () => {
    const bank = bankCopy();
    writeFileSync(join(bank, 'huge.yaml'), '# x\n'.repeat(1_400_000));
    const r = kotae(['bank', 'validate', '--bank', bank]);
    expect(r.stdout).toMatch(/huge\.yaml .*MB limit \[too-large\]/);
  });
});
