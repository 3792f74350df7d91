import { describe, expect, it } from 'vitest';
import { coverageToJson, coverageToMarkdown, coverageToText } from '../../src/report/coverage.js';
import { coverage } from './fixtures.js';

describe('coverage, rendered', () => {
  it('text: a table per sheet, the overall line, what was not read, topics, unused entries, the verdict', () => {
    const text = coverageToText(coverage(2), 0.6);
    expect(text.split('\n').slice(0, 3)).toEqual([
      'sheet         questions  answered  review  unmatched  answered %',
      'a.xlsx [S|1]          4         2       1          1       50.0%',
      'overall               4         2       1          1       50.0%',
    ]);
    expect(text).toContain('overall: 4 question rows in 1 sheet(s) of 1 workbook(s): answered 2 (50.0%), review 1 (25.0%), unmatched 1 (25.0%)');
    expect(text).toContain('not read (1):\n  b.xlsx: not a workbook');
    expect(text).toContain('     2  ISMS認証を取得していますか  (review 1, unmatched 1; e.g. a.xlsx [S|1] row 7)');
    expect(text).toContain('approved entries no sheet matched (1):\n  e.two  二つ目');
    expect(text.trimEnd().endsWith('FAIL: answered share 50.0% is below --min 60.0%')).toBe(true);
    expect(coverageToText(coverage(3), 0.6).trimEnd().endsWith('ok: answered share 75.0% is at or above --min 60.0%')).toBe(true);
  });

  it('md: tables with pipes escaped; json: the figures with min and pass', () => {
    const md = coverageToMarkdown(coverage(2), 0.5);
    expect(md).toContain('Answered **2 of 4** question rows (50.0%); review 1, unmatched 1. Threshold `--min` 50.0%: **ok**.');
    expect(md).toContain('| a.xlsx | S\\|1 | 4 | 2 | 1 | 1 | 50.0% |');
    const json = JSON.parse(coverageToJson(coverage(2), 0.6));
    expect(json).toMatchObject({ min: 0.6, pass: false, overall: { answered: 2 }, unreadable: 1 });
  });
});
