/**
 * The scorer against a brute-force computation of the same similarity, on a bank built so that
 * every path of the scoring loop is taken: common tokens (walked only for phrasings already
 * reached), phrasings made of common tokens only, and phrasings with more common tokens than their
 * record holds inline.
 */
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/domain/types.js';
import { applyCategory } from '../../src/match/category.js';
import { polarityAgrees } from '../../src/match/clause-polarity.js';
import { buildIndex, phrasingTokens, tokenFactor, type MatchIndex } from '../../src/match/match-index.js';
import { leadingEntries } from '../../src/match/postings.js';
import { prepareQuestion } from '../../src/match/prepare-question.js';
import { scoreQuestion } from '../../src/match/score.js';
import { POLARITY_PREFERENCE } from '../../src/match/thresholds.js';
import { BIGRAM_PREFIX } from '../../src/match/tokenize.js';

/** Deterministic pseudo-words (letters only, no plural-looking ending): 'bakemo', 'tirugo' … */
function words(count: number, seed: number): string[] {
  const cons = 'bdfgkmnprtvz';
  const vows = 'aeiou';
  let x = seed;
  const next = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const out = new Set<string>();
  while (out.size < count) {
    let w = '';
    for (let i = 0; i < 3; i++) w += (cons[next(cons.length)] as string) + (vows[next(vows.length)] as string);
    out.add(w);
  }
  return [...out];
}

const COMMON = words(30, 7);
const RARE = words(400, 11).filter((w) => !COMMON.includes(w));

function entry(i: number, questions: string[]): Entry {
  return {
    id: `gen.e${i}`,
    category: 'generated',
    questions,
    answer: i % 3 === 0 ? 'no' : 'yes',
    remarks: {},
    source: { regulation: ['1.1'] },
    reviewed: '2026-01-01',
    owner: 'test',
  };
}

/**
 * 700 entries × 10 phrasings: a few rare words each, and some of the 30 common ones. (So many that
 * leading entries score within 1/1024 of each other: leadingEntries must order them within one
 * bucket of its score histogram.)
 */
function bank(): Entry[] {
  const entries: Entry[] = [];
  for (let e = 0; e < 700; e++) {
    const qs: string[] = [];
    for (let p = 0; p < 10; p++) {
      const k = e * 10 + p;
      const parts: string[] = [];
      // every 9th phrasing has no rare word (common tokens only); every 13th has 25 common words
      if (k % 9 !== 0) for (let r = 0; r < 3; r++) parts.push(RARE[(k * 7 + r * 131) % RARE.length] as string);
      const commons = k % 13 === 0 ? 25 : 4 + (k % 11);
      for (let c = 0; c < commons; c++) parts.push(COMMON[(k + c * 7) % COMMON.length] as string);
      qs.push(parts.join(' '));
    }
    entries.push(entry(e, qs));
  }
  return entries;
}

/**
 * The similarity of every entry, worked out directly from the tokens of every phrasing. As in the
 * index, common tokens (index.commonOf ≥ 0) only add to phrasings reached otherwise: a phrasing
 * counts when it shares a selective token with the question, or is made of common tokens only.
 */
function bruteForce(index: MatchIndex, question: string): Map<number, number> {
  const best = new Map<number, number>();
  bruteForcePhrasings(index, question).forEach((sim, id) => {
    const e = (index.phrasings[id] as { entry: number }).entry;
    best.set(e, Math.max(best.get(e) ?? 0, sim));
  });
  return best;
}

/** The similarity of every phrasing that counts (see bruteForce), by phrasing id. */
function bruteForcePhrasings(index: MatchIndex, question: string): Map<number, number> {
  const q = prepareQuestion(index, question);
  const weightOf = (t: string): number => {
    const id = index.vocab.get(t);
    // (a bigram no phrasing has does not count: the unknown word it belongs to already does)
    if (id === undefined) return t.startsWith(BIGRAM_PREFIX) ? 0 : index.unknownWeight * tokenFactor(t);
    return index.tokenWeight[id] as number;
  };
  const qTokens = new Set(q.tokens);
  let qWeight = 0;
  for (const t of qTokens) qWeight += weightOf(t);
  const sims = new Map<number, number>();
  index.phrasings.forEach((p, id) => {
    let shared = 0;
    let selective = false;
    let onlyCommon = true;
    for (const t of phrasingTokens(index, id)) {
      const common = (index.commonOf[index.vocab.get(t) as number] as number) >= 0;
      if (!common) onlyCommon = false;
      if (!qTokens.has(t)) continue;
      shared += weightOf(t);
      if (!common) selective = true;
    }
    if (shared <= 0 || !(selective || onlyCommon)) return;
    const cq = shared / qWeight;
    const cp = shared / p.weight;
    sims.set(id, (2 * cq * cp) / (cq + cp));
  });
  return sims;
}

describe('scoring', () => {
  const index = buildIndex({ entries: bank(), synonyms: [] });

  it('the generated bank takes every path of the scoring loop', () => {
    expect(index.commonCount).toBeGreaterThan(10);
    expect(index.onlyCommon.length).toBeGreaterThan(20);
    // phrasings whose common tokens do not fit in their record
    expect(index.records.commonOverflow.length).toBeGreaterThan(0);
  });

  const questions = [
    // rare and common words
    [RARE[3], RARE[140], COMMON[0], COMMON[5], COMMON[9]],
    // common words only: reaches the phrasings made only of common tokens
    [COMMON[1], COMMON[2], COMMON[8], COMMON[15], COMMON[22]],
    // a phrasing with 25 common words, asked almost as it is
    bank()[1]?.questions[3]?.split(' ').slice(1),
    // one rare word and a word the bank does not know
    [RARE[77], 'xylophonic'],
    // words the bank does not know in Japanese: each counts once, its kanji pairs not again
    [RARE[77], '隔離の失敗等の考慮'],
  ].map((ws) => (ws as string[]).join(' '));

  it.each(questions)('every entry gets the similarity worked out directly (%s)', (question) => {
    const expected = bruteForce(index, question);
    const scored = scoreQuestion(index, prepareQuestion(index, question));
    expect(scored.length).toBe(Math.min(64, expected.size));
    // ranked best first, each at its own similarity (no polarity marker in these texts)
    const ranked = [...expected.values()].sort((a, b) => b - a);
    scored.forEach((s, i) => {
      expect(s.score).toBeCloseTo(expected.get(s.entry) as number, 12);
      expect(s.score).toBeCloseTo(ranked[i] as number, 12);
    });
  });

  it('leaves no trace between questions: the same question scores the same after others', () => {
    const first = scoreQuestion(index, prepareQuestion(index, questions[0] as string));
    for (const q of questions) scoreQuestion(index, prepareQuestion(index, q));
    expect(scoreQuestion(index, prepareQuestion(index, questions[0] as string))).toEqual(first);
  });
});

describe('ties', () => {
  // same distinct words, so the same similarity to the question; different repeats and lengths, so
  // different BM25, which breaks the tie (the entry listed first would win on its position)
  const words20 = RARE.slice(0, 20);
  const entries = [
    entry(1, [`${RARE[300]} ${RARE[301]}`]),
    entry(2, [`${RARE[300]} ${RARE[301]} ${RARE[300]} ${RARE[301]}`]),
    // the question word for word, and the same with one more word: a score just under 1, which the
    // category boost lifts to 1 (a tie with the exact phrasing)
    entry(3, [words20.join(' ')]),
    { ...entry(4, [`${words20.join(' ')} ${RARE[310]}`]), category: 'boosted' },
    ...Array.from({ length: 30 }, (_, i) => entry(10 + i, [`${RARE[200 + i]} ${RARE[250 + i]}`])),
  ];
  const index = buildIndex({ entries, synonyms: [] });
  it('equal scores are ordered by BM25, which is worked out for them', () => {
    const scored = scoreQuestion(index, prepareQuestion(index, `${RARE[300]} ${RARE[301]}`));
    const [a, b] = scored;
    expect(a?.score).toBe(b?.score);
    expect(Number.isNaN(a?.bm25)).toBe(false);
    expect(Number.isNaN(b?.bm25)).toBe(false);
    expect(a?.bm25).not.toBe(b?.bm25);
    // (the first listed entry would come first on its position alone)
    expect(a!.bm25).toBeGreaterThan(b!.bm25);
    expect(index.entries[a!.entry]?.id).toBe('gen.e2');
  });

  it("a score the category boost lifts to another entry's has BM25 to break that tie", () => {
    const scored = scoreQuestion(index, prepareQuestion(index, words20.join(' ')));
    const exact = scored.find((s) => index.entries[s.entry]?.id === 'gen.e3');
    const near = scored.find((s) => index.entries[s.entry]?.id === 'gen.e4');
    expect(exact?.score).toBeCloseTo(1, 12);
    expect(near!.score).toBeGreaterThanOrEqual(0.97);
    expect(near!.score).toBeLessThan(1);
    expect(Number.isNaN(exact?.bm25)).toBe(false);
    expect(Number.isNaN(near?.bm25)).toBe(false);
    const ranked = applyCategory(index, scored, 'boosted');
    expect(ranked[0]?.score).toBe(1);
    expect(ranked[1]?.score).toBe(1);
    expect(ranked[0]!.bm25).toBeGreaterThan(ranked[1]!.bm25);
  });

  it('scores no other could tie leave BM25 unworked', () => {
    const scored = scoreQuestion(index, prepareQuestion(index, `${RARE[200]} ${RARE[250]} ${RARE[201]}`));
    expect(new Set(scored.map((s) => s.score)).size).toBe(scored.length);
    expect(scored.some((s) => Number.isNaN(s.bm25))).toBe(true);
  });
});

describe('the phrasing that represents an entry', () => {
  // entries phrased both ways, with phrasings that agree with a question at several distances
  // from the best one; fillers make 自社 / 拠点 / 業務 / 全社 common words (low weight)
  const nouns = ['サーバ', '端末', '記録媒体', 'ネットワーク', '書類', '鍵', '証明書', 'ログ', 'バックアップ', 'アカウント'];
  const entries = [
    entry(1, [
      'オンプレ資産を保有していない',
      'オンプレ資産を自社で保有している',
      'オンプレ資産を業務で保有している',
      'オンプレ資産とサーバ機器と端末と記録媒体を保有している',
    ]),
    entry(2, ['共有アカウントを使用していない', '共有アカウントを業務で使用している', '共有アカウントを業務で全社的に使用している']),
    entry(3, [
      '機密情報の印刷を許可していない',
      '機密情報の印刷を全社の拠点で部署単位で許可している',
      '機密情報の印刷と持ち出しと複製と送信と保管を許可している',
    ]),
    ...nouns.flatMap((n, i) => [entry(10 + i, [`${n}を自社の拠点で業務に使う`]), entry(30 + i, [`${n}を全社の業務で管理する`])]),
  ];
  const index = buildIndex({ entries, synonyms: [] });
  const questions = [
    'オンプレ資産を保有していますか',
    'オンプレ資産を保有していませんか',
    '共有アカウントを使用していますか',
    '共有アカウントを禁止していますか',
    '機密情報の印刷を許可していますか',
    '機密情報の印刷を禁止していますか',
  ];

  /** Worked out directly: the best-scoring phrasing of the entry that agrees with the question and
   * scores within POLARITY_PREFERENCE of the entry's best, else the best (marked as disagreeing). */
  function expectedRepresentative(question: string, e: number): { phrasing: number; samePolarity: boolean; path: string } {
    const q = prepareQuestion(index, question);
    const sims = bruteForcePhrasings(index, question);
    const own = [...sims].filter(([id]) => index.phrasings[id]?.entry === e).sort((a, b) => b[1] - a[1]);
    // (no two phrasings of an entry score the same here: the order reached does not come into it)
    expect(new Set(own.map(([, sim]) => sim)).size).toBe(own.length);
    const [bestId, best] = own[0] as [number, number];
    const near = own.filter(([, sim]) => sim >= best - POLARITY_PREFERENCE);
    const agreeing = near.filter(([id]) => polarityAgrees(index, q, id));
    if (agreeing.length === 0) {
      const further = own.some(([id, sim]) => sim < best - POLARITY_PREFERENCE && polarityAgrees(index, q, id));
      return { phrasing: bestId, samePolarity: false, path: further ? 'agreeing one too far below' : 'none agrees' };
    }
    const [chosen] = agreeing[0] as [number, number];
    const path =
      chosen === bestId
        ? 'best agrees'
        : agreeing.length > 1 && agreeing[1]![0] < chosen
          ? 'best of several agreeing, listed later'
          : 'an agreeing one within reach';
    return { phrasing: chosen, samePolarity: true, path };
  }

  const paths = new Set<string>();
  it.each(questions)('the entries phrased both ways are represented as worked out directly (%s)', (question) => {
    const scored = scoreQuestion(index, prepareQuestion(index, question));
    for (const s of scored.filter((x) => x.entry < 3)) {
      const expected = expectedRepresentative(question, s.entry);
      paths.add(expected.path);
      expect({ phrasing: s.phrasing, samePolarity: s.samePolarity }).toEqual({ phrasing: expected.phrasing, samePolarity: expected.samePolarity });
    }
  });

  it('the questions take every path', () => {
    expect([...paths].sort()).toEqual(
      ['agreeing one too far below', 'an agreeing one within reach', 'best agrees', 'best of several agreeing, listed later'].sort(),
    );
  });
});

describe('leadingEntries', () => {
  /** The 64 best of `scores` (entry e has scores[e], reached in order 0, 1, …): best first, equal scores in the order reached. */
  const reference = (scores: number[]): number[] =>
    scores
      .map((s, e) => [s, e] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, 64)
      .map(([, e]) => e);
  const run = (scores: number[]): number[] => {
    const reached = Int32Array.from(scores.keys());
    return leadingEntries(reached, scores.length, Float64Array.from(scores));
  };
  let seed = 5;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };

  it.each([
    ['spread scores', () => Array.from({ length: 500 }, () => random())],
    ['fewer entries than the limit', () => Array.from({ length: 40 }, () => random())],
    // within one bucket of the histogram, reached worst first: the insertion sort's moves
    ['packed scores, ascending', () => Array.from({ length: 200 }, (_, i) => 0.5 + i * 1e-6)],
    // hundreds in the last bucket needed: the comparator sort
    ['hundreds within 1/1024, ascending', () => Array.from({ length: 3000 }, (_, i) => 0.4 + i * 1e-7)],
    ['ties and 1.0', () => Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? 1 : Math.round(random() * 20) / 20))],
  ])('orders %s as a full sort would', (_name, make) => {
    const scores = make();
    expect(run(scores)).toEqual(reference(scores));
  });
});
