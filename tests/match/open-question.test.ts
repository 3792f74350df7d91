/**
 * Open questions (issue 14, item 9): what / which / how / who is answered with remarks, never with a
 * yes or no; an entry with `answer: describe` answers only such a question.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/node/load-bank.js';
import { decide } from '../../src/match/decide.js';
import { buildIndex } from '../../src/match/match-index.js';
import { isOpenQuestion } from '../../src/match/open-question.js';
import { ROOT } from '../helpers.js';

describe('isOpenQuestion', () => {
  it.each([
    '従業員が社内システムにログインする際の認証基盤は何ですか。',
    'どの認証サービスで管理していますか。',
    '情報セキュリティの責任者は誰ですか。役職名を記入してください。',
    '退職した従業員のIDはいつ無効化されますか。',
    '顧客へはいつまでに報告しますか。',
    '棚卸しの実施頻度を教えてください。',
    'What identity provider do your staff use?',
    'Q3. Which operating systems are permitted?',
    'How often is the security policy reviewed?',
    'Please describe the notification timeline.',
    // a number asked for: the remarks give it, a ○ would not
    'ログインに何回失敗するとアカウントがロックされますか。',
    'セッションは何分で切れますか。',
    'アクセス権の棚卸は年何回実施していますか。',
    '脆弱性情報の収集頻度は。',
    'Within how many hours are customers notified of an incident?',
  ])('open: %s', (q) => expect(isOpenQuestion(q)).toBe(true));

  it.each([
    '従業員の認証に外部の認証基盤を利用していますか。',
    // a yes/no ask beside the open one: the answer cell takes that one
    '従業員はポリシーを知っていますか。周知の方法を教えてください。',
    'How often is the security policy reviewed? Is it reviewed at least once a year?',
    'When an employee transfers to a new role, is their access updated the same day?',
    '何らかの対策を講じていますか。',
    'MFAの有無をご記入ください。',
    'GoogleやGitHubなどの外部サービスを利用していますか。',
    'いつでも利用できますか。',
    'ログインに何度も失敗したアカウントをロックしていますか。',
    '従業員は誰でもオフィスに入ることができますか。',
    'どこでもリモートワークできますか。',
    'DDoS対策',
    '',
  ])('not open: %s', (q) => expect(isOpenQuestion(q)).toBe(false));
});

describe('decide on the shipped bank', () => {
  const index = buildIndex(loadBank(join(ROOT, 'answer-bank')));

  it('an open question is answered with the remarks of its entry (describe), never yes', () => {
    for (const q of ['従業員が社内システムにログインする際の認証基盤は何ですか。', 'Which identity provider is used for workforce authentication?']) {
      const d = decide(index, q);
      expect(d).toMatchObject({ status: 'answered', answer: 'describe' });
      expect(d.entry?.id).toBe('auth.workforce-idp-which');
    }
    // best matched by a yes/no entry: still a description (its remarks), not its yes
    const d = decide(index, 'How often are user access rights reviewed?');
    expect(d).toMatchObject({ status: 'answered', answer: 'describe' });
    expect(d.entry?.id).toBe('access.review-annual');
  });

  it('a yes/no question is never answered by an entry that describes', () => {
    const d = decide(index, 'DDoS攻撃対策を講じていますか。');
    expect(d).toMatchObject({ status: 'answered', answer: 'yes' });
    expect(d.entry?.id).toBe('continuity.ddos');
    for (const c of d.candidates) expect(c.entry.answer).not.toBe('describe');
  });

  it('a yes/no ask beside an open one is answered yes: the description claims no yes or no', () => {
    const d = decide(index, '社内システムの認証基盤にはどのサービスを利用していますか。 多要素認証は必須ですか。');
    expect(d).toMatchObject({ status: 'answered', answer: 'yes' });
  });
});
