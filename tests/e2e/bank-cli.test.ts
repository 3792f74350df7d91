import { describe, expect, it } from 'vitest';
import { entryYaml, makeBank } from '../bank/helpers.js';
import { kotae } from '../helpers.js';

const today = new Date().toISOString().slice(0, 10);
const fresh = { reviewed: today };
// the small test regulation has articles 1.1, 5.1 and 5.2: cite them all so nothing is uncited noise
const cited = entryYaml('a.base', { ...fresh, source: '{ regulation: ["1.1", "5.1", "5.2"] }' });

function validate(files: Record<string, string>, ...flags: string[]) {
  const { dir, cleanup } = makeBank(files);
  try {
    return kotae(['bank', 'validate', '--bank', dir, ...flags]);
  } finally {
    cleanup();
  }
}

describe('kotae bank validate through the CLI', () => {
  it('exits 0 on the shipped bank, which cites every article of the regulation', () => {
    const r = kotae(['bank', 'validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 errors/);
    expect(r.stdout).not.toMatch(/cited by no entry/);
    // which bank was checked: without --bank, ./answer-bank of the working folder
    expect(r.stdout.split('\n')[0]).toMatch(/^bank: \/.*answer-bank$/);
  });

  // (an entry citing only 1.1 of the test regulation leaves 5.1 and 5.2 uncited)
  const partlyCited = { 'a.yaml': entryYaml('a.base', { ...fresh, source: '{ regulation: ["1.1"] }' }) };

  it('lists the articles no entry cites, and still exits 0', () => {
    const r = validate(partlyCited);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/第5\.1条.*cited by no entry/);
    expect(r.stdout).toMatch(/第5\.2条.*cited by no entry/);
    expect(r.stdout).not.toMatch(/第1\.1条.*cited by no entry/);
  });

  it('--format json parses and carries finding codes', () => {
    const r = validate(partlyCited, '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { findings: { code: string }[] } | { code: string }[];
    const findings = Array.isArray(json) ? json : json.findings;
    expect(findings.some((f) => f.code === 'uncited-article')).toBe(true);
  });

  const broken: [string, Record<string, string>, RegExp, string[]][] = [
    ['a YAML syntax error', { 'a.yaml': `${cited}- id: a.bad\n  questions: [unclosed\n` }, /a\.yaml:\d+:\d+/, []],
    ['an unknown key', { 'a.yaml': cited + entryYaml('a.typo', { ...fresh, answr: 'no' }) }, /a\.yaml:\d+:\d+ a\.typo/, []],
    ['an invalid answer', { 'a.yaml': cited + entryYaml('a.maybe', { ...fresh, answer: 'maybe' }) }, /a\.yaml:\d+:\d+ a\.maybe/, []],
    ['a duplicate id', { 'a.yaml': cited, 'b.yaml': entryYaml('a.base', fresh) }, /b\.yaml:\d+:\d+ a\.base/, []],
    ['two contradicting entries', { 'a.yaml': cited + entryYaml('a.other', { ...fresh, answer: 'yes' }) }, /a\.yaml:\d+:\d+ a\.(base|other).*contradict/i, []],
    ['a stale review date (--strict)', { 'a.yaml': cited + entryYaml('a.old', { reviewed: '2020-01-01' }) }, /a\.yaml:\d+:\d+ a\.old/, ['--strict']],
    [
      'a reference to an article that does not exist',
      { 'a.yaml': cited + entryYaml('a.ghost', { ...fresh, source: '{ regulation: ["99.9"] }' }) },
      /a\.yaml:\d+:\d+ a\.ghost.*99\.9/,
      [],
    ],
  ];
  for (const [what, files, line, flags] of broken) {
    it(`fails on ${what}, naming the file and line, without a stack`, () => {
      const r = validate(files, ...flags);
      expect(r.code).toBe(1);
      expect(`${r.stdout}${r.stderr}`).toMatch(line);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('a stale review is only a warning without --strict', () => {
    expect(validate({ 'a.yaml': cited + entryYaml('a.old', { reviewed: '2020-01-01' }) }).code).toBe(0);
  });
});

describe('kotae answer with a broken bank', () => {
  it('refuses to run (exit 2) with one line per problem and a hint', () => {
    const { dir, cleanup } = makeBank({ 'a.yaml': cited + entryYaml('a.maybe', { ...fresh, answer: 'maybe' }) });
    try {
      const r = kotae(['answer', 'fixtures/sample-checksheet-ja.xlsx', '--bank', dir, '-o', `${dir}/out.xlsx`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: answer bank has 1 problem/m);
      expect(r.stderr).toMatch(/a\.yaml:\d+:\d+ a\.maybe/);
      expect(r.stderr).toMatch(/^hint: /m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      cleanup();
    }
  });
});

describe('kotae search', () => {
  it('shows why a question matches: decision, entries, scores, answers, articles', () => {
    const r = kotae(['search', '共有アカウントを使用していますか', '--top', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/answered: access\.shared-accounts-used → no/);
    expect(r.stdout).toMatch(/第5\.1条/);
  });

  it('--json gives the candidates with their answers', () => {
    const r = kotae(['search', 'Is MFA required for administrative access?', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { decision: { status: string; answer?: string }; candidates: { entry: string; answer: string; articles: string[] }[] };
    expect(j.decision.status).toBe('answered');
    expect(j.decision.answer).toBe('yes');
    expect(j.candidates[0]?.articles.length).toBeGreaterThan(0);
  });

  it('leaves what the bank cannot settle unanswered', () => {
    const r = kotae(['search', 'ISMS認証を取得していますか', '--json']);
    expect((JSON.parse(r.stdout) as { decision: { status: string } }).decision.status).not.toBe('answered');
  });

  it('an entry id shows that entry; a mistyped one is searched as a question and the id it meant is named', () => {
    const byId = kotae(['search', 'auth.admin-mfa', '--json']);
    expect(byId.code).toBe(0);
    expect((JSON.parse(byId.stdout) as { entry: { id: string; articles: string[] } }).entry).toMatchObject({ id: 'auth.admin-mfa', articles: ['12.5', '5.3'] });
    const typo = kotae(['search', 'auth.admn-mfa']);
    expect(typo.code).toBe(0);
    expect(typo.stdout).toMatch(/^decision /);
    expect(typo.stderr).toMatch(/note: no entry has the id "auth\.admn-mfa"; did you mean auth\.admin-mfa/);
  });
});
