/**
 * Text from customers' sheets, file names and bank files is untrusted: an ESC or another control
 * character in a sheet name, a question or a cell (also spelled `_x001B_` in OOXML) would drive the
 * terminal (move the cursor, hide lines, set the title or the clipboard through OSC), break a YAML
 * file or a Markdown table. Every output path runs untrusted text through one of these:
 * `neutralizeControls` for text people read (terminal, Markdown, CSV, the report workbook),
 * `jsonSafe` for JSON (lossless: escapes), `stripControls` for text kotae stores (the bank's YAML).
 */

/**
 * C0 controls (except those kept), DEL, C1 controls, the line / paragraph separators and the
 * bidirectional embedding, override and isolate controls ("Trojan Source" reordering).
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A visible stand-in: the control picture for C0 and DEL (␛ ␇ ␀), ⟨U+XXXX⟩ for the others. */
function picture(c: string): string {
  const cp = c.charCodeAt(0);
  if (cp < 0x20) return String.fromCharCode(0x2400 + cp);
  if (cp === 0x7f) return '\u2421';
  return `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Control characters made visible (`keep`: which of \t \n \r stay as they are; default tab and newline). */
export function neutralizeControls(text: string, keep = '\t\n'): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROL, (c) => (keep.includes(c) ? c : picture(c)));
}

/** Control characters removed (a space for each run of them, tab and newline kept): for text kotae stores. */
export function stripControls(text: string): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(text)) return text;
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ');
}

/**
 * JSON text with the characters JSON.stringify leaves raw but a terminal or another parser may act
 * on (DEL, C1, U+2028/2029, bidi controls) written as \u escapes: the same data, no raw control.
 */
export function jsonSafe(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every string in a plain value (objects, arrays; Maps and Sets left as they are) neutralised, as a copy. */
export function neutralizeDeep<T>(value: T, keep: Parameters<typeof neutralizeControls>[1] = '\t\n', seen = new Map<object, unknown>()): T {
  if (typeof value === 'string') return neutralizeControls(value, keep) as T;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) return value;
  const done = seen.get(value);
  if (done !== undefined) return done as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(neutralizeDeep(v, keep, seen));
    return out as T;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) out[k] = neutralizeDeep(v, keep, seen);
  return out as T;
}

/** A short excerpt of untrusted text for a message: one line, controls made visible, at most `max` characters. */
export function excerpt(text: string, max = 60): string {
  const one = neutralizeControls(text.replace(/\s+/g, ' ').trim(), '');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
