/**
 * A cache of the tokenised bank (`IndexCore`) beside the bank cache (bank-cache.ts): tokenising
 * every phrasing with Intl.Segmenter is most of the cost of building the index (≈ 1 s for 50,000
 * phrasings), reading it back a few tens of milliseconds. It also holds what the guards read from
 * each entry (figures, unsettled topics, the text backing named terms).
 *
 * The key is the bank's cache key (a hash of every bank file) plus a fingerprint of the matcher's
 * modules and of the Node / ICU versions (the segmenter's dictionary), so a new kotae, a new Node
 * or any edit to the bank is a miss. The file is a small binary: magic and format, a JSON header
 * (the token strings, the entries' facts), then the typed arrays. A file that does not read back
 * as a consistent core for this bank is ignored and rewritten. KOTAE_NO_CACHE=1 turns it off.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, codeFingerprint, writeCacheFile } from './cache.js';
import { buildCore, coreFits, entryFactsAll, indexedEntries, markedPhrasings, type EntryFacts, type IndexCore } from '../match/index-core.js';
import type { PolaritySignature } from '../match/polarity.js';
import { indexFromCore, type IndexableBank, type MatchIndex } from '../match/match-index.js';
import type { Figure } from '../match/figures.js';
import { buildSynonymTable, type SynonymTable } from '../match/tokenize.js';

const MAGIC = 0x5849544b; // "KTIX"
const FORMAT = 3;

function cacheName(bank: IndexableBank): string | undefined {
  // the matcher's modules compute what the core holds (and this file stores it)
  const code = codeFingerprint(import.meta.url, ['../match/', '../domain/', './']);
  if (!bank.cacheKey || !code) return undefined;
  return `index-${bank.cacheKey}-${code}.bin`;
}

export function serializeCore(core: IndexCore): Buffer {
  const header = Buffer.from(
    JSON.stringify({ vocab: core.vocab, n: core.entryOf.length, tokens: core.tokId.length, facts: core.facts, polarity: core.polarity }),
    'utf8',
  );
  const pad = (4 - (header.length % 4)) % 4;
  const parts: Uint8Array[] = [];
  const head = Buffer.alloc(12);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(FORMAT, 4);
  head.writeUInt32LE(header.length + pad, 8);
  parts.push(head, header, Buffer.alloc(pad, 0x20));
  for (const a of [core.entryOf, core.questionOf, core.tokStart, core.tokId, core.length, core.tokTf]) {
    parts.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return Buffer.concat(parts);
}

/** The core stored in `bytes`, or undefined when they are not one (wrong magic, truncated …). */
export function deserializeCore(bytes: Buffer): IndexCore | undefined {
  if (bytes.length < 12 || bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== FORMAT) return undefined;
  const headerLength = bytes.readUInt32LE(8);
  if (12 + headerLength > bytes.length) return undefined;
  const header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString('utf8')) as {
    vocab: unknown;
    n: unknown;
    tokens: unknown;
    facts?: unknown;
    polarity?: unknown;
  };
  const { vocab, n, tokens, facts, polarity } = header;
  if (facts !== undefined && !validFacts(facts)) return undefined;
  if (polarity !== undefined && !validPolarity(polarity)) return undefined;
  if (!strings(vocab)) return undefined;
  if (!Number.isInteger(n) || !Number.isInteger(tokens) || (n as number) < 0 || (tokens as number) < 0) return undefined;
  const nn = n as number;
  const nt = tokens as number;
  const int32 = nn * 3 + (nn + 1) + nt;
  if (bytes.length !== 12 + headerLength + int32 * 4 + nt * 2) return undefined;
  // copy into fresh, aligned buffers
  const body = new Uint8Array(bytes.subarray(12 + headerLength));
  const ints = new Int32Array(body.buffer, body.byteOffset, int32);
  let at = 0;
  const take = (k: number): Int32Array => ints.subarray(at, (at += k));
  const entryOf = take(nn);
  const questionOf = take(nn);
  const tokStart = take(nn + 1);
  const tokId = take(nt);
  const length = take(nn);
  const tokTf = new Uint16Array(body.buffer, body.byteOffset + int32 * 4, nt);
  const core: IndexCore = { vocab, entryOf, questionOf, tokStart, tokId, tokTf, length };
  if (facts !== undefined) core.facts = facts as EntryFacts[];
  if (polarity !== undefined) core.polarity = polarity as [number, PolaritySignature][];
  return core;
}

/** An array of strings (a header field read back from a file). */
function strings(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((t) => typeof t === 'string');
}

function validPolarity(polarity: unknown): boolean {
  return (
    Array.isArray(polarity) &&
    polarity.every((p) => {
      if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number') return false;
      const s = p[1] as Partial<PolaritySignature> | null;
      return (
        typeof s === 'object' &&
        s !== null &&
        typeof s.negative === 'boolean' &&
        typeof s.restrictive === 'boolean' &&
        strings(s.negatives) &&
        strings(s.markers)
      );
    })
  );
}

function validFacts(facts: unknown): boolean {
  return (
    Array.isArray(facts) &&
    facts.every(
      (f: Partial<EntryFacts> | null) =>
        typeof f === 'object' &&
        f !== null &&
        Array.isArray(f.figures) &&
        f.figures.every(
          (g: Partial<Figure> | null) =>
            typeof g === 'object' &&
            g !== null &&
            typeof g.kind === 'string' &&
            typeof g.bound === 'string' &&
            typeof g.text === 'string' &&
            (typeof g.value === 'number' || typeof g.value === 'string'),
        ) &&
        Array.isArray(f.topics) &&
        f.topics.every((t) => strings(t) && t.length === 2) &&
        typeof f.termText === 'string' &&
        strings(f.synonymTokens),
    )
  );
}

function readCore(file: string, bank: IndexableBank): IndexCore | undefined {
  try {
    const core = deserializeCore(readFileSync(file));
    return core && coreFits(core, indexedEntries(bank.entries)) ? core : undefined;
  } catch {
    return undefined;
  }
}

/** The tokenised bank: from the cache when this bank and this code were seen before. */
export function loadCore(bank: IndexableBank, synonyms: SynonymTable = buildSynonymTable(bank.synonyms ?? [])): IndexCore {
  const dir = cacheDir();
  const name = cacheName(bank);
  const cached = dir && name ? readCore(join(dir, name), bank) : undefined;
  if (cached) return cached;
  const entries = indexedEntries(bank.entries);
  const core = buildCore(entries, synonyms);
  if (dir && name) {
    // worth working out ahead only when it is kept for the next runs
    core.facts = entryFactsAll(entries, synonyms, bank.unsettled ?? [], bank.synonyms ?? []);
    core.polarity = markedPhrasings(core, entries);
    writeCacheFile(dir, name, serializeCore(core));
  }
  return core;
}

/** The match index of a loaded bank, its tokenisation cached (same index as `buildIndex`). */
export function loadIndex(bank: IndexableBank): MatchIndex {
  return loadIndexAndCore(bank).index;
}

/** `loadIndex`, and the tokenised bank it was derived from (for worker threads). */
function loadIndexAndCore(bank: IndexableBank): { index: MatchIndex; core: IndexCore } {
  const synonyms = buildSynonymTable(bank.synonyms ?? []);
  const core = loadCore(bank, synonyms);
  return { index: indexFromCore(bank, indexedEntries(bank.entries), core, synonyms), core };
}
