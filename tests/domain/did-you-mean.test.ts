import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean } from '../../src/domain/did-you-mean.js';

describe('did you mean', () => {
  const sheets = ['記入要領', 'セキュリティチェックシート', '連絡先', 'Vendor Questionnaire', 'Lists'];

  it('finds a name typed with a letter missing, another case or only part of it', () => {
    expect(closestNames('Questionaire', sheets)).toEqual(['Vendor Questionnaire']);
    expect(closestNames('vendor questionnaire', sheets)[0]).toBe('Vendor Questionnaire');
    expect(closestNames('チェックシー', sheets)).toEqual(['セキュリティチェックシート']);
  });

  it('suggests nothing when nothing is close', () => {
    expect(closestNames('xyz', sheets)).toEqual([]);
    expect(didYouMean('xyz', sheets)).toBe('');
  });

  it('phrases the suggestion for a hint', () => {
    expect(didYouMean('Listes', sheets)).toBe('did you mean "Lists"? ');
  });
});
