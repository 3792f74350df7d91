/**
 * Reason codes in plain words, for people reading a report or `kotae search`: the one place they
 * are rendered. Codes are data everywhere else (report JSON, tests); every code the matcher or the
 * plan produces has its words here, and no other (the type says so).
 */
import type { RowReason } from '../plan/plan-answers.js';

const REASON_TEXT: Record<RowReason, string> = {
  confident: 'answered from the bank',
  'below-threshold': 'closest bank entry is not close enough to be sure',
  'near-tie': 'bank entries with different answers match about equally well',
  polarity: 'the question is phrased the opposite way of the closest bank entry (negation / opposite verb)',
  'no-candidate': 'no bank entry is about this',
  'too-long': 'question text too long to match',
  compound: 'the row asks two things and the bank does not answer both',
  'off-topic': 'the closest bank entry is about something else than what the question asks',
  empty: 'empty question',
  'not-in-vocab': "the sheet's answer choices cannot express the bank's answer",
  'dropdown-unresolved': "the answer cell's dropdown list is a formula kotae cannot evaluate, so it cannot tell which words the cell accepts",
  'formula-cell': 'the answer cell belongs to a formula (an array formula or data table fills it): kotae does not write into it',
  'cell-not-empty': 'the answer cell is not empty in the sheet',
  describe: 'the question asks for a description, not yes or no: the bank answers it with remarks; fill the answer cell as the sheet expects',
};

/** The same in Japanese, for the worklist of a Japanese sheet. */
const REASON_TEXT_JA: Record<RowReason, string> = {
  confident: '回答バンクから回答',
  'below-threshold': '最も近い登録項目でも、確実と言えるほど近くない',
  'near-tie': '回答の異なる登録項目が同じくらい一致する',
  polarity: '最も近い登録項目と問い方が逆（否定・反対の動詞）',
  'no-candidate': 'この内容の登録項目がない',
  'too-long': '質問が長すぎて照合できない',
  compound: '1行で2つのことを尋ねており、回答バンクが両方には答えていない',
  'off-topic': '最も近い登録項目は、質問が尋ねている対象とは別のことについての項目',
  empty: '質問が空',
  'not-in-vocab': 'このシートの選択肢では回答バンクの回答を表せない',
  'dropdown-unresolved': '回答セルのドロップダウンが kotae の評価できない数式で、使える選択肢が分からない',
  'formula-cell': '回答セルが数式（配列数式・データテーブル）の一部のため、kotae は書き込まない',
  'cell-not-empty': '回答セルが空ではない',
  describe: 'はい／いいえではなく説明を求める質問: 備考に回答を記入済み。回答欄はシートの求める形で記入してください',
};

/** The matcher's details (match/decide.ts) in Japanese; entry ids and the question's own words stay as they are. */
const DETAIL_JA: Array<[RegExp, string]> = [
  [/^topic the bank does not settle: (.+)$/s, '規程で定めていない事項: $1'],
  [/^figure not backed by the entry: (.+)$/s, '登録項目にない数値: $1'],
  [/^term not backed by the entry: (.+)$/s, '登録項目にない語: $1'],
  [/^(.+): not covered by (\S+)$/s, '$2 にない語: $1'],
  [/^rival (\S+) at ([\d.]+)$/s, '回答の異なる $1 も $2'],
  [/^(\S+) answers only questions about (.+)$/s, '$1 は次の語を含む質問だけに答える: $2'],
  [/^not answered by the bank: (.+)$/s, '回答バンクが答えていない部分: $1'],
];

/** A detail in the worklist's language. */
export function detailText(detail: string, language: 'ja' | 'en'): string {
  if (language === 'en') return detail;
  for (const [re, ja] of DETAIL_JA) if (re.test(detail)) return detail.replace(re, ja);
  return detail;
}

/** The reason in words (English, or Japanese for a Japanese worklist), with what it rests on (the rival entry, the term left out …) when known. */
export function reasonText(code: RowReason, detail?: string, language: 'ja' | 'en' = 'en'): string {
  const text = (language === 'ja' ? REASON_TEXT_JA : REASON_TEXT)[code] ?? code;
  if (detail && language === 'ja') return `${text}（${detailText(detail, language)}）`;
  return detail ? `${text} (${detail})` : text;
}
