/**
 * The YAML side of `bank import`: the new text of every bank file the plan changes.
 *
 * Files are hand-edited, so an edit must keep every comment, blank line, key order and quoting
 * style. The `yaml` Document API finds the node to change (the entry's `questions` sequence) and
 * checks the result; the change itself is spliced into the original text at the node's offset,
 * because `Document.toString()` re-renders flow collections (`{ regulation: ["5.1"] }` becomes
 * `{ regulation: [ "5.1" ] }`) and folds long lines, which would rewrite lines nobody touched.
 * Pure: file contents in, file contents out; the CLI writes them.
 */
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, stringify, type YAMLMap, type YAMLSeq } from 'yaml';
import { KotaeError } from '../domain/errors.js';
import type { DraftEntry, ImportPlan } from './import-plan.js';
import { entrySchema } from './schema.js';

export interface FileChange {
  /** absolute path */
  path: string;
  /** undefined when the file is new */
  before: string | undefined;
  after: string;
  /** what changed, for the summary */
  phrasingsAdded: number;
  entriesAdded: number;
}

const PARSE_OPTIONS = { version: '1.2', schema: 'core', uniqueKeys: true } as const;

/** A YAML scalar for one phrasing: plain when YAML allows it, else double-quoted (JSON escapes are YAML escapes). */
export function yamlScalar(text: string): string {
  if (!/[\n\r]/.test(text)) {
    const plain = stringify(text, { version: '1.2', lineWidth: 0 }).replace(/\n$/, '');
    if (!plain.includes('\n')) return plain;
  }
  return JSON.stringify(text);
}

/**
 * The new text of every file the plan touches. `read` returns a file's current text (undefined
 * when it does not exist). Files whose text would not change are left out.
 */
export function buildFileChanges(plan: ImportPlan, bankDir: string, read: (path: string) => string | undefined): FileChange[] {
  const changes: FileChange[] = [];
  const byFile = new Map<string, Map<string, string[]>>();
  for (const p of plan.phrasings) {
    const entries = byFile.get(p.entryFile) ?? new Map<string, string[]>();
    const list = entries.get(p.entryId) ?? [];
    list.push(p.question);
    entries.set(p.entryId, list);
    byFile.set(p.entryFile, entries);
  }
  for (const [path, entries] of byFile) {
    const before = read(path);
    if (before === undefined) {
      throw new KotaeError('IO_ERROR', `cannot read ${path} to add phrasings`, 'the bank changed while importing? run the import again');
    }
    const after = addPhrasings(before, path, entries);
    let added = 0;
    for (const l of entries.values()) added += l.length;
    if (after !== before) changes.push({ path, before, after, phrasingsAdded: added, entriesAdded: 0 });
  }
  if (plan.drafts.length > 0) {
    const path = join(bankDir, plan.draftFile);
    const before = read(path);
    const after = appendDrafts(before, plan);
    changes.push({ path, before, after, phrasingsAdded: 0, entriesAdded: plan.drafts.length });
  }
  return changes;
}

interface Insertion {
  at: number;
  text: string;
}

/** Append phrasings to the `questions` of entries in one file's text. */
export function addPhrasings(text: string, path: string, entries: Map<string, string[]>): string {
  const doc = parseDocument(text, PARSE_OPTIONS);
  if (doc.errors.length > 0 || !isSeq(doc.contents)) {
    throw new KotaeError('BANK_INVALID', `${path}: cannot edit: not a list of entries`, 'run `kotae bank validate`');
  }
  const insertions: Insertion[] = [];
  for (const [id, phrasings] of entries) {
    const item = doc.contents.items.find((it) => isMap(it) && scalarValue((it as YAMLMap).get('id', true)) === id) as YAMLMap | undefined;
    const questions = item?.get('questions', true);
    if (!item || !isSeq(questions) || questions.items.length === 0) {
      throw new KotaeError('BANK_INVALID', `${path}: entry ${id} has no questions list to extend`, 'run `kotae bank validate`');
    }
    insertions.push(insertionFor(text, questions, phrasings));
  }
  let out = text;
  for (const ins of insertions.sort((a, b) => b.at - a.at)) out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);

  // The edit must parse to exactly the old entries plus the new phrasings.
  const check = parseDocument(out, PARSE_OPTIONS);
  const beforeJs = doc.toJS() as { id?: string; questions?: string[] }[];
  const afterJs = check.errors.length === 0 ? (check.toJS() as { id?: string; questions?: string[] }[]) : undefined;
  const expected = beforeJs.map((e) => (e && e.id && entries.has(e.id) ? { ...e, questions: [...(e.questions ?? []), ...(entries.get(e.id) ?? [])] } : e));
  if (!afterJs || JSON.stringify(afterJs) !== JSON.stringify(expected)) {
    throw new Error(`bank import: editing ${path} would not give the expected entries`);
  }
  return out;
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

function insertionFor(text: string, seq: YAMLSeq, phrasings: string[]): Insertion {
  const range = seq.range;
  if (!range) throw new Error('bank import: questions list without a source range');
  if (seq.flow) {
    // `questions: [a, b]` → `questions: [a, b, c]`: insert before the closing bracket
    const close = text.lastIndexOf(']', range[1]);
    let at = close;
    while (at > 0 && /\s/.test(text[at - 1]!)) at--;
    return { at, text: phrasings.map((p) => `, ${JSON.stringify(p)}`).join('') };
  }
  const first = seq.items[0] as { range?: [number, number, number] } | undefined;
  const last = seq.items[seq.items.length - 1] as { range?: [number, number, number] } | undefined;
  if (!first?.range || !last?.range) throw new Error('bank import: question without a source range');
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const indent = /^([ \t]*)-/.exec(text.slice(lineStart, first.range[0]))?.[1] ?? '  ';
  const lines = phrasings.map((p) => `${indent}- ${yamlScalar(p)}`);
  // after the last item's line (a comment may follow it on the same line)
  const end = last.range[1];
  if (end > 0 && text[end - 1] === '\n') return { at: end, text: `${lines.join('\n')}\n` };
  const nl = text.indexOf('\n', end);
  if (nl < 0) return { at: text.length, text: `\n${lines.join('\n')}` };
  return { at: nl, text: `\n${lines.join('\n')}` };
}

function draftYaml(d: DraftEntry): string {
  const e = d.entry;
  // key order as in the hand-written bank
  const ordered = {
    id: e.id,
    category: e.category,
    questions: e.questions,
    answer: e.answer,
    remarks: e.remarks,
    source: e.source,
    reviewed: e.reviewed,
    owner: e.owner,
    status: e.status,
  };
  const parsed = entrySchema.safeParse(ordered);
  if (!parsed.success) throw new Error(`bank import: draft ${e.id} does not fit the schema: ${parsed.error.issues[0]?.message ?? ''}`);
  const rows = d.rows.map((r) => `${r.sheet}!${r.row}${r.id ? ` ${r.id}` : ''}`).join(', ');
  const comment = `# from ${d.rows[0]?.file ?? ''}: ${rows}`.replace(/\s+/g, ' ');
  return `${comment}\n${stringify([ordered], { version: '1.2', lineWidth: 0 })}`;
}

/** The inbox file with the plan's drafts appended (or a new file holding them). */
function appendDrafts(before: string | undefined, plan: ImportPlan): string {
  const body = plan.drafts.map(draftYaml).join('\n');
  if (before === undefined || before.trim() === '') {
    const header =
      `# Drafts from ${plan.source.customer} (${plan.source.date}), written by \`${plan.by ?? 'kotae bank import'}\`.\n` +
      '# Drafts never answer: check each entry, then set `status: approved` (or move it to a topic file).\n\n';
    return header + body;
  }
  const sep = before.endsWith('\n') ? '\n' : '\n\n';
  const out = before + sep + body;
  const check = parseDocument(out, PARSE_OPTIONS);
  if (check.errors.length > 0 || !isSeq(check.contents)) {
    throw new KotaeError(
      'BANK_INVALID',
      `${plan.draftFile}: cannot append drafts: the file is not a list of entries`,
      'fix or move the file, then import again',
    );
  }
  return out;
}
