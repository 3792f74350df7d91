/**
 * "Did you mean …?" for names a person types — a sheet name after --sheet, an entry id — with
 * fuse.js, the library made for typo-tolerant lookup: a missing, extra or swapped letter, another
 * case, part of the name. (Matching questions to the bank is not its job: match/ does that.)
 */
import Fuse from 'fuse.js';

/** How far a name may be from what was typed (fuse.js score, 0 exact … 1 anything). */
const MAX_DISTANCE = 0.4;

/** The names closest to what was typed, best first (at most `limit`); none when nothing is close. */
export function closestNames(typed: string, names: readonly string[], limit = 3): string[] {
  const fuse = new Fuse([...names], { threshold: MAX_DISTANCE, ignoreLocation: true });
  return fuse.search(typed, { limit }).map((r) => r.item);
}

/** `did you mean "a" or "b"? ` for the names closest to `typed`, or '' when none is close. */
export function didYouMean(typed: string, names: readonly string[]): string {
  const close = closestNames(typed, names);
  return close.length > 0 ? `did you mean ${close.map((n) => `"${n}"`).join(' or ')}? ` : '';
}
