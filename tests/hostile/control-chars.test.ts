/**
 * Issue 18, class 6: ESC / BEL / other C0 and C1 controls in sheet names, questions and cells (raw
 * as character references, or as `_x001B_` escapes) never reach the terminal or a file raw: answer,
 * inspect, coverage, bank import, and the md / csv / json / xlsx reports and the YAML bank import
 * writes. Class 7: the Markdown report rendered by a real Markdown parser (markdown-it, HTML and
 * linkify on, as on GitHub) holds no HTML element of the input's and no split cell.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { mdCell } from '../../src/report/markdown.js';
import { encodeCellText } from '../../src/workbook/patch-cells.js';
import { jsonSafe, neutralizeControls, stripControls } from '../../src/domain/safe-text.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { kotae, ROOT, tempDir } from '../helpers.js';
import { buildXlsx, cell, put, QUESTIONS, sheetXml } from './helpers.js';

/** Raw control characters a terminal or a parser acts on (tab and newline allowed; CR only in CRLF). */
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

/** Sheet name with OSC (set the window title) and BEL, written as character references. */
const SHEET = 'チェック&#x1B;]0;pwned&#x07;シート';
const SHEET_TEXT = 'チェック\u001b]0;pwned\u0007シート';

/** Questions with controls: an OOXML escape (clear screen), a C1 CSI, a character reference, a bidi override. */
const EVIL = [
  '共有アカウントを_x001B_[2J使用していますか。',
  'パスワードの最低文字数を\u009b31m定めていますか。',
  '退職者のアカウントを&#x1B;[8m速やかに削除していますか。',
  '管理者アクセスに多要素認証を\u202e必須としていますか。',
];
const EVIL_TEXT = [
  '共有アカウントを\u001b[2J使用していますか。',
  'パスワードの最低文字数を\u009b31m定めていますか。',
  '退職者のアカウントを\u001b[8m速やかに削除していますか。',
  '管理者アクセスに多要素認証を\u202e必須としていますか。',
];

/** A questionnaire whose sheet name and questions carry control characters; `answered` fills column C. */
function evilXlsx(answered = false): Uint8Array {
  // cell() escapes & < >: put the character references in by hand
  const raw = (ref: string, xmlText: string) => `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText}</t></is></c>`;
  const rows = [`<row r="1">${cell('A1', 'No')}${cell('B1', '質問項目')}${cell('C1', '回答')}${cell('D1', '備考')}</row>`];
  [...EVIL, QUESTIONS[4]!, 'バックアップを&#x9B;取得していますか。'].forEach((q, i) => {
    const r = i + 2;
    rows.push(`<row r="${r}">${cell(`A${r}`, String(i + 1))}${raw(`B${r}`, q)}${answered ? raw(`C${r}`, i % 2 ? '○' : '&#x1B;[5m×') : ''}</row>`);
  });
  return buildXlsx({ sheets: [{ name: SHEET, xml: sheetXml(`<sheetData>${rows.join('')}</sheetData>`) }] });
}

function expectClean(text: string, where: string): void {
  const m = RAW_CONTROL.exec(text);
  expect(
    m
      ? `raw U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m.index}: …${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 10))}`
      : 'clean',
    where,
  ).toBe('clean');
}

describe('the model keeps the text (the controls are there to be neutralised)', () => {
  it('sheet name and questions read with their controls', () => {
    const wb = readWorkbook(evilXlsx());
    expect(wb.sheets[0]!.name).toBe(SHEET_TEXT);
    expect(EVIL_TEXT.map((_, i) => wb.sheets[0]!.rows.get(i + 2)?.get(2)?.text)).toEqual(EVIL_TEXT);
  });
});

describe('class 6: no raw control character on any output path', () => {
  it('kotae answer: terminal (text and --json), md, csv, json and xlsx reports', () => {
    const input = put('evil.xlsx', evilXlsx());
    const dir = dirname(input);
    for (const ext of ['md', 'csv', 'json', 'xlsx']) {
      const r = kotae(['answer', input, '-o', join(dir, `out-${ext}.xlsx`), '--report', join(dir, `r.${ext}`)]);
      expect(r.code, r.stderr).toBe(0);
      expectClean(r.stdout + r.stderr, `answer stdout (${ext})`);
      expect(r.stdout).toContain('チェック␛]0;pwned␇シート');
    }
    const j = kotae(['answer', input, '-o', join(dir, 'j.xlsx'), '--report', join(dir, 'j.md'), '--json']);
    expectClean(j.stdout, 'answer --json');
    expect((JSON.parse(j.stdout) as { sheets: { sheet: string }[] }).sheets[0]!.sheet).toBe(SHEET_TEXT);
    for (const ext of ['md', 'csv', 'json']) expectClean(readFileSync(join(dir, `r.${ext}`), 'utf8'), `report .${ext}`);
    // JSON is lossless: the escapes parse back to the very text
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { items: { question: string }[] };
    expect(json.items.map((i) => i.question)).toEqual(expect.arrayContaining([EVIL_TEXT[1]]));
    // the xlsx report: every cell read back holds no control
    const rep = readWorkbook(new Uint8Array(readFileSync(join(dir, 'r.xlsx'))));
    for (const s of rep.sheets) for (const row of s.rows.values()) for (const c of row.values()) expectClean(c.text, `report.xlsx ${s.name}!${c.row}:${c.col}`);
    const md = readFileSync(join(dir, 'r.md'), 'utf8');
    expect(md).toContain('␛\\[2J');
    expect(md).toContain('⟨U+009B⟩31m');
  });

  it('kotae inspect, text and --json; an error that lists the sheet names', () => {
    const input = put('evil.xlsx', evilXlsx());
    const t = kotae(['inspect', input]);
    expect(t.code, t.stderr).toBe(0);
    expectClean(t.stdout + t.stderr, 'inspect');
    expect(t.stdout).toContain('チェック␛]0;pwned␇シート');
    const j = kotae(['inspect', input, '--json']);
    expectClean(j.stdout, 'inspect --json');
    const e = kotae(['answer', input, '--sheet', 'nope']);
    expect(e.code).toBe(2);
    expectClean(e.stderr, 'error message');
    expect(e.stderr).toContain('␛]0;pwned␇');
  });

  it('kotae coverage: text, md and json', () => {
    const input = put('evil.xlsx', evilXlsx());
    for (const format of ['text', 'md', 'json']) {
      const r = kotae(['coverage', input, '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expectClean(r.stdout + r.stderr, `coverage ${format}`);
    }
  });

  it('kotae bank import: the terminal and the YAML it writes (which parses, with no control character)', () => {
    const bank = join(tempDir('kotae-bank-'), 'answer-bank');
    cpSync(join(ROOT, 'answer-bank'), bank, { recursive: true });
    const input = put('done.xlsx', evilXlsx(true));
    for (const format of ['text', 'json']) {
      const r = kotae(['bank', 'import', input, '--bank', bank, '--source', 'Acme\u001b[31m, 2025-09-01', '--dry-run', '--format', format]);
      expect([0, 1]).toContain(r.code);
      expectClean(r.stdout + r.stderr, `bank import ${format}`);
    }
    const r = kotae(['bank', 'import', input, '--bank', bank, '--source', 'Acme\u001b[31m, 2025-09-01']);
    expect([0, 1], r.stderr).toContain(r.code);
    const written = readdirSync(join(bank, 'inbox'));
    expect(written.length).toBeGreaterThan(0);
    for (const f of written) {
      expectClean(f, 'inbox file name');
      const text = readFileSync(join(bank, 'inbox', f), 'utf8');
      expectClean(text, f);
      expect(parseDocument(text).errors).toEqual([]);
    }
    const v = kotae(['bank', 'validate', '--bank', bank]);
    expectClean(v.stdout, 'bank validate');
  });

  it("safe-text, and the cells kotae writes into the customer's sheet (C0, DEL and C1 dropped)", () => {
    expect(encodeCellText('○\u001b\u007f\u0085 remark\u0007')).toBe('○ remark');
    expect(neutralizeControls('a\u001b[31mb\u0085c\u202ed\te\nf\r')).toBe('a␛[31mb⟨U+0085⟩c⟨U+202E⟩d\te\nf␍');
    expect(stripControls('a\u001b[31mb\u0085\u0007c')).toBe('a [31mb c');
    expect(jsonSafe(JSON.stringify('x\u009by\u2028'))).toBe('"x\\u009by\\u2028"');
  });
});

describe('class 7: the Markdown report is inert', () => {
  const HOSTILE = [
    '<script>alert(1)</script>を実施していますか',
    '<img src=x onerror=alert(1)>パスワードを定めていますか',
    '[規定はこちら](javascript:alert(1)) を参照していますか',
    '![x](http://evil.example/p.png) 画像',
    'パイプ \\| を含む \\\\| 質問 | です',
    'バックスラッシュで終わる\\',
    '<https://evil.example/> と http://evil.example/x と www.evil.example と evil@example.com',
    '&lt;b&gt;エンティティ&lt;/b&gt; と &amp; と `code` と *強調* と ~~取消~~',
    '複数行の\n質問\r\nです',
  ];

  function mdReport(questions: string[]): string {
    const input = put('md.xlsx', buildXlsx({ sheets: [{ name: 'S|&lt;b&gt;heet&lt;/b&gt;', xml: hostileSheet(questions) }] }));
    const report = join(dirname(input), 'r.md');
    const r = kotae(['answer', input, '--report', report, '-q']);
    expect(r.code, r.stderr).toBe(0);
    return readFileSync(report, 'utf8');
  }

  function hostileSheet(questions: string[]): string {
    const rows = [`<row r="1">${cell('A1', 'No')}${cell('B1', '質問項目')}${cell('C1', '回答')}${cell('D1', '備考')}</row>`];
    [...questions, ...QUESTIONS].forEach((q, i) => rows.push(`<row r="${i + 2}">${cell(`A${i + 2}`, String(i + 1))}${cell(`B${i + 2}`, q)}</row>`));
    return sheetXml(`<sheetData>${rows.join('')}</sheetData>`);
  }

  it('rendered by markdown-it (html and linkify on): no HTML element from the input, no link, every row as wide as its header', () => {
    const md = mdReport(HOSTILE);
    const parser = new MarkdownIt({ html: true, linkify: true });
    const tokens = parser.parse(md, {});
    expect(tokens.filter((t) => t.type === 'html_block' || t.type === 'html_inline').map((t) => t.content)).toEqual([]);
    const inline = tokens.flatMap((t) => t.children ?? []);
    expect(inline.filter((t) => /^(html_inline|link_open|image)$/.test(t.type)).map((t) => `${t.type} ${t.content}`)).toEqual([]);
    // tables: every row has as many cells as its header
    let width = 0;
    let cells = 0;
    for (const t of tokens) {
      if (t.type === 'thead_open') width = -1;
      if (t.type === 'tr_open') cells = 0;
      if (t.type === 'th_open' || t.type === 'td_open') cells++;
      if (t.type === 'tr_close') {
        if (width === -1) width = cells;
        else expect(cells, 'cells in a row').toBe(width);
      }
    }
    const html = parser.render(md);
    const tags = new Set([...html.matchAll(/<([a-z][a-z0-9]*)\b/g)].map((m) => m[1]));
    for (const tag of tags) expect(['h1', 'h2', 'p', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'strong']).toContain(tag);
    // the text survives: each hostile question is one cell, with its own characters
    const texts = inline.filter((t) => t.type === 'text').map((t) => t.content);
    const cellTexts = tokens.filter((t) => t.type === 'inline').map((t) => t.content);
    void cellTexts;
    const joined = parser.renderInline(mdCell(HOSTILE[4]!));
    expect(joined).toBe('パイプ \\| を含む \\\\| 質問 | です'.replace(/&/g, '&amp;'));
    expect(texts.join('')).toContain('<script>alert(1)</script>を実施していますか');
  });

  it('mdCell: pipes after backslashes, line breaks and markup', () => {
    const parser = new MarkdownIt({ html: true, linkify: true });
    for (const q of HOSTILE) {
      const row = `| a | b |\n|---|---|\n| ${mdCell(q)} | x |\n`;
      const tokens = parser.parse(row, {});
      expect(tokens.filter((t) => t.type === 'td_open').length, q).toBe(2);
      const firstBodyCell = tokens.findIndex((t) => t.type === 'td_open');
      const cellText = tokens[firstBodyCell + 1]?.children?.map((c) => c.content).join('');
      expect(cellText, q).toBe(q.replace(/\r\n|\r|\n/g, ' ').trim());
    }
  });
});
