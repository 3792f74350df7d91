/**
 * The topic guard: what a question is about must be accounted for by the entry that answers it.
 * A shared phrase must not carry a row — 「サーバ室への入室を全従業員に許可していますか」 is not
 * answered by the entry on training all employees because 「全従業員」 matches, and
 * 「アクセス制御の自動化を実施している」 is not answered by the principle that operations are
 * automated. The question's topic terms (nouns, named terms and synonym groups of its ask; not
 * frame or generic words) are looked up in the entry's vocabulary: the words of all its phrasings
 * and of its remarks. When most of the topic weight the question puts on terms the bank knows
 * elsewhere is missing from the entry, the question is about something else, and the row goes
 * to a person with the terms named.
 */
import { tokenFactor, weightOf, type MatchIndex } from './match-index.js';
import { prepareQuestion, type PreparedText } from './prepare-question.js';
import { BIGRAM_PREFIX } from './tokenize.js';
import { TOPIC_UNCOVERED } from './thresholds.js';

/** Noun-like tokens: kanji or katakana compounds, Latin words and numbers, synonym groups. */
const TOPIC_TOKEN = /^(?:~.+|[\p{Script=Han}\p{Script=Katakana}ー]{2,}|[a-z][a-z0-9.\-]{2,}|[a-z0-9]*\d[a-z0-9.\-]*)$/u;

/**
 * Verbal nouns used as verbs in the question (付与していますか, 自動化している, 設計し, 任命され):
 * they say what is done, not what it is done to, and an entry may say it in other words (払い出し).
 */
const VERBAL_NOUN = /([\p{Script=Han}\p{Script=Katakana}ー]{2,})(?=し|す|さ|せ|でき|出来)/gu;

function verbalNouns(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.normalize('NFKC').toLowerCase().matchAll(VERBAL_NOUN)) out.add(m[1] as string);
  return out;
}

/**
 * Words that say a rule or process exists (確立されたプロセス, 正式な, 文書化された, ルール化, 明確に
 * 定義): they frame the ask in questionnaires of every topic, so they are no topic of their own.
 */
const FRAME_WORDS: ReadonlySet<string> = new Set([
  '確立',
  '正式',
  '明確',
  '文書',
  '文書化',
  'プロセス',
  'ルール',
  '規則',
  '定義',
  '整備',
  '事項',
  '状況',
  '有無',
  // how or how far, not what: 「関係者以外の」「不要なIDを」「適切に」「速やかに」
  '以外',
  '不要',
  '以上',
  '以下',
  '以内',
  '適切',
  '十分',
  '確実',
  '迅速',
  '速やか',
  'within',
  'process',
  'processes',
  'formal',
  'formally',
  'documented',
  'established',
  'defined',
  'rule',
  'rules',
]);

const vocabularies = new WeakMap<MatchIndex, (Set<string> | undefined)[]>();

/** Every token of an entry's phrasings and remarks (cached per index). */
function entryVocabulary(index: MatchIndex, entry: number): Set<string> {
  let all = vocabularies.get(index);
  if (!all) {
    all = new Array<Set<string> | undefined>(index.entries.length);
    vocabularies.set(index, all);
  }
  let v = all[entry];
  if (!v) {
    v = new Set<string>();
    const { tokStart, tokId } = index.columns;
    for (let id = index.entryStart[entry] as number; id < (index.entryStart[entry + 1] as number); id++) {
      for (let k = tokStart[id] as number; k < (tokStart[id + 1] as number); k++) v.add(index.tokens[tokId[k] as number] as string);
    }
    const e = index.entries[entry];
    for (const remark of [e?.remarks.ja, e?.remarks.en]) if (remark) for (const t of prepareQuestion(index, remark).tokens) v.add(t);
    all[entry] = v;
  }
  return v;
}

/** A token as a person reads it: a synonym group by its first member. */
function shown(index: MatchIndex, t: string): string {
  if (!t.startsWith('~')) return t;
  return t.slice(1);
}

/**
 * The words of the synonym terms the question names (監査証跡 of the group 監査ログ: 監査, 証跡): the
 * group's token stands for them, so they are not counted again — a synonym found would otherwise
 * count three times towards what the entry covers.
 */
function wordsOfSynonyms(index: MatchIndex, q: PreparedText): (t: string) => boolean {
  const groups = new Set(q.tokens.filter((t) => t.startsWith('~')));
  if (groups.size === 0) return () => false;
  const named: string[] = [];
  for (const [member, group] of index.synonyms.members) if (groups.has(group) && q.prepared.includes(member)) named.push(member);
  return (t) => !t.startsWith('~') && named.some((m) => m.includes(t));
}

export interface TopicCheck {
  /** share of the question's topic weight on terms the bank knows that the entry does not account for */
  uncovered: number;
  /** those terms, heaviest first */
  terms: string[];
}

/** The question's topic tokens, as `topicCheck` weighs them. */
function topicTokens(index: MatchIndex, q: PreparedText): string[] {
  const actions = verbalNouns(q.text);
  const inSynonyms = wordsOfSynonyms(index, q);
  return q.tokens.filter(
    (t) => !(t.startsWith(BIGRAM_PREFIX) || tokenFactor(t) !== 1 || !TOPIC_TOKEN.test(t) || actions.has(t) || inSynonyms(t) || FRAME_WORDS.has(t)),
  );
}

/**
 * Does `other` account for something the question is about that `entry` leaves out? (「退職者のアカウントを
 * 削除し、業務データが私物端末に残っていないことを確認」: the BYOD entry speaks of 私物端末, the leavers
 * entry does not.)
 */
export function coversWhatEntryLeaves(index: MatchIndex, q: PreparedText, entry: number, other: number): boolean {
  const mine = entryVocabulary(index, entry);
  const theirs = entryVocabulary(index, other);
  return topicTokens(index, q).some((t) => !mine.has(t) && theirs.has(t));
}

/** How much of what the question is about the entry leaves out (see the file comment). */
function topicCheck(index: MatchIndex, q: PreparedText, entry: number): TopicCheck {
  const vocabulary = entryVocabulary(index, entry);
  let total = 0;
  let missing = 0;
  const terms: [string, number][] = [];
  for (const t of topicTokens(index, q)) {
    const w = weightOf(index, t);
    total += w;
    // a term no phrasing of the bank knows says little about which entry is meant
    if (!vocabulary.has(t) && index.vocab.has(t)) {
      missing += w;
      terms.push([t, w]);
    }
  }
  terms.sort((a, b) => b[1] - a[1]);
  return { uncovered: total > 0 ? missing / total : 0, terms: terms.map(([t]) => shown(index, t)) };
}

/** The terms that make a question about another topic than the entry's, or undefined when it is the entry's. */
export function offTopic(index: MatchIndex, q: PreparedText, entry: number): string[] | undefined {
  const c = topicCheck(index, q, entry);
  return c.uncovered >= TOPIC_UNCOVERED ? c.terms : undefined;
}
