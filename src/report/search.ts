/** `kotae search`: the decision a row with this question would get and the leading candidates, or the entry an id names. */
import type { Entry } from '../domain/types.js';
import type { Candidate, Decision } from '../match/types.js';
import { jsonSafe, neutralizeControls } from '../domain/safe-text.js';
import { reasonText } from './reasons.js';
import { PLAIN, type Style } from './style.js';

export function searchToJson(question: string, decision: Decision, candidates: readonly Candidate[]): string {
  const json = {
    question,
    decision: {
      status: decision.status,
      reason: decision.reason,
      detail: decision.detail,
      entry: decision.entry?.id,
      answer: decision.answer,
      score: decision.score,
    },
    candidates: candidates.map((c) => ({
      entry: c.entry.id,
      answer: c.entry.answer,
      score: c.score,
      phrasing: c.phrasing,
      articles: c.entry.source.regulation ?? [],
    })),
  };
  return `${jsonSafe(JSON.stringify(json, null, 2))}\n`;
}

export function searchToText(decision: Decision, candidates: readonly Candidate[], style: Style = PLAIN): string {
  const lines: string[] = [];
  const verdict =
    decision.status === 'answered' && decision.answer === 'describe'
      ? style.green(
          `answered with remarks: ${decision.entry?.id} (an open question: the remarks are the answer; \`answer\` writes them and leaves the answer cell to a person)`,
        )
      : decision.status === 'answered'
        ? style.green(`answered: ${decision.entry?.id} → ${decision.answer}`)
        : style.yellow(`${decision.status}: ${reasonText(decision.reason, decision.detail)}`);
  lines.push(`decision  ${verdict} (score ${decision.score.toFixed(3)})`);
  if (candidates.length === 0) lines.push(style.dim('no entry shares a word with this question'));
  candidates.forEach((c, i) => {
    const arts = (c.entry.source.regulation ?? []).map((a) => `第${a}条`).join('・');
    lines.push(`${String(i + 1).padStart(2)}. ${c.score.toFixed(3)}  ${style.bold(c.entry.id)}  ${c.entry.answer}${arts ? `  ${arts}` : ''}`);
    lines.push(`      ${style.dim(neutralizeControls(c.phrasing, ''))}`);
  });
  return `${lines.join('\n')}\n`;
}

/** One entry, named by its id: everything it says and where it rests. */
export function entryToJson(entry: Entry): string {
  const { id, category, answer, questions, remarks, source, reviewed, owner } = entry;
  const json = {
    entry: {
      id,
      status: entry.status ?? 'approved',
      category,
      answer,
      questions,
      remarks,
      articles: source.regulation ?? [],
      ...(source.response ? { response: source.response } : {}),
      reviewed,
      owner,
      ...(entry.origin ? { file: `${entry.origin.file}:${entry.origin.line}:${entry.origin.col}` } : {}),
    },
  };
  return `${jsonSafe(JSON.stringify(json, null, 2))}\n`;
}

export function entryToText(entry: Entry, style: Style = PLAIN): string {
  const arts = (entry.source.regulation ?? []).map((a) => `第${a}条`).join('・');
  const lines = [
    `entry  ${style.bold(entry.id)}  ${entry.answer}${arts ? `  ${arts}` : ''}  (${entry.category})${entry.status === 'draft' ? style.yellow('  draft: never answers') : ''}`,
  ];
  for (const q of entry.questions) lines.push(`      ${style.dim(q)}`);
  for (const lang of ['ja', 'en'] as const) if (entry.remarks[lang]) lines.push(`remarks (${lang}): ${entry.remarks[lang]}`);
  if (entry.source.response) lines.push(`past response: ${entry.source.response.customer}, ${entry.source.response.date}`);
  lines.push(`reviewed ${entry.reviewed} by ${entry.owner}${entry.origin ? `; ${entry.origin.file}:${entry.origin.line}:${entry.origin.col}` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** The note for an id-shaped text that is no entry's id: the ids it may have meant ('' when none is close). */
export function idNote(text: string, didYouMean: readonly string[]): string {
  if (didYouMean.length === 0) return '';
  return `note: no entry has the id "${text.trim()}"; did you mean ${didYouMean.join(' or ')}? (searched as a question above)\n`;
}
