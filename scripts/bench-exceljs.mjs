#!/usr/bin/env node
// Reference for `npm run bench`: the time exceljs takes merely to read a workbook and write it
// back (no matching, no report). Prints {"readMs","writeMs"}.
// Usage: node scripts/bench-exceljs.mjs <in.xlsx> <out.xlsx>
import ExcelJS from 'exceljs';

const [input, output] = process.argv.slice(2);
const wb = new ExcelJS.Workbook();
let t = performance.now();
await wb.xlsx.readFile(input);
const readMs = performance.now() - t;
t = performance.now();
await wb.xlsx.writeFile(output);
const writeMs = performance.now() - t;
process.stdout.write(`${JSON.stringify({ readMs, writeMs })}\n`);
