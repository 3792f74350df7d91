/**
 * A cache of the validated bank, so that answering a sheet does not parse every YAML file again:
 * the `yaml` parser dominates start-up on large banks (≈ 0.5 s for 1,000 entries, 1.5 s for 5,000).
 * The key is a hash of every bank file's path and bytes (and the working directory, which the
 * messages' file paths depend on), so any edit, however small, is a miss. Only a bank without
 * problems is cached; a cache that cannot be read or written is ignored. KOTAE_NO_CACHE=1 turns it off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import type { Bank } from './types.js';

const FORMAT = 1;

export function cacheDir(): string | undefined {
  if (process.env.KOTAE_NO_CACHE === '1') return undefined;
  if (process.env.KOTAE_CACHE_DIR) return process.env.KOTAE_CACHE_DIR;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kotae');
}

/** Hash of the bank's files (paths relative to the bank folder, and contents). */
export function bankKey(root: string, files: readonly string[]): string {
  const h = createHash('sha256');
  h.update(`kotae-bank-cache:${FORMAT}\0${process.cwd()}\0${root}\0`);
  for (const f of files) {
    h.update(relative(root, f));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 32);
}

export function readCachedBank(key: string): Bank | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    const bank = JSON.parse(readFileSync(join(dir, `bank-${key}.json`), 'utf8')) as Bank;
    return Array.isArray(bank.entries) && Array.isArray(bank.synonyms) ? bank : undefined;
  } catch {
    return undefined;
  }
}

export function writeCachedBank(key: string, bank: Bank): void {
  const dir = cacheDir();
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `bank-${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(bank));
    renameSync(tmp, file);
  } catch {
    // a read-only home or a full disk only costs speed
  }
}
