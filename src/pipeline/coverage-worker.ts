/** Worker thread of `coverage`: builds the index once, then plans each workbook it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Bank } from '../bank/types.js';
import { buildIndex } from '../match/index.js';
import { coverageOfFile } from './coverage-run.js';

const { bank } = workerData as { bank: Pick<Bank, 'entries' | 'synonyms' | 'unsettled'> };
const index = buildIndex(bank);

parentPort?.on('message', (m: { i: number; file: string }) => {
  parentPort?.postMessage({ i: m.i, result: coverageOfFile(m.file, index) });
});
