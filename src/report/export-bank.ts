/** `kotae bank export`: the rows of app/export-bank.ts as a Markdown table or an .xlsx workbook, in Japanese or English. */
import type { ExportRow } from '../app/export-bank.js';
import type { Language } from '../domain/types.js';
import { neutralize } from './neutralize.js';
import { mdText } from './markdown.js';

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

/** The export as a Markdown table. */
export function exportToMarkdown(rows: readonly ExportRow[], lang: Language): string {
  const cols = columns(rows, lang);
  const title = lang === 'ja' ? '# セキュリティチェックシート回答集' : '# Security questionnaire answers';
  const lines = [title, '', `| ${cols.map((c) => c.header).join(' | ')} |`, `|${cols.map((c) => (c.key === 'asked' ? '---:' : '---')).join('|')}|`];
  for (const r of rows) lines.push(`| ${cols.map((c) => mdCell(String(r[c.key] ?? ''))).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

/** The export as a workbook kotae creates (exceljs), the header frozen and filtered. */
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

/** The line `bank export` prints when it has written the file. */
export function exportSummary(output: string, rows: readonly ExportRow[], mostAskedFirst: boolean): string {
  return `wrote ${output}: ${rows.length} approved entr${rows.length === 1 ? 'y' : 'ies'}${mostAskedFirst ? ', most-asked first' : ''}\n`;
}

/** A warning line for each --coverage sheet that could not be read ('' when all were). */
export function unreadWarnings(files: readonly { file: string; error?: string }[]): string {
  return files.map((f) => (f.error !== undefined ? `warning: ${f.file} not read: ${f.error}\n` : '')).join('');
}
