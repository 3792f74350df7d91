/**
 * The shipped bank and matcher on held-out question sets written from the regulation in other
 * wording (tests/match/fixtures/*.json, dev.json format). A guard against bank or matcher changes
 * that trade honesty for coverage: no false claim, precision ≥ 0.97, coverage ≥ 0.80 overall.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/bank/load-bank.js';
import { decide } from '../../src/match/decide.js';
import { buildIndex } from '../../src/match/index.js';
import { ROOT } from '../helpers.js';

interface Row {
  question: string;
  accept: string[];
}
const SETS = ['heldout', 'blind-ja-statements', 'blind-ja-questions', 'blind-en'];
const index = buildIndex(loadBank(join(ROOT, 'answer-bank')));

function rows(name: string): Row[] {
  const spec = JSON.parse(readFileSync(join(ROOT, 'tests/match/fixtures', `${name}.json`), 'utf8')) as { workbooks: { rows: Row[] }[] };
  return spec.workbooks.flatMap((w) => w.rows);
}

describe('held-out question sets', () => {
  let answered = 0;
  let correct = 0;
  let answerable = 0;
  let answerableRight = 0;
  for (const name of SETS) {
    it(`${name}: no false claim, no wrong answer`, () => {
      for (const r of rows(name)) {
        const d = decide(index, r.question);
        const unknownOnly = r.accept.length === 1 && r.accept[0] === 'unknown';
        if (!r.accept.includes('unknown')) answerable++;
        if (d.status !== 'answered') continue;
        answered++;
        expect(unknownOnly, `false claim: ${r.question} → ${d.entry?.id}`).toBe(false);
        expect(r.accept, `${r.question} → ${d.entry?.id}`).toContain(d.answer);
        correct++;
        if (!r.accept.includes('unknown')) answerableRight++;
      }
    });
  }
  it('overall precision ≥ 0.97 and coverage ≥ 0.80', () => {
    expect(correct / answered).toBeGreaterThanOrEqual(0.97);
    expect(answerableRight / answerable).toBeGreaterThanOrEqual(0.8);
  });
});
