/**
 * Reading many workbooks for `coverage`: folders searched recursively for .xlsx / .xlsm, each
 * workbook read and planned on its own (a file that cannot be read becomes an error entry, never
 * a crash), on every core through worker threads when there are more than a few files.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname, join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Bank } from '../domain/types.js';
import { isKotaeError, KotaeError } from '../domain/errors.js';
import { MAX_INPUT_BYTES } from '../domain/limits.js';
import type { MatchIndex } from '../match/match-index.js';
import { loadCore, loadIndex } from './index-cache.js';
import { readWorkbook } from '../workbook/read-workbook.js';
import { coverageOfWorkbook, type FileCoverage } from '../app/coverage.js';
import { errnoText } from './write-file-atomic.js';

/** Up to this many files, one process is faster than starting workers. */
export const SINGLE_PROCESS_MAX_FILES = 2;
const WORKBOOK_EXT = new Set(['.xlsx', '.xlsm']);

/** A path under the folders given that was not taken as a workbook, and why. */
export interface SkippedPath {
  path: string;
  reason: string;
}

/**
 * The workbooks named by paths: files as given, folders searched recursively (sorted; lock and
 * hidden files skipped). Symbolic links are followed — to a file once (a workbook reached by two
 * names is read once), to a folder unless it leads back into a folder being searched (a loop);
 * broken links and loops are added to `skipped` with the reason.
 */
export function collectWorkbooks(paths: readonly string[], skipped: SkippedPath[] = []): string[] {
  const out: string[] = [];
  // real path → index in out, and whether it was reached through a link (the file's own name wins)
  const seenFiles = new Map<string, { at: number; link: boolean }>();
  const addFile = (path: string, link = false): void => {
    let real = path;
    try {
      real = realpathSync(path);
    } catch {
      /* the read reports it */
    }
    const seen = seenFiles.get(real);
    if (seen) {
      if (seen.link && !link) {
        out[seen.at] = path;
        seen.link = false;
      }
      return;
    }
    seenFiles.set(real, { at: out.length, link });
    out.push(path);
  };
  const walk = (dir: string, depth: number, ancestors: Set<string>): void => {
    if (depth > 20) {
      skipped.push({ path: dir, reason: 'more than 20 folders deep' });
      return;
    }
    for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (d.name.startsWith('.') || d.name.startsWith('~$') || d.name === 'node_modules') continue;
      const abs = join(dir, d.name);
      let isDir = d.isDirectory();
      let isFile = d.isFile();
      const link = d.isSymbolicLink();
      if (link) {
        const st = statSync(abs, { throwIfNoEntry: false });
        if (!st) {
          if (WORKBOOK_EXT.has(extname(d.name).toLowerCase())) skipped.push({ path: abs, reason: 'a symbolic link to nothing (broken link)' });
          continue;
        }
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (isDir) {
        const real = realpathSync(abs);
        if (ancestors.has(real)) {
          skipped.push({ path: abs, reason: 'a symbolic link back into a folder already being searched (a loop)' });
          continue;
        }
        walk(abs, depth + 1, new Set([...ancestors, real]));
      } else if (isFile && WORKBOOK_EXT.has(extname(d.name).toLowerCase())) addFile(abs, link);
    }
  };
  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) throw new KotaeError('FILE_NOT_FOUND', `cannot open ${p}: no such file or folder`, 'give workbooks (.xlsx / .xlsm) or folders holding them');
    if (st.isDirectory()) walk(p, 0, new Set([realpathSync(p)]));
    // a FIFO or a device named .xlsx would block the read forever
    else if (!st.isFile()) skipped.push({ path: p, reason: 'not a regular file' });
    else addFile(p);
  }
  return out;
}

/**
 * How each workbook is named in the output: its path inside the folder argument that held it
 * (`coverage fixtures/` lists `a.xlsx`, `customers/b.xlsx`), a file argument as given. Where two
 * folders hold the same relative name, the folder is kept in front.
 */
export function displayNames(paths: readonly string[], files: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const folders = paths.filter((p) => statSync(p, { throwIfNoEntry: false })?.isDirectory());
  for (const f of files) {
    const folder = folders.find((d) => f.startsWith(join(d, '/')) || f.startsWith(`${d}/`));
    names.set(f, folder ? relative(folder, f) : f);
  }
  const counts = new Map<string, number>();
  for (const n of names.values()) counts.set(n, (counts.get(n) ?? 0) + 1);
  for (const [f, n] of names) if ((counts.get(n) ?? 0) > 1) names.set(f, f);
  return names;
}

/** Coverage of one workbook file; any failure to read it is returned as `error`. */
export function coverageOfFile(file: string, index: MatchIndex): FileCoverage {
  try {
    const size = statSync(file).size;
    if (size > MAX_INPUT_BYTES) throw new KotaeError('TOO_LARGE', `${Math.round(size / 1048576)} MB, more than kotae opens`);
    const wb = readWorkbook(new Uint8Array(readFileSync(file)));
    return coverageOfWorkbook(wb, file, index);
  } catch (e) {
    // (an errno in words: Node's own message would name the path a second time)
    const message = isKotaeError(e)
      ? e.message
      : (e as NodeJS.ErrnoException)?.code
        ? `cannot read it: ${errnoText(e)}`
        : e instanceof Error
          ? `${e.name}: ${e.message}`
          : String(e);
    return { file, sheets: [], open: [], answeredBy: {}, error: message.split('\n')[0] ?? message };
  }
}

export interface RunOptions {
  /** worker threads; default: one per core, at most one per file */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Coverage of every file, in the order given. */
export async function runCoverageFiles(
  files: readonly string[],
  bank: Pick<Bank, 'entries' | 'synonyms' | 'unsettled' | 'cacheKey'>,
  opts: RunOptions = {},
): Promise<FileCoverage[]> {
  const workers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), files.length));
  if (files.length <= SINGLE_PROCESS_MAX_FILES || workers === 1) {
    const index = loadIndex(bank);
    return files.map((f, i) => {
      const r = coverageOfFile(f, index);
      opts.onProgress?.(i + 1, files.length);
      return r;
    });
  }
  const results: FileCoverage[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const workerUrl = new URL('./coverage-worker.js', import.meta.url);
  // plain data only crosses to the workers: the bank and its tokenised phrasings (tokenised once,
  // here or in the cache); each worker derives its own index from them
  const bankData = { entries: bank.entries.map(({ origin: _origin, ...e }) => e), synonyms: bank.synonyms, unsettled: bank.unsettled ?? [] };
  const core = loadCore(bank);
  const pool: Worker[] = [];
  // one worker: takes the next file whenever it hands back a result, until none is left
  const drain = (): Promise<void> =>
    new Promise<void>((resolveWorker, rejectWorker) => {
      const w = new Worker(workerUrl, { workerData: { bank: bankData, core } });
      pool.push(w);
      let finished = false;
      const feed = (): void => {
        if (next >= files.length) {
          finished = true;
          resolveWorker();
          return;
        }
        const i = next++;
        w.postMessage({ i, file: files[i] });
      };
      w.on('message', (m: { i: number; result: FileCoverage }) => {
        results[m.i] = m.result;
        opts.onProgress?.(++done, files.length);
        feed();
      });
      w.on('error', rejectWorker);
      w.on('exit', (code) => {
        if (!finished) rejectWorker(new Error(`coverage worker stopped (exit code ${code})`));
      });
      feed();
    });
  try {
    await Promise.all(Array.from({ length: workers }, drain));
  } finally {
    // a failed worker must not keep the others (and the process) alive
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
