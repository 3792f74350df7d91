import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractResponses } from '../../src/app/import-responses.js';
import { loadBank } from '../../src/node/load-bank.js';
import { buildIndex } from '../../src/match/match-index.js';
import { planAnswers } from '../../src/plan/plan-answers.js';
import { readWorkbook } from '../../src/workbook/read-workbook.js';
import { describeShared, kotae, readBytes, REAL, SKIP_SHARED, tempDir } from '../helpers.js';
import { completedSheet, SMALL_BANK, smallBank } from './bank-import-helpers.js';

const CAIQ_DONE = join(REAL, 'csa/CAIQv4.0.3_WhitePact_completed.xlsx');
const CAIQ_BLANK = join(REAL, 'csa/CAIQv4.0.3_STAR-Security-Questionnaire_Generated-at_2024-06-03.xlsx');

/** path (relative to dir) → sha256 of every file under dir */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out[relative(dir, abs)] = createHash('sha256').update(readFileSync(abs)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function approveDrafts(file: string): void {
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^(\s*)status: draft$/gm, '$1status: approved'));
}

describeShared('bank import: a completed CAIQ into an empty bank, then the blank CAIQ', () => {
  it('gives the vendor its own answers back on at least 95% of rows and never a different one', () => {
    const bank = join(tempDir('kotae-caiq-'), 'bank');
    mkdirSync(bank);
    const r = kotae(['bank', 'import', CAIQ_DONE, '--bank', bank, '--source', 'WhitePact, 2024-06-03', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { counts: { drafts: number; conflicts: number; phrasings: number }; draftFile: string };
    expect(out.counts.conflicts).toBe(0);
    expect(out.counts.phrasings).toBe(0);
    expect(out.counts.drafts).toBeGreaterThan(200);
    const draftFile = join(bank, out.draftFile);
    expect(readFileSync(draftFile, 'utf8')).toMatch(/status: draft/);

    // drafts never answer
    const blank = readWorkbook(readBytes(CAIQ_BLANK));
    const before = planAnswers(blank, buildIndex(loadBank(bank)));
    expect(before.results.filter((x) => x.status === 'answered')).toHaveLength(0);

    approveDrafts(draftFile);
    const truth = new Map(extractResponses(readWorkbook(readBytes(CAIQ_DONE)), 'done.xlsx').map((x) => [x.row, x.answer]));
    const plan = planAnswers(blank, buildIndex(loadBank(bank)));
    expect(plan.results).toHaveLength(261);
    let right = 0;
    const wrong: string[] = [];
    for (const x of plan.results) {
      if (x.status !== 'answered') continue;
      if (x.answer === truth.get(x.row)) right++;
      else wrong.push(`row ${x.row}: ${x.answer} vs ${truth.get(x.row)}`);
    }
    expect(wrong).toEqual([]);
    expect(right / 261).toBeGreaterThanOrEqual(0.95);
  });
});

describe('bank import: the same sheet twice', () => {
  it('changes nothing the second time (drafts included)', async () => {
    const { dir } = smallBank();
    const sheet = await completedSheet([
      ['管理者アクセスには多要素認証を必須にしていますか', '○'],
      ['暗号化通信（HTTPS）に対応していますか。', '○', 'TLS 1.2 以上のみ受け付けます。'],
      ['データセンターの所在地を教えてください', '東京'],
    ]);
    const first = kotae(['bank', 'import', sheet, '--bank', dir, '--source', 'Acme Corp, 2025-09-01']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('access.mfa-admin');
    expect(existsSync(join(dir, 'inbox', 'acme-corp-2025-09-01.yaml'))).toBe(true);
    const after1 = snapshot(dir);
    const second = kotae(['bank', 'import', sheet, '--bank', dir, '--source', 'Acme Corp, 2025-09-01']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing to change');
    expect(snapshot(dir)).toEqual(after1);
  });

  it.skipIf(SKIP_SHARED)('twice with the CAIQ: identical bytes after the second import', () => {
    const bank = join(tempDir('kotae-caiq2-'), 'bank');
    mkdirSync(bank);
    const args = ['bank', 'import', CAIQ_DONE, '--bank', bank, '--source', 'WhitePact, 2024-06-03'];
    expect(kotae(args).code).toBe(0);
    const after1 = snapshot(bank);
    expect(kotae(args).code).toBe(0);
    expect(snapshot(bank)).toEqual(after1);
  });
});

describe('bank import: new phrasings keep the YAML as written', () => {
  it('appends to block and flow lists, keeps comments and every other byte', async () => {
    const { dir, file } = smallBank();
    const sheet = await completedSheet([
      ['管理者アクセスには多要素認証を必須にしていますか', '○'],
      ['バックアップは遠隔地に保管していますか', '○'],
    ]);
    const r = kotae(['bank', 'import', sheet, '--bank', dir, '--source', 'Acme, 2025-09-01', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { phrasings: { entry: string }[]; counts: { drafts: number } };
    expect(out.phrasings.map((p) => p.entry).sort()).toEqual(['access.mfa-admin', 'backup.offsite']);
    expect(out.counts.drafts).toBe(0);
    const text = readFileSync(file, 'utf8');
    const expected = SMALL_BANK.replace(
      '    - Is MFA required for administrative access?\n',
      '    - Is MFA required for administrative access?\n    - 管理者アクセスには多要素認証を必須にしていますか\n',
    ).replace('Are backups stored offsite?]', 'Are backups stored offsite?, "バックアップは遠隔地に保管していますか"]');
    expect(text).toBe(expected);
    const bank = loadBank(dir);
    expect(bank.entries.find((e) => e.id === 'backup.offsite')?.questions).toContain('バックアップは遠隔地に保管していますか');
  });

  it('--dry-run writes nothing', async () => {
    const { dir } = smallBank();
    const before = snapshot(dir);
    const sheet = await completedSheet([
      ['管理者アクセスには多要素認証を必須にしていますか', '○'],
      ['暗号化通信（HTTPS）に対応していますか。', '○'],
    ]);
    const r = kotae(['bank', 'import', sheet, '--bank', dir, '--source', 'Acme, 2025-09-01', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dry run: nothing written');
    expect(r.stdout).toContain('would write');
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('bank import: a sheet that contradicts the bank', () => {
  it('reports every conflict with both texts and answers, exits 1 and leaves the entries unchanged', async () => {
    const { dir, file } = smallBank();
    const sheet = await completedSheet([
      ['管理者アクセスに多要素認証を必須としていますか。', '×'],
      ['バックアップを遠隔地に保管していますか。', '×', '保管していません'],
      ['共有アカウントを使用していますか。', '○'],
      ['Is MFA required for administrative access?', 'No'],
      ['管理者のアクセスには多要素認証が必須ですか', '×'],
    ]);
    const r = kotae(['bank', 'import', sheet, '--bank', dir, '--source', 'Beta, 2025-10-01', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      conflicts: { from: { row: number; question: string }; answer: string; other: { entryId: string; answer: string; phrasing: string } }[];
      files: unknown[];
    };
    const rows = out.conflicts.map((c) => c.from.row).sort((a, b) => a - b);
    expect(rows).toEqual([2, 3, 4, 5, 6]);
    const shared = out.conflicts.find((c) => c.from.row === 4)!;
    expect(shared).toMatchObject({
      answer: 'yes',
      other: { entryId: 'access.shared-accounts-used', answer: 'no', phrasing: '共有アカウントを使用していますか。' },
    });
    expect(out.files).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(SMALL_BANK);
    expect(existsSync(join(dir, 'inbox'))).toBe(false);

    const text = kotae(['bank', 'import', sheet, '--bank', dir, '--source', 'Beta, 2025-10-01']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('conflicts: 5');
    expect(text.stdout).toContain('sheet: "共有アカウントを使用していますか。"');
    expect(text.stdout).toContain('bank:  access.shared-accounts-used answers no');
  });

  it('refuses a missing or malformed --source (exit 2)', async () => {
    const { dir } = smallBank();
    const sheet = await completedSheet([['共有アカウントを使用していますか。', '×']]);
    expect(kotae(['bank', 'import', sheet, '--bank', dir]).code).toBe(2);
    const bad = kotae(['bank', 'import', sheet, '--bank', dir, '--source', 'Acme']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--source');
  });
});
