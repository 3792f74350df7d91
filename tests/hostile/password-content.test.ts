/**
 * Issue 18, class 12: the right password, but what it protects is not a workbook (a CSV inside, a
 * package encrypted twice). kotae says what it found; only a wrong password is BAD_PASSWORD.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import officeCrypto from 'officecrypto-tool';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers.js';
import { expectRefusal, put, run } from './helpers.js';

const SAMPLE = readFileSync(join(FIXTURES, 'sample-checksheet-ja.xlsx'));
const protect = (inner: Uint8Array, password = 'pw') => new Uint8Array(officeCrypto.encrypt(Buffer.from(inner), { password }));

describe('a right password over content that is not a workbook', () => {
  it('a CSV inside: "the password is right … CSV", not a wrong password', () => {
    const input = put('csv-inside.xlsx', protect(Buffer.from('質問,回答\n共有アカウントを使用していますか,×\n')));
    const r = run(['answer'], input, ['--password', 'pw']);
    expectRefusal(r, /the password is right, but the protected content is not an \.xlsx workbook \(it looks like CSV\/text\)/);
    expect(r.stderr).not.toMatch(/does not open/);
  });

  it('encrypted twice: says so, with a hint', () => {
    const input = put('twice.xlsx', protect(protect(SAMPLE, 'inner'), 'pw'));
    const r = run(['inspect'], input, ['--password', 'pw']);
    expectRefusal(r, /encrypted twice/);
  });

  it('a wrong password is still BAD_PASSWORD, for a workbook and for a CSV inside', () => {
    expectRefusal(run(['answer'], put('w.xlsx', protect(SAMPLE)), ['--password', 'nope']), /the password does not open this workbook/);
    expectRefusal(run(['answer'], put('c.xlsx', protect(Buffer.from('a,b\n'))), ['--password', 'nope']), /the password does not open this workbook/);
  });
});
