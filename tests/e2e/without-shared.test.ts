/**
 * A clone on its own, without ../shared beside it (issue 14, item 2): the tests that read the real
 * questionnaires and labelled sets skip, and one line says where the folder goes; under
 * KOTAE_REQUIRE_SHARED=1 (.ci/run) the run fails instead. Checked by running vitest on two such test
 * files in a copy of the repository made where there is no ../shared.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

const FILES = ['tests/layout/detect-layout.test.ts', 'tests/workbook/read-real.test.ts'];

function lonelyClone(): string {
  const dir = join(tempDir('kotae-alone-'), 'kotae');
  for (const part of ['src', 'tests', 'fixtures', 'answer-bank', 'package.json', 'tsconfig.json', 'vitest.config.ts']) {
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function vitest(dir: string, env: Record<string, string>) {
  const { KOTAE_REQUIRE_SHARED: _, ...rest } = process.env;
  return spawnSync(process.execPath, [join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...FILES], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...rest, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    timeout: 120_000,
  });
}

describe('npm test in a clone without ../shared', () => {
  const dir = lonelyClone();

  it('skips the tests that need it, with one line saying where to put it', () => {
    expect(existsSync(join(dir, '..', 'shared'))).toBe(false);
    const r = vitest(dir, {});
    const out = `${r.stdout}${r.stderr}`;
    expect(r.status, out).toBe(0);
    const notes = out.split('\n').filter((l) => l.startsWith('note: no '));
    expect(notes).toEqual([
      `note: no ${join(dir, '..', 'shared')}: the tests on real questionnaires and labelled sets are skipped; to run them, put the shared folder (real-sheets/, eval/) there`,
    ]);
    expect(out).toMatch(/Tests\s+.*\d+ skipped/);
    expect(out).not.toMatch(/ENOENT/);
  });

  it('fails under KOTAE_REQUIRE_SHARED=1, as .ci/run sets it', () => {
    const r = vitest(dir, { KOTAE_REQUIRE_SHARED: '1' });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/KOTAE_REQUIRE_SHARED=1 but .*shared.* is missing/);
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^KOTAE_REQUIRE_SHARED=1 npm test$/m);
  });
});
