import { describe, expect, it } from 'vitest';
import { namedTerms, termSupport, unsupportedTerms } from '../../src/match/terms.js';
import { buildSynonymTable } from '../../src/match/tokenize.js';

const table = buildSynonymTable([['MFA', '多要素認証', 'multi-factor authentication']]);
const unbacked = (q: string, phrasings: string[]) => unsupportedTerms(namedTerms(q), q, termSupport(phrasings, table), table).map((t) => t.text);

describe('namedTerms', () => {
  it('finds acronyms and mid-sentence capitalised names in English', () => {
    expect(namedTerms('Do you have a data center with CCTV?').map((t) => t.text)).toEqual(['CCTV']);
    expect(namedTerms('Is the Windows operating system permitted?').map((t) => t.text)).toEqual(['Windows']);
    expect(namedTerms('Are audit logs collected?')).toEqual([]);
  });
  it('names a practice of its own (audit, drill, 監査, 訓練, 棚卸, 診断), not audit logs', () => {
    expect(namedTerms('Are access rights covered by periodic audits?').map((t) => t.norm)).toEqual(['audit']);
    expect(namedTerms('アクセス管理を定期的に監査していますか').map((t) => t.text)).toEqual(['監査']);
    expect(namedTerms('監査ログを取得していますか').map((t) => t.text)).not.toContain('監査');
    expect(namedTerms('Is audit logging enabled?')).toEqual([]);
    // an approval is a step of its own: the entry on automating deploys does not answer it
    expect(namedTerms('本番環境へのデプロイには承認が必要ですか').map((t) => t.text)).toContain('承認');
    expect(namedTerms('Is every deployment approved?').map((t) => t.norm)).toContain('approved');
  });
  it('keeps whole the first word of a line whose folding shortens it (ユーザー → ユーザ)', () => {
    // (the line was cut by its folded length: 「バー」「ラウドサービス」 came out as terms)
    expect(namedTerms('サーバーを自社で保有していますか').map((t) => t.text)).toEqual(['サーバ']);
    expect(namedTerms('クラウドサービス事業者はサーバーを保有していますか').map((t) => t.text)).toEqual(['クラウドサービス', 'サーバ']);
  });
  it('finds ASCII words and katakana nouns in Japanese, not generic ones', () => {
    const t = namedTerms('NTPで時刻同期を行っていますか').map((x) => x.text);
    expect(t).toEqual(['NTP']);
    expect(namedTerms('パスワードの有効期限').map((x) => x.text)).toEqual(['パスワード']);
    expect(namedTerms('セキュリティシステムのIDを管理')).toEqual([]);
  });
});

describe('unsupportedTerms', () => {
  it('a term is backed by the same word or a synonym in the entry', () => {
    expect(unbacked('Is MFA required?', ['多要素認証を必須としていますか'])).toEqual([]);
    expect(unbacked('Do you have CCTV in the data center?', ['Do you run your own data center?'])).toEqual(['CCTV']);
    expect(unbacked('パスワードの有効期限を設定していますか', ['セッションの有効期限を管理していますか'])).toEqual(['パスワード']);
    expect(unbacked('パスワードの有効期限を設定していますか', ['パスワードの有効期限を設定していること'])).toEqual([]);
  });
});
