/**
 * The bank folder is read once per run: on a cache miss every bank file used to be read three
 * times (the cache key by openBank, again by loadBank, then to parse it).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const reads = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: Parameters<typeof fs.readFileSync>[0], ...rest: unknown[]) => {
    reads.push(String(path));
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

const { openBank } = await import('../../src/node/bank-cache.js');
const { loadBank } = await import('../../src/node/load-bank.js');
const { tempDir } = await import('../helpers.js');
const { entryYaml, makeBank } = await import('../bank/helpers.js');

describe('reading the bank folder', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.KOTAE_CACHE_DIR;
    process.env.KOTAE_CACHE_DIR = tempDir('kotae-cache-');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.KOTAE_CACHE_DIR;
    else process.env.KOTAE_CACHE_DIR = saved;
  });

  const bankFiles = (dir: string) => reads.filter((p) => p.startsWith(dir)).sort();
  const FILES = (dir: string) => [`${dir}/a.yaml`, `${dir}/b.yaml`, `${dir}/regulation/regulation.txt`];

  for (const [name, open] of [
    ['openBank', (dir: string) => openBank(dir)],
    ['loadBank', (dir: string) => Promise.resolve(loadBank(dir))],
  ] as const) {
    it(`${name} reads each bank file once, on a cache miss and on a hit`, async () => {
      const { dir, cleanup } = makeBank({ 'a.yaml': entryYaml('a.one'), 'b.yaml': entryYaml('b.one') });
      try {
        reads.length = 0;
        const miss = await open(dir);
        expect(bankFiles(dir)).toEqual(FILES(dir));
        reads.length = 0;
        const hit = await open(dir);
        expect(bankFiles(dir)).toEqual(FILES(dir));
        expect(hit.entries.map((e) => e.id)).toEqual(miss.entries.map((e) => e.id));
      } finally {
        cleanup();
      }
    });
  }
});
