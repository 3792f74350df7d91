/** Where outputs go: default names beside the input, refusals before any work (the input itself, an existing file, a missing folder), the bank folder. */
import { existsSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KotaeError } from '../domain/errors.js';

/** The extension Excel expects for a package: xlsx, xlsm, or for a template xltx / xltm. */
export function packageExtension(kind: 'xlsx' | 'xlsm', template = false): string {
  return template ? (kind === 'xlsm' ? 'xltm' : 'xltx') : kind;
}

/** `<name>.answered.xlsx` (or `.xlsm`, `.xltx`, `.xltm`) beside the input. */
export function defaultOutputPath(input: string, kind: string): string {
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

/**
 * The path a file is (or would be) reached by, with `.`, `..` and every symbolic link resolved — the
 * links of the folders on the way, and a link at the end even when it points to nothing yet.
 */
export function canonicalPath(path: string, depth = 0): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    /* does not exist (yet), or a dangling link */
  }
  const parent = dirname(abs);
  if (depth < 40) {
    try {
      if (lstatSync(abs).isSymbolicLink()) return canonicalPath(resolve(parent, readlinkSync(abs)), depth + 1);
    } catch {
      /* nothing there */
    }
  }
  if (parent === abs) return abs;
  return join(canonicalPath(parent, depth + 1), basename(abs));
}

/**
 * Do two paths name the same file? Compared as files, not as strings: `./x`, `a/../x`, a symbolic
 * link (to the file or to a folder on the way) and a hard link to it all name the same file.
 */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  if (canonicalPath(a) === canonicalPath(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** Refuses two outputs that are one file (the answered copy and its report), before any work. */
export function guardDistinct(output: string, report: string): void {
  if (sameFile(output, report)) {
    throw new KotaeError(
      'BAD_OPTION',
      resolve(output) === resolve(report)
        ? `the output and the report are the same file (${output})`
        : `the output ${output} and the report ${report} are the same file`,
      'give --report a path of its own (or leave it out for <name>.report.xlsx)',
    );
  }
}

/** Refuses to write over the input, or over an existing file without --force. */
export function guardOutput(path: string, input: string, force: boolean, what = 'output'): void {
  if (sameFile(path, input)) {
    throw new KotaeError(
      'OUTPUT_IS_INPUT',
      resolve(path) === resolve(input)
        ? `the ${what} path is the input file (${path})`
        : `the ${what} path ${path} is the input file ${input} (the same file by another name)`,
      "kotae never modifies the customer's file: choose another path with -o",
    );
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new KotaeError('BAD_OPTION', `the ${what} path ${path} is a folder`, 'give a file name, e.g. -o filled.xlsx');
  }
  // (a quick early answer only: the write itself creates the file exclusively, see writeFilesAtomic)
  if (!force && (existsSync(path) || isLink(path))) {
    throw new KotaeError('OUTPUT_EXISTS', `${path} already exists`, 'pass --force to replace it, or choose another path');
  }
  if (!existsSync(dirname(resolve(path)))) {
    throw new KotaeError('FILE_NOT_FOUND', `the folder of ${path} does not exist`, 'create it first or choose another path');
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The answered copy's name must say what it is: Excel refuses a macro workbook named .xlsx (and a
 * plain one named .xlsm) — "the file format or file extension is not valid". A name that is no
 * workbook at all (-o out.csv) is refused too: the list of rows to answer can be .csv (--report).
 */
export function guardOutputKind(output: string, kind: string, source: string): void {
  const ext = extname(output).toLowerCase();
  if (ext === `.${kind}`) return;
  if (source !== 'xlsx' && source !== 'encrypted') {
    throw new KotaeError(
      'BAD_OPTION',
      `the answered copy of a converted workbook is an .${kind} file, but -o is ${output}`,
      `give -o a name ending in .${kind}`,
    );
  }
  if (ext !== '' && !['.xlsx', '.xlsm', '.xltx', '.xltm'].includes(ext)) {
    // -o out.csv wrote an Excel workbook under a .csv name
    throw new KotaeError(
      'BAD_OPTION',
      `-o ${output}: the answered copy is an Excel workbook (.${kind}), not a ${extname(output)} file`,
      `give -o a name ending in .${kind}; the list of rows to answer can be .csv: --report todo.csv`,
    );
  }
  const what = kind === 'xlsm' ? 'a macro-enabled workbook (.xlsm)' : kind === 'xlsx' ? 'a workbook without macros (.xlsx)' : `a template (.${kind})`;
  throw new KotaeError(
    'BAD_OPTION',
    `the input is ${what}, but -o names ${ext ? `an ${ext} file` : 'a file without extension'} (${output}): Excel would refuse to open it`,
    `give -o a name ending in .${kind}${kind === 'xlsm' || kind === 'xltm' ? ' (the macros are kept)' : ''}`,
  );
}

/** The package's own folder (where the shipped answer bank lives). */
function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** --bank, else ./answer-bank in the current folder, else the shipped bank. */
export function resolveBankDir(option: string | undefined): string {
  if (option) {
    // `--bank .` in a repository would read every YAML file below it (CI workflows, other tools)
    // as entries: hundreds of schema errors. It is the folder that holds answer-bank/ instead.
    const inner = join(option, 'answer-bank');
    const isBank = existsSync(join(option, 'regulation')) || existsSync(join(option, 'synonyms.yaml'));
    if (!isBank && existsSync(inner) && statSync(inner).isDirectory()) {
      throw new KotaeError(
        'BANK_NOT_FOUND',
        `--bank ${option} is not an answer bank folder: it holds one in ${inner}`,
        `--bank names the folder of the YAML entries: --bank ${inner}`,
      );
    }
    return option;
  }
  const local = resolve('answer-bank');
  if (existsSync(local)) return local;
  return join(packageRoot(), 'answer-bank');
}
