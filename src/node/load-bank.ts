/**
 * The bank read from its folder and validated, synchronously (`bank import`, `bank export`,
 * `bank validate`, scripts and tests): the folder is read once (bank-cache.ts), served from the
 * cache when it has not changed, else parsed by bank/load-bank.ts. `kotae answer`, `search` and
 * `coverage` use `openBank`, which loads the YAML parser only on a miss.
 */
import { bankOrThrow, parseBank, synonymsOrThrow, type Problem } from '../bank/load-bank.js';
import { validateBankFolder, type Finding } from '../bank/validate-bank.js';
import type { Bank, SynonymGroup } from '../domain/types.js';
import { bankFromCache, readBankFolder, readSynonymsFile, type ReadBankOptions } from './bank-cache.js';

/**
 * Load the bank and throw one BANK_INVALID error listing every problem (one per line).
 * Throws BANK_NOT_FOUND when the folder does not exist.
 */
export function loadBank(dir: string, opts: ReadBankOptions = {}): Bank {
  const { folder, cached, store } = bankFromCache(dir, opts);
  return cached ?? store(bankOrThrow(folder));
}

/**
 * Load everything that can be loaded and return the problems alongside: entries with problems
 * are left out of `bank.entries`.
 */
export function loadBankWithProblems(dir: string, opts: ReadBankOptions = {}): { bank: Bank; problems: Problem[] } {
  return parseBank(readBankFolder(dir, opts));
}

/** Read a synonyms file on its own; throws BANK_INVALID listing its problems. */
export function loadSynonyms(file: string, opts: ReadBankOptions = {}): SynonymGroup[] {
  return synonymsOrThrow(readSynonymsFile(file, opts), opts.maxFileBytes);
}

/** `kotae bank validate` on a folder: every finding (see bank/validate-bank.ts), as of `now`. */
export function validateBank(dir: string, opts: { now?: Date } = {}): { findings: Finding[]; bank?: Bank } {
  return validateBankFolder(readBankFolder(dir), opts.now ?? new Date());
}
