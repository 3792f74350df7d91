import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedBank, openBank } from '../../src/bank/bank-cache.js';
import { loadBank } from '../../src/bank/load-bank.js';
import { tempDir } from '../helpers.js';
import { entryYaml, makeBank } from './helpers.js';

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
});
