#!/usr/bin/env node
// The review loop measured (issue 17), on the four dev workbooks of ../shared/eval (labels in
// dev.json) and on every sheet of ../shared:
//
//   A. `kotae answer` each dev workbook (a copy of the shipped bank in a temporary folder), mark 採用
//      on every worklist row whose proposal is right by the label — as a reviewer would — and
//      回答しない on every other row with a proposal, then `kotae apply`. Checked: every 採用 row is in
//      the answered workbook as proposed; only those cells changed (same zip entries in the same
//      order, every other part byte-identical, every other cell of every sheet the same); the
//      answered workbook opens in LibreOffice (when installed); a second apply changes nothing;
//      the phrasings and drafts the bank gained.
//   B. A second, reworded copy of the same questions (bench/reworded-dev.json: our own rewording,
//      same meaning and polarity) answered with the shipped bank and with the bank after A, scored
//      by ../shared/eval/score_sheets.py against the same labels.
//   C. Person-decisions before / after on every workbook of ../shared/eval and ../shared/real-sheets:
//      before, every question row is typed by hand; after, answered rows are only checked, a row
//      with a proposal is one mark (right or wrong by the label, where there is one), a row without
//      one is typed.
//
//   npx tsc -p tsconfig.json && node scripts/review-loop-eval.mjs [--json] [--skip-c] [--keep]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '..', 'shared');
const EVAL = join(shared, 'eval');
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const { readWorkbook } = await import(join(root, 'dist/workbook/read-workbook.js'));
const { patchWorkbook } = await import(join(root, 'dist/workbook/patch-cells.js'));
const { readWorklist } = await import(join(root, 'dist/app/apply-decisions.js'));
const { parseRange, colFromLetters } = await import(join(root, 'dist/workbook/refs.js'));

const tmp = mkdtempSync(join(tmpdir(), 'kotae-loop-'));
const kotae = (...a) => spawnSync(process.execPath, [join(root, 'bin/kotae.js'), ...a], { encoding: 'utf8', maxBuffer: 1 << 26 });
const bytesOf = (p) => new Uint8Array(readFileSync(p));
const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;
const out = { a: [], b: [], c: [] };

/** Every question phrasing of a bank folder, entry by entry (drafts included). */
function phrasings(bankDir) {
  const n = new Map();
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name) && !['synonyms.yaml', 'unsettled.yaml'].includes(name)) {
        const doc = parse(readFileSync(p, 'utf8'));
        for (const e of Array.isArray(doc) ? doc : []) if (e?.id) n.set(e.id, (e.questions ?? []).length);
      }
    }
  };
  walk(bankDir);
  return n;
}

function snapshot(dir) {
  const s = {};
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else s[relative(dir, p)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return JSON.stringify(s);
}

function cells(wb) {
  const m = new Map();
  for (const s of wb.sheets) for (const [r, row] of s.rows) for (const [c, cell] of row) m.set(`${s.name}!${r}:${c}`, cell.text);
  return m;
}

const spec = JSON.parse(readFileSync(join(EVAL, 'dev.json'), 'utf8'));
const isUnknown = (accept) => accept.length === 1 && accept[0] === 'unknown';

// ---------------------------------------------------------------- A
const bank = join(tmp, 'bank');
cpSync(join(root, 'answer-bank'), bank, { recursive: true });
const before = phrasings(bank);
for (const w of spec.workbooks) {
  const dir = join(tmp, 'a', basename(w.file, '.xlsx'));
  mkdirSync(dir, { recursive: true });
  const input = join(dir, w.file);
  cpSync(join(EVAL, w.file), input);
  const r = kotae('answer', input, '--bank', bank, '-q');
  if (r.status !== 0) throw new Error(`answer ${w.file}: ${r.stderr}`);
  const report = input.replace(/\.xlsx$/, '.report.xlsx');
  const answered = input.replace(/\.xlsx$/, '.answered.xlsx');
  const reportBytes = bytesOf(report);
  const worklist = readWorklist(readWorkbook(reportBytes), basename(report));
  const labels = new Map(w.rows.map((row) => [row.row, row.accept]));
  const marks = [];
  const row = { file: w.file, worklist: worklist.record.rows.length, proposals: 0, use: 0, skip: 0, undecided: 0 };
  for (const rec of worklist.record.rows) {
    const accept = labels.get(rec.row) ?? ['unknown'];
    const hasProposal = rec.written !== undefined || rec.remarks !== undefined;
    if (hasProposal) row.proposals++;
    if (hasProposal && rec.answer && !isUnknown(accept) && accept.includes(rec.answer)) {
      marks.push({ rec, value: '採用' });
      row.use++;
    } else if (hasProposal) {
      marks.push({ rec, value: '回答しない' });
      row.skip++;
    } else row.undecided++;
  }
  const todo = readWorkbook(reportBytes).sheets.find((s) => s.name === worklist.record.sheet);
  writeFileSync(
    report,
    patchWorkbook(
      reportBytes,
      marks.map((m) => ({ sheet: todo.name, row: m.rec.line, col: worklist.record.columns.decision, value: m.value })),
      { overwrite: true },
    ).bytes,
  );
  const beforeBytes = bytesOf(answered);
  const applied = kotae('apply', report, '--bank', bank, '--source', 'dev set, 2026-12-05', '--json');
  if (applied.status !== 0) throw new Error(`apply ${w.file}: exit ${applied.status} ${applied.stderr}`);
  const json = JSON.parse(applied.stdout);
  row.written = json.counts.written;
  row.learnedPhrasings = json.learned?.phrasings.length ?? 0;
  row.drafts = json.learned?.drafts ?? 0;
  const afterBytes = bytesOf(answered);
  // every 採用 row holds what was proposed
  const after = cells(readWorkbook(afterBytes));
  const targets = new Set();
  let inPlace = 0;
  for (const m of marks.filter((x) => x.value === '採用')) {
    const a = parseRange(m.rec.answerCell);
    const key = `${m.rec.sheet}!${a.r1}:${a.c1}`;
    targets.add(key);
    let ok = m.rec.written === undefined || after.get(key) === m.rec.written;
    if (m.rec.remarksCell && m.rec.remarks !== undefined) {
      const rr = parseRange(m.rec.remarksCell);
      const rk = `${m.rec.sheet}!${rr.r1}:${rr.c1}`;
      targets.add(rk);
      ok &&= after.get(rk) === m.rec.remarks;
    }
    if (ok) inPlace++;
  }
  row.inPlace = inPlace;
  // fidelity: the zip's entries, every other part, every other cell
  const za = unzipSync(beforeBytes);
  const zb = unzipSync(afterBytes);
  const sameOrder = JSON.stringify(Object.keys(za)) === JSON.stringify(Object.keys(zb));
  const changedParts = Object.keys(za).filter((k) => !zb[k] || Buffer.compare(Buffer.from(za[k]), Buffer.from(zb[k])) !== 0);
  const targetParts = new Set(
    readWorkbook(beforeBytes)
      .sheets.filter((s) => [...targets].some((t) => t.startsWith(`${s.name}!`)))
      .map((s) => s.part),
  );
  const beforeCells = cells(readWorkbook(beforeBytes));
  const changedCells = [...new Set([...beforeCells.keys(), ...after.keys()])].filter((k) => beforeCells.get(k) !== after.get(k));
  row.fidelity =
    sameOrder && changedParts.every((p) => targetParts.has(p)) && changedCells.every((k) => targets.has(k)) && changedCells.length <= targets.size
      ? 'holds'
      : 'BROKEN';
  row.changedCells = changedCells.length;
  if (hasSoffice) {
    const conv = join(dir, 'csv');
    const s = spawnSync('soffice', ['--headless', '--convert-to', 'csv', '--outdir', conv, answered], { encoding: 'utf8', timeout: 180_000 });
    row.libreoffice = s.status === 0 && existsSync(join(conv, basename(answered, '.xlsx') + '.csv')) ? 'opens' : 'FAILS';
  } else row.libreoffice = 'not installed';
  // a second apply changes nothing
  const snapA = snapshot(dir) + snapshot(bank);
  const again = kotae('apply', report, '--bank', bank, '--source', 'dev set, 2026-12-05');
  row.secondApply = again.status === 0 && snapshot(dir) + snapshot(bank) === snapA ? 'no change' : 'CHANGED';
  out.a.push(row);
}
const afterPhrasings = phrasings(bank);
let gained = 0;
for (const [id, n] of afterPhrasings) if (before.has(id)) gained += n - before.get(id);
const draftsWritten = [...afterPhrasings.keys()].filter((id) => !before.has(id)).length;
out.bank = { phrasingsGained: gained, draftEntries: draftsWritten };

// ---------------------------------------------------------------- B
const reworded = JSON.parse(readFileSync(join(root, 'bench/reworded-dev.json'), 'utf8')).rows;
const rewDir = join(tmp, 'reworded');
mkdirSync(rewDir);
for (const w of spec.workbooks) {
  const src = bytesOf(join(EVAL, w.file));
  const col = colFromLetters(w.question_col);
  const edits = reworded.filter((r) => r.file === w.file).map((r) => ({ sheet: r.sheet, row: r.row, col, value: r.question }));
  writeFileSync(join(rewDir, w.file), patchWorkbook(src, edits, { overwrite: true }).bytes);
}
const score = (bankDir) => {
  const cmd = `node ${JSON.stringify(join(root, 'bin/kotae.js'))} answer {in} -o {out} --bank ${JSON.stringify(bankDir)} -q`;
  const s = spawnSync('python3', [join(EVAL, 'score_sheets.py'), join(EVAL, 'dev.json'), rewDir, '--cmd', cmd], { encoding: 'utf8' });
  const text = s.stdout;
  const get = (re) => Number((text.match(re) ?? [])[1]);
  return {
    answered: get(/total: (\d+) answered/),
    precision: get(/precision ([\d.]+)/),
    coverage: get(/coverage ([\d.]+)/),
    falseClaims: get(/false_claims (\d+)/),
    invalid: get(/invalid (\d+)/),
    untouched: get(/untouched_violations (\d+)/),
  };
};
out.b.push({ bank: 'shipped', ...score(join(root, 'answer-bank')) });
out.b.push({ bank: 'after apply', ...score(bank) });

// ---------------------------------------------------------------- C
if (!args.includes('--skip-c')) {
  const labelled = new Map();
  for (const [setDir, specFile] of [
    [EVAL, 'dev.json'],
    [join(EVAL, 'real-ja'), 'real-ja.json'],
  ]) {
    const s = JSON.parse(readFileSync(join(setDir, specFile), 'utf8'));
    for (const w of s.workbooks) labelled.set(join(setDir, w.file), new Map(w.rows.map((r) => [`${r.sheet ?? w.sheet}!${r.row}`, r.accept])));
  }
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(xlsx|xlsm)$/i.test(name)) files.push(p);
    }
  };
  walk(EVAL);
  walk(join(shared, 'real-sheets'));
  const cDir = join(tmp, 'c');
  mkdirSync(cDir);
  for (const f of files) {
    const json = join(cDir, 'r.json');
    const r = kotae('answer', f, '-o', join(cDir, `o${f.endsWith('.xlsm') ? '.xlsm' : '.xlsx'}`), '--report', json, '--force', '-q');
    if (r.status !== 0) {
      out.c.push({ file: relative(shared, f), error: (r.stderr.split('\n')[0] ?? '').slice(0, 100) });
      continue;
    }
    const rep = JSON.parse(readFileSync(json, 'utf8'));
    const labels = labelled.get(f);
    const row = { file: relative(shared, f), questions: rep.totals.questions, answered: rep.totals.answered, proposed: 0, right: null, wrong: null, typed: 0 };
    if (labels) {
      row.right = 0;
      row.wrong = 0;
    }
    for (const it of rep.items) {
      if (!it.proposal) {
        row.typed++;
        continue;
      }
      row.proposed++;
      if (labels) {
        const accept = labels.get(`${it.sheet}!${it.row}`) ?? ['unknown'];
        if (!isUnknown(accept) && accept.includes(it.proposal.answer)) row.right++;
        else row.wrong++;
      }
    }
    out.c.push(row);
  }
}
if (args.includes('--keep')) console.error(`kept ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });

// ---------------------------------------------------------------- print
if (asJson) {
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  process.exit(0);
}
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
console.log('## A. answer → mark 採用 where the proposal is right by the label → apply (dev set)\n');
console.log(
  table(
    [
      'workbook',
      'worklist rows',
      'with a proposal',
      '採用',
      '回答しない',
      'undecided',
      'written',
      'in place',
      'fidelity',
      'cells changed',
      'LibreOffice',
      'second apply',
      'phrasings learned',
      'drafts',
    ],
    out.a.map((r) => [
      r.file,
      r.worklist,
      r.proposals,
      r.use,
      r.skip,
      r.undecided,
      r.written,
      r.inPlace,
      r.fidelity,
      r.changedCells,
      r.libreoffice,
      r.secondApply,
      r.learnedPhrasings,
      r.drafts,
    ]),
  ),
);
console.log(`\nbank: +${out.bank.phrasingsGained} phrasings on existing entries, ${out.bank.draftEntries} draft entries\n`);
console.log('## B. a reworded copy of the same questions (bench/reworded-dev.json), scored by score_sheets.py\n');
console.log(
  table(
    ['bank', 'answered', 'precision', 'coverage', 'false claims', 'invalid', 'cells changed outside'],
    out.b.map((r) => [r.bank, r.answered, r.precision, r.coverage, r.falseClaims, r.invalid, r.untouched]),
  ),
);
if (out.c.length) {
  console.log('\n## C. person-decisions per sheet: before (type every row) and after (check answered rows, mark proposals, type the rest)\n');
  const ok = out.c.filter((r) => !r.error);
  const sum = (k) => ok.reduce((n, r) => n + (r[k] ?? 0), 0);
  console.log(
    table(
      ['sheet', 'before: rows typed', 'after: answered (check only)', 'proposals (one mark)', '… right by label', '… wrong by label', 'rows typed'],
      [
        ...ok.map((r) => [r.file, r.questions, r.answered, r.proposed, r.right ?? '', r.wrong ?? '', r.typed]),
        ['**total**', sum('questions'), sum('answered'), sum('proposed'), sum('right'), sum('wrong'), sum('typed')],
      ],
    ),
  );
  for (const r of out.c.filter((x) => x.error)) console.log(`\nnot read: ${r.file}: ${r.error}`);
}
