/**
 * The company's information security regulation (情報セキュリティ規定): parsing its plain text into
 * chapters and articles, and formatting citations such as （情報セキュリティ規定 第12.5条）.
 */
import { KotaeError } from '../domain/errors.js';
import type { Article, Language, Regulation } from '../domain/types.js';

const DEFAULT_REGULATION_TITLE = '情報セキュリティ規定';
const REGULATION_TITLE_EN = 'Information Security Regulation';
/** The record of the regulation's yearly reviews (第1.4条), beside it in the bank folder. */
export const REGULATION_REVIEWS_FILE = 'regulation/reviews.yaml';

const CHAPTER_RE = /^第\s*(\d+)\s*章[\s\u3000]*(.*)$/;
// 第5.2条(アカウント管理) — half- or full-width parentheses, title optional.
const ARTICLE_RE = /^第\s*(\d+)\s*[.．]\s*(\d+)\s*条\s*(?:[(（]([^)）]*)[)）])?\s*(.*)$/;
// Closing matter after the last article: 以上 / 制定日 / 最終改訂 / 承認者.
const CLOSING_RE = /^(以上|制定日|最終改訂|最終改定|承認者)/;
const ENACTED_RE = /^制定日\s*[:：]\s*(.+)$/;
const REVISED_RE = /^最終改[訂定]日?\s*[:：]\s*(.+)$/;

/** 2025年8月30日 / 2025-08-30 / 2025/8/30 → 2025-08-30; undefined when not a date. */
export function toIsoDate(text: string): string | undefined {
  const m = /(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})/.exec(text.normalize('NFKC'));
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/**
 * Parse the regulation's text. Chapters are lines `第N章 title`, articles lines `第N.M条(title)`;
 * an article's text runs to the next article or chapter heading (or the closing 以上 / 制定日 lines).
 * The text has no title line of its own, so the title is the conventional 情報セキュリティ規定
 * unless the first line is a short heading ending in 規定/規程.
 */
export function parseRegulation(text: string): Regulation {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const articles: Article[] = [];
  let chapter = 0;
  let chapterTitle = '';
  let current: { article: Article; body: string[] } | undefined;
  let closed = false;
  let enacted: string | undefined;
  let lastRevised: string | undefined;

  const flush = (): void => {
    if (!current) return;
    current.article.text = current.body.join('\n').trim();
    articles.push(current.article);
    current = undefined;
  };

  let title = DEFAULT_REGULATION_TITLE;
  const first = lines.find((l) => l.trim() !== '')?.trim();
  if (first && first.length <= 40 && /(規定|規程)$/.test(first)) title = first;

  for (const raw of lines) {
    const line = raw.trim();
    const enactedMatch = ENACTED_RE.exec(line);
    if (enactedMatch) enacted = toIsoDate(enactedMatch[1]!) ?? enacted;
    const revisedMatch = REVISED_RE.exec(line);
    if (revisedMatch) lastRevised = toIsoDate(revisedMatch[1]!) ?? lastRevised;
    if (closed) continue;

    const ch = CHAPTER_RE.exec(line);
    if (ch) {
      flush();
      chapter = Number(ch[1]);
      chapterTitle = ch[2]!.trim();
      continue;
    }
    const art = ARTICLE_RE.exec(line);
    if (art) {
      flush();
      const rest = art[4]!.trim();
      current = {
        article: {
          number: `${Number(art[1])}.${Number(art[2])}`,
          chapter: chapter || Number(art[1]),
          chapterTitle,
          title: (art[3] ?? '').trim(),
          text: '',
        },
        body: rest ? [rest] : [],
      };
      continue;
    }
    if (CLOSING_RE.test(line)) {
      flush();
      closed = true;
      continue;
    }
    if (current) current.body.push(raw.trimEnd());
  }
  flush();
  return {
    title,
    ...(enacted ? { enacted } : {}),
    // A regulation never revised since enactment is "last revised" on its enactment date.
    ...((lastRevised ?? enacted) ? { lastRevised: lastRevised ?? enacted } : {}),
    articles,
  };
}

/**
 * The regulation of a bank from the text of `<bank>/regulation/regulation.txt`; undefined text
 * means the file was too large to read. Throws BANK_INVALID when it is too large or has no article
 * (the problem names the file).
 */
export function regulationOf(text: string | undefined): Regulation {
  if (text === undefined) {
    throw new KotaeError('BANK_INVALID', 'regulation file is larger than 5 MB', 'keep the regulation as plain text under 5 MB');
  }
  const regulation = parseRegulation(text);
  if (regulation.articles.length === 0) {
    throw new KotaeError('BANK_INVALID', 'no article found in the regulation file', 'articles are lines like 第5.2条(アカウント管理)');
  }
  return regulation;
}

/** Numeric order of article numbers: 5.2 < 5.10 < 12.1. */
export function compareArticleNumbers(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

/**
 * The citation appended to a remark:
 * ja `（情報セキュリティ規定 第5.1条・第5.2条）`, en `(Information Security Regulation, Arts. 5.1, 5.2)`.
 * Empty string for no numbers.
 */
export function formatCitation(numbers: readonly string[], lang: Language): string {
  const sorted = [...new Set(numbers.map((n) => n.trim()).filter(Boolean))].sort(compareArticleNumbers);
  if (sorted.length === 0) return '';
  if (lang === 'ja') {
    return `（${DEFAULT_REGULATION_TITLE} ${sorted.map((n) => `第${n}条`).join('・')}）`;
  }
  return `(${REGULATION_TITLE_EN}, ${sorted.length === 1 ? 'Art.' : 'Arts.'} ${sorted.join(', ')})`;
}
