/**
 * Open questions end to end (issue 14, item 9): `answer` writes the remarks and leaves the answer
 * cell to a person; `bank export` never publishes Yes to a "what"; `bank import` does not call a
 * ○ on such a row a conflict; `bank validate` keeps the forms apart.
 */
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOpenQuestion } from '../../src/match/open-question.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { kotae, readBytes, ROOT, tempDir } from '../helpers.js';
import { entryYaml, makeBank } from '../bank/helpers.js';
import { completedSheet } from './bank-import-helpers.js';
import { text } from '../workbook/helpers.js';

const WHICH_IDP = '従業員が社内システムにログインする際の認証基盤は何ですか。';
const SHARED_ACCOUNTS = '共有アカウントを使用していますか。';

/** 質問 / 回答 (/ 備考), one row per question, nothing answered. */
async function blankSheet(questions: string[], remarks = true): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('チェックシート');
  ws.addRow(['No.', '質問', '回答', ...(remarks ? ['備考'] : [])]);
  questions.forEach((q, i) => ws.addRow([String(i + 1), q, '', ...(remarks ? [''] : [])]));
  const path = join(tempDir(), remarks ? 'sheet.xlsx' : 'no-remarks.xlsx');
  writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
  return path;
}

interface JsonReport {
  items: { row: number; status: string; reason: string; detail?: string }[];
  answered: { row: number }[];
}

describe('answer: a row that asks what / which / how', () => {
  it('gets the remarks of its entry in the remarks cell and an empty answer cell, and stays on the worklist', async () => {
    const src = await blankSheet([WHICH_IDP, SHARED_ACCOUNTS]);
    const out = join(tempDir(), 'out.xlsx');
    const report = join(tempDir(), 'report.json');
    const r = kotae(['answer', src, '-o', out, '--report', report, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = readWorkbook(readBytes(out)).sheets[0]!;
    expect(text(s, 'C2')).toBe('');
    expect(text(s, 'D2')).toMatch(/GoogleおよびGitHub.*（情報セキュリティ規定 第5\.3条）$/);
    expect([text(s, 'C3'), text(s, 'D3')]).toEqual(['×', expect.stringMatching(/共有アカウント/)]);
    const totals = JSON.parse(r.stdout).totals;
    expect(totals).toMatchObject({ answered: 1, review: 1 });
    const rep = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
    expect(rep.items).toEqual([expect.objectContaining({ row: 2, status: 'review', reason: 'describe' })]);
    expect(rep.answered.map((a) => a.row)).toEqual([3]);
  });

  it('the summary says so, and names the bank that answered', async () => {
    const src = await blankSheet([WHICH_IDP, SHARED_ACCOUNTS]);
    const r = kotae(['answer', src, '-o', join(tempDir(), 'out.xlsx')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /1 left for a person[\s\S]*1 of them asks what \/ which \/ how: the remarks that answer it are written, the answer cell is left to you/,
    );
    expect(r.stdout).toMatch(new RegExp(`^bank: +${join(ROOT, 'answer-bank').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  });

  it('without a remarks column nothing is written for it, and the report carries the remarks to use', async () => {
    const src = await blankSheet([WHICH_IDP, SHARED_ACCOUNTS], false);
    const out = join(tempDir(), 'out.xlsx');
    const report = join(tempDir(), 'report.json');
    expect(kotae(['answer', src, '-o', out, '--report', report, '--quiet']).code).toBe(0);
    const s = readWorkbook(readBytes(out)).sheets[0]!;
    expect([text(s, 'C2'), text(s, 'C3')]).toEqual(['', '×']);
    const item = (JSON.parse(readFileSync(report, 'utf8')) as JsonReport).items[0];
    expect(item?.detail).toMatch(/no remarks column: .*GoogleおよびGitHub/);
  });
});

describe('coverage', () => {
  it('counts a row answered with remarks as open (its answer cell is), and its entry as used', async () => {
    const src = await blankSheet([WHICH_IDP, SHARED_ACCOUNTS]);
    const r = kotae(['coverage', src, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      overall: { answered: number; review: number };
      unusedEntries: { id: string }[];
      answeredBy: { id: string; rows: number }[];
    };
    expect(j.overall).toMatchObject({ answered: 1, review: 1 });
    expect(j.answeredBy).toContainEqual({ id: 'auth.workforce-idp-which', rows: 1 });
    expect(j.unusedEntries.map((e) => e.id)).not.toContain('auth.workforce-idp-which');
  });
});

describe('bank export', () => {
  it('publishes no Yes / ○ to a question that asks what / which / how', () => {
    for (const lang of ['en', 'ja'] as const) {
      const md = join(tempDir(), `answers-${lang}.md`);
      expect(kotae(['bank', 'export', '--lang', lang, '-o', md]).code).toBe(0);
      const rows = readFileSync(md, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('| Category') && !l.startsWith('| 分類'));
      const open = rows.map((l) => l.split(' | ')).filter((cells) => isOpenQuestion(cells[1] ?? ''));
      expect(open.length).toBeGreaterThan(5);
      for (const cells of open) expect(cells[2], cells[1]).toBe(lang === 'en' ? 'See remarks' : '備考のとおり');
      expect(rows.find((l) => l.includes('auth.workforce-idp-which'))).toContain(lang === 'en' ? '| See remarks |' : '| 備考のとおり |');
      // an English export speaks English in every column but the source's article title
      if (lang === 'en') for (const cells of rows.map((l) => l.split(' | '))) expect(cells[0]?.replace(/^\| /, ''), cells[1]).toMatch(/^[A-Za-z ]+$/);
    }
  });
});

describe('bank import', () => {
  it('a ○ on a row the bank answers with a description is neither a new phrasing nor a conflict', async () => {
    const bank = makeBank({
      'auth.yaml': entryYaml('auth.idp-which', {
        answer: 'describe',
        questions: `[${WHICH_IDP}, Which identity provider do your staff use?]`,
        remarks: '{ ja: GoogleとGitHubです。, en: Google and GitHub. }',
      }),
    });
    try {
      const sheet = await completedSheet([
        [WHICH_IDP, '○'],
        ['従業員の認証基盤は何ですか。', '○'],
      ]);
      const r = kotae(['bank', 'import', sheet, '--bank', bank.dir, '--source', 'Acme, 2026-12-01', '--format', 'json']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const plan = JSON.parse(r.stdout);
      expect(plan.conflicts).toEqual([]);
      expect(plan.phrasings).toEqual([]);
    } finally {
      bank.cleanup();
    }
  });
});

describe('bank validate', () => {
  const validate = (files: Record<string, string>) => {
    const bank = makeBank(files);
    try {
      const r = kotae(['bank', 'validate', '--bank', bank.dir, '--format', 'json']);
      return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: { code: string; severity: string; entryId?: string }[] }).findings };
    } finally {
      bank.cleanup();
    }
  };

  it('answer: describe is a valid answer; an unknown one names it in the error', () => {
    expect(
      validate({ 'a.yaml': entryYaml('a.which', { answer: 'describe', questions: '[何を使っていますか, What do you use?]' }) }).findings.filter(
        (f) => f.severity === 'error',
      ),
    ).toEqual([]);
    const bad = validate({ 'a.yaml': entryYaml('a.bad', { answer: 'maybe' }) });
    expect(bad.code).toBe(1);
    expect(bad.findings.find((f) => f.code === 'schema')).toMatchObject({ message: expect.stringContaining('describe') });
  });

  it('question-form: an open phrasing in a yes/no entry, a yes/no phrasing in a describe entry', () => {
    const { findings } = validate({
      'a.yaml':
        entryYaml('a.yes', { answer: 'yes', questions: '[認証基盤を利用していますか, 認証基盤は何ですか, Do you use an IdP?]' }) +
        entryYaml('a.which', { answer: 'describe', questions: '[どの認証基盤を使っていますか, Which IdP do you use?, Do you use Google?]' }),
    });
    const form = findings.filter((f) => f.code === 'question-form');
    expect(form.map((f) => [f.entryId, f.severity])).toEqual([
      ['a.yes', 'warning'],
      ['a.which', 'warning'],
    ]);
  });

  it('a description contradicts no yes: "How is X …?" beside "Is X …?" is not a contradiction; a describe entry without remarks is an error', () => {
    const { findings } = validate({
      'a.yaml':
        entryYaml('a.yes', { answer: 'yes', questions: '[Is the office locked?, オフィスは施錠していますか]' }) +
        entryYaml('a.how', { answer: 'describe', questions: '[How is the office locked?, オフィスはどのように施錠していますか]' }) +
        entryYaml('a.empty', { answer: 'describe', questions: '[What do you use?, 何を使っていますか]', remarks: '{}' }),
    });
    expect(findings.map((f) => f.code)).not.toContain('contradiction');
    expect(findings.find((f) => f.entryId === 'a.empty' && f.code === 'missing-remarks')).toMatchObject({ severity: 'error' });
  });
});
