import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBank } from '../../src/node/load-bank.js';
import { decide } from '../../src/match/decide.js';
import { phrasingPolarity } from '../../src/match/clause-polarity.js';
import { buildIndex } from '../../src/match/match-index.js';
import { polaritySignature } from '../../src/match/polarity.js';
import { deserializeCore, loadIndex, serializeCore } from '../../src/node/index-cache.js';
import { buildCore, indexedEntries } from '../../src/match/index-core.js';
import { buildSynonymTable } from '../../src/match/tokenize.js';
import { ROOT, tempDir } from '../helpers.js';
import { entryYaml, makeBank } from '../bank/helpers.js';

const SHIPPED = join(ROOT, 'answer-bank');
const QUESTIONS = [
  '多要素認証を導入していますか',
  'Do you enforce multi-factor authentication for administrators?',
  '退職者のアカウントは速やかに削除していますか。',
  'ISMS認証を取得していますか',
  'Is customer data encrypted at rest?',
];

function decisions(index: ReturnType<typeof buildIndex>): unknown[] {
  return QUESTIONS.map((q) => {
    const d = decide(index, q);
    return [d.status, d.reason, d.entry?.id, d.score, d.candidates.map((c) => [c.entry.id, c.score, c.phrasing])];
  });
}

describe('the match-index cache', () => {
  let saved: string | undefined;
  let dir: string;
  beforeEach(() => {
    saved = process.env.KOTAE_CACHE_DIR;
    dir = tempDir('kotae-cache-');
    process.env.KOTAE_CACHE_DIR = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.KOTAE_CACHE_DIR;
    else process.env.KOTAE_CACHE_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the tokenised bank and answers exactly as the index built from scratch', () => {
    const bank = loadBank(SHIPPED);
    const fresh = buildIndex(bank);
    const first = loadIndex(bank); // miss: builds and stores
    const files = readdirSync(dir).filter((f) => f.startsWith('index-'));
    expect(files).toHaveLength(1);
    const second = loadIndex(bank); // hit
    expect(second.phrasings).toEqual(fresh.phrasings);
    expect([...second.tokenWeight]).toEqual([...fresh.tokenWeight]);
    expect(decisions(first)).toEqual(decisions(fresh));
    expect(decisions(second)).toEqual(decisions(fresh));
    // the polarity of every phrasing, stored for the marked ones only, is what the text says
    let marked = 0;
    second.phrasings.forEach((p, id) => {
      const expected = polaritySignature(p.text);
      if (expected.markers.length > 0) marked++;
      expect(phrasingPolarity(second, id)).toEqual(expected);
    });
    expect(marked).toBeGreaterThan(10);
  });

  it('round-trips a core through its binary form', () => {
    const bank = loadBank(SHIPPED);
    const entries = indexedEntries(bank.entries);
    const core = buildCore(entries, buildSynonymTable(bank.synonyms));
    const back = deserializeCore(serializeCore(core));
    expect(back).toBeDefined();
    expect(back?.vocab).toEqual(core.vocab);
    expect([...(back?.tokId ?? [])]).toEqual([...core.tokId]);
    expect([...(back?.tokTf ?? [])]).toEqual([...core.tokTf]);
    expect([...(back?.tokStart ?? [])]).toEqual([...core.tokStart]);
    // a truncated or foreign file is not a core
    const bytes = serializeCore(core);
    expect(deserializeCore(bytes.subarray(0, bytes.length - 2))).toBeUndefined();
    expect(deserializeCore(Buffer.from('not an index at all'))).toBeUndefined();
  });

  it('ignores a damaged cache file and rebuilds', () => {
    const bank = loadBank(SHIPPED);
    loadIndex(bank);
    const file = join(dir, readdirSync(dir).find((f) => f.startsWith('index-')) as string);
    const good = deserializeCore(readFileSync(file));
    if (!good) throw new Error('the cache file should hold a core');
    // token ids past the vocabulary, a token counted zero times, a phrasing of an entry that is not
    // there, phrasings out of entry order (the first phrasing swapped with one of a later entry)
    const later = good.entryOf.findIndex((e) => e !== good.entryOf[0]);
    const swap = <T extends Int32Array>(a: T): T => a.map((v, i) => (i === 0 ? (a[later] as number) : i === later ? (a[0] as number) : v)) as T;
    const damaged = [
      { ...good, tokId: good.tokId.map((t, i) => (i === 7 ? 1_000_000 : t)) },
      { ...good, tokTf: good.tokTf.map((t, i) => (i === 7 ? 0 : t)) },
      { ...good, entryOf: good.entryOf.map((e, i) => (i === 3 ? 99_999 : e)) },
      { ...good, entryOf: swap(good.entryOf), questionOf: swap(good.questionOf) },
    ];
    for (const core of damaged) {
      writeFileSync(file, serializeCore(core));
      const index = loadIndex(bank);
      expect(index.tokens).toEqual(good.vocab);
      expect([...index.columns.tokId]).toEqual([...good.tokId]);
      expect(decisions(index)).toEqual(decisions(buildIndex(bank)));
    }
    // garbage
    writeFileSync(file, 'KTIX garbage');
    expect(decisions(loadIndex(bank))).toEqual(decisions(buildIndex(bank)));
  });

  it('misses when a phrasing changes', () => {
    const { dir: bankDir, cleanup } = makeBank({ 'a.yaml': entryYaml('a.one') });
    try {
      const before = loadIndex(loadBank(bankDir));
      const file = join(bankDir, 'a.yaml');
      const text = readFileSync(file, 'utf8');
      const phrasing = before.phrasings[0]?.text as string;
      expect(text).toContain(phrasing);
      writeFileSync(file, text.replace(phrasing, 'パスワードの最低文字数を定めていますか'));
      const after = loadIndex(loadBank(bankDir));
      expect(after.phrasings.map((p) => p.text)).toContain('パスワードの最低文字数を定めていますか');
      expect(after.vocab.has('パスワード')).toBe(true);
    } finally {
      cleanup();
    }
  });
});
