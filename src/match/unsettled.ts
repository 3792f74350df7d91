/**
 * Unsettled-topics guard. The bank lists, in `unsettled.yaml`, the topics the regulation does not
 * settle (certifications, encryption, backups, log retention, privacy programmes …). A question
 * that names one of them is never answered by an entry whose own phrasings do not name that topic:
 * 「ログを1年以上保管していますか」 must not borrow the audit-log entry, nor "Is privacy training
 * mandatory?" the security-training one. Unlike the score, this does not depend on how much of the
 * rest of the sentence looks alike.
 */
import type { UnsettledTopic } from '../bank/types.js';

export interface UnsettledTerm {
  topic: string;
  term: string;
  /** finds the term in folded text (NFKC, lower case) */
  re: RegExp;
  /** a piece of the term every match contains as it is (its longest run without spaces): a text
   * without it cannot match, and `includes` rules that out faster than the expression */
  needle: string;
}

/** NFKC + lower case, the form both questions and terms are compared in. */
export function foldForTerms(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** English terms match whole words (plural allowed); Japanese terms match anywhere. */
export function compileUnsettled(topics: readonly UnsettledTopic[]): UnsettledTerm[] {
  const out: UnsettledTerm[] = [];
  for (const t of topics) {
    for (const raw of t.terms) {
      const term = foldForTerms(raw).trim();
      if (!term) continue;
      const ascii = /^[\x20-\x7e]+$/.test(term);
      const body = escape(term).replace(/\s+/g, '[\\s\\-]+');
      const re = ascii ? new RegExp(`(?<![a-z0-9])${body}(?:s|es)?(?![a-z0-9])`, 'u') : new RegExp(body, 'u');
      const needle = term.split(/\s+/u).reduce((a, b) => (b.length > a.length ? b : a), '');
      out.push({ topic: t.topic, term: raw, re, needle });
    }
  }
  return out;
}

/** The unsettled topics a text names (each once), with the term that named it. */
export function namedTopics(text: string, terms: readonly UnsettledTerm[]): Map<string, string> {
  const folded = foldForTerms(text);
  const found = new Map<string, string>();
  for (const t of terms) {
    if (!found.has(t.topic) && folded.includes(t.needle) && t.re.test(folded)) found.set(t.topic, t.term);
  }
  return found;
}

/** Topics the question names that the entry's phrasings do not: the entry cannot answer it. */
export function unbackedTopics(question: Map<string, string>, entry: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [topic, term] of question) if (!entry.has(topic)) out.push(`${term} (${topic})`);
  return out;
}
