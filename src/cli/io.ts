/** File-system edges of the CLI: reading inputs, choosing and guarding output paths, the bank folder. */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KotaeError } from '../errors.js';
import { colFromLetters } from '../workbook/refs.js';

/** Largest workbook kotae opens (bytes on disk); the zip layer bounds what it inflates separately. */
export const MAX_INPUT_BYTES = 200 * 1024 * 1024;

export function readInput(path: string): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new KotaeError('FILE_NOT_FOUND', `${path} is a folder, not a workbook`, 'give the path of an .xlsx file');
    size = st.size;
  } catch (e) {
    if (e instanceof KotaeError) throw e;
    throw new KotaeError('FILE_NOT_FOUND', `cannot open ${path}: no such file`, 'check the path; kotae reads .xlsx / .xlsm workbooks');
  }
  if (size > MAX_INPUT_BYTES) {
    throw new KotaeError('TOO_LARGE', `${path} is ${Math.round(size / 1048576)} MB, more than kotae opens (${MAX_INPUT_BYTES / 1048576} MB)`, 'check that this is the check sheet you meant');
  }
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new KotaeError('IO_ERROR', `cannot read ${path}: ${(e as Error).message}`, 'check the file permissions');
  }
}

/** `<name>.answered.xlsx` (or `.xlsm`) beside the input. */
export function defaultOutputPath(input: string, kind: 'xlsx' | 'xlsm'): string {
  const ext = extname(input);
  const stem = basename(input, ext);
  return join(dirname(input), `${stem}.answered.${kind}`);
}

/** `<output name>.report.xlsx` beside the output. */
export function defaultReportPath(output: string): string {
  const ext = extname(output);
  const stem = basename(output, ext).replace(/\.answered$/, '');
  return join(dirname(output), `${stem}.report.xlsx`);
}

function samePath(a: string, b: string): boolean {
  const ra = resolve(a);
  const rb = resolve(b);
  if (ra === rb) return true;
  try {
    return existsSync(rb) && realpathSync(ra) === realpathSync(rb);
  } catch {
    return false;
  }
}

/** Refuses to write over the input, or over an existing file without --force. */
export function guardOutput(path: string, input: string, force: boolean, what = 'output'): void {
  if (samePath(path, input)) {
    throw new KotaeError('OUTPUT_IS_INPUT', `the ${what} path is the input file (${path})`, 'kotae never modifies the customer\'s file: choose another path with -o');
  }
  if (existsSync(path) && !force) {
    throw new KotaeError('OUTPUT_EXISTS', `${path} already exists`, 'pass --force to replace it, or choose another path');
  }
  if (!existsSync(dirname(resolve(path)))) {
    throw new KotaeError('FILE_NOT_FOUND', `the folder of ${path} does not exist`, 'create it first or choose another path');
  }
}

/** The package's own folder (where the shipped answer bank lives). */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** --bank, else ./answer-bank in the current folder, else the shipped bank. */
export function resolveBankDir(option: string | undefined): string {
  if (option) return option;
  const local = resolve('answer-bank');
  if (existsSync(local)) return local;
  return join(packageRoot(), 'answer-bank');
}

/** A column given by the user: a letter ("D") or a 1-based number ("4"). */
export function parseColumn(value: string, flag: string): number {
  const v = value.trim();
  const n = /^\d+$/.test(v) ? Number(v) : /^[A-Za-z]{1,3}$/.test(v) ? colFromLetters(v) : 0;
  if (n < 1 || n > 16384) {
    throw new KotaeError('BAD_OPTION', `${flag} "${value}" is not a column`, `give a column letter such as D, or its number such as 4`);
  }
  return n;
}

export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new KotaeError('BAD_OPTION', `${flag} "${value}" is not a positive whole number`, `e.g. ${flag} 3`);
  }
  return n;
}
