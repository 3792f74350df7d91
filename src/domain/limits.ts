/**
 * Limits on hostile or accidental input, in one place: what kotae refuses to open, inflate, read,
 * expand or match beyond, so a zip bomb, a million-row sheet, a billion-laughs bank or a pasted
 * novel fails fast with a clear error (or is cut short) instead of eating memory or time. Each is
 * enforced where the input is read (named beside each limit); tests/hostile/ holds them to it.
 */

// --- the workbook file (node/open-input.ts, node/coverage-run.ts) -----------------------------

/** Largest workbook kotae opens (bytes on disk); the zip limits bound what it inflates separately. */
export const MAX_INPUT_BYTES = 200 * 1024 * 1024;

/** How long LibreOffice may take to convert one legacy .xls / .ods (a cold start with a fresh profile takes a few seconds). */
export const CONVERT_TIMEOUT_MS = 120_000;

// --- the zip package (workbook/zip.ts) ---------------------------------------------------------

export type ZipLimits = { maxPartBytes: number; maxTotalBytes: number; maxEntries: number };

/** Limits applied to every workbook read; the CLI can quote them. */
export const ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  /**
   * Largest inflated size of one part. A 20,000-row check sheet is ~10 MiB of XML; 100 MiB keeps
   * the peak memory of a refused zip bomb (and of the largest accepted part) well under 500 MB.
   */
  maxPartBytes: 100 * 1024 * 1024,
  /** Largest inflated size of all parts read from one workbook. */
  maxTotalBytes: 256 * 1024 * 1024,
  /** Most entries a workbook may have. */
  maxEntries: 10_000,
});

// --- encrypted and legacy containers (workbook/cfb.ts, workbook/decrypt.ts) --------------------

/** Most sectors followed in one chain of a compound file (OLE2: legacy .xls, encrypted .xlsx). */
export const MAX_CFB_SECTORS = 1 << 20;

/**
 * Most password-hash iterations accepted. Excel and LibreOffice write 100,000 (about 0.4 s here);
 * the format allows 10,000,000, which a hostile file would use to keep kotae busy for a minute.
 */
export const MAX_SPIN_COUNT = 1_000_000;

/** Largest password Office accepts. */
export const MAX_PASSWORD_LENGTH = 255;

// --- the worksheets (workbook/read-workbook.ts) ------------------------------------------------

export type SheetLimits = { maxRows: number; maxCells: number };

/**
 * How much of a worksheet kotae reads. A real check sheet has a few thousand rows; these bound the
 * time and memory a hostile one (millions of tiny cells inside the zip limits) can take.
 */
export const SHEET_LIMITS: Readonly<SheetLimits> = Object.freeze({
  /** Most <row> elements one worksheet may have. */
  maxRows: 200_000,
  /**
   * Most non-empty cells all worksheets read from one workbook may have together (empty styled
   * cells cost no memory and are bounded by the part size). A 20,000-row sheet of 20 columns has 400,000.
   */
  maxCells: 1_000_000,
});

/**
 * Longest cell text kept in the model: Excel's own limit (32,767 characters per cell). Longer text
 * cannot be typed into Excel; keeping it would let one hostile cell cost every later step (layout,
 * matching, the report) time and memory in proportion to the whole part.
 */
export const MAX_CELL_TEXT = 32_767;

/** Cells one list validation (a dropdown's source range) may read. */
export const MAX_LIST_CELLS = 10_000;

/** Cells all list validations of one workbook may read together (each distinct formula once). */
export const MAX_LIST_CELLS_TOTAL = 2_000_000;

/** A merge counts as at most this many cells towards `maxCells` (see the mergeCell case in parseWorksheet). */
export const MERGE_AREA_COUNTED = 20_000;

/** hiddenCols holds hidden columns up to max(maxCol, this); see isColHidden. */
export const HIDDEN_COLS_EXPANDED = 1024;

// --- matching (match/prepare-question.ts) ------------------------------------------------------

/** Matching looks at the first this-many characters of a question (a longer row goes to review). */
export const MAX_QUESTION_CHARS = 2000;

// --- the answer bank (node/bank-cache.ts, bank/load-bank.ts) -----------------------------------

/** A bank file (YAML) larger than this is a problem, not read. */
export const MAX_BANK_FILE_BYTES = 5 * 1024 * 1024;

/** The regulation text (answer-bank/regulation/regulation.txt) larger than this is refused. */
export const MAX_REGULATION_BYTES = 5 * 1024 * 1024;

/** Alias expansions allowed per bank file; a billion-laughs file needs far more. */
export const MAX_ALIAS_COUNT = 100;
