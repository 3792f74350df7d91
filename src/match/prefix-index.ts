/**
 * Strings (synonym members, unsettled-topic needles) grouped by their first UTF-16 code units, for
 * finding the ones that start at a place in a text with a map lookup or two instead of a search per
 * string: a string of 2+ units by its first two (c0 * 65536 + c1), a one-unit string by its unit.
 */
export interface PrefixIndex<T> {
  /** first two code units → the values whose string has 2+ units, in the order given */
  byPair: Map<number, T[]>;
  /** first code unit → the values whose string is one unit, in the order given */
  single: Map<number, T[]>;
}

/** Index `values` by the first code units of `textOf(value)` (empty strings are left out). */
export function prefixIndex<T>(values: Iterable<T>, textOf: (value: T) => string): PrefixIndex<T> {
  const index: PrefixIndex<T> = { byPair: new Map(), single: new Map() };
  for (const v of values) {
    const s = textOf(v);
    if (s.length === 0) continue;
    const pair = s.length >= 2;
    const map = pair ? index.byPair : index.single;
    const key = pair ? s.charCodeAt(0) * 65536 + s.charCodeAt(1) : s.charCodeAt(0);
    const list = map.get(key);
    if (list) list.push(v);
    else map.set(key, [v]);
  }
  return index;
}

/** The values of 2+ units whose string may start at text[i] (same first two units), or undefined. */
export function pairsAt<T>(index: PrefixIndex<T>, text: string, i: number): T[] | undefined {
  return i + 1 < text.length ? index.byPair.get(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1)) : undefined;
}
