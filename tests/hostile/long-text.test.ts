/**
 * Text that makes a regular expression or the word segmenter work per character for every
 * character (quadratic): a cell holds up to 32,767 characters, a row's category joins several
 * cells, a bank phrasing has no limit. Each shape below took from 6 s to over a minute at 100,000
 * characters before its fix; linear now, it takes milliseconds (the timeouts are hang guards: a
 * synchronous call is not interrupted, the test fails when it returns).
 */
import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../src/match/figures.js';
import { foldCharacters, normalizeText, prepareText } from '../../src/match/normalize.js';
import { namedTerms } from '../../src/match/terms.js';
import { tokenize } from '../../src/match/tokenize.js';

const N = 100_000;
const GUARD = 5_000;

describe('long texts are read in time linear in their length', () => {
  it('a long katakana run with a prolonged sound mark elsewhere (word-final ー folding)', () => {
    const text = `ー${'ア'.repeat(N)}です`;
    expect(foldCharacters(text)).toHaveLength(text.length);
    expect(normalizeText(text).length).toBeGreaterThan(N);
    // the rule itself still applies: a word-final ー after 3+ kana goes
    expect(foldCharacters(`${'ア'.repeat(N)}ー です`)).toBe(`${'ア'.repeat(N)} です`);
  }, GUARD);

  it('a long run of spaces and commas inside a clause (question-frame stripping)', () => {
    const text = `a${' 、'.repeat(N / 2)}bしていますか`;
    expect(prepareText(text)).toBe('a b');
  }, GUARD);

  it('a long run of digits or kanji digits without a unit (figures)', () => {
    expect(extractFigures(`${'1'.repeat(N)}`).map((f) => f.kind)).toEqual(['num']);
    expect(extractFigures(`${'三'.repeat(N)}`)).toEqual([]);
    // a unit after a long number is still read
    expect(extractFigures(`${'9'.repeat(20)}時間以内`)[0]).toMatchObject({ kind: 'time', bound: 'max' });
  }, GUARD);

  it('a long katakana run (named terms: one word, never a compound of generic ones)', () => {
    const run = 'セキュリティ'.repeat(N / 6);
    expect(namedTerms(`${run}を管理していますか`).map((t) => t.norm)).toEqual([run]);
    // a short compound of generic words still names nothing
    expect(namedTerms('セキュリティシステムを管理していますか')).toEqual([]);
  }, GUARD);

  it('a long Japanese text (segmented in pieces)', () => {
    expect(tokenize(prepareText('暗号化'.repeat(N / 3))).words.length).toBeGreaterThan(1000);
  }, GUARD);
});
