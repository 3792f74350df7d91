import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/node/load-bank.js';
import { normalisePhrasing, phrasingLanguage } from '../../src/bank/validate-bank.js';
import { validateBank } from '../../src/node/load-bank.js';
import { diceSimilarity } from '../../src/match/similarity.js';
import { EVAL, SKIP_SHARED } from '../helpers.js';

const BANK_DIR = fileURLToPath(new URL('../../answer-bank', import.meta.url));
const bank = loadBank(BANK_DIR);
const articles = new Set(bank.regulation?.articles.map((a) => a.number));

describe('the shipped answer bank', () => {
  it('validates with no error and no warning (bank validate --strict passes, as examples/bank-ci.yml runs it)', () => {
    // the regulation's yearly review is recorded in regulation/reviews.yaml (2026-12-05, CTO)
    const { findings } = validateBank(BANK_DIR, { now: new Date('2026-12-05T00:00:00Z') });
    expect(findings.filter((f) => f.severity !== 'info').map((f) => `${f.code} ${f.entryId ?? ''} ${f.message}`)).toEqual([]);
    expect(findings.filter((f) => f.code === 'uncited-article').map((f) => f.args?.article)).toEqual([]);
    expect(bank.regulation?.reviews).toEqual([{ date: '2026-12-05', by: 'CTO', note: expect.any(String) }]);
  });

  it('asks for the next yearly review a year later', () => {
    const { findings } = validateBank(BANK_DIR, { now: new Date('2027-12-06T00:00:00Z') });
    expect(findings.filter((f) => f.code === 'regulation-stale').map((f) => f.message)).toEqual([expect.stringContaining('last reviewed on 2026-12-05')]);
  });

  it('has at least 80 entries, all approved', () => {
    expect(bank.entries.length).toBeGreaterThanOrEqual(80);
    expect(bank.entries.filter((e) => e.status === 'draft')).toEqual([]);
  });

  it('ships the regulation and synonyms', () => {
    expect(bank.regulation?.articles.length).toBe(42);
    expect(bank.synonyms.length).toBeGreaterThanOrEqual(40);
  });

  it('cites every chapter 2–15', () => {
    const chapters = new Set(bank.entries.flatMap((e) => e.source.regulation ?? []).map((n) => Number(n.split('.')[0])));
    for (let c = 2; c <= 15; c++) expect(chapters, `chapter ${c}`).toContain(c);
  });

  it('every entry has a source and every reference resolves', () => {
    for (const e of bank.entries) {
      expect(e.source.regulation?.length ?? (e.source.response ? 1 : 0), e.id).toBeGreaterThan(0);
      for (const n of e.source.regulation ?? []) expect(articles, `${e.id} cites ${n}`).toContain(n);
    }
  });

  it('every entry has Japanese and English phrasings and both remarks', () => {
    for (const e of bank.entries) {
      const langs = new Set(e.questions.map(phrasingLanguage));
      expect(langs, e.id).toContain('ja');
      expect(langs, e.id).toContain('en');
      expect(e.remarks.ja, e.id).toBeTruthy();
      expect(e.remarks.en, e.id).toBeTruthy();
    }
  });

  it('remarks do not embed the citation (the tool appends it)', () => {
    for (const e of bank.entries) {
      expect(e.remarks.ja, e.id).not.toMatch(/第\d+\.\d+条/);
      expect(e.remarks.en, e.id).not.toMatch(/Art\.\s*\d/);
    }
  });

  it('claims nothing the regulation does not say', () => {
    // Topics the regulation does not settle must stay unanswered: no phrasing or remark about them.
    const forbidden = [
      /ISO ?\/?(IEC)? ?2700\d|ISMS|Pマーク|プライバシーマーク|SOC ?[12]|ISMAP/i,
      /AES|TLS|SSL|HTTPS/i,
      /IPアドレス|IP address/i,
      /バックアップ|backup/i,
      /稼働率|uptime|可用性/i,
      /保存期間|保管期間|retention/i,
      /IDS|IPS|侵入検知|SIEM/,
      /パスワードの(有効期限|文字数|桁数|複雑)|password (expir|complexity|length)/i,
      /侵入テスト|ペネトレーション|penetration/i,
    ];
    for (const e of bank.entries) {
      const text = [...e.questions, e.remarks.ja ?? '', e.remarks.en ?? ''].join('\n');
      for (const re of forbidden) expect(text, `${e.id} ~ ${re}`).not.toMatch(re);
      // an SLA only as customers call the remediation deadlines per severity (第13.1条): for
      // patches or vulnerabilities, on an entry scoped to them — never a service level or uptime
      for (const q of e.questions.filter((x) => /SLA|サービスレベル|service level/i.test(x))) {
        expect(q, e.id).toMatch(/パッチ|脆弱性|patch|vulnerab/i);
        expect(e.about ?? [], e.id).toContain('パッチ');
      }
      expect(`${e.remarks.ja ?? ''}\n${e.remarks.en ?? ''}`, e.id).not.toMatch(/SLA|サービスレベル|service level/i);
    }
  });

  it('has unique ids and no phrasing listed twice', () => {
    const ids = bank.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Map<string, string>();
    for (const e of bank.entries) {
      for (const q of e.questions) {
        const n = normalisePhrasing(q);
        expect(seen.get(n), `${e.id}: ${q}`).toBeUndefined();
        seen.set(n, e.id);
      }
    }
  });

  // The dev set measures how well the bank generalises: its questions must not be pasted in.
  const devJson = join(EVAL, 'dev.json');
  it.skipIf(SKIP_SHARED)('does not copy the dev evaluation questions', () => {
    const dev = JSON.parse(readFileSync(devJson, 'utf8')) as { workbooks: { rows: { question: string }[] }[] };
    const devQs = dev.workbooks.flatMap((w) => w.rows.map((r) => normalisePhrasing(r.question)));
    for (const e of bank.entries) {
      for (const q of e.questions) {
        const n = normalisePhrasing(q);
        const close = devQs.find((d) => diceSimilarity(n, d) >= 0.85);
        expect(close, `${e.id}: ${q}`).toBeUndefined();
      }
    }
  });
});
