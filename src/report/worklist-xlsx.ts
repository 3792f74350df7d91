/**
 * The report as .xlsx: a worklist a person works through in Excel, in the sheet's language — one
 * row per question to decide, with kotae's proposal (the answer in the customer's own words, the
 * remarks in full), a 判断 (decision) dropdown, the entry and article it rests on, and the other
 * close candidates — then the answered rows, and a summary. A hidden sheet keeps the record
 * `kotae apply` reads back (app/worklist.ts). Written through exceljs's streaming writer: rows
 * are committed as they are added, so a 20,000-row report does not hold a workbook model.
 */
import type ExcelJS from 'exceljs';
import { DECISION_WORDS, encodeRecord, RECORD_SHEET, type WorklistColumns, type WorklistRecord, type WorklistRow } from '../app/worklist.js';
import type { Language } from '../domain/types.js';
import { answeringEntries, type AnsweredItem, type Report, type ReportItem } from './build-report.js';
import { detailText, reasonText } from './reasons.js';
import { cellRef } from '../workbook/refs.js';
import { neutralize } from './neutralize.js';
import { neutralizeControls } from '../domain/safe-text.js';
import { textUnits } from '../plan/clipped-rows.js';

/** Where the input and the answered copy are, as the record keeps them (paths relative to the report's folder, and absolute). */
export interface WorklistFiles {
  input: { path: string; absolute: string };
  answered: { path: string; absolute: string };
}

const LISTS_SHEET = 'kotae-lists';

const LABELS = {
  ja: {
    summary: '概要',
    worklist: '要確認',
    answered: '回答済み',
    title: 'kotae レポート',
    input: '入力ファイル',
    output: '回答済みファイル',
    bank: '回答バンク',
    generated: '作成日時',
    sheetTable: ['シート', '回答済み', '要確認', '未回答', '対象外'],
    total: '合計',
    steps: [
      '使い方:',
      `1. 「要確認」シートで各行の提案回答・提案備考を確認し、判断列で「${DECISION_WORDS.ja.use}」または「${DECISION_WORDS.ja.skip}」を選びます（空欄は未判断）。`,
      '2. 提案回答・提案備考は書き換えてかまいません。「採用」した行には、表示されている内容がそのまま書き込まれます。',
      '3. 保存して閉じ、`kotae apply <このファイル>` を実行すると、回答済みファイルに書き込まれ、回答バンクに学習されます。',
    ],
    widen: '行の高さを広げる行',
    widenNote:
      '次の行は高さが固定されているため、kotae が書き込んだ内容の一部しか表示されません（kotae は行の高さを変更しません）。該当行を選択し、「行の高さの自動調整」を行ってください。',
    widenHead: ['シート', '行', 'セル', '必要な行数', '表示行数'],
    head: ['シート', '行', '項番', '質問', '提案回答', '提案備考', '判断', '状態・理由', '根拠', 'スコア', '他の候補'],
    review: '要確認',
    unmatched: '未回答',
    answeredHead: ['シート', '行', '項番', '質問', '一致した登録質問', '回答', '登録項目', '根拠', 'スコア', '近い他の項目（備考が合うか確認）'],
    decisionPrompt: `${DECISION_WORDS.ja.use}: 提案回答・提案備考を書き込む／${DECISION_WORDS.ja.skip}: 空欄のまま／空欄: 未判断`,
    answerPrompt: '顧客シートの選択肢から選びます',
    caution: '確認',
  },
  en: {
    summary: 'Summary',
    worklist: 'To decide',
    answered: 'Answered',
    title: 'kotae report',
    input: 'Input',
    output: 'Answered copy',
    bank: 'Answer bank',
    generated: 'Generated',
    sheetTable: ['Sheet', 'Answered', 'Review', 'Unmatched', 'Skipped'],
    total: 'Total',
    steps: [
      'How to use it:',
      `1. On "To decide", check each row's proposed answer and remarks and choose "${DECISION_WORDS.en.use}" or "${DECISION_WORDS.en.skip}" in the Decision column (empty: not decided yet).`,
      '2. You may edit the proposed answer and remarks: a row marked Use gets what the row shows.',
      '3. Save and close this file, then run `kotae apply <this file>`: the answered copy gets the rows, and the answer bank learns them.',
    ],
    widen: 'Rows to widen',
    widenNote:
      'These rows have a fixed height that shows only part of what kotae wrote (kotae leaves row heights as the customer set them). Select them in the sheet and use AutoFit Row Height (Excel: Home > Format > AutoFit Row Height).',
    widenHead: ['Sheet', 'Row', 'Cell', 'Lines needed', 'Lines shown'],
    head: ['Sheet', 'Row', 'ID', 'Question', 'Proposed answer', 'Proposed remarks', 'Decision', 'Status and reason', 'Based on', 'Score', 'Other candidates'],
    review: 'review',
    unmatched: 'unmatched',
    answeredHead: ['Sheet', 'Row', 'ID', 'Question', 'Matched bank phrasing', 'Answer', 'Bank entry', 'Source', 'Score', 'Also close (check the remarks fit)'],
    decisionPrompt: `${DECISION_WORDS.en.use}: write the proposed answer and remarks / ${DECISION_WORDS.en.skip}: leave blank / empty: not decided`,
    answerPrompt: "one of the customer's answer words",
    caution: 'check',
  },
} as const;

/** The worklist's columns (1-based), as the record keeps them. */
const COLUMNS: WorklistColumns = { question: 4, answer: 5, remarks: 6, decision: 7 };
const WIDTHS = [12, 6, 8, 48, 10, 48, 12, 28, 26, 7, 44];
const ANSWERED_WIDTHS = [12, 6, 8, 48, 40, 8, 26, 28, 7, 40];
const EDITABLE_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF8DC' } };
const DECISION_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
/** Landscape, A4, every column on one page wide, the header row on every page. */
const PRINT = { orientation: 'landscape', paperSize: 9, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' } as const;

/** `○ access.review (0.41, regulation 第5.2条)` and its remarks under it, for the other-candidates cell. */
/** `regulation 第5.2条; past response: Acme, 2025-08-30` in the worklist's language. */
function sourceText(source: string, lang: Language): string {
  return lang === 'ja' ? source.replace(/\bregulation /g, '情報セキュリティ規定 ').replace(/\bpast response: /g, '過去の回答: ') : source;
}

function candidateText(c: ReportItem['candidates'][number], lang: Language): string {
  const head = `${c.written ?? '—'}  ${c.entry} (${c.score.toFixed(2)}${c.source ? `, ${sourceText(c.source, lang)}` : ''})`;
  if (c.objection) return `${head}\n× ${detailText(c.objection, lang)}`;
  return c.remarks ? `${head}\n${clip(c.remarks, CANDIDATE_REMARKS)}` : head;
}

/** How much of another candidate's remarks the worklist shows (display units): enough to tell it apart. */
const CANDIDATE_REMARKS = 80;

function clip(text: string, units: number): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    used += textUnits(ch);
    if (used > units) return `${out}…`;
    out += ch;
  }
  return out;
}

function alsoCloseText(a: AnsweredItem): string {
  return (a.alsoClose ?? []).map((c) => `${c.entry} (${c.score.toFixed(2)}): ${c.phrasing}`).join('\n');
}

export async function reportToXlsx(report: Report, files?: WorklistFiles): Promise<Uint8Array> {
  // exceljs is large: load only its streaming writer, and only when an xlsx report is asked for
  const { default: WorkbookWriter } = await import('exceljs/lib/stream/xlsx/workbook-writer.js');
  const { PassThrough } = await import('node:stream');
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => {
    sink.on('end', res);
    sink.on('error', rej);
  });
  const wb = new WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  wb.creator = 'kotae';
  // the file opens on the worklist (its second sheet): that is where the work is
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: report.items.length > 0 ? 1 : 0, visibility: 'visible' }];
  const lang: Language = report.language;
  const L = LABELS[lang];
  const bold = { bold: true } as const;
  // one style object shared by every body cell: exceljs recognises a style object it has seen and
  // skips working out its style id again (a new object per cell was half the time of a 20,000-row report)
  const top: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } };
  const editable: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' }, fill: EDITABLE_FILL };
  const decisionStyle: Partial<ExcelJS.Style> = { alignment: { vertical: 'top', horizontal: 'center' }, fill: DECISION_FILL };
  const headStyle: Partial<ExcelJS.Style> = { font: bold, fill: HEAD_FILL, alignment: { wrapText: true, vertical: 'middle' } };
  const styled = (row: ExcelJS.Row, widths: readonly number[], styles: Record<number, Partial<ExcelJS.Style>> = {}): void => {
    row.eachCell({ includeEmpty: true }, (c, col) => {
      c.style = styles[col] ?? top;
    });
    // rows sized to their wrapped text: Excel does not grow a row to wrapped text on opening
    row.height = rowHeight(row, widths);
  };
  const header = (ws: ExcelJS.Worksheet, labels: readonly string[]): void => {
    const r = ws.addRow([...labels]);
    r.eachCell((c) => {
      c.style = headStyle;
    });
    r.commit();
  };

  const summary = wb.addWorksheet(L.summary, { pageSetup: { orientation: 'portrait', paperSize: 9, fitToWidth: 1, fitToHeight: 0 } });
  summary.columns = [{ width: 34 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }];
  const title = summary.addRow([L.title]);
  title.font = { bold: true, size: 14 };
  title.commit();
  summary.addRow([L.input, neutralize(report.input)]).commit();
  summary.addRow([L.output, neutralize(report.output)]).commit();
  summary.addRow([L.bank, neutralize(report.bank)]).commit();
  summary.addRow([L.generated, report.generatedLocal]).commit();
  summary.addRow([]).commit();
  header(summary, L.sheetTable);
  for (const s of report.summaries) summary.addRow([neutralize(s.sheet), s.answered, s.review, s.unmatched, s.skipped]).commit();
  const t = report.totals;
  const total = summary.addRow([L.total, t.answered, t.review, t.unmatched, t.skipped]);
  total.font = bold;
  total.commit();
  summary.addRow([]).commit();
  for (const line of L.steps) summary.addRow([line]).commit();
  if (report.rowsToWiden?.length) {
    summary.addRow([]).commit();
    const w = summary.addRow([`${L.widen} (${report.rowsToWiden.length})`]);
    w.font = bold;
    w.commit();
    summary.addRow([L.widenNote]).commit();
    header(summary, L.widenHead);
    for (const c of report.rowsToWiden) summary.addRow([neutralize(c.sheet), c.row, cellRef(c.row, c.col), c.lines, c.shown]).commit();
  }
  summary.commit();

  // the worklist: one row per question a person decides, in the customer's sheet order
  const todo = wb.addWorksheet(L.worklist, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: PRINT });
  todo.columns = WIDTHS.map((width) => ({ width }));
  if (report.items.length) todo.autoFilter = { from: 'A1', to: cellRef(1, WIDTHS.length) };
  header(todo, L.head);
  const lists = new Map<string, string>(); // allowed words (JSON) → range on the lists sheet
  const listOf = (words: readonly string[]): string => {
    const key = JSON.stringify(words);
    let ref = lists.get(key);
    if (!ref) {
      const col = lists.size + 1;
      ref = `'${LISTS_SHEET}'!$${colLetters(col)}$1:$${colLetters(col)}$${words.length}`;
      lists.set(key, ref);
    }
    return ref;
  };
  // exceljs's streaming worksheet has dataValidations (its types leave it out)
  const validations = (todo as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  const decisionList = `"${DECISION_WORDS[lang].use},${DECISION_WORDS[lang].skip}"`;
  const records: WorklistRow[] = [];
  let line = 1;
  for (const it of report.items) {
    line++;
    const p = it.proposal;
    // what the row shows is what apply writes: only control characters are made visible (a leading
    // apostrophe would be written into the customer's sheet; a string cell is never a formula)
    const written = p?.written ? proposalText(p.written) : '';
    const remarks = p?.remarks ? proposalText(p.remarks) : '';
    const caution = p?.caution ? `\n${L.caution}: ${detailText(p.caution, lang)}` : '';
    const status = `${it.status === 'review' ? L.review : L.unmatched}: ${reasonText(it.reason, it.detail, lang)}${caution}`;
    const others = it.candidates
      .filter((c) => c.entry !== p?.entry)
      .map((c) => candidateText(c, lang))
      .join('\n');
    const row = todo.addRow([
      neutralize(it.sheet),
      it.row,
      neutralize(it.id),
      neutralize(it.question),
      written,
      remarks,
      '',
      neutralize(status),
      p ? neutralize(`${p.entry}${p.source ? `\n${sourceText(p.source, lang)}` : ''}`) : '',
      p ? p.score : '',
      neutralize(others),
    ]);
    styled(row, WIDTHS, { [COLUMNS.answer]: editable, [COLUMNS.remarks]: editable, [COLUMNS.decision]: decisionStyle });
    row.commit();
    const at = (col: number) => cellRef(line, col);
    validations.add(at(COLUMNS.decision), {
      type: 'list',
      allowBlank: true,
      formulae: [decisionList],
      showInputMessage: true,
      prompt: L.decisionPrompt,
      showErrorMessage: true,
      errorStyle: 'stop',
    });
    if (it.allowed.length > 0) {
      validations.add(at(COLUMNS.answer), {
        type: 'list',
        allowBlank: true,
        formulae: [listOf(it.allowed)],
        showInputMessage: true,
        prompt: L.answerPrompt,
        showErrorMessage: true,
        errorStyle: 'stop',
      });
    }
    const rec: WorklistRow = { line, sheet: it.sheet, row: it.row, answerCell: it.cells.answer, allowed: it.allowed, question: it.question };
    if (it.cells.remarks) rec.remarksCell = it.cells.remarks;
    if (p) {
      rec.entry = p.entry;
      if (p.answer) rec.answer = p.answer;
    }
    if (written) rec.written = written;
    if (remarks) rec.remarks = remarks;
    records.push(rec);
  }
  todo.commit();

  const done2 = wb.addWorksheet(L.answered, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: PRINT });
  done2.columns = ANSWERED_WIDTHS.map((width) => ({ width }));
  if (report.answered.length) done2.autoFilter = { from: 'A1', to: 'J1' };
  header(done2, L.answeredHead);
  for (const a of report.answered) {
    const row = done2.addRow([
      neutralize(a.sheet),
      a.row,
      neutralize(a.id),
      neutralize(a.question),
      neutralize(a.phrasing),
      neutralize(a.written),
      answeringEntries(a),
      neutralize(a.source),
      a.score,
      neutralize(alsoCloseText(a)),
    ]);
    styled(row, ANSWERED_WIDTHS);
    row.commit();
  }
  done2.commit();

  // the answer-word lists the proposed-answer dropdowns point at, a column each
  const listSheet = wb.addWorksheet(LISTS_SHEET, { state: 'veryHidden' });
  const listColumns = [...lists.keys()].map((k) => JSON.parse(k) as string[]);
  const height = Math.max(0, ...listColumns.map((l) => l.length));
  for (let r = 0; r < height; r++)
    listSheet
      .addRow(
        listColumns.map((l) => {
          const w = l[r];
          return w !== undefined ? proposalText(w) : null;
        }),
      )
      .commit();
  listSheet.commit();

  if (files && report.outputSha256) {
    const record: WorklistRecord = {
      input: { ...files.input, sha256: report.inputSha256 ?? '' },
      answered: { ...files.answered, sha256: report.outputSha256 },
      sheet: L.worklist,
      columns: COLUMNS,
      history: [],
      rows: records,
    };
    const rec = wb.addWorksheet(RECORD_SHEET, { state: 'veryHidden' });
    for (const cells of encodeRecord(record)) rec.addRow(cells ?? []).commit();
    rec.commit();
  }
  await wb.commit();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** Points per line of 11-point text, and Excel's largest row height. */
const LINE_HEIGHT = 15;
const MAX_ROW_HEIGHT = 409;

/** The height that shows every cell's wrapped text, estimated from display widths (CJK counts two). */
function rowHeight(row: ExcelJS.Row, widths: readonly number[]): number {
  let lines = 1;
  row.eachCell((c, col) => {
    const width = Math.max(1, (widths[col - 1] ?? 10) - 1);
    const text = typeof c.value === 'string' ? c.value : '';
    let n = 0;
    for (const line of text.split('\n')) n += Math.max(1, Math.ceil(textUnits(line) / width));
    lines = Math.max(lines, n);
  });
  return Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT);
}

function proposalText(text: string): string {
  return neutralizeControls(text, '\t\n');
}

function colLetters(col: number): string {
  return cellRef(1, col).replace(/\d+$/, '');
}
