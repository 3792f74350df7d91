import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A valid entry as YAML lines, with overridable fields. */
export function entryYaml(id: string, extra: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    category: 'アクセス制御',
    questions: '\n    - 共有アカウントを使用していますか。\n    - Do you use shared accounts?',
    answer: 'no',
    remarks: '{ ja: 使用しません。, en: No. }',
    source: '{ regulation: ["5.1"] }',
    reviewed: '2025-08-30',
    owner: 'CTO',
    ...extra,
  };
  return [`- id: ${id}`, ...Object.entries(fields).map(([k, v]) => `  ${k}: ${v}`)].join('\n') + '\n';
}

const REGULATION = [
  '第1章 総則',
  '第1.1条(目的)',
  '本規定は目的を定める。',
  '第5章 アクセス制御',
  '第5.1条(アクセス制御の基本方針)',
  '- 共有アカウントを使用しないこと',
  '第5.2条(アカウント管理)',
  '- 年に1回以上、アクセス権限の棚卸を実施すること',
  '以上',
  '制定日: 2025年8月30日',
  '最終改訂: 2025年8月30日',
  '',
].join('\n');

/** A temp bank folder with the given files (relative path → content) and a small regulation. */
export function makeBank(files: Record<string, string>, opts: { regulation?: boolean } = {}): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kotae-bank-'));
  const all: Record<string, string> = { ...files };
  if (opts.regulation !== false) all['regulation/regulation.txt'] = REGULATION;
  for (const [rel, content] of Object.entries(all)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
