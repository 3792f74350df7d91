import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/domain/types.js';
import { buildIndex } from '../../src/match/match-index.js';
import { planAnswers, remarksFor } from '../../src/plan/plan-answers.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { answeringEntries, buildReport } from '../../src/report/build-report.js';
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

  it('a compound question answered by two entries gets the remarks of both, and the report names both', () => {
    const first: Entry = {
      ...entry,
      id: 'incident.procedure',
      questions: ['インシデント対応の手順を定めていますか'],
      remarks: { ja: '手順を定めています。' },
      source: { regulation: ['7.1'] },
    };
    const second: Entry = {
      ...entry,
      id: 'incident.drill',
      questions: ['インシデント対応の訓練を実施していますか'],
      remarks: { ja: '年1回訓練しています。' },
      source: { regulation: ['7.3'] },
    };
    const idx = buildIndex({ entries: [first, second], synonyms: [] });
    const wb = readWorkbook(
      questionnaire(['インシデント対応の手順を定めていますか。また、インシデント対応の訓練を実施していますか。', 'インシデント対応の訓練を実施していますか']),
    );
    const r = planAnswers(wb, idx).results[0];
    expect(r).toMatchObject({ status: 'answered', answer: 'yes' });
    expect([r?.entry?.id, ...(r?.also ?? []).map((e) => e.id)].sort()).toEqual(['incident.drill', 'incident.procedure']);
    const lines = r?.remarks?.split('\n') ?? [];
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => l.startsWith('手順を定めています。') && l.includes('第7.1条'))).toBe(true);
    expect(lines.some((l) => l.startsWith('年1回訓練しています。') && l.includes('第7.3条'))).toBe(true);
    const item = buildReport(planAnswers(wb, idx), { input: 'in.xlsx', output: 'out.xlsx', bank: 'bank', now: new Date(0) }).answered[0];
    expect(answeringEntries(item!).split(' + ').sort()).toEqual(['incident.drill', 'incident.procedure']);
    expect(item?.source).toMatch(/7\.1.* \+ .*7\.3|7\.3.* \+ .*7\.1/u);
  });

  it('measures its stages only with a clock given', () => {
    const wb = readWorkbook(questionnaire(['監査ログを取得していますか', 'セッションの有効期限を管理していますか']));
    expect(planAnswers(wb, index).timings).toBeUndefined();
    let t = 0;
    const timed = planAnswers(wb, index, { clock: () => (t += 5) });
    expect(timed.timings).toEqual({ detectMs: 5, matchMs: 5, questionRows: 2, distinctTexts: 2 });
  });
});
