import { describe, expect, it } from 'vitest';
import { searchBank } from '../../src/app/search-bank.js';
import { buildIndex } from '../../src/match/match-index.js';
import { bank, entries } from '../match/fixtures/bank.js';

const index = buildIndex(bank);

describe('searchBank', () => {
  it('an entry id gives that entry (a draft too)', () => {
    expect(searchBank(entries, index, 'auth.admin-mfa', 5)).toMatchObject({ kind: 'entry', entry: { id: 'auth.admin-mfa' } });
    expect(searchBank(entries, index, ' remote.printing-allowed-draft ', 5)).toMatchObject({ kind: 'entry', entry: { status: 'draft' } });
  });

  it('a mistyped id is searched as a question, with the ids it may have meant', () => {
    const r = searchBank(entries, index, 'auth.admn-mfa', 5);
    expect(r.kind).toBe('question');
    if (r.kind === 'question') expect(r.didYouMean[0]).toBe('auth.admin-mfa');
  });

  it('a question: the decision and the candidates, no id suggestions', () => {
    const r = searchBank(entries, index, '監査ログを取得していますか', 3);
    expect(r).toMatchObject({ kind: 'question', decision: { status: 'answered', answer: 'yes' }, didYouMean: [] });
    if (r.kind === 'question') {
      expect(r.candidates[0]?.entry.id).toBe('logging.audit');
      expect(r.candidates.length).toBeLessThanOrEqual(3);
    }
  });
});
