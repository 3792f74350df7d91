import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/domain/types.js';
import type { Candidate, Decision } from '../../src/match/types.js';
import { entryToJson, entryToText, searchToJson, searchToText } from '../../src/report/search.js';

const entry: Entry = {
  id: 'logging.audit',
  category: 'ログ管理',
  questions: ['監査ログを取得していますか', 'Are audit logs collected?'],
  answer: 'yes',
  remarks: { ja: '取得しています。' },
  source: { regulation: ['9.1'] },
  reviewed: '2025-08-30',
  owner: 'CTO',
  origin: { file: 'answer-bank/logging.yaml', path: '/x/answer-bank/logging.yaml', line: 3, col: 3 },
};
const candidates: Candidate[] = [{ entry, score: 0.9123, phrasing: '監査ログを取得していますか', samePolarity: true }];

describe('search, rendered', () => {
  it('text: the decision, then each candidate with its articles and phrasing', () => {
    const answered: Decision = { status: 'answered', reason: 'confident', entry, answer: 'yes', score: 0.9123, candidates };
    expect(searchToText(answered, candidates)).toBe(
      'decision  answered: logging.audit → yes (score 0.912)\n 1. 0.912  logging.audit  yes  第9.1条\n      監査ログを取得していますか\n',
    );
    const none: Decision = { status: 'unmatched', reason: 'no-candidate', score: 0, candidates: [] };
    expect(searchToText(none, [])).toBe('decision  unmatched: no bank entry is about this (score 0.000)\nno entry shares a word with this question\n');
  });

  it('json: the decision by code and the candidates with their articles', () => {
    const review: Decision = { status: 'review', reason: 'near-tie', detail: 'rival x.y at 0.800', score: 0.9, candidates };
    expect(JSON.parse(searchToJson('q', review, candidates))).toEqual({
      question: 'q',
      decision: { status: 'review', reason: 'near-tie', detail: 'rival x.y at 0.800', score: 0.9 },
      candidates: [{ entry: 'logging.audit', answer: 'yes', score: 0.9123, phrasing: '監査ログを取得していますか', articles: ['9.1'] }],
    });
  });

  it('an entry named by its id: everything it says and where it is', () => {
    expect(entryToText(entry)).toBe(
      'entry  logging.audit  yes  第9.1条  (ログ管理)\n      監査ログを取得していますか\n      Are audit logs collected?\nremarks (ja): 取得しています。\nreviewed 2025-08-30 by CTO; answer-bank/logging.yaml:3:3\n',
    );
    expect(JSON.parse(entryToJson(entry)).entry).toMatchObject({
      id: 'logging.audit',
      status: 'approved',
      articles: ['9.1'],
      file: 'answer-bank/logging.yaml:3:3',
    });
  });
});
