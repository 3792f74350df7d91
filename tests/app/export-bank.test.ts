import { describe, expect, it } from 'vitest';
import { buildExportRows } from '../../src/app/export-bank.js';
import type { Entry } from '../../src/domain/types.js';

const base: Omit<Entry, 'id' | 'questions' | 'answer'> = {
  category: 'アクセス制御',
  remarks: { ja: '禁止しています。', en: 'Prohibited.' },
  source: { regulation: ['5.2'] },
  reviewed: '2025-08-30',
  owner: 'CTO',
};
const entries: Entry[] = [
  { ...base, id: 'a.shared', answer: 'no', questions: ['Do you use shared accounts?', '共有アカウントを使用していますか'] },
  {
    ...base,
    id: 'a.mfa',
    answer: 'yes',
    questions: ['管理者に多要素認証を必須としていますか'],
    source: { response: { customer: 'Acme', date: '2025-01-10' } },
  },
  { ...base, id: 'a.draft', answer: 'yes', questions: ['下書き'], status: 'draft' },
];

describe('buildExportRows', () => {
  it('one row per approved entry, in bank order, phrased and answered in the language asked', () => {
    const ja = buildExportRows(entries, 'ja');
    expect(ja.map((r) => r.id)).toEqual(['a.shared', 'a.mfa']);
    expect(ja[0]).toEqual({
      id: 'a.shared',
      category: 'アクセス制御',
      question: '共有アカウントを使用していますか',
      answer: '×',
      remarks: '禁止しています。（情報セキュリティ規定 第5.2条）',
      source: '情報セキュリティ規定 第5.2条',
    });
    const en = buildExportRows(entries, 'en');
    expect(en[0]).toMatchObject({ question: 'Do you use shared accounts?', answer: 'No', remarks: 'Prohibited. (Information Security Regulation, Art. 5.2)' });
    // no English phrasing: the first one
    expect(en[1]?.question).toBe('管理者に多要素認証を必須としていますか');
  });

  it('names a past response by its date only (the customer’s name is theirs to keep)', () => {
    const [, mfa] = buildExportRows(entries, 'ja');
    expect(mfa?.source).toBe('過去の回答（2025-01-10）');
    expect(JSON.stringify(buildExportRows(entries, 'en'))).not.toContain('Acme');
  });

  it('with counts, most-asked first, ties in bank order', () => {
    const rows = buildExportRows(entries, 'ja', new Map([['a.mfa', 4]]));
    expect(rows.map((r) => [r.id, r.asked])).toEqual([
      ['a.mfa', 4],
      ['a.shared', 0],
    ]);
  });
});
