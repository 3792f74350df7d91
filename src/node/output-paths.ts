/** Where outputs go: default names beside the input, refusals before any work (the input itself, an existing file, a missing folder), the bank folder. */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KotaeError } from '../domain/errors.js';

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
    throw new KotaeError(
      'OUTPUT_IS_INPUT',
      `the ${what} path is the input file (${path})`,
      "kotae never modifies the customer's file: choose another path with -o",
    );
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new KotaeError('BAD_OPTION', `the ${what} path ${path} is a folder`, 'give a file name, e.g. -o filled.xlsx');
  }
  if (existsSync(path) && !force) {
    throw new KotaeError('OUTPUT_EXISTS', `${path} already exists`, 'pass --force to replace it, or choose another path');
  }
  if (!existsSync(dirname(resolve(path)))) {
    throw new KotaeError('FILE_NOT_FOUND', `the folder of ${path} does not exist`, 'create it first or choose another path');
  }
}

/** The package's own folder (where the shipped answer bank lives). */
function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** --bank, else ./answer-bank in the current folder, else the shipped bank. */
export function resolveBankDir(option: string | undefined): string {
  if (option) return option;
  const local = resolve('answer-bank');
  if (existsSync(local)) return local;
  return join(packageRoot(), 'answer-bank');
}
