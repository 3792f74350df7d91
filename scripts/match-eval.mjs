#!/usr/bin/env node
// Matcher-only evaluation: runs `decide` on every question row of an eval set (dev.json format)
// against an answer bank and prints precision / coverage / false claims as score_sheets.py
// defines them, plus the rows it got wrong and (with --review) the rows left for review; and,
// where rows are labelled with regulation articles, how many answered rows cite one of them (an
// answer from the wrong entry can be right by chance, with remarks and a citation about something
// else).
//
// Usage (after compiling src/ with tsc):
//   npx tsc -p tsconfig.json            # or any outDir, then pass --dist
//   node scripts/match-eval.mjs [--eval ../shared/eval/dev.json] [--bank answer-bank]
//        [--dist dist] [--review] [--all]
// The heldout set of the matcher lives in tests/match/fixtures/heldout.json (same format).
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const flag = (name) => args.includes(`--${name}`);
const evalFile = resolve(opt('eval', '../shared/eval/dev.json'));
const bankDir = resolve(opt('bank', 'answer-bank'));
const dist = resolve(opt('dist', 'dist'));

const { buildIndex } = await import(pathToFileURL(join(dist, 'match/match-index.js')).href);
const { decide } = await import(pathToFileURL(join(dist, 'match/decide.js')).href);

/** The bank without depending on the bank module's state: YAML lists of entries + synonyms. */
function readBank(dir) {
  const entries = [];
  let synonyms = [];
  for (const f of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/u.test(f)) continue;
    let doc;
    try {
      doc = parse(readFileSync(join(dir, f), 'utf8'));
    } catch (err) {
      console.error(`warning: ${f} skipped: ${String(err.message).split('\n')[0]}`);
      continue;
    }
    if (f.startsWith('synonyms')) {
      synonyms = Array.isArray(doc) ? doc.map((g) => g.map(String)) : [];
      continue;
    }
    const list = Array.isArray(doc) ? doc : doc && Array.isArray(doc.entries) ? doc.entries : [];
    for (const e of list) entries.push({ ...e, answer: String(e.answer), questions: (e.questions ?? []).map(String) });
  }
  return { dir, entries, synonyms };
}

/** The bank module's loader when it is compiled and the bank loads; else the plain reading. */
async function loadAnyBank(dir) {
  try {
    const { loadBank } = await import(pathToFileURL(join(dist, 'node/load-bank.js')).href);
    const bank = loadBank(dir);
    console.error(`bank: ${bank.entries.length} entries via src/node/load-bank`);
    return bank;
  } catch (err) {
    console.error(`bank: plain YAML reading (${String(err?.message ?? err).split('\n')[0]})`);
    return readBank(dir);
  }
}

const bank = await loadAnyBank(bankDir);
const t0 = performance.now();
const index = buildIndex(bank);
const tBuild = performance.now() - t0;
const data = JSON.parse(readFileSync(evalFile, 'utf8'));

let answered = 0;
let correct = 0;
let answerable = 0;
let correctAnswerable = 0;
let falseClaims = 0;
let rows = 0;
let citable = 0;
const miscited = [];
const wrong = [];
const reviews = [];
const all = [];
let tDecide = 0;
for (const wb of data.workbooks) {
  for (const r of wb.rows) {
    rows++;
    const accept = r.accept;
    const isAnswerable = !accept.includes('unknown');
    if (isAnswerable) answerable++;
    const t = performance.now();
    const d = decide(index, r.question, { category: r.category, language: wb.language });
    tDecide += performance.now() - t;
    const top = d.candidates[0];
    const line = `${wb.file}:${r.row} [${accept.join('/')}] ${d.status}/${d.reason} ${d.score.toFixed(3)} ${
      d.answer ?? '-'
    } ${top ? `${top.entry.id}(${top.entry.answer})` : ''} ${d.detail ?? ''}\n    Q: ${r.question.replace(/\n/gu, ' / ')}\n    P: ${top?.phrasing ?? ''}`;
    all.push(line);
    // an open question gets only remarks (answer: describe), no yes/no: not answered, as in a workbook
    if (d.status === 'answered' && d.answer !== 'describe') {
      answered++;
      const ok = accept.includes(d.answer);
      if (ok) correct++;
      if (ok && isAnswerable) correctAnswerable++;
      if (accept.length === 1 && accept[0] === 'unknown') falseClaims++;
      if (!ok) wrong.push(line);
      const articles = (r.articles ?? []).filter((a) => a !== 'none');
      if (articles.length > 0) {
        citable++;
        const cited = d.entry?.source?.regulation ?? [];
        if (!cited.some((a) => articles.includes(String(a))))
          miscited.push(`${line}
    cites ${cited.join(', ') || '-'}, labelled ${articles.join(', ')}`);
      }
    } else if (isAnswerable) {
      reviews.push(line);
    }
  }
}
const precision = answered ? correct / answered : 1;
const coverage = answerable ? correctAnswerable / answerable : 0;
if (flag('all')) console.log(all.join('\n'));
if (wrong.length) console.log(`-- wrong (${wrong.length})\n${wrong.join('\n')}`);
if (miscited.length) console.log(`-- answered from an entry citing none of the labelled articles (${miscited.length})\n${miscited.join('\n')}`);
if (flag('review')) console.log(`-- answerable rows not answered (${reviews.length})\n${reviews.join('\n')}`);
console.log(
  `entries ${index.entries.length} phrasings ${index.phrasings.length} build ${tBuild.toFixed(1)} ms, ` + `decide ${(tDecide / rows).toFixed(3)} ms/row`,
);
console.log(
  `rows ${rows} answered ${answered} answerable ${answerable} ` +
    `precision ${precision.toFixed(3)} coverage ${coverage.toFixed(3)} false_claims ${falseClaims}` +
    (citable > 0 ? ` cited_as_labelled ${citable - miscited.length}/${citable}` : ''),
);
