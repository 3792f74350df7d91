/**
 * Bank files are text people save from editors: YAML and the regulation must be UTF-8. A file in
 * Shift_JIS (common on Japanese Windows) decoded leniently turns into U+FFFD and its mojibake ends
 * up in customers' sheets; it is refused instead, with where the first byte that is not UTF-8 is.
 */
const strict = new TextDecoder('utf-8', { fatal: true });

/** Byte offset of the first byte sequence that is not UTF-8, or -1. */
export function firstNonUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    if (i + n >= b.length) return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/** The encoding a non-UTF-8 text file most likely is in, for the message. */
function guessEncoding(b: Uint8Array): string {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return 'UTF-16';
  return 'Shift_JIS or another legacy encoding';
}

/** The text of a bank file's bytes, or why they are not UTF-8 and where (line and column of the first bad byte). */
export function decodeBankText(bytes: Uint8Array): { text: string } | { error: { message: string; line: number; col: number } } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    const offset = utf16 ? 0 : Math.max(0, firstNonUtf8(bytes));
    const at = lineColOfByte(bytes, offset);
    return { error: { message: `not UTF-8 (byte offset ${offset}; it looks like ${guessEncoding(bytes)}): save the file as UTF-8`, ...at } };
  }
}

/** Line and column (1-based) of a byte offset in bytes that are UTF-8 up to it. */
function lineColOfByte(all: Uint8Array, offset: number): { line: number; col: number } {
  const bytes = all.subarray(0, offset);
  let line = 1;
  let last = -1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) [line, last] = [line + 1, i];
  return { line, col: new TextDecoder().decode(bytes.subarray(last + 1)).length + 1 };
}
