/** `kotae coverage` as text, Markdown or JSON (the figures come from app/coverage.ts). */
import type { CoverageReport } from '../app/coverage.js';
import { jsonSafe, neutralizeDeep } from '../domain/safe-text.js';
import { textUnits } from '../plan/clipped-rows.js';
import { mdText } from './markdown.js';

function share(n: number, d: number): number {
  return d > 0 ? n / d : 0;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function oneLine(s: string, max = 100): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function coverageToText(report: CoverageReport, min: number): string {
  // file and sheet names and questions come from the sheets: no control character reaches the terminal
  const r = neutralizeDeep(report);
  const lines: string[] = [];
  const rows = r.sheets.map((s) => [
    `${s.file} [${s.sheet}]`,
    String(s.questions),
    String(s.answered),
    String(s.review),
    String(s.unmatched),
    pct(s.answeredShare),
  ]);
  const head = ['sheet', 'questions', 'answered', 'review', 'unmatched', 'answered %'];
  const total = [
    'overall',
    String(r.overall.questions),
    String(r.overall.answered),
    String(r.overall.review),
    String(r.overall.unmatched),
    pct(r.overall.answeredShare),
  ];
  const all = [head, ...rows, total];
  // columns a terminal gives each cell: 「セキュリティ」 takes two per character
  const widths = head.map((_, i) => Math.max(...all.map((row) => textUnits(row[i] ?? ''))));
  const pad = (c: string, w: number) => ' '.repeat(Math.max(0, w - textUnits(c)));
  const fmt = (row: string[]) => row.map((c, i) => (i === 0 ? c + pad(c, widths[i]!) : pad(c, widths[i]!) + c)).join('  ');
  lines.push(fmt(head));
  for (const row of rows) lines.push(fmt(row));
  lines.push(fmt(total));
  lines.push('');
  const o = r.overall;
  lines.push(
    `overall: ${o.questions} question rows in ${r.sheets.length} sheet(s) of ${r.readable} workbook(s): answered ${o.answered} (${pct(o.answeredShare)}), review ${o.review} (${pct(share(o.review, o.questions))}), unmatched ${o.unmatched} (${pct(share(o.unmatched, o.questions))})`,
  );
  if (r.unreadable > 0) {
    lines.push('');
    lines.push(`not read (${r.unreadable}):`);
    for (const f of r.files) if (f.error !== undefined) lines.push(`  ${f.file}: ${oneLine(f.error, 200)}`);
  }
  lines.push('');
  lines.push(`top unmatched topics (review + unmatched rows, similar questions grouped):`);
  if (r.topics.length === 0) lines.push('  none');
  for (const t of r.topics) {
    lines.push(
      `  ${String(t.count).padStart(4)}  ${oneLine(t.example)}  (review ${t.review}, unmatched ${t.unmatched}; e.g. ${t.where.file} [${t.where.sheet}] row ${t.where.row})`,
    );
  }
  lines.push('');
  lines.push(`approved entries no sheet matched (${r.unusedEntries.length}):`);
  for (const e of r.unusedEntries) lines.push(`  ${e.id}  ${oneLine(e.question, 80)}`);
  lines.push('');
  lines.push(
    r.overall.answeredShare < min
      ? `FAIL: answered share ${pct(o.answeredShare)} is below --min ${pct(min)}`
      : `ok: answered share ${pct(o.answeredShare)} is at or above --min ${pct(min)}`,
  );
  return `${lines.join('\n')}\n`;
}

function mdCell(s: string): string {
  return mdText(oneLine(s, 200));
}

export function coverageToMarkdown(r: CoverageReport, min: number): string {
  const o = r.overall;
  const lines: string[] = ['# Answer bank coverage', ''];
  lines.push(
    `Answered **${o.answered} of ${o.questions}** question rows (${pct(o.answeredShare)}); review ${o.review}, unmatched ${o.unmatched}. Threshold \`--min\` ${pct(min)}: **${o.answeredShare < min ? 'FAIL' : 'ok'}**.`,
    '',
  );
  lines.push('| file | sheet | questions | answered | review | unmatched | answered % |', '|---|---|---:|---:|---:|---:|---:|');
  for (const s of r.sheets)
    lines.push(`| ${mdCell(s.file)} | ${mdCell(s.sheet)} | ${s.questions} | ${s.answered} | ${s.review} | ${s.unmatched} | ${pct(s.answeredShare)} |`);
  lines.push(`| **overall** | | ${o.questions} | ${o.answered} | ${o.review} | ${o.unmatched} | ${pct(o.answeredShare)} |`, '');
  if (r.unreadable > 0) {
    lines.push('## Not read', '');
    for (const f of r.files) if (f.error !== undefined) lines.push(`- ${mdCell(f.file)}: ${mdCell(f.error)}`);
    lines.push('');
  }
  lines.push('## Top unmatched topics', '', '| rows | review | unmatched | example question | where |', '|---:|---:|---:|---|---|');
  for (const t of r.topics)
    lines.push(`| ${t.count} | ${t.review} | ${t.unmatched} | ${mdCell(t.example)} | ${mdCell(`${t.where.file} [${t.where.sheet}] row ${t.where.row}`)} |`);
  lines.push('', `## Approved entries no sheet matched (${r.unusedEntries.length})`, '');
  for (const e of r.unusedEntries) lines.push(`- ${mdCell(e.id)} ${mdCell(e.question)}`);
  return `${lines.join('\n')}\n`;
}

export function coverageToJson(r: CoverageReport, min: number): string {
  return `${jsonSafe(JSON.stringify({ min, pass: r.overall.answeredShare >= min, ...r }, null, 2))}\n`;
}
