import { describe, expect, it } from 'vitest';
import { neutralize } from '../../src/report/neutralize.js';
import { renderReport, reportFormatOf } from '../../src/report/write-report.js';
import { report } from './fixtures.js';

// (ignoreBOM: keep the byte-order mark the CSV starts with, so the test sees it)
const decode = (b: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

describe('the report, rendered', () => {
  it('picks the format from the path and refuses others', () => {
    expect(['r.xlsx', 'r.md', 'r.MARKDOWN', 'r.json', 'r.csv'].map(reportFormatOf)).toEqual(['xlsx', 'md', 'md', 'json', 'csv']);
    expect(() => reportFormatOf('r.txt')).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
  });

  it('json: the report data as it is', async () => {
    expect(JSON.parse(decode(await renderReport(report(), 'json')))).toEqual(report());
  });

  it('csv: one row per row left for a person, reasons in words, formulas neutralised, fields quoted', async () => {
    const csv = decode(await renderReport(report(), 'csv'));
    expect(
      csv.startsWith(
        '\uFEFFSheet,Row,ID,Category,Question,Status,Reason,Proposed answer,Proposed remarks,Based on,Answer cell,Remarks cell,Candidate 1,Candidate 2,Candidate 3\r\n',
      ),
    ).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      `チェックシート,5,A-2,アクセス,"'=HYPERLINK(""http://x"") 共有|アカウント",review,bank entries with different answers match about equally well (rival a.two at 0.610),×,共有アカウントは使用しない（情報セキュリティ規定 第5.1条）,a.one (regulation 第5.1条),C5,D5,"a.one (no, 0.65): × 共有アカウントは使用しない（情報セキュリティ規定 第5.1条）","a.two (yes, 0.61): ○",`,
    );
    expect(lines[2]).toBe('チェックシート,6,,,データセンターの所在地,unmatched,no bank entry is about this,,,,C6,D6,,,');
  });

  it('md: the summary, the rows left (pipes escaped) and the answered rows with what was also close', async () => {
    const md = decode(await renderReport(report(), 'md'));
    expect(md).toContain('# kotae report: customer.xlsx');
    expect(md).toContain('| **total** | 1 | 1 | 1 | 2 |');
    expect(md).toContain('## To answer by hand (2)');
    expect(md).toContain(
      '| チェックシート | 5 | \\=HYPERLINK\\("http\\://x"\\) 共有\\|アカウント | review | bank entries with different answers match about equally well \\(rival a.two at 0.610\\) | × | 共有アカウントは使用しない（情報セキュリティ規定 第5.1条） | a.one \\(regulation 第5.1条\\) | a.two \\(yes, 0.61\\): ○ |',
    );
    expect(md).toContain(
      '| チェックシート | 4 | 監査ログを取得していますか | 監査ログを取得すること | ○ | logging.audit | regulation 第9.1条 | logging.review \\(0.85\\): 監査ログを確認していますか |',
    );
  });

  it('xlsx: a workbook kotae creates (a zip)', async () => {
    const x = await renderReport(report(), 'xlsx');
    expect([x[0], x[1]]).toEqual([0x50, 0x4b]);
  });

  it('neutralize: text a spreadsheet would run as a formula gets an apostrophe', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', 'ok'].map(neutralize)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", 'ok']);
  });
});
