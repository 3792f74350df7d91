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

function ioError(path: string, e: unknown): KotaeError {
  if (e instanceof KotaeError) return e;
  const err = e as NodeJS.ErrnoException;
  return new KotaeError(
    'IO_ERROR',
    `cannot write ${path}: ${err.code ?? ''} ${err.message ?? String(e)}`.trim(),
    'check that the directory exists, is writable and has free space',
  );
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

/**
 * Write a file so that readers see either the old content or the complete new one:
 * temp file in the same directory, fsync, rename over the target. The temp file is removed on failure.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  writeFilesAtomic([{ path, data }]);
}

/**
 * Write several files as one step: all or nothing. Every file is first written to a temp file beside
 * its target; only when all are written are they renamed into place. If a rename fails, the files
 * already renamed are taken back (a replaced file is restored from a hard-link backup), so a refusal
 * never leaves a workbook without its report, a half-written file, or a temp file behind.
 */
export function writeFilesAtomic(files: Array<{ path: string; data: Uint8Array | string }>): void {
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
