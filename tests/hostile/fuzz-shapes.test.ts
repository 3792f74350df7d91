/**
 * Fuzzing the shapes of issue 18 (round two): seeded mutations of real sheets that turn XML parts
 * into UTF-16 (with or without BOM, with a declaration that lies or not), add entries whose names
 * collide (exactly, after case folding, after `\` → `/`), put array formulas and data tables over
 * random ranges, and sprinkle control characters (raw C1, `&#x1B;`, `_x001B_`) into texts and sheet
 * names. Each case goes read → plan → patch → read the output → render the reports, and must end in
 * a clean result or a KotaeError, with the properties of each shape:
 * - duplicates: always refused (CORRUPT_ZIP);
 * - array formulas: no edit lands inside a formula range;
 * - UTF-16: every part the patcher rewrote parses with a strict XML parser (expat, batched);
 * - control characters: no raw control character in the md / csv / json reports, and the Markdown
 *   holds no HTML.
 * Seeded (KOTAE_FUZZ_SEED) and bounded (KOTAE_FUZZ_SHAPE_CASES, default 160; under a minute).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBank } from '../../src/node/load-bank.js';
import { isKotaeError } from '../../src/domain/errors.js';
import { buildIndex, type MatchIndex } from '../../src/match/match-index.js';
import { planAnswers } from '../../src/plan/plan-answers.js';
import { buildReport } from '../../src/report/build-report.js';
import { reportToCsv, reportToJson, reportToMarkdown } from '../../src/report/write-report.js';
import { patchWorkbook } from '../../src/workbook/patch-cells.js';
import { parseRange } from '../../src/workbook/refs.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { openZip } from '../../src/workbook/zip.js';
import { EVAL, FIXTURES, HAS_SHARED, ROOT } from '../helpers.js';
import { strictXmlErrors, utf16 } from './helpers.js';

const SEED = Number(process.env.KOTAE_FUZZ_SEED ?? 20251123) ^ 0x18;
const CASES = Number(process.env.KOTAE_FUZZ_SHAPE_CASES ?? 160);

const SOURCES = [
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.xlsx'))
    .map((f) => join(FIXTURES, f)),
  // the labelled sheets of ../shared too, when it is there (a clone on its own fuzzes the fixtures)
  ...(HAS_SHARED
    ? readdirSync(EVAL)
        .filter((f) => f.endsWith('.xlsx'))
        .map((f) => join(EVAL, f))
    : []),
];

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
const int = (rnd: () => number, n: number) => Math.floor(rnd() * n);
const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[int(rnd, xs.length)]!;

type Shape = 'utf16' | 'duplicate' | 'array' | 'controls';
type Mutated = { bytes: Uint8Array; ranges?: { sheetPart: string; ref: string }[] };

const XML_PART = (n: string) => /(worksheets\/sheet\d+|workbook|sharedStrings|styles)\.xml$|\.rels$/.test(n);

function toUtf16(b: Uint8Array, rnd: () => number): Mutated {
  const files = unzipSync(b);
  const names = Object.keys(files).filter(XML_PART);
  // one to three parts, the worksheet and workbook.xml (the parts kotae rewrites) most often
  const preferred = names.filter((n) => /worksheets\/sheet1\.xml$|workbook\.xml$/.test(n));
  const chosen = new Set<string>([pick(rnd, preferred.length ? preferred : names)]);
  for (let k = int(rnd, 3); k > 0; k--) chosen.add(pick(rnd, names));
  for (const n of chosen) {
    const xml = strFromU8(files[n]!);
    const lying = rnd() < 0.15;
    const withDecl = /^<\?xml/.test(xml) ? xml : `<?xml version="1.0" encoding="UTF-8"?>${xml}`;
    // lying: the declaration still says UTF-8 over UTF-16 bytes (utf16() rewrites only encoding="UTF-8")
    const text = lying ? withDecl.replace(/encoding="UTF-8"/i, "encoding='UTF-8'") : withDecl;
    files[n] = new Uint8Array(utf16(text, rnd() < 0.5 ? 'le' : 'be', lying || rnd() < 0.8));
  }
  return { bytes: zipSync(files, { level: 1 }) };
}

function duplicate(b: Uint8Array, rnd: () => number): Mutated {
  const files = unzipSync(b);
  const names = Object.keys(files).filter((n) => /[a-z]/.test(n) && n.includes('/'));
  const victim = pick(rnd, names);
  const how = int(rnd, 3);
  if (how === 0) {
    files[victim.replace(/[a-z]/g, (c) => (rnd() < 0.5 ? c.toUpperCase() : c)).replace(/^[a-z]/, (c) => c.toUpperCase())] = files[victim]!;
    return { bytes: zipSync(files, { level: 1 }) };
  }
  if (how === 1) {
    files[victim.replace(/\//g, '\\')] = files[victim]!;
    return { bytes: zipSync(files, { level: 1 }) };
  }
  // the exact same name: write a twin under a placeholder of the same length, then rename it in the headers
  const placeholder = victim.replace(/[^/]/g, 'q');
  files[placeholder] = files[victim]!;
  const out = zipSync(files, { level: 1 });
  const from = strToU8(placeholder);
  const to = strToU8(victim);
  for (let i = 0; i + from.length <= out.length; i++) {
    let same = true;
    for (let k = 0; k < from.length && same; k++) same = out[i + k] === from[k];
    if (same) out.set(to, i);
  }
  return { bytes: out };
}

function arrayFormula(b: Uint8Array, rnd: () => number): Mutated {
  const files = unzipSync(b);
  const sheets = Object.keys(files).filter((n) => /worksheets\/sheet\d+\.xml$/.test(n));
  if (sheets.length === 0) return { bytes: b };
  const part = pick(rnd, sheets);
  let xml = strFromU8(files[part]!);
  const cells = [...xml.matchAll(/<c r="([A-Z]{1,3})(\d+)"[^>]*?(\/>|>)/g)];
  if (cells.length === 0) return { bytes: b };
  const ranges: { sheetPart: string; ref: string }[] = [];
  for (let k = 1 + int(rnd, 3); k > 0; k--) {
    const m = pick(rnd, cells);
    const col = m[1]!;
    const row = Number(m[2]);
    const toCol = String.fromCharCode(Math.min(90, col.charCodeAt(col.length - 1) + int(rnd, 4)));
    const ref = pick(rnd, [
      `${col}${row}:${col}${row + int(rnd, 40)}`,
      `${col}${row}:${col.length === 1 ? toCol : col}${row + int(rnd, 10)}`,
      `${col}${row}:${col}1048576`,
      `${col}${row}`,
    ]);
    const t = rnd() < 0.8 ? 'array' : 'dataTable';
    const f = t === 'array' ? `<f t="array" ref="${ref}">B1:B2</f>` : `<f t="dataTable" ref="${ref}" dt2D="0" dtr="0"/>`;
    // the formula goes into the first cell of the range (its own <f>), replacing what it held
    const self = m[3] === '/>';
    const open = m[0].replace(/\s+t="[^"]*"/, '').replace(/\/?>$/, '>');
    const at = xml.indexOf(m[0]);
    if (at < 0) continue;
    const end = self ? at + m[0].length : xml.indexOf('</c>', at) + 4;
    xml = `${xml.slice(0, at)}${open}${f}<v>0</v></c>${xml.slice(end)}`;
    ranges.push({ sheetPart: part, ref });
  }
  files[part] = strToU8(xml);
  return { bytes: zipSync(files, { level: 1 }), ranges };
}

const CONTROL_BITS = ['&#x1B;[2J', '&#x1B;]0;x&#x07;', '\u009b31m', '_x001B_[8m', '&#x9B;', '\u0085', '&#x7F;', '\u202e', '&#x1;', '_x0007_'];

function controls(b: Uint8Array, rnd: () => number): Mutated {
  const files = unzipSync(b);
  const names = Object.keys(files).filter((n) => /sharedStrings\.xml$|worksheets\/sheet\d+\.xml$|workbook\.xml$/.test(n));
  for (let k = 1 + int(rnd, 3); k > 0 && names.length > 0; k--) {
    const n = pick(rnd, names);
    let xml = strFromU8(files[n]!);
    if (n.endsWith('workbook.xml')) {
      xml = xml.replace(/(<sheet\b[^>]*\bname=")([^"]*)"/, (_m, a: string, name: string) => `${a}${name}${pick(rnd, CONTROL_BITS)}"`);
    } else {
      for (let j = 1 + int(rnd, 6); j > 0; j--) {
        // (found again after each insertion: the positions move)
        const texts = [...xml.matchAll(/<t(?: [^>]*)?>([^<]{2,})<\/t>/g)];
        if (texts.length === 0) break;
        const m = pick(rnd, texts);
        const at = m.index! + m[0].indexOf('>') + 1 + int(rnd, m[1]!.length);
        xml = xml.slice(0, at) + pick(rnd, CONTROL_BITS) + xml.slice(at);
      }
    }
    files[n] = strToU8(xml);
  }
  return { bytes: zipSync(files, { level: 1 }) };
}

const MUTATE: Record<Shape, (b: Uint8Array, rnd: () => number) => Mutated> = { utf16: toUtf16, duplicate, array: arrayFormula, controls };
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

let index: MatchIndex;
beforeAll(() => {
  index = buildIndex(loadBank(join(ROOT, 'answer-bank')));
});

describe('fuzzing the shapes of issue 18', () => {
  it(`${CASES} seeded cases over UTF-16 parts, duplicate names, array formulas and control characters (seed ${SEED})`, () => {
    const rnd = prng(SEED);
    const originals = SOURCES.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) }));
    const shapes: Shape[] = ['utf16', 'duplicate', 'array', 'controls'];
    const outcomes = new Map<string, number>();
    const rewritten: Record<string, Uint8Array> = {};
    const md = new MarkdownIt({ html: true, linkify: true });
    const t0 = performance.now();
    for (let i = 0; i < CASES; i++) {
      const src = pick(rnd, originals);
      const shape = shapes[i % shapes.length]!;
      const caseSeed = Math.floor(rnd() * 2 ** 32);
      const ctx = `case ${i} (seed ${SEED}, case seed ${caseSeed}): ${shape} of ${src.name}`;
      const m = MUTATE[shape](src.bytes, prng(caseSeed));
      let outcome = 'ok';
      try {
        const wb = readWorkbook(m.bytes);
        const plan = planAnswers(wb, index);
        const patched = patchWorkbook(m.bytes, plan.edits);
        readWorkbook(patched.bytes);
        if (m.ranges) {
          const parts = new Map(wb.sheets.map((s) => [s.part, s.name]));
          for (const r of m.ranges) {
            const range = parseRange(r.ref)!;
            const inside = patched.written.filter(
              (e) => e.sheet === parts.get(r.sheetPart) && e.row >= range.r1 && e.row <= range.r2 && e.col >= range.c1 && e.col <= range.c2,
            );
            expect(inside, `${ctx}: written into ${r.ref}`).toEqual([]);
          }
        }
        if (shape === 'utf16' && patched.bytes !== m.bytes) {
          const z = openZip(patched.bytes);
          const before = openZip(m.bytes);
          for (const e of z.entries) {
            const data = z.read(e.name);
            const was = before.get(e.name) ? before.read(e.name) : undefined;
            if (!was || Buffer.compare(Buffer.from(was), Buffer.from(data)) !== 0) rewritten[`${ctx} ${e.name}`] = data;
          }
        }
        if (shape === 'controls') {
          const report = buildReport(plan, { input: src.name, output: 'o.xlsx', bank: 'b', now: new Date(0) });
          for (const [kind, text] of [
            ['md', reportToMarkdown(report)],
            ['csv', reportToCsv(report)],
            ['json', reportToJson(report)],
          ] as const) {
            const bad = RAW_CONTROL.exec(text);
            expect(bad ? `raw U+${bad[0].charCodeAt(0).toString(16)} in ${kind}` : 'clean', ctx).toBe('clean');
          }
          const html = md.parse(reportToMarkdown(report), {}).filter((t) => t.type === 'html_block' || t.type === 'html_inline');
          expect(html, ctx).toEqual([]);
        }
      } catch (e) {
        if (!isKotaeError(e)) {
          if ((e as Error).name === 'AssertionError') throw e;
          throw new Error(`${ctx} → not a KotaeError: ${(e as Error).stack ?? String(e)}`);
        }
        if (!e.message || !e.hint) throw new Error(`${ctx}: KotaeError ${e.code} without message or hint`);
        outcome = e.code;
      }
      if (shape === 'duplicate') expect(outcome, ctx).toBe('CORRUPT_ZIP');
      outcomes.set(`${shape} ${outcome}`, (outcomes.get(`${shape} ${outcome}`) ?? 0) + 1);
    }
    const errors = strictXmlErrors(rewritten);
    expect(errors).toEqual({});
    const ms = performance.now() - t0;
    console.log(
      `fuzz shapes: ${CASES} cases in ${(ms / 1000).toFixed(1)} s, ${Object.keys(rewritten).length} rewritten parts checked strictly: ${[...outcomes]
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    for (const shape of ['utf16', 'array', 'controls']) expect(outcomes.get(`${shape} ok`) ?? 0, `${shape}: some cases go through`).toBeGreaterThan(0);
    expect(ms).toBeLessThan(90_000);
  });
});
