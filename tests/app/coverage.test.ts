import { describe, expect, it } from 'vitest';
import { clusterTopics, summarizeCoverage, type FileCoverage, type OpenQuestion } from '../../src/app/coverage.js';

describe('coverage core', () => {
  const q = (question: string, status: OpenQuestion['status'] = 'unmatched'): OpenQuestion => ({ file: 'a.xlsx', sheet: 'S', row: 1, question, status });

  it('clusters similar open questions into topics, most frequent first', () => {
    const topics = clusterTopics([
      q('ISMS（ISO/IEC 27001）の認証を取得していますか。'),
      q('データセンターの所在地を教えてください'),
      q('ISMS（ISO/IEC 27001）認証を取得していますか', 'review'),
      q('ISMS（ISO 27001）の認証を取得済みですか。'),
    ]);
    expect(topics[0]).toMatchObject({ count: 3, review: 1, unmatched: 2 });
    expect(topics[1]).toMatchObject({ count: 1, example: 'データセンターの所在地を教えてください' });
  });

  it('sums sheets, lists unused approved entries and skips drafts', () => {
    const files: FileCoverage[] = [
      { file: 'a', sheets: [{ file: 'a', sheet: 'S', questions: 4, answered: 3, review: 1, unmatched: 0 }], open: [q('x')], answeredBy: { 'e.one': 3 } },
      { file: 'b', sheets: [], open: [], answeredBy: {}, error: 'broken' },
    ];
    const entry = {
      category: 'c',
      questions: ['q'],
      answer: 'yes' as const,
      remarks: {},
      source: { regulation: ['1.1'] },
      reviewed: '2025-01-01',
      owner: 'CTO',
    };
    const r = summarizeCoverage(files, [
      { ...entry, id: 'e.one' },
      { ...entry, id: 'e.two' },
      { ...entry, id: 'e.draft', status: 'draft' },
    ]);
    expect(r.overall).toMatchObject({ questions: 4, answered: 3, answeredShare: 0.75 });
    expect(r.unusedEntries.map((e) => e.id)).toEqual(['e.two']);
    expect(r.answeredBy).toEqual([{ id: 'e.one', rows: 3 }]);
    expect(r.unreadable).toBe(1);
  });
});
