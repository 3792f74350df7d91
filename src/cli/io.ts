/** File-system edges of the CLI: reading inputs, choosing and guarding output paths, the bank folder. */
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KotaeError } from '../errors.js';
import { convertToXlsx, legacyKind, type LegacyKind } from '../workbook/convert-legacy.js';
import { decryptWorkbook, isEncryptedWorkbook } from '../workbook/decrypt.js';
import { colFromLetters } from '../workbook/refs.js';
import { errnoText } from '../workbook/write-file-atomic.js';

/** Largest workbook kotae opens (bytes on disk); the zip layer bounds what it inflates separately. */
export const MAX_INPUT_BYTES = 200 * 1024 * 1024;

export function readInput(path: string): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new KotaeError('FILE_NOT_FOUND', `${path} is a folder, not a workbook`, 'give the path of an .xlsx file');
    if (!st.isFile()) throw new KotaeError('NOT_A_WORKBOOK', `${path} is not a regular file`, 'give the path of an .xlsx file');
    size = st.size;
  } catch (e) {
    if (e instanceof KotaeError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new KotaeError('FILE_NOT_FOUND', `cannot open ${path}: no such file`, 'check the path; kotae reads .xlsx / .xlsm workbooks');
    }
    throw new KotaeError('IO_ERROR', `cannot open ${path}: ${errnoText(e)}`, 'check the path and the file permissions');
  }
  if (size > MAX_INPUT_BYTES) {
    throw new KotaeError('TOO_LARGE', `${path} is ${Math.round(size / 1048576)} MB, more than kotae opens (${MAX_INPUT_BYTES / 1048576} MB)`, 'check that this is the check sheet you meant');
  }
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new KotaeError('IO_ERROR', `cannot read ${path}: ${errnoText(e)}`, 'check the file permissions');
  }
}

/** The workbook kotae works on, after decryption or conversion of what the user gave it. */
export interface WorkbookInput {
  /** the .xlsx / .xlsm package to read and patch */
  bytes: Uint8Array;
  /** what the file on disk was */
  source: 'xlsx' | 'encrypted' | LegacyKind;
  /** the password that opened it: outputs are encrypted with it again */
  password?: string;
  /** one-line notes for stderr (conversion, ignored password) */
  notes: string[];
}

export interface InputOptions {
  /** --password, else KOTAE_PASSWORD */
  password?: string | undefined;
  /** when false, legacy files are refused instead of converted (default true) */
  convert?: boolean;
}

/** The password from --password or the KOTAE_PASSWORD environment variable (an empty one counts as none). */
export function passwordFrom(flag: string | undefined): string | undefined {
  const pw = flag ?? process.env.KOTAE_PASSWORD;
  return pw === undefined || pw === '' ? undefined : pw;
}

/**
 * Read a workbook the way the user handed it over: an .xlsx / .xlsm as is; a password-protected
 * one decrypted with the password; a legacy .xls or an .ods converted to .xlsx with LibreOffice.
 */
export async function loadWorkbookInput(path: string, opts: InputOptions = {}): Promise<WorkbookInput> {
  const bytes = readInput(path);
  const notes: string[] = [];
  if (isEncryptedWorkbook(bytes)) {
    if (opts.password === undefined) {
      throw new KotaeError(
        'ENCRYPTED',
        `${basename(path)} is password-protected (encrypted)`,
        'pass the password with --password <password> (or set KOTAE_PASSWORD); the answered copy is encrypted with the same password',
      );
    }
    const plain = await decryptWorkbook(bytes, opts.password);
    return { bytes: plain, source: 'encrypted', password: opts.password, notes };
  }
  if (opts.password !== undefined) notes.push(`${basename(path)} is not password-protected; the password is not used`);
  const legacy = legacyKind(bytes);
  if (legacy && opts.convert !== false) {
    const converted = await convertToXlsx(bytes, legacy);
    notes.push(`${basename(path)} is ${legacy === 'xls' ? 'a legacy Excel 97-2003 workbook (.xls)' : 'an OpenDocument spreadsheet (.ods)'}: converted to .xlsx with LibreOffice; the answered copy is an .xlsx workbook`);
    return { bytes: converted, source: legacy, notes };
  }
  return { bytes, source: 'xlsx', notes };
}

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
      resolve(output) === resolve(report) ? `the output and the report are the same file (${output})` : `the output ${output} and the report ${report} are the same file`,
      'give --report a path of its own (or leave it out for <name>.report.xlsx)',
    );
  }
}

/** Refuses to write over the input, or over an existing file without --force. */
export function guardOutput(path: string, input: string, force: boolean, what = 'output'): void {
  if (sameFile(path, input)) {
    throw new KotaeError(
      'OUTPUT_IS_INPUT',
      resolve(path) === resolve(input) ? `the ${what} path is the input file (${path})` : `the ${what} path ${path} is the input file ${input} (the same file by another name)`,
      'kotae never modifies the customer\'s file: choose another path with -o',
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

/** The package's own folder (where the shipped answer bank lives). */
export function packageRoot(): string {
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
      throw new KotaeError('BANK_NOT_FOUND', `--bank ${option} is not an answer bank folder: it holds one in ${inner}`, `--bank names the folder of the YAML entries: --bank ${inner}`);
    }
    return option;
  }
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

/**
 * Run a synchronous write (writeFilesAtomic …) so that Ctrl-C or a termination signal cannot cut it
 * short: a signal that arrives meanwhile is held until every file is in place (or none is), then
 * raised again, so the process still stops the way the shell expects (130 / 143). Without this a
 * Ctrl-C between writing a temp file and renaming it would leave the temp file behind.
 */
export async function withoutInterruption<T>(write: () => T): Promise<T> {
  let caught: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals): void => {
    caught ??= signal;
  };
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    const result = write();
    // a signal received during the write is read by the event loop's next poll: let one pass
    await new Promise<void>((resolveTurn) => setTimeout(resolveTurn, 1));
    await new Promise<void>((resolveTurn) => setImmediate(resolveTurn));
    return result;
  } finally {
    process.off('SIGINT', hold);
    process.off('SIGTERM', hold);
    if (caught) process.kill(process.pid, caught);
  }
}
