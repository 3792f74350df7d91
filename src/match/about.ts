/**
 * The scope an entry declares with `about` (bank/types.ts): a question that names none of its
 * terms, nor a synonym of one, is not answered by it, however alike the rest of the sentence.
 */
import type { Entry } from '../domain/types.js';
import { findSynonyms, type SynonymTable } from './tokenize.js';
import { normalizeText } from './normalize.js';
import { compileUnsettled, foldForTerms, type UnsettledTerm } from './unsettled.js';

const compiled = new WeakMap<Entry, UnsettledTerm[]>();

/** The entry's `about` terms with every member of their synonym groups, compiled once per entry. */
function termsOf(entry: Entry, synonyms: SynonymTable): UnsettledTerm[] {
  let terms = compiled.get(entry);
  if (!terms) {
    const all = new Set<string>(entry.about ?? []);
    for (const t of entry.about ?? []) {
      const group = synonyms.members.get(normalizeText(t));
      if (group) for (const [member, g] of synonyms.members) if (g === group) all.add(member);
    }
    terms = compileUnsettled([{ topic: entry.id, terms: [...all] }]);
    compiled.set(entry, terms);
  }
  return terms;
}

let lastQuestion: string | undefined;
let lastCanonical = '';

/**
 * The question with every synonym it names written as the first member of its group: an about
 * term that joins a synonym to another word (顧客データ) is named by 「クラウドサービスカスタマデータ」
 * or 「お客様データ」 too. (Remembered for the last question: the guard asks it of entry after entry.)
 */
function canonical(question: string, synonyms: SynonymTable): string {
  if (question === lastQuestion) return lastCanonical;
  const text = normalizeText(question);
  let out = '';
  let at = 0;
  for (const span of findSynonyms(text, synonyms)) {
    out += `${text.slice(at, span.start)}${span.token.slice(1)}`;
    at = span.end;
  }
  lastQuestion = question;
  lastCanonical = foldForTerms(out + text.slice(at));
  return lastCanonical;
}

/** Does the question name what the entry is about? Always true for an entry without `about`. */
export function withinScope(entry: Entry, question: string, synonyms: SynonymTable): boolean {
  if (!entry.about || entry.about.length === 0) return true;
  const folded = foldForTerms(question);
  const terms = termsOf(entry, synonyms);
  if (terms.some((t) => t.re.test(folded))) return true;
  const words = canonical(question, synonyms);
  return words !== folded && terms.some((t) => t.re.test(words));
}
