#!/usr/bin/env node
// Measure readWorkbook / patchWorkbook on real workbooks.
// Usage: npx tsc -p tsconfig.json && node scripts/workbook-bench.mjs ../shared/real-sheets/hecvat/HECVAT414.xlsx …
import { readFileSync } from 'node:fs';
import { patchWorkbook } from '../dist/workbook/patch-cells.js';
import { readWorkbook } from '../dist/workbook/read-workbook.js';

for (const f of process.argv.slice(2)) {
  const bytes = new Uint8Array(readFileSync(f));
  let t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let wb = readWorkbook(bytes);
  const cold = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const coldCpu = (cpu.user + cpu.system) / 1000;
  let warm = Infinity;
  for (let i = 0; i < 5; i++) {
    t0 = performance.now();
    wb = readWorkbook(bytes);
    warm = Math.min(warm, performance.now() - t0);
  }
  const target = [...wb.sheets].filter((s) => s.state === 'visible').sort((a, b) => b.rows.size - a.rows.size)[0];
  const edits = Array.from({ length: 50 }, (_, i) => ({ sheet: target.name, row: target.maxRow + 2 + i, col: 3, value: `answer ${i}` }));
  t0 = performance.now();
  const res = patchWorkbook(bytes, edits);
  const patchMs = performance.now() - t0;
  console.log(
    `${f.split('/').pop()}: ${(bytes.length / 1024).toFixed(0)} KB, ${wb.sheets.length} sheets; read first ${cold.toFixed(0)} ms (process CPU ${coldCpu.toFixed(0)} ms), warm ${warm.toFixed(0)} ms; ` +
      `patch 50 cells into "${target.name}" ${patchMs.toFixed(0)} ms (${res.written.length} written)`,
  );
}
