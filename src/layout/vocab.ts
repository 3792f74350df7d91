import type { Canonical, Language } from '../domain/types.js';

/**
 * The answer vocabulary of a sheet: which cell text stands for which canonical answer.
 * `items` is what the sheet offers (dropdown items, legend symbols or the language default);
 * `map` picks, for each canonical answer, the item kotae writes.
 */
export interface Vocab {
  items: string[];
  map: Partial<Record<Canonical, string>>;
  source: 'dropdown' | 'legend' | 'default' | 'override';
}

/** Defaults when the sheet states nothing: the usual symbols of Japanese sheets, words in English. */
export const DEFAULT_VOCAB: Record<Language, Vocab> = {
  ja: { items: ['○', '×', '△', '－'], map: { yes: '○', no: '×', partial: '△', na: '－' }, source: 'default' },
  en: { items: ['Yes', 'No', 'Partial', 'N/A'], map: { yes: 'Yes', no: 'No', partial: 'Partial', na: 'N/A' }, source: 'default' },
};

// Exact (normalised) forms. Order inside a list does not matter; a text maps to at most one answer.
const WORDS: Record<Canonical, string[]> = {
  yes: [
    '○',
    '◯',
    '〇',
    '⭕',
    '◎',
    'はい',
    '可',
    '対応可',
    '対応可能',
    '対応済',
    '対応済み',
    '対応',
    '実施',
    '実施済',
    '実施済み',
    '済',
    '済み',
    '適合',
    'あり',
    '有',
    '有り',
    'yes',
    'y',
    'true',
    'pass',
    'passed',
    'compliant',
    'implemented',
    'in place',
    '1) yes',
    'yes (implemented)',
  ],
  no: [
    '×',
    '✕',
    '✖',
    '╳',
    'x',
    'いいえ',
    '否',
    '不可',
    '対応不可',
    '未対応',
    '非対応',
    '未実施',
    '不適合',
    'なし',
    '無',
    '無し',
    'ない',
    'no',
    'n',
    'false',
    'fail',
    'failed',
    'non-compliant',
    'not implemented',
    '2) no',
  ],
  partial: [
    '△',
    '▲',
    '一部',
    '一部可',
    '一部対応',
    '一部実施',
    '一部対応可',
    '部分的',
    '部分対応',
    '条件付き',
    '条件付可',
    '条件付き可',
    'partial',
    'partially',
    'partly',
    'partially implemented',
    'in progress',
  ],
  na: [
    '－',
    '-',
    'ー',
    '‐',
    '−',
    '—',
    '―',
    '–',
    '対象外',
    '該当なし',
    '該当無し',
    '非該当',
    '対応不要',
    '不要',
    'n/a',
    'na',
    'not applicable',
    'does not apply',
    'out of scope',
    '4) n/a',
  ],
};

const LOOKUP = new Map<string, Canonical>();
for (const [canon, words] of Object.entries(WORDS) as [Canonical, string[]][]) {
  for (const w of words) LOOKUP.set(w, canon);
}

function squash(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/*
 * Answer scales worded as an implementation status (実施している / 一部実施している / 実施していない /
 * 該当しない, 対応済 / 一部対応 / 未対応 / 対象外, 適合 / 不適合, 済 / 未, Implemented / Not implemented …)
 * are read by meaning: a short text made of a status verb and an ending, where the ending (or a
 * prefix such as 未 / 不 / 一部) says which answer it is. Only short texts are read this way, so a
 * free-text answer (「対応していない箇所があります」, "We use Okta") is never taken for a scale item.
 */
const MAX_SCALE_TEXT = 14;
/** The status verbs and nouns a Japanese scale item is built on (they may stand alone: 実施, 対応, 適合). */
const JA_STEM = '(?:実施|対応|導入|整備|適合|準拠|遵守|策定|設定|運用|取得|実装|確認|管理|規定|文書化|採用|満た|でき|出来|あ|有)';
/** Any verb stem written in kanji with its okurigana: 定め, 行っ, 講じ, 設け. */
const ANY_STEM = '(?:[\\p{Script=Han}]{1,5}[ぁ-ん]{0,2})';
const JA_YES = new RegExp(
  `^(?:${JA_STEM}(?:済|済み|済です|しています|している|してる|した|しました|す|ます|あり|有り|有|可|可能|る|ります|です)?|${ANY_STEM}(?:ている|ています|てる)|(?:${JA_STEM}|[\\p{Script=Han}]{1,5})(?:済|済み))$`,
  'u',
);
const JA_NO = new RegExp(
  `^(?:未(?!定)[\\p{Script=Han}]{0,4}|(?:不|非)${JA_STEM}|無|${JA_STEM}(?:していない|していません|しない|しません|ない|ありません|なし|無し|不可|不能|できない|出来ない)|${ANY_STEM}(?:ていない|ていません|てない))$`,
  'u',
);
const JA_NA =
  /^(?:該当(?:し|せ)?(?:ない|ません|なし|無し|ず)|該当せず|非該当|対象外|適用外|適用対象外|対象(?:なし|無し)|適用(?:なし|無し)|(?:対応)?不要|関係(?:なし|無し|ない))$/u;
const JA_PARTIAL = /^(?:一部|部分的に?|条件付き?)/u;
const EN_NA = /^(?:n\/?a|not applicable|does not apply|not relevant)\b/u;
const EN_PARTIAL = /^(?:partial|partially|partly|in part)\b/u;
const EN_NO = /^(?:no|not|none|never|fail|failed|non-compliant|noncompliant)\b/u;
const EN_YES = /^(?:yes|y|implemented|fully implemented|in place|compliant|pass|passed|done|complete|completed|true)\b/u;

/** Reads an answer word by its meaning (see above); undefined when it is not a short status word. */
function canonicalByMeaning(text: string): Canonical | undefined {
  // numbering and wrapping marks: 「1. はい」, "(a) Yes", 【実施済】
  const t = squash(text)
    .replace(/^(?:\d{1,2}|[a-z])\s*[.):：]\s*/u, '')
    .replace(/^[「『【\[(（"']+|[」』】\])）"'。.]+$/gu, '')
    .trim();
  if (!t) return undefined;
  const known = LOOKUP.get(t);
  if (known) return known;
  if (/^[a-z]/u.test(t)) {
    if (t.length > 40) return undefined;
    if (EN_NA.test(t)) return 'na';
    if (EN_PARTIAL.test(t)) return 'partial';
    if (EN_NO.test(t)) return 'no';
    if (EN_YES.test(t)) return 'yes';
    return undefined;
  }
  const compact = t.replace(/\s+/gu, '');
  if (compact.length > MAX_SCALE_TEXT) return undefined;
  if (JA_NA.test(compact)) return 'na';
  if (JA_PARTIAL.test(compact)) {
    // 一部実施している, 一部対応可, 一部適合 — the rest must read as a status itself
    const rest = compact.replace(JA_PARTIAL, '');
    return rest === '' || JA_YES.test(rest) || JA_NO.test(rest) ? 'partial' : undefined;
  }
  if (JA_NO.test(compact)) return 'no';
  if (JA_YES.test(compact) && compact.length > 0) return 'yes';
  return undefined;
}

/**
 * What canonical answer a piece of answer-cell text stands for, or undefined.
 * Tries the text as it is, then (for NFKC-normalised symbols) the raw character, so
 * both ◯ and ○ read as yes while each keeps its own code point when written; then reads a short
 * status word by its meaning (実施していない → no, 一部適合 → partial, 該当しない → na).
 */
export function canonicalOf(text: string): Canonical | undefined {
  const raw = text.trim();
  if (!raw) return undefined;
  return LOOKUP.get(raw) ?? LOOKUP.get(raw.toLowerCase()) ?? LOOKUP.get(squash(raw)) ?? canonicalByMeaning(raw);
}

/** Builds a vocabulary from the items a sheet offers; undefined when they are not an answer scale. */
export function vocabFromItems(items: string[], source: Vocab['source']): Vocab | undefined {
  const map: Partial<Record<Canonical, string>> = {};
  for (const item of items) {
    const canon = canonicalOf(item);
    if (canon && map[canon] === undefined) map[canon] = item.trim();
  }
  // A yes/no scale needs at least a yes and a no (Pass/Fail, 可/否, ◯/✕ …).
  if (map.yes === undefined || map.no === undefined) return undefined;
  return { items: items.map((i) => i.trim()), map, source };
}

// Symbols a legend uses for answers; a legend must name at least two families, including yes and no.
const LEGEND_SYMBOL = /[○◯〇×✕✖△▲－ー‐−―-]/gu;

/**
 * Reads the sheet's own convention from a legend such as 「○：対応可 ×：不可」 or
 * 「可否欄：○／×／△／－ で記入」. Returns the symbols in the exact code points the sheet uses.
 */
export function vocabFromLegend(text: string): Vocab | undefined {
  if (!/[○◯〇]/u.test(text) || !/[×✕✖]/u.test(text)) return undefined;
  const found: string[] = [];
  for (const m of text.matchAll(LEGEND_SYMBOL)) {
    const ch = m[0];
    // A dash is an answer symbol only where it stands alone (quoted, between separators) —
    // not inside words such as 「メール」 or ranges like 「1-2」.
    if (canonicalOf(ch) === 'na') {
      const before = text[m.index - 1] ?? ' ';
      const after = text[m.index + 1] ?? ' ';
      const sep = /[\s「」『』（）()：:／/、,。・]/u;
      if (!sep.test(before) || !sep.test(after)) continue;
    }
    if (!found.includes(ch)) found.push(ch);
  }
  return vocabFromItems(found, 'legend');
}

const QUOTED = /[「『“"]([^「」『』“”"]{1,60})[」』”"]/gu;
const BRACKETED = /[(（]([^()（）]{1,80})[)）]/gu;
const EN_WORD = '(?:yes|no|n/a|not applicable|partial|partially|pass|fail|implemented|not implemented)';
const EN_RUN = new RegExp(`\\b${EN_WORD}(?:\\s*(?:/|,|\\bor\\b)\\s*${EN_WORD})+(?![a-z])`, 'giu');
const ITEM_SEPARATOR = /\s*[／/・、,，|｜]\s*|\s+or\s+|\s*または\s*/u;

/**
 * Reads an answer scale stated in words, in an instruction or legend cell or in the answer
 * column's header: 「回答欄には「はい」「いいえ」「該当なし」のいずれかを記入してください」,
 * 「対応状況欄には「対応済／一部対応／未対応／対象外」のいずれかを」, 「プルダウン（実施している／
 * 一部実施している／実施していない／該当しない）から選択」, "回答（Yes / No / N/A）". The items are the
 * quoted or bracketed words (or the cell itself when it is only a list), in the sheet's own spelling.
 * A scale needs a yes and a no; other quoted words (「回答」欄) are ignored.
 */
export function vocabFromWords(text: string): Vocab | undefined {
  if (text.length > 400) return undefined;
  const lists: string[][] = [];
  // "N/A" is one item, not two
  const split = (t: string) =>
    t
      .replace(/\bn\/a\b/giu, (m) => m.replace('/', '\u0000'))
      .split(ITEM_SEPARATOR)
      .map((i) => i.replace('\u0000', '/').trim())
      .filter((i) => i.length > 0 && i.length <= 20);
  for (const m of text.matchAll(QUOTED)) lists.push(split(m[1] ?? ''));
  for (const m of text.matchAll(BRACKETED)) {
    const inner = m[1] ?? '';
    if (ITEM_SEPARATOR.test(inner)) lists.push(split(inner));
  }
  // English instructions name the words unquoted: "Please answer Yes, No or N/A"
  for (const m of text.matchAll(EN_RUN)) lists.push(split(m[0]));
  // a cell that is only a list: 「はい／いいえ／該当なし」
  if (lists.length === 0 && text.length <= 60 && ITEM_SEPARATOR.test(text)) lists.push(split(text));
  const items = lists.flat().filter((i) => canonicalOf(i) !== undefined);
  return vocabFromItems([...new Set(items)], 'legend');
}

/** Parses a `--vocab` override: `"○,×,△,－"` (yes,no,partial,na in that order) or `yes=可,no=否`. */
export function vocabFromOption(spec: string): Vocab | undefined {
  const parts = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  const map: Partial<Record<Canonical, string>> = {};
  if (parts.every((p) => p.includes('='))) {
    for (const p of parts) {
      const [k, v] = p.split('=', 2) as [string, string];
      const key = k.trim().toLowerCase();
      if (key !== 'yes' && key !== 'no' && key !== 'partial' && key !== 'na') return undefined;
      map[key] = v.trim();
    }
  } else {
    const order: Canonical[] = ['yes', 'no', 'partial', 'na'];
    parts.forEach((p, i) => {
      const key = order[i];
      if (key) map[key] = p;
    });
  }
  if (map.yes === undefined || map.no === undefined) return undefined;
  return { items: Object.values(map) as string[], map, source: 'override' };
}
