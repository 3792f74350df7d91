/** The bank files `bank import` changes: their current text, and the new texts written. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FileChange } from '../bank/import-yaml.js';
import { KotaeError } from '../domain/errors.js';
import { errnoText, makeDirs, withoutInterruption, writeFileAtomic } from './write-file-atomic.js';

/** A bank file's current text, or undefined when it does not exist (yet). */
export function readBankText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/**
 * Write every changed file, each atomically, or (on a write error) the ones before it: a re-run
 * of the import completes it.
 */
export async function writeBankChanges(changes: readonly FileChange[]): Promise<void> {
  await withoutInterruption(() => {
    for (const c of changes) {
      try {
        makeDirs(dirname(c.path));
      } catch (e) {
        throw new KotaeError(
          'IO_ERROR',
          `cannot create the folder ${dirname(c.path)}: ${errnoText(e)}`,
          'check that the bank folder is writable and nothing of that name is in the way',
        );
      }
      writeFileAtomic(c.path, c.after);
    }
  });
}
