#!/usr/bin/env node
// Part of `npm run lint`: below node/ and cli/, code takes plain data and returns plain data. The
// import rules (.dependency-cruiser.cjs) keep node:fs, node:child_process, node:worker_threads and
// node:os out of those layers; this keeps out what needs no import: the process (its environment,
// working folder, streams, exit), the clock and timers. Comments are not read.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const EDGE = new Set(['node', 'cli']);
const FORBIDDEN = [
  [/\bprocess\s*\.\s*\w+/g, 'the process (environment, working folder, streams, exit): pass what is needed in from node/ or cli/'],
  [/\bglobalThis\s*\.\s*process\b/g, 'the process: pass what is needed in from node/ or cli/'],
  [/\bDate\s*\.\s*now\s*\(|\bnew\s+Date\s*\(\s*\)/g, 'the clock: take the time as a parameter (e.g. `now: Date`)'],
  [/\bperformance\s*\.\s*now\s*\(/g, 'the clock: take a clock function as a parameter'],
  [/\b(?:setTimeout|setInterval|setImmediate)\s*\(/g, 'timers: the layers below node/ run to completion'],
];

/** The source with comments blanked out (line numbers kept); strings and regexps stay as they are. */
function withoutComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\/|(^|[^:\\'"`])\/\/.*$/gm, (m, lead = '') => lead + m.slice(lead.length).replace(/[^\n]/g, ' '));
}

const findings = [];
const srcDir = join(root, 'src');
for (const layer of readdirSync(srcDir, { withFileTypes: true })) {
  if (!layer.isDirectory() || EDGE.has(layer.name)) continue;
  const walk = (dir) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, d.name);
      if (d.isDirectory()) walk(abs);
      else if (d.name.endsWith('.ts')) {
        const lines = withoutComments(readFileSync(abs, 'utf8')).split('\n');
        lines.forEach((line, i) => {
          for (const [re, why] of FORBIDDEN) {
            for (const m of line.matchAll(re)) findings.push(`${relative(root, abs)}:${i + 1}:${(m.index ?? 0) + 1} ${m[0].trim()}: ${why}`);
          }
        });
      }
    }
  };
  walk(join(srcDir, layer.name));
}
for (const f of findings) console.error(f);
if (findings.length > 0) {
  console.error(`\n${findings.length} use(s) of the process, the clock or timers below node/ (see scripts/check-node-edge.mjs)`);
  process.exit(1);
}
console.log('node edge: no process, clock or timer use below node/ and cli/');
