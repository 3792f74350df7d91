/**
 * Unsettled-topics guard. The bank lists, in `unsettled.yaml`, the topics the regulation does not
 * settle (certifications, encryption, backups, log retention, privacy programmes …). A question
 * that names one of them is never answered by an entry whose own phrasings do not name that topic:
 * 「ログを1年以上保管していますか」 must not borrow the audit-log entry, nor "Is privacy training
 * mandatory?" the security-training one. Unlike the score, this does not depend on how much of the
 * rest of the sentence looks alike.
 */
import type { UnsettledTopic } from '../domain/types.js';
import { joinJapaneseWords } from './normalize.js';
import { pairsAt, prefixIndex, type PrefixIndex } from './prefix-index.js';

export interface UnsettledTerm {
  topic: string;
  term: string;
  /** finds the term in folded text (NFKC, lower case) */
  re: RegExp;
  /** a piece of the term every match contains as it is (its longest run without spaces): a text
   * without it cannot match, and `includes` rules that out faster than the expression */
  needle: string;
  /** an acronym in capitals (IDS, SLA, TLS): matched in capitals only — "IDs" is not "IDS" */
  acronym: boolean;
}

/** NFKC + lower case, the form both questions and terms are compared in. */
export function foldForTerms(text: string): string {
  return joinJapaneseWords(text.normalize('NFKC')).toLowerCase();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * English terms match whole words (plural allowed), an acronym in capitals (IDS) in capitals only
 * ("IDs" is another word; off for `about` scopes); Japanese terms match anywhere, except inside a
 * longer member of `groups` (the bank's synonym groups) that is another word: 資格 (qualifications)
 * is not in 資格情報 (credentials), プライバシー not in プライバシーフィルター.
 */
export function compileUnsettled(topics: readonly UnsettledTopic[], acronymsInCapitals = true, groups: readonly (readonly string[])[] = []): UnsettledTerm[] {
  const out: UnsettledTerm[] = [];
  const shadows = new Set<string>();
  // (folded once: a bank has a thousand terms and a hundred groups)
  const folded = groups.map((g) => g.map(foldForTerms));
  for (const t of topics) {
    const topicTerms = new Set(t.terms.map(foldForTerms));
    const others = folded.filter((members) => !members.some((m) => topicTerms.has(m)));
    // (most terms are in no member: one search of them all rules that out)
    const all = others.map((g) => g.join('\n')).join('\n');
    for (const raw of t.terms) {
      const term = foldForTerms(raw).trim();
      if (!term) continue;
      const ascii = /^[\x20-\x7e]+$/.test(term);
      const body = escape(term).replace(/\s+/g, '[\\s\\-]+');
      const re = ascii ? new RegExp(`(?<![a-z0-9])${body}(?:s|es)?(?![a-z0-9])`, 'u') : new RegExp(body, 'u');
      const needle = term.split(/\s+/u).reduce((a, b) => (b.length > a.length ? b : a), '');
      const acronym = acronymsInCapitals && /^[A-Z]{2,5}$/u.test(raw.trim());
      const matcher = acronym ? new RegExp(`(?<![A-Za-z0-9])${escape(raw.trim())}(?![A-Za-z0-9])`, 'u') : re;
      out.push({ topic: t.topic, term: raw, re: matcher, needle, acronym });
      if (!ascii && all.includes(term)) for (const w of shadowsOf(term, others)) shadows.add(w);
    }
  }
  if (shadows.size > 0) {
    const alternatives = [...shadows].sort((a, b) => b.length - a.length).map(escape);
    masks.set(out, new RegExp(alternatives.join('|'), 'giu'));
  }
  return out;
}

/**
 * The synonym members that hold `term` and are another word: not the term written out
 * (データセンター, データセンタ). `groups`: folded, without those that name the topic itself
 * (サービスレベルアグリーメント is SLA).
 */
function shadowsOf(term: string, groups: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const members of groups) for (const m of members) if (m.length > term.length && m.includes(term) && m.replace(/ー$/u, '') !== term) out.push(m);
  return out;
}

/** Per compiled list: the longer words its Japanese terms do not match inside. */
const masks = new WeakMap<readonly UnsettledTerm[], RegExp>();

/** The text as the terms read it: NFKC, and the longer words their terms are not found in masked. */
function readable(text: string, terms: readonly UnsettledTerm[]): { folded: string; nfkc: string } {
  const mask = masks.get(terms);
  const nfkc = joinJapaneseWords(text.normalize('NFKC'));
  if (!mask) return { folded: nfkc.toLowerCase(), nfkc };
  const masked = nfkc.replace(mask, (m) => '\u3000'.repeat(m.length));
  // (a mask on the lower-case form too: 資格情報 has no case, an English word is no shadow)
  return { folded: masked.toLowerCase(), nfkc: masked };
}

const needleIndexes = new WeakMap<readonly UnsettledTerm[], PrefixIndex<number>>();

/** Positions in a list of terms by the first code units of their needle (built once per list). */
function needleIndex(terms: readonly UnsettledTerm[]): PrefixIndex<number> {
  let index = needleIndexes.get(terms);
  if (!index) {
    index = prefixIndex(terms.keys(), (i) => (terms[i] as UnsettledTerm).needle);
    needleIndexes.set(terms, index);
  }
  return index;
}

/** The unsettled topics a text names (each once, by its first term in list order that the text holds). */
export function namedTopics(text: string, terms: readonly UnsettledTerm[]): Map<string, string> {
  const found = new Map<string, string>();
  if (terms.length === 0) return found;
  // the terms whose needle starts at some character of the text, found by the needle's first two
  // code units: a map lookup or two per character instead of one search per term (a bank lists a
  // hundred terms or more)
  const { folded, nfkc } = readable(text, terms);
  const index = needleIndex(terms);
  let hits: number[] | undefined;
  for (let i = 0; i < folded.length; i++) {
    const pairs = pairsAt(index, folded, i);
    if (pairs) for (const k of pairs) if (folded.startsWith((terms[k] as UnsettledTerm).needle, i)) (hits ??= []).push(k);
    const singles = index.single.get(folded.charCodeAt(i));
    if (singles) for (const k of singles) (hits ??= []).push(k);
  }
  if (!hits) return found;
  hits.sort((a, b) => a - b);
  for (const k of hits) {
    const t = terms[k] as UnsettledTerm;
    if (!found.has(t.topic) && t.re.test(t.acronym ? nfkc : folded)) found.set(t.topic, t.term);
  }
  return found;
}

/** Every term of an unsettled topic a text names, by topic (the question's side of `unbackedTerms`). */
export function namedTopicTerms(text: string, terms: readonly UnsettledTerm[]): Map<string, UnsettledTerm[]> {
  const out = new Map<string, UnsettledTerm[]>();
  if (terms.length === 0) return out;
  const { folded, nfkc } = readable(text, terms);
  for (const t of terms) {
    if (!folded.includes(t.needle) || !t.re.test(t.acronym ? nfkc : folded)) continue;
    const list = out.get(t.topic);
    if (list) list.push(t);
    else out.set(t.topic, [t]);
  }
  return out;
}

/**
 * Terms of a topic the entry backs that the entry's own phrasings do not name: 「自社のデータセンターは
 * 国内にありますか」 names data location by データセンター and by 国内; an entry on owning a data centre
 * names the first, not where it is. (A topic the entry does not name at all is `unbackedTopics`'.)
 */
export function unbackedTerms(question: Map<string, UnsettledTerm[]>, entry: Map<string, UnsettledTerm[]>): string[] {
  const out: string[] = [];
  for (const [topic, ts] of question) {
    const named = entry.get(topic);
    if (named) for (const t of ts) if (!named.includes(t)) out.push(`${t.term} (${topic})`);
  }
  return out;
}

/** Topics the question names that the entry's phrasings do not: the entry cannot answer it. */
export function unbackedTopics(question: Map<string, string>, entry: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [topic, term] of question) if (!entry.has(topic)) out.push(`${term} (${topic})`);
  return out;
}
