/**
 * The shipped bank on look-alikes (tests/match/fixtures/lookalikes.json, pass 3, lookalikes-4.json,
 * pass 4, and lookalikes-5.json, real-style wording): questions a red-team helper wrote from the regulation alone — ones it settles, and ones that look like them but ask a
 * specific practice, another actor, another number or a product feature it does not settle. No row
 * may be answered against its label, except those marked `known` (each says why; fixing one should
 * remove its mark); the settled ones keep their coverage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/node/load-bank.js';
import { decide } from '../../src/match/decide.js';
import { buildIndex } from '../../src/match/match-index.js';
import { ROOT } from '../helpers.js';

interface Row {
  row: number;
  question: string;
  accept: string[];
  kind: 'settled' | 'look-alike';
  known?: string;
}

const index = buildIndex(loadBank(join(ROOT, 'answer-bank')));

/** the yes / no / partial / na a row gets, or undefined when it goes to a person or gets remarks only */
function claim(question: string): string | undefined {
  const d = decide(index, question);
  return d.status === 'answered' && d.answer !== 'describe' ? `${d.answer}` : undefined;
}

/** Each pass: its file, how many rows of each kind it holds, and the share of settled rows it must keep answering right. */
const PASSES = [
  { file: 'lookalikes.json', settled: 150, lookalikes: 250, coverage: 0.78 },
  { file: 'lookalikes-4.json', settled: 100, lookalikes: 200, coverage: 0.85 },
  { file: 'lookalikes-5.json', settled: 120, lookalikes: 120, coverage: 0.85 },
];

describe.each(PASSES)('look-alikes of what the bank answers: $file', ({ file, settled, lookalikes, coverage }) => {
  const spec = JSON.parse(readFileSync(join(ROOT, 'tests/match/fixtures', file), 'utf8')) as { workbooks: { rows: Row[] }[] };
  const rows = spec.workbooks.flatMap((w) => w.rows);

  it(`holds ${settled} settled rows and ${lookalikes} look-alikes`, () => {
    expect(rows.filter((r) => r.kind === 'settled')).toHaveLength(settled);
    expect(rows.filter((r) => r.kind === 'look-alike')).toHaveLength(lookalikes);
  });

  it('answers no row against its label, beyond the known ones', () => {
    const wrong: string[] = [];
    for (const r of rows) {
      if (r.known) continue;
      const c = claim(r.question);
      if (c !== undefined && !r.accept.includes(c)) wrong.push(`${r.row} ${r.question} → ${c}`);
    }
    expect(wrong).toEqual([]);
  });

  it('still answers most settled rows (a guard that blocks too much fails here)', () => {
    const kept = rows.filter((r) => r.kind === 'settled' && !r.known);
    const right = kept.filter((r) => {
      const c = claim(r.question);
      return c !== undefined && r.accept.includes(c);
    }).length;
    expect(right / kept.length).toBeGreaterThanOrEqual(coverage);
  });
});
