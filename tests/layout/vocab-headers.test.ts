import { describe, expect, it } from 'vitest';
import { classifyHeader, isExampleMarker } from '../../src/layout/headers.js';
import { canonicalOf, vocabFromItems, vocabFromLegend, vocabFromOption } from '../../src/layout/vocab.js';

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
