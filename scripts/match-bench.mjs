#!/usr/bin/env node
// Matcher performance: buildIndex for a large synthetic bank and decide per question.
// Usage (after compiling src/ with tsc): node scripts/match-bench.mjs [--dist dist] [--bank answer-bank]
// The synthetic banks are built from the shipped bank's phrasings (or a built-in list) recombined
// with a vocabulary of questionnaire words, so token statistics look like a real bank's.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const dist = resolve(opt('dist', 'dist'));
const bankDir = resolve(opt('bank', 'answer-bank'));
const { buildIndex } = await import(pathToFileURL(join(dist, 'match/match-index.js')).href);
const { decide } = await import(pathToFileURL(join(dist, 'match/decide.js')).href);

let seedPhrasings = [];
let synonyms = [];
try {
  for (const f of readdirSync(bankDir)) {
    if (!/\.ya?ml$/u.test(f)) continue;
    let doc;
    try {
      doc = parse(readFileSync(join(bankDir, f), 'utf8'));
    } catch {
      continue;
    }
    if (f.startsWith('synonyms')) synonyms = doc;
    else for (const e of doc ?? []) seedPhrasings.push(...(e.questions ?? []).map(String));
  }
} catch {
  /* no bank */
}
if (seedPhrasings.length === 0) {
  seedPhrasings = [
    '共有アカウントを使用していますか。',
    '管理者アクセスに多要素認証を必須としていますか。',
    'Is MFA required for administrative access?',
    '監査ログを取得していますか。',
    'Are audit logs collected?',
  ];
}

// deterministic PRNG
let seed = 42;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const vocabJa = [
  '顧客',
  '委託先',
  '端末',
  '本番',
  '暗号',
  '鍵',
  '証跡',
  '台帳',
  '監視',
  '通知',
  '手順',
  '訓練',
  '評価',
  '承認',
  '記録',
  '保管',
  '廃棄',
  '持出',
  '媒体',
  '権限',
  '棚卸',
  '契約',
  '監査',
  '検知',
  '復旧',
  '計画',
  '分類',
  '教育',
  '規程',
  '改訂',
  '申請',
  '例外',
];
const vocabEn = [
  'customer',
  'vendor',
  'laptop',
  'production',
  'key',
  'evidence',
  'inventory',
  'monitoring',
  'notice',
  'procedure',
  'drill',
  'assessment',
  'approval',
  'record',
  'storage',
  'disposal',
  'media',
  'permission',
  'contract',
  'audit',
  'detection',
  'recovery',
];
function synthBank(nEntries, perEntry) {
  const entries = [];
  for (let i = 0; i < nEntries; i++) {
    const questions = [];
    for (let j = 0; j < perEntry; j++) {
      const base = pick(seedPhrasings);
      const en = /^[\x00-\x7F]*$/u.test(base);
      const extra = en ? ` ${pick(vocabEn)} ${pick(vocabEn)} ${i}` : `${pick(vocabJa)}${pick(vocabJa)}の${base}`;
      questions.push(en ? base.replace(/\?$/u, extra + '?') : extra);
    }
    entries.push({
      id: `synthetic.${i}`,
      category: 'synthetic',
      questions,
      answer: pick(['yes', 'no', 'partial', 'na']),
      remarks: {},
      source: {},
      reviewed: '2025-08-30',
      owner: 'bench',
    });
  }
  return { dir: 'synthetic', entries, synonyms };
}

function bench(label, fn) {
  const t = performance.now();
  const out = fn();
  return { out, ms: performance.now() - t, label };
}

const questions = [];
for (let i = 0; i < 2000; i++) {
  const base = pick(seedPhrasings);
  questions.push(rnd() < 0.5 ? base : `${pick(vocabJa)}に関して、${base}`);
}

for (const [n, per] of [
  [1000, 10],
  [5000, 10],
]) {
  const bank = synthBank(n, per);
  buildIndex(synthBank(50, 3)); // warm-up
  // best of 3: the machine may be shared, the minimum is the least disturbed run
  let b;
  for (let r = 0; r < 3; r++) {
    const run = bench('build', () => buildIndex(bank));
    if (!b || run.ms < b.ms) b = run;
  }
  const index = b.out;
  for (let i = 0; i < 200; i++) decide(index, questions[i]); // warm-up
  let d;
  for (let r = 0; r < 3; r++) {
    const run = bench('decide', () => {
      for (const q of questions) decide(index, q);
    });
    if (!d || run.ms < d.ms) d = run;
  }
  console.log(
    `${n} entries x ${per} phrasings (${index.phrasings.length} phrasings, ${index.vocab.size} tokens): ` +
      `buildIndex ${b.ms.toFixed(0)} ms, decide ${(d.ms / questions.length).toFixed(3)} ms/question ` +
      `(${questions.length} questions)`,
  );
}
