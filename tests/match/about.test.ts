import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/domain/types.js';
import { withinScope } from '../../src/match/about.js';
import { decide } from '../../src/match/decide.js';
import { buildIndex } from '../../src/match/match-index.js';
import { buildSynonymTable } from '../../src/match/tokenize.js';

const automation: Entry = {
  id: 'ops.automation',
  category: '運用管理',
  questions: ['運用プロセスを自動化していますか', 'Are operational processes automated?'],
  answer: 'yes',
  remarks: { ja: '運用は原則として自動化しています。', en: 'Operations are automated as a rule.' },
  source: { regulation: ['10.1'] },
  reviewed: '2026-12-05',
  owner: 'CTO',
  about: ['運用', 'operations', 'operational'],
};

describe('about: the scope an entry declares', () => {
  const synonyms = buildSynonymTable([['運用', 'オペレーション']]);
  it('a question naming a term, or a synonym of one, is within scope; one naming none is not', () => {
    expect(withinScope(automation, '運用作業を自動化していますか', synonyms)).toBe(true);
    expect(withinScope(automation, 'オペレーションは自動化されていますか', synonyms)).toBe(true);
    expect(withinScope(automation, 'Are operations automated?', synonyms)).toBe(true);
    expect(withinScope(automation, 'アクセス制御を自動化していますか', synonyms)).toBe(false);
    // English terms are whole words
    expect(withinScope(automation, 'Is cooperation automated?', synonyms)).toBe(false);
    expect(withinScope({ ...automation, about: undefined }, 'アクセス制御を自動化していますか', synonyms)).toBe(true);
  });

  it('an about term joining a synonym to another word is named through any member of the group', () => {
    const customerData: Entry = { ...automation, id: 'access.customer-data', about: ['顧客データ'] };
    const table = buildSynonymTable([['顧客', 'お客様', 'クラウドサービスカスタマ']]);
    expect(withinScope(customerData, '顧客データへのアクセスを制限していますか', table)).toBe(true);
    expect(withinScope(customerData, 'お客様データへのアクセスを制限していますか', table)).toBe(true);
    expect(withinScope(customerData, 'クラウドサービスカスタマデータへのアクセスの状況', table)).toBe(true);
    expect(withinScope(customerData, '監査ログへのアクセスを制限していますか', table)).toBe(false);
  });

  it('decide leaves a question outside the scope to a person, naming the scope', () => {
    const index = buildIndex({ entries: [automation], synonyms: [] });
    expect(decide(index, '運用プロセスを自動化していますか').status).toBe('answered');
    const d = decide(index, 'プロセスを自動化していますか');
    expect(d).toMatchObject({ status: 'review', reason: 'off-topic' });
    expect(d.detail).toContain('運用');
  });
});
