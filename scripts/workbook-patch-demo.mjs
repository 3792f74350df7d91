#!/usr/bin/env node
// Write one cell into a workbook (for manual checks in Excel/LibreOffice).
// Usage: npx tsc -p tsconfig.json && node scripts/workbook-patch-demo.mjs in.xlsx out.xlsx [sheet] [row] [col] [value]
import { readFileSync } from 'node:fs';
import { patchWorkbook } from '../dist/workbook/patch-cells.js';
import { writeFileAtomic } from '../dist/node/write-file-atomic.js';
import { listSheets } from '../dist/workbook/read-workbook.js';

const [input, output, sheetArg, row = '200', col = '1', value = 'kotae-was-here'] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: workbook-patch-demo.mjs in.xlsx out.xlsx [sheet] [row] [col] [value]');
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(input));
const sheet = sheetArg || listSheets(bytes)[0].name;
const res = patchWorkbook(bytes, [{ sheet, row: Number(row), col: Number(col), value }]);
writeFileAtomic(output, res.bytes);
console.log(`${sheet}: written ${res.written.length}, skipped ${res.skipped.map((s) => s.reason).join(', ') || 'none'}`);
