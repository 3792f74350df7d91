#!/usr/bin/env node
// Per-stage times of `kotae answer` for one workbook and bank, measured in-process by calling the
// same functions as the CLI (from dist/). Prints one JSON object. Used by scripts/bench.mjs.
// Usage: node scripts/bench-stages.mjs <workbook.xlsx> <bank dir> [--report xlsx|json]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const t0 = performance.now();
const dist = new URL('../dist/', import.meta.url);
const [
  { readInput },
  { readWorkbook },
  { openBank },
  { loadIndex },
  { planAnswers },
  { patchWorkbook },
  { buildReport },
  { renderReport },
  { writeFilesAtomic },
] = await Promise.all([
  import(new URL('node/open-input.js', dist).href),
  import(new URL('workbook/read-workbook.js', dist).href),
  import(new URL('node/bank-cache.js', dist).href),
  import(new URL('node/index-cache.js', dist).href),
  import(new URL('plan/plan-answers.js', dist).href),
  import(new URL('workbook/patch-cells.js', dist).href),
  import(new URL('report/build-report.js', dist).href),
  import(new URL('report/write-report.js', dist).href),
  import(new URL('node/write-file-atomic.js', dist).href),
]);
const [file, bankDir] = process.argv.slice(2);
const reportFormat = process.argv.includes('--report') ? process.argv[process.argv.indexOf('--report') + 1] : 'xlsx';
const ms = {};
let t = performance.now();
ms.modules = t - t0;
const lap = (name) => {
  const now = performance.now();
  ms[name] = now - t;
  t = now;
};
const bytes = readInput(file);
const wb = readWorkbook(bytes);
lap('read');
const bank = await openBank(bankDir);
lap('bank');
const index = loadIndex(bank);
lap('index');
const plan = planAnswers(wb, index, { clock: () => performance.now() });
lap('plan');
// the plan times its own stages (detection, then deciding every row)
ms.detect = plan.timings?.detectMs ?? NaN;
ms.match = ms.plan - ms.detect;
delete ms.plan;
const patched = patchWorkbook(bytes, plan.edits, {});
lap('write');
const out = mkdtempSync(join(tmpdir(), 'kotae-stages-'));
const report = buildReport(plan, { input: file, output: join(out, 'out.xlsx'), bank: bankDir, now: new Date() });
const rendered = await renderReport(report, reportFormat);
lap('report');
writeFilesAtomic([
  { path: join(out, 'out.xlsx'), data: patched.bytes },
  { path: join(out, `report.${reportFormat}`), data: rendered },
]);
lap('save');
rmSync(out, { recursive: true, force: true });
const rows = plan.results.length;
const distinct = plan.timings?.distinctTexts ?? new Set(plan.results.map((r) => r.question)).size;
process.stdout.write(
  `${JSON.stringify({ ms, rows, distinct, entries: index.entries.length, phrasings: index.phrasings.length, answered: plan.results.filter((r) => r.status === 'answered').length })}\n`,
);
