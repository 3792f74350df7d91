/**
 * Text normalisation for matching check-sheet questions against answer-bank phrasings.
 *
 * Pipeline (see `prepareText`): fold characters → strip numbering per line → strip question
 * frames per clause → punctuation to spaces. Every rule is exported on its own so tests can
 * target it.
 */

/** ○ family: ○ U+25CB, ◯ U+25EF, 〇 U+3007, ⭕ U+2B55 → ○ */
const MARU_RE = /[○◯〇⭕]/gu;
/** × family: × U+00D7, ✕ U+2715, ✖ U+2716, ╳ U+2573, ✗ ✘ → × */
const BATSU_RE = /[×✕✖╳✗✘❌]/gu;
/** Dashes that are never a prolonged sound mark. (NFKC already maps － U+FF0D to '-'.) */
const DASH_RE = /[‐‑‒–—―−─━﹣]/gu;
/** Circled numbers ①..⑳, ❶..❿, ⓵..⓾ (handled before NFKC, which would turn ① into "1"). */
const CIRCLED_RE = /[\u2460-\u2473\u2776-\u277F\u24F5-\u24FE\u3251-\u325F\u32B1-\u32BF]/u;

const KATAKANA = '\u30A0-\u30FF';

/**
 * ー (U+30FC) is a prolonged sound mark inside katakana words (サーバー) and a dash elsewhere
 * (「ー」 as an answer, 「対象外ー」). Keep it after katakana, turn it into '-' otherwise.
 * Also drop a word-final ー of a katakana word of 3+ kana (サーバー → サーバ, ユーザー → ユーザ),
 * the JIS Z 8301 spelling variation that check sheets mix freely.
 */
const STANDALONE_CHOON_RE = new RegExp(`(^|[^${KATAKANA}])ー+`, 'gu');
// (matched from the start of a katakana run only: tried at every character of a long run, the
// expression read on to the run's end each time, quadratic in the run's length; a run whose start
// does not match has no later start that does)
const FINAL_CHOON_RE = new RegExp(`(?<![${KATAKANA}])([${KATAKANA}]{3,}?)ー(?![${KATAKANA}])`, 'gu');
const CIRCLED_ALL_RE = new RegExp(CIRCLED_RE.source, 'gu');

export function foldDashes(s: string): string {
  let out = s.replace(DASH_RE, '-');
  if (!out.includes('ー')) return out;
  // standalone ー: not preceded by a katakana character
  out = out.replace(STANDALONE_CHOON_RE, '$1-');
  out = out.replace(FINAL_CHOON_RE, '$1');
  return out;
}

const SPACED_KATAKANA_RE = /(?<=[\u30A1-\u30FAー]) (?=[\u30A1-\u30FA])/gu;

/**
 * Katakana words written apart by one space are one compound: machine-translated sheets write
 * 「サード パーティ」「サービス レベル アグリーメント」「データ アクセス」 where people write
 * サードパーティ, サービスレベルアグリーメント, データアクセス. (After NFKC: an ideographic space is a space.)
 */
export function joinKatakanaWords(s: string): string {
  return s.includes(' ') ? s.replace(SPACED_KATAKANA_RE, '') : s;
}

const SPACED_JAPANESE_RE = /(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]) +(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/gu;

/**
 * Any Japanese words written apart by spaces, joined (「Critical な 障害 は」): for a search of terms
 * across them (unsettled.ts). Matching itself joins katakana words only (above): a space between
 * kanji words may still part two words there.
 */
export function joinJapaneseWords(s: string): string {
  return s.includes(' ') ? s.replace(SPACED_JAPANESE_RE, '') : s;
}

/** ○ and × families to one code point each. */
export function foldMarks(s: string): string {
  return s.replace(MARU_RE, '○').replace(BATSU_RE, '×');
}

/**
 * Character folding: circled numbers marked, NFKC, lower case, ○/× families, dashes.
 * Idempotent; keeps line breaks and punctuation (later steps need them).
 */
export function foldCharacters(s: string): string {
  // a circled number is an enumeration marker, never a quantity: make it a "(n)" marker
  let out = CIRCLED_RE.test(s) ? s.replace(CIRCLED_ALL_RE, (m) => `(${m.normalize('NFKC')}) `) : s;
  out = joinKatakanaWords(out.normalize('NFKC').toLowerCase());
  out = out.replace(/\r\n?/g, '\n');
  out = foldMarks(out);
  out = foldDashes(out);
  return out;
}

/** Numbering prefixes at the start of a line, tried in order until none applies. */
const NUMBERING_RULES: readonly { name: string; re: RegExp }[] = [
  // Q12 / Q.12 / Q-12 / 問12 / 設問3 / No.5 / No 5 / #3
  { name: 'q-number', re: /^(?:q|no|問|設問|質問|項番|#)\s*[.\-:：]?\s*\d+(?:[.\-]\d+)*\s*[.)）:：、,]?\s*/u },
  // (1) （１） [1] 【1】
  { name: 'paren-number', re: /^[(（[【]\s*\d+(?:[.\-]\d+)*\s*[)）\]】]\s*/u },
  // (a) a) a.
  { name: 'paren-letter', re: /^(?:[(（][a-z][)）]|[a-z][.)）])\s+/u },
  // 3-2. / 1. / 1) / 2.1: / 1、 (not "1.5倍": a digit may not follow the marker)
  { name: 'dotted-number', re: /^\d+(?:[.\-]\d+)*\s*[.)）:：、](?!\d)\s*/u },
  // 3-2 followed by a space (section numbers without a final dot)
  { name: 'section-number', re: /^\d+(?:[.\-]\d+)+\s+/u },
  // bullets
  { name: 'bullet', re: /^[・･•●○◆◇■□▪▫※*\-–>＞]\s*/u },
];

/** Strip numbering prefixes (「3-2.」「(1)」「Q12」「No.5」「・」 …) from the start of one line. */
export function stripNumbering(line: string): string {
  let out = line.trimStart();
  for (let guard = 0; guard < 4; guard++) {
    const before = out;
    for (const rule of NUMBERING_RULES) out = out.replace(rule.re, '');
    out = out.trimStart();
    if (out === before) break;
  }
  return out;
}

/**
 * Punctuation to spaces. Kept: letters and digits of any script, ○ ×, '%', a '.' between digits
 * (99.5), ー inside katakana words.
 */
export function removePunctuation(s: string): string {
  // (every run of other characters, whitespace included, becomes one space: no run of spaces is left)
  if (!s.includes('.') && !s.includes('\u0000')) return s.replace(PUNCTUATION_RUN, ' ').trim();
  return s
    .replace(/(\d)\.(\d)/gu, '$1\u0000$2')
    .replace(PUNCTUATION_RUN, ' ')
    .replace(/\u0000/g, '.')
    .trim();
}

const PUNCTUATION_RUN = /[^\p{L}\p{N}\p{M}○×%\u0000ー々〆ヶ]+/gu;

/**
 * Normalised text without question-frame stripping: folded characters, numbering removed at line
 * starts, line breaks and punctuation turned into single spaces.
 */
export function normalizeText(s: string): string {
  const folded = foldCharacters(s);
  const lines = folded.split('\n').map(stripNumbering);
  return removePunctuation(lines.join(' '));
}

/**
 * Japanese clause endings that only frame a question or requirement (「していますか」「すること。」
 * 「について教えてください」). Stripped repeatedly from the end of each clause, longest first.
 * Negations (「ない」「ません」) are never stripped: polarity is content.
 */
const JA_FRAME_ENDINGS: readonly string[] = [
  'について教えてください',
  'についてご記入ください',
  'をご記入ください',
  'を教えてください',
  'を記載してください',
  '教えてください',
  'ご記入ください',
  'ご回答ください',
  '記入してください',
  '記載してください',
  'ください',
  'を定めていますか',
  'を定めている',
  'を定めること',
  'されていますでしょうか',
  'していますでしょうか',
  'ていますでしょうか',
  'ますでしょうか',
  'でしょうか',
  'されていますか',
  'していますか',
  'ていますか',
  'されますか',
  'しますか',
  'れますか',
  'ますか',
  'ことはありますか',
  'ことがありますか',
  'はありますか',
  'がありますか',
  'ありますか',
  'ですか',
  'か',
  'されていること',
  'していること',
  'ていること',
  'されること',
  'すること',
  'であること',
  'があること',
  'あること',
  'こと',
  'されている',
  'している',
  'ている',
  'である',
  'です',
  'ます',
  'する',
  'される',
  'られる',
  'れる',
  'について',
  'に関して',
  'に関する',
  'の有無',
  'の状況',
  'の可否',
  'は可能',
  'が可能',
  '可能',
];
const JA_FRAME_RE = new RegExp(`(?:${[...JA_FRAME_ENDINGS].sort((a, b) => b.length - a.length).join('|')})$`, 'u');

/** English openings that only frame a question (at the start of a clause). */
const EN_FRAME_OPENINGS: readonly RegExp[] = [
  /^please\s+(?:describe|provide|explain|confirm|indicate|specify|state|list|outline)(?:\s+(?:whether|if|how|what|the))?\s+/u,
  /^(?:do|does|did|can|could|will|would|have|has|is|are)\s+(?:you|your\s+(?:organization|organisation|company|firm|service|team)|the\s+(?:organization|organisation|company|service|vendor|supplier))\s+/u,
  /^(?:is|are)\s+there\s+(?:an?\s+|any\s+)?/u,
  /^how\s+(?:often|frequently)\s+(?:is|are|do|does)\s+/u,
  /^(?:what|which|how)\s+(?:is|are|do|does)\s+/u,
  /^(?:do|does|is|are|can|has|have|will)\s+/u,
];

/** Clause boundaries: Japanese and English sentence ends, line breaks ('.' not between digits). */
const CLAUSE_SPLIT_RE = /[。．？?！!\n]+|\.(?!\d)/u;

const WHITESPACE = /\s/u;

/** `s` without the trailing characters of `chars` (an expression like /[…]+$/ is tried from every
 * character of a long run of them and reads on to its end each time: quadratic). */
function trimEndOf(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && (chars.includes(s[end - 1] as string) || WHITESPACE.test(s[end - 1] as string))) end--;
  return end === s.length ? s : s.slice(0, end);
}

function stripJaEnding(clause: string): string {
  let out = trimEndOf(clause, '、，,:：;；');
  for (let guard = 0; guard < 6; guard++) {
    const hit = JA_FRAME_RE.exec(out);
    if (!hit || hit.index === 0) break;
    out = trimEndOf(out.slice(0, hit.index), '、，,');
  }
  return out;
}

function stripEnOpening(clause: string): string {
  let out = clause.trim();
  if (!/^[a-z]/u.test(out)) return out;
  for (const re of EN_FRAME_OPENINGS) {
    const next = out.replace(re, '');
    if (next !== out) {
      out = next;
      break;
    }
  }
  return out;
}

/**
 * Remove polite endings and question frames so that statement (「～すること。」), question
 * (「～していますか」) and label (「～の有無」) forms meet; English "do you", "is there", "please
 * describe" … likewise. Works clause by clause; returns the clauses joined by line breaks.
 */
export function stripQuestionFrame(s: string): string {
  return stripFrameFolded(foldCharacters(s));
}

function stripFrameFolded(folded: string): string {
  return folded
    .split(CLAUSE_SPLIT_RE)
    .map((c) => c.trim())
    .filter((c) => c.length > 0)
    .map((c) => stripJaEnding(stripEnOpening(c)))
    .filter((c) => c.length > 0)
    .join('\n');
}

/** Full preparation of a question or phrasing for tokenisation. */
export function prepareText(s: string): string {
  return prepareFolded(foldCharacters(s));
}

/** `prepareText` of a text already through `foldCharacters`. */
export function prepareFolded(folded: string): string {
  const lines = folded.split('\n').map(stripNumbering).join('\n');
  return removePunctuation(stripFrameFolded(lines));
}

/**
 * A text from which ranges are blanked out (replaced by spaces, its length kept), for scans that
 * must not read again what an earlier scan took: the blanks go into an array of code units, made on
 * the first blank, and the text is rebuilt only when asked for (`text`). Rebuilding it per blank was
 * quadratic in the number of blanks (16,000 figures or negations in one text took seconds).
 */
export class BlankedText {
  private units: string[] | undefined;
  private stale = false;

  constructor(private current: string) {}

  /** The text with every range blanked so far. */
  get text(): string {
    if (this.stale && this.units) {
      this.current = this.units.join('');
      this.stale = false;
    }
    return this.current;
  }

  /** Blank [start, end). */
  blank(start: number, end: number): void {
    const units = (this.units ??= this.current.split(''));
    for (let k = start; k < end; k++) units[k] = ' ';
    this.stale = true;
  }

  /** [start, end) of the text with every range blanked so far (without rebuilding the text). */
  slice(start: number, end: number): string {
    return this.units ? this.units.slice(start, end).join('') : this.current.slice(start, end);
  }
}
