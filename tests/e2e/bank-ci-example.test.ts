/**
 * examples/bank-ci.yml is copied into bank repositories as it is: every kotae command it runs must
 * pass on the shipped bank and fixtures (issue 14, item 8: `bank validate --strict` failed the
 * shipped bank on day one). This runs on today's date, as the CI job would: when it fails with
 * `stale` / `regulation-stale`, the shipped bank is due for its yearly review (第1.4条) —
 * record it in answer-bank/regulation/reviews.yaml as answer-bank/README.md says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kotae, ROOT } from '../helpers.js';

/** The arguments of each `npx kotae …` step, without shell redirections. */
function kotaeSteps(): string[][] {
  const yml = readFileSync(join(ROOT, 'examples', 'bank-ci.yml'), 'utf8');
  return [...yml.matchAll(/^\s*run: npx kotae (.+)$/gmu)].map((m) =>
    m[1]!
      .replace(/\s*>>?.*$/u, '')
      .trim()
      .split(/\s+/u),
  );
}

describe('examples/bank-ci.yml on the shipped bank', () => {
  const steps = kotaeSteps();

  it('runs bank validate --strict and coverage --min', () => {
    expect(steps.map((s) => s.slice(0, 2).join(' '))).toEqual(['bank validate', 'coverage fixtures', 'coverage fixtures']);
    expect(steps[0]).toContain('--strict');
  });

  it.each(steps.map((s) => [s.join(' '), s]))('kotae %s exits 0', (_, args) => {
    const r = kotae(args as string[]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  });
});
