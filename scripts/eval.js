#!/usr/bin/env node
// Scores `kotae answer` on the labelled dev set in ../shared/eval (precision, coverage, false
// claims, invalid vocabulary, untouched-cell violations). Extra arguments go to score_sheets.py.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const evalDir = process.env.KOTAE_EVAL_DIR ?? join(root, '..', 'shared', 'eval');
if (!existsSync(join(evalDir, 'score_sheets.py'))) {
  console.error(`error: no evaluation set at ${evalDir}\nhint: put shared/ beside the checkout or set KOTAE_EVAL_DIR`);
  process.exit(2);
}
const args = [
  join(evalDir, 'score_sheets.py'),
  join(evalDir, process.env.KOTAE_EVAL_SPEC ?? 'dev.json'),
  evalDir,
  '--cmd',
  `node ${JSON.stringify(join(root, 'bin', 'kotae.js'))} answer {in} -o {out} --quiet`,
  '--min-precision', '0.97', '--min-coverage', '0.80', '--max-false-claims', '1',
  ...process.argv.slice(2),
];
const r = spawnSync('python3', args, { stdio: 'inherit' });
process.exit(r.status ?? 2);
