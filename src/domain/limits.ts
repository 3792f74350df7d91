/**
 * Limits on hostile or accidental input, in one place: what kotae refuses to read, expand or
 * match beyond, so a zip bomb, a billion-laughs bank or a pasted novel fails fast with a clear
 * error instead of eating memory or time.
 */

/** A bank file (YAML) larger than this is a problem, not read. */
export const MAX_BANK_FILE_BYTES = 5 * 1024 * 1024;

/** The regulation text (answer-bank/regulation/regulation.txt) larger than this is refused. */
export const MAX_REGULATION_BYTES = 5 * 1024 * 1024;

/** Alias expansions allowed per bank file; a billion-laughs file needs far more. */
export const MAX_ALIAS_COUNT = 100;
