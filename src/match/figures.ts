/**
 * Figures guard: a question that states a figure (「90日以内」「6か月」「99.5%」「年1回」, "one year",
 * "AES-256") may only be answered by an entry whose phrasings carry a compatible figure. A bank
 * that says "within 24 hours" supports a question asking "within 72 hours", never the reverse.
 */
import { BlankedText, foldCharacters, stripNumbering } from './normalize.js';

export type FigureKind = 'time' | 'freq' | 'percent' | 'count' | 'chars' | 'bits' | 'id' | 'num';
export type Bound = 'max' | 'min' | 'eq';

export interface Figure {
  kind: FigureKind;
  /** hours for time, times per year for freq, the number otherwise; the identifier for id */
  value: number | string;
  bound: Bound;
  /** the text it was read from */
  text: string;
}

const EN_NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  eighteen: 18,
  twenty: 20,
  'twenty-four': 24,
  thirty: 30,
  'forty-eight': 48,
  sixty: 60,
  seventy: 70,
  'seventy-two': 72,
  ninety: 90,
  hundred: 100,
};
const KANJI_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function parseNumber(s: string): number {
  if (/^[\d.]+$/u.test(s)) return Number(s);
  const en = EN_NUMBERS[s.replace(/\s+/gu, '-')];
  if (en !== undefined) return en;
  // 十二 = 12, 二十 = 20, 三 = 3
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    const d = KANJI_DIGITS[ch];
    if (d === undefined) return NaN;
    if (d === 10) {
      total += (cur || 1) * 10;
      cur = 0;
    } else cur = d;
  }
  return total + cur;
}

/** Units to hours (time) or to a kind of their own. Order matters: longer spellings first. */
const UNITS: readonly { re: string; kind: FigureKind; factor: number }[] = [
  { re: '営業日|business\\s+days?|working\\s+days?', kind: 'time', factor: 24 },
  { re: '時間|hours?|hrs?|h(?![a-z])', kind: 'time', factor: 1 },
  { re: '日間|日|days?', kind: 'time', factor: 24 },
  { re: '週間|週|weeks?', kind: 'time', factor: 168 },
  { re: '(?:か|ヶ|カ|ヵ|ケ|箇|个)月間?|months?', kind: 'time', factor: 720 },
  { re: '年間|年(?!\\d|[一二三四五六七八九十]+回|度)|years?', kind: 'time', factor: 8760 },
  { re: '分間|分(?!類|離|析|散|割|野|け|担)|minutes?|mins?', kind: 'time', factor: 1 / 60 },
  { re: '秒|seconds?|secs?', kind: 'time', factor: 1 / 3600 },
  { re: '%|パーセント|percent', kind: 'percent', factor: 1 },
  { re: '回|times', kind: 'count', factor: 1 },
  { re: '文字|桁|characters?|chars?|digits?', kind: 'chars', factor: 1 },
  { re: 'ビット|bits?', kind: 'bits', factor: 1 },
];

// (a number is read from the start of its run of digits only: tried at every digit of a long run
// without a unit, the expression read on to the run's end each time, quadratic in its length; a
// run whose start does not match has no later start that does)
const NUM = `((?<!\\d)\\d+(?:\\.\\d+)?|${Object.keys(EN_NUMBERS)
  .sort((a, b) => b.length - a.length)
  .join('|')}|(?<![一二三四五六七八九十])[一二三四五六七八九十]+)`;
const QUANTITY_RE = new RegExp(`${NUM}\\s*(${UNITS.map((u) => u.re).join('|')})`, 'gu');

/** 年1回 / 月2回 / 週1回 / 日1回 / 年に一度 → times per year */
const FREQ_NUM_RE = /(半年|半期|四半期|年|月|週|日)\s*(?:に|で)?\s*(\d+|[一二三四五六七八九十]+)\s*(?:回|度)/gu;
const FREQ_PER: Record<string, number> = { 年: 1, 半年: 2, 半期: 2, 四半期: 4, 月: 12, 週: 52, 日: 365 };
/** Frequencies in words. */
const FREQ_WORDS: readonly { re: RegExp; perYear: number }[] = [
  { re: /毎年|年次|(?<!半)年ごと|annual(?:ly)?|once\s+(?:a|per|every)\s+year|every\s+year|yearly|per\s+year/gu, perYear: 1 },
  { re: /半年ごと|(?<!四)半期ごと|twice\s+a\s+year|semi-?annual(?:ly)?|every\s+six\s+months/gu, perYear: 2 },
  { re: /四半期ごと|四半期毎|quarterly|every\s+quarter|once\s+a\s+quarter/gu, perYear: 4 },
  { re: /毎月|月次|月ごと|monthly|once\s+a\s+month|every\s+month/gu, perYear: 12 },
  { re: /毎週|週次|weekly|every\s+week/gu, perYear: 52 },
  { re: /毎日|日次|daily|every\s+day/gu, perYear: 365 },
];
/** A bound word right after a frequency (年1回以上) or right before it (at least once a year). */
const FREQ_BOUND_AFTER = /^\s*(?:以上|以内|以下|未満|まで)/u;
const FREQ_BOUND_BEFORE = /(?:(?:at\s+)?least|少なくとも|最低でも|最低)\s*$/u;

export interface FrequencySpan {
  start: number;
  end: number;
  /** times per year */
  perYear: number;
}

/**
 * Where a text states a frequency (年1回以上, 四半期ごと, at least once a year, annually), with the
 * bound words around it, for tokenising the expression as one concept: its four to six words and
 * bigrams outweighed the topic of the sentence (「アクセス権の見直しを年1回以上」 met 「方針の見直し
 * （年1回以上）」 on the frequency alone). Whether the entry backs the figure is the figures guard's job.
 * Spans are in text order and do not overlap.
 */
export function frequencySpans(text: string): FrequencySpan[] {
  if (!FIGURE_HINT.test(text)) return [];
  const found: FrequencySpan[] = [];
  for (const m of text.matchAll(FREQ_NUM_RE)) {
    const n = parseNumber(m[2] as string);
    if (!Number.isFinite(n)) continue;
    found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, perYear: n * (FREQ_PER[m[1] as string] ?? 1) });
  }
  for (const { re, perYear } of FREQ_WORDS) {
    for (const m of text.matchAll(re)) found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, perYear });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: FrequencySpan[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) continue;
    const after = FREQ_BOUND_AFTER.exec(text.slice(f.end, f.end + 8));
    const before = FREQ_BOUND_BEFORE.exec(text.slice(Math.max(last?.end ?? 0, f.start - 16), f.start));
    out.push({ start: before ? f.start - before[0].length : f.start, end: after ? f.end + after[0].length : f.end, perYear: f.perYear });
  }
  return out;
}

/** Same-day commitments, read as "within 24 hours". */
const SAME_DAY_RE = /当日中|即日|same\s+(?:business\s+)?day/gu;
/** Named standards and algorithms with a number: AES-256, ISO 27001, SOC2, TLS 1.2, WPA3, 24x7. */
const ID_RE =
  /\b(iso|iec|soc|tls|ssl|aes|sha|rsa|nist|sp|pci|dss|jis|wpa|cvss|ipv|tier|level|windows|macos|ios|android|owasp|cis|fips|gdpr|hipaa|[a-z]{2,})[\s-]?(\d+(?:\.\d+)*)(?![\d.]*\s*(?:%|時間|日|週|か月|ヶ月|年|回|hours?|days?|weeks?|months?|years?))/gu;
const ROUND_CLOCK_RE = /24\s*(?:x|×|\/)\s*7|24時間\s*365日|24\/365/gu;

const MAX_AFTER = /^\s*(?:以内|以下|未満|まで|内に|以前|or\s+(?:less|fewer|sooner|earlier|shorter))/u;
const MIN_AFTER = /^\s*[(（]?\s*(?:以上|超|を超え|or\s+(?:more|longer|greater|higher|stronger|more\s+frequent(?:ly)?)|\+)/u;
const MAX_BEFORE = /(?:within|under|no\s+later\s+than|less\s+than|at\s+most|up\s+to|maximum\s+of|max\.?|最大|最長)\s*$/u;
const MIN_BEFORE = /(?:at\s+least|minimum\s+of|min\.?|more\s+than|over|no\s+less\s+than|最低|少なくとも|最低でも)\s*$/u;

function boundAt(text: string, start: number, end: number): Bound {
  const after = text.slice(end, end + 30);
  const before = text.slice(Math.max(0, start - 20), start);
  if (MAX_AFTER.test(after) || MAX_BEFORE.test(before)) return 'max';
  if (MIN_AFTER.test(after) || MIN_BEFORE.test(before)) return 'min';
  return 'eq';
}

/**
 * What every figure needs somewhere in the text: a digit, a number word or kanji digit, a frequency
 * word or a same-day phrase. Without one, no scan below can match (the rewrites before them only
 * remove dates and enumerations, which hold digits), so most texts skip the scans.
 */
const FIGURE_HINT = new RegExp(
  ['\\d', '[一二三四五六七八九十]', ...Object.keys(EN_NUMBERS), ...FREQ_WORDS.map((f) => f.re.source), SAME_DAY_RE.source].join('|'),
  'u',
);

/** Figures stated in a text. */
export function extractFigures(raw: string): Figure[] {
  const lines = foldCharacters(raw).split('\n').map(stripNumbering).join(' ');
  if (!FIGURE_HINT.test(lines)) return [];
  const text = new BlankedText(
    lines
      // inline enumerations (1) (2) are not figures; dates are not figures
      .replace(/[(（]\d{1,2}[)）]/gu, ' ')
      .replace(/(?:19|20)\d\d\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?)?|\d{1,2}\s*月\s*\d{1,2}\s*日/gu, ' ')
      .replace(/(?:19|20)\d\d[-/]\d{1,2}[-/]\d{1,2}/gu, ' '),
  );
  const figures: Figure[] = [];
  // a figure read is blanked, so later scans do not read it again; its bound is read around it in
  // the text as blanked so far
  const bound = (start: number, end: number): Bound => {
    const from = Math.max(0, start - 20);
    return boundAt(text.slice(from, end + 30), start - from, end - from);
  };
  const scan = (re: RegExp, make: (m: RegExpMatchArray) => Figure | undefined): void => {
    for (const m of [...text.text.matchAll(re)]) {
      const f = make(m);
      if (!f) continue;
      figures.push(f);
      const start = m.index ?? 0;
      text.blank(start, start + m[0].length);
    }
  };
  scan(ROUND_CLOCK_RE, (m) => ({ kind: 'id', value: '24x7', bound: 'eq', text: m[0] }));
  scan(FREQ_NUM_RE, (m) => {
    const n = parseNumber(m[2] as string);
    const per = FREQ_PER[m[1] as string] ?? 1;
    const start = m.index ?? 0;
    return { kind: 'freq', value: n * per, bound: bound(start, start + m[0].length), text: m[0] };
  });
  for (const { re, perYear } of FREQ_WORDS) {
    scan(re, (m) => {
      const start = m.index ?? 0;
      return { kind: 'freq', value: perYear, bound: bound(start, start + m[0].length), text: m[0] };
    });
  }
  scan(SAME_DAY_RE, (m) => ({ kind: 'time', value: 24, bound: 'max', text: m[0] }));
  scan(QUANTITY_RE, (m) => {
    const n = parseNumber(m[1] as string);
    if (Number.isNaN(n)) return undefined;
    const unitText = m[2] as string;
    const unit = UNITS.find((u) => new RegExp(`^(?:${u.re})$`, 'u').test(unitText));
    if (!unit) return undefined;
    const start = m.index ?? 0;
    const value = unit.kind === 'time' ? n * unit.factor : n;
    return { kind: unit.kind, value, bound: bound(start, start + m[0].length), text: m[0] };
  });
  scan(ID_RE, (m) => {
    const prefix = m[1] as string;
    // ordinary words followed by a number ("within 24") are not identifiers
    if (
      !/^(?:iso|iec|soc|tls|ssl|aes|sha|rsa|nist|sp|pci|dss|jis|wpa|cvss|ipv|tier|level|windows|macos|ios|android|owasp|cis|fips)$/u.test(prefix) &&
      /\s/u.test(m[0])
    ) {
      return undefined;
    }
    return { kind: 'id', value: `${prefix}${m[2] as string}`, bound: 'eq', text: m[0] };
  });
  // any other number left over
  scan(/\d+(?:\.\d+)?/gu, (m) => ({ kind: 'num', value: Number(m[0]), bound: 'eq', text: m[0] }));
  return figures;
}

/** How far apart a question figure and a bank figure may be for a bound to carry over. */
const MAX_BOUND_RATIO = 10;

/** Is a question figure satisfied by a figure stated in the bank? */
export function figureSatisfied(q: Figure, b: Figure): boolean {
  if (q.kind !== b.kind) return false;
  if (q.kind === 'id' || q.kind === 'num') return q.value === b.value;
  const qv = q.value as number;
  const bv = b.value as number;
  const eps = 1e-9;
  // a bound only transfers between figures of the same order: "24時間以内" backs "72時間以内",
  // but a 24-hour figure in the entry is about something else than "90日以内" in the question
  if (qv > 0 && bv > 0 && Math.max(qv / bv, bv / qv) > MAX_BOUND_RATIO) return false;
  if (q.bound === 'eq' && b.bound === 'eq') return Math.abs(qv - bv) < eps;
  if (q.bound !== 'max' && b.bound !== 'max') return bv >= qv - eps;
  if (q.bound !== 'min' && b.bound !== 'min') return bv <= qv + eps;
  return false;
}

/** Question figures that none of the bank figures supports. */
export function unsupportedFigures(question: readonly Figure[], bank: readonly Figure[]): Figure[] {
  return question.filter((q) => !bank.some((b) => figureSatisfied(q, b)));
}
