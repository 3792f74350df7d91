import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/domain/types.js';
import { buildIndex } from '../../src/match/match-index.js';
import { planAnswers, remarksFor } from '../../src/plan/plan-answers.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { questionnaire } from '../app/fixtures.js';
import { bank } from '../match/fixtures/bank.js';

const entry: Entry = {
  id: 'a.b',
  category: 'c',
  questions: ['q'],
  answer: 'yes',
  remarks: { ja: '対応しています。', en: 'We do.' },
  source: { regulation: ['12.5', '5.3'] },
  reviewed: '2025-08-30',
  owner: 'CTO',
};

describe('remarksFor', () => {
  it('appends the regulation citation in the sheet’s language, articles in order', () => {
    expect(remarksFor(entry, 'ja', true)).toBe('対応しています。（情報セキュリティ規定 第5.3条・第12.5条）');
    expect(remarksFor(entry, 'en', true)).toBe('We do. (Information Security Regulation, Arts. 5.3, 12.5)');
    expect(remarksFor(entry, 'ja', false)).toBe('対応しています。');
  });
  it('falls back to the other language, and gives nothing for an entry without remarks', () => {
    expect(remarksFor({ ...entry, remarks: { en: 'We do.' } }, 'ja', false)).toBe('We do.');
    expect(remarksFor({ ...entry, remarks: {} }, 'ja', true)).toBeUndefined();
  });
});

describe('planAnswers', () => {
  const index = buildIndex(bank);

  it('sends a row to review when the dropdown cannot express the entry’s answer', () => {
    // the bank answers the first row 'partial'; the dropdown offers only yes and no
    const partial: Entry = { ...entry, id: 'backup.partial', answer: 'partial', questions: ['バックアップを遠隔地に保管していますか'] };
    const index = buildIndex({ entries: [...bank.entries, partial], synonyms: bank.synonyms });
    const bytes = questionnaire(['バックアップを遠隔地に保管していますか', '監査ログを取得していますか'], { dropdown: ['はい', 'いいえ'] });
    const plan = planAnswers(readWorkbook(bytes), index);
    expect(plan.results[0]).toMatchObject({ row: 2, status: 'review', reason: 'not-in-vocab', answer: 'partial' });
    expect(plan.results[0]?.written).toBeUndefined();
    expect(plan.results[1]).toMatchObject({ row: 3, status: 'answered', written: 'はい' });
    expect(plan.edits).toEqual([{ sheet: 'チェックシート', row: 3, col: 3, value: 'はい' }]);
    expect(plan.summaries).toEqual([{ sheet: 'チェックシート', answered: 1, review: 1, unmatched: 0, skipped: 0 }]);
  });

  it('measures its stages only with a clock given', () => {
    const wb = readWorkbook(questionnaire(['監査ログを取得していますか', 'セッションの有効期限を管理していますか']));
    expect(planAnswers(wb, index).timings).toBeUndefined();
    let t = 0;
    const timed = planAnswers(wb, index, { clock: () => (t += 5) });
    expect(timed.timings).toEqual({ detectMs: 5, matchMs: 5, questionRows: 2, distinctTexts: 2 });
  });
});
