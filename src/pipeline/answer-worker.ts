/**
 * Worker thread of `kotae answer` (see answer-helper.ts): the second core's share of the work.
 *
 * Started before the workbook is read, it loads the matcher and exceljs while the main thread
 * reads; it is then sent the bank with its tokenised phrasings and derives its own index; then it
 * takes chunks of the distinct questions from a shared counter, as the main thread does, and sends
 * back its decisions; last, it renders the .xlsx report while the main thread patches the workbook.
 * Everything it sends back is plain data (entries by their position in the index).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Bank } from '../bank/types.js';
import { createDecideCache, decide } from '../match/decide.js';
import { indexedEntries, type IndexCore } from '../match/index-core.js';
import { indexFromCore, type MatchIndex } from '../match/index.js';
import type { Report } from '../report/build-report.js';
import type { Query } from './answer-workbook.js';
import { CHUNK, toWire, type HelperRequest, type WireDecision } from './answer-wire.js';

let index: MatchIndex | undefined;
// exceljs takes a while to load: when the report will be an .xlsx, load it now, while the main
// thread reads the workbook
const reportModule = import('../report/write-report.js');
reportModule.catch(() => undefined);
if ((workerData as { preloadExcel?: boolean } | undefined)?.preloadExcel) import('exceljs').catch(() => undefined);

function decideShare(queries: readonly Query[], counter: Int32Array): [number, WireDecision][] {
  if (!index) throw new Error('no index');
  const cache = createDecideCache(index);
  const out: [number, WireDecision][] = [];
  const chunks = Math.ceil(queries.length / CHUNK);
  for (let c = Atomics.add(counter, 0, 1); c < chunks; c = Atomics.add(counter, 0, 1)) {
    for (let i = c * CHUNK; i < Math.min(queries.length, (c + 1) * CHUNK); i++) {
      const q = queries[i] as Query;
      out.push([i, toWire(index, decide(index, q.text, q.category !== undefined ? { category: q.category } : {}, cache))]);
    }
  }
  return out;
}

async function handle(m: HelperRequest): Promise<void> {
  switch (m.type) {
    case 'index': {
      const bank = m.bank as Pick<Bank, 'entries' | 'synonyms' | 'unsettled'>;
      const t = performance.now();
      index = indexFromCore(bank, indexedEntries(bank.entries), m.core as IndexCore);
      if (process.env.KOTAE_DEBUG_HELPER) process.stderr.write(`worker: index in ${(performance.now() - t).toFixed(0)} ms\n`);
      return;
    }
    case 'decide': {
      const counter = new Int32Array(m.counter);
      const t = performance.now();
      const decisions = decideShare(m.queries, counter);
      if (process.env.KOTAE_DEBUG_HELPER) process.stderr.write(`worker: ${decisions.length} decisions in ${(performance.now() - t).toFixed(0)} ms, started at ${t.toFixed(0)}\n`);
      parentPort?.postMessage({ type: 'decided', decisions });
      return;
    }
    case 'report': {
      const { renderReport } = await reportModule;
      const bytes = await renderReport(m.report as Report, 'xlsx');
      parentPort?.postMessage({ type: 'report', bytes }, [bytes.buffer as ArrayBuffer]);
      return;
    }
  }
}

// one request at a time, in the order sent
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (m: HelperRequest) => {
  queue = queue.then(() =>
    handle(m).catch((e: unknown) => {
      parentPort?.postMessage({ type: 'failed', request: m.type, message: e instanceof Error ? e.message : String(e) });
    }),
  );
});
