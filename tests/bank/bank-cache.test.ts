import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
});
