/**
 * The OPC package around the workbook: find workbook.xml through the relationships,
 * list its sheets, defined names and side parts. Shared by the reader and the patcher.
 */
import { KotaeError } from '../domain/errors.js';
import type { DefinedName } from './model.js';
import { assertSafeXml, decodeEntities, decodePart, localName, parseAttrs, scanXml } from './xml.js';
import type { ZipLimits } from '../domain/limits.js';
import { openZip, type ZipArchive } from './zip.js';

export interface SheetInfo {
  name: string;
  /** 0-based position in workbook.xml */
  index: number;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** zip path of the sheet part ('' when the relationship is missing) */
  part: string;
  /** 'worksheet', 'chartsheet', 'dialogsheet', … (last segment of the relationship type) */
  kind: string;
}

export interface WorkbookPackage {
  zip: ZipArchive;
  workbookPart: string;
  sheets: SheetInfo[];
  definedNames: DefinedName[];
  date1904: boolean;
  kind: 'xlsx' | 'xlsm';
  /** the workbook is a template (.xltx / .xltm) */
  template: boolean;
  sharedStringsPart: string | undefined;
  stylesPart: string | undefined;
}

interface Rel {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** Inflate a part and decode it, refusing DTDs. */
export function readXmlPart(zip: ZipArchive, part: string): string {
  const xml = decodePart(zip.read(part), part);
  assertSafeXml(xml, part);
  return xml;
}

function relsPathFor(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

function parseRels(xml: string, part: string): Rel[] {
  const rels: Rel[] = [];
  scanXml(xml, part, {
    open(name, raw) {
      if (localName(name) !== 'Relationship') return;
      const a = parseAttrs(raw);
      rels.push({ id: a.Id ?? '', type: a.Type ?? '', target: a.Target ?? '', external: a.TargetMode === 'External' });
    },
  });
  return rels;
}

/** Resolve a relationship target against its source part to a zip entry name that exists. */
function resolveTarget(zip: ZipArchive, sourcePart: string, target: string): string | undefined {
  let path: string;
  if (target.startsWith('/')) path = target.slice(1);
  else {
    const dir = sourcePart.slice(0, sourcePart.lastIndexOf('/') + 1);
    path = dir + target;
  }
  const segs: string[] = [];
  for (const s of path.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') segs.pop();
    else segs.push(s);
  }
  const name = segs.join('/');
  if (zip.get(name)) return name;
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    /* keep as is */
  }
  if (zip.get(decoded)) return decoded;
  const lower = decoded.toLowerCase();
  return zip.entries.find((e) => e.name.toLowerCase() === lower)?.name;
}

function safeRead(zip: ZipArchive, name: string): string {
  try {
    return new TextDecoder().decode(zip.read(name)).trim().slice(0, 100);
  } catch {
    return '';
  }
}

const relKind = (type: string) => type.slice(type.lastIndexOf('/') + 1);

function noWorkbook(detail: string): KotaeError {
  return new KotaeError(
    'NO_WORKBOOK_PART',
    `the file is a zip but not an Excel workbook (${detail})`,
    'Word/PowerPoint files and plain zips are not check sheets; give kotae the .xlsx file',
  );
}

export function openWorkbookPackage(bytes: Uint8Array, limits?: Partial<ZipLimits>): WorkbookPackage {
  const zip = openZip(bytes, limits);

  let workbookPart: string | undefined;
  if (zip.get('_rels/.rels')) {
    const rels = parseRels(readXmlPart(zip, '_rels/.rels'), '_rels/.rels');
    const office = rels.find((r) => relKind(r.type) === 'officeDocument' && !r.external);
    if (office) workbookPart = resolveTarget(zip, '', office.target);
  }
  // lenient: some generators forget the package relationships
  if (!workbookPart && zip.get('xl/workbook.xml')) workbookPart = 'xl/workbook.xml';
  if (!workbookPart) {
    const mimetype = zip.get('mimetype') ? safeRead(zip, 'mimetype') : '';
    if (mimetype === 'application/vnd.oasis.opendocument.spreadsheet') {
      throw new KotaeError(
        'LEGACY_FORMAT',
        'this is an OpenDocument spreadsheet (.ods), which kotae does not read directly',
        'save it as .xlsx in LibreOffice or Excel (File > Save As), or run `kotae answer` with LibreOffice installed so it is converted',
      );
    }
    if (mimetype.startsWith('application/vnd.oasis.opendocument.')) throw noWorkbook(`it is an OpenDocument file (${mimetype.slice(37)})`);
    const word = zip.entries.some((e) => e.name.startsWith('word/'));
    const ppt = zip.entries.some((e) => e.name.startsWith('ppt/'));
    throw noWorkbook(
      word ? 'it looks like a Word document' : ppt ? 'it looks like a PowerPoint presentation' : 'no officeDocument relationship to xl/workbook.xml',
    );
  }
  if (workbookPart.toLowerCase().endsWith('.bin')) {
    throw new KotaeError('NOT_A_WORKBOOK', 'this is a binary Excel workbook (.xlsb), which kotae does not read', 'save it as .xlsx in Excel (File > Save As)');
  }

  if (/^(word|ppt)\//i.test(workbookPart)) {
    throw noWorkbook(workbookPart.toLowerCase().startsWith('word/') ? 'it looks like a Word document' : 'it looks like a PowerPoint presentation');
  }

  const wbRelsPath = relsPathFor(workbookPart);
  const wbRels = zip.get(wbRelsPath) ? parseRels(readXmlPart(zip, wbRelsPath), wbRelsPath) : [];
  const relById = new Map(wbRels.map((r) => [r.id, r]));

  const sheets: SheetInfo[] = [];
  const definedNames: DefinedName[] = [];
  let date1904 = false;
  let inDefinedName: { attrs: Record<string, string>; text: string } | null = null;
  const wbXml = readXmlPart(zip, workbookPart);
  let isWorkbook = false;
  scanXml(wbXml, workbookPart, {
    open(name, raw) {
      const ln = localName(name);
      if (ln === 'workbook') isWorkbook = true;
      else if (ln === 'sheet') {
        const a = parseAttrs(raw);
        const rid = Object.entries(a).find(([k]) => k !== 'sheetId' && /(^|:)id$/.test(k))?.[1] ?? '';
        const rel = relById.get(rid);
        const state = a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible';
        sheets.push({
          name: a.name ?? `Sheet${sheets.length + 1}`,
          index: sheets.length,
          state,
          part: rel && !rel.external ? (resolveTarget(zip, workbookPart!, rel.target) ?? '') : '',
          kind: rel ? relKind(rel.type) : '',
        });
      } else if (ln === 'workbookPr') {
        const a = parseAttrs(raw);
        date1904 = a.date1904 === '1' || a.date1904 === 'true';
      } else if (ln === 'definedName') {
        inDefinedName = { attrs: parseAttrs(raw), text: '' };
      }
    },
    text(raw, cdata) {
      if (inDefinedName) inDefinedName.text += cdata ? raw : decodeEntities(raw);
    },
    close(name) {
      if (localName(name) !== 'definedName' || !inDefinedName) return;
      const { attrs, text } = inDefinedName;
      inDefinedName = null;
      const formula = text.trim();
      if (!attrs.name || formula.includes('#REF!')) return;
      const dn: DefinedName = { name: attrs.name, formula, hidden: attrs.hidden === '1' || attrs.hidden === 'true' };
      if (attrs.localSheetId !== undefined && /^\d+$/.test(attrs.localSheetId)) dn.localSheet = Number(attrs.localSheetId);
      definedNames.push(dn);
    },
  });
  if (!isWorkbook) {
    throw noWorkbook(`${workbookPart} is not a SpreadsheetML workbook`);
  }
  if (sheets.length === 0) throw noWorkbook('the workbook lists no sheets');

  const types = zip.get('[Content_Types].xml') ? readXmlPart(zip, '[Content_Types].xml') : '';
  // The workbook part's content type is what Excel goes by: it opens a package only under the
  // extension that type names (a template only as .xltx / .xltm, a macro workbook only as .xlsm,
  // and a plain workbook not as .xlsm even when a vbaProject.bin lies in it). Without an Override
  // for the part, the package is guessed from its VBA project and any macro-enabled type.
  let workbookType: string | undefined;
  scanXml(types || '<Types/>', '[Content_Types].xml', {
    open(name, raw) {
      if (localName(name) !== 'Override') return;
      const a = parseAttrs(raw);
      if ((a.PartName ?? '').replace(/^\//, '').toLowerCase() === workbookPart!.toLowerCase()) workbookType ??= a.ContentType ?? '';
    },
  });
  const macro =
    workbookType !== undefined && /spreadsheetml|ms-excel/i.test(workbookType)
      ? /macroEnabled/i.test(workbookType)
      : zip.entries.some((e) => e.name.toLowerCase().endsWith('vbaproject.bin')) || /macroEnabled/i.test(types);
  const template = workbookType !== undefined && /\.template(\.|\b)/i.test(workbookType);
  const side = (kind: string) => {
    const r = wbRels.find((x) => relKind(x.type) === kind && !x.external);
    return r ? resolveTarget(zip, workbookPart!, r.target) : undefined;
  };
  return {
    zip,
    workbookPart,
    sheets,
    definedNames,
    date1904,
    kind: macro ? 'xlsm' : 'xlsx',
    template,
    sharedStringsPart: side('sharedStrings'),
    stylesPart: side('styles'),
  };
}
