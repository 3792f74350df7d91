/** `kotae bank import`: new phrasings, conflicts, drafts and skipped rows, as text or JSON. */
import { importCounts, type ImportPlan, type ResponseRow } from '../bank/import-plan.js';
import type { FileChange } from '../bank/import-yaml.js';
import { jsonSafe, neutralizeDeep } from '../domain/safe-text.js';
import { PLAIN, type Style } from './style.js';

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function where(r: ResponseRow): string {
  return `${r.file} ${r.sheet}!${r.row}${r.id ? ` (${r.id})` : ''}`;
}

export interface ImportTextOptions {
  dryRun: boolean;
  /** how many workbooks were read */
  fileCount: number;
  /** a bank file's path as the user should read it (relative to the working folder) */
  display: (path: string) => string;
}

/** What `kotae bank import` found and did, for a person. */
export function importToText(
  rawPlan: ImportPlan,
  rawChanges: readonly FileChange[],
  { dryRun, fileCount, display }: ImportTextOptions,
  style: Style = PLAIN,
): string {
  // questions, sheet and file names come from the sheets: no control character reaches the terminal
  const plan = neutralizeDeep(rawPlan, '');
  const changes = neutralizeDeep(
    rawChanges.map((c) => ({ ...c, before: c.before === undefined ? undefined : '', after: '' })),
    '',
  );
  const n = importCounts(plan);
  const lines: string[] = [];
  lines.push(`${n.responses} answered row(s) read from ${fileCount} workbook(s) (${plan.source.customer}, ${plan.source.date})`);
  lines.push('');
  lines.push(style.bold(`new phrasings: ${n.phrasings} for ${n.entriesExtended} entr${n.entriesExtended === 1 ? 'y' : 'ies'}`));
  for (const p of plan.phrasings) lines.push(`  ${p.entryId} (${p.answer}) + "${oneLine(p.question)}"  ${style.dim(where(p.from))}`);
  lines.push('');
  lines.push(style.bold(`${n.conflicts > 0 ? style.red('conflicts') : 'conflicts'}: ${n.conflicts}`));
  for (const c of plan.conflicts) {
    lines.push(`  ${where(c.from)}: answered ${c.answer} (${c.from.answerText})`);
    lines.push(`    sheet: "${oneLine(c.from.question)}"`);
    if (c.other.kind === 'entry') {
      lines.push(`    bank:  ${c.other.entryId}${c.other.status === 'draft' ? ' (draft)' : ''} answers ${c.other.answer}: "${oneLine(c.other.phrasing)}"`);
    } else {
      lines.push(`    same question answered ${c.other.answer} at ${c.other.file} ${c.other.sheet}!${c.other.row}: "${oneLine(c.other.question)}"`);
    }
  }
  lines.push('');
  lines.push(style.bold(`drafts: ${n.drafts} entr${n.drafts === 1 ? 'y' : 'ies'} from ${n.draftRows} row(s)`) + (n.drafts ? ` → ${plan.draftFile}` : ''));
  const skippedTotal = plan.skipped.length;
  lines.push('');
  lines.push(
    style.bold(`skipped: ${skippedTotal}`) +
      (skippedTotal
        ? ` (${n.skipped['free-text']} free-text answer(s) that are not yes/no/partial/n.a., ${n.skipped.known} already in the bank, ${n.skipped.duplicate} repeated in the sheet)`
        : ''),
  );
  for (const s of plan.skipped.filter((x) => x.reason === 'free-text').slice(0, 20)) {
    lines.push(`  ${where(s.from)}: "${s.from.answerText.slice(0, 60)}"`);
  }
  lines.push('');
  if (n.responses === 0) {
    // a blank sheet: nothing a person answered, so nothing to learn (not "the bank holds it all")
    lines.push(
      `no answered rows in ${fileCount === 1 ? 'this workbook' : 'these workbooks'}: nothing to import. bank import reads the rows a person answered (○ / × / Yes / No …) in a completed sheet; check the answer column with \`kotae inspect\`, or name it with --answer-col`,
    );
  } else if (changes.length === 0) lines.push('nothing to change: the bank already holds every answer of these sheets');
  for (const c of changes) {
    const what = c.entriesAdded ? `${c.entriesAdded} draft(s)` : `${c.phrasingsAdded} phrasing(s)`;
    lines.push(`${dryRun ? 'would write' : c.before === undefined ? 'created' : 'updated'} ${display(c.path)} (${what})`);
  }
  if (dryRun) lines.push(style.yellow('dry run: nothing written'));
  if (n.drafts > 0 && !dryRun) lines.push(`next: review ${plan.draftFile} and set status: approved on the entries that are right`);
  return `${lines.join('\n')}\n`;
}

/** What `kotae bank import` found and did, as JSON. */
export function importToJson(plan: ImportPlan, changes: readonly FileChange[], dryRun: boolean): string {
  const row = (r: ResponseRow) => ({ file: r.file, sheet: r.sheet, row: r.row, id: r.id, question: r.question, answerText: r.answerText, answer: r.answer });
  const json = {
    source: plan.source,
    dryRun,
    counts: importCounts(plan),
    phrasings: plan.phrasings.map((p) => ({ entry: p.entryId, question: p.question, answer: p.answer, from: row(p.from) })),
    conflicts: plan.conflicts.map((c) => ({ from: row(c.from), answer: c.answer, other: c.other })),
    drafts: plan.drafts.map((d) => ({ id: d.entry.id, answer: d.entry.answer, questions: d.entry.questions, rows: d.rows.map(row) })),
    draftFile: plan.draftFile,
    skipped: plan.skipped.map((s) => ({ reason: s.reason, entry: s.entryId, from: row(s.from) })),
    files: changes.map((c) => ({
      path: c.path,
      created: c.before === undefined,
      phrasingsAdded: c.phrasingsAdded,
      entriesAdded: c.entriesAdded,
      written: !dryRun,
    })),
  };
  return `${jsonSafe(JSON.stringify(json, null, 2))}\n`;
}
