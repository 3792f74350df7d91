import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerSheet } from '../../src/app/answer-sheet.js';
import { applyDecisions, readWorklist, type ApplyOptions } from '../../src/app/apply-decisions.js';
import { RECORD_SHEET } from '../../src/app/worklist.js';
import { buildIndex } from '../../src/match/match-index.js';
import { loadBank } from '../../src/node/load-bank.js';
import { buildReport } from '../../src/report/build-report.js';
import { reportToXlsx } from '../../src/report/worklist-xlsx.js';
import type { WorkbookModel } from '../../src/workbook/model.js';
import { patchWorkbook } from '../../src/workbook/patch-cells.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { ROOT } from '../helpers.js';
import { questionnaire } from './fixtures.js';

const bank = loadBank(join(ROOT, 'answer-bank'));
const index = buildIndex(bank);

// our own wording: answered rows, rows left to a person with a proposal (one asked the other way
// round), and one the bank has nothing on
const QUESTIONS = [
  '共有アカウントの利用を禁止していますか', // row 2: answered
  '委託先の管理状況を確認していますか', // row 3: review; a topic the bank does not settle: no proposal
  'パスワードを平文で保存していませんか', // row 4: review (polarity): the entry's "no" is "yes" here
  '社外の関係者による顧客データの閲覧を制限していますか', // row 5: review, a proposal with a caution
  '退職者のアカウントは速やかに削除していますか', // row 6: answered
  'データセンターの所在地の国名を教えてください', // row 7: review, a (poor) proposal a person corrects
];
const WORDS = ['はい', 'いいえ', '該当なし'];
const SHEET = 'チェックシート';
const FILES = { input: { path: 'c.xlsx', absolute: '/x/c.xlsx' }, answered: { path: 'c.answered.xlsx', absolute: '/x/c.answered.xlsx' } };

async function answered() {
  const input = questionnaire(QUESTIONS, { dropdown: WORDS });
  const done = answerSheet(input, readWorkbook(input), index);
  const report = buildReport(done.plan, {
    input: 'c.xlsx',
    output: 'c.answered.xlsx',
    bank: bank.dir,
    now: new Date(0),
    inputSha256: 'a'.repeat(64),
    outputSha256: 'b'.repeat(64),
  });
  return { done, report, reportBytes: await reportToXlsx(report, FILES) };
}

/** A person's edits of the worklist: [customer row, column (5 answer, 6 remarks, 7 decision), text]. */
function decide(reportBytes: Uint8Array, marks: Array<[number, number, string]>): Uint8Array {
  const wb = readWorkbook(reportBytes);
  const todo = wb.sheets[1]!;
  const lineOf = (row: number) => [...todo.rows.keys()].find((r) => todo.rows.get(r)?.get(2)?.text === String(row));
  return patchWorkbook(
    reportBytes,
    marks.map(([row, col, value]) => ({ sheet: todo.name, row: lineOf(row) ?? 0, col, value })),
    { overwrite: true },
  ).bytes;
}

const opts = (extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
  bank,
  source: { customer: 'Acme', date: '2026-12-05' },
  read: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
  now: new Date(0),
  ...extra,
});

function cells(wb: WorkbookModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of wb.sheets) for (const [r, row] of s.rows) for (const [c, cell] of row) out.set(`${s.name}!${r}:${c}`, cell.text);
  return out;
}

describe('kotae apply, the use case', () => {
  it('proposes in the sheet’s own words, flipped when the question asks the other way round; nothing for a row the bank has nothing on', async () => {
    const { report } = await answered();
    const byRow = new Map(report.items.map((i) => [i.row, i]));
    expect([...byRow.keys()]).toEqual([3, 4, 5, 7]);
    expect(byRow.get(3)?.proposal).toBeUndefined();
    // (why the nearest entry cannot answer it: the topic is unsettled, or the entry is about something else)
    expect(byRow.get(3)?.candidates[0]?.objection).toMatch(/^topic the bank does not settle: 委託先の管理|answers only questions about/);
    expect(byRow.get(4)?.proposal).toMatchObject({ entry: 'auth.password-stored-in-db', answer: 'yes', written: 'はい' });
    expect(byRow.get(4)?.proposal?.remarks).toMatch(/第5\.3条/);
    expect(byRow.get(5)?.proposal).toMatchObject({ entry: 'access.sensitive-data-access', written: 'はい', caution: expect.stringContaining('閲覧') });
    expect(byRow.get(3)?.allowed).toEqual(WORDS);
  });

  it('writes the rows marked 採用 as they show, edited or not, and nothing else; the bank learns a phrasing or a draft', async () => {
    const { done, report, reportBytes } = await answered();
    const proposal5 = report.items.find((i) => i.row === 5)!.proposal!;
    const marked = decide(reportBytes, [
      [3, 7, '回答しない'],
      [4, 7, '採用'],
      [5, 7, '採用'],
      [7, 5, '該当なし'],
      [7, 6, '自社でデータセンターは保有していません。'],
      [7, 7, '採用'],
    ]);
    const result = applyDecisions(readWorklist(readWorkbook(marked), 'r.xlsx'), { bytes: done.bytes, wb: readWorkbook(done.bytes) }, marked, opts());
    expect(result.outcomes.map((o) => [o.rec.row, o.status, o.edited ?? null])).toEqual([
      [3, 'skip', null],
      [4, 'written', false],
      [5, 'written', false],
      [7, 'written', true],
    ]);
    const before = cells(readWorkbook(done.bytes));
    const after = cells(readWorkbook(result.answered!));
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
    expect(changed.sort()).toEqual([`${SHEET}!4:3`, `${SHEET}!4:4`, `${SHEET}!5:3`, `${SHEET}!5:4`, `${SHEET}!7:3`, `${SHEET}!7:4`]);
    expect(after.get(`${SHEET}!4:3`)).toBe('はい');
    expect([after.get(`${SHEET}!5:3`), after.get(`${SHEET}!5:4`)]).toEqual([proposal5.written, proposal5.remarks]);
    expect([after.get(`${SHEET}!7:3`), after.get(`${SHEET}!7:4`)]).toEqual(['該当なし', '自社でデータセンターは保有していません。']);
    // used as shown with the entry's own answer: a phrasing of it; the flipped answer (row 4) and
    // the edited row: drafts for the CTO
    const plan = result.learning!.plan;
    expect(plan.phrasings.map((p) => [p.entryId, p.question])).toEqual([['access.sensitive-data-access', QUESTIONS[3]]]);
    expect(plan.drafts.map((d) => [d.entry.questions, d.entry.answer, d.entry.status, d.entry.source.response?.customer])).toEqual([
      [[QUESTIONS[2]], 'yes', 'draft', 'Acme'],
      [[QUESTIONS[5]], 'na', 'draft', 'Acme'],
    ]);
    expect(plan.drafts[1]?.entry.remarks.ja).toBe('自社でデータセンターは保有していません。');
    expect(result.learning!.changes.map((c) => c.path.slice(bank.dir.length))).toEqual(['/access.yaml', '/inbox/acme-2026-12-05.yaml']);
    // the report's record now holds the new workbook's hash
    const again = readWorklist(readWorkbook(result.report!), 'r.xlsx');
    expect(again.record.answered.sha256).toBe(result.answeredSha256);
    expect(again.record.history).toHaveLength(1);
  });

  it('a second apply writes nothing more', async () => {
    const { done, reportBytes } = await answered();
    const marked = decide(reportBytes, [[4, 7, '採用']]);
    const first = applyDecisions(
      readWorklist(readWorkbook(marked), 'r.xlsx'),
      { bytes: done.bytes, wb: readWorkbook(done.bytes) },
      marked,
      opts({ learn: false }),
    );
    const second = applyDecisions(
      readWorklist(readWorkbook(first.report!), 'r.xlsx'),
      { bytes: first.answered!, wb: readWorkbook(first.answered!) },
      first.report!,
      opts({ learn: false }),
    );
    expect(second.outcomes.find((o) => o.rec.row === 4)?.status).toBe('already');
    expect(second.answered).toBeUndefined();
    expect(second.report).toBeUndefined();
  });

  it('rows are found by their sheet and row, so a sorted worklist is applied as marked', async () => {
    const { done, reportBytes } = await answered();
    // swap the first two worklist lines whole, as a sort would
    const wb = readWorkbook(reportBytes);
    const todo = wb.sheets[1]!;
    const line = (r: number) => [...(todo.rows.get(r)?.values() ?? [])].map((c) => ({ col: c.col, text: c.text }));
    const edits = [
      ...line(2).map((c) => ({ sheet: todo.name, row: 3, col: c.col, value: c.text })),
      ...line(3).map((c) => ({ sheet: todo.name, row: 2, col: c.col, value: c.text })),
    ];
    const sorted = decide(patchWorkbook(reportBytes, edits, { overwrite: true }).bytes, [[4, 7, '採用']]);
    const result = applyDecisions(
      readWorklist(readWorkbook(sorted), 'r.xlsx'),
      { bytes: done.bytes, wb: readWorkbook(done.bytes) },
      sorted,
      opts({ learn: false }),
    );
    expect(result.outcomes.filter((o) => o.status === 'written').map((o) => o.rec.row)).toEqual([4]);
    expect(cells(readWorkbook(result.answered!)).get(`${SHEET}!4:3`)).toBe('はい');
  });

  it('refuses, with nothing to write, an answer the cell does not accept, a formula, or a word it does not know', async () => {
    const { done, reportBytes } = await answered();
    const run = (marks: Array<[number, number, string]>, bytes = reportBytes) => {
      const marked = decide(bytes, marks);
      return () => applyDecisions(readWorklist(readWorkbook(marked), 'r.xlsx'), { bytes: done.bytes, wb: readWorkbook(done.bytes) }, marked, opts());
    };
    expect(
      run([
        [4, 5, '○'],
        [4, 7, '採用'],
      ]),
    ).toThrowError(/row 4 of "チェックシート": "○" is not one of the cell's answer words \(はい \/ いいえ \/ 該当なし\)/);
    expect(run([[4, 7, 'たぶん']])).toThrowError(/"たぶん" is not a decision/);
    expect(run([[3, 7, '採用']])).toThrowError(/no answer and no remarks/);
    // a formula in a decision cell
    const wb = readWorkbook(reportBytes);
    const todo = wb.sheets[1]!;
    const xmlPart = todo.part;
    const { unzipSync, zipSync, strFromU8, strToU8 } = await import('fflate');
    const files = unzipSync(reportBytes);
    files[xmlPart] = strToU8(strFromU8(files[xmlPart]!).replace(/<c r="G2"[^>]*\/>|<c r="G2"[^>]*>.*?<\/c>/, '<c r="G2" t="str"><f>"採用"</f><v>採用</v></c>'));
    const withFormula = zipSync(files);
    expect(() => readWorklist(readWorkbook(withFormula), 'r.xlsx')).toThrowError(/worklist row 2: the decision cell holds a formula/);
  });

  it('the record is checked: an edit of the hidden sheet by hand is found', async () => {
    const { reportBytes } = await answered();
    const tampered = patchWorkbook(reportBytes, [{ sheet: RECORD_SHEET, row: 7, col: 2, value: 'c'.repeat(64) }], { overwrite: true }).bytes;
    expect(() => readWorklist(readWorkbook(tampered), 'r.xlsx')).toThrowError(/its hidden record was edited/);
  });
});
