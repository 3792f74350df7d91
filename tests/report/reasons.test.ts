import { describe, expect, it } from 'vitest';
import type { RowReason } from '../../src/plan/plan-answers.js';
import { reasonText } from '../../src/report/reasons.js';

const CODES: RowReason[] = [
  'confident',
  'below-threshold',
  'near-tie',
  'polarity',
  'no-candidate',
  'too-long',
  'off-topic',
  'compound',
  'empty',
  'not-in-vocab',
];

describe('reason codes in words', () => {
  it('every code the matcher and the plan produce has its own words', () => {
    const texts = CODES.map((c) => reasonText(c));
    for (const [i, t] of texts.entries()) expect(t, CODES[i]).not.toBe(CODES[i]);
    expect(new Set(texts).size).toBe(CODES.length);
  });
  it('adds what the reason rests on', () => {
    expect(reasonText('off-topic', 'ISMS: not covered by a.b')).toBe(
      'the closest bank entry is about something else than what the question asks (ISMS: not covered by a.b)',
    );
  });
});
