/**
 * A cache of the validated bank, so that answering a sheet does not parse every YAML file again:
 * the `yaml` parser dominates start-up on large banks (≈ 0.5 s for 1,000 entries, 1.5 s for 5,000).
 * The key is a hash of every bank file's path and bytes (and the working directory, which the
 * messages' file paths depend on) and of the code that reads a bank, so any edit, however small,
 * and any other version of kotae is a miss. Only a bank without
 * problems is cached; a cache that cannot be read or written is ignored. KOTAE_NO_CACHE=1 turns it off.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REGULATION_FILE, REGULATION_REVIEWS_FILE } from './regulation.js';
import type { Bank } from './types.js';

export const MAX_BANK_FILE_BYTES = 5 * 1024 * 1024;
const REGULATION_DIR = 'regulation';

const FORMAT = 1;

export function cacheDir(): string | undefined {
  if (process.env.KOTAE_NO_CACHE === '1') return undefined;
  if (process.env.KOTAE_CACHE_DIR) return process.env.KOTAE_CACHE_DIR;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kotae');
}

const fingerprints = new Map<string, string>();

/**
 * Hash of the modules in the folder of `moduleUrl` (compiled .js, or .ts when running from the
 * sources) and of the Node and ICU versions: a cache written by other code is never read. Empty
 * when the folder cannot be read (the caller then keys on the rest alone).
 */
export function codeFingerprint(moduleUrl: string): string {
  const here = fileURLToPath(new URL('.', moduleUrl));
  let fp = fingerprints.get(here);
  if (fp === undefined) {
    const h = createHash('sha256');
    h.update(`${process.version}\0${process.versions.icu ?? ''}\0${process.versions.unicode ?? ''}\0`);
    try {
      const ext = moduleUrl.endsWith('.ts') ? '.ts' : '.js';
      for (const name of readdirSync(here).filter((f) => f.endsWith(ext)).sort()) {
        h.update(name);
        h.update(readFileSync(join(here, name)));
        h.update('\0');
      }
      fp = h.digest('hex').slice(0, 16);
    } catch {
      fp = '';
    }
    fingerprints.set(here, fp);
  }
  return fp;
}

/** Hash of the bank's files (paths relative to the bank folder, and contents) and of the code that reads them. */
export function bankKey(root: string, files: readonly string[]): string {
  const h = createHash('sha256');
  h.update(`kotae-bank-cache:${FORMAT}\0${codeFingerprint(import.meta.url)}\0${process.cwd()}\0${root}\0`);
  for (const f of files) {
    h.update(relative(root, f));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 32);
}

/** The cached bank of this key (with the key, for the index cache), or undefined. */
export function readCachedBank(key: string): Bank | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    const bank = JSON.parse(readFileSync(join(dir, `bank-${key}.json`), 'utf8')) as Bank;
    return Array.isArray(bank.entries) && Array.isArray(bank.synonyms) ? { ...bank, cacheKey: key } : undefined;
  } catch {
    return undefined;
  }
}

export function writeCachedBank(key: string, bank: Bank): void {
  const dir = cacheDir();
  if (dir) writeCacheFile(dir, `bank-${key}.json`, JSON.stringify(bank));
}

/**
 * mkdir -p without `recursive: true`, which in Node 20 never returns for some paths (under /proc,
 * for one: a cache folder pointed there hung kotae). Each missing level is made on its own, so a
 * path that cannot exist fails at once.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}

/** Cache files of one kind kept (the most recently written); every bank edit makes a new one. */
export const CACHE_FILES_KEPT = 12;

/**
 * Write one cache file atomically (a temporary file renamed into place, so a reader never sees a
 * half-written one), then drop the oldest files of its kind (same name up to the first '-') beyond
 * CACHE_FILES_KEPT. Failures only cost speed: a read-only home or a full disk is not an error.
 */
export function writeCacheFile(dir: string, name: string, data: string | Uint8Array): void {
  try {
    makeDirs(dir);
    const file = join(dir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, file);
    const kind = `${name.slice(0, name.indexOf('-') + 1)}`;
    const same = readdirSync(dir)
      .filter((f) => kind.length > 1 && f.startsWith(kind) && !f.endsWith('.tmp'))
      .map((f) => ({ f, t: statSync(join(dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.t - a.t);
    for (const { f } of same.slice(CACHE_FILES_KEPT)) rmSync(join(dir, f), { force: true });
  } catch {
    // a read-only home or a full disk only costs speed
  }
}

/** The cache key of a bank folder, or undefined when it cannot be cached (missing, oversized files). */
export function cacheKeyFor(dir: string, opts: { maxFileBytes?: number } = {}): string | undefined {
  if (!cacheDir()) return undefined;
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) return undefined;
  const { files, outside } = scanBankFolder(root);
  // a link out of the bank is a problem the loader reports: never cached, never hashed
  if (outside.length > 0) return undefined;
  const regulation = join(root, REGULATION_FILE);
  if (existsSync(regulation)) {
    if (bankFileTarget(realpathSync(root), regulation) === 'outside') return undefined;
    files.push(regulation);
  }
  const reviews = join(root, REGULATION_REVIEWS_FILE);
  if (existsSync(reviews)) {
    if (bankFileTarget(realpathSync(root), reviews) === 'outside') return undefined;
    files.push(reviews);
  }
  const maxBytes = opts.maxFileBytes ?? MAX_BANK_FILE_BYTES;
  if (files.some((f) => statSync(f).size > maxBytes)) return undefined;
  return bankKey(root, files);
}

/** Every *.yaml / *.yml under root, sorted, skipping `regulation/`, node_modules/, hidden folders and symlinked folders. */
export function listYamlFiles(root: string): string[] {
  return scanBankFolder(root).files;
}

/** Is `target` (a real path) inside the real folder `realRoot`? */
function inside(realRoot: string, target: string): boolean {
  const rel = relative(realRoot, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Where a bank file leads: itself, a symbolic link to a file inside the bank folder (followed), or a
 * link that leaves it — never read: a bank is what its folder holds, and a link to ~/.aws/credentials
 * must not have its keys quoted in a CI log. undefined when the link is broken or not a file.
 */
export function bankFileTarget(realRoot: string, abs: string): 'inside' | 'outside' | undefined {
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return undefined;
  }
  if (!statSync(real, { throwIfNoEntry: false })?.isFile()) return undefined;
  return inside(realRoot, real) ? 'inside' : 'outside';
}

/**
 * The bank's YAML files (`files`, sorted) and the symbolic links among them that lead out of the
 * bank folder (`outside`, refused by the loader).
 */
export function scanBankFolder(root: string): { files: string[]; outside: string[] } {
  const files: string[] = [];
  const outside: string[] = [];
  let realRoot = root;
  try {
    realRoot = realpathSync(root);
  } catch {
    /* the loader says the folder is missing */
  }
  const walk = (dir: string, depth: number): void => {
    for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (d.name.startsWith('.')) continue;
      const abs = join(dir, d.name);
      if (d.isDirectory()) {
        if (depth === 0 && d.name === REGULATION_DIR) continue;
        if (d.name === 'node_modules') continue;
        walk(abs, depth + 1);
      } else if (/\.ya?ml$/i.test(d.name)) {
        if (d.isFile()) files.push(abs);
        else if (d.isSymbolicLink()) {
          const where = bankFileTarget(realRoot, abs);
          if (where === 'inside') files.push(abs);
          else if (where === 'outside') outside.push(abs);
        }
      }
    }
  };
  walk(root, 0);
  return { files, outside };
}

/**
 * The bank from the cache, or undefined on a miss. Needs neither the YAML parser nor the schema:
 * `kotae answer` loads those (load-bank.ts) only when the bank changed since the last run.
 */
export function cachedBank(dir: string): Bank | undefined {
  const key = cacheKeyFor(dir);
  return key ? readCachedBank(key) : undefined;
}

/** The bank: from the cache when it has not changed, else read and validated (load-bank.ts). */
export async function openBank(dir: string): Promise<Bank> {
  return cachedBank(dir) ?? (await import('./load-bank.js')).loadBank(dir);
}
