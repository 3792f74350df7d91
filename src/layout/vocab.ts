import type { Canonical, Language } from '../bank/types.js';

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
    '○', '◯', '〇', '⭕', '◎', 'はい', '可', '対応可', '対応可能', '対応済', '対応済み', '対応', '実施', '実施済',
    '実施済み', '適合', 'あり', '有', '有り', 'yes', 'y', 'true', 'pass', 'passed', 'compliant', 'implemented',
    'in place', '1) yes', 'yes (implemented)',
  ],
  no: [
    '×', '✕', '✖', '╳', 'x', 'いいえ', '否', '不可', '対応不可', '未対応', '非対応', '未実施', '不適合', 'なし',
    '無', '無し', 'no', 'n', 'false', 'fail', 'failed', 'non-compliant', 'not implemented', '2) no',
  ],
  partial: [
    '△', '▲', '一部', '一部可', '一部対応', '一部実施', '一部対応可', '部分的', '部分対応', '条件付き', '条件付可',
    '条件付き可', 'partial', 'partially', 'partly', 'partially implemented', 'in progress',
  ],
  na: [
    '－', '-', 'ー', '‐', '−', '—', '―', '–', '対象外', '該当なし', '該当無し', '非該当', '対応不要', '不要',
    'n/a', 'na', 'not applicable', 'does not apply', '4) n/a',
  ],
};

const LOOKUP = new Map<string, Canonical>();
for (const [canon, words] of Object.entries(WORDS) as [Canonical, string[]][]) {
  for (const w of words) LOOKUP.set(w, canon);
}

function squash(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * What canonical answer a piece of answer-cell text stands for, or undefined.
 * Tries the text as it is, then (for NFKC-normalised symbols) the raw character, so
 * both ◯ and ○ read as yes while each keeps its own code point when written.
 */
export function canonicalOf(text: string): Canonical | undefined {
  const raw = text.trim();
  if (!raw) return undefined;
  return LOOKUP.get(raw) ?? LOOKUP.get(raw.toLowerCase()) ?? LOOKUP.get(squash(raw));
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

/** Parses a `--vocab` override: `"○,×,△,－"` (yes,no,partial,na in that order) or `yes=可,no=否`. */
export function vocabFromOption(spec: string): Vocab | undefined {
  const parts = spec.split(',').map((p) => p.trim()).filter(Boolean);
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
