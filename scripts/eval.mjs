#!/usr/bin/env node
// Scores kotae on every labelled set there is and prints one table:
// - workbook sets (`kotae answer` run on each workbook, scored by ../shared/eval/score_sheets.py):
//   every JSON spec with a "workbooks" list under ../shared/eval (the dev set, real-ja/ …);
// - question sets (the matcher alone, `decide` on each question): tests/match/fixtures/*.json.
// Metrics as score_sheets.py defines them (../shared/eval/README.md). A set with a target
// (below) fails the run when it misses it: exit 1. Needs a build (npm run build).
//
//   npm run eval                      # the table
//   npm run eval -- --rows            # also the rows each set got wrong
//   KOTAE_EVAL_DIR=/path/to/eval npm run eval
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const evalDir = resolve(process.env.KOTAE_EVAL_DIR ?? join(root, '..', 'shared', 'eval'));
const showRows = process.argv.includes('--rows');

/** Targets by set name (issue 4: the dev set; issue 16: real third-party wording). */
const TARGETS = {
  'dev.json': { precision: 0.97, coverage: 0.95, falseClaims: 0, invalid: 0 },
  'real-ja/real-ja.json': { precision: 0.97, coverage: 0.6, falseClaims: 0, invalid: 0 },
};

function specsUnder(dir) {
  const out = [];
  for (const f of readdirSync(dir, { recursive: true })) {
    if (!String(f).endsWith('.json')) continue;
    const path = join(dir, String(f));
    try {
      const spec = JSON.parse(readFileSync(path, 'utf8'));
      if (Array.isArray(spec.workbooks)) out.push(path);
    } catch {
      // not a labelled set
    }
  }
  return out.sort();
}

/** One workbook set through score_sheets.py: its summary line parsed. */
function scoreWorkbooks(spec) {
  const scorer = join(evalDir, 'score_sheets.py');
  const cmd = `node ${JSON.stringify(join(root, 'bin', 'kotae.js'))} answer {in} -o {out} --quiet`;
  const r = spawnSync('python3', [scorer, spec, dirname(spec), '--cmd', cmd], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const lines = (r.stdout ?? '').trim().split('\n');
  const last = lines.at(-1) ?? '';
  const num = (k) => Number(new RegExp(`${k} ([\\d.]+)`).exec(last)?.[1] ?? NaN);
  const total = /total: (\d+) answered, (\d+) correct, (\d+)\/(\d+) answerable/.exec(lines.find((l) => l.startsWith('total:')) ?? '');
  const rows = lines.filter((l) => /^\S+\.xlsx\s+\d+/.test(l)).reduce((n, l) => n + Number(l.split(/\s+/)[1]), 0);
  return {
    rows,
    answered: Number(total?.[1] ?? NaN),
    precision: num('precision'),
    coverage: num('coverage'),
    falseClaims: num('false_claims'),
    invalid: num('invalid'),
    untouched: num('untouched_violations'),
    wrong: lines.filter((l) => /^\s+(wrong|false-claim|invalid)/.test(l)),
    error: r.status === null || !/precision/.test(last) ? (r.stderr || last).trim().split('\n')[0] : undefined,
  };
}

/** One question set through the matcher alone. */
async function scoreQuestions(spec, index, decide) {
  const data = JSON.parse(readFileSync(spec, 'utf8'));
  let rows = 0;
  let answered = 0;
  let correct = 0;
  let answerable = 0;
  let answerableCorrect = 0;
  let falseClaims = 0;
  const wrong = [];
  for (const wb of data.workbooks) {
    for (const r of wb.rows) {
      rows++;
      const open = !r.accept.includes('unknown');
      if (open) answerable++;
      const d = decide(index, r.question, r.category ? { category: r.category } : {});
      // an open question gets only remarks (answer: describe), no yes/no in the answer cell: not answered, as in a workbook
      if (d.status !== 'answered' || d.answer === 'describe') continue;
      answered++;
      if (r.accept.includes(d.answer)) {
        correct++;
        if (open) answerableCorrect++;
      } else wrong.push(`  wrong ${wb.file}:${r.row}: ${d.answer} from ${d.entry?.id}, accept ${r.accept.join('/')}: ${r.question}`);
      if (r.accept.length === 1 && r.accept[0] === 'unknown') falseClaims++;
    }
  }
  return {
    rows,
    answered,
    precision: answered ? correct / answered : 1,
    coverage: answerable ? answerableCorrect / answerable : 1,
    falseClaims,
    invalid: NaN,
    untouched: NaN,
    wrong,
  };
}

const results = [];
if (existsSync(join(evalDir, 'score_sheets.py'))) {
  for (const spec of specsUnder(evalDir)) results.push({ name: relative(evalDir, spec), kind: 'workbooks', ...scoreWorkbooks(spec) });
} else {
  console.error(`note: no labelled workbooks at ${evalDir} (put shared/ beside the checkout, or set KOTAE_EVAL_DIR)`);
}
const dist = join(root, 'dist');
const { loadBank } = await import(pathToFileURL(join(dist, 'node', 'load-bank.js')).href);
const { buildIndex } = await import(pathToFileURL(join(dist, 'match', 'match-index.js')).href);
const { decide } = await import(pathToFileURL(join(dist, 'match', 'decide.js')).href);
const index = buildIndex(loadBank(join(root, 'answer-bank')));
const fixtures = join(root, 'tests', 'match', 'fixtures');
for (const spec of specsUnder(fixtures)) results.push({ name: basename(spec), kind: 'questions', ...(await scoreQuestions(spec, index, decide)) });

const fmt = (x, d = 3) => (Number.isNaN(x) ? '-' : x.toFixed(d));
const head = ['set', 'kind', 'rows', 'answered', 'precision', 'coverage', 'false_claims', 'invalid', 'untouched', 'target'];
const table = results.map((r) => {
  const t = TARGETS[r.name];
  let target = '';
  if (r.error) target = `ERROR ${r.error}`;
  else if (t) {
    const misses = [];
    if (r.precision < t.precision) misses.push(`precision < ${t.precision}`);
    if (r.coverage < t.coverage) misses.push(`coverage < ${t.coverage}`);
    if (r.falseClaims > t.falseClaims) misses.push(`false claims > ${t.falseClaims}`);
    if (r.invalid > t.invalid) misses.push(`invalid > ${t.invalid}`);
    if (r.untouched > 0) misses.push('cells outside the answers changed');
    r.failed = misses.length > 0;
    target = misses.length ? `MISSED: ${misses.join(', ')}` : 'met';
  }
  return [
    r.name,
    r.kind,
    String(r.rows),
    String(r.answered),
    fmt(r.precision),
    fmt(r.coverage),
    fmt(r.falseClaims, 0),
    fmt(r.invalid, 0),
    fmt(r.untouched, 0),
    target,
  ];
});
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) =>
  cells
    .map((c, i) => (i >= 2 && i <= 8 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
    .join('  ')
    .trimEnd();
console.log(line(head));
for (const row of table) console.log(line(row));
if (showRows) {
  for (const r of results) {
    if (r.wrong.length === 0) continue;
    console.log(`\n${r.name}:`);
    for (const w of r.wrong) console.log(w);
  }
}
process.exit(results.some((r) => r.failed || r.error) ? 1 : 0);
