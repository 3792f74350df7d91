import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCitation, parseRegulation, toIsoDate } from '../../src/bank/regulation.js';
import { loadBank } from '../../src/node/load-bank.js';

const text = readFileSync(new URL('../../answer-bank/regulation/regulation.txt', import.meta.url), 'utf8');
const reg = parseRegulation(text);

describe('parseRegulation (shipped regulation)', () => {
  it('finds every article of chapters 1–16', () => {
    expect(reg.articles).toHaveLength(42);
    expect(new Set(reg.articles.map((a) => a.chapter))).toEqual(new Set(Array.from({ length: 16 }, (_, i) => i + 1)));
  });
  it('reads titles, chapters and text', () => {
    const a = reg.articles.find((x) => x.number === '12.5')!;
    expect(a.title).toBe('認証強化');
    expect(a.chapter).toBe(12);
    expect(a.chapterTitle).toBe('物理的・技術的管理策');
    expect(a.text).toContain('オーセンティケーターアプリ');
    expect(a.text).not.toContain('第12.6条');
    expect(reg.articles.find((x) => x.number === '5.2')!.title).toBe('アカウント管理');
  });
  it('stops the last article before the closing lines', () => {
    const last = reg.articles.at(-1)!;
    expect(last.number).toBe('16.3');
    expect(last.text).toBe('本規程に違反した場合は、就業規則に基づき適切な措置を講ずる。');
  });
  it('reads enactment and last revision as ISO dates', () => {
    expect(reg.enacted).toBe('2025-08-30');
    expect(reg.lastRevised).toBe('2025-08-30');
    expect(reg.title).toBe('情報セキュリティ規定');
  });
  it('loads from a bank folder', () => {
    const loaded = loadBank(new URL('../../answer-bank', import.meta.url).pathname).regulation;
    expect(loaded?.articles).toHaveLength(42);
  });
});

describe('parseRegulation (variants)', () => {
  it('accepts full-width parentheses and a later revision', () => {
    const r = parseRegulation('第2章 体制\n第2.1条（役割）\n本文\n最終改訂：2026年4月1日\n制定日: 2025/8/30\n');
    expect(r.articles).toEqual([{ number: '2.1', chapter: 2, chapterTitle: '体制', title: '役割', text: '本文' }]);
    expect(r.lastRevised).toBe('2026-04-01');
    expect(r.enacted).toBe('2025-08-30');
  });
  it('rejects impossible dates', () => {
    expect(toIsoDate('2025年2月30日')).toBeUndefined();
  });
});

describe('formatCitation', () => {
  it('formats one article', () => {
    expect(formatCitation(['12.5'], 'ja')).toBe('（情報セキュリティ規定 第12.5条）');
    expect(formatCitation(['12.5'], 'en')).toBe('(Information Security Regulation, Art. 12.5)');
  });
  it('formats several articles in order, without duplicates', () => {
    expect(formatCitation(['5.2', '5.1', '5.2'], 'ja')).toBe('（情報セキュリティ規定 第5.1条・第5.2条）');
    expect(formatCitation(['12.1', '5.10', '5.2'], 'en')).toBe('(Information Security Regulation, Arts. 5.2, 5.10, 12.1)');
  });
  it('is empty for no article', () => {
    expect(formatCitation([], 'ja')).toBe('');
  });
});
