/**
 * The files a worklist report points at: where the input and the answered copy are as seen from
 * the report's folder (and absolutely), and their SHA-256, which `kotae apply` checks before it writes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { KotaeError } from '../domain/errors.js';
import { sameFile } from './output-paths.js';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The SHA-256 of a file's bytes as they are on disk; '' when it cannot be read. */
export function fileSha256(path: string): string {
  try {
    return sha256Hex(readFileSync(path));
  } catch {
    return '';
  }
}

/** A path as the record keeps it: relative to the report's folder (files moved together still match), and absolute. */
export function recordedPath(path: string, reportPath: string): { path: string; absolute: string } {
  const absolute = resolve(path);
  return { path: relative(dirname(resolve(reportPath)), absolute) || absolute, absolute };
}

/**
 * The answered workbook a worklist record points at: its path as seen from the report's folder
 * first (the two moved together), then its absolute path. It must still be the workbook the
 * report was made for (or last applied to): its SHA-256 is checked, so a report edited to point
 * elsewhere, or a workbook changed by hand since, is refused before anything is written.
 */
export function locateAnswered(
  record: { answered: { path: string; absolute: string; sha256: string }; input: { path: string; absolute: string; sha256: string } },
  reportPath: string,
): string {
  const candidates = [...new Set([resolve(dirname(resolve(reportPath)), record.answered.path), record.answered.absolute].filter((p) => p !== ''))];
  const present = candidates.filter((p) => existsSync(p));
  if (present.length === 0) {
    throw new KotaeError(
      'FILE_NOT_FOUND',
      `the answered workbook of this report is not there (${record.answered.path || record.answered.absolute})`,
      'keep the report beside the answered copy `kotae answer` wrote, or run `kotae answer` again',
    );
  }
  for (const p of present) {
    if (sameFile(p, reportPath)) continue;
    const sha = fileSha256(p);
    if (sha === '' || sha !== record.answered.sha256) continue;
    // the customer's original is never written: a record that names it is refused, whatever its hash says
    const inputs = [resolve(dirname(resolve(reportPath)), record.input.path), record.input.absolute].filter((x) => x !== '' && existsSync(x));
    if (inputs.some((i) => sameFile(i, p)) || (record.input.sha256 !== '' && sha === record.input.sha256)) {
      throw new KotaeError(
        'BAD_REPORT',
        `this report points at the customer's original workbook (${p}), not at an answered copy`,
        'kotae never writes the input; run `kotae answer` again for a new report',
      );
    }
    return p;
  }
  throw new KotaeError(
    'REPORT_STALE',
    `${present[0]} changed since this report was written (it is not the answered copy the report records)`,
    'kotae writes only into the workbook the report was made for: run `kotae answer` again on the input for a new report, or put back that answered copy',
  );
}

/** Refuses a file that Excel or LibreOffice has open (their lock files beside it): saving it there later would undo what apply writes. */
export function assertNotOpen(path: string): void {
  const dir = dirname(resolve(path));
  const name = basename(path);
  // Excel names its owner file ~$ + the name (Word-style ~$ + the name less two letters for long ones); LibreOffice .~lock.<name>#
  for (const lock of [`~$${name}`, `~$${name.slice(2)}`, `.~lock.${name}#`]) {
    if (existsSync(join(dir, lock))) {
      throw new KotaeError('FILE_IN_USE', `${name} is open in Excel or LibreOffice (${lock} is beside it)`, 'save and close it, then run apply again');
    }
  }
}
