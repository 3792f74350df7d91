/**
 * Opening the workbook the user named: a regular file within the size limit, decrypted when it is
 * password-protected, converted with LibreOffice when it is a legacy .xls or an .ods. The
 * answered copy is written in the same form (encrypted again with the same password).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { KotaeError } from '../domain/errors.js';
import { MAX_INPUT_BYTES } from '../domain/limits.js';
import { convertToXlsx, legacyKind, type LegacyKind } from './convert-legacy.js';
import { decryptWorkbook, isEncryptedWorkbook } from '../workbook/decrypt.js';
import { errnoText } from './write-file-atomic.js';

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
    throw new KotaeError(
      'TOO_LARGE',
      `${path} is ${Math.round(size / 1048576)} MB, more than kotae opens (${MAX_INPUT_BYTES / 1048576} MB)`,
      'check that this is the check sheet you meant',
    );
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
    notes.push(
      `${basename(path)} is ${legacy === 'xls' ? 'a legacy Excel 97-2003 workbook (.xls)' : 'an OpenDocument spreadsheet (.ods)'}: converted to .xlsx with LibreOffice; the answered copy is an .xlsx workbook`,
    );
    return { bytes: converted, source: legacy, notes };
  }
  return { bytes, source: 'xlsx', notes };
}
