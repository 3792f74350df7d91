import { describe, expect, it } from 'vitest';
import { classifyHeader, isExampleMarker } from '../../src/layout/headers.js';
import { canonicalOf, vocabFromItems, vocabFromLegend, vocabFromOption, vocabFromWords } from '../../src/layout/vocab.js';

describe('answer vocabulary', () => {
  it('keeps the exact code points a dropdown offers (◯ is not ○, ✕ is not ×, ー is not －)', () => {
    const v = vocabFromItems(['◯', '✕', '△', 'ー'], 'dropdown');
    expect(v?.map).toEqual({ yes: '◯', no: '✕', partial: '△', na: 'ー' });
  });

  it('maps word scales by meaning', () => {
    expect(vocabFromItems(['可', '否', '一部可', '対象外'], 'dropdown')?.map).toEqual({ yes: '可', no: '否', partial: '一部可', na: '対象外' });
    expect(vocabFromItems(['Pass', 'Fail', 'N/A'], 'dropdown')?.map).toEqual({ yes: 'Pass', no: 'Fail', na: 'N/A' });
    expect(vocabFromItems(['Yes', 'No', 'Partial', 'Not Applicable'], 'dropdown')?.map.na).toBe('Not Applicable');
    expect(vocabFromItems(['はい', 'いいえ'], 'dropdown')?.map).toEqual({ yes: 'はい', no: 'いいえ' });
  });

  it('is no answer scale without both a yes and a no', () => {
    expect(vocabFromItems(['レベル 0', 'レベル 1', 'レベル 2'], 'dropdown')).toBeUndefined();
    expect(vocabFromItems(['CSP-owned', 'CSC-owned'], 'dropdown')).toBeUndefined();
    expect(vocabFromItems(['Yes'], 'dropdown')).toBeUndefined();
  });

  it('reads a legend in the sheet', () => {
    expect(vocabFromLegend('可否欄：○／×／△／－ で記入')?.map).toEqual({ yes: '○', no: '×', partial: '△', na: '－' });
    expect(vocabFromLegend('※ チェック欄には ○（対応済）／×（未対策）／－（対応不要）のいずれかを記入')?.map).toEqual({ yes: '○', no: '×', na: '－' });
    expect(vocabFromLegend('◯：はい／対応済　✕：いいえ／未対応　△：一部対応　ー：該当なし')?.map).toEqual({ yes: '◯', no: '✕', partial: '△', na: 'ー' });
    // a prolonged-sound mark inside a word is not an answer symbol
    expect(vocabFromLegend('○：サポートあり ×：サポートなし')?.map).toEqual({ yes: '○', no: '×' });
    expect(vocabFromLegend('回答欄はプルダウンから選択してください。')).toBeUndefined();
  });

  it.each([
    [
      ['実施している', '一部実施している', '実施していない', '該当しない'],
      { yes: '実施している', partial: '一部実施している', no: '実施していない', na: '該当しない' },
    ],
    [['対応済', '一部対応', '未対応', '対象外'], { yes: '対応済', partial: '一部対応', no: '未対応', na: '対象外' }],
    [['適合', '一部適合', '不適合'], { yes: '適合', partial: '一部適合', no: '不適合' }],
    [['済', '未'], { yes: '済', no: '未' }],
    [['はい', 'いいえ', '該当なし'], { yes: 'はい', no: 'いいえ', na: '該当なし' }],
    [['Yes', 'No', 'Partially', 'Not applicable'], { yes: 'Yes', no: 'No', partial: 'Partially', na: 'Not applicable' }],
    [['Implemented', 'Partially implemented', 'Not implemented'], { yes: 'Implemented', partial: 'Partially implemented', no: 'Not implemented' }],
    [['実施済', '一部実施', '未実施', '非該当'], { yes: '実施済', partial: '一部実施', no: '未実施', na: '非該当' }],
    [['導入済み', '未導入'], { yes: '導入済み', no: '未導入' }],
    [['定めている', '定めていない'], { yes: '定めている', no: '定めていない' }],
  ])('reads the implementation-status scale %j by meaning', (items, map) => {
    expect(vocabFromItems(items, 'dropdown')?.map).toEqual(map);
  });

  it('reads no free text, plan or unknown as an answer', () => {
    for (const t of ['対応していない箇所があります', '検討中', '計画中', '対応予定', '不明', '未定', 'その他', 'We use Okta', 'Planned']) {
      expect(canonicalOf(t), t).toBeUndefined();
    }
  });

  it('reads a scale stated in words in an instruction sentence or a header', () => {
    expect(vocabFromWords('「回答」欄に「はい」「いいえ」「該当なし」のいずれかを記入してください。')?.map).toEqual({
      yes: 'はい',
      no: 'いいえ',
      na: '該当なし',
    });
    expect(vocabFromWords('プルダウン（実施している／一部実施している／実施していない／該当しない）から選択')?.map).toEqual({
      yes: '実施している',
      partial: '一部実施している',
      no: '実施していない',
      na: '該当しない',
    });
    expect(vocabFromWords('回答（Yes / No / N/A）')?.map).toEqual({ yes: 'Yes', no: 'No', na: 'N/A' });
    expect(vocabFromWords('Please answer Yes, No, Partial or N/A for each control.')?.map).toEqual({ yes: 'Yes', no: 'No', partial: 'Partial', na: 'N/A' });
    // one answer word is no scale
    expect(vocabFromWords('※「いいえ」と回答した項目は、コメント欄に今後の対応予定をご記入ください。')).toBeUndefined();
    expect(vocabFromWords('業務委託に先立ち、貴社における個人情報の取扱状況を確認させていただきます。')).toBeUndefined();
  });

  it('parses --vocab in order or by name', () => {
    expect(vocabFromOption('○,×,△,－')?.map).toEqual({ yes: '○', no: '×', partial: '△', na: '－' });
    expect(vocabFromOption('yes=可,no=否')?.map).toEqual({ yes: '可', no: '否' });
    expect(vocabFromOption('maybe=1')).toBeUndefined();
  });

  it('reads answer text of any family', () => {
    expect(canonicalOf('◯')).toBe('yes');
    expect(canonicalOf(' Yes ')).toBe('yes');
    expect(canonicalOf('N/A')).toBe('na');
    expect(canonicalOf('一部対応')).toBe('partial');
    expect(canonicalOf('We use Okta')).toBeUndefined();
  });
});

describe('header names', () => {
  it.each([
    ['可否', 'answer'],
    ['対応可否', 'answer'],
    ['CSP CAIQ Answer', 'answer'],
    ['Vendor Answers', 'answer'],
    ['結果', 'answer'],
    ['備考', 'remarks'],
    ['回答理由・根拠', 'remarks'],
    ['CSP Implementation Description (Optional/Recommended)', 'remarks'],
    ['Additional Information', 'remarks'],
    ['質問内容', 'question'],
    ['規定内容', 'question'],
    ['Question', 'question'],
    ['Question ID', 'id'],
    ['項番', 'id'],
    ['大分類', 'category'],
  ])('%s is the %s column', (text, role) => {
    expect(classifyHeader(text)?.role).toBe(role);
  });

  it('does not read data as headers', () => {
    expect(classifyHeader('Response Plan Exercise')).toBeUndefined();
    expect(classifyHeader('SSRM Control Ownership')).toBeUndefined();
    expect(classifyHeader('Guidance')).toBeUndefined();
  });

  it('knows the customer example row', () => {
    expect(isExampleMarker('記入例')).toBe(true);
    expect(isExampleMarker('例')).toBe(true);
    expect(isExampleMarker('Example')).toBe(true);
    expect(isExampleMarker('例外処理の手順')).toBe(false);
  });
});
