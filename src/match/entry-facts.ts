/**
 * What the guards read from an entry's phrasings — the figures they state, the unsettled topics
 * they name, what backs the terms they name — worked out once per entry and cached in the index
 * (or read from a cached core, index-core.ts, where they were worked out ahead).
 */
import type { Figure } from './figures.js';
import { figuresOf, termsOf, topicTextOf, topicsOf } from './index-core.js';
import type { MatchIndex } from './match-index.js';
import type { TermSupport } from './terms.js';
import { namedTopicTerms, type UnsettledTerm } from './unsettled.js';

/** Figures stated in any phrasing of an entry (cached). */
export function entryFigures(index: MatchIndex, entry: number): Figure[] {
  let f = index.cache.figures[entry];
  if (!f) {
    f = figuresOf(index.entries[entry]);
    index.cache.figures[entry] = f;
  }
  return f;
}

/** The unsettled topics an entry's phrasings name (cached). */
export function entryTopics(index: MatchIndex, entry: number): Map<string, string> {
  let t = index.cache.topics[entry];
  if (!t) {
    t = topicsOf(index.entries[entry], index.unsettled);
    index.cache.topics[entry] = t;
  }
  return t;
}

const topicTermsByEntry = new WeakMap<object, Map<string, UnsettledTerm[]>>();

/** Every term of an unsettled topic an entry's phrasings name, by topic (cached). */
export function entryTopicTerms(index: MatchIndex, entry: number): Map<string, UnsettledTerm[]> {
  const e = index.entries[entry];
  if (!e) return new Map();
  let t = topicTermsByEntry.get(e);
  if (!t) {
    t = namedTopicTerms(topicTextOf(e), index.unsettled);
    topicTermsByEntry.set(e, t);
  }
  return t;
}

/** What backs named terms in an entry's phrasings (cached). */
export function entryTerms(index: MatchIndex, entry: number): TermSupport {
  let t = index.cache.terms[entry];
  if (!t) {
    t = termsOf(index.entries[entry], index.synonyms);
    index.cache.terms[entry] = t;
  }
  return t;
}
