import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
const SHARED = resolve(ROOT, '..', 'shared');
export const REAL = join(SHARED, 'real-sheets');
export const EVAL = join(SHARED, 'eval');
export const FIXTURES = join(ROOT, 'fixtures');
export const BIN = join(ROOT, 'bin', 'kotae.js');

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
