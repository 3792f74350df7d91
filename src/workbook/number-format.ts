/** Numbers as a user sees them: 15 significant digits, and dates for date-formatted cells. */

export type DateKind = 'date' | 'time' | null;

const BUILTIN_DATE = new Set([14, 15, 16, 17, 22, 27, 30, 36, 50, 57]);
const BUILTIN_TIME = new Set([18, 19, 20, 21, 45, 46, 47]);

/** Classify a number format: 'date' (has a date part), 'time' (time only) or null. */
export function classifyNumFmt(id: number, code: string | undefined): DateKind {
  if (code === undefined) {
    if (BUILTIN_DATE.has(id)) return 'date';
    if (BUILTIN_TIME.has(id)) return 'time';
    return null;
  }
  // first section only; drop quoted text, [colour]/[$-411]/[h] brackets, escaped and fill/pad chars
  const section = code.split(';')[0] ?? '';
  const bare = section
    .replace(/"[^"]*"/g, '')
    .replace(/\[(h+|m+|s+)\]/gi, 'h')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .toLowerCase();
  if (/general/.test(bare)) return null;
  const hasDate = /[yd]/.test(bare) || /e/.test(bare.replace(/e[+-]/g, '')) || (/m/.test(bare) && !/[hs]/.test(bare));
  if (hasDate) return 'date';
  if (/[hs]/.test(bare)) return 'time';
  return null;
}

/** General-format display of a number: at most 15 significant digits, trailing zeros trimmed. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const s = String(Number(v.toPrecision(15)));
  return s === '-0' ? '0' : s;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Excel serial → 'YYYY-MM-DD' (date kinds) or 'HH:MM[:SS]' (time-only formats). */
export function formatSerial(serial: number, date1904: boolean, kind: 'date' | 'time'): string {
  if (kind === 'time') {
    const secs = Math.round((serial - Math.floor(serial)) * 86400) % 86400;
    const h = Math.floor(secs / 3600);
    const m = Math.floor((secs % 3600) / 60);
    const s = secs % 60;
    return s ? `${pad(h)}:${pad(m)}:${pad(s)}` : `${pad(h)}:${pad(m)}`;
  }
  const day = Math.floor(serial + 1e-9);
  let ms: number;
  if (date1904) ms = Date.UTC(1904, 0, 1) + day * 86400000;
  // 1900 system: serial 60 is Lotus's phantom 1900-02-29
  else if (day === 60) return '1900-02-29';
  else if (day < 60) ms = Date.UTC(1899, 11, 31) + day * 86400000;
  else ms = Date.UTC(1899, 11, 30) + day * 86400000;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return formatNumber(serial);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
