import { describe, expect, it } from 'vitest';
import { prepareText } from '../../src/match/normalize.js';
import { buildSynonymTable, extractSynonyms, findSynonyms, stemEnglish, tokenize, tokenizeMany } from '../../src/match/tokenize.js';

const words = (s: string, syn = buildSynonymTable([])) => tokenize(prepareText(s), syn).words;

describe('tokenize', () => {
  it('segments Japanese and drops particles and frame words', () => {
    const w = words('共有アカウントを使用していますか');
    expect(w).toContain('共有');
    expect(w).toContain('アカウント');
    expect(w).toContain('使用');
    for (const stop of ['を', 'し', 'てい', 'ます', 'か']) expect(w).not.toContain(stop);
  });
  it('drops the compound particles the segmenter keeps whole (に関する, として …)', () => {
    const w = words('情報セキュリティに関する文書を管理者として定め、手順に従って運用する');
    for (const stop of ['に関する', 'として', 'に従って']) expect(w).not.toContain(stop);
    for (const kept of ['文書', '管理者', '手順', '運用']) expect(w).toContain(kept);
  });
  it('a frequency expression is one token: 年1回以上 and at least once a year and annually meet', () => {
    const ja = tokenize(prepareText('アクセス権の見直しを年1回以上実施'));
    expect(ja.words).toContain('@freq1');
    for (const w of ['年', '1', '回', '以上']) expect(ja.words).not.toContain(w);
    // nor bigrams inside it or across its edge
    expect(ja.bigrams).toEqual(['#見直', '#実施']);
    expect(words('Is the policy reviewed at least once a year?')).toEqual(['@freq1', 'policy', 'review']);
    expect(words('Are policies reviewed annually?')).toEqual(['@freq1', 'policy', 'review']);
    expect(words('四半期ごとに収集')).toContain('@freq4');
  });
  it('keeps numbers (24時間 and 1週間 matter)', () => {
    expect(words('24時間以内に報告')).toContain('24');
    expect(words('1週間以内')).toContain('1');
  });
  it('lower-cases and stems English, drops English stop words', () => {
    expect(words('Are audit logs collected?')).toEqual(['audit', 'log', 'collect']);
    expect(words('Do you use shared accounts?')).toEqual(['use', 'shar', 'account']);
  });
  it('adds kanji bigrams for robustness to segmentation', () => {
    const { bigrams } = tokenize(prepareText('多要素認証'));
    expect(bigrams).toEqual(['#多要', '#要素', '#素認', '#認証']);
  });
  it('keeps an unknown katakana loan word whole when the segmenter breaks it', () => {
    expect(words('データポータビリティへの対応')).toContain('データポータビリティ');
  });
  it('does not keep whole a katakana run a synonym stands in: the synonym is the loan word', () => {
    const syn = buildSynonymTable([['顧客', 'クラウドサービスカスタマ']]);
    const w = words('クラウドサービスカスタマデータの保護', syn);
    expect(w).toContain('~顧客');
    expect(w).toContain('データ');
    expect(w).not.toContain('クラウドサービスカスタマデータ');
    // (without the synonym, the run is one word no phrasing has)
    expect(words('クラウドサービスカスタマデータの保護')).toContain('クラウドサービスカスタマデータ');
  });
  it('tokenizeMany equals tokenize on each', () => {
    const texts = ['監査ログを取得', 'audit logs collected'].map(prepareText);
    expect(tokenizeMany(texts)).toEqual(texts.map((t) => tokenize(t)));
  });
});

describe('stemEnglish', () => {
  it.each([
    ['policies', 'policy'],
    ['accounts', 'account'],
    ['logging', 'log'],
    ['logged', 'log'],
    ['required', 'requir'],
    ['require', 'requir'],
    ['encrypted', 'encrypt'],
    ['access', 'access'],
    ['process', 'process'],
    ['status', 'status'],
  ])('%s → %s', (w, s) => {
    expect(stemEnglish(w)).toBe(s);
  });
});

describe('synonyms', () => {
  const table = buildSynonymTable([
    ['MFA', '多要素認証', '二要素認証', 'multi-factor authentication'],
    ['共有アカウント', 'shared account'],
    ['ログ', 'log'],
    ['IDS', '侵入検知システム'],
  ]);
  it('maps every member of a group to one canonical token', () => {
    const a = extractSynonyms(prepareText('管理者に多要素認証を必須'), table);
    const b = extractSynonyms(prepareText('Is multi-factor authentication required?'), table);
    const c = extractSynonyms(prepareText('二要素認証'), table);
    expect(a).toEqual(b);
    expect(c).toEqual(a);
    expect(a).toHaveLength(1);
  });
  it('matches multi-word members and plurals', () => {
    expect(extractSynonyms(prepareText('Do you use shared accounts?'), table)).toEqual(['~共有アカウント']);
  });
  it('respects word boundaries for ASCII members', () => {
    expect(extractSynonyms('guids are used', table)).toEqual([]);
    expect(extractSynonyms('ids and ips', table)).toHaveLength(1);
  });
  it('does not cut a katakana word (ログ is not inside ログイン)', () => {
    expect(findSynonyms('ログイン履歴', table)).toEqual([]);
    expect(findSynonyms('監査ログ', table)).toHaveLength(1);
    // nor starts inside one (ログ is not inside カタログ)
    expect(findSynonyms('カタログ', table)).toEqual([]);
    expect(findSynonyms('ログ', table)).toEqual([{ start: 0, end: 2, token: '~ログ' }]);
  });
  it('finds a katakana member written together with a generic noun (共有アカウントデータ), not inside another word', () => {
    const t = buildSynonymTable([
      ['顧客', 'クラウドサービスカスタマ'],
      ['パスワード', 'password'],
    ]);
    expect(findSynonyms('クラウドサービスカスタマデータの保護', t)).toEqual([{ start: 0, end: 12, token: '~顧客' }]);
    expect(findSynonyms('パスワードポリシー', t)).toHaveLength(1);
    expect(findSynonyms('パスワードマネージャー', t)).toEqual([]);
  });
  it('finds a member written after a generic noun (データ|アクセス管理), not after another word', () => {
    const t = buildSynonymTable([
      ['アクセス管理', 'アクセス制御'],
      ['ログ', 'log'],
    ]);
    expect(findSynonyms('データアクセス管理のプロセス', t)).toEqual([{ start: 3, end: 9, token: '~アクセス管理' }]);
    expect(findSynonyms('システムログ', t)).toHaveLength(1);
    expect(findSynonyms('カタログ', t)).toEqual([]);
  });
  it('a member inside a longer one at the same place gives both groups (アクセス権の見直し is also about アクセス権)', () => {
    const nested = buildSynonymTable([
      ['アクセス権の棚卸', 'アクセス権の見直し'],
      ['アクセス権', 'アクセス権限'],
    ]);
    expect(extractSynonyms(prepareText('アクセス権の見直しを年1回行う'), nested).sort()).toEqual(['~アクセス権', '~アクセス権の棚卸']);
    expect(extractSynonyms(prepareText('アクセス権限の定期的な見直し'), nested)).toEqual(['~アクセス権']);
    // each group once, and the scan goes on after the longest member
    expect(findSynonyms('アクセス権の見直し、アクセス権', nested).map((s) => [s.start, s.token])).toEqual([
      [0, '~アクセス権の棚卸'],
      [0, '~アクセス権'],
      [10, '~アクセス権'],
    ]);
  });
  it('keeps the words of the text besides the synonym token', () => {
    const w = tokenize(prepareText('Do you use shared user accounts?'), table).words;
    expect(w).toContain('shar');
    expect(w).toContain('account');
  });
});

describe('long texts', () => {
  // Intl.Segmenter's cost per segment grows with the text's length: a 100,000-character text took
  // 12.6 s in one piece (quadratic), so long texts are segmented in pieces cut after a space
  it('a 190,000-character text gives the tokens of its sentences, in order', () => {
    const sentence = 'パスワードは定期的に変更していますか ';
    const one = tokenize(prepareText(sentence));
    const many = tokenize(prepareText(sentence.repeat(10_000)));
    expect(many.words).toEqual(Array.from({ length: 10_000 }, () => one.words).flat());
    expect(many.bigrams).toEqual(Array.from({ length: 10_000 }, () => one.bigrams).flat());
  }, 15_000); // (a hang guard: ~0.3 s; in one piece it took 45 s)

  it('a long run without a space is tokenised too (cut where a piece ends)', () => {
    const { words } = tokenize(prepareText('暗号化'.repeat(50_000)));
    expect(words.length).toBeGreaterThan(1000);
  }, 15_000);
});
