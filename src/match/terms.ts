/**
 * Named-terms guard: the specific things a question names — acronyms and product or standard
 * names (CCTV, SAML, Windows, ISMAP, IDS/IPS), katakana nouns (パスワード, セッション, ローテーション)
 * — must appear in the matched entry (as such or through a synonym). A question about
 * 「パスワードの有効期限」 is not answered by an entry about 「セッションの有効期限」, however alike the
 * rest of the sentence is.
 */
import { foldCharacters, joinKatakanaWords, removePunctuation, stripNumbering } from './normalize.js';
import { findSynonyms, stemEnglish, GENERIC_TERMS, type SynonymTable } from './tokenize.js';

/** Terms too common in questionnaires to identify a topic; never required. */
const UNNAMED_TERMS: ReadonlySet<string> = new Set([
  'id',
  'pc',
  'it',
  'ok',
  'no',
  'yes',
  'na',
  'n/a',
  'q',
  'vs',
  'etc',
  'eg',
  'ie',
  'tob',
  'toc',
  'b2b',
  'b2c',
  'セキュリティ',
  'システム',
  'サービス',
  'データ',
  'ルール',
  'チェック',
  'ツール',
  'レベル',
  'プロセス',
  'ドキュメント',
  'メール',
  'ファイル',
  'リスト',
  'ユーザ',
  'ユーザー',
  'アクセス',
  'アカウント',
  'クラウド',
  'ネットワーク',
  'ソフト',
  'ソフトウェア',
  'ハードウェア',
  'マニュアル',
  'ガイドライン',
  'ポリシー',
  'ポリシ',
  'メンバー',
  'メンバ',
  'スタッフ',
  'チーム',
  'ベンダー',
  'ベンダ',
  'サポート',
  'レビュー',
  'テスト',
  'ルール',
  'リスク',
  'インシデント',
  'トラブル',
  'ケース',
  'タイミング',
  'スケジュール',
  'フロー',
  'プラン',
  'ポイント',
  'コスト',
  'ライン',
  'オフィス',
  'ノート',
  'パソコン',
  'ログイン',
  'ログオン',
  'サインイン',
  'アプリ',
  'アプリケーション',
  'コンポーネント',
  'アクティビティ',
]);

/** Controls that are practices of their own (監査 audit, 訓練 drill, 棚卸 access review, 診断
 * assessment, 承認 approval): a question naming one asks for that practice, which an entry must name too.
 * (監査ログ, audit logs are records, not the practice.) */
const PRACTICE_RE =
  /監査(?!ログ|証跡|記録)|訓練|演習|棚卸|診断|承認|(?<![a-z])(?:audits?(?![a-z]|\s+(?:log|trail|record))|drills?(?![a-z])|approv(?:al|als|e|ed|es|ing)(?![a-z]))/gu;

export interface NamedTerm {
  /** as written in the question */
  text: string;
  /** normalised form */
  norm: string;
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
const JA_CHAR = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const ASCII_TERM_RE = /[A-Za-z][A-Za-z0-9]*(?:[-'/.][A-Za-z0-9]+)*/gu;
const KATAKANA_RUN_RE = /[\u30A1-\u30FA][\u30A1-\u30FAー]+/gu;
const CLAUSE_START = /(?:^|[.?!:;。？！\n(（「"“]\s*)$/u;

const wordsOfRun = new Map<string, string[]>();

/** No loan word is longer; a longer run is kept as one word (the segmenter's cost per segment
 * grows with the text's length: a 20,000-character run took seconds). */
const MAX_KATAKANA_RUN = 64;

/** The words of 2+ characters of a katakana run, as the segmenter cuts them (remembered: the same
 * loan words come back in row after row). A run longer than MAX_KATAKANA_RUN is one word: it is
 * never a compound of generic words, so the entry must back it as it is. */
function katakanaWords(run: string): string[] {
  if (run.length > MAX_KATAKANA_RUN) return [run];
  let words = wordsOfRun.get(run);
  if (!words) {
    words = [...segmenter.segment(run)].map((x) => x.segment).filter((x) => x.length >= 2);
    if (wordsOfRun.size < 10_000) wordsOfRun.set(run, words);
  }
  return words;
}

/** Named terms of a raw question. */
export function namedTerms(raw: string): NamedTerm[] {
  const nfkc = joinKatakanaWords(raw.normalize('NFKC'));
  // strip numbering per line, keeping case (stripNumbering works on folded text: cut by length)
  const text = nfkc
    .split(/\r\n?|\n/u)
    .map((line) => {
      // (on the line lower-cased only: foldCharacters changes lengths — ユーザー → ユーザ — and a cut
      // by the folded length landed inside the first word, leaving 「ザー」 as a term)
      const stripped = stripNumbering(line.toLowerCase());
      return line.slice(Math.max(0, line.trimEnd().length - stripped.length));
    })
    .join('\n');
  const japanese = JA_CHAR.test(text);
  const out: NamedTerm[] = [];
  const seen = new Set<string>();
  const add = (t: string, norm: string): void => {
    if (UNNAMED_TERMS.has(norm) || GENERIC_TERMS.has(norm) || seen.has(norm)) return;
    seen.add(norm);
    out.push({ text: t, norm });
  };
  for (const m of text.matchAll(ASCII_TERM_RE)) {
    const t = m[0];
    const start = m.index ?? 0;
    const letters = t.replace(/[^A-Za-z]/gu, '');
    if (letters.length < 2) continue;
    const allCaps = /^[A-Z0-9][A-Z0-9\-/.]*[A-Z0-9]s?$/u.test(t) && /[A-Z].*[A-Z]/u.test(t);
    const mixedCaps = /[a-z][A-Z]/u.test(t);
    const capitalised = /^[A-Z][a-z]/u.test(t) && !CLAUSE_START.test(text.slice(Math.max(0, start - 3), start));
    if (japanese || allCaps || mixedCaps || capitalised)
      add(
        t,
        t.toLowerCase().replace(/s$/u, (s) => (allCaps ? '' : s)),
      );
  }
  // a practice of its own, named in kanji or plain English: a row asking for an audit of access
  // management is not answered by the entry that says access is managed
  for (const m of text.toLowerCase().matchAll(PRACTICE_RE)) add(m[0], m[0].replace(/s$/u, ''));
  if (japanese) {
    const folded = foldCharacters(text);
    for (const m of folded.matchAll(KATAKANA_RUN_RE)) {
      // a compound of generic words (セキュリティシステム) names nothing
      const parts = katakanaWords(m[0]);
      if (parts.length > 1 && parts.every((x) => UNNAMED_TERMS.has(x) || GENERIC_TERMS.has(x))) continue;
      add(m[0], m[0]);
    }
  }
  return out;
}

/** What an entry offers to back named terms: its normalised text and its synonym tokens. */
export interface TermSupport {
  text: string;
  synonymTokens: Set<string>;
}

export function termSupport(phrasings: readonly string[], synonyms: SynonymTable): TermSupport {
  const text = ` ${phrasings.map((p) => removePunctuation(foldCharacters(p))).join(' | ')} `;
  return { text, synonymTokens: new Set(findSynonyms(text, synonyms).map((s) => s.token)) };
}

function englishSupported(norm: string, support: TermSupport): boolean {
  const words = norm.split(/[^a-z0-9]+/u).filter((w) => w.length > 0);
  return words.every((w) => {
    if (support.text.includes(w)) return new RegExp(`(?<![a-z0-9])${w}`, 'u').test(support.text);
    const stem = stemEnglish(w);
    return new RegExp(`(?<![a-z0-9])${stem}`, 'u').test(support.text);
  });
}

/** Named terms of the question the entry does not back. */
export function unsupportedTerms(terms: readonly NamedTerm[], question: string, support: TermSupport, synonyms: SynonymTable): NamedTerm[] {
  if (terms.length === 0) return [];
  const qNorm = removePunctuation(foldCharacters(question));
  const spans = findSynonyms(qNorm, synonyms);
  return terms.filter((term) => {
    const norm = removePunctuation(foldCharacters(term.norm));
    if (norm.length === 0) return false;
    if (support.text.includes(norm) && (!/^[a-z0-9]/u.test(norm) || englishSupported(norm, support))) return false;
    if (/^[a-z0-9]/u.test(norm) && englishSupported(norm, support)) return false;
    // covered by a synonym the entry also uses
    const at = qNorm.indexOf(norm);
    if (at >= 0) {
      const end = at + norm.length;
      const covering = spans.filter((s) => s.start < end && s.end > at);
      if (covering.length > 0 && covering.some((s) => support.synonymTokens.has(s.token))) {
        const coveredAll = covering.reduce((n, s) => n + (Math.min(end, s.end) - Math.max(at, s.start)), 0);
        if (coveredAll >= norm.length * 0.5) return false;
      }
    }
    // a katakana compound is backed when each of its non-generic words is
    if (!/^[a-z0-9]/u.test(norm)) {
      const parts = katakanaWords(norm);
      if (parts.length > 1 && parts.every((p) => UNNAMED_TERMS.has(p) || GENERIC_TERMS.has(p) || support.text.includes(p))) {
        return false;
      }
    }
    return true;
  });
}
