/**
 * The workbook-wide parts a worksheet's cells point into: the shared strings (most cell text) and
 * the styles (which number formats are dates or times).
 */
import { MAX_CELL_TEXT } from '../domain/limits.js';
import { classifyNumFmt, type DateKind } from './number-format.js';
import { decodeEntities, decodeOoxmlEscapes, getAttr, localName, scanXml } from './xml.js';

/** At most MAX_CELL_TEXT characters, copied so the model does not keep the whole part's XML alive. */
export function clip(s: string): string {
  if (s.length <= MAX_CELL_TEXT) return s;
  return Buffer.from(s.slice(0, MAX_CELL_TEXT), 'utf16le').toString('utf16le');
}

/** Shared strings: direct <t> plus rich-text runs; furigana (<rPh>) and <phoneticPr> skipped. */
export function readSharedStrings(xml: string, part: string): string[] {
  const out: string[] = [];
  let buf = '';
  let inSi = false;
  let inT = false;
  let rPhDepth = 0;
  scanXml(xml, part, {
    open(name, _raw, selfClosing) {
      const ln = localName(name);
      if (ln === 'si') {
        inSi = true;
        buf = '';
      } else if (ln === 'rPh') {
        if (!selfClosing) rPhDepth++;
      } else if (ln === 't' && inSi && rPhDepth === 0 && !selfClosing) inT = true;
    },
    text(raw, cdata) {
      if (inT && buf.length <= MAX_CELL_TEXT) buf += cdata ? raw : decodeEntities(raw);
    },
    close(name) {
      const ln = localName(name);
      if (ln === 't') inT = false;
      else if (ln === 'rPh') rPhDepth = Math.max(0, rPhDepth - 1);
      else if (ln === 'si') {
        out.push(clip(decodeOoxmlEscapes(buf)));
        inSi = false;
      }
    },
  });
  return out;
}

/** For each cellXfs index: is its number format a date/time format? */
export function readStyleDateKinds(xml: string, part: string): DateKind[] {
  const codes = new Map<number, string>();
  const xfFmt: number[] = [];
  let inCellXfs = false;
  scanXml(xml, part, {
    open(name, raw) {
      const ln = localName(name);
      if (ln === 'numFmt') {
        const id = Number(getAttr(raw, 'numFmtId'));
        const code = getAttr(raw, 'formatCode');
        if (Number.isFinite(id) && code !== undefined) codes.set(id, code);
      } else if (ln === 'cellXfs') inCellXfs = true;
      else if (ln === 'xf' && inCellXfs) xfFmt.push(Number(getAttr(raw, 'numFmtId') ?? 0) || 0);
    },
    close(name) {
      if (localName(name) === 'cellXfs') inCellXfs = false;
    },
  });
  const byId = new Map<number, DateKind>();
  return xfFmt.map((id) => {
    let k = byId.get(id);
    if (k === undefined) byId.set(id, (k = classifyNumFmt(id, codes.get(id))));
    return k;
  });
}
