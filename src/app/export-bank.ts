/**
 * The company's own security check sheet from the approved bank (`kotae bank export`): one row per
 * entry — category, question, answer, remarks with the regulation citation, source — so the most
 * asked answers can be published before a customer asks. Pure: bank in, rows out; report/export-bank.ts
 * writes them as Markdown or .xlsx.
 */
import { DEFAULT_VOCAB } from '../layout/vocab.js';
import { remarksFor } from '../plan/plan-answers.js';
import { formatCitation } from '../bank/regulation.js';
import type { Entry, Language } from '../domain/types.js';

export interface ExportRow {
  id: string;
  category: string;
  question: string;
  /** ○×△－ (ja) or Yes/No/Partial/N/A (en); 「備考のとおり」 / "See remarks" for an entry that answers with a description */
  answer: string;
  remarks: string;
  source: string;
  /** question rows of the --coverage sheets this entry answered */
  asked?: number;
}

const JAPANESE_RE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/** The entry's first phrasing in the language, else its first phrasing. */
function phrasingIn(entry: Entry, lang: Language): string {
  const qs = entry.questions.map(String);
  const hit = qs.find((q) => (lang === 'ja' ? JAPANESE_RE.test(q) : !JAPANESE_RE.test(q) && /[A-Za-z]/.test(q)));
  return hit ?? qs[0] ?? '';
}

/**
 * Where the answer rests. A past response is named by its date only: the export is meant to be
 * published, and the customer's name is theirs to keep.
 */
function sourceText(entry: Entry, lang: Language): string {
  const parts: string[] = [];
  const arts = entry.source.regulation ?? [];
  if (arts.length) parts.push(formatCitation(arts, lang).replace(/^[（(]|[）)]$/g, ''));
  if (entry.source.response) parts.push(lang === 'ja' ? `過去の回答（${entry.source.response.date}）` : `Past response (${entry.source.response.date})`);
  return parts.join(lang === 'ja' ? '、' : '; ');
}

/**
 * The answer column for an entry that answers with its remarks (`answer: describe`): never a yes /
 * no mark — 「社内の認証基盤は何ですか」 answered ○ or "Yes" says nothing, or something false.
 */
const DESCRIBED_ANSWER: Record<Language, string> = { ja: '備考のとおり', en: 'See remarks' };

/**
 * English names of the categories the bank uses (a category is one free-text string, written in
 * Japanese in the shipped bank): an English export must not mix languages. A category not listed
 * here is printed as written.
 */
const CATEGORY_EN: Record<string, string> = {
  アクセス制御: 'Access control',
  インシデント管理: 'Incident management',
  システム基盤: 'Infrastructure',
  データ管理: 'Data management',
  リモートワーク: 'Remote work',
  ログ管理: 'Logging',
  事業継続: 'Business continuity',
  変更管理: 'Change management',
  委託先管理: 'Supplier management',
  情報セキュリティ方針: 'Information security policy',
  '教育・訓練': 'Training and awareness',
  物理的セキュリティ: 'Physical security',
  特権管理: 'Privileged access',
  '監査・レビュー': 'Audit and review',
  端末管理: 'Endpoint management',
  '組織・体制': 'Organization',
  脆弱性管理: 'Vulnerability management',
  認証: 'Authentication',
  運用管理: 'Operations',
};

/** The category in the export's language. */
function categoryIn(category: string, lang: Language): string {
  return lang === 'en' ? (CATEGORY_EN[category.trim()] ?? category) : category;
}

/** Rows of the export: approved entries, in bank order, or most-asked first when counts are given. */
export function buildExportRows(entries: readonly Entry[], lang: Language, asked?: ReadonlyMap<string, number>): ExportRow[] {
  const vocab = DEFAULT_VOCAB[lang].map;
  const approved = entries.filter((e) => e.status !== 'draft');
  const rows = approved.map((e, i) => ({
    order: i,
    row: {
      id: e.id,
      category: categoryIn(e.category, lang),
      question: phrasingIn(e, lang),
      answer: e.answer === 'describe' ? DESCRIBED_ANSWER[lang] : (vocab[e.answer] ?? e.answer),
      remarks: remarksFor(e, lang, true) ?? '',
      source: sourceText(e, lang),
      ...(asked ? { asked: asked.get(e.id) ?? 0 } : {}),
    } satisfies ExportRow,
  }));
  if (asked) rows.sort((a, b) => (b.row.asked ?? 0) - (a.row.asked ?? 0) || a.order - b.order);
  return rows.map((r) => r.row);
}
