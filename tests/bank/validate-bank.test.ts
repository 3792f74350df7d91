import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeFor, normalisePhrasing, type Finding } from '../../src/bank/validate-bank.js';
import { diceSimilarity } from '../../src/match/similarity.js';
import { formatFindings } from '../../src/report/findings.js';
import { validateBank } from '../../src/node/load-bank.js';
import { entryYaml, makeBank } from './helpers.js';

const NOW = new Date('2026-01-01T00:00:00Z');
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
function validate(files: Record<string, string>, opts: { regulation?: boolean; now?: Date } = {}) {
  const b = makeBank(files, opts);
  cleanups.push(b.cleanup);
  return validateBank(b.dir, { now: opts.now ?? NOW });
}
const codes = (fs: Finding[], severity?: Finding['severity']) => fs.filter((f) => !severity || f.severity === severity).map((f) => f.code);
const cites = (...n: string[]) => `{ regulation: [${n.map((x) => `"${x}"`).join(', ')}] }`;
// Cite every article of the test regulation so that only the finding under test shows.
// It is 8 lines long (flow-style questions), so the next entry starts on line 9.
const fullyCited = entryYaml('base.all', {
  source: cites('1.1', '5.1', '5.2'),
  answer: 'yes',
  questions: '[アクセス権の棚卸を年1回実施していますか, Annual access review]',
});

describe('validateBank', () => {
  it('about: a phrasing that names none of the terms can never answer (warning); an empty list is a schema error', () => {
    const scoped = entryYaml('a.scoped', {
      about: '[共有アカウント, shared account]',
      questions: '[共有アカウントを使用していますか, Do you use shared accounts?, 同じIDを使い回していますか]',
    });
    const { findings } = validate({ 'a.yaml': fullyCited + scoped });
    const f = findings.find((x) => x.code === 'about-unreachable');
    expect(f).toMatchObject({ severity: 'warning', entryId: 'a.scoped' });
    expect(f?.args).toEqual({ phrasings: ['同じIDを使い回していますか'] });
    const empty = validate({ 'a.yaml': fullyCited + entryYaml('a.empty', { about: '[]' }) });
    expect(codes(empty.findings, 'error')).toContain('schema');
  });

  it('finds nothing wrong in a clean bank', () => {
    const { findings } = validate({ 'a.yaml': fullyCited + entryYaml('a.shared') });
    expect(findings).toEqual([]);
    expect(exitCodeFor(findings, true)).toBe(0);
  });

  it('YAML syntax error → schema with file:line', () => {
    const { findings } = validate({ 'a.yaml': fullyCited, 'broken.yaml': '- id: a.b\n  questions: [x, y\n  owner: CTO\n' });
    const f = findings.find((x) => x.code === 'schema');
    expect(f).toMatchObject({ severity: 'error' });
    expect(f!.file!.endsWith('broken.yaml')).toBe(true);
    expect(f!.line).toBeGreaterThanOrEqual(2);
    expect(exitCodeFor(findings, false)).toBe(1);
  });

  it('unknown key → schema at the key line', () => {
    const { findings } = validate({ 'a.yaml': fullyCited + entryYaml('a.typo', { colour: 'red' }) });
    expect(codes(findings, 'error')).toEqual(['schema']);
    expect(findings[0]).toMatchObject({ line: 19, col: 3, entryId: 'a.typo' });
    expect(findings[0]!.message).toContain('unknown key "colour"');
  });

  it('invalid answer → schema at the answer line', () => {
    const { findings } = validate({ 'a.yaml': fullyCited + entryYaml('a.bad', { answer: 'maybe' }) });
    expect(codes(findings, 'error')).toEqual(['schema']);
    expect(findings[0]).toMatchObject({ line: 14, col: 11, entryId: 'a.bad' });
    expect(findings[0]!.message).toMatch(/^answer: expected yes, no, partial, na, or describe/);
  });

  it('duplicate id → duplicate-id at the second entry', () => {
    const { findings } = validate({ 'a.yaml': fullyCited, 'b.yaml': entryYaml('a.dup'), 'c.yaml': entryYaml('a.dup') });
    const f = findings.filter((x) => x.code === 'duplicate-id');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', entryId: 'a.dup', line: 1, col: 3 });
    expect(f[0]!.file!.endsWith('c.yaml')).toBe(true);
  });

  it('two entries with near-identical phrasings and different answers → contradiction', () => {
    const { findings } = validate({
      'a.yaml':
        fullyCited +
        entryYaml('a.no', { questions: '[共有アカウントを使用していますか。, Do you use shared accounts?]', answer: 'no' }) +
        entryYaml('a.yes', { questions: '[共有アカウントを使用していること, Do you use shared accounts]', answer: 'yes' }),
    });
    const f = findings.filter((x) => x.code === 'contradiction');
    expect(f.length).toBeGreaterThanOrEqual(1);
    expect(f[0]).toMatchObject({ severity: 'error', entryId: 'a.yes', line: 17 });
    expect(f[0]!.args).toMatchObject({ other: 'a.no' });
  });

  it('opposite-polarity phrasings are not a contradiction', () => {
    const { findings } = validate({
      'a.yaml':
        fullyCited +
        entryYaml('a.no', { questions: '[共有アカウントを使用していますか, Do you use shared accounts?]', answer: 'no' }) +
        entryYaml('a.yes', { questions: '[共有アカウントの使用を禁止していますか, Are shared accounts prohibited?]', answer: 'yes' }),
    });
    expect(codes(findings)).not.toContain('contradiction');
  });

  it('drafts do not contradict approved entries', () => {
    const { findings } = validate({
      'a.yaml': fullyCited + entryYaml('a.no'),
      'inbox/new.yaml': entryYaml('inbox.yes', { answer: 'yes', status: 'draft' }),
    });
    expect(codes(findings)).toEqual(['draft']);
    expect(findings[0]).toMatchObject({ severity: 'info', args: { count: 1 } });
  });

  it('review older than a year → stale warning', () => {
    const { findings } = validate({ 'a.yaml': fullyCited + entryYaml('a.old', { reviewed: '2024-06-01' }) });
    expect(codes(findings)).toEqual(['stale']);
    expect(findings[0]).toMatchObject({ severity: 'warning', entryId: 'a.old', line: 9 });
    expect(exitCodeFor(findings, false)).toBe(0);
    expect(exitCodeFor(findings, true)).toBe(1);
  });

  it('review before the regulation was last revised → stale warning', () => {
    const { findings } = validate({ 'a.yaml': fullyCited + entryYaml('a.before', { reviewed: '2025-08-29' }) });
    expect(codes(findings)).toEqual(['stale']);
  });

  it('the same entries turn stale a year later', () => {
    const { findings } = validate({ 'a.yaml': fullyCited }, { now: new Date('2026-08-31T00:00:00Z') });
    // the regulation (last revised 2025-08-30) is overdue for its own yearly review too
    expect(codes(findings).sort()).toEqual(['regulation-stale', 'stale']);
  });

  it('regulation/reviews.yaml: a review less than a year old clears regulation-stale; an older one does not', () => {
    const now = new Date('2026-08-31T00:00:00Z');
    const fresh = validate({ 'a.yaml': fullyCited, 'regulation/reviews.yaml': '- date: 2026-08-01\n  by: CTO\n  note: no change needed\n' }, { now });
    // the entries (reviewed 2025-08-30) still age on their own
    expect(codes(fresh.findings).sort()).toEqual(['stale']);
    const old = validate({ 'a.yaml': fullyCited, 'regulation/reviews.yaml': '- { date: 2025-08-01, by: CTO }\n' }, { now });
    expect(old.findings.find((f) => f.code === 'regulation-stale')?.message).toMatch(/last reviewed on 2025-08-01.*reviews\.yaml/);
    const none = validate({ 'a.yaml': fullyCited }, { now });
    expect(none.findings.find((f) => f.code === 'regulation-stale')?.message).toMatch(
      /no review is recorded.*- \{ date: YYYY-MM-DD, by: CTO \}.*regulation\/reviews\.yaml/,
    );
  });

  it('regulation/reviews.yaml: a record without `by` is a schema error at its line; a review dated after today is an error', () => {
    const bad = validate({ 'a.yaml': fullyCited, 'regulation/reviews.yaml': '# reviews\n- date: 2025-12-01\n' });
    expect(bad.findings.find((f) => f.code === 'schema')).toMatchObject({ severity: 'error', file: expect.stringMatching(/reviews\.yaml$/), line: 2 });
    const future = validate({ 'a.yaml': fullyCited, 'regulation/reviews.yaml': '- { date: 2027-01-01, by: CTO }\n' });
    expect(future.findings.find((f) => f.code === 'schema')?.message).toMatch(/2027-01-01, after today/);
  });

  it('reference to a non-existent article → dangling-article', () => {
    const { findings } = validate({ 'a.yaml': fullyCited + entryYaml('a.ghost', { source: cites('5.1', '99.9') }) });
    expect(codes(findings)).toEqual(['dangling-article']);
    expect(findings[0]).toMatchObject({ severity: 'error', entryId: 'a.ghost', line: 9, args: { article: '99.9' } });
  });

  it('missing remark or language → warnings', () => {
    const { findings } = validate({
      'a.yaml': fullyCited + entryYaml('a.half', { remarks: '{ ja: 使用しません。 }', questions: '[共有アカウントを使用していますか]' }),
    });
    expect(codes(findings).sort()).toEqual(['missing-language', 'missing-remarks']);
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
  });

  it('articles no entry cites → uncited-article info, in article order', () => {
    const { findings } = validate({ 'a.yaml': entryYaml('a.shared') });
    const f = findings.filter((x) => x.code === 'uncited-article');
    expect(f.map((x) => x.args?.['article'])).toEqual(['1.1', '5.2']);
    expect(exitCodeFor(findings, true)).toBe(0);
  });

  it('a bank without a regulation skips article checks', () => {
    const { findings } = validate({ 'a.yaml': entryYaml('a.ghost', { source: cites('99.9') }) }, { regulation: false });
    expect(findings).toEqual([]);
  });

  it('throws BANK_NOT_FOUND only for a missing folder', () => {
    expect(() => validateBank('/nonexistent/bank')).toThrowError(expect.objectContaining({ code: 'BANK_NOT_FOUND' }));
  });
});

describe('formatting and exit codes', () => {
  const findings: Finding[] = [
    { code: 'schema', severity: 'error', file: 'answer-bank/a.yaml', line: 3, col: 5, entryId: 'a.b', message: 'answer: bad' },
    { code: 'stale', severity: 'warning', file: 'answer-bank/a.yaml', line: 1, col: 3, entryId: 'a.c', message: 'old' },
    { code: 'uncited-article', severity: 'info', message: '第16.1条(施行日) is cited by no entry' },
  ];
  it('text: one line per finding and a summary', () => {
    const text = formatFindings(findings, 'text').split('\n');
    expect(text[0]).toBe('error   answer-bank/a.yaml:3:5 a.b: answer: bad [schema]');
    expect(text[2]).toBe('info    第16.1条(施行日) is cited by no entry [uncited-article]');
    expect(text[3]).toBe('1 error, 1 warning, 1 info');
  });
  it('json: findings and summary', () => {
    const parsed = JSON.parse(formatFindings(findings, 'json'));
    expect(parsed.summary).toEqual({ errors: 1, warnings: 1, infos: 1 });
    expect(parsed.findings[0].code).toBe('schema');
  });
  it('exit code: errors 1, warnings 1 only with strict, info 0', () => {
    expect(exitCodeFor(findings, false)).toBe(1);
    expect(exitCodeFor(findings.slice(1), false)).toBe(0);
    expect(exitCodeFor(findings.slice(1), true)).toBe(1);
    expect(exitCodeFor(findings.slice(2), true)).toBe(0);
  });
});

describe('phrasing normalisation', () => {
  it('drops width, case, punctuation and polite endings', () => {
    expect(normalisePhrasing('ＷＡＦを導入していますか？')).toBe(normalisePhrasing('WAFを導入していること。'));
    expect(normalisePhrasing('Do you use MFA?')).toBe('doyouusemfa');
  });
  it('Dice of identical strings is 1, of unrelated ones low', () => {
    expect(diceSimilarity('abc', 'abc')).toBe(1);
    expect(diceSimilarity('共有アカウント', '脆弱性診断')).toBe(0);
  });
});
