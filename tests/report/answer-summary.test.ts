import { describe, expect, it } from 'vitest';
import { answerSummary } from '../../src/report/answer-summary.js';
import type { Style } from '../../src/report/style.js';
import { report } from './fixtures.js';

describe('the answer summary', () => {
  it('a table whose columns line up with wide (Japanese) sheet names, then the totals and the outputs', () => {
    const lines = answerSummary(report(), 'customer.report.xlsx', { json: false, quiet: false }).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'sheet           answered  review  unmatched  skipped',
      'チェックシート         1       1          1        2',
      'Extra                  0       0          0        0',
      'total                  1       1          1        2',
    ]);
    expect(lines).toContain('answered 1 of 3 question rows; 2 left for a person (see the report)');
    expect(lines).toContain('1 answered row had another bank entry about as close: check that the remarks fit ("Also close" in the report\'s Answered list)');
    expect(lines.slice(-4)).toEqual(['output: customer.answered.xlsx', 'report: customer.report.xlsx', 'bank:   answer-bank', '']);
  });

  it('--json: the totals and sheets; --quiet: nothing', () => {
    const json = JSON.parse(answerSummary(report(), 'r.json', { json: true, quiet: true }));
    expect(json).toEqual({ input: 'customer.xlsx', output: 'customer.answered.xlsx', report: 'r.json', totals: report().totals, sheets: report().summaries });
    expect(answerSummary(report(), 'r.json', { json: false, quiet: true })).toBe('');
  });

  it('emphasis comes from the style it is given', () => {
    const tag: Style = { bold: (t) => `<b>${t}</b>`, dim: (t) => t, green: (t) => `<g>${t}</g>`, yellow: (t) => t, red: (t) => t };
    const text = answerSummary(report(), 'r.xlsx', { json: false, quiet: false }, tag);
    expect(text).toContain('<b>total                  1       1          1        2</b>');
    expect(text).toContain('<g>answered</g> 1 of 3');
  });
});
