/** Hand-built report data: what the report layer is given, without a workbook or a bank behind it. */
import type { CoverageReport } from '../../src/app/coverage.js';
import type { Report } from '../../src/report/build-report.js';

export function report(): Report {
  return {
    input: 'customer.xlsx',
    output: 'customer.answered.xlsx',
    bank: 'answer-bank',
    generated: '2025-09-01T00:00:00.000Z',
    generatedLocal: '2025-09-01 09:00 (Asia/Tokyo, GMT+09:00)',
    language: 'ja',
    summaries: [
      { sheet: 'チェックシート', answered: 1, review: 1, unmatched: 1, skipped: 2 },
      { sheet: 'Extra', answered: 0, review: 0, unmatched: 0, skipped: 0 },
    ],
    totals: { answered: 1, review: 1, unmatched: 1, skipped: 2, questions: 3 },
    items: [
      {
        sheet: 'チェックシート',
        row: 5,
        id: 'A-2',
        category: 'アクセス',
        question: '=HYPERLINK("http://x") 共有|アカウント',
        status: 'review',
        reason: 'near-tie',
        detail: 'rival a.two at 0.610',
        candidates: [
          {
            entry: 'a.one',
            answer: 'no',
            score: 0.65,
            phrasing: '共有アカウントを使用していますか',
            written: '×',
            remarks: '共有アカウントは使用しない（情報セキュリティ規定 第5.1条）',
            source: 'regulation 第5.1条',
          },
          { entry: 'a.two', answer: 'yes', score: 0.61, phrasing: '共有アカウントを禁止していますか', written: '○', source: 'regulation 第5.3条' },
        ],
        cells: { answer: 'C5', remarks: 'D5' },
        allowed: ['○', '×', '△', '－'],
        proposal: {
          entry: 'a.one',
          source: 'regulation 第5.1条',
          score: 0.65,
          answer: 'no',
          written: '×',
          remarks: '共有アカウントは使用しない（情報セキュリティ規定 第5.1条）',
        },
      },
      {
        sheet: 'チェックシート',
        row: 6,
        id: '',
        category: '',
        question: 'データセンターの所在地',
        status: 'unmatched',
        reason: 'no-candidate',
        candidates: [],
        cells: { answer: 'C6', remarks: 'D6' },
        allowed: ['○', '×', '△', '－'],
      },
    ],
    answered: [
      {
        sheet: 'チェックシート',
        row: 4,
        id: 'A-1',
        question: '監査ログを取得していますか',
        answer: 'yes',
        written: '○',
        entry: 'logging.audit',
        source: 'regulation 第9.1条',
        score: 0.9,
        phrasing: '監査ログを取得すること',
        alsoClose: [{ entry: 'logging.review', score: 0.85, phrasing: '監査ログを確認していますか' }],
      },
    ],
  };
}

export function coverage(answered: number): CoverageReport {
  return {
    files: [{ file: 'a.xlsx' }, { file: 'b.xlsx', error: 'not a workbook' }],
    sheets: [{ file: 'a.xlsx', sheet: 'S|1', questions: 4, answered, review: 1, unmatched: 3 - answered, answeredShare: answered / 4 }],
    overall: { questions: 4, answered, review: 1, unmatched: 3 - answered, answeredShare: answered / 4 },
    topics: [{ count: 2, review: 1, unmatched: 1, example: 'ISMS認証を取得していますか', where: { file: 'a.xlsx', sheet: 'S|1', row: 7 } }],
    unusedEntries: [{ id: 'e.two', category: 'c', question: '二つ目' }],
    answeredBy: [{ id: 'e.one', rows: answered }],
    readable: 1,
    unreadable: 1,
  };
}
