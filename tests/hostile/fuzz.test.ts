/**
 * Fuzzing: a few hundred seeded mutations of real sheets (bytes flipped, the file truncated, zip
 * entries dropped or cut, XML cut mid-tag or scrambled) through read → detect → plan → patch → read
 * the output again. Every case must end in a clean result or a KotaeError — never another exception,
 * never a hang. A handful go through the CLI. Failures print the seed and the case number.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import officeCrypto from 'officecrypto-tool';
import { loadBank } from '../../src/node/load-bank.js';
import { loadWorkbookInput } from '../../src/node/open-input.js';
import { isKotaeError } from '../../src/domain/errors.js';
import { buildIndex, type MatchIndex } from '../../src/match/match-index.js';
import { planAnswers } from '../../src/plan/plan-answers.js';
import { patchWorkbook } from '../../src/workbook/patch-cells.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { EVAL, FIXTURES, kotae, ROOT, SKIP_SHARED, tempDir } from '../helpers.js';

const SEED = Number(process.env.KOTAE_FUZZ_SEED ?? 20251123);
const CASES = Number(process.env.KOTAE_FUZZ_CASES ?? 400);

const SOURCES = [
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.xlsx'))
    .map((f) => join(FIXTURES, f)),
  // the labelled sheets of ../shared/eval too, when it is there (a clone on its own fuzzes the fixtures)
  ...(SKIP_SHARED
    ? []
    : readdirSync(EVAL)
        .filter((f) => f.endsWith('.xlsx'))
        .map((f) => join(EVAL, f))),
];

/** mulberry32: small, fast, seedable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = { name: string; apply: (b: Uint8Array, rnd: () => number) => Uint8Array };

const int = (rnd: () => number, n: number) => Math.floor(rnd() * n);

function mutatePart(b: Uint8Array, rnd: () => number, pick: (name: string) => boolean, change: (xml: string, rnd: () => number) => string): Uint8Array {
  const files = unzipSync(b);
  const names = Object.keys(files).filter((n) => pick(n) && /\.(xml|rels)$/.test(n));
  if (names.length === 0) return b;
  const name = names[int(rnd, names.length)]!;
  files[name] = strToU8(change(strFromU8(files[name]!), rnd));
  return zipSync(files, { level: 1 });
}

const anyPart = () => true;
const sheetOrSst = (n: string) => /worksheets\/|sharedStrings|workbook\.xml$/.test(n);

const MUTATIONS: Mutation[] = [
  {
    name: 'flip bytes',
    apply: (b, rnd) => {
      const out = b.slice();
      const n = 1 + int(rnd, 16);
      for (let i = 0; i < n; i++) {
        const at = int(rnd, out.length);
        out[at] = out[at]! ^ (1 << int(rnd, 8));
      }
      return out;
    },
  },
  {
    name: 'flip bytes inside a part',
    apply: (b, rnd) => {
      const files = unzipSync(b);
      const names = Object.keys(files).filter(sheetOrSst);
      if (names.length === 0) return b;
      const name = names[int(rnd, names.length)]!;
      const part = files[name]!.slice();
      const n = 1 + int(rnd, 8);
      for (let i = 0; i < n && part.length > 0; i++) {
        const at = int(rnd, part.length);
        part[at] = part[at]! ^ (1 << int(rnd, 8));
      }
      files[name] = part;
      return zipSync(files, { level: 1 });
    },
  },
  { name: 'truncate file', apply: (b, rnd) => b.subarray(0, int(rnd, b.length)) },
  {
    name: 'drop entry',
    apply: (b, rnd) => {
      const files = unzipSync(b);
      const names = Object.keys(files);
      delete files[names[int(rnd, names.length)]!];
      return zipSync(files, { level: 1 });
    },
  },
  {
    name: 'truncate entry',
    apply: (b, rnd) => {
      const files = unzipSync(b);
      const names = Object.keys(files);
      const name = names[int(rnd, names.length)]!;
      files[name] = files[name]!.subarray(0, int(rnd, files[name]!.length));
      return zipSync(files, { level: 1 });
    },
  },
  { name: 'cut XML mid-tag', apply: (b, rnd) => mutatePart(b, rnd, anyPart, (x, r) => x.slice(0, int(r, x.length))) },
  {
    name: 'delete a ">"',
    apply: (b, rnd) =>
      mutatePart(b, rnd, sheetOrSst, (x, r) => {
        const at = x.indexOf('>', int(r, x.length));
        return at < 0 ? x : x.slice(0, at) + x.slice(at + 1);
      }),
  },
  {
    name: 'insert markup',
    apply: (b, rnd) =>
      mutatePart(b, rnd, sheetOrSst, (x, r) => {
        const junk = [
          '<',
          '</row>',
          '<c r="A1048577">',
          '&',
          '&#0;',
          '&#x110000;',
          ']]>',
          '<![CDATA[',
          '<!-- ',
          '"',
          '<row r="0">',
          '<c r="ZZZZZ9"/>',
          '\u0000',
          '<v>1e400</v>',
        ][int(r, 14)]!;
        const at = int(r, x.length);
        return x.slice(0, at) + junk + x.slice(at);
      }),
  },
  {
    name: 'scramble an attribute',
    apply: (b, rnd) =>
      mutatePart(b, rnd, sheetOrSst, (x, r) => {
        const attrs = [...x.matchAll(/ (r|s|t|sqref|ref|count|Target|Id)="([^"]*)"/g)];
        if (attrs.length === 0) return x;
        const m = attrs[int(r, attrs.length)]!;
        const value = ['', '-1', '0', 'XFD1048576', '99999999999', 'A1:XFD1048576', 'NaN', '../../../etc/passwd', 's', 'inlineStr', 'e', 'b', 'd'][int(r, 13)]!;
        return x.slice(0, m.index) + ` ${m[1]}="${value}"` + x.slice(m.index! + m[0].length);
      }),
  },
  {
    name: 'duplicate a slice',
    apply: (b, rnd) =>
      mutatePart(b, rnd, sheetOrSst, (x, r) => {
        const a = int(r, x.length);
        const len = int(r, 400);
        return x.slice(0, a) + x.slice(a, a + len) + x.slice(a);
      }),
  },
];

let index: MatchIndex;
beforeAll(() => {
  index = buildIndex(loadBank(join(ROOT, 'answer-bank')));
});

type Outcome = 'ok' | string;

/** read → detect → plan → patch → read the output: 'ok' or the KotaeError code. Anything else throws. */
function pipeline(bytes: Uint8Array): Outcome {
  try {
    const wb = readWorkbook(bytes);
    const plan = planAnswers(wb, index);
    const patched = patchWorkbook(bytes, plan.edits);
    readWorkbook(patched.bytes);
    return 'ok';
  } catch (e) {
    if (isKotaeError(e)) {
      if (!e.message || !e.hint) throw new Error(`KotaeError ${e.code} without message or hint: ${e.message}`);
      return e.code;
    }
    throw e;
  }
}

describe('fuzzing real sheets', () => {
  it(`${CASES} seeded mutations end in a clean result or a clean refusal (seed ${SEED})`, () => {
    const rnd = prng(SEED);
    const originals = SOURCES.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) }));
    const outcomes = new Map<string, number>();
    const byMutation = new Map<string, Map<string, number>>();
    const t0 = performance.now();
    let slowest = 0;
    for (let i = 0; i < CASES; i++) {
      const src = originals[int(rnd, originals.length)]!;
      const m = MUTATIONS[int(rnd, MUTATIONS.length)]!;
      const caseSeed = Math.floor(rnd() * 2 ** 32);
      const mutated = m.apply(src.bytes, prng(caseSeed));
      const t = performance.now();
      let outcome: Outcome;
      try {
        outcome = pipeline(mutated);
      } catch (e) {
        throw new Error(`case ${i} (seed ${SEED}, case seed ${caseSeed}): ${m.name} of ${src.name} → not a KotaeError: ${(e as Error).stack ?? String(e)}`);
      }
      const ms = performance.now() - t;
      slowest = Math.max(slowest, ms);
      expect(ms, `case ${i}: ${m.name} of ${src.name} took ${Math.round(ms)} ms`).toBeLessThan(10_000);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      const mm = byMutation.get(m.name) ?? new Map<string, number>();
      mm.set(outcome, (mm.get(outcome) ?? 0) + 1);
      byMutation.set(m.name, mm);
    }
    const total = performance.now() - t0;
    const fmt = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    console.log(`fuzz: ${CASES} cases in ${(total / 1000).toFixed(1)} s (slowest ${Math.round(slowest)} ms): ${fmt(outcomes)}`);
    for (const [name, m] of byMutation) console.log(`  ${name}: ${fmt(m)}`);
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(0);
    expect(total).toBeLessThan(60_000);
  });

  it('mutated password-protected workbooks: decrypted and read, or a KotaeError', async () => {
    const rnd = prng(SEED ^ 0xc0ffee);
    const enc = new Uint8Array(officeCrypto.encrypt(readFileSync(join(FIXTURES, 'sample-checksheet-ja.xlsx')), { password: 'pw' }));
    const dir = tempDir('kotae-fuzz-enc-');
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 24; i++) {
      let b = enc.slice();
      if (i % 3 === 0) {
        for (let k = 0; k <= int(rnd, 8); k++) {
          const at = int(rnd, b.length);
          b[at] = b[at]! ^ (1 << int(rnd, 8));
        }
      } else if (i % 3 === 1) b = b.subarray(0, int(rnd, b.length));
      else {
        // the OLE header and FAT pointers
        for (let k = 0; k < 4; k++) {
          const at = int(rnd, 512);
          b[at] = b[at]! ^ 0xff;
        }
      }
      const path = join(dir, `e${i}.xlsx`);
      writeFileSync(path, b);
      let outcome = 'ok';
      try {
        readWorkbook((await loadWorkbookInput(path, { password: 'pw' })).bytes);
      } catch (e) {
        if (!isKotaeError(e)) throw new Error(`encrypted case ${i} (seed ${SEED}): not a KotaeError: ${(e as Error).stack ?? String(e)}`);
        outcome = e.code;
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    console.log(`fuzz (encrypted): ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  });

  it('a handful through the CLI: exit 0 with a readable output, or exit 2 with error + hint and no stack', () => {
    const rnd = prng(SEED ^ 0x5eed);
    const originals = SOURCES.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) }));
    for (let i = 0; i < 8; i++) {
      const src = originals[int(rnd, originals.length)]!;
      const m = MUTATIONS[i % MUTATIONS.length]!;
      const mutated = m.apply(src.bytes, prng(Math.floor(rnd() * 2 ** 32)));
      const dir = tempDir('kotae-fuzz-');
      const input = join(dir, src.name);
      writeFileSync(input, mutated);
      const r = kotae(['answer', input, '--quiet']);
      const ctx = `${m.name} of ${src.name}\n${r.stderr}`;
      expect(r.ms, ctx).toBeLessThan(15_000);
      if (r.code === 0) {
        const out = readdirSync(dir).find((f) => f.includes('.answered.'))!;
        expect(() => readWorkbook(new Uint8Array(readFileSync(join(dirname(input), out))))).not.toThrow();
      } else {
        expect(r.code, ctx).toBe(2);
        expect(r.stderr, ctx).toMatch(/^error: /m);
        expect(r.stderr, ctx).toMatch(/^hint: /m);
        expect(r.stderr, ctx).not.toMatch(/^\s+at /m);
        expect(readdirSync(dir), ctx).toEqual([src.name]);
      }
    }
  });
});
