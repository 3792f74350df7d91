import { afterEach, describe, expect, it } from 'vitest';
import { KotaeError } from '../../src/domain/errors.js';
import { formatProblem } from '../../src/bank/load-bank.js';
import { loadBank, loadBankWithProblems, loadSynonyms } from '../../src/node/load-bank.js';
import { entryYaml, makeBank } from './helpers.js';
import { join } from 'node:path';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
function bank(files: Record<string, string>, opts?: { regulation?: boolean }): string {
  const b = makeBank(files, opts);
  cleanups.push(b.cleanup);
  return b.dir;
}

describe('loadBank', () => {
  it('loads entries with their origin line and column, synonyms and the regulation', () => {
    const dir = bank({
      'access.yaml': entryYaml('access.a') + '\n' + entryYaml('access.b', { answer: 'yes' }),
      'inbox/imported.yml': entryYaml('inbox.c', { status: 'draft', answer: 'partial' }),
      'synonyms.yaml': '- [MFA, 多要素認証]\n- [NDA, 秘密保持契約]\n',
    });
    const b = loadBank(dir);
    expect(b.entries.map((e) => e.id)).toEqual(['access.a', 'access.b', 'inbox.c']);
    expect(b.entries[0]!.origin).toMatchObject({ line: 1, col: 3 });
    // entryYaml is 10 lines; a blank line separates the two entries
    expect(b.entries[1]!.origin).toMatchObject({ line: 12, col: 3 });
    expect(b.entries[0]!.origin!.file.endsWith('access.yaml')).toBe(true);
    expect(b.entries[2]!.status).toBe('draft');
    expect(b.synonyms).toEqual([
      ['MFA', '多要素認証'],
      ['NDA', '秘密保持契約'],
    ]);
    expect(b.regulation?.articles.map((a) => a.number)).toEqual(['1.1', '5.1', '5.2']);
  });

  it('keeps yes/no and dates as strings (YAML 1.2)', () => {
    const dir = bank({ 'a.yaml': entryYaml('a.b', { answer: 'yes', reviewed: '2025-08-30' }) });
    const e = loadBank(dir).entries[0]!;
    expect(e.answer).toBe('yes');
    expect(e.reviewed).toBe('2025-08-30');
  });

  it('does not read files under regulation/ as entries', () => {
    const dir = bank({ 'a.yaml': entryYaml('a.b'), 'regulation/notes.yaml': 'not: a list\n' });
    expect(loadBankWithProblems(dir).problems).toEqual([]);
  });

  it('reports a schema problem with file:line:col, entry id and field', () => {
    const dir = bank({ 'access.yaml': entryYaml('access.ok') + entryYaml('access.mfa', { answer: 'maybe' }) });
    const { problems, bank: b } = loadBankWithProblems(dir);
    expect(problems).toHaveLength(1);
    const p = problems[0]!;
    expect(p).toMatchObject({ code: 'schema', line: 16, col: 11, entryId: 'access.mfa', path: 'answer' });
    expect(formatProblem(p)).toMatch(
      /access\.yaml:16:11 access\.mfa: answer: expected yes, no, partial, na, or describe \(the remarks answer a what \/ which \/ how question\)$/,
    );
    expect(b.entries.map((e) => e.id)).toEqual(['access.ok']);
  });

  it('points an unknown key at the key itself', () => {
    const dir = bank({ 'a.yaml': entryYaml('a.b', { remark: 'typo' }) });
    const [p] = loadBankWithProblems(dir).problems;
    expect(p).toMatchObject({ code: 'schema', line: 11, col: 3, entryId: 'a.b' });
    expect(p!.message).toContain('unknown key "remark"');
  });

  it('reports a missing field at its entry', () => {
    const text = entryYaml('a.b').replace('  owner: CTO\n', '');
    const [p] = loadBankWithProblems(bank({ 'a.yaml': text })).problems;
    expect(p).toMatchObject({ line: 1, col: 3, path: 'owner', message: 'is required' });
  });

  it('reports nested problems with their path', () => {
    const dir = bank({ 'a.yaml': entryYaml('a.b', { remarks: '{ ja: "", en: x, fr: y }', reviewed: '2025-02-30', source: '{}' }) });
    const problems = loadBankWithProblems(dir).problems.map(formatProblem);
    expect(problems.some((l) => /a\.yaml:7:\d+ a\.b: remarks\.ja: must not be empty/.test(l))).toBe(true);
    expect(problems.some((l) => /a\.b: remarks: unknown key "fr"/.test(l))).toBe(true);
    expect(problems.some((l) => /a\.yaml:9:\d+ a\.b: reviewed: not a calendar date/.test(l))).toBe(true);
    expect(problems.some((l) => /a\.b: source: needs regulation articles or a past response/.test(l))).toBe(true);
  });

  it('reports a YAML syntax error with its line', () => {
    const dir = bank({ 'a.yaml': entryYaml('a.b'), 'b.yaml': '- id: x.y\n  questions: [a, b\n  answer: yes\n' });
    const { problems, bank: b } = loadBankWithProblems(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('yaml');
    expect(problems[0]!.file.endsWith('b.yaml')).toBe(true);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(2);
    expect(b.entries).toHaveLength(1);
  });

  it('reports a file that is not a list', () => {
    const [p] = loadBankWithProblems(bank({ 'a.yaml': 'id: a.b\n' })).problems;
    expect(p).toMatchObject({ code: 'schema', line: 1 });
    expect(p!.message).toContain('list of entries');
  });

  it('accepts an empty file', () => {
    expect(loadBankWithProblems(bank({ 'a.yaml': '# nothing yet\n' })).problems).toEqual([]);
  });

  it('refuses an alias bomb cleanly', () => {
    let s = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++)
      s += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const [p] = loadBankWithProblems(bank({ 'bomb.yaml': s })).problems;
    expect(p!.message).toMatch(/alias/i);
  });

  it('refuses files over the size limit', () => {
    const dir = bank({ 'a.yaml': entryYaml('a.b') + '#'.repeat(2000) + '\n' });
    const [p] = loadBankWithProblems(dir, { maxFileBytes: 1000 }).problems;
    expect(p).toMatchObject({ code: 'too-large' });
  });

  it('reports duplicate ids at the second occurrence', () => {
    const dir = bank({ 'a.yaml': entryYaml('a.b'), 'c.yaml': entryYaml('a.b') });
    const [p] = loadBankWithProblems(dir).problems;
    expect(p).toMatchObject({ code: 'duplicate-id', entryId: 'a.b', line: 1 });
    expect(p!.file.endsWith('c.yaml')).toBe(true);
  });

  it('throws one BANK_INVALID listing every problem, one per line', () => {
    const dir = bank({ 'a.yaml': entryYaml('a.b', { answer: 'maybe' }) + entryYaml('a.c', { owner: '""' }) });
    try {
      loadBank(dir);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KotaeError);
      const err = e as KotaeError;
      expect(err.code).toBe('BANK_INVALID');
      const lines = err.message.split('\n').slice(1);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/a\.yaml:\d+:\d+ a\.b: answer:/);
      expect(lines[1]).toMatch(/a\.yaml:\d+:\d+ a\.c: owner: must not be empty/);
    }
  });

  it('throws BANK_NOT_FOUND for a missing folder', () => {
    expect(() => loadBank('/nonexistent/answer-bank')).toThrowError(expect.objectContaining({ code: 'BANK_NOT_FOUND' }));
  });

  it('reports invalid synonyms', () => {
    const dir = bank({ 'synonyms.yaml': '- [MFA, 多要素認証]\n- [alone]\n' });
    const [p] = loadBankWithProblems(dir).problems;
    expect(p).toMatchObject({ code: 'synonyms', line: 2 });
    expect(() => loadSynonyms(join(dir, 'synonyms.yaml'))).toThrowError(expect.objectContaining({ code: 'BANK_INVALID' }));
  });
});
