/** Builders and checks shared by the hostile-input tests. Every hostile file is made here, in a temp dir. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { expect } from 'vitest';
import { FIXTURES, kotae, tempDir, type RunResult } from '../helpers.js';
import { buildXlsx, sheetXml } from '../workbook/helpers.js';

export { buildXlsx, sheetXml };

export const SAMPLE = join(FIXTURES, 'sample-checksheet-ja.xlsx');

export function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Writes `bytes` as `name` in a fresh temp dir; returns the path. */
export function put(name: string, bytes: Uint8Array | string): string {
  const dir = tempDir('kotae-hostile-');
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An inline-string cell. */
export function cell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(text)}</t></is></c>`;
}

/** A small Japanese check sheet (No / 質問 / 回答 / 備考) with the given questions, as worksheet XML. */
export function questionnaireXml(questions: string[], opts: { extraRows?: string } = {}): string {
  const rows = [`<row r="1">${cell('A1', 'No')}${cell('B1', '質問項目')}${cell('C1', '回答')}${cell('D1', '備考')}</row>`];
  questions.forEach((q, i) => {
    const r = i + 2;
    rows.push(`<row r="${r}">${cell(`A${r}`, String(i + 1))}${cell(`B${r}`, q)}</row>`);
  });
  return sheetXml(`<sheetData>${rows.join('')}${opts.extraRows ?? ''}</sheetData>`);
}

export const QUESTIONS = [
  '共有アカウントを使用していますか。',
  '管理者アクセスに多要素認証を必須としていますか。',
  'パスワードの最低文字数を定めていますか。',
  '退職者のアカウントを速やかに削除していますか。',
  'アクセス権限の棚卸を定期的に実施していますか。',
];

export function questionnaireXlsx(questions = QUESTIONS): Uint8Array {
  return buildXlsx({ sheets: [{ name: 'チェックシート', xml: questionnaireXml(questions) }] });
}

/** Unzip, change some parts (null removes one), zip again. */
export function rezip(bytes: Uint8Array, change: Record<string, string | Uint8Array | null>): Uint8Array {
  const files = unzipSync(bytes);
  for (const [name, v] of Object.entries(change)) {
    if (v === null) delete files[name];
    else files[name] = typeof v === 'string' ? strToU8(v) : new Uint8Array(v);
  }
  return zipSync(files, { level: 6 });
}

/** Runs `kotae <command> <input> …` and records the folder and the input before, for `expectRefusal`. */
export function run(
  command: string[],
  input: string,
  extra: string[] = [],
  env?: Record<string, string>,
): RunResult & { input: string; before: string; filesBefore: string[] } {
  const dir = join(input, '..');
  const filesBefore = safeList(dir);
  const before = safeSha(input);
  const r = kotae([...command, input, ...extra], env ? { env } : {});
  return { ...r, input, before, filesBefore };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function safeSha(path: string): string {
  try {
    return sha(path);
  } catch {
    return '';
  }
}

/**
 * A clean refusal: exit 2, `error: …` and `hint: …`, a few lines, no stack frames, no file added
 * to the input's folder (no output, no report, no temp file), the input byte-identical, in seconds.
 */
export function expectRefusal(r: ReturnType<typeof run>, code?: RegExp, maxMs = 15_000): void {
  const ctx = `${r.stdout}\n${r.stderr}`;
  expect(r.code, ctx).toBe(2);
  expect(r.stderr, ctx).toMatch(/^error: .+/m);
  expect(r.stderr, ctx).toMatch(/^hint: .+/m);
  expect(r.stderr, ctx).not.toMatch(/^\s+at .+[(:]/m);
  expect(r.stderr, ctx).not.toMatch(/bug in kotae/);
  expect(r.stderr.trim().split('\n').length, ctx).toBeLessThanOrEqual(4);
  if (code) expect(r.stderr, ctx).toMatch(code);
  expect(safeList(join(r.input, '..')), 'files in the input folder').toEqual(r.filesBefore);
  expect(safeSha(r.input), 'input unchanged').toBe(r.before);
  expect(r.ms, 'finished in seconds').toBeLessThan(maxMs);
}

/** The KotaeError code `fn` throws, or what it did instead. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code ?? `not a KotaeError: ${String(e)}`;
  }
  return 'no error';
}

/** A tiny compound file (OLE2) whose directory holds the given stream names. */
export function cfb(names: string[]): Uint8Array {
  const b = new Uint8Array(512 * 3);
  const dv = new DataView(b.buffer);
  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  dv.setUint16(0x18, 0x3e, true);
  dv.setUint16(0x1a, 3, true);
  dv.setUint16(0x1c, 0xfffe, true);
  dv.setUint16(0x1e, 9, true);
  dv.setUint16(0x20, 6, true);
  dv.setUint32(0x2c, 1, true); // one FAT sector
  dv.setUint32(0x30, 0, true); // directory starts at sector 0
  dv.setUint32(0x3c, 0xfffffffe, true);
  dv.setUint32(0x44, 0xfffffffe, true);
  for (let i = 0; i < 109; i++) dv.setUint32(0x4c + i * 4, 0xffffffff, true);
  dv.setUint32(0x4c, 1, true); // FAT in sector 1
  const all = ['Root Entry', ...names].slice(0, 4);
  all.forEach((n, i) => {
    const off = 512 + i * 128;
    for (let k = 0; k < n.length; k++) dv.setUint16(off + k * 2, n.charCodeAt(k), true);
    dv.setUint16(off + 0x40, (n.length + 1) * 2, true);
    b[off + 0x42] = i === 0 ? 5 : 2;
  });
  const fat = 1024;
  dv.setUint32(fat, 0xfffffffe, true); // directory chain ends
  dv.setUint32(fat + 4, 0xfffffffd, true); // FAT sector
  for (let i = 2; i < 128; i++) dv.setUint32(fat + i * 4, 0xffffffff, true);
  return b;
}

/** An OpenDocument spreadsheet's outline: enough for the detection (a real one comes from soffice). */
export function odsLike(): Uint8Array {
  return zipSync(
    {
      mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'),
      'content.xml': strToU8('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'),
    },
    { level: 0 },
  );
}

/** `xml` (whose declaration names UTF-8) as bytes in UTF-16, with the declaration saying so. */
export function utf16(xml: string, order: 'le' | 'be' = 'le', bom = true): Uint8Array {
  const text = xml.replace(/encoding="UTF-8"/i, 'encoding="UTF-16"');
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let o = 0;
  if (bom) {
    out.set(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
    o = 2;
  }
  for (let i = 0; i < text.length; i++, o += 2) {
    const c = text.charCodeAt(i);
    out[o + (order === 'le' ? 0 : 1)] = c & 0xff;
    out[o + (order === 'le' ? 1 : 0)] = c >>> 8;
  }
  return out;
}

/**
 * Parses each part with Python's expat, a strict XML parser that decodes the bytes itself (BOM,
 * declared encoding, and their agreement): the error of each part that is not well-formed XML.
 */
export function strictXmlErrors(parts: Record<string, Uint8Array>): Record<string, string> {
  const script = `
import sys, json, base64, xml.parsers.expat
parts = json.load(sys.stdin)
errors = {}
for name, b64 in parts.items():
    p = xml.parsers.expat.ParserCreate()
    try:
        p.Parse(base64.b64decode(b64), True)
    except Exception as e:
        errors[name] = str(e)
print(json.dumps(errors))
`;
  const input = JSON.stringify(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Buffer.from(v).toString('base64')])));
  const r = spawnSync('python3', ['-c', script], { input, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`python3 expat failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, string>;
}

/**
 * Converts workbooks to CSV with LibreOffice (first sheet, UTF-8), one soffice run for all of them:
 * the text of each CSV by input file name.
 */
export function sofficeCsv(files: string[]): Record<string, string> {
  const dir = tempDir('kotae-soffice-');
  const r = spawnSync(
    'soffice',
    [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${dir}/profile`,
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76',
      '--outdir',
      dir,
      ...files,
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
  const out: Record<string, string> = {};
  for (const f of files) {
    const csv = join(dir, `${basename(f).replace(/\.[^.]+$/, '')}.csv`);
    out[basename(f)] = existsSync(csv) ? readFileSync(csv, 'utf8') : '';
  }
  return out;
}
