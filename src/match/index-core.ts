/**
 * The costly, bank-only part of the match index: every distinct phrasing of every non-draft entry,
 * prepared and tokenised, its tokens interned to integer ids. Everything else in the index (IDF,
 * postings, weights) is derived from this in a few integer passes (`index.ts`), so this is what
 * the index cache (`index-cache.ts`) stores: tokenising 50,000 phrasings with Intl.Segmenter takes
 * about a second, reading them back a few tens of milliseconds.
 */
import type { Entry, SynonymGroup, UnsettledTopic } from '../domain/types.js';
import { extractFigures, type Figure } from './figures.js';
import { prepareText } from './normalize.js';
import { polaritySignature, type PolaritySignature } from './polarity.js';
import { termSupport, type TermSupport } from './terms.js';
import { buildSynonymTable, tokenizeMany, type SynonymTable, type Tokens } from './tokenize.js';
import { compileUnsettled, namedTopics, type UnsettledTerm } from './unsettled.js';

/**
 * What the guards read from an entry's phrasings (figures, unsettled topics, what backs named
 * terms): worked out lazily per entry during a run, or all at once when the core is cached.
 */
export interface EntryFacts {
  figures: Figure[];
  topics: [string, string][];
  termText: string;
  synonymTokens: string[];
}

/** Figures stated in any phrasing of an entry. */
export function figuresOf(entry: Entry | undefined): Figure[] {
  return (entry?.questions ?? []).flatMap((q) => extractFigures(String(q)));
}

/**
 * Keys named by the thing they are for (暗号化キー, encryption keys): an entry that keeps keys in a
 * secret manager does not say that data is encrypted, so its phrasings do not name that topic.
 */
const KEY_COMPOUNDS = /(?:encryption|cryptographic|crypto)\s+keys?|暗号化キー|暗号化鍵|暗号鍵|暗号キー/giu;

/** The text of an entry's phrasings as the unsettled-topics guard reads it (keys masked, see above). */
export function topicTextOf(entry: Entry | undefined): string {
  return (entry?.questions ?? []).join('\n').replace(KEY_COMPOUNDS, '鍵');
}

/** The unsettled topics an entry's phrasings name. */
export function topicsOf(entry: Entry | undefined, unsettled: readonly UnsettledTerm[]): Map<string, string> {
  return namedTopics(topicTextOf(entry), unsettled);
}

/** What backs named terms in an entry's phrasings. */
export function termsOf(entry: Entry | undefined, synonyms: SynonymTable): TermSupport {
  return termSupport((entry?.questions ?? []).map(String), synonyms);
}

/** The facts of one entry: what the guards otherwise work out lazily (index.ts), all at once. */
function entryFactsOf(entry: Entry, synonyms: SynonymTable, unsettled: readonly UnsettledTerm[]): EntryFacts {
  const support = termsOf(entry, synonyms);
  return {
    figures: figuresOf(entry),
    topics: [...topicsOf(entry, unsettled)],
    termText: support.text,
    synonymTokens: [...support.synonymTokens],
  };
}

/** Facts of every entry, for a core that will be cached. */
export function entryFactsAll(
  entries: readonly Entry[],
  synonyms: SynonymTable,
  unsettled: readonly UnsettledTopic[],
  groups: readonly (readonly string[])[],
): EntryFacts[] {
  const compiled = compileUnsettled(unsettled, true, groups);
  return entries.map((e) => entryFactsOf(e, synonyms, compiled));
}

export interface IndexCore {
  /** token id → token */
  vocab: string[];
  /** per phrasing: index into the non-draft entries, and into that entry's `questions` */
  entryOf: Int32Array;
  questionOf: Int32Array;
  /** per phrasing: its distinct token ids (first occurrence order) and their counts,
   * from tokStart[i] to tokStart[i + 1] */
  tokStart: Int32Array;
  tokId: Int32Array;
  tokTf: Uint16Array;
  /** per phrasing: number of tokens, repeats included */
  length: Int32Array;
  /** per entry, when worked out ahead (cached cores) */
  facts?: EntryFacts[];
  /** when worked out ahead: the polarity of the phrasings that have any marker (the others have none) */
  polarity?: [number, PolaritySignature][];
}

/** The text of phrasing `id` of `core` (an entry's question, as written in the bank). */
export function phrasingText(core: IndexCore, entries: readonly Entry[], id: number): string {
  return String(entries[core.entryOf[id] as number]?.questions[core.questionOf[id] as number]);
}

/** The phrasings of `core` whose polarity shows a marker, with their signatures. */
export function markedPhrasings(core: IndexCore, entries: readonly Entry[]): [number, PolaritySignature][] {
  const out: [number, PolaritySignature][] = [];
  for (let id = 0; id < core.entryOf.length; id++) {
    const p = polaritySignature(phrasingText(core, entries, id));
    if (p.markers.length > 0) out.push([id, p]);
  }
  return out;
}

/** The entries an index is built over: drafts never answer. */
export function indexedEntries(entries: readonly Entry[]): Entry[] {
  return entries.filter((e) => e.status !== 'draft');
}

/** Word tokens then bigram tokens, each counted (insertion order = first occurrence). */
export function countTokens({ words, bigrams }: Tokens): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of words) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const t of bigrams) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Tokenise every distinct phrasing of `entries` (already without drafts). */
export function buildCore(entries: readonly Entry[], synonyms: SynonymTable | readonly SynonymGroup[]): IndexCore {
  const table = Array.isArray(synonyms) ? buildSynonymTable(synonyms as SynonymGroup[]) : (synonyms as SynonymTable);
  const texts: string[] = [];
  const owners: number[] = [];
  const positions: number[] = [];
  entries.forEach((entry, ei) => {
    const seen = new Set<string>();
    (entry.questions ?? []).forEach((q, qi) => {
      const text = String(q);
      if (seen.has(text)) return;
      seen.add(text);
      texts.push(text);
      owners.push(ei);
      positions.push(qi);
    });
  });
  const tokenised = tokenizeMany(texts.map(prepareText), table);
  const ids = new Map<string, number>();
  const vocab: string[] = [];
  const entryOf: number[] = [];
  const questionOf: number[] = [];
  const tokStart: number[] = [0];
  const tokId: number[] = [];
  const tokTf: number[] = [];
  const length: number[] = [];
  texts.forEach((_, k) => {
    const counts = countTokens(tokenised[k] as Tokens);
    if (counts.size === 0) return;
    let len = 0;
    for (const [t, c] of counts) {
      let id = ids.get(t);
      if (id === undefined) {
        id = vocab.length;
        ids.set(t, id);
        vocab.push(t);
      }
      tokId.push(id);
      tokTf.push(Math.min(c, 0xffff));
      len += c;
    }
    tokStart.push(tokId.length);
    entryOf.push(owners[k] as number);
    questionOf.push(positions[k] as number);
    length.push(len);
  });
  return {
    vocab,
    entryOf: Int32Array.from(entryOf),
    questionOf: Int32Array.from(questionOf),
    tokStart: Int32Array.from(tokStart),
    tokId: Int32Array.from(tokId),
    tokTf: Uint16Array.from(tokTf),
    length: Int32Array.from(length),
  };
}

/** Is `core` consistent with itself and with `entries` (a cache read back must be)? */
export function coreFits(core: IndexCore, entries: readonly Entry[]): boolean {
  const n = core.entryOf.length;
  if (core.questionOf.length !== n || core.length.length !== n || core.tokStart.length !== n + 1) return false;
  if (core.tokStart[0] !== 0 || core.tokStart[n] !== core.tokId.length || core.tokTf.length !== core.tokId.length) return false;
  for (let i = 0; i < n; i++) {
    if ((core.tokStart[i + 1] as number) < (core.tokStart[i] as number)) return false;
    // an entry's phrasings are consecutive (the index reads them as a range)
    if (i > 0 && (core.entryOf[i] as number) < (core.entryOf[i - 1] as number)) return false;
    const e = entries[core.entryOf[i] as number];
    if (!e || typeof e.questions?.[core.questionOf[i] as number] !== 'string') return false;
  }
  if (core.facts && core.facts.length !== entries.length) return false;
  if (core.polarity?.some(([id]) => !Number.isInteger(id) || id < 0 || id >= n)) return false;
  const v = core.vocab.length;
  for (let k = 0; k < core.tokId.length; k++) {
    const id = core.tokId[k] as number;
    if (id < 0 || id >= v || core.tokTf[k] === 0) return false;
  }
  return true;
}
