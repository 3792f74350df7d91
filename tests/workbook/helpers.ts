import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Zip, ZipDeflate, zipSync, strToU8 } from 'fflate';
import { openZip } from '../../src/workbook/zip.js';
import type { SheetModel, WorkbookModel } from '../../src/workbook/model.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REAL = join(repoRoot, '..', 'shared', 'real-sheets');
const EVAL = join(repoRoot, '..', 'shared', 'eval');

export const REAL_FILES = {
  caiqBlank: 'csa/CAIQv4.0.3_STAR-Security-Questionnaire_Generated-at_2024-06-03.xlsx',
  caiqDone: 'csa/CAIQv4.0.3_WhitePact_completed.xlsx',
  ccm: 'csa/CCMv4.0.12_Generated-at_2024-06-03.xlsx',
  hecvat4: 'hecvat/HECVAT414.xlsx',
  hecvat3: 'hecvat/HECVAT3_OpenDSA_20220830.xlsx',
  owaspMobile: 'owasp-ja/Mobile_App_Security_Checklist-Japanese.xlsx',
  devsecops: 'owasp-ja/DevSecOps-VerificationStandard-v1.1-ja.xlsx',
  meti: 'ja-built/meti-cloud-service-level-checklist-ja.xlsx',
  ipa: 'ja-built/ipa-web-security-checklist-ja.xlsx',
} as const;

export const EVAL_FILES = [
  'requirements-confirmation-ja.xlsx',
  'saas-checksheet-ja.xlsx',
  'security-questions-ja.xlsx',
  'sig-lite-questionnaire-en.xlsx',
] as const;

export function real(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(REAL, rel)));
}
export function evalSheet(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(EVAL, name)));
}

export function sheet(wb: WorkbookModel, name: string): SheetModel {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}

export function text(s: SheetModel, ref: string): string {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + ch.charCodeAt(0) - 64;
  return s.rows.get(Number(m[2]))?.get(col)?.text ?? '';
}

/** Raw compressed bytes (local header .. data end) and inflated content of every entry. */
export function entriesOf(bytes: Uint8Array): Map<string, { raw: Uint8Array; data: Uint8Array }> {
  const z = openZip(bytes);
  const out = new Map<string, { raw: Uint8Array; data: Uint8Array }>();
  for (const e of z.entries) {
    out.set(e.name, { raw: bytes.subarray(e.localOffset, e.localOffset + e.localLength), data: z.read(e.name) });
  }
  return out;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface MiniSheet {
  name: string;
  xml: string;
  state?: 'hidden' | 'veryHidden';
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

export function sheetXml(sheetData: string, extra = '', before = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}>${before}${sheetData}${extra}</worksheet>`;
}

/**
 * Build a small xlsx in memory. `streaming` uses fflate's streaming Zip, which writes data
 * descriptors (flag bit 3), like many non-Excel writers.
 */
export function buildXlsx(opts: {
  sheets: MiniSheet[];
  sst?: string;
  styles?: string;
  workbookExtra?: string;
  workbookTail?: string;
  parts?: Record<string, string | Uint8Array>;
  streaming?: boolean;
  omit?: string[];
}): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const put = (n: string, v: string | Uint8Array) => {
    if (!opts.omit?.includes(n)) files[n] = typeof v === 'string' ? strToU8(v) : v;
  };
  put(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
  );
  put(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const rels = opts.sheets
    .map(
      (s, i) =>
        `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${i % 2 ? '/xl/' : ''}worksheets/sheet${i + 1}.xml"/>`,
    )
    .join('');
  const side =
    (opts.sst
      ? `<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
      : '') +
    (opts.styles ? `<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` : '');
  put(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}${side}</Relationships>`,
  );
  const sheetsXml = opts.sheets
    .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
    .join('');
  put(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>${opts.workbookExtra ?? ''}<sheets>${sheetsXml}</sheets>${opts.workbookTail ?? ''}</workbook>`,
  );
  opts.sheets.forEach((s, i) => put(`xl/worksheets/sheet${i + 1}.xml`, s.xml));
  if (opts.sst) put('xl/sharedStrings.xml', opts.sst);
  if (opts.styles) put('xl/styles.xml', opts.styles);
  for (const [k, v] of Object.entries(opts.parts ?? {})) put(k, v);
  if (!opts.streaming) return zipSync(files, { level: 6 });
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  for (const [name, data] of Object.entries(files)) {
    const f = new ZipDeflate(name, { level: 6 });
    zip.add(f);
    f.push(data, true);
  }
  zip.end();
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
