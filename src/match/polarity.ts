/**
 * Polarity guard: negations and opposite verbs (使用/禁止, 許可/禁止, allow/prohibit, "do"/"do
 * not") make look-alike questions have opposite answers. A text's polarity is the parity of its
 * negative markers; question and matched phrasing must agree, or the row goes to review.
 */
import { BlankedText, foldCharacters } from './normalize.js';

/** Phrases containing a negative-looking marker that are not negations (遅滞なく = promptly). */
const POLARITY_EXCEPTIONS: readonly RegExp[] = [
  /なくし|なくす|無くし|無くす|なくなる|なくなっ|なくなり|だけでなく|だけではなく|のみならず|ではなく|でなく|遅滞なく|漏れなく|もれなく|例外なく|間違いなく|滞りなく|ほどなく|少なくとも|少なく|問題ない|差し支えない|かかわらず|関わらず|にすぎない|過ぎない|しかない|限らない|なければならない|なければなりません|なくてはならない|なくてはなりません|ねばならない|なければいけない|なくてはいけない/gu,
  /無効化|無効に|不正|不要|不審|不具合|不足|不備|不明|未然|不便|不安|不測|不特定|不慮/gu,
  // a purpose: 「他の利用者のデータにアクセスできないようテナントを分離」 — what is done (分離) is not
  // negated; 「使用しないようにしている」 (a light verb follows) still is
  /[しさせれけてでずわかがまらなめえいきくぎびみりち]ない(?:ように(?=[、,]?\s*[^しすさせ\s、,])|よう(?=[、,]?\s*[^しすさせに\s、,]))/gu,
  /\bwithout\s+(?:undue\s+)?delay\b|\bno\s+later\s+than\b|\bnot\s+only\b|\bnot\s+just\b|\bnon[- ]?disclosure\b|\bno\.\s*\d/gu,
];

/** Negative markers, Japanese and English. Each occurrence flips the polarity. */
const NEGATIVE_MARKERS: readonly { name: string; re: RegExp }[] = [
  { name: 'ja-prohibit', re: /禁止|禁じ|禁ず|厳禁|認めない|認めず|許可しない|許可せず|許さない/gu },
  { name: 'ja-impossible', re: /不可(?!欠)|できない|できません|不能/gu },
  { name: 'ja-none', re: /なし|無し|持たない|保有しない|使用しない/gu },
  { name: 'ja-nai', re: /(?:[しさせれけてでずわかがまらなめえいきくぎびみりち]|い)ない|ません|せず|ずに|ないこと|ないよう|なく/gu },
  { name: 'en-not', re: /\bnot\b|n't\b|\bnever\b|\bno\b|\bnone\b|\bneither\b|\bnor\b|\bwithout\b/gu },
  { name: 'en-non', re: /\bnon-?(?!disclosure)[a-z]+/gu },
  // leaving out what the practice requires: 「コードレビューを省略する場合がありますか」 "Do you ever skip …?"
  { name: 'ja-omit', re: /省略|省く|省い|割愛|スキップ|免除|見送|放置/gu },
  { name: 'en-omit', re: /\bskip(?:s|ped|ping)?\b|\bomit(?:s|ted|ting)?\b|\bbypass\w*|\bwaive[sd]?\b|\bwaiving\b/gu },
  { name: 'en-prohibit', re: /\bprohibit\w*|\bforbid\w*|\bforbidden\b|\bdisallow\w*|\bban(?:s|ned)?\b|\bbarred\b/gu },
  // holding back from it: 「共有アカウントの使用を控えていますか」 "Do you avoid shared accounts?"
  { name: 'ja-avoid', re: /差し控え|控え|慎ん|慎む|慎み|避け|回避/gu },
  { name: 'en-avoid', re: /\bavoid\w*|\brefrain\w*|\bwithh[oe]ld\w*|\bkept\s+away\b|\bkeep\s+away\b|\babstain\w*/gu },
];

/**
 * Restrictive markers (限定, のみ, only, limited to): 「特権操作は必要な場合に限られていますか」 and
 * 「特権操作は平常時にも行っていますか」 share their words and have opposite answers.
 */
const RESTRICTIVE_MARKERS: RegExp = /限定|限られ|限る|に限り|限って|限っている|のみ|\bonly\b|\blimited\s+to\b|\brestricted\s+to\b|\bsolely\b|\bexclusively\b/gu;

/**
 * Asking whether something ever happens (「…することはありますか」 "Do you ever …", "Are there
 * cases where …"): a rule that it is always done does not answer it — 「退職者のアカウントを放置する
 * ことはありますか」 is not 「退職者のアカウントは速やかに削除していますか」 asked again.
 */
const EXCEPTION_ASK: RegExp =
  /(?:こと|場合|ケース|とき|時)(?:は|が|も)(?:あります|ありました|ある|あった)|\bever\b|\bare\s+there\s+(?:any\s+)?(?:cases|instances|situations|circumstances|times)\b|\bis\s+there\s+(?:any\s+)?(?:case|instance|situation)\b/iu;

/** A question that asks whether a thing holds for all, always or without exception. */
const ASKS_FOR_ALL = /すべて|全て|全部|例外なく|完全に|100\s*%|常に|必ず|一切|\b(?:all|every|always|fully|entirely|never)\b|without\s+exception/iu;

/** Remarks that state a rule with exceptions: 原則として, as a rule (「最小権限の原則」, the principle of least privilege, is a name). */
const AS_A_RULE = /(?<!の)原則|\bas\s+a\s+rule\b|\bin\s+principle\b/iu;

/**
 * Does a yes to the question claim more than the bank's remarks say? 「運用作業はすべて自動化されていますか」
 * asks for all; 「原則としてプロセスを自動化」 says as a rule. (A phrasing that itself asks for all was
 * written by the bank's curator for the entry: it vouches for the universal.)
 */
export function overclaimsRule(question: string, phrasing: string, remarks: readonly (string | undefined)[]): boolean {
  if (!ASKS_FOR_ALL.test(foldCharacters(question)) || ASKS_FOR_ALL.test(foldCharacters(phrasing))) return false;
  return remarks.some((r) => r !== undefined && AS_A_RULE.test(r));
}

/** Words whose opposites carry no negative marker: 「自動更新を無効にしていますか」 is not 「有効にしていますか」. */
const ANTONYMS: readonly (readonly [RegExp, RegExp])[] = [
  [/無効/u, /有効(?!性|期限|期間|活用|な|に活)/u],
  [/\bdisabl/iu, /\benabl/iu],
];

/** Does one text say the opposite of the other by an antonym (無効 against 有効, disable against enable)? */
export function antonymous(a: string, b: string): boolean {
  const x = foldCharacters(a);
  const y = foldCharacters(b);
  return ANTONYMS.some(([p, q]) => (p.test(x) && !q.test(x) && q.test(y) && !p.test(y)) || (q.test(x) && !p.test(x) && p.test(y) && !q.test(y)));
}

/** Does the text ask whether something ever happens (see EXCEPTION_ASK)? */
export function asksForException(text: string): boolean {
  return EXCEPTION_ASK.test(foldCharacters(text));
}

export interface PolaritySignature {
  /** true when the text carries an odd number of distinct negative markers */
  negative: boolean;
  /** true when the text restricts (only, 限定, のみ) */
  restrictive: boolean;
  /** the negative markers found */
  negatives: string[];
  /** the markers found, for reports and tests */
  markers: string[];
}

/** Compute the polarity signature of a raw or normalised text. */
export function polaritySignature(text: string): PolaritySignature {
  return signatureOfFolded(foldCharacters(text));
}

/** `polaritySignature` of a text already through `foldCharacters`. */
export function signatureOfFolded(folded: string): PolaritySignature {
  let t = folded;
  for (const re of POLARITY_EXCEPTIONS) t = t.replace(re, ' ');
  const markers: string[] = [];
  // a marker found is blanked: 「使用しない」 is not counted again by the generic -ない rule
  const text = new BlankedText(t);
  for (const { re } of NEGATIVE_MARKERS) {
    for (const m of text.text.matchAll(re)) {
      markers.push(m[0]);
      const start = m.index ?? 0;
      text.blank(start, start + m[0].length);
    }
  }
  t = text.text;
  const restrictive = [...t.matchAll(RESTRICTIVE_MARKERS)].map((m) => m[0]);
  // a repeated marker (制限や…制限, not … not) is one negation, not two
  const distinct = new Set(markers);
  return {
    negative: distinct.size % 2 === 1,
    restrictive: restrictive.length > 0,
    negatives: markers,
    markers: [...markers, ...restrictive],
  };
}

/** The signature of several clauses taken together. */
export function combineSignatures(parts: readonly PolaritySignature[]): PolaritySignature {
  const negatives = parts.flatMap((p) => p.negatives);
  return {
    negative: new Set(negatives).size % 2 === 1,
    restrictive: parts.some((p) => p.restrictive),
    negatives,
    markers: parts.flatMap((p) => p.markers),
  };
}

/** Clauses of a text, for polarity that only counts where the texts actually meet. */
export function splitClauses(text: string): string[] {
  return foldCharacters(text)
    .split(/[、，,;；。？?！!\n]+|\.(?!\d)|\s(?:and|but|or)\s/u)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

/** Do question and phrasing agree in polarity? */
export function samePolarity(a: PolaritySignature, b: PolaritySignature): boolean {
  return a.negative === b.negative && a.restrictive === b.restrictive;
}
