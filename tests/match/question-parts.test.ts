import { describe, expect, it } from 'vitest';
import { questionParts } from '../../src/match/question-parts.js';

describe('questionParts: the ask set apart from lead-ins, examples and asides', () => {
  it('sets a bracketed example list apart, and keeps it out of the named terms', () => {
    const p = questionParts('外部からの不正アクセスに対する対策を講じていますか？（例：WAF の導入、不審な通信の監視 等）');
    expect(p.core).toBe('外部からの不正アクセスに対する対策を講じていますか？');
    expect(p.asides).toEqual(['例：WAF の導入、不審な通信の監視 等']);
    expect(p.termText).not.toContain('WAF');
    expect(p.asks).toHaveLength(1);
  });

  it('drops a category lead-in', () => {
    expect(questionParts('【アクセス管理】退職者のアカウントを速やかに削除していますか。').core).toBe('退職者のアカウントを速やかに削除していますか。');
  });

  it('keeps short brackets that are part of the ask (abbreviations), and a clarifying aside in the named terms', () => {
    expect(questionParts('多要素認証 (MFA) を必須としていますか').core).toBe('多要素認証 (MFA) を必須としていますか');
    const p = questionParts('マルチテナントの隔離(隔離の失敗等の考慮)の状況');
    expect(p.core).toBe('マルチテナントの隔離の状況');
    expect(p.termText).toContain('マルチテナントの隔離の状況');
  });

  it('English: e.g. and for example are asides', () => {
    expect(questionParts('Is MFA required (e.g. for admins)?').core).toBe('Is MFA required?');
    expect(questionParts('Do you monitor logs, for example with a SIEM?').core).toBe('Do you monitor logs?');
  });

  it('splits two asks joined by また, and numbered sub-items each with their lead', () => {
    expect(questionParts('情報セキュリティ方針を定めていますか。また、関係者に周知していますか。').asks).toEqual([
      '情報セキュリティ方針を定めていますか。',
      '関係者に周知していますか。',
    ]);
    const sub = questionParts('運用管理規程において次の内容を定めている。\n(a)記録媒体の管理の方法\n(b)リスクに対する予防の方法');
    expect(sub.asks).toEqual([
      '運用管理規程において次の内容を定めている。 記録媒体の管理の方法',
      '運用管理規程において次の内容を定めている。 リスクに対する予防の方法',
    ]);
    expect(questionParts('Do you encrypt data at rest? Also, do you encrypt backups?').asks).toHaveLength(2);
  });

  it('does not split a condition, or a request for detail the remarks give', () => {
    expect(questionParts('テレワークを実施している場合、自宅の作業環境についてルールを定めていますか。').asks).toHaveLength(1);
    expect(questionParts('ユーザー権限の定期的な見直しを行っていますか。頻度もご記入ください。').asks).toHaveLength(1);
    expect(questionParts('アカウントの発行手続きについて教えてください。\n責任者の承認を経て行われていますか。').asks).toHaveLength(1);
  });

  it('a request for detail after the ask is set apart from it; one before the ask names its topic and stays', () => {
    const p = questionParts('脆弱性診断を実施していますか。実施している場合は頻度を記載してください。');
    expect(p.core).toBe('脆弱性診断を実施していますか。');
    expect(p.termText).toContain('頻度');
    // the sub-items before it keep their lines: still two asks
    const items = questionParts('情報セキュリティ方針について\n(1) 経営者が承認していますか\n(2) 全社員に周知していますか\n頻度もご記入ください。');
    expect(items.asks).toHaveLength(2);
    expect(items.asides).toContain('頻度もご記入ください。');
    expect(questionParts('アカウントの発行手続きについて教えてください。\n責任者の承認を経て行われていますか。').core).toContain('発行手続き');
  });

  it('a purpose before the ask is set apart (「…を防ぐために、」 "To prevent …,"), not a subject before a comma', () => {
    const ja = questionParts('情報漏えいを防ぐために、重要情報へのアクセスを必要最小限の者に限定していますか。');
    expect(ja.core).toBe('重要情報へのアクセスを必要最小限の者に限定していますか。');
    expect(ja.termText).toContain('情報漏えい');
    expect(questionParts('To limit the damage of a breach, are privileged accounts kept to a few administrators?').core).toBe(
      'are privileged accounts kept to a few administrators?',
    );
    const subject = 'すべてのログは、不正を検出するために、定期的に確認されますか。';
    expect(questionParts(subject).core).toBe(subject);
  });

  it('a cell that is only an aside is matched as it is', () => {
    expect(questionParts('（例：多要素認証）').core).toBe('（例：多要素認証）');
  });
});
