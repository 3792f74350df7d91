/**
 * The answer bank's folder on disk, read once: every bank file's text (bank/load-bank.ts parses
 * them) and a cache of the validated bank, so that answering a sheet does not parse every YAML
 * file again: the `yaml` parser dominates start-up on large banks (≈ 0.5 s for 1,000 entries,
 * 1.5 s for 5,000). The key is a hash of every bank file's path and bytes (and the working
 * directory, which the messages' file paths depend on) and of the code that reads a bank, so any
 * edit, however small, and any other version of kotae is a miss. Only a bank without problems is
 * cached; a cache that cannot be read or written is ignored. KOTAE_NO_CACHE=1 turns it off.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { BankFile, BankFolder } from '../bank/load-bank.js';
import { decodeBankText } from '../bank/read-text.js';
import { REGULATION_REVIEWS_FILE } from '../bank/regulation.js';
import { KotaeError } from '../domain/errors.js';
import { MAX_BANK_FILE_BYTES, MAX_REGULATION_BYTES } from '../domain/limits.js';
import type { Bank } from '../domain/types.js';
import { cacheDir, codeFingerprint, writeCacheFile } from './cache.js';

const FORMAT = 1;
const REGULATION_DIR = 'regulation';
/** Where the regulation lives inside a bank folder. */
const REGULATION_FILE = join(REGULATION_DIR, 'regulation.txt');

export interface ReadBankOptions {
  /** refuse bank files above this size (default MAX_BANK_FILE_BYTES) */
  maxFileBytes?: number;
}

/** Relative to the working directory when the file is under it (`answer-bank/access.yaml`), else absolute. */
function displayPath(abs: string): string {
  const fromCwd = relative(process.cwd(), abs);
  if (fromCwd && !fromCwd.startsWith('..') && !isAbsolute(fromCwd)) return fromCwd.split(sep).join('/');
  return abs;
}

/** A bank folder as read, with each file's bytes (the cache key hashes bytes, not decoded text). */
interface ReadFolder {
  folder: BankFolder;
  bytes: Map<BankFile, Uint8Array>;
}

/**
 * Every file of the bank folder, read once: the YAML files (`listYamlFiles`) and the regulation,
 * each as text unless it is larger than its limit (then only its size: the loader reports it).
 * Throws BANK_NOT_FOUND when the folder does not exist.
 */
function readFolder(dir: string, opts: ReadBankOptions): ReadFolder {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new KotaeError('BANK_NOT_FOUND', `answer bank folder not found: ${dir}`, 'pass --bank <folder> or create answer-bank/');
  }
  const realRoot = realpathSync(root);
  const maxFileBytes = opts.maxFileBytes ?? MAX_BANK_FILE_BYTES;
  const bytes = new Map<BankFile, Uint8Array>();
  const read = (abs: string, maxBytes: number): BankFile => {
    const size = statSync(abs).size;
    const file: BankFile = { rel: relative(root, abs), file: displayPath(abs), path: abs, size };
    if (size <= maxBytes) {
      const data = new Uint8Array(readFileSync(abs));
      // strict UTF-8: a Shift_JIS file must not turn into U+FFFD in customers' sheets
      const decoded = decodeBankText(data);
      if ('text' in decoded) file.text = decoded.text;
      else file.encodingError = decoded.error;
      bytes.set(file, data);
    }
    return file;
  };
  const scan = scanBankFolder(root, realRoot);
  const folder: BankFolder = { root, files: scan.files.map((abs) => read(abs, maxFileBytes)), maxFileBytes };
  const outside = scan.outside.map(displayPath);
  const regulation = join(root, REGULATION_FILE);
  if (existsSync(regulation)) {
    if (bankFileTarget(realRoot, regulation) === 'outside') folder.regulationOutside = displayPath(regulation);
    else folder.regulation = read(regulation, MAX_REGULATION_BYTES);
  }
  const reviews = join(root, REGULATION_REVIEWS_FILE);
  if (existsSync(reviews)) {
    if (bankFileTarget(realRoot, reviews) === 'outside') outside.push(displayPath(reviews));
    else folder.reviews = read(reviews, maxFileBytes);
  }
  if (outside.length > 0) folder.outside = outside;
  return { folder, bytes };
}

/** Every file of the bank folder, read once (see readFolder). */
export function readBankFolder(dir: string, opts: ReadBankOptions = {}): BankFolder {
  return readFolder(dir, opts).folder;
}

/** A synonyms file given on its own, or BANK_NOT_FOUND. */
export function readSynonymsFile(path: string, opts: ReadBankOptions = {}): BankFile {
  if (!existsSync(path)) throw new KotaeError('BANK_NOT_FOUND', `synonyms file not found: ${path}`);
  const size = statSync(path).size;
  const maxBytes = opts.maxFileBytes ?? MAX_BANK_FILE_BYTES;
  const file: BankFile = { rel: path, file: path, path: resolve(path), size };
  if (size <= maxBytes) {
    const decoded = decodeBankText(new Uint8Array(readFileSync(path)));
    if ('text' in decoded) file.text = decoded.text;
    else file.encodingError = decoded.error;
  }
  return file;
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
function bankFileTarget(realRoot: string, abs: string): 'inside' | 'outside' | undefined {
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
 * Every *.yaml / *.yml under root, sorted, skipping `regulation/`, node_modules/, hidden folders and
 * symlinked folders (`files`); and the symbolic links among them that lead out of the bank folder
 * (`outside`: refused by the loader, never read).
 */
function scanBankFolder(root: string, realRoot: string): { files: string[]; outside: string[] } {
  const files: string[] = [];
  const outside: string[] = [];
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
 * The cache key of a bank folder: a hash of its files (paths relative to the bank folder, and
 * contents) and of the code that reads them; undefined when the cache is off or a file is too
 * large to be read (the loader then reports it).
 */
function bankKey({ folder, bytes }: ReadFolder): string | undefined {
  if (!cacheDir()) return undefined;
  // a link out of the bank, or a file that is not UTF-8, is a problem the loader reports: never cached
  if (folder.outside || folder.regulationOutside) return undefined;
  const all = [...folder.files, ...(folder.regulation ? [folder.regulation] : []), ...(folder.reviews ? [folder.reviews] : [])];
  if (all.some((f) => f.size > folder.maxFileBytes || !bytes.has(f) || f.encodingError)) return undefined;
  const h = createHash('sha256');
  // the code that reads a bank (bank/, its limits in domain/) and this cache's own (node/)
  h.update(`kotae-bank-cache:${FORMAT}\0${codeFingerprint(import.meta.url, ['../bank/', '../domain/', './'])}\0${process.cwd()}\0${folder.root}\0`);
  for (const f of all) {
    h.update(f.rel);
    h.update('\0');
    h.update(bytes.get(f) as Uint8Array);
    h.update('\0');
  }
  return h.digest('hex').slice(0, 32);
}

/** The cached bank of this key (with the key, for the index cache), or undefined. */
function readCachedBank(key: string): Bank | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    const bank = JSON.parse(readFileSync(join(dir, `bank-${key}.json`), 'utf8')) as Bank;
    return Array.isArray(bank.entries) && Array.isArray(bank.synonyms) ? { ...bank, cacheKey: key } : undefined;
  } catch {
    return undefined;
  }
}

/** Store a bank that loaded without problems under its key; the bank, with the key (for the index cache). */
function keepBank(key: string | undefined, bank: Bank): Bank {
  if (!key) return bank;
  const dir = cacheDir();
  if (dir) writeCacheFile(dir, `bank-${key}.json`, JSON.stringify(bank));
  return { ...bank, cacheKey: key };
}

/** The bank from the cache, or undefined on a miss. */
export function cachedBank(dir: string): Bank | undefined {
  const key = bankKey(readFolder(dir, {}));
  return key ? readCachedBank(key) : undefined;
}

/**
 * The bank folder read once, and the bank from the cache when these files were validated before;
 * `store` keeps a bank the caller loaded on a miss.
 */
export function bankFromCache(dir: string, opts: ReadBankOptions = {}): { folder: BankFolder; cached?: Bank; store: (bank: Bank) => Bank } {
  const read = readFolder(dir, opts);
  const key = bankKey(read);
  const cached = key ? readCachedBank(key) : undefined;
  return { folder: read.folder, ...(cached ? { cached } : {}), store: (bank) => keepBank(key, bank) };
}

/**
 * The bank: from the cache when it has not changed, else parsed and validated (bank/load-bank.ts,
 * with the YAML parser and the schema, loaded only then). Its files are read once either way.
 */
export async function openBank(dir: string, opts: ReadBankOptions = {}): Promise<Bank> {
  const { folder, cached, store } = bankFromCache(dir, opts);
  if (cached) return cached;
  const { bankOrThrow } = await import('../bank/load-bank.js');
  return store(bankOrThrow(folder));
}
