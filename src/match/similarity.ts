/**
 * Character-bigram similarity (Sørensen–Dice) of normalised question texts, shared by
 * `bank validate` (contradicting phrasings), `bank import` (merging near-identical questions into
 * one draft) and `coverage` (clustering unmatched questions into topics). Character bigrams work
 * the same for Japanese (no spaces) and English. Matching a question to the bank does not use it
 * (score.ts weighs tokens).
 */

export interface BigramProfile {
  grams: Map<string, number>;
  size: number;
}

/** Bigram multiset of a normalised text, spaces removed. */
export function bigramProfile(normalised: string): BigramProfile {
  const chars = [...normalised.replace(/\s+/g, '')];
  const grams = new Map<string, number>();
  if (chars.length === 1) grams.set(chars[0]!, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let size = 0;
  for (const n of grams.values()) size += n;
  return { grams, size };
}

/** Sørensen–Dice of two bigram multisets, in [0, 1]. */
export function diceOfProfiles(a: BigramProfile, b: BigramProfile): number {
  if (a.size + b.size === 0) return 0;
  // the best Dice two sizes allow; skip counting when even that is far too low
  if ((2 * Math.min(a.size, b.size)) / (a.size + b.size) < 0.3) return 0;
  const [small, large] = a.grams.size <= b.grams.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [g, n] of small.grams) shared += Math.min(n, large.grams.get(g) ?? 0);
  return (2 * shared) / (a.size + b.size);
}

/** Sørensen–Dice of two normalised texts (1 for equal texts). */
export function diceSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  return diceOfProfiles(bigramProfile(a), bigramProfile(b));
}
