/**
 * The company's own security check sheet from the approved bank (`kotae bank export`): one row per
 * entry — category, question, answer, remarks with the regulation citation, source — so the most
 * asked answers can be published before a customer asks. Pure: bank in, rows and bytes out.
 */
import { DEFAULT_VOCAB } from '../layout/vocab.js';
import { remarksFor } from '../pipeline/answer-workbook.js';
import { mdText } from '../report/markdown.js';
import { neutralize } from '../report/write-report.js';
import { formatCitation } from './regulation.js';
import type { Entry, Language } from './types.js';

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
export function phrasingIn(entry: Entry, lang: Language): string {
  const qs = entry.questions.map(String);
  const hit = qs.find((q) => (lang === 'ja' ? JAPANESE_RE.test(q) : !JAPANESE_RE.test(q) && /[A-Za-z]/.test(q)));
  return hit ?? qs[0] ?? '';
}

/**
 * Where the answer rests. A past response is named by its date only: the export is meant to be
 * published, and the customer's name is theirs to keep.
 */
export function sourceText(entry: Entry, lang: Language): string {
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
export const DESCRIBED_ANSWER: Record<Language, string> = { ja: '備考のとおり', en: 'See remarks' };

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
export function categoryIn(category: string, lang: Language): string {
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

const HEADERS: Record<Language, { category: string; question: string; answer: string; remarks: string; source: string; asked: string; id: string }> = {
  ja: { category: '分類', question: '質問', answer: '回答', remarks: '備考', source: '根拠', asked: '質問された行数', id: 'ID' },
  en: { category: 'Category', question: 'Question', answer: 'Answer', remarks: 'Remarks', source: 'Source', asked: 'Times asked', id: 'ID' },
};

function columns(rows: readonly ExportRow[], lang: Language): { key: keyof ExportRow; header: string; width: number }[] {
  const h = HEADERS[lang];
  const cols: { key: keyof ExportRow; header: string; width: number }[] = [
    { key: 'category', header: h.category, width: 18 },
    { key: 'question', header: h.question, width: 60 },
    { key: 'answer', header: h.answer, width: 8 },
    { key: 'remarks', header: h.remarks, width: 70 },
    { key: 'source', header: h.source, width: 30 },
  ];
  if (rows.some((r) => r.asked !== undefined)) cols.push({ key: 'asked', header: h.asked, width: 12 });
  cols.push({ key: 'id', header: h.id, width: 28 });
  return cols;
}

function mdCell(s: string): string {
  return mdText(s);
}

export function exportToMarkdown(rows: readonly ExportRow[], lang: Language): string {
  const cols = columns(rows, lang);
  const title = lang === 'ja' ? '# セキュリティチェックシート回答集' : '# Security questionnaire answers';
  const lines = [title, '', `| ${cols.map((c) => c.header).join(' | ')} |`, `|${cols.map((c) => (c.key === 'asked' ? '---:' : '---')).join('|')}|`];
  for (const r of rows) lines.push(`| ${cols.map((c) => mdCell(String(r[c.key] ?? ''))).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

export async function exportToXlsx(rows: readonly ExportRow[], lang: Language): Promise<Uint8Array> {
  // exceljs is large; load it only when an xlsx is written
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kotae';
  const ws = wb.addWorksheet(lang === 'ja' ? 'セキュリティ回答' : 'Security answers', { views: [{ state: 'frozen', ySplit: 1 }] });
  const cols = columns(rows, lang);
  ws.columns = cols.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (const r of rows) {
    const values: Record<string, string | number> = {};
    for (const c of cols) {
      const v = r[c.key];
      values[c.key] = typeof v === 'number' ? v : neutralize(String(v ?? ''));
    }
    ws.addRow(values);
  }
  ws.getRow(1).font = { bold: true };
  ws.eachRow((row) => {
    row.alignment = { vertical: 'top', wrapText: true };
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
