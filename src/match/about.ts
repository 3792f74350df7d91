/**
 * The scope an entry declares with `about` (bank/types.ts): a question that names none of its
 * terms, nor a synonym of one, is not answered by it, however alike the rest of the sentence.
 */
import type { Entry } from '../domain/types.js';
import type { SynonymTable } from './tokenize.js';
import { normalizeText } from './normalize.js';
import { compileUnsettled, foldForTerms, type UnsettledTerm } from './unsettled.js';

const compiled = new WeakMap<Entry, UnsettledTerm[]>();

/** The entry's `about` terms with every member of their synonym groups, compiled once per entry. */
function termsOf(entry: Entry, synonyms: SynonymTable): UnsettledTerm[] {
  let terms = compiled.get(entry);
  if (!terms) {
    const all = new Set<string>(entry.about ?? []);
    for (const t of entry.about ?? []) {
      const n = normalizeText(t);
      const group = synonyms.members.get(n);
      if (group) for (const [member, g] of synonyms.members) if (g === group) all.add(member);
      // a term that joins a synonym to another word (顧客データ) is named through every member of
      // its group too (お客様データ, クラウドサービスカスタマデータ)
      for (const [part, g] of synonyms.members) {
        if (part.length < 2 || part === n || !n.includes(part)) continue;
        for (const [other, og] of synonyms.members) if (og === g && other !== part) all.add(n.replace(part, other));
      }
    }
    // (a scope term in capitals matches in any case: 「ユーザーid」 names the ID an entry is about)
    terms = compileUnsettled([{ topic: entry.id, terms: [...all] }], false);
    compiled.set(entry, terms);
  }
  return terms;
}

/** Does the question name what the entry is about? Always true for an entry without `about`. */
export function withinScope(entry: Entry, question: string, synonyms: SynonymTable): boolean {
  if (!entry.about || entry.about.length === 0) return true;
  const folded = foldForTerms(question);
  return termsOf(entry, synonyms).some((t) => t.re.test(folded));
}
