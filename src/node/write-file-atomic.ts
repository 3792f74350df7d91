/**
 * Writing outputs so that nothing is ever half-written: a temp file beside the target, fsync, rename
 * (several files all or none), signals held until the files are in place, folders made one level
 * at a time.
 */
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { KotaeError } from '../domain/errors.js';

function tempPathFor(path: string, tag = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.${tag}`);
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* never created, or already moved */
  }
}

/**
 * What an errno means, in words, without the path Node puts into its message (which would name
 * kotae's temp file, or repeat the path the caller already names).
 */
export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file or folder',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'it is a folder',
    EEXIST: 'it already exists',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    EBUSY: 'the file is busy (open in another program?)',
    ETXTBSY: 'the file is busy (open in another program?)',
    EMFILE: 'too many open files',
    ENAMETOOLONG: 'the file name is too long',
    ELOOP: 'too many symbolic links in the path',
    EIO: 'input/output error',
    EXDEV: 'the target is on another device',
    ENOTEMPTY: 'a folder of that name is in the way',
  };
  if (err?.code && words[err.code]) return `${words[err.code]} (${err.code})`;
  if (err?.code) return err.code;
  // an error without a code: its message, less any quoted path Node adds
  return String(err?.message ?? e)
    .replace(/,?\s*(open|rename|link|unlink|stat|mkdir|scandir)\s+'[^']*'(\s*->\s*'[^']*')?/g, '')
    .trim();
}

function ioError(path: string, e: unknown): KotaeError {
  if (e instanceof KotaeError) return e;
  return new KotaeError('IO_ERROR', `cannot write ${path}: ${errnoText(e)}`, 'check that the folder exists, is writable and has free space');
}

function existsError(path: string): KotaeError {
  return new KotaeError('OUTPUT_EXISTS', `${path} already exists`, 'pass --force to replace it, or choose another path');
}

/** Write `data` to a fresh temp file beside `path` and fsync it; the temp file is removed on failure. */
function writeTemp(path: string, data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const tmp = tempPathFor(path);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    return tmp;
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    tryUnlink(tmp);
    throw ioError(path, e);
  }
}

/** How a file is put in place: `replace` an existing one, or `create` it only when no file of that name exists. */
export interface WriteOptions {
  /**
   * false: the target must not exist, decided by the file system at the moment the file is put in
   * place (a hard link, which fails when the name is taken), not by a check before: of two runs
   * writing the same new file, exactly one succeeds and the other gets OUTPUT_EXISTS.
   * Default true (replace).
   */
  replace?: boolean;
}

/**
 * Write a file so that readers see either the old content or the complete new one:
 * temp file in the same directory, fsync, rename over the target. The temp file is removed on failure.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, opts: WriteOptions = {}): void {
  writeFilesAtomic([{ path, data }], opts);
}

/**
 * Put a finished temp file at `path` only if nothing is there: link() fails with EEXIST when the name
 * is taken, atomically. Where the file system has no hard links, an empty file made with O_EXCL
 * claims the name first and the temp file is renamed over it.
 */
function placeExclusive(tmp: string, path: string): void {
  try {
    linkSync(tmp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(path);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EMLINK') throw e;
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(path);
      throw e2;
    }
    closeSync(fd);
    try {
      renameSync(tmp, path);
    } catch (e3) {
      tryUnlink(path); // the empty file that claimed the name
      throw e3;
    }
    return;
  }
  tryUnlink(tmp);
}

/**
 * Write several files as one step: all or nothing. Every file is first written to a temp file beside
 * its target; only when all are written are they renamed into place. If a rename fails, the files
 * already renamed are taken back (a replaced file is restored from a hard-link backup), so a refusal
 * never leaves a workbook without its report, a half-written file, or a temp file behind.
 */
export function writeFilesAtomic(files: Array<{ path: string; data: Uint8Array | string }>, opts: WriteOptions = {}): void {
  const replace = opts.replace !== false;
  const staged: Array<{ path: string; tmp: string }> = [];
  const committed: Array<{ path: string; backup: string | undefined }> = [];
  let pendingBackup: string | undefined;
  let failedPath = files[0]?.path ?? '';
  try {
    for (const f of files) {
      failedPath = f.path;
      staged.push({ path: f.path, tmp: writeTemp(f.path, f.data) });
    }
    for (const s of staged) {
      failedPath = s.path;
      pendingBackup = undefined;
      if (!replace) {
        placeExclusive(s.tmp, s.path);
        committed.push({ path: s.path, backup: undefined });
        continue;
      }
      if (existsSync(s.path)) {
        const backup = tempPathFor(s.path, 'bak');
        try {
          linkSync(s.path, backup);
          pendingBackup = backup;
        } catch {
          /* no hard links here (or a folder): the rename below decides */
        }
      }
      renameSync(s.tmp, s.path);
      committed.push({ path: s.path, backup: pendingBackup });
      pendingBackup = undefined;
    }
  } catch (e) {
    for (const s of staged) tryUnlink(s.tmp);
    if (pendingBackup) tryUnlink(pendingBackup);
    for (const c of committed.reverse()) {
      if (c.backup) {
        try {
          renameSync(c.backup, c.path);
        } catch {
          tryUnlink(c.backup);
        }
      } else tryUnlink(c.path);
    }
    throw ioError(failedPath, e);
  }
  for (const c of committed) if (c.backup) tryUnlink(c.backup);
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
