import { describe, expect, it } from 'vitest';
import { antonymous, asksForException, overclaimsRule, polaritySignature, samePolarity, splitClauses } from '../../src/match/polarity.js';

const neg = (s: string) => polaritySignature(s).negative;

describe('polaritySignature', () => {
  it.each([
    ['共有アカウントを使用していますか', false],
    ['共有アカウントを禁止していますか', true],
    ['共有アカウントを使用しないこと', true],
    ['外部アクセスを許可していますか', false],
    ['外部アクセスを禁じていますか', true],
    ['オンプレ資産を保有していますか', false],
    ['オンプレ資産を保有していない', true],
    ['例外の申請はあり', false],
    ['例外なし', true],
    ['データの出力は可能ですか', false],
    ['データの出力は不可', true],
    ['Do you use shared accounts?', false],
    ['Are shared accounts prohibited?', true],
    ['Do you not use shared accounts?', true],
    ["Don't you allow shared accounts?", true],
    ['Are passwords never stored?', true],
    ['Can staff work without screen filters?', true],
    ['Do you forbid shared accounts?', true],
    ['Does every user have a non-shared account?', true],
    ['本番リリース前のコードレビューを省略する場合がありますか', true],
    ['コードレビューを省略せずに実施していますか', false],
    ['Do you ever skip code review before release?', true],
    ['Can MFA be bypassed by administrators?', true],
  ])('%s → negative %s', (text, expected) => {
    expect(neg(text)).toBe(expected);
  });
  it('ignores phrases that only look negative', () => {
    expect(neg('セキュリティパッチを遅滞なく適用していますか')).toBe(false);
    expect(neg('役員だけでなく委託先にも適用されますか')).toBe(false);
    expect(neg('単一障害点をなくしていること')).toBe(false);
    expect(neg('Are patches applied without undue delay?')).toBe(false);
    expect(neg('Do you sign non-disclosure agreements?')).toBe(false);
    expect(neg('退職者のIDを無効化していますか')).toBe(false);
  });
  it('reads an obligation (〜なければならない) as a requirement, not a negation', () => {
    expect(neg('従業員は年1回以上セキュリティ教育を受けなければならない。')).toBe(false);
    expect(neg('パスワードは他人に教えてはならないと定めていますか')).toBe(true);
    expect(neg('共有アカウントを使用してはならない。')).toBe(true);
  });
  it('reads a purpose (〜できないよう分離) as no negation of what is done; 〜しないようにしている still is one', () => {
    expect(neg('他の利用者のデータにアクセスできないようテナントを分離していますか')).toBe(false);
    expect(neg('権限のない者が操作を行えないように、管理画面へのアクセスを制限していますか')).toBe(false);
    expect(neg('共有アカウントを使用しないようにしていますか')).toBe(true);
    expect(neg('私物端末に業務データを保存しないよう指導していますか')).toBe(false);
  });
  it('knows a yes claiming all or always against remarks that say as a rule', () => {
    expect(overclaimsRule('運用はすべて自動化していますか', '運用を自動化していますか', ['原則としてプロセスを自動化しています。'])).toBe(true);
    expect(overclaimsRule('運用を自動化していますか', '運用を自動化していますか', ['原則としてプロセスを自動化しています。'])).toBe(false);
    expect(overclaimsRule('すべての権限を付与していますか', '権限を付与していますか', ['最小権限の原則に基づき付与しています。'])).toBe(false);
    expect(overclaimsRule('Are all processes automated?', 'Are processes automated?', [undefined, 'Processes are automated as a rule.'])).toBe(true);
  });
  it('reads leaving undone as negative (放置, 〜ずに)', () => {
    expect(neg('退職者のアカウントを放置していますか')).toBe(true);
    expect(neg('コードレビューを経ずに本番リリースしていますか')).toBe(true);
    expect(neg('不要なアカウントを放置せず削除していますか')).toBe(false);
  });
  it('knows a question asking whether something ever happens', () => {
    expect(asksForException('退職者のアカウントが残っていることはありますか')).toBe(true);
    expect(asksForException('Do you ever deploy without a code review?')).toBe(true);
    expect(asksForException('Are there cases where leavers keep access?')).toBe(true);
    expect(asksForException('退職者のアカウントは当日中に削除していますか')).toBe(false);
  });
  it('knows an antonym that carries no negative marker (無効 / 有効, disable / enable)', () => {
    expect(antonymous('自動更新を無効にしていますか', '自動更新を有効にしていますか')).toBe(true);
    expect(antonymous('Is automatic updating disabled?', 'Are automatic updates enabled?')).toBe(true);
    expect(antonymous('退職者のIDを無効化していますか', '退職者のアカウントを削除していますか')).toBe(false);
    expect(antonymous('対策の有効性を確認していますか', '対策を無効にしていますか')).toBe(false);
  });
  it('counts a repeated marker once', () => {
    expect(neg('持ち出しを禁止し、印刷も禁止していますか')).toBe(true);
  });
  it('marks restrictive wording (only, 限定)', () => {
    expect(polaritySignature('特権操作は必要な場合に限られていますか').restrictive).toBe(true);
    expect(polaritySignature('Are privileged IDs held only by the officer?').restrictive).toBe(true);
    expect(polaritySignature('特権操作は平常時にも行っていますか').restrictive).toBe(false);
  });
});

describe('samePolarity on look-alike pairs with opposite answers', () => {
  it.each([
    ['共有アカウントを使用していますか', '共有アカウントを禁止していますか'],
    ['機密情報の印刷を許可していますか', '機密情報の印刷を禁止していますか'],
    ['オンプレ資産を保有していますか', 'オンプレ資産を保有していない'],
    ['Do you use shared accounts?', 'Are shared accounts prohibited?'],
    ['Do you allow printing at home?', 'Do you forbid printing at home?'],
    ['Do you use shared accounts?', 'Do you not use shared accounts?'],
    ['特権操作は平常時にも行っていますか', '特権操作は必要な場合に限られていますか'],
  ])('%s ≠ %s', (a, b) => {
    expect(samePolarity(polaritySignature(a), polaritySignature(b))).toBe(false);
  });
  it('agrees on same-polarity paraphrases', () => {
    expect(samePolarity(polaritySignature('共有IDを使っていますか'), polaritySignature('Do you use shared accounts?'))).toBe(true);
  });
});

describe('splitClauses', () => {
  it('splits at Japanese and English clause boundaries', () => {
    expect(splitClauses('IDは個人単位で発行し、複数人での共用をしないこと。')).toEqual(['idは個人単位で発行し', '複数人での共用をしないこと']);
    expect(splitClauses('Is there a process? Please describe it.')).toEqual(['is there a process', 'please describe it']);
  });
});
