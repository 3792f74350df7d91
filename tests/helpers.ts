import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { describe, it } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '..');
export const SHARED = resolve(ROOT, '..', 'shared');
export const REAL = join(SHARED, 'real-sheets');
export const EVAL = join(SHARED, 'eval');
export const FIXTURES = join(ROOT, 'fixtures');
export const BIN = join(ROOT, 'bin', 'kotae.js');

/**
 * `../shared` beside the clone holds the real public questionnaires (real-sheets/) and the labelled
 * sets (eval/) that many tests measure kotae on; they are not part of the repository. A clone on its
 * own has none: the tests that read them skip (tests/global-setup.ts says so in one line). `.ci/run`
 * sets KOTAE_REQUIRE_SHARED=1: there the folder must be present and nothing skips for its absence.
 */
export const HAS_SHARED = existsSync(REAL) && existsSync(EVAL);
/** `describe.skipIf(SKIP_SHARED)` for every test that reads ../shared */
export const SKIP_SHARED = !HAS_SHARED && process.env.KOTAE_REQUIRE_SHARED !== '1';

/**
 * `describe` for a suite that reads ../shared. Without it the suite is one skipped test, and its
 * body is not run at all (vitest runs the body of a `describe.skip` to collect its tests, and a
 * body that opens a shared file would fail there).
 */
export function describeShared(name: string, body: () => void): void {
  if (SKIP_SHARED) describe.skip(name, () => it('needs ../shared beside the clone', () => {}));
  else describe(name, body);
}

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** A fresh folder inside the test run's own temporary folder (tests/global-setup.ts removes it). */
export function tempDir(prefix = 'kotae-test-'): string {
  return mkdtempSync(join(process.env.KOTAE_TEST_TMP ?? tmpdir(), prefix));
}

/** Copies a file into a fresh temp dir (tests never write beside shared inputs). */
export function copyToTemp(path: string): string {
  const dir = tempDir();
  const dest = join(dir, basename(path));
  copyFileSync(path, dest);
  return dest;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the real CLI (bin/kotae.js, built dist/) as a user would. */
export function kotae(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): RunResult {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

export interface DevWorkbook {
  file: string;
  sheet: string;
  header_row: number;
  question_col: string;
  answer_col: string;
  remarks_col: string;
  language: 'ja' | 'en';
  answer_list: string[] | null;
  vocab: Record<string, string>;
  rows: { row: number; question: string; accept: string[] }[];
  untouched_rows: number[];
}

export function devSpec(): { workbooks: DevWorkbook[] } {
  return JSON.parse(readFileSync(join(EVAL, 'dev.json'), 'utf8')) as { workbooks: DevWorkbook[] };
}

export function hasSoffice(): boolean {
  return spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).status === 0;
}
