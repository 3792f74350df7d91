/**
 * A small, fast, non-validating XML tokenizer for the SpreadsheetML parts kotae reads.
 * No DOM, no entity expansion beyond the five predefined entities and character references,
 * no external anything. Parts carrying a DTD are refused before any parsing.
 */
import { KotaeError } from '../domain/errors.js';

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();
const decoder16le = new TextDecoder('utf-16le');
const decoder16be = new TextDecoder('utf-16be');

/** How a part's bytes are encoded: UTF-8 (with or without BOM) or UTF-16 (OPC allows both). */
export type PartEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'utf-16le-nobom' | 'utf-16be-nobom';

/** The encoding of a part, from its BOM, or for UTF-16 without one from `<?` / `<` spelled in two bytes. */
export function partEncoding(bytes: Uint8Array): PartEncoding {
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return 'utf-8-bom';
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  if (bytes.length >= 4 && b0 === 0x3c && b1 === 0x00 && b2 !== 0x00) return 'utf-16le-nobom';
  if (bytes.length >= 4 && b0 === 0x00 && b1 === 0x3c && b2 === 0x00) return 'utf-16be-nobom';
  return 'utf-8';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decode a part's bytes to a string (UTF-8, or UTF-16 by its BOM or its first characters). With
 * `part`, bytes that are not UTF-8 — or a declaration naming another encoding (Shift_JIS …) over
 * bytes that are not plain ASCII — are MALFORMED_XML: read as UTF-8 they would become U+FFFD and
 * mojibake in the questions, the report and the answers. OPC allows only UTF-8 and UTF-16.
 */
export function decodePart(bytes: Uint8Array, part?: string): string {
  if (part !== undefined && partEncoding(bytes).startsWith('utf-8')) {
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      throw malformed(part, 'it holds bytes that are not UTF-8 (a legacy encoding such as Shift_JIS?)');
    }
    const declared = /^\s*<\?xml\b[^?]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(text.slice(0, 200))?.[1]?.trim();
    if (declared && !/^utf-?(8|16)$/i.test(declared) && bytes.some((b) => b >= 0x80)) {
      throw malformed(part, `it declares encoding="${declared.slice(0, 30)}", but a workbook's parts are UTF-8 or UTF-16`);
    }
    return text;
  }
  switch (partEncoding(bytes)) {
    case 'utf-16le':
      return decoder16le.decode(bytes.subarray(2));
    case 'utf-16be':
      return decoder16be.decode(bytes.subarray(2));
    case 'utf-16le-nobom':
      return decoder16le.decode(bytes);
    case 'utf-16be-nobom':
      return decoder16be.decode(bytes);
    default:
      // (TextDecoder drops a UTF-8 BOM)
      return decoder.decode(bytes);
  }
}

const XML_DECL_ENCODING = /^(\s*<\?xml\b[^?]*?\bencoding\s*=\s*)(["'])([^"']*)\2/;

/**
 * The bytes of a rewritten part, in the encoding the original part had (UTF-16 stays UTF-16, a BOM
 * stays), with the XML declaration's `encoding` made to say what the bytes are: a part that reads
 * as UTF-8 under a declaration naming UTF-16 (or anything else) would be read as garbage by Excel
 * and LibreOffice.
 */
export function encodePartLike(xml: string, original: Uint8Array): Uint8Array {
  const enc = partEncoding(original);
  const utf16 = enc.startsWith('utf-16');
  const body = xml.replace(/^\uFEFF/, '').replace(XML_DECL_ENCODING, (m, head: string, q: string, name: string) => {
    const isUtf16 = /^utf-?16/i.test(name.trim());
    if (utf16 ? isUtf16 : /^utf-?8$/i.test(name.trim())) return m;
    return `${head}${q}${utf16 ? 'UTF-16' : 'UTF-8'}${q}`;
  });
  if (!utf16) {
    const bytes = encoder.encode(body);
    if (enc !== 'utf-8-bom') return bytes;
    const out = new Uint8Array(bytes.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(bytes, 3);
    return out;
  }
  const bom = enc === 'utf-16le' || enc === 'utf-16be' ? 2 : 0;
  const out = new Uint8Array(bom + body.length * 2);
  const be = enc.startsWith('utf-16be');
  if (bom) out.set(be ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0, o = bom; i < body.length; i++, o += 2) {
    const c = body.charCodeAt(i);
    out[o + (be ? 1 : 0)] = c & 0xff;
    out[o + (be ? 0 : 1)] = c >>> 8;
  }
  return out;
}

/** Refuse DTDs and entity declarations (billion laughs, external entities) before parsing. */
export function assertSafeXml(xml: string, part: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new KotaeError(
      'UNSAFE_XML',
      `${part} contains a DOCTYPE or entity declaration, which Excel never writes`,
      'the file was not saved by a spreadsheet application; re-save it with Excel or LibreOffice',
    );
  }
}

function malformed(part: string, detail: string): KotaeError {
  return new KotaeError(
    'MALFORMED_XML',
    `${part} is not well-formed XML (${detail})`,
    'the workbook is damaged; open it in Excel, let it repair the file and save it again',
  );
}

export interface XmlHandler {
  /**
   * An element starts. `name` is the qualified name as written (e.g. `c`, `x14:formula1`);
   * `attrs` is the raw attribute text (parse with `parseAttrs` / `getAttr` when needed);
   * `start`/`end` are the positions of `<` and one past `>` of the start tag.
   */
  open?(name: string, attrs: string, selfClosing: boolean, start: number, end: number): void;
  /** An element ends (also called right after `open` for `<x/>`). `start`/`end` cover the end tag (empty for `<x/>`). */
  close?(name: string, start: number, end: number): void;
  /** Character data between tags, raw (entities not decoded), or CDATA content (already literal, `cdata` true). */
  text?(raw: string, cdata: boolean): void;
}

/** Local part of a qualified name (`x14:dataValidation` → `dataValidation`). */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function isNameEnd(code: number): boolean {
  // whitespace, '/', '>'
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2f || code === 0x3e;
}

/**
 * Walk an XML document calling the handler. Checks that tags nest and close, which is what
 * "malformed" means for us; throws MALFORMED_XML naming the part.
 */
export function scanXml(xml: string, part: string, h: XmlHandler): void {
  const stack: string[] = [];
  const len = xml.length;
  let pos = 0;
  let sawRoot = false;
  const wantText = h.text !== undefined;
  // Next positions of '<', '"' and "'" at or after some point (-2 unknown, -1 none left). Finding them
  // with native indexOf instead of walking characters keeps even the not-yet-optimised first run fast,
  // and caching them keeps the whole scan linear.
  let nextLt = -2;
  let nextDq = -2;
  let nextSq = -2;
  while (pos < len) {
    const lt = nextLt >= pos ? nextLt : nextLt === -1 ? -1 : xml.indexOf('<', pos);
    if (lt < 0) {
      if (wantText && stack.length > 0) h.text!(xml.slice(pos), false);
      break;
    }
    if (lt > pos && wantText && stack.length > 0) h.text!(xml.slice(pos, lt), false);
    const c1 = xml.charCodeAt(lt + 1);
    if (c1 === 0x3f /* ? */) {
      const e = xml.indexOf('?>', lt + 2);
      if (e < 0) throw malformed(part, `unterminated processing instruction at offset ${lt}`);
      pos = e + 2;
      continue;
    }
    if (c1 === 0x21 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const e = xml.indexOf('-->', lt + 4);
        if (e < 0) throw malformed(part, `unterminated comment at offset ${lt}`);
        pos = e + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', lt)) {
        const e = xml.indexOf(']]>', lt + 9);
        if (e < 0) throw malformed(part, `unterminated CDATA at offset ${lt}`);
        if (wantText && stack.length > 0) h.text!(xml.slice(lt + 9, e), true);
        pos = e + 3;
        continue;
      }
      throw malformed(part, `unexpected markup declaration at offset ${lt}`);
    }
    nextLt = xml.indexOf('<', lt + 1);
    if (c1 === 0x2f /* / */) {
      const e = xml.indexOf('>', lt + 2);
      if (e < 0 || (nextLt >= 0 && nextLt < e)) throw malformed(part, `unterminated end tag at offset ${lt}`);
      const top = stack.pop();
      let match = top !== undefined && xml.startsWith(top, lt + 2);
      if (match) {
        for (let k = lt + 2 + top!.length; k < e; k++) {
          const c = xml.charCodeAt(k);
          if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {
            match = false;
            break;
          }
        }
      }
      if (!match) {
        const name = xml.slice(lt + 2, e).trimEnd();
        throw malformed(part, top === undefined ? `stray </${name}> at offset ${lt}` : `</${name}> closes <${top}> at offset ${lt}`);
      }
      h.close?.(top!, lt, e + 1);
      pos = e + 1;
      continue;
    }
    // start tag: name, then attributes (quoted values may contain '>')
    let i = lt + 1;
    while (i < len && !isNameEnd(xml.charCodeAt(i))) i++;
    if (i === lt + 1 || i >= len) throw malformed(part, `bad tag at offset ${lt}`);
    const name = xml.slice(lt + 1, i);
    const attrStart = i;
    let gt = xml.indexOf('>', i);
    let j = i;
    for (;;) {
      if (gt < 0) throw malformed(part, `unterminated tag <${name}> at offset ${lt}`);
      if (nextDq !== -1 && nextDq < j) nextDq = xml.indexOf('"', j);
      if (nextSq !== -1 && nextSq < j) nextSq = xml.indexOf("'", j);
      let q = nextDq >= 0 && nextDq < gt ? nextDq : -1;
      if (nextSq >= 0 && nextSq < gt && (q < 0 || nextSq < q)) q = nextSq;
      if (q < 0) break;
      const close = xml.indexOf(xml.charCodeAt(q) === 0x22 ? '"' : "'", q + 1);
      if (close < 0) throw malformed(part, `unterminated attribute value in <${name}> at offset ${lt}`);
      j = close + 1;
      if (close > gt) gt = xml.indexOf('>', j);
    }
    // a '<' before the end of the tag (outside quoted values, which may not hold '<' either)
    if (nextLt >= 0 && nextLt < gt) throw malformed(part, `'<' inside tag <${name}> at offset ${nextLt}`);
    const selfClosing = xml.charCodeAt(gt - 1) === 0x2f;
    const attrs = xml.slice(attrStart, selfClosing ? gt - 1 : gt);
    if (stack.length === 0) {
      if (sawRoot) throw malformed(part, `second root element <${name}> at offset ${lt}`);
      sawRoot = true;
    }
    h.open?.(name, attrs, selfClosing, lt, gt + 1);
    if (selfClosing) h.close?.(name, gt + 1, gt + 1);
    else stack.push(name);
    pos = gt + 1;
  }
  if (stack.length > 0) throw malformed(part, `<${stack[stack.length - 1]}> is never closed (truncated?)`);
  if (!sawRoot) throw malformed(part, 'no root element');
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decode the predefined entities and character references. Unknown entities are left as written. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, body: string) => {
    if (body.charCodeAt(0) === 0x23) {
      const cp = body.charCodeAt(1) === 0x78 || body.charCodeAt(1) === 0x58 ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[body] ?? m;
  });
}

/** Undo OOXML's `_xHHHH_` escapes (`_x000D_` → CR; `_x005F_` escapes a literal underscore). */
export function decodeOoxmlEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Parse raw attribute text into name → decoded value. */
export function parseAttrs(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  const len = raw.length;
  let i = 0;
  while (i < len) {
    let c = raw.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    const eq = raw.indexOf('=', i);
    if (eq < 0) break;
    const name = raw.slice(i, eq).trim();
    let j = eq + 1;
    while (j < len && (raw.charCodeAt(j) === 0x20 || raw.charCodeAt(j) === 0x09 || raw.charCodeAt(j) === 0x0a || raw.charCodeAt(j) === 0x0d)) j++;
    c = raw.charCodeAt(j);
    if (c !== 0x22 && c !== 0x27) break;
    const end = raw.indexOf(c === 0x22 ? '"' : "'", j + 1);
    if (end < 0) break;
    out[name] = decodeEntities(raw.slice(j + 1, end));
    i = end + 1;
  }
  return out;
}

/** Read one attribute without building an object (fast path for hot loops). */
export function getAttr(raw: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const k = raw.indexOf(name, from);
    if (k < 0) return undefined;
    const before = k === 0 ? 0x20 : raw.charCodeAt(k - 1);
    let j = k + name.length;
    while (raw.charCodeAt(j) === 0x20) j++;
    if ((before === 0x20 || before === 0x09 || before === 0x0a || before === 0x0d) && raw.charCodeAt(j) === 0x3d /* = */) {
      j++;
      while (raw.charCodeAt(j) === 0x20) j++;
      const q = raw.charCodeAt(j);
      if (q !== 0x22 && q !== 0x27) return undefined;
      const end = raw.indexOf(q === 0x22 ? '"' : "'", j + 1);
      if (end < 0) return undefined;
      return decodeEntities(raw.slice(j + 1, end));
    }
    from = k + name.length;
  }
}

/** Escape text for element content. */
export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
