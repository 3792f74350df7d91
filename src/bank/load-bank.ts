/**
 * The answer bank from the texts of its files (node/bank-cache.ts reads them): entries (every
 * `*.yaml` / `*.yml`, `inbox/` included), `synonyms.yaml`, `unsettled.yaml`, and the regulation
 * text under `regulation/`. This is the only code that parses YAML. Bank files are hand-edited
 * input: every problem carries `file:line:col`, all problems are collected before anything is
 * thrown, and hostile files (huge, alias bombs) are refused. Pure: texts in, entries out.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { KotaeError } from '../domain/errors.js';
import { MAX_ALIAS_COUNT, MAX_BANK_FILE_BYTES } from '../domain/limits.js';
import { excerpt } from '../domain/safe-text.js';
import { regulationOf } from './regulation.js';
import { entrySchema, regulationReviewsSchema, synonymsSchema, unsettledSchema } from './schema.js';
import type { Bank, Entry, Regulation, SynonymGroup, UnsettledTopic } from '../domain/types.js';

const SYNONYMS_FILE = 'synonyms.yaml';
const UNSETTLED_FILE = 'unsettled.yaml';

/** One file of a bank folder, as read from disk. */
export interface BankFile {
  /** path relative to the bank folder (`synonyms.yaml`, `inbox/acme.yaml`) */
  rel: string;
  /** display path, e.g. `answer-bank/access.yaml` */
  file: string;
  /** absolute path */
  path: string;
  /** bytes on disk */
  size: number;
  /** the file's text; absent when it is larger than the limit (and was not read), or not UTF-8 */
  text?: string;
  /** why the file's bytes are not UTF-8, and where (bank files are decoded strictly: see read-text.ts) */
  encodingError?: { message: string; line: number; col: number };
}

/** The files of a bank folder, read once. */
export interface BankFolder {
  /** absolute path of the folder */
  root: string;
  /** the YAML files, sorted */
  files: BankFile[];
  /** regulation/regulation.txt, when the bank ships one */
  regulation?: BankFile;
  /** regulation/reviews.yaml, the record of the regulation's yearly reviews (第1.4条), when there is one */
  reviews?: BankFile;
  /** display paths of bank files that are symbolic links out of the folder (not read) */
  outside?: string[];
  /** display path of regulation/regulation.txt when it is a symbolic link out of the folder (not read) */
  regulationOutside?: string;
  /** the size limit the YAML files were read with */
  maxFileBytes: number;
}

export type ProblemCode = 'yaml' | 'schema' | 'duplicate-id' | 'too-large' | 'synonyms' | 'unsettled' | 'regulation' | 'encoding' | 'symlink';

/** One thing wrong with the bank's files, located as precisely as possible. */
export interface Problem {
  code: ProblemCode;
  /** display path, e.g. `answer-bank/access.yaml` */
  file: string;
  line?: number;
  col?: number;
  entryId?: string;
  /** field path inside the entry, e.g. `remarks.ja`, `questions[2]` */
  path?: string;
  message: string;
}

/** `answer-bank/access.yaml:42:5 access.mfa: answer: Invalid option: …` */
export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}:${p.col ?? 1}` : p.file;
  const parts = [where];
  if (p.entryId) parts.push(`${p.entryId}:`);
  if (p.path) parts.push(`${p.path}:`);
  parts.push(p.message);
  return parts.join(' ');
}

/** The bank, or one BANK_INVALID error listing every problem (one per line). */
export function bankOrThrow(folder: BankFolder): Bank {
  const { bank, problems } = parseBank(folder);
  if (problems.length > 0) {
    const n = problems.length;
    throw new KotaeError(
      'BANK_INVALID',
      `answer bank has ${n} problem${n === 1 ? '' : 's'}:\n${problems.map(formatProblem).join('\n')}`,
      'fix the lines above, then run `kotae bank validate`',
    );
  }
  return bank;
}

/**
 * Everything that can be loaded, and the problems alongside: entries with problems are left out
 * of `bank.entries`. Used by the validator, which reports instead of throwing.
 */
export function parseBank(folder: BankFolder): { bank: Bank; problems: Problem[] } {
  const { root, maxFileBytes: maxBytes } = folder;
  const problems: Problem[] = [];
  const entries: Entry[] = [];
  let synonyms: SynonymGroup[] = [];
  let unsettled: UnsettledTopic[] = [];

  // a link out of the bank folder is not read (node/bank-cache.ts): a bank is what its folder holds
  for (const file of folder.outside ?? []) {
    problems.push({ code: 'symlink', file, message: 'is a symbolic link to a file outside the bank folder: not read (copy the file into the bank instead)' });
  }
  for (const f of folder.files) {
    const rel = f.rel;
    if (rel === SYNONYMS_FILE || rel === 'synonyms.yml') {
      const r = readListFile(f, maxBytes, synonymsSchema, 'synonyms');
      synonyms = r.items;
      problems.push(...r.problems);
      continue;
    }
    if (rel === UNSETTLED_FILE) {
      const r = readListFile(f, maxBytes, unsettledSchema, 'unsettled');
      unsettled = r.items;
      problems.push(...r.problems);
      continue;
    }
    const r = readEntriesFile(f, maxBytes);
    entries.push(...r.entries);
    problems.push(...r.problems);
  }

  // Duplicate ids make matching and reports ambiguous: every occurrence after the first is a problem.
  const firstSeen = new Map<string, Entry>();
  for (const e of entries) {
    const prev = firstSeen.get(e.id);
    if (!prev) {
      firstSeen.set(e.id, e);
      continue;
    }
    problems.push({
      code: 'duplicate-id',
      file: e.origin?.file ?? '',
      ...(e.origin ? { line: e.origin.line, col: e.origin.col } : {}),
      entryId: e.id,
      path: 'id',
      message: `duplicate id, first defined at ${prev.origin ? `${prev.origin.file}:${prev.origin.line}:${prev.origin.col}` : 'another entry'}`,
    });
  }

  let regulation: Regulation | undefined;
  if (folder.regulationOutside) {
    problems.push({
      code: 'regulation',
      file: folder.regulationOutside,
      message: 'regulation file is a symbolic link to a file outside the bank folder: not read',
    });
  } else if (folder.regulation?.encodingError) {
    problems.push({ code: 'regulation', file: folder.regulation.file, message: `regulation file is ${folder.regulation.encodingError.message}` });
  } else if (folder.regulation) {
    try {
      regulation = regulationOf(folder.regulation.text);
    } catch (e) {
      if (!(e instanceof KotaeError)) throw e;
      problems.push({ code: 'regulation', file: folder.regulation.file, message: e.message });
    }
  }
  // the regulation's yearly reviews (第1.4条): a review that changed nothing is recorded here only
  if (regulation && folder.reviews) {
    const r = readListFile(folder.reviews, maxBytes, regulationReviewsSchema, 'regulation');
    // a record that breaks the schema is a schema error at its line, not an unreadable regulation
    problems.push(...r.problems.map((p) => (p.code === 'regulation' ? { ...p, code: 'schema' as const } : p)));
    if (r.items.length > 0) regulation = { ...regulation, reviews: r.items };
  }

  const bank: Bank = { dir: root, entries, synonyms, unsettled, ...(regulation ? { regulation } : {}) };
  return { bank, problems };
}

/** A synonyms file read on its own; throws BANK_INVALID listing its problems. */
export function synonymsOrThrow(file: BankFile, maxBytes = MAX_BANK_FILE_BYTES): SynonymGroup[] {
  const r = readListFile(file, maxBytes, synonymsSchema, 'synonyms');
  if (r.problems.length > 0) {
    throw new KotaeError('BANK_INVALID', `synonyms file has problems:\n${r.problems.map(formatProblem).join('\n')}`);
  }
  return r.items;
}

// ---------------------------------------------------------------------------------------------

interface ParsedFile {
  doc: Document.Parsed;
  lc: LineCounter;
  value: unknown;
}

/** Parse one YAML file into its document and plain value, or problems. */
function parseYamlFile({ file, size, text, encodingError }: BankFile, maxBytes: number, code: ProblemCode): { parsed?: ParsedFile; problems: Problem[] } {
  if (size > maxBytes || (text === undefined && !encodingError)) {
    return {
      problems: [
        { code: 'too-large', file, message: `file is ${(size / 1024 / 1024).toFixed(1)} MB, above the ${(maxBytes / 1024 / 1024).toFixed(0)} MB limit` },
      ],
    };
  }
  if (encodingError) return { problems: [{ code: 'encoding', file, line: encodingError.line, col: encodingError.col, message: encodingError.message }] };
  if (text === undefined) return { problems: [] };
  const lc = new LineCounter();
  // YAML 1.2 core schema: unquoted 2025-08-30 stays a string, `no` stays a string (not false).
  const doc = parseDocument(text, { lineCounter: lc, version: '1.2', schema: 'core', prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((err) => {
        const pos = lc.linePos(err.pos[0]);
        return { code: 'yaml' as const, file, line: pos.line, col: pos.col, message: firstLine(err.message) };
      }),
    };
  }
  try {
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { parsed: { doc, lc, value }, problems: [] };
  } catch (e) {
    const message = e instanceof Error ? firstLine(e.message) : String(e);
    return { problems: [{ code: code === 'synonyms' ? 'synonyms' : 'yaml', file, line: 1, col: 1, message: `cannot expand the document: ${message}` }] };
  }
}

/** The first line of a parser's message, as a short escaped excerpt: it may quote the file (an alias, a key). */
function firstLine(s: string): string {
  return excerpt(s.split('\n')[0]!.trim(), 160);
}

function readEntriesFile(bankFile: BankFile, maxBytes: number): { entries: Entry[]; problems: Problem[] } {
  const { file, path } = bankFile;
  const { parsed, problems } = parseYamlFile(bankFile, maxBytes, 'yaml');
  if (!parsed) return { entries: [], problems };
  const { doc, lc, value } = parsed;
  if (value === null || value === undefined) return { entries: [], problems: [] }; // empty file
  if (!Array.isArray(value) || !isSeq(doc.contents)) {
    const pos = nodePos(doc.contents, lc) ?? { line: 1, col: 1 };
    return { entries: [], problems: [{ code: 'schema', file, ...pos, message: 'expected a list of entries (each starting with "- id: …")' }] };
  }
  const entries: Entry[] = [];
  const seq = doc.contents;
  value.forEach((item: unknown, i: number) => {
    const node = seq.items[i] as YamlNode | undefined;
    const itemPos = nodePos(node, lc) ?? { line: 1, col: 1 };
    const rawId = item && typeof item === 'object' && 'id' in item ? (item as { id: unknown }).id : undefined;
    // (an excerpt: a file that is not a bank must not have its values quoted at length)
    const entryId = typeof rawId === 'string' && rawId ? excerpt(rawId, 60) : `#${i + 1}`;
    const result = entrySchema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(issueToProblem(issue, item, node, lc, itemPos, file, entryId));
      return;
    }
    entries.push({ ...result.data, origin: { file, path, ...itemPos } });
  });
  return { entries, problems };
}

/** A YAML file holding one list validated by `schema` (synonyms.yaml, unsettled.yaml). */
function readListFile<T>(
  bankFile: BankFile,
  maxBytes: number,
  schema: z.ZodType<T[]>,
  code: 'synonyms' | 'unsettled' | 'regulation',
): { items: T[]; problems: Problem[] } {
  const { file } = bankFile;
  const { parsed, problems } = parseYamlFile(bankFile, maxBytes, code);
  if (!parsed) return { items: [], problems: problems.map((p) => ({ ...p, code: p.code === 'too-large' || p.code === 'encoding' ? p.code : code })) };
  const { doc, lc, value } = parsed;
  if (value === null || value === undefined) return { items: [], problems: [] };
  const result = schema.safeParse(value);
  if (result.success) return { items: result.data, problems: [] };
  const top = nodePos(doc.contents, lc) ?? { line: 1, col: 1 };
  return {
    items: [],
    problems: result.error.issues.map((issue) => ({
      ...issueToProblem(issue, value, doc.contents as YamlNode | undefined, lc, top, file, undefined),
      code,
    })),
  };
}

function nodePos(node: unknown, lc: LineCounter): { line: number; col: number } | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  if (!range) return undefined;
  return lc.linePos(range[0]);
}

/** Walk the YAML node tree along a zod path; `key` returns the map key node of the last segment. */
function nodeAt(root: YamlNode | undefined, path: readonly PropertyKey[], key = false): YamlNode | undefined {
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as { value?: unknown } | null;
        return k !== null && typeof k === 'object' && String(k.value) === String(seg);
      });
      if (!pair) return undefined;
      node = last && key ? pair.key : (pair.value ?? pair.key);
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return undefined;
    }
  }
  return node as YamlNode | undefined;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

function issueToProblem(
  issue: z.core.$ZodIssue,
  value: unknown,
  node: YamlNode | undefined,
  lc: LineCounter,
  fallback: { line: number; col: number },
  file: string,
  entryId: string | undefined,
): Problem {
  const path: PropertyKey[] = [...issue.path];
  let message = issue.message;
  let located: YamlNode | undefined;
  if (issue.code === 'unrecognized_keys') {
    // Point at the first unknown key itself: that is where the typo is.
    const keys = issue.keys;
    located = nodeAt(node, [...path, keys[0] ?? ''], true);
    message = `unknown key${keys.length > 1 ? 's' : ''} ${keys
      .slice(0, 5)
      .map((k) => `"${excerpt(String(k), 40)}"`)
      .join(', ')}${keys.length > 5 ? ` and ${keys.length - 5} more` : ''}`;
  } else if (issue.code === 'invalid_type' && valueAt(value, path) === undefined) {
    message = 'is required';
    // A missing field has no node: point at its parent object.
    located = nodeAt(node, path.slice(0, -1));
  }
  // Walk up until some node of the path exists in the document.
  for (let n = path.length; !located && n >= 0; n--) located = nodeAt(node, path.slice(0, n));
  const pos = nodePos(located, lc) ?? fallback;
  const pathText = formatPath(path);
  return {
    code: 'schema',
    file,
    line: pos.line,
    col: pos.col,
    ...(entryId ? { entryId } : {}),
    ...(pathText ? { path: pathText } : {}),
    message,
  };
}
