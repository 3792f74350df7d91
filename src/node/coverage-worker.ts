/** Worker thread of `coverage`: derives the index once from the tokenised bank it is given, then
 * plans each workbook it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Bank } from '../domain/types.js';
import { indexFromCore } from '../match/match-index.js';
import { indexedEntries, type IndexCore } from '../match/index-core.js';
import { coverageOfFile } from './coverage-run.js';

const { bank, core } = workerData as { bank: Pick<Bank, 'entries' | 'synonyms' | 'unsettled'>; core: IndexCore };
const index = indexFromCore(bank, indexedEntries(bank.entries), core);

parentPort?.on('message', (m: { i: number; file: string }) => {
  parentPort?.postMessage({ i: m.i, result: coverageOfFile(m.file, index) });
});
