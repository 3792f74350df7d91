import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedBank, openBank } from '../../src/node/bank-cache.js';
import { CACHE_FILES_KEPT, writeCacheFile } from '../../src/node/cache.js';
import { loadBank } from '../../src/node/load-bank.js';
import { tempDir } from '../helpers.js';
import { entryYaml, makeBank } from '../bank/helpers.js';

describe('the bank cache', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.KOTAE_CACHE_DIR;
    process.env.KOTAE_CACHE_DIR = tempDir('kotae-cache-');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.KOTAE_CACHE_DIR;
    else process.env.KOTAE_CACHE_DIR = saved;
  });

  it('serves the same bank again, and any edit to a file is seen at once', () => {
    const { dir, cleanup } = makeBank({ 'a.yaml': entryYaml('a.one') });
    try {
      const first = loadBank(dir);
      expect(loadBank(dir)).toEqual(first);
      // same length, one character changed: still a miss
      const file = join(dir, 'a.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('answer: no', 'answer: na'));
      expect(loadBank(dir).entries[0]?.answer).toBe('na');
    } finally {
      cleanup();
    }
  });

  it('sees a review recorded in regulation/reviews.yaml (part of the key, like the regulation)', () => {
    const { dir, cleanup } = makeBank({ 'a.yaml': entryYaml('a.one') });
    try {
      expect(loadBank(dir).regulation?.reviews).toBeUndefined();
      writeFileSync(join(dir, 'regulation', 'reviews.yaml'), '- { date: 2026-01-10, by: CTO }\n');
      expect(loadBank(dir).regulation?.reviews).toEqual([{ date: '2026-01-10', by: 'CTO' }]);
    } finally {
      cleanup();
    }
  });

  it('never caches a bank with problems', () => {
    const { dir, cleanup } = makeBank({ 'a.yaml': entryYaml('a.one', { answer: 'maybe' }) });
    try {
      expect(() => loadBank(dir)).toThrow(/a\.one/);
      expect(() => loadBank(dir)).toThrow(/a\.one/);
    } finally {
      cleanup();
    }
  });

  it('openBank serves the validated bank from the cache, and reads it again after an edit', async () => {
    const { dir, cleanup } = makeBank({ 'a.yaml': entryYaml('a.one') });
    try {
      expect(cachedBank(dir)).toBeUndefined(); // never loaded: a miss
      const first = await openBank(dir); // validated and stored
      expect(first.entries.map((e) => e.id)).toEqual(['a.one']);
      expect(first.cacheKey).toMatch(/^[0-9a-f]{32}$/);
      const hit = cachedBank(dir);
      expect(hit?.entries).toEqual(first.entries);
      expect(hit?.cacheKey).toBe(first.cacheKey);
      const file = join(dir, 'a.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('answer: no', 'answer: na'));
      expect(cachedBank(dir)).toBeUndefined();
      const edited = await openBank(dir);
      expect(edited.entries[0]?.answer).toBe('na');
      expect(edited.cacheKey).not.toBe(first.cacheKey);
    } finally {
      cleanup();
    }
  });

  it('openBank reports a broken or missing bank like loadBank', async () => {
    const { dir, cleanup } = makeBank({ 'a.yaml': entryYaml('a.one', { answer: 'maybe' }) });
    try {
      await expect(openBank(dir)).rejects.toThrow(/a\.one/);
      await expect(openBank(join(dir, 'nowhere'))).rejects.toThrow(/not found/);
    } finally {
      cleanup();
    }
  });

  it('keeps the most recent cache files of each kind, never another kind', () => {
    const dir = process.env.KOTAE_CACHE_DIR as string;
    writeCacheFile(dir, 'index-keep.bin', 'index');
    for (let i = 0; i < CACHE_FILES_KEPT + 5; i++) {
      writeCacheFile(dir, `bank-${String(i).padStart(2, '0')}.json`, '{}');
      // distinct modification times, oldest first
      const t = new Date(Date.now() - (100 - i) * 1000);
      utimesSync(join(dir, `bank-${String(i).padStart(2, '0')}.json`), t, t);
    }
    writeCacheFile(dir, 'bank-newest.json', '{}');
    const left = readdirSync(dir);
    const banks = left.filter((f) => f.startsWith('bank-')).sort();
    expect(banks).toHaveLength(CACHE_FILES_KEPT);
    expect(banks).toContain('bank-newest.json');
    expect(banks).not.toContain('bank-00.json');
    expect(left).toContain('index-keep.bin');
    expect(left.some((f) => f.endsWith('.tmp'))).toBe(false);
  });
});
