/** The answer bank's public API: load, validate, cite. */
export type { Bank, Canonical, Entry, Language, Regulation, Article, SynonymGroup, PastResponse, EntrySource } from '../domain/types.js';
export { CANONICALS } from '../domain/types.js';
export { entrySchema, synonymsSchema, ENTRY_ID_PATTERN, type EntryInput } from './schema.js';
export {
  loadBank,
  loadBankWithProblems,
  loadSynonyms,
  formatProblem,
  MAX_BANK_FILE_BYTES,
  MAX_ALIAS_COUNT,
  SYNONYMS_FILE,
  type Problem,
  type ProblemCode,
  type LoadBankOptions,
} from './load-bank.js';
export {
  parseRegulation,
  loadRegulation,
  formatCitation,
  compareArticleNumbers,
  toIsoDate,
  DEFAULT_REGULATION_TITLE,
  REGULATION_TITLE_EN,
} from './regulation.js';
export {
  validateBank,
  checkBank,
  formatFindings,
  exitCodeFor,
  summarize,
  normalisePhrasing,
  diceSimilarity,
  phrasingLanguage,
  CONTRADICTION_DICE,
  type Finding,
  type FindingCode,
  type Severity,
  type ValidateOptions,
} from './validate-bank.js';
