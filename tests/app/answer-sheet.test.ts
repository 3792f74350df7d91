import { describe, expect, it } from 'vitest';
import { answerSheet } from '../../src/app/answer-sheet.js';
import { buildIndex } from '../../src/match/match-index.js';
import { decryptWorkbook, isEncryptedWorkbook } from '../../src/workbook/decrypt.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { bank } from '../match/fixtures/bank.js';
import { sheet, text } from '../workbook/helpers.js';
import { questionnaire } from './fixtures.js';

const index = buildIndex(bank);
const QUESTIONS = ['共有アカウントを使用していますか', '監査ログを取得していますか', 'データセンターの所在地はどこですか'];

describe('answerSheet', () => {
  it('writes the answers and remarks it is sure of into a copy, and only those cells', () => {
    const bytes = questionnaire(QUESTIONS);
    const { plan, bytes: out } = answerSheet(bytes, readWorkbook(bytes), index);
    const byRow = new Map(plan.results.map((r) => [r.row, r]));
    expect(byRow.get(2)).toMatchObject({ status: 'answered', answer: 'no', written: '×' });
    expect(byRow.get(3)).toMatchObject({ status: 'answered', answer: 'yes', written: '○' });
    expect(byRow.get(4)?.status).not.toBe('answered');
    // every edit is an answered row's answer (remarks: the fixture entries have none)
    expect(plan.edits).toEqual([
      { sheet: 'チェックシート', row: 2, col: 3, value: '×' },
      { sheet: 'チェックシート', row: 3, col: 3, value: '○' },
    ]);
    const s = sheet(readWorkbook(out), 'チェックシート');
    expect([text(s, 'C2'), text(s, 'C3'), text(s, 'C4')]).toEqual(['×', '○', '']);
    expect(text(s, 'B4')).toBe(QUESTIONS[2]);
  });

  it('answers in the words of the answer column’s dropdown', () => {
    const bytes = questionnaire(QUESTIONS.slice(0, 2), { dropdown: ['はい', 'いいえ'] });
    const { plan } = answerSheet(bytes, readWorkbook(bytes), index);
    expect(plan.edits.map((e) => e.value)).toEqual(['いいえ', 'はい']);
  });

  it('encrypts the answered copy again with the password that opened the original', async () => {
    const bytes = questionnaire(QUESTIONS);
    const { bytes: out } = answerSheet(bytes, readWorkbook(bytes), index, { password: 'pw-1234' });
    expect(isEncryptedWorkbook(out)).toBe(true);
    const plain = await decryptWorkbook(out, 'pw-1234');
    expect(text(sheet(readWorkbook(plain), 'チェックシート'), 'C2')).toBe('×');
  });
});
