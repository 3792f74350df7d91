/**
 * The second core for `kotae answer`: one worker thread (answer-worker.ts), started before the
 * workbook is read, that
 * - decides a share of the distinct questions of a large sheet: both threads take chunks from one
 *   shared counter (Atomics), so neither waits for the other however fast each one is;
 * - renders the .xlsx report while the main thread patches the workbook.
 *
 * Decisions do not depend on which thread makes them (a decision is a pure function of the
 * index, the text and the category; both threads derive their index from the same bank and
 * tokenised phrasings). Anything the worker cannot do — it failed to start, crashed, or sent
 * back something that does not fit — is done in the main thread instead, so the result is the
 * same with or without it. KOTAE_WORKERS=0 turns it off.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Bank } from '../bank/types.js';
import { createDecideCache, decide } from '../match/decide.js';
import type { IndexCore } from '../match/index-core.js';
import type { MatchIndex } from '../match/index.js';
import type { Decision } from '../match/types.js';
import type { Report } from '../report/build-report.js';
import type { Query } from './answer-workbook.js';
import { CHUNK, fromWire, type HelperReply, type HelperRequest, type WireDecision } from './answer-wire.js';

/** Below this many distinct questions, handing work to the worker costs more than it saves. */
export const PARALLEL_MIN_QUERIES = 150;

type Waiter = { type: HelperReply['type']; resolve: (r: HelperReply) => void; reject: (e: Error) => void };

export class AnswerHelper {
  private failed = false;
  private indexSent = false;
  private readonly waiting: Waiter[] = [];

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: HelperReply) => {
      // a failure names the request it answers: 'decide' is answered by 'decided', 'report' by 'report'
      const type = m.type === 'failed' ? (m.request === 'decide' ? 'decided' : m.request) : m.type;
      const i = this.waiting.findIndex((w) => w.type === type);
      if (i < 0) return;
      const [w] = this.waiting.splice(i, 1);
      if (m.type === 'failed') w?.reject(new Error(m.message));
      else w?.resolve(m);
    });
    const stop = (e: Error): void => {
      this.failed = true;
      for (const w of this.waiting.splice(0)) w.reject(e);
    };
    worker.on('error', stop);
    worker.on('exit', (code) => stop(new Error(`answer worker stopped (exit code ${code})`)));
  }

  /** A helper on a second core, or undefined (one core, KOTAE_WORKERS=0, no compiled worker). */
  static start(opts: { preloadExcel?: boolean } = {}): AnswerHelper | undefined {
    if (process.env.KOTAE_WORKERS === '0' || availableParallelism() < 2) return undefined;
    const url = new URL('./answer-worker.js', import.meta.url);
    // running from the TypeScript sources (tests) there is no compiled worker: work in one thread
    if (!existsSync(fileURLToPath(url))) return undefined;
    try {
      return new AnswerHelper(new Worker(url, { workerData: { preloadExcel: opts.preloadExcel === true } }));
    } catch {
      return undefined;
    }
  }

  private request(req: HelperRequest, reply: HelperReply['type']): Promise<HelperReply> {
    if (this.failed) return Promise.reject(new Error('answer worker not running'));
    return new Promise<HelperReply>((resolve, reject) => {
      this.waiting.push({ type: reply, resolve, reject });
      try {
        this.worker.postMessage(req);
      } catch (e) {
        this.waiting.pop();
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /**
   * Decide `queries` on both threads: the worker gets the bank (without the `origin` of each entry)
   * and its tokenised phrasings the first time, then both take chunks until none is left.
   */
  async decide(index: MatchIndex, bank: Pick<Bank, 'entries' | 'synonyms' | 'unsettled'>, core: IndexCore, queries: readonly Query[]): Promise<Decision[]> {
    const T0 = performance.now();
    const out = new Array<Decision | undefined>(queries.length);
    const cache = createDecideCache(index);
    const decideHere = (i: number): Decision => {
      const q = queries[i] as Query;
      return decide(index, q.text, q.category !== undefined ? { category: q.category } : {}, cache);
    };
    let reply: Promise<HelperReply> | undefined;
    const counter = new Int32Array(new SharedArrayBuffer(4));
    if (!this.failed && queries.length >= PARALLEL_MIN_QUERIES) {
      try {
        if (!this.indexSent) {
          this.worker.postMessage({ type: 'index', bank: { entries: bank.entries, synonyms: bank.synonyms, unsettled: bank.unsettled ?? [] }, core } satisfies HelperRequest);
          this.indexSent = true;
        }
        reply = this.request({ type: 'decide', queries: [...queries], counter: counter.buffer as SharedArrayBuffer }, 'decided');
        reply.catch(() => undefined);
      } catch {
        reply = undefined;
      }
    }
    const chunks = Math.ceil(queries.length / CHUNK);
    let mine = 0;
    if (reply) {
      for (let c = Atomics.add(counter, 0, 1); c < chunks; c = Atomics.add(counter, 0, 1)) {
        for (let i = c * CHUNK; i < Math.min(queries.length, (c + 1) * CHUNK); i++) out[i] = decideHere(i);
        mine++;
      }
      if (mine < chunks) {
        try {
          const got = (await reply) as { decisions: [number, WireDecision][] };
          for (const [i, w] of got.decisions) if (i >= 0 && i < out.length && out[i] === undefined) out[i] = fromWire(index, w);
        } catch {
          // the worker's share is decided below
        }
      }
    }
    let rest = 0;
    for (let i = 0; i < out.length; i++) if (out[i] === undefined) { rest++; out[i] = decideHere(i); }
    if (process.env.KOTAE_DEBUG_HELPER) process.stderr.write(`helper: ${chunks} chunks, main ${mine}, fallback ${rest}, ${(performance.now() - T0).toFixed(0)} ms\n`);
    return out as Decision[];
  }

  /** The .xlsx report rendered by the worker, or undefined when the caller should render it. */
  async renderReport(report: Report): Promise<Uint8Array | undefined> {
    try {
      const r = (await this.request({ type: 'report', report }, 'report')) as { bytes: Uint8Array };
      return r.bytes;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    this.failed = true;
    await this.worker.terminate();
  }
}
