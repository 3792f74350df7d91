/**
 * The zod schema of one answer-bank entry. It validates parsed YAML into exactly the `Entry`
 * shape of `types.ts` (minus `origin`, which the loader sets). Every object is strict: an unknown
 * key is almost always a typo (`remark:` for `remarks:`) and must not be silently ignored.
 */
import { z } from 'zod';
import type { Entry } from '../domain/types.js';

/** `access.shared-accounts`: a lower-case area, then one or more dot-separated kebab-case parts. */
export const ENTRY_ID_PATTERN = /^[a-z0-9]+(\.[a-z0-9-]+)+$/;
const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** "5.2" as in 第5.2条 */
const ARTICLE_NUMBER_PATTERN = /^\d+\.\d+$/;

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * A calendar date as `YYYY-MM-DD`. The loader parses YAML 1.2 (core schema), so an unquoted
 * `2025-08-30` is already a string; a `Date` (from a YAML 1.1 `!!timestamp` or a caller) is
 * normalised to its UTC date.
 */
const isoDate = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z.string().regex(ISO_DATE_PATTERN, { message: 'expected a date as YYYY-MM-DD' }).refine(isRealDate, { message: 'not a calendar date' }),
);

const nonEmpty = z.string().trim().min(1, { message: 'must not be empty' });

/** an entry's answer: a canonical one, or `describe` (the remarks answer an open question) */
const entryAnswerSchema = z.enum(['yes', 'no', 'partial', 'na', 'describe'], {
  message: 'expected yes, no, partial, na, or describe (the remarks answer a what / which / how question)',
});

const remarksSchema = z.strictObject({
  ja: nonEmpty.optional(),
  en: nonEmpty.optional(),
});

const pastResponseSchema = z.strictObject({
  customer: nonEmpty,
  date: isoDate,
  file: nonEmpty.optional(),
});

const sourceSchema = z
  .strictObject({
    regulation: z
      .array(z.string().regex(ARTICLE_NUMBER_PATTERN, { message: 'expected an article number like "5.2"' }))
      .min(1, { message: 'must list at least one article' })
      .optional(),
    response: pastResponseSchema.optional(),
  })
  .refine((s) => s.regulation !== undefined || s.response !== undefined, {
    message: 'needs regulation articles or a past response',
  });

export const entrySchema = z.strictObject({
  id: z.string().regex(ENTRY_ID_PATTERN, { message: 'expected an id like "access.shared-accounts"' }),
  category: nonEmpty,
  questions: z.array(nonEmpty).min(1, { message: 'needs at least one phrasing' }),
  answer: entryAnswerSchema,
  remarks: remarksSchema,
  source: sourceSchema,
  reviewed: isoDate,
  owner: nonEmpty,
  tags: z.array(nonEmpty).optional(),
  about: z.array(nonEmpty).min(1, { message: 'list at least one term, or leave about out' }).optional(),
  status: z.enum(['approved', 'draft']).optional(),
});

/** What the schema yields; `Entry` without the loader-set `origin`. */
export type EntryInput = z.infer<typeof entrySchema>;

// Compile-time check that the schema produces exactly the shared shape (both directions).
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesEntry: Exact<EntryInput, Omit<Entry, 'origin'>> = true;
void _schemaMatchesEntry;

/** A synonyms file: a list of groups, each a list of at least two equivalent terms. */
/** Topics the regulation does not settle: a question naming one is never answered by an entry that does not name it too. */
export const unsettledSchema = z.array(
  z.strictObject({
    topic: nonEmpty,
    terms: z.array(nonEmpty).min(1, { message: 'a topic needs at least one term' }),
    note: z.string().optional(),
  }),
);

/** `regulation/reviews.yaml`: the regulation's yearly reviews, one record each. */
export const regulationReviewsSchema = z.array(
  z.strictObject({
    date: isoDate,
    by: nonEmpty,
    note: z.string().optional(),
  }),
);

export const synonymsSchema = z.array(z.array(nonEmpty).min(2, { message: 'a group needs at least two terms' }));
