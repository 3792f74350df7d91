/**
 * Header-cell vocabulary: which header text names which role. Each role has strong names
 * (a column so named is that role) and weak ones (only when nothing stronger is there).
 */
export type Role = 'id' | 'category' | 'question' | 'answer' | 'remarks';

export interface RoleMatch {
  role: Role;
  /** 3 exact strong name, 2 strong name inside a longer header, 1 weak name */
  strength: number;
}

interface RoleNames {
  strong: string[];
  weak: string[];
}

// Names are compared after NFKC + lower case + removing spaces and brackets' content markers.
const NAMES: Record<Role, RoleNames> = {
  remarks: {
    strong: [
      '備考',
      '補足',
      '補足説明',
      '補足事項',
      '回答理由',
      '理由',
      '根拠',
      'コメント',
      '特記事項',
      '詳細',
      '回答内容詳細',
      '説明欄',
      'remarks',
      'remark',
      'comments',
      'comment',
      'notes',
      'note',
      'additionalinformation',
      'explanation',
      'justification',
      'evidence',
      'implementationdescription',
      'details',
      'vendorcomments',
      'questioncomment',
      'answercomment',
    ],
    weak: ['説明', 'description', '記事', 'memo', 'メモ'],
  },
  answer: {
    strong: [
      '可否',
      '回答',
      '対応可否',
      '対応状況',
      '結果',
      '回答欄',
      '判定',
      '適合',
      '適合状況',
      '実施状況',
      '実施有無',
      '対応有無',
      'チェック',
      'チェック欄',
      '自己評価',
      '状況',
      '現状',
      '○×',
      'answer',
      'answers',
      'response',
      'responses',
      'vendoranswer',
      'vendoranswers',
      'vendorresponse',
      'cspcaiqanswer',
      'questionanswer',
      'yes/no',
      'y/n',
      'compliance',
      'compliant',
      'result',
      'status',
    ],
    weak: ['有無', '対応', '状態', 'selfassessment'],
  },
  question: {
    strong: [
      '質問',
      '質問内容',
      '質問事項',
      '確認内容',
      '確認事項',
      '確認項目',
      'チェック項目',
      '規定内容',
      '要求事項',
      '要求内容',
      '実施項目',
      '設問',
      '検証要件',
      '要件',
      '要件内容',
      '評価項目',
      '管理策',
      'question',
      'questions',
      'questiontext',
      'requirement',
      'requirements',
      'control',
      'controlquestion',
      'consensusassessmentsquestion',
      'assessmentquestion',
      'item',
    ],
    weak: ['項目', '内容', '事項', 'description', 'controlspecification'],
  },
  id: {
    strong: ['no', 'no.', '№', '#', '項番', '番号', '通番', '管理番号', 'q番号', '質問番号', 'id', 'ref', 'ref.', 'questionid', 'controlid', 'item#', 'number'],
    weak: [],
  },
  category: {
    strong: [
      '分類',
      '大分類',
      '中分類',
      '小分類',
      '大項目',
      '中項目',
      '小項目',
      'カテゴリ',
      'カテゴリー',
      '区分',
      '種別',
      '領域',
      '分野',
      'category',
      'domain',
      'section',
      'area',
      'topic',
      'controldomain',
      'ccmdomain',
    ],
    weak: ['controltitle', 'title', '項目名', 'テーマ'],
  },
};

/**
 * `text` with every bracketed part — an opening bracket to the first closing one after it, as
 * /[(（][^)）]*[)）]/g would find them — replaced by `by`. (That expression, tried at every
 * opening bracket of a cell full of them without a closing one, read on to the cell's end each
 * time: a 32,767-character cell of 「(」 took minutes.)
 */
export function dropBracketed(text: string, by: string): string {
  const open = nextOf(text, '(', '（');
  const close = nextOf(text, ')', '）');
  let out = '';
  let from = 0;
  for (;;) {
    const o = open(from);
    if (o < 0) break;
    const c = close(o + 1);
    if (c < 0) break;
    out += text.slice(from, o) + by;
    from = c + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The first position at or after `from` of either character, or -1, for `from` that never
 * decreases: each character's next position is searched for again only once passed (linear). */
function nextOf(text: string, a: string, b: string): (from: number) => number {
  let i = -2;
  let j = -2;
  return (from) => {
    if (i !== -1 && i < from) i = text.indexOf(a, from);
    if (j !== -1 && j < from) j = text.indexOf(b, from);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  };
}

function key(text: string): string {
  // "(Optional/Recommended)"
  return dropBracketed(text.normalize('NFKC').toLowerCase(), '').replace(/[\s_:：・*※]/gu, '');
}

/** English header words, brackets dropped: "CSP CAIQ Answer (Optional)" → ["csp", "caiq", "answer"]. */
function words(text: string): string[] {
  return dropBracketed(text.normalize('NFKC').toLowerCase(), ' ')
    .split(/[^a-z0-9#/.]+/u)
    .filter(Boolean);
}

/** Roles in the order they are tried: remarks before answer (「回答理由」 is remarks), id before question ("Question ID"). */
const ORDER: Role[] = ['remarks', 'id', 'answer', 'question', 'category'];

/** Classifies one header cell; undefined when it names no role kotae cares about. */
export function classifyHeader(text: string): RoleMatch | undefined {
  const k = key(text);
  if (!k || k.length > 40) return undefined;
  for (const role of ORDER) {
    if (NAMES[role].strong.includes(k)) return { role, strength: 3 };
  }
  const w = words(text);
  for (const role of ORDER) {
    // "CSP Implementation Description", "Vendor Answers", "対応可否(○/×)", "質問内容（詳細）"
    if (NAMES[role].strong.some((n) => n.length >= 2 && containsName(k, w, n))) return { role, strength: 2 };
  }
  for (const role of ORDER) {
    if (NAMES[role].weak.some((n) => containsName(k, w, n))) return { role, strength: 1 };
  }
  return undefined;
}

/**
 * Japanese names may sit anywhere in the header (「回答理由・根拠」 holds 回答理由). English names must be
 * the header's last word(s) ("Vendor Answers", "CSP CAIQ Answer", "Analyst Notes"), so that
 * "Response Plan Exercise" or "Control Identifier" do not read as an answer or an id column.
 */
function containsName(k: string, w: string[], name: string): boolean {
  if (/^[a-z#./]+$/.test(name)) {
    for (let i = 0; i < w.length; i++) if (w.slice(i).join('') === name) return true;
    return false;
  }
  return k.includes(name);
}

// Columns the customer's own reviewer fills in: their analyst's notes, 確認者コメント, 評価, 審査欄 …
// (HECVAT's "Analyst Notes" holds formulas of the customer's scoring). kotae never writes there,
// even when a flag names the column. 自己評価 (self-assessment) is the vendor's answer, not this.
const REVIEWER_JA =
  /確認者|評価者|審査者|査閲|監査人|(?:当社|弊社|事務局)(?:記入|使用|確認|評価|判定|記載|コメント|備考)|^(?:評価|審査)(?:欄|結果|コメント|記入欄)?$/u;
const REVIEWER_EN = new Set(['analyst', 'analysts', 'reviewer', 'reviewers', 'assessor', 'assessors', 'auditor', 'auditors', 'evaluator', 'evaluators']);

/** A header naming a column the customer's reviewer fills (Analyst Notes, 確認者コメント, 評価, 審査欄, "For internal use"). */
export function isReviewerHeader(text: string): boolean {
  const k = key(text);
  if (!k || k.length > 40) return false;
  if (REVIEWER_JA.test(k)) return true;
  const w = words(text);
  if (w.some((x) => REVIEWER_EN.has(x))) return true;
  return /\b(?:internal|office|institution|institutional|official)\s+use\b/iu.test(text.normalize('NFKC'));
}

/** Cell text that marks a row as the customer's worked example (記入例), never to be touched. */
export function isExampleMarker(text: string): boolean {
  const t = text.normalize('NFKC').trim().toLowerCase();
  return /^(記入例|回答例|例|例\d*|〔例〕|\[例\]|【例】|example|e\.g\.|sample|記載例)[:：.]?$/u.test(t) || /^(記入例|回答例|記載例)/u.test(t);
}
