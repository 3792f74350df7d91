import { describe, expect, it } from 'vitest';
import { decide } from '../../src/match/decide.js';
import { buildIndex } from '../../src/match/match-index.js';
import { prepareQuestion } from '../../src/match/prepare-question.js';
import { scoreEntries, type QueryStats } from '../../src/match/score.js';
import { search } from '../../src/match/search.js';
import { MAX_QUESTION_CHARS } from '../../src/domain/limits.js';
import { ACCEPT_THRESHOLD, REVIEW_THRESHOLD } from '../../src/match/thresholds.js';
import type { Entry } from '../../src/domain/types.js';
import { bank, entries, synonyms } from './fixtures/bank.js';

const index = buildIndex(bank);

function only(...ids: string[]) {
  return buildIndex({ entries: entries.filter((e) => ids.includes(e.id)), synonyms });
}

describe('decide: clear matches answer', () => {
  it.each([
    ['共有アカウントを使用していますか。', 'access.shared-used', 'no'],
    ['共有アカウントを禁止していますか。', 'access.shared-prohibited', 'yes'],
    ['Do you use shared accounts?', 'access.shared-used', 'no'],
    ['Are shared accounts prohibited?', 'access.shared-prohibited', 'yes'],
    ['監査ログを取得すること。', 'logging.audit', 'yes'],
    ['管理者アクセスに多要素認証を必須としていること。', 'auth.admin-mfa', 'yes'],
  ])('%s', (q, id, answer) => {
    const d = decide(index, q);
    expect(d.status).toBe('answered');
    expect(d.reason).toBe('confident');
    expect(d.entry?.id).toBe(id);
    expect(d.answer).toBe(answer);
    expect(d.score).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });
});

describe('polarity guard', () => {
  it('does not answer 使用 from an entry phrased 禁止 (and the reverse)', () => {
    const onlyProhibited = only('access.shared-prohibited');
    const d = decide(onlyProhibited, '共有アカウントを使用していますか');
    expect(d.status).toBe('review');
    expect(d.reason).toBe('polarity');
    const onlyUsed = only('access.shared-used');
    expect(decide(onlyUsed, '共有アカウントを禁止していますか').status).not.toBe('answered');
  });
  it('English: "Do you use" vs "prohibited"', () => {
    expect(decide(only('access.shared-prohibited'), 'Do you use shared accounts?').reason).toBe('polarity');
    expect(decide(only('access.shared-used'), 'Are shared accounts prohibited?').status).not.toBe('answered');
  });
  it('保有していますか / 保有していない', () => {
    const idx = buildIndex({
      entries: [{ ...entries[0]!, id: 'x.onprem', answer: 'no', questions: ['オンプレ資産を保有していますか'] }],
      synonyms: [],
    });
    expect(decide(idx, 'オンプレ資産を保有していますか').status).toBe('answered');
    expect(decide(idx, 'オンプレ資産を保有していないこと').reason).toBe('polarity');
  });
  it('許可 vs 禁止: 印刷を禁止していますか is not answered by the 認めていますか entry', () => {
    const d = decide(only('remote.printing-allowed'), '在宅勤務時に機密情報の印刷を禁止していますか');
    expect(d.status).not.toBe('answered');
  });
  it('a negation in a clause the phrasing does not cover does not count', () => {
    const idx = buildIndex({
      entries: [{ ...entries[0]!, id: 'x.unique', answer: 'yes', questions: ['利用者IDを個人単位で発行していますか'] }],
      synonyms: [],
    });
    const d = decide(idx, '利用者IDは個人単位で発行し、複数人での共用をしないこと。');
    expect(d.reason).not.toBe('polarity');
  });
});

describe('near-tie between entries with different answers', () => {
  it('goes to review', () => {
    const idx = buildIndex({
      entries: [
        { ...entries[0]!, id: 'a', answer: 'yes', questions: ['バックアップを取得していますか'] },
        { ...entries[0]!, id: 'b', answer: 'no', questions: ['バックアップを取得していますか'] },
      ],
      synonyms: [],
    });
    const d = decide(idx, 'バックアップを取得していますか');
    expect(d.status).toBe('review');
    expect(d.reason).toBe('near-tie');
    expect(d.candidates.map((c) => c.entry.id).sort()).toEqual(['a', 'b']);
  });
  it('two close entries with the same answer are no tie', () => {
    const idx = buildIndex({
      entries: [
        { ...entries[0]!, id: 'a', answer: 'yes', questions: ['バックアップを取得していますか'] },
        { ...entries[0]!, id: 'b', answer: 'yes', questions: ['バックアップを取得していますか'] },
      ],
      synonyms: [],
    });
    expect(decide(idx, 'バックアップを取得していますか').status).toBe('answered');
  });
  it('a runner-up that does not back a term the question names, which the chosen entry backs, is no rival', () => {
    const idx = buildIndex({
      entries: [
        { ...entries[0]!, id: 'windows', answer: 'no', questions: ['Windowsパソコンの業務利用を認めていますか'] },
        { ...entries[0]!, id: 'pc', answer: 'yes', questions: ['パソコンの業務利用を認めていますか'] },
      ],
      synonyms: [],
    });
    const d = decide(idx, 'Windowsパソコンの業務利用を認めていますか');
    expect(d.candidates.map((c) => c.entry.id)).toEqual(['windows', 'pc']);
    expect(d.status).toBe('answered');
    expect(d.answer).toBe('no');
    // (a runner-up kept out by a figure still counts: 'a skipped entry with a different answer …' below)
  });
  it('an opposite-polarity entry whose flipped answer agrees is no tie', () => {
    // 使用 → no and 禁止 → yes say the same thing
    expect(decide(index, '共有アカウントを使用していますか').status).toBe('answered');
  });
});

describe('unrelated and empty questions', () => {
  it('an unrelated question is unmatched', () => {
    const d = decide(index, '貴社の従業員数を教えてください。');
    expect(d.status).toBe('unmatched');
    expect(d.reason).toBe('no-candidate');
    expect(d.score).toBeLessThan(REVIEW_THRESHOLD);
  });
  it('empty → unmatched/empty', () => {
    expect(decide(index, '').reason).toBe('empty');
    expect(decide(index, '   \n ').reason).toBe('empty');
    expect(decide(index, '。？').reason).toBe('empty');
  });
  it('a moderately similar question goes to review', () => {
    const d = decide(index, 'セッションの管理方法を教えてください。');
    expect(d.status).not.toBe('answered');
  });
});

describe('figures guard', () => {
  it('a question with a figure no phrasing of the entry backs is not answered', () => {
    const q = ['パスワードは90日以内に変更すること。', 'アクセスログを最低6か月間保存すること。', '稼働率99.5%以上を保証すること。'];
    for (const text of q) expect(decide(index, text).status).not.toBe('answered');
  });
  it('24時間以内 in the bank backs 72時間以内, not 12時間以内', () => {
    const ok = decide(index, 'インシデント発生時は72時間以内に顧客へ報告していますか');
    expect(ok.status).toBe('answered');
    const tooStrict = decide(index, 'インシデント発生時は12時間以内に顧客へ報告していますか');
    expect(tooStrict.status).toBe('review');
    expect(tooStrict.detail).toMatch(/12時間/);
  });
  it('English figures and identifiers', () => {
    expect(decide(index, 'Are customers notified of incidents within 4 hours?').status).not.toBe('answered');
    expect(decide(index, 'Are audit logs collected and kept for one year?').status).not.toBe('answered');
    expect(decide(index, 'Is MFA with AES-256 required for administrative access?').status).not.toBe('answered');
  });
  it('a frequency the entry does not back (半年に1回 vs 年1回以上)', () => {
    expect(decide(index, '半年に1回、脆弱性診断を実施していますか').status).not.toBe('answered');
    expect(decide(index, '年1回以上、脆弱性診断を実施していますか').status).toBe('answered');
  });
});

describe('guard fallback', () => {
  it('when the best entry does not back the figure, the next one that does may answer', () => {
    const idx = buildIndex({
      entries: [
        { ...entries[0]!, id: 'n72', answer: 'yes', questions: ['Will you notify us of a breach within 72 hours?'] },
        { ...entries[0]!, id: 'n24', answer: 'yes', questions: ['Are customers told about breaches within 24 hours?'] },
      ],
      synonyms: [],
    });
    expect(search(idx, 'Will you notify us of a breach within 24 hours?')[0]?.entry.id).toBe('n72');
    const d = decide(idx, 'Will you notify us of a breach within 24 hours?');
    expect(d.status).toBe('answered');
    expect(d.entry?.id).toBe('n24');
  });
  it('a skipped entry with a different answer still counts as a rival', () => {
    const idx = buildIndex({
      entries: [
        { ...entries[0]!, id: 'n72', answer: 'no', questions: ['Will you notify us of a breach within 72 hours?'] },
        { ...entries[0]!, id: 'n24', answer: 'yes', questions: ['Are customers told about breaches within 24 hours?'] },
      ],
      synonyms: [],
    });
    expect(decide(idx, 'Will you notify us of a breach within 24 hours?').status).not.toBe('answered');
  });
});

describe('named terms guard', () => {
  it('パスワードの有効期限 is not answered by the セッションの有効期限 entry', () => {
    expect(decide(index, 'パスワードの有効期限を管理していますか').status).not.toBe('answered');
  });
  it('an acronym the entry does not know blocks the answer', () => {
    expect(decide(index, 'Are audit logs collected in a SIEM?').status).not.toBe('answered');
  });
});

describe('cross-lingual', () => {
  it('an English question reaches the entry through its English phrasing', () => {
    const d = decide(index, 'Is multi-factor authentication required for administrative access?');
    expect(d.status).toBe('answered');
    expect(d.entry?.id).toBe('auth.admin-mfa');
    expect(d.candidates[0]?.phrasing).toBe('Is MFA required for administrative access?');
  });
  it('a Japanese question reaches it through a Japanese phrasing', () => {
    const d = decide(index, '管理者ログイン時に二要素認証を必須にしていますか');
    expect(d.entry?.id ?? d.candidates[0]?.entry.id).toBe('auth.admin-mfa');
    expect(d.candidates[0]?.phrasing).toMatch(/[ぁ-ん]/);
  });
});

describe('drafts, caps, context', () => {
  it('draft entries never match', () => {
    expect(index.entries.some((e) => e.status === 'draft')).toBe(false);
    const d = decide(index, '機密情報の印刷を許可していますか');
    expect(d.candidates.every((c) => c.entry.status !== 'draft')).toBe(true);
  });
  it('matches on the first MAX_QUESTION_CHARS characters and never answers a truncated question', () => {
    const long = '監査ログを取得していますか。' + 'あ'.repeat(MAX_QUESTION_CHARS * 2);
    const d = decide(index, long);
    expect(d.candidates[0]?.entry.id).toBe('logging.audit');
    expect(d.status).toBe('review');
    expect(d.reason).toBe('too-long');
  });
  it('a category hint boosts slightly but does not decide alone', () => {
    const plain = search(index, 'ログの取得', { top: 3 });
    const hinted = search(index, 'ログの取得', { top: 3, context: { category: 'ログ管理' } });
    expect(hinted[0]!.score).toBeGreaterThanOrEqual(plain[0]!.score);
    expect(hinted[0]!.score - plain[0]!.score).toBeLessThanOrEqual(0.05);
    const unrelated = decide(index, '貴社の従業員数を教えてください。', { category: 'ログ管理' });
    expect(unrelated.status).toBe('unmatched');
  });
});

describe('index cost', () => {
  it('only phrasings sharing a token with the question are scored', () => {
    const stats: QueryStats = { postingsVisited: 0, phrasingsScored: 0 };
    scoreEntries(index, prepareQuestion(index, '監査ログを取得していますか'), {}, stats);
    expect(stats.phrasingsScored).toBeGreaterThan(0);
    expect(stats.phrasingsScored).toBeLessThan(index.phrasings.length / 2);
  });
  it('the postings touched do not grow with entries that share nothing with the question', () => {
    const filler = (n: number): Entry[] =>
      Array.from({ length: n }, (_, i) => ({
        ...entries[0]!,
        id: `filler.${i}`,
        questions: [`Is the cafeteria menu number ${i} published weekly?`, `社員食堂メニュー${i}番を掲示していますか`],
      }));
    const count = (extra: number): QueryStats => {
      const idx = buildIndex({ entries: [...entries, ...filler(extra)], synonyms });
      const stats: QueryStats = { postingsVisited: 0, phrasingsScored: 0 };
      scoreEntries(idx, prepareQuestion(idx, '監査ログを取得していますか'), {}, stats);
      return stats;
    };
    const small = count(10);
    const large = count(2000);
    expect(large.phrasingsScored).toBe(small.phrasingsScored);
    expect(large.postingsVisited).toBe(small.postingsVisited);
  });
  it('search returns candidates best first with their phrasing', () => {
    const c = search(index, '監査ログ', { top: 2 });
    expect(c[0]?.entry.id).toBe('logging.audit');
    expect(c.length).toBeLessThanOrEqual(2);
    for (let i = 1; i < c.length; i++) expect(c[i - 1]!.score).toBeGreaterThanOrEqual(c[i]!.score);
  });
});

describe('an opposite-phrased best entry and an agreeing runner-up', () => {
  const mk = (id: string, answer: Entry['answer'], questions: string[]): Entry => ({
    id,
    category: '運用',
    questions,
    answer,
    remarks: { ja: 'r', en: 'r' },
    source: { regulation: ['10.2'] },
    reviewed: '2026-11-23',
    owner: 'CTO',
  });
  const idx = buildIndex({
    entries: [
      mk('ops.holders', 'yes', ['運用担当者には特権IDを付与せず、管理者のみが保持すること。']),
      mk('ops.to-operators', 'no', ['運用担当者への特権IDの払い出し', '特権IDを運用者に払い出していますか。']),
    ],
    synonyms: [],
  });

  it('answers with the runner-up when the flipped answer of the best entry agrees with it', () => {
    const d = decide(idx, '特権IDを運用担当者に付与していますか。');
    expect(d.status).toBe('answered');
    expect(d.entry?.id).toBe('ops.to-operators');
    expect(d.answer).toBe('no');
  });

  it("still goes to review when nothing phrased the question's way agrees", () => {
    const alone = buildIndex({ entries: [mk('ops.holders', 'yes', ['運用担当者には特権IDを付与せず、管理者のみが保持すること。'])], synonyms: [] });
    expect(decide(alone, '特権IDを運用担当者に付与していますか。')).toMatchObject({ status: 'review', reason: 'polarity' });
  });
});
