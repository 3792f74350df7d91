/**
 * The category boost: a row whose sheet category matches an entry's category adds CATEGORY_BOOST
 * to that entry's similarity (never enough to decide alone). Applied to the category-independent
 * ranking of a question text, so the ranking is reused for rows of other categories.
 */
import { normalizeText } from './normalize.js';
import { scoredEntry, sortByRank, type ScoredEntry } from './rank.js';
import { CATEGORY_BOOST } from './thresholds.js';

/** What the category boost reads of the index: each entry's normalised category. */
interface Categorised {
  categories: readonly string[];
}

function categoryMatches(index: Categorised, entry: number, category: string): boolean {
  const c = index.categories[entry];
  if (!c || !category) return false;
  return c === category || (category.length >= 2 && c.includes(category)) || (c.length >= 2 && category.includes(c));
}

const categoryForms = new Map<string, string>();

/** A row's category as compared with the entries' (normalised once per distinct category). */
export function normalizedCategory(rowCategory: string | undefined): string {
  if (!rowCategory) return '';
  let c = categoryForms.get(rowCategory);
  if (c === undefined) {
    c = normalizeText(rowCategory);
    if (categoryForms.size < 10_000) categoryForms.set(rowCategory, c);
  }
  return c;
}

/** Would the row's category boost any of these entries? If not, the ranking is the same without it. */
export function categoryBoostsAny(index: Categorised, scored: readonly ScoredEntry[], rowCategory: string | undefined): boolean {
  const category = normalizedCategory(rowCategory);
  return category !== '' && scored.some((s) => categoryMatches(index, s.entry, category));
}

/**
 * The category boost of a row (see CATEGORY_BOOST) applied to the category-independent ranking of
 * `scoreQuestion`: a new list, best first; `scored` is left as it is, so the ranking of a question
 * text can be reused for rows of other categories.
 */
export function applyCategory(index: Categorised, scored: readonly ScoredEntry[], rowCategory: string | undefined): ScoredEntry[] {
  const category = normalizedCategory(rowCategory);
  const out = scored.slice();
  if (!category) return out;
  let boosted = false;
  for (let i = 0; i < out.length; i++) {
    const s = out[i] as ScoredEntry;
    if (categoryMatches(index, s.entry, category)) {
      out[i] = scoredEntry(s.entry, withCategoryBoost(s.score), s.bm25, s.phrasing, s.samePolarity, s.questionCoverage, s.phrasingCoverage);
      boosted = true;
    }
  }
  // the order is a strict total order (one item per entry): re-sorting only matters after a boost
  if (boosted) sortByRank(out);
  return out;
}

/** A score with the category boost (as applyCategory adds it). */
export function withCategoryBoost(score: number): number {
  return Math.min(1, score + CATEGORY_BOOST);
}
