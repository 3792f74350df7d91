import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVAL, ROOT } from '../helpers.js';

describe('coverage over worker threads', () => {
  it('gives the same figures as one process', async () => {
    // the worker script exists only in dist/ (built by `npm test` before vitest runs)
    const run = (await import('../../dist/node/coverage-run.js')) as typeof import('../../src/node/coverage-run.js');
    const { loadBank } = await import('../../src/node/load-bank.js');
    const bank = loadBank(join(ROOT, 'answer-bank'));
    const files = run.collectWorkbooks([EVAL]);
    expect(files.length).toBeGreaterThan(run.SINGLE_PROCESS_MAX_FILES);
    const parallel = await run.runCoverageFiles(files, bank, { workers: 3 });
    const single = await run.runCoverageFiles(files, bank, { workers: 1 });
    expect(parallel).toEqual(single);
  });
});
