/**
 * Types of the answer bank shared by every layer. The zod schema in `bank/schema.ts` validates
 * YAML into exactly these shapes; matching and reporting depend only on these types.
 */

/** Canonical answers: yes ○ / no × / partial △ / na －. */
export type Canonical = 'yes' | 'no' | 'partial' | 'na';

/**
 * What an entry answers: a canonical answer, or `describe` for a question that asks what, which,
 * how or who (「認証基盤は何ですか」, "Which identity provider do you use?"): its remarks are the
 * answer, and no yes / no / partial / n.a. is ever written or published for it.
 */
export type EntryAnswer = Canonical | 'describe';

export type Language = 'ja' | 'en';

export interface PastResponse {
  customer: string;
  /** ISO date (YYYY-MM-DD) */
  date: string;
  file?: string;
}

export interface EntrySource {
  /** Article numbers as in 第5.2条 → "5.2" */
  regulation?: string[];
  response?: PastResponse;
}

/** One answer of the bank, as validated from YAML. */
export interface Entry {
  /** unique, stable, e.g. `access.shared-accounts` */
  id: string;
  category: string;
  /** The phrasings this entry answers, Japanese and English. */
  questions: string[];
  /** `describe`: the remarks are the answer (an open question); see `EntryAnswer` */
  answer: EntryAnswer;
  remarks: { ja?: string; en?: string };
  source: EntrySource;
  /** ISO date of the last review (YYYY-MM-DD) */
  reviewed: string;
  owner: string;
  tags?: string[];
  /**
   * What the entry is about, when its phrasings could carry questions on narrower topics: a
   * question must name one of these terms (or a synonym of one) for this entry to answer it. For
   * a general principle — 「運用プロセスは原則自動化する」 does not say that access control or
   * testing is automated — `about: [運用, デプロイ, operations]`.
   */
  about?: string[];
  /** drafts never answer */
  status?: 'approved' | 'draft';
  /** Where the entry was read from: `file` for messages (`answer-bank/access.yaml:42:5`), `path` absolute (for edits). */
  origin?: { file: string; path: string; line: number; col: number };
}

/** Groups of equivalent terms, e.g. ["MFA", "多要素認証", "二要素認証", "2FA", "二段階認証"]. */
export type SynonymGroup = string[];

/**
 * A topic the regulation does not settle (certifications, encryption, backups, log retention,
 * privacy …). A question naming one of its terms is never answered by an entry whose phrasings do
 * not name it too: related-looking entries must not answer what the company has not stated.
 */
export interface UnsettledTopic {
  topic: string;
  terms: string[];
  note?: string;
}

export interface Article {
  /** "5.2" */
  number: string;
  /** chapter number, e.g. 5 */
  chapter: number;
  chapterTitle: string;
  /** "アカウント管理" */
  title: string;
  text: string;
}

/**
 * One yearly review of the regulation (第1.4条: reviewed at least once a year, revised as needed),
 * from `regulation/reviews.yaml`. A review that finds nothing to change leaves regulation.txt and
 * its 最終改訂 as they are; this record is what shows it took place.
 */
export interface RegulationReview {
  /** ISO date (YYYY-MM-DD) */
  date: string;
  /** who reviewed it (a role such as CTO, or a name) */
  by: string;
  /** what came of it, e.g. "no revision needed" */
  note?: string;
}

export interface Regulation {
  title: string;
  /** ISO dates */
  enacted?: string;
  lastRevised?: string;
  articles: Article[];
  /** recorded yearly reviews (`regulation/reviews.yaml`), in file order */
  reviews?: RegulationReview[];
}

export interface Bank {
  /** folder the bank was loaded from */
  dir: string;
  /** every entry, drafts included (matching skips drafts) */
  entries: Entry[];
  synonyms: SynonymGroup[];
  /** topics the regulation does not settle (`unsettled.yaml`) */
  unsettled?: UnsettledTopic[];
  regulation?: Regulation;
  /** hash of the bank's files when the cache is on (bank-cache.ts): keys the match-index cache too */
  cacheKey?: string;
}
