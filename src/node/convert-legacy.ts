/**
 * Legacy and foreign spreadsheets — Excel 97-2003 .xls (an OLE file with a `Workbook` / `Book`
 * stream) and OpenDocument .ods — are converted to .xlsx with LibreOffice (headless) when it is
 * installed: in a private temporary folder with its own LibreOffice profile, under a time limit,
 * the folder removed afterwards. The customer's file is copied there; it is never touched.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KotaeError } from '../domain/errors.js';
import { CONVERT_TIMEOUT_MS } from '../domain/limits.js';
import { cfbDirectoryNames, isCfb } from '../workbook/cfb.js';
import { openZip } from '../workbook/zip.js';

export type LegacyKind = 'xls' | 'ods';

const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

/** 'xls' for an Excel 97-2003 workbook, 'ods' for an OpenDocument spreadsheet, else null. */
export function legacyKind(bytes: Uint8Array): LegacyKind | null {
  if (isCfb(bytes)) {
    const names = cfbDirectoryNames(bytes);
    if (names?.some((n) => n === 'EncryptionInfo' || n === 'EncryptedPackage')) return null;
    return names?.some((n) => n === 'Workbook' || n === 'Book') ? 'xls' : null;
  }
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    try {
      const zip = openZip(bytes, { maxPartBytes: 1024 });
      if (!zip.get('mimetype')) return null;
      return new TextDecoder().decode(zip.read('mimetype')).trim() === ODS_MIMETYPE ? 'ods' : null;
    } catch {
      return null; // the reader explains damaged zips
    }
  }
  return null;
}

/** The error for a legacy file kotae cannot convert here. */
function legacyFormatError(kind: LegacyKind, detail?: string): KotaeError {
  const what = kind === 'xls' ? 'this is a legacy Excel 97-2003 workbook (.xls)' : 'this is an OpenDocument spreadsheet (.ods)';
  return new KotaeError(
    'LEGACY_FORMAT',
    detail
      ? `${what}, and LibreOffice could not convert it (${detail})`
      : `${what}; kotae reads .xlsx, and LibreOffice (soffice) is not installed to convert it`,
    detail
      ? 'open it in Excel or LibreOffice and save it as .xlsx (File > Save As > Excel Workbook), then run kotae on the .xlsx'
      : 'save it as .xlsx in Excel or LibreOffice (File > Save As > Excel Workbook), or install LibreOffice (e.g. apt-get install libreoffice-calc) so kotae converts it itself',
  );
}

/** The `soffice` executable on PATH, or undefined. */
function findSoffice(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    for (const name of ['soffice', 'libreoffice']) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        /* not here */
      }
    }
  }
  return undefined;
}

/**
 * Convert to .xlsx bytes with LibreOffice. Throws LEGACY_FORMAT when soffice is missing, fails or
 * times out. The temporary folder (copy of the input, profile, output) is always removed.
 */
export async function convertToXlsx(bytes: Uint8Array, kind: LegacyKind, opts: { timeoutMs?: number; soffice?: string } = {}): Promise<Uint8Array> {
  const soffice = opts.soffice ?? findSoffice();
  if (!soffice) throw legacyFormatError(kind);
  const dir = mkdtempSync(join(tmpdir(), 'kotae-convert-'));
  try {
    const inDir = join(dir, 'in');
    const outDir = join(dir, 'out');
    mkdirSync(inDir);
    mkdirSync(outDir);
    const input = join(inDir, `workbook.${kind}`);
    writeFileSync(input, bytes, { mode: 0o600 });
    const args = [
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--headless',
      '--invisible',
      '--nologo',
      '--nodefault',
      '--nolockcheck',
      '--norestore',
      '--convert-to',
      'xlsx:Calc MS Excel 2007 XML',
      '--outdir',
      outDir,
      input,
    ];
    const result = await run(soffice, args, { cwd: dir, timeoutMs: opts.timeoutMs ?? CONVERT_TIMEOUT_MS, home: dir });
    if (result.timedOut) throw legacyFormatError(kind, `it took longer than ${Math.round((opts.timeoutMs ?? CONVERT_TIMEOUT_MS) / 1000)} s`);
    const out = join(outDir, 'workbook.xlsx');
    let converted: Uint8Array;
    try {
      converted = new Uint8Array(readFileSync(out));
    } catch {
      const why =
        result.stderr
          .split('\n')
          .map((l) => l.trim())
          .find((l) => /error/i.test(l)) ?? `exit code ${result.code ?? 'none'}`;
      throw legacyFormatError(kind, `${why.slice(0, 160)}; the file may be damaged or password-protected`);
    }
    if (converted.length === 0) throw legacyFormatError(kind, 'it produced an empty file');
    return converted;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface RunResult {
  code: number | null;
  stderr: string;
  timedOut: boolean;
}

/** Run a child in its own process group so a timeout kills soffice.bin too, not only its wrapper script. */
function run(cmd: string, args: string[], opts: { cwd: string; timeoutMs: number; home: string }): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      // a private HOME keeps LibreOffice from touching the user's own configuration and caches
      env: { ...process.env, HOME: opts.home, SAL_USE_VCLPLUGIN: 'svp' },
    });
    let stderr = '';
    let timedOut = false;
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 16_384) stderr += d.toString('utf8');
    });
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolvePromise({ code: null, stderr: e.message, timedOut: false });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      kill(); // anything the wrapper left behind in its group
      resolvePromise({ code, stderr, timedOut });
    });
  });
}
