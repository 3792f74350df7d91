import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SINGLE_PROCESS_MAX_FILES } from '../../src/node/coverage-run.js';
import { describeShared, EVAL, ROOT } from '../helpers.js';

// (the workbooks of ../shared/eval: more than one process takes)
describeShared('coverage over worker threads', () => {
  it('gives the same figures as one process', async () => {
    // the worker script exists only in dist/ (built by `npm test` before vitest runs)
    // (a specifier in a variable: tsc does not look for types of the built file)
    const built = '../../dist/node/coverage-run.js';
    const run = (await import(built)) as typeof import('../../src/node/coverage-run.js');
    const { loadBank } = await import('../../src/node/load-bank.js');
    const bank = loadBank(join(ROOT, 'answer-bank'));
    const files = run.collectWorkbooks([EVAL]);
    expect(files.length).toBeGreaterThan(SINGLE_PROCESS_MAX_FILES);
    const parallel = await run.runCoverageFiles(files, bank, { workers: 3 });
    const single = await run.runCoverageFiles(files, bank, { workers: 1 });
    expect(parallel).toEqual(single);
  });
});
