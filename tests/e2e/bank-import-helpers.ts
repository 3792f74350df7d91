import ExcelJS from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';

/** A small bank with comments, flow and block lists, to check that imports keep it as written. */
export const SMALL_BANK = `# Small test bank — comments must survive imports.
- id: access.mfa-admin
  category: アクセス制御
  questions:
    - 管理者アクセスに多要素認証を必須としていますか。 # canonical phrasing
    - Is MFA required for administrative access?
  answer: yes
  remarks:
    ja: 管理者のアクセスには多要素認証を必須としています。
    en: Administrative access requires MFA.
  source: { regulation: ["5.3"] }
  reviewed: 2025-08-30
  owner: CTO

# backups
- id: backup.offsite
  category: バックアップ
  questions: [バックアップを遠隔地に保管していますか。, Are backups stored offsite?]
  answer: yes
  remarks: { ja: バックアップは別リージョンに保管しています。 }
  source: { regulation: ["8.1"] }
  reviewed: 2025-08-30
  owner: CTO

- id: access.shared-accounts-used
  category: アクセス制御
  questions:
    - 共有アカウントを使用していますか。
  answer: no
  remarks:
    ja: 共有アカウントは使用していません。
  source: { regulation: ["5.1"] }
  reviewed: 2025-08-30
  owner: CTO
`;

/** A temp bank folder holding SMALL_BANK as access.yaml. */
export function smallBank(): { dir: string; file: string } {
  const dir = join(tempDir('kotae-bank-'), 'answer-bank');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'access.yaml');
  writeFileSync(file, SMALL_BANK);
  return { dir, file };
}

/** A completed Japanese check sheet: No. / 質問 / 回答 / 備考, one row per [question, answer, remarks]. */
export async function completedSheet(rows: [string, string, string?][], name = 'completed.xlsx'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('チェックシート');
  ws.addRow(['No.', '分類', '質問', '回答', '備考']);
  rows.forEach(([q, a, r], i) => ws.addRow([String(i + 1), 'セキュリティ', q, a, r ?? '']));
  const path = join(tempDir('kotae-sheet-'), name);
  writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
  return path;
}
