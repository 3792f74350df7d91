/** Password-protected workbooks: refused with a hint, opened with --password / KOTAE_PASSWORD, written back encrypted. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import officeCrypto from 'officecrypto-tool';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { decryptWorkbook, encryptionScheme, isEncryptedWorkbook } from '../../src/workbook/decrypt.js';
import { kotae } from '../helpers.js';
import { expectRefusal, put, questionnaireXlsx, run, sha } from './helpers.js';

const PASSWORD = 'Kotae-秘密-2025';

function encrypted(password = PASSWORD): Uint8Array {
  return new Uint8Array(officeCrypto.encrypt(Buffer.from(questionnaireXlsx()), { password }));
}

async function decryptFile(path: string, password = PASSWORD): Promise<Uint8Array> {
  return new Uint8Array(await officeCrypto.decrypt(readFileSync(path), { password }));
}

describe('password-protected workbooks', () => {
  it('without a password: exit 2, the hint names --password', () => {
    for (const cmd of [['answer'], ['inspect']]) {
      const r = run(cmd, put('protected.xlsx', encrypted()), [], { KOTAE_PASSWORD: '' });
      expectRefusal(r, /password-protected/);
      expect(r.stderr).toMatch(/hint: .*--password/);
    }
  });

  it('a wrong password: BAD_PASSWORD, exit 2, nothing written', () => {
    for (const cmd of [['answer'], ['inspect']]) {
      const r = run(cmd, put('protected.xlsx', encrypted()), ['--password', 'wrong']);
      expectRefusal(r, /password does not open/);
      expect(`${r.stdout}${r.stderr}`).not.toContain('wrong');
    }
  });

  it('with --password: answered, the output and the xlsx report are encrypted with the same password', async () => {
    const input = put('protected.xlsx', encrypted());
    const before = sha(input);
    const out = join(input, '..', 'protected.answered.xlsx');
    const report = join(input, '..', 'protected.report.xlsx');
    const r = kotae(['answer', input, '--password', PASSWORD, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(sha(input)).toBe(before);
    const summary = JSON.parse(r.stdout) as { totals: { answered: number } };
    expect(summary.totals.answered).toBeGreaterThan(0);

    const outBytes = new Uint8Array(readFileSync(out));
    expect(isEncryptedWorkbook(outBytes)).toBe(true);
    expect(encryptionScheme(outBytes)).toBe('agile');
    await expect(decryptWorkbook(outBytes, 'wrong')).rejects.toMatchObject({ code: 'BAD_PASSWORD' });
    const wb = readWorkbook(await decryptFile(out));
    const sheet = wb.sheets[0]!;
    const answers = [...sheet.rows.values()].map((row) => row.get(3)?.text ?? '').filter((t) => t !== '' && t !== '回答');
    expect(answers.length).toBe(summary.totals.answered);
    expect(answers.every((a) => ['○', '×', '△', '－'].includes(a))).toBe(true);

    expect(isEncryptedWorkbook(new Uint8Array(readFileSync(report)))).toBe(true);
    expect(readWorkbook(await decryptFile(report)).sheets.length).toBeGreaterThan(0);
    expect(readdirSync(join(input, '..')).filter((f) => f.endsWith('.tmp') || f.endsWith('.bak'))).toEqual([]);
  });

  it('KOTAE_PASSWORD works for inspect, and a csv report says it is not encrypted', () => {
    const input = put('protected.xlsx', encrypted());
    const i = kotae(['inspect', input, '--json'], { env: { KOTAE_PASSWORD: PASSWORD } });
    expect(i.code, i.stderr).toBe(0);
    expect((JSON.parse(i.stdout) as { sheets: unknown[] }).sheets.length).toBe(1);
    const a = kotae(['answer', input, '--report', join(input, '..', 'todo.csv')], { env: { KOTAE_PASSWORD: PASSWORD } });
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/note: .*not encrypted/);
  });

  it('an encryption setting that would spin for minutes is refused at once', () => {
    // Excel writes spinCount="100000"; a hostile file asks for 100 million (minutes of hashing).
    // Same stream length: two more digits, two fewer characters in the XML declaration.
    const b = Buffer.from(encrypted());
    const spin = b.indexOf(Buffer.from('spinCount="100000"'));
    const decl = b.indexOf(Buffer.from(' standalone="yes"'));
    expect(spin).toBeGreaterThan(0);
    expect(decl).toBeGreaterThan(0);
    b.write(' '.repeat(15), decl, 'latin1');
    b.copy(b, decl + 15, decl + 17, spin);
    b.write('spinCount="99999999"', spin - 2, 'latin1');
    const hostile = b;
    const r = run(['answer'], put('spin.xlsx', new Uint8Array(hostile)), ['--password', PASSWORD]);
    expectRefusal(r, /spinCount above 1,000,000/);
  });
});
