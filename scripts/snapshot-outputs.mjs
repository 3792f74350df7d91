#!/usr/bin/env node
// Everything kotae writes or prints, for a before/after comparison of a change that must not
// change behaviour (a refactoring, a dependency bump): the built CLI is run over every workbook of
// ../shared/eval (dev + real-ja), ../shared/real-sheets (.xlsx / .xlsm) and fixtures/, and over the
// bank, and each result is stored as plain files, so two snapshots compare with `diff -r` or with
// `--compare`.
//
//   node scripts/snapshot-outputs.mjs --out /tmp/snap-before [--bin path/to/bin/kotae.js] [--work <dir>]
//   node scripts/snapshot-outputs.mjs --compare /tmp/snap-before /tmp/snap-after
//
// Per workbook: `answer` with a .json, .md, .csv and .xlsx report (every zip entry of the answered
// workbook is stored as it is, and the whole file too; the .xlsx report's entries with dates
// masked), once more with the caches off, `inspect --json` and `inspect`. Then `coverage` (json,
// md, text; many files go through worker threads, two through one process), `bank validate`
// (json, text), `bank export` (md ja/en, xlsx, --coverage), `search` on questions of the labelled
// sets (json and text), `bank import` (--dry-run json and text, and a real import into a copy of
// the bank, its YAML files stored), and a few refusals (exit code 2 and their messages).
//
// Every run happens in one fixed folder (--work, default /tmp/kotae-snapshot-work, emptied first) holding copies of
// the inputs and of the bank, so paths in the outputs are the same whichever checkout runs it; only
// the dates kotae stamps (report "generated", xlsx document properties) are masked.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '..', 'shared');
const args = process.argv.slice(2);
const opt = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);

if (args[0] === '--compare') {
  process.exit(compare(resolve(args[1]), resolve(args[2])));
}

const out = opt('out');
if (!out) {
  console.error('usage: node scripts/snapshot-outputs.mjs --out <dir> [--bin bin/kotae.js] | --compare <a> <b>');
  process.exit(2);
}
const snap = resolve(out);
const bin = resolve(opt('bin') ?? join(root, 'bin', 'kotae.js'));
const bankSrc = resolve(opt('bank') ?? join(root, 'answer-bank'));
const work = resolve(opt('work') ?? '/tmp/kotae-snapshot-work');
rmSync(work, { recursive: true, force: true });
rmSync(snap, { recursive: true, force: true });
mkdirSync(snap, { recursive: true });
mkdirSync(join(work, 'in'), { recursive: true });
mkdirSync(join(work, 'out'), { recursive: true });
mkdirSync(join(work, 'cache'), { recursive: true });
cpSync(bankSrc, join(work, 'answer-bank'), { recursive: true });

// inputs, copied to fixed paths: in/<group>/<name>
const groups = [
  ['eval', join(shared, 'eval'), false],
  ['real-ja', join(shared, 'eval', 'real-ja'), false],
  ['real-sheets', join(shared, 'real-sheets'), true],
  ['fixtures', join(root, 'fixtures'), false],
];
const workbooks = [];
for (const [group, dir, deep] of groups) {
  for (const file of listWorkbooks(dir, deep)) {
    const dest = join(work, 'in', group, relative(dir, file));
    mkdirSync(dirname(dest), { recursive: true });
    cpSync(file, dest);
    workbooks.push(relative(work, dest));
  }
}

const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', KOTAE_CACHE_DIR: join(work, 'cache') };
delete env.KOTAE_NO_CACHE;
delete env.KOTAE_PASSWORD;
delete env.CI;
let commands = 0;

function run(name, argv, extraEnv = {}) {
  commands++;
  const r = spawnSync(process.execPath, [bin, ...argv], { cwd: work, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 300_000 });
  const dir = join(snap, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'command'), `${argv.join(' ')}\n`);
  writeFileSync(join(dir, 'stdout'), mask(r.stdout ?? ''));
  writeFileSync(join(dir, 'stderr'), mask(r.stderr ?? ''));
  writeFileSync(join(dir, 'exit-code'), `${r.status}\n`);
  return { dir, code: r.status };
}

/** Store a file kotae wrote (and remove it); zip files also as their entries. */
function keep(dir, file, { masked = false } = {}) {
  const abs = join(work, file);
  if (!existsSync(abs)) {
    writeFileSync(join(dir, `${basename(file)}.missing`), '');
    return;
  }
  const bytes = readFileSync(abs);
  rmSync(abs);
  const name = basename(file);
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!isZip) {
    writeFileSync(join(dir, name), masked ? mask(bytes.toString('utf8')) : bytes);
    return;
  }
  // the zip container of a report carries write times: only its entries are compared
  if (!masked) writeFileSync(join(dir, name), bytes);
  const entries = unzipSync(new Uint8Array(bytes));
  const edir = join(dir, `${name}.entries`);
  for (const [entry, data] of Object.entries(entries)) {
    if (entry.endsWith('/')) continue;
    const dest = join(edir, entry.replace(/\.\.+/g, '_'));
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, masked ? mask(Buffer.from(data).toString('utf8')) : data);
  }
  writeFileSync(join(dir, `${name}.entry-list`), `${Object.keys(entries).join('\n')}\n`);
}

/** Dates kotae stamps (report "generated", xlsx core properties) → <DATE>. */
function mask(text) {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, '<DATE>');
}

let questionRows = 0;
for (const wb of workbooks) {
  const ext = extname(wb).toLowerCase() === '.xlsm' ? 'xlsm' : 'xlsx';
  const key = wb.replace(/^in\//, '').replace(/[/]/g, '__');
  const outBook = `out/${key}.answered.${ext}`;
  for (const fmt of ['json', 'md', 'csv', 'xlsx']) {
    const report = `out/${key}.report.${fmt}`;
    const flags = fmt === 'json' ? ['--json'] : fmt === 'xlsx' ? ['--quiet'] : [];
    const { dir } = run(`answer/${key}/${fmt}`, ['answer', wb, '-o', outBook, '--report', report, '--force', ...flags]);
    keep(dir, outBook);
    keep(dir, report, { masked: true });
    if (fmt === 'json' && existsSync(join(dir, `${key}.report.json`))) {
      const r = JSON.parse(readFileSync(join(dir, `${key}.report.json`), 'utf8'));
      questionRows += r.totals?.questions ?? 0;
    }
  }
  {
    const report = `out/${key}.report.json`;
    const { dir } = run(`answer/${key}/json-no-cache`, ['answer', wb, '-o', outBook, '--report', report, '--force', '--json'], { KOTAE_NO_CACHE: '1' });
    keep(dir, outBook);
    keep(dir, report, { masked: true });
  }
  run(`inspect/${key}/json`, ['inspect', wb, '--json']);
  run(`inspect/${key}/text`, ['inspect', wb]);
}

// coverage: every workbook (worker threads) and the two fixtures (one process)
for (const fmt of ['json', 'md', 'text']) run(`coverage/all-${fmt}`, ['coverage', 'in', '--format', fmt, '--top', '15']);
run('coverage/fixtures-json', ['coverage', 'in/fixtures', '--format', 'json']);
run('coverage/min-fail', ['coverage', 'in/eval', '--min', '0.99']);

// the bank
for (const fmt of ['json', 'text']) run(`bank-validate/${fmt}`, ['bank', 'validate', '--format', fmt]);
run('bank-validate/strict', ['bank', 'validate', '--strict']);
for (const [name, argv, file] of [
  ['md-ja', ['-o', 'out/export-ja.md'], 'out/export-ja.md'],
  ['md-en', ['--lang', 'en', '-o', 'out/export-en.md'], 'out/export-en.md'],
  ['xlsx-ja', ['-o', 'out/export-ja.xlsx'], 'out/export-ja.xlsx'],
  ['md-coverage', ['--coverage', 'in/fixtures', 'in/eval', '-o', 'out/export-cov.md'], 'out/export-cov.md'],
]) {
  const { dir } = run(`bank-export/${name}`, ['bank', 'export', ...argv]);
  keep(dir, file, { masked: true });
}

// search: questions of the labelled sets (read from ../shared at run time, never stored in the repo)
const questions = [];
for (const [spec, every] of [
  [join(shared, 'eval', 'dev.json'), 5],
  [join(shared, 'eval', 'real-ja', 'real-ja.json'), 8],
]) {
  const rows = JSON.parse(readFileSync(spec, 'utf8')).workbooks.flatMap((w) => w.rows.map((r) => r.question));
  rows.forEach((q, i) => {
    if (i % every === 0) questions.push(q);
  });
}
questions.push('共有アカウントを使用していますか', 'Is MFA required for admin access?', 'access.mfa-admin', 'パスワードは90日以内に変更していますか');
questions.forEach((q, i) => {
  run(`search/${String(i).padStart(3, '0')}-json`, ['search', q, '--json', '--top', '5']);
  run(`search/${String(i).padStart(3, '0')}-text`, ['search', q]);
});

// bank import: a completed public questionnaire and a sheet kotae answered, dry and for real
const completed = workbooks.find((w) => /WhitePact_completed/.test(w));
const answered = 'out/import-sample.answered.xlsx';
run('import/prepare-answered', [
  'answer',
  'in/fixtures/sample-checksheet-ja.xlsx',
  '-o',
  answered,
  '--report',
  'out/import-sample.report.json',
  '--force',
  '--quiet',
]);
for (const [name, file, source] of [
  ['completed', completed, 'WhitePact, 2024-06-03'],
  ['answered', answered, '顧客A, 2025-08-30'],
]) {
  if (!file) continue;
  run(`import/${name}-dry-json`, ['bank', 'import', file, '--source', source, '--dry-run', '--format', 'json']);
  run(`import/${name}-dry-text`, ['bank', 'import', file, '--source', source, '--dry-run']);
}
if (completed) {
  cpSync(join(work, 'answer-bank'), join(work, 'bank-copy'), { recursive: true });
  const { dir } = run('import/completed-real-json', [
    'bank',
    'import',
    completed,
    '--source',
    'WhitePact, 2024-06-03',
    '--bank',
    'bank-copy',
    '--format',
    'json',
  ]);
  for (const f of listFiles(join(work, 'bank-copy'))) {
    const rel = relative(join(work, 'bank-copy'), f);
    mkdirSync(dirname(join(dir, 'bank-after', rel)), { recursive: true });
    cpSync(f, join(dir, 'bank-after', rel));
  }
}

// refusals
writeFileSync(join(work, 'in', 'not-a-workbook.xlsx'), 'a,b,c\n1,2,3\n');
run('errors/csv-as-xlsx', ['answer', 'in/not-a-workbook.xlsx', '-o', 'out/x.xlsx']);
run('errors/missing-file', ['answer', 'in/nope.xlsx']);
run('errors/sheet-typo', ['answer', 'in/fixtures/sample-checksheet-ja.xlsx', '-o', 'out/x.xlsx', '--sheet', 'チェックシー']);
run('errors/inspect-sheet-typo', ['inspect', 'in/fixtures/vendor-questionnaire-en.xlsx', '--sheet', 'Questionaire']);
run('errors/bad-column', ['answer', 'in/fixtures/sample-checksheet-ja.xlsx', '--answer-col', '0']);
run('errors/no-bank', ['bank', 'validate', '--bank', 'nowhere']);
run('errors/bad-source', ['bank', 'import', 'in/fixtures/sample-checksheet-ja.xlsx', '--source', 'nobody']);
run('errors/coverage-empty', ['coverage', 'out/none-here']);
rmSync(join(work, 'in', 'not-a-workbook.xlsx'));

writeFileSync(
  join(snap, 'SUMMARY'),
  `workbooks ${workbooks.length}\nquestion rows (answer, per report) ${questionRows}\nsearch questions ${questions.length}\ncommands ${commands}\n${workbooks.join('\n')}\n`,
);
console.log(`snapshot ${snap}: ${workbooks.length} workbooks, ${questionRows} question rows, ${questions.length} searches, ${commands} commands`);

function listWorkbooks(dir, deep) {
  const outList = [];
  for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const abs = join(dir, d.name);
    if (d.isDirectory() && deep) outList.push(...listWorkbooks(abs, deep));
    else if (d.isFile() && /\.(xlsx|xlsm)$/i.test(d.name)) outList.push(abs);
  }
  return outList;
}

function listFiles(dir) {
  const outList = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, d.name);
    if (d.isDirectory()) outList.push(...listFiles(abs));
    else outList.push(abs);
  }
  return outList.sort();
}

function compare(a, b) {
  const fa = new Set(listFiles(a).map((f) => relative(a, f)));
  const fb = new Set(listFiles(b).map((f) => relative(b, f)));
  let differ = 0;
  let same = 0;
  for (const f of [...new Set([...fa, ...fb])].sort()) {
    if (!fa.has(f) || !fb.has(f)) {
      console.log(`only in ${fa.has(f) ? a : b}: ${f}`);
      differ++;
      continue;
    }
    const x = readFileSync(join(a, f));
    const y = readFileSync(join(b, f));
    if (x.equals(y)) {
      same++;
      continue;
    }
    differ++;
    console.log(`differs: ${f} (${statSync(join(a, f)).size} / ${statSync(join(b, f)).size} bytes)`);
  }
  console.log(`${same} files identical, ${differ} different`);
  return differ === 0 ? 0 : 1;
}
