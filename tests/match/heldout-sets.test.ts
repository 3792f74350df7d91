/**
 * The shipped bank and matcher on held-out question sets written from the regulation in other
 * wording (tests/match/fixtures/*.json, dev.json format). A guard against bank or matcher changes
 * that trade honesty for coverage: no false claim, precision ≥ 0.97, coverage ≥ 0.80 overall.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/node/load-bank.js';
import { decide } from '../../src/match/decide.js';
import { buildIndex } from '../../src/match/match-index.js';
import { ROOT } from '../helpers.js';

interface Row {
  question: string;
  accept: string[];
  /** the regulation articles behind the label (the blind sets), or 'none' */
  articles?: string[];
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
        // an open question (「誰ですか。役職名を記入してください」) gets remarks only, no yes/no in the
        // answer cell: no claim to count, as scripts/eval.mjs and a workbook count it (its citation
        // is checked below)
        if (d.status !== 'answered' || d.answer === 'describe') continue;
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
  // An answer from the wrong entry can be right by chance (both say yes) while its remarks and
  // citation are about something else: 「アクセス権の見直し」 answered from the policy-review entry.
  it('answered rows cite one of the articles the row is labelled with (≥ 0.97 of them)', () => {
    let cited = 0;
    const miscited: string[] = [];
    for (const name of SETS) {
      for (const r of rows(name)) {
        const articles = (r.articles ?? []).filter((a) => a !== 'none');
        const d = decide(index, r.question);
        if (d.status !== 'answered' || articles.length === 0) continue;
        const sources = d.entry?.source?.regulation ?? [];
        if (sources.some((a) => articles.includes(a))) cited++;
        else miscited.push(`${r.question} → ${d.entry?.id} (${sources.join(', ')}; labelled ${articles.join(', ')})`);
      }
    }
    expect(cited + miscited.length).toBeGreaterThan(90);
    expect(cited / (cited + miscited.length), miscited.join('\n')).toBeGreaterThanOrEqual(0.97);
  });
});

// Many controls are yearly (policy review, access review, audit, training, drills): a frequency
// expression of four to six tokens outweighed the topic, and answers came from the wrong control.
describe('the topic, not the frequency, picks the entry (shipped bank)', () => {
  it.each([
    ['Is the security policy reviewed at least once a year?', 'governance.policy-review-annual'],
    ['Are user access rights reviewed at least once a year?', 'access.review-annual'],
    ['ユーザーのアクセス権の見直しを年1回以上行っていますか。', 'access.review-annual'],
    ['セキュリティポリシーを年に1回以上見直していますか。', 'governance.policy-review-annual'],
  ])('%s → %s', (question, id) => {
    const d = decide(index, question);
    expect(d.status).toBe('answered');
    expect(d.entry?.id).toBe(id);
  });
});
