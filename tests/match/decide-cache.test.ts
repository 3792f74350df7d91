import { describe, expect, it } from 'vitest';
import { createDecideCache, decide } from '../../src/match/decide.js';
import { buildIndex } from '../../src/match/match-index.js';
import { bank } from './fixtures/bank.js';

const index = buildIndex(bank);

// every phrasing of the fixture bank (and some rewordings), asked under several categories
const questions = [
  ...bank.entries.flatMap((e) => (e.questions ?? []).map(String)),
  '貴社の従業員数を教えてください。',
  'インシデント発生時は72時間以内に顧客へ報告していますか',
  '',
  '。？',
];
const categories = [undefined, '', 'アクセス制御', 'ログ管理', 'Access Control'];

describe('decide with a cache (repeated question texts)', () => {
  it('gives the same decision as without it, whatever the order and category', () => {
    const cache = createDecideCache(index);
    for (let round = 0; round < 2; round++) {
      for (const category of categories) {
        for (const q of questions) {
          const ctx = category === undefined ? {} : { category };
          expect(decide(index, q, ctx, cache)).toEqual(decide(index, q, ctx));
        }
      }
    }
  });
  it('is not used for another index', () => {
    const other = buildIndex({ entries: bank.entries.slice(0, 3), synonyms: bank.synonyms });
    const cache = createDecideCache(other);
    const q = '共有アカウントを使用していますか。';
    expect(decide(index, q, {}, cache)).toEqual(decide(index, q));
    expect(cache.texts.size).toBe(0);
  });
});
