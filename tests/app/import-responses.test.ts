import { describe, expect, it } from 'vitest';
import { planImport } from '../../src/app/import-responses.js';
import type { ResponseRow } from '../../src/bank/import-plan.js';
import type { Bank, Entry } from '../../src/domain/types.js';
import { buildIndex } from '../../src/match/match-index.js';

function row(question: string, answer: ResponseRow['answer'], extra: Partial<ResponseRow> = {}): ResponseRow {
  return { file: 'f.xlsx', sheet: 'S', row: 2, question, answerText: answer ?? 'free', language: 'ja', ...(answer ? { answer } : {}), ...extra };
}

const ENTRY: Entry = {
  id: 'access.mfa',
  category: 'アクセス制御',
  questions: ['管理者アクセスに多要素認証を必須としていますか。'],
  answer: 'yes',
  remarks: { ja: '必須です。' },
  source: { regulation: ['5.3'] },
  reviewed: '2025-08-30',
  owner: 'CTO',
  origin: { file: 'x.yaml', path: '/bank/x.yaml', line: 1, col: 1 },
};

describe('planImport', () => {
  const bank: Bank = {
    dir: '/b',
    entries: [ENTRY, { ...ENTRY, id: 'inbox.x.q1', questions: ['ログを1年間保管していますか'], answer: 'yes', status: 'draft' }],
    synonyms: [],
  };
  const index = buildIndex(bank);
  const source = { customer: 'Acme', date: '2025-09-01' };

  it('skips known phrasings (drafts included) and free text, merges near-identical drafts', () => {
    const plan = planImport(
      bank,
      index,
      [
        row('管理者アクセスに多要素認証を必須としていますか', 'yes', { row: 2 }),
        row('ログを1年間保管していますか。', 'yes', { row: 3 }),
        row('データセンターの所在地', undefined, { row: 4 }),
        row('IDS/IPSを社内ネットワークに導入していますか。', 'no', { row: 5, id: 'N-1.2' }),
        row('IDS/IPSを社内ネットワークに導入していますか', 'no', { row: 6 }),
        row('IDS/IPSを社内のネットワークに導入していますか。', 'no', { row: 7 }),
      ],
      { source },
    );
    expect(plan.skipped.map((s) => [s.from.row, s.reason])).toEqual([
      [2, 'known'],
      [3, 'known'],
      [4, 'free-text'],
      [6, 'duplicate'],
    ]);
    expect(plan.drafts).toHaveLength(1);
    expect(plan.drafts[0]!.entry).toMatchObject({
      id: 'inbox.acme.n-1-2',
      questions: ['IDS/IPSを社内ネットワークに導入していますか。', 'IDS/IPSを社内のネットワークに導入していますか。'],
      answer: 'no',
      status: 'draft',
      category: 'S',
      remarks: {},
      source: { response: { customer: 'Acme', date: '2025-09-01', file: 'f.xlsx' } },
      reviewed: '2025-09-01',
      owner: 'CTO',
    });
    expect(plan.draftFile).toBe('inbox/acme-2025-09-01.yaml');
  });

  it('reports the same question answered two ways in the sheet as a conflict and drafts neither', () => {
    const plan = planImport(bank, index, [row('IDS/IPSを導入していますか。', 'no', { row: 5 }), row('IDS/IPSを導入していますか', 'yes', { row: 9 })], {
      source,
    });
    expect(plan.drafts).toHaveLength(0);
    expect(plan.conflicts).toHaveLength(1);
    expect(plan.conflicts[0]!.other).toMatchObject({ kind: 'row', row: 5, answer: 'no' });
  });
});
