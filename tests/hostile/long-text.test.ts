/**
 * Text that makes a regular expression or the word segmenter work per character for every
 * character (quadratic): a cell holds up to 32,767 characters, a row's category joins several
 * cells, a bank phrasing has no limit. Each shape below took from 6 s to over a minute at 100,000
 * characters before its fix; linear now, it takes milliseconds (the timeouts are hang guards: a
 * synchronous call is not interrupted, the test fails when it returns).
 */
import { describe, expect, it } from 'vitest';
import { classifyHeader, dropBracketed } from '../../src/layout/headers.js';
import { extractFigures } from '../../src/match/figures.js';
import { foldCharacters, normalizeText, prepareText } from '../../src/match/normalize.js';
import { polaritySignature } from '../../src/match/polarity.js';
import { namedTerms } from '../../src/match/terms.js';
import { buildSynonymTable, findSynonyms, tokenize } from '../../src/match/tokenize.js';
import { buildXlsx, cell, put, run, sheetXml } from './helpers.js';

const N = 100_000;
const GUARD = 5_000;

describe('long texts are read in time linear in their length', () => {
  it(
    'a long katakana run with a prolonged sound mark elsewhere (word-final ー folding)',
    () => {
      const text = `ー${'ア'.repeat(N)}です`;
      expect(foldCharacters(text)).toHaveLength(text.length);
      expect(normalizeText(text).length).toBeGreaterThan(N);
      // the rule itself still applies: a word-final ー after 3+ kana goes
      expect(foldCharacters(`${'ア'.repeat(N)}ー です`)).toBe(`${'ア'.repeat(N)} です`);
    },
    GUARD,
  );

  it(
    'a long run of spaces and commas inside a clause (question-frame stripping)',
    () => {
      const text = `a${' 、'.repeat(N / 2)}bしていますか`;
      expect(prepareText(text)).toBe('a b');
    },
    GUARD,
  );

  it(
    'a long run of digits or kanji digits without a unit (figures)',
    () => {
      expect(extractFigures(`${'1'.repeat(N)}`).map((f) => f.kind)).toEqual(['num']);
      expect(extractFigures(`${'三'.repeat(N)}`)).toEqual([]);
      // a unit after a long number is still read
      expect(extractFigures(`${'9'.repeat(20)}時間以内`)[0]).toMatchObject({ kind: 'time', bound: 'max' });
    },
    GUARD,
  );

  it(
    'many figures in one text (figures: the text rebuilt once per scan, not once per figure)',
    () => {
      const figures = extractFigures('90日以内、'.repeat(0.4 * N));
      expect(figures).toHaveLength(0.4 * N);
      expect(new Set(figures.map((f) => `${f.kind}:${f.value}:${f.bound}`))).toEqual(new Set(['time:2160:max']));
    },
    GUARD,
  );

  it(
    'many negations in one text (polarity: the text rebuilt once per rule, not once per marker)',
    () => {
      const signature = polaritySignature('共有アカウントを禁止し、'.repeat(0.4 * N));
      expect(signature.negatives).toHaveLength(0.4 * N);
      // one distinct marker, repeated: one negation
      expect(signature.negative).toBe(true);
      expect(polaritySignature('使用しない').negatives).toEqual(['使用しない']);
    },
    GUARD,
  );

  it(
    'a long katakana run (named terms: one word, never a compound of generic ones)',
    () => {
      const run = 'セキュリティ'.repeat(N / 6);
      expect(namedTerms(`${run}を管理していますか`).map((t) => t.norm)).toEqual([run]);
      // a short compound of generic words still names nothing
      expect(namedTerms('セキュリティシステムを管理していますか')).toEqual([]);
    },
    GUARD,
  );

  it(
    'many frequency expressions in one text (each word checked against them in one pass)',
    () => {
      const words = tokenize(prepareText('at least once a year '.repeat(N / 2))).words;
      expect(words).toHaveLength(N / 2);
      expect(new Set(words)).toEqual(new Set(['@freq1']));
      const ja = tokenize(prepareText('年1回以上、監査'.repeat(2000)));
      expect(ja.words.filter((w) => w === '@freq1')).toHaveLength(2000);
      expect(ja.bigrams.every((b) => b === '#監査')).toBe(true);
    },
    GUARD,
  );

  it(
    'many synonym members in one text (each checked only against the groups found at its own place)',
    () => {
      const table = buildSynonymTable([
        ['MFA', '多要素認証'],
        ['アクセス権', 'アクセス権限'],
        ['アクセス権の見直し', '権限の棚卸し'],
      ]);
      const spans = findSynonyms('mfa '.repeat(1.5 * N), table);
      expect(spans).toHaveLength(1.5 * N);
      expect(findSynonyms('アクセス権の見直し、'.repeat(N / 10), table)).toHaveLength(N / 5);
    },
    GUARD,
  );

  it(
    'a long Japanese text (segmented in pieces)',
    () => {
      expect(tokenize(prepareText('暗号化'.repeat(N / 3))).words.length).toBeGreaterThan(1000);
    },
    GUARD,
  );
});

describe('header cells full of brackets', () => {
  it(
    'are classified in time linear in their length, bracketed parts dropped as before',
    () => {
      for (const p of ['(', ')(', '（)', '(（', '）(']) expect(classifyHeader(p.repeat(N / p.length))).toBeUndefined();
      expect(classifyHeader('CSP CAIQ Answer (Optional)')?.role).toBe('answer');
      // as /[(（][^)）]*[)）]/g: an opening bracket to the first closing one after it
      expect(dropBracketed('回答（○/×（該当なし））です', '')).toBe('回答）です');
      expect(dropBracketed('a(b)c(d', ' ')).toBe('a c(d');
      expect(dropBracketed(')(x)', '')).toBe(')');
    },
    GUARD,
  );
});

describe('a sheet of 32,767-character cells of each shape', () => {
  // in the header rows kotae searches (first 60), the category, question and remarks columns
  const shapes = ['(', ')(', 'ア', '1', ' 、', 'しない', '"', '三'];
  it.each(shapes)(
    'is read in seconds (%s)',
    (p) => {
      const long = (i: number) => `${p.repeat(Math.ceil(32_000 / p.length)).slice(0, 32_000)}${i}`;
      const rows = [`<row r="1">${cell('A1', 'No')}${cell('B1', '分類')}${cell('C1', '質問')}${cell('D1', '回答')}${cell('E1', '備考')}</row>`];
      for (let r = 2; r <= 21; r++)
        rows.push(`<row r="${r}">${cell(`A${r}`, String(r))}${cell(`B${r}`, long(r))}${cell(`C${r}`, long(r))}${cell(`E${r}`, long(r))}</row>`);
      rows.push(`<row r="22">${cell('A22', '22')}${cell('B22', 'アクセス管理')}${cell('C22', '共有アカウントを使用していますか。')}</row>`);
      const file = put('long-cells.xlsx', buildXlsx({ sheets: [{ name: 'シート1', xml: sheetXml(`<sheetData>${rows.join('')}</sheetData>`) }] }));
      const r = run(['answer'], file, ['-q', '--force', '-o', `${file}.answered.xlsx`]);
      // (answered, or refused cleanly: a column of digits is no question column)
      expect([0, 2], r.stderr).toContain(r.code);
      expect(r.stderr).not.toMatch(/bug in kotae/);
      expect(r.ms, 'finished in seconds').toBeLessThan(GUARD);
    },
    60_000,
  );
});
