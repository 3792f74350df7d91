import { describe, expect, it } from 'vitest';
import {
  foldCharacters,
  foldDashes,
  foldMarks,
  joinKatakanaWords,
  normalizeText,
  prepareText,
  removePunctuation,
  stripNumbering,
  stripQuestionFrame,
} from '../../src/match/normalize.js';

describe('foldCharacters', () => {
  it('applies NFKC and lower case', () => {
    expect(foldCharacters('ＭＦＡ（多要素認証）ＡＢＣ１２３')).toBe('mfa(多要素認証)abc123');
  });
  it('keeps line breaks for the line-based rules', () => {
    expect(foldCharacters('a\r\nb\rc')).toBe('a\nb\nc');
  });
});

describe('joinKatakanaWords', () => {
  it('joins katakana words written apart by a space, as machine translation writes them', () => {
    expect(joinKatakanaWords('サード パーティ')).toBe('サードパーティ');
    expect(joinKatakanaWords('サービス レベル アグリーメント (SLA)')).toBe('サービスレベルアグリーメント (SLA)');
    expect(foldCharacters('データ　アクセス管理')).toBe('データアクセス管理');
  });
  it('leaves other spaces', () => {
    expect(joinKatakanaWords('パッチ SLA に従って')).toBe('パッチ SLA に従って');
    expect(joinKatakanaWords('Google アカウント')).toBe('Google アカウント');
    expect(joinKatakanaWords('管理 アクセス')).toBe('管理 アクセス');
  });
});

describe('foldMarks', () => {
  it('maps the ○ family to ○', () => {
    expect(foldMarks('◯ 〇 ○ ⭕')).toBe('○ ○ ○ ○');
  });
  it('maps the × family to ×', () => {
    expect(foldMarks('× ✕ ✖ ╳')).toBe('× × × ×');
  });
});

describe('foldDashes', () => {
  it('keeps ー inside katakana words (prolonged sound mark)', () => {
    expect(foldDashes('データポータビリティ')).toBe('データポータビリティ');
    expect(foldDashes('セキュリティーポリシー')).toContain('ポリシ');
  });
  it('drops a word-final ー of longer katakana words (サーバー = サーバ)', () => {
    expect(foldDashes('サーバー')).toBe('サーバ');
    expect(foldDashes('ユーザー管理')).toBe('ユーザ管理');
    expect(foldDashes('コピー')).toBe('コピー');
  });
  it('turns standalone ー and the dash family into -', () => {
    expect(foldDashes('ー')).toBe('-');
    expect(foldDashes('対象外ー')).toBe('対象外-');
    expect(foldDashes('a—b−c‐d')).toBe('a-b-c-d');
  });
  it('handles － (U+FF0D) through NFKC', () => {
    expect(foldCharacters('－')).toBe('-');
  });
});

describe('stripNumbering', () => {
  it.each([
    ['3-2. 情報セキュリティ方針', '情報セキュリティ方針'],
    ['1. 方針', '方針'],
    ['(1) 文書化されていますか', '文書化されていますか'],
    ['q12 is there a policy?', 'is there a policy?'],
    ['no.5 監査ログ', '監査ログ'],
    ['・critical', 'critical'],
    ['1) 方針', '方針'],
    ['2.1: 方針', '方針'],
  ])('%s', (input, expected) => {
    expect(stripNumbering(input)).toBe(expected);
  });
  it('handles full-width and circled numbers through foldCharacters', () => {
    expect(stripNumbering(foldCharacters('（１）文書化'))).toBe('文書化');
    expect(stripNumbering(foldCharacters('①文書化'))).toBe('文書化');
  });
  it('does not eat figures', () => {
    expect(stripNumbering('24時間以内に報告')).toBe('24時間以内に報告');
    expect(stripNumbering('1.5倍')).toBe('1.5倍');
  });
});

describe('removePunctuation', () => {
  it('turns punctuation into single spaces and keeps decimals and %', () => {
    expect(removePunctuation(foldCharacters('稼働率99.5%以上。（SLA）'))).toBe('稼働率99.5%以上 sla');
    expect(removePunctuation('a, b; c.')).toBe('a b c');
  });
});

describe('normalizeText', () => {
  it('joins lines, strips numbering per line and punctuation', () => {
    expect(normalizeText('情報セキュリティ基本方針について\n(1) 文書化されていますか\n(2) 承認されていますか')).toBe(
      '情報セキュリティ基本方針について 文書化されていますか 承認されていますか',
    );
  });
  it('makes full-width and half-width spellings equal', () => {
    expect(normalizeText('ＩＤ／パスワード')).toBe(normalizeText('ID/パスワード'));
  });
});

describe('stripQuestionFrame', () => {
  it.each([
    ['共有アカウントを使用していますか。', '共有アカウントを使用'],
    ['監査ログを取得されていますか', '監査ログを取得'],
    ['脆弱性診断を行っていますか', '脆弱性診断を行っ'],
    ['SOC2報告書の提出は可能ですか。', 'soc2報告書の提出'],
    ['外部監査を受けていることはありますか', '外部監査を受け'],
    ['本番データを使うことはありますか', '本番データを使う'],
    ['手順はありますか', '手順'],
    ['再発防止策は策定されるでしょうか', '再発防止策は策定'],
    ['情報セキュリティ方針を策定し、全従業員に周知していること。', '情報セキュリティ方針を策定し、全従業員に周知'],
    ['システムの監査ログを取得すること。', 'システムの監査ログを取得'],
    ['退職者のIDを無効化している。', '退職者のidを無効化'],
    ['バックアップについて', 'バックアップ'],
    ['バックアップ頻度を教えてください。', 'バックアップ頻度'],
    ['脆弱性の対応期限を定めていますか', '脆弱性の対応期限'],
    ['個人情報の第三者提供の有無', '個人情報の第三者提供'],
  ])('%s', (input, expected) => {
    expect(stripQuestionFrame(input)).toBe(expected);
  });
  it('strips English question frames', () => {
    expect(stripQuestionFrame('Do you use shared accounts?')).toBe('use shared accounts');
    expect(stripQuestionFrame('Is there a documented policy?')).toBe('documented policy');
    expect(stripQuestionFrame('Are audit logs collected?')).toBe('audit logs collected');
    expect(stripQuestionFrame('Please describe the notification timeline.')).toBe('notification timeline');
    expect(stripQuestionFrame('Does your organization maintain a policy?')).toBe('maintain a policy');
  });
  it('never strips a negation', () => {
    expect(stripQuestionFrame('共有アカウントを使用していない')).toContain('ない');
    expect(stripQuestionFrame('共有アカウントを使用しないこと')).toContain('ない');
  });
  it('works clause by clause', () => {
    expect(stripQuestionFrame('改訂は誰が承認しますか。代表者の承認を経て改訂される仕組みですか。')).toBe('改訂は誰が承認\n代表者の承認を経て改訂される仕組み');
  });
});

describe('prepareText', () => {
  it('lets statement, question and label forms meet', () => {
    const a = prepareText('監査ログを取得していますか。');
    const b = prepareText('監査ログを取得すること。');
    const c = prepareText('監査ログを取得している');
    expect(a).toBe(b);
    expect(b).toBe(c);
  });
});
