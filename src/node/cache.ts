/**
 * kotae's cache folder (~/.cache/kotae, KOTAE_CACHE_DIR, off with KOTAE_NO_CACHE=1) and what the
 * caches share: a fingerprint of the code that computed what is cached, and atomic writes that
 * keep the most recent few files of a kind. The caches: the validated bank (bank-cache.ts) and the
 * tokenised bank (index-cache.ts).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDirs } from './write-file-atomic.js';

export function cacheDir(): string | undefined {
  if (process.env.KOTAE_NO_CACHE === '1') return undefined;
  if (process.env.KOTAE_CACHE_DIR) return process.env.KOTAE_CACHE_DIR;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kotae');
}

const fingerprints = new Map<string, string>();

/**
 * Hash of the modules in `folders` (relative to the folder of `moduleUrl`; compiled .js, or .ts
 * when running from the sources) and of the Node and ICU versions: a cache written by other code
 * is never read. Empty when a folder cannot be read (the caller then keys on the rest alone).
 */
export function codeFingerprint(moduleUrl: string, folders: readonly string[]): string {
  const key = `${moduleUrl}\0${folders.join('\0')}`;
  let fp = fingerprints.get(key);
  if (fp === undefined) {
    const h = createHash('sha256');
    h.update(`${process.version}\0${process.versions.icu ?? ''}\0${process.versions.unicode ?? ''}\0`);
    try {
      const ext = moduleUrl.endsWith('.ts') ? '.ts' : '.js';
      for (const folder of folders) {
        const here = fileURLToPath(new URL(folder, moduleUrl));
        h.update(`${folder}\0`);
        for (const name of readdirSync(here)
          .filter((f) => f.endsWith(ext))
          .sort()) {
          h.update(name);
          h.update(readFileSync(join(here, name)));
          h.update('\0');
        }
      }
      fp = h.digest('hex').slice(0, 16);
    } catch {
      fp = '';
    }
    fingerprints.set(key, fp);
  }
  return fp;
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
