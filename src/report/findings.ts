/** `kotae bank validate` findings as text (one line each, then a summary) or JSON. */
import type { Finding } from '../bank/validate-bank.js';
import { jsonSafe, neutralizeDeep } from '../domain/safe-text.js';

function summarize(findings: readonly Finding[]): { errors: number; warnings: number; infos: number } {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}

/**
 * Text: one line per finding, `error   answer-bank/access.yaml:42:5 access.mfa: message [code]`,
 * then a summary line. JSON: `{ findings, summary }`. Both end with a newline, ready to print.
 */
export function formatFindings(findings: readonly Finding[], format: 'text' | 'json'): string {
  const summary = summarize(findings);
  if (format === 'json') return `${jsonSafe(JSON.stringify({ findings, summary }, null, 2))}\n`;
  // messages quote bank text and file names: no control character reaches the terminal
  const lines = neutralizeDeep(findings, '').map((f) => {
    const where = f.file ? `${f.file}${f.line !== undefined ? `:${f.line}:${f.col ?? 1}` : ''} ` : '';
    const id = f.entryId ? `${f.entryId}: ` : '';
    return `${f.severity.padEnd(7)} ${where}${id}${f.message} [${f.code}]`;
  });
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.infos} info`);
  return `${lines.join('\n')}\n`;
}
