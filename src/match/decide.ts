/**
 * The decision for one question row: answered / review / unmatched, with a reason code.
 * Precision first: a row is answered only when one entry clearly wins, its phrasing agrees in
 * polarity with the question, and every figure the question states is backed by the entry.
 */
import type { Entry, EntryAnswer } from '../domain/types.js';
import type { Candidate, Decision, MatchContext } from './types.js';
import { extractFigures, unsupportedFigures, type Figure } from './figures.js';
import { applyCategory, categoryBoostsAny } from './category.js';
import { entryFigures, entryTerms, entryTopicTerms, entryTopics } from './entry-facts.js';
import type { MatchIndex } from './match-index.js';
import { capQuestion, prepareQuestion, type PreparedText } from './prepare-question.js';
import { mergeRankings, type ScoredEntry } from './rank.js';
import { scoreQuestion } from './score.js';
import { toCandidate } from './search.js';
import { isOpenQuestion } from './open-question.js';
import { questionParts, type QuestionParts } from './question-parts.js';
import { coversWhatEntryLeaves, offTopic } from './topic.js';
import { withinScope } from './about.js';
import { namedTerms, unsupportedTerms, type NamedTerm } from './terms.js';
import { namedTopicTerms, namedTopics, unbackedTerms, unbackedTopics, type UnsettledTerm } from './unsettled.js';
import { antonymous, asksForException, overclaimsRule } from './polarity.js';
import { ACCEPT_THRESHOLD, MARGIN, REVIEW_THRESHOLD } from './thresholds.js';

const CANDIDATES_KEPT = 5;

/** How many leading candidates may stand in for one whose figures or named terms do not fit. */
const GUARD_FALLBACK_DEPTH = 3;

/**
 * The answer an entry implies for the question: its own answer when the polarities agree, the
 * opposite one when they do not (yes ↔ no); undefined when it cannot be flipped (partial, na,
 * describe).
 */
export function impliedAnswer(answer: EntryAnswer, samePolarity: boolean): EntryAnswer | undefined {
  if (samePolarity) return answer;
  if (answer === 'yes') return 'no';
  if (answer === 'no') return 'yes';
  return undefined;
}

/**
 * The best candidate that would lead to a different answer than `top`. An open question is
 * answered with a description (only the remarks are written): its rivals are the entries whose
 * remarks say something else (a yes/no entry and the `describe` entry split from it, with the same
 * remarks, are not). An entry whose declared scope (`about`) the question is outside cannot answer
 * it: no rival either.
 */
function bestRival(
  index: MatchIndex,
  scored: readonly ScoredEntry[],
  top: ScoredEntry,
  describes: boolean,
  question: string,
  cannotAnswer: (s: ScoredEntry) => boolean = () => false,
): ScoredEntry | undefined {
  const topEntry = index.entries[top.entry];
  const topAnswer = topEntry?.answer as EntryAnswer;
  for (const s of scored) {
    if (s === top) continue;
    const entry = index.entries[s.entry];
    if (!entry) continue;
    if (!withinScope(entry, question, index.synonyms)) continue;
    const differs = describes ? !topEntry || !sameRemarks(entry, topEntry) : impliedAnswer(entry.answer, s.samePolarity) !== topAnswer;
    // (the guards are read only for an entry that would be a rival: they cost more than the rest)
    if (differs && !cannotAnswer(s)) return s;
  }
  return undefined;
}

/** Why a guard kept an entry from answering. */
interface Guarded {
  reason: Decision['reason'];
  why: string;
  /**
   * the guard reads the question's words against the entry's (a named term, what the question is
   * about): right on a proposal about as often as wrong, so it cautions a person instead of
   * withholding the proposal (measured on the labelled sets, issue 17)
   */
  soft?: true;
  /** a term the question names (a katakana noun, an acronym, a product) is not in the entry */
  namedTerm?: true;
}

/** What decide works out from a question text alone (not from the row's category). */
interface TextWork {
  text: string;
  truncated: boolean;
  /** the ask, set apart from lead-ins and asides; the asks of a compound question */
  parts: QuestionParts;
  q: PreparedText;
  /** ranking before the category boost */
  scored: ScoredEntry[];
  /** every sentence asks what / which / how / who (open-question.ts): only remarks can answer it */
  open: boolean;
  figures?: Figure[];
  terms?: NamedTerm[];
  topics?: Map<string, string>;
  topicTerms?: Map<string, UnsettledTerm[]>;
}

/**
 * Memo of decisions for one run over a workbook (see `createDecideCache`): a sheet repeats
 * question texts (the same control asked in several sections, boilerplate rows), and the work on a
 * text — normalisation, tokens, scoring, the guards' reading of it — does not depend on the row.
 * Results are identical with or without it; it only holds what one index produced.
 */
export interface DecideCache {
  index: MatchIndex;
  texts: Map<string, TextWork | undefined>;
  /** row category ('' for none) → question text → decision (nested: no key string is built per row) */
  decisions: Map<string, Map<string, Decision>>;
}

export function createDecideCache(index: MatchIndex): DecideCache {
  return { index, texts: new Map(), decisions: new Map() };
}

/** Drop the work kept for a text that will not be asked again (its decisions stay). */
export function forgetText(cache: DecideCache, text: string): void {
  cache.texts.delete(text);
}

function textWork(index: MatchIndex, raw: string): TextWork | undefined {
  const work = rankedWork(index, raw);
  if (!work) return undefined;
  work.open = isOpenQuestion(work.text);
  // an entry that answers with a description answers, and rivals, only a question that asks for
  // one: 「DDoS対策を講じていますか」 is not 「DDoS攻撃にどのような対策を講じていますか」
  if (!work.open && work.scored.some((s) => index.entries[s.entry]?.answer === 'describe')) {
    work.scored = work.scored.filter((s) => index.entries[s.entry]?.answer !== 'describe');
  }
  return work;
}

function rankedWork(index: MatchIndex, raw: string): TextWork | undefined {
  const { text, truncated } = capQuestion(raw);
  const parts = questionParts(text);
  // Scored on the ask, so that a long aside does not dilute it; and on the whole text, so that
  // what the aside names may still support the match (the better score of the two counts)
  const whole = prepareQuestion(index, text);
  if (whole.tokens.length === 0) return undefined;
  if (parts.core === text.trim()) return { text, truncated, parts, q: whole, scored: scoreQuestion(index, whole), open: false };
  const ask = prepareQuestion(index, parts.core);
  if (ask.tokens.length === 0) return { text, truncated, parts, q: whole, scored: scoreQuestion(index, whole), open: false };
  return { text, truncated, parts, q: ask, scored: mergeRankings(scoreQuestion(index, ask), scoreQuestion(index, whole)), open: false };
}

/**
 * The candidates for a question as `decide` ranks them (the ask and the whole text scored, the
 * better of the two per entry), best first: what `kotae search` shows.
 */
export function rankCandidates(index: MatchIndex, question: string, top = 10, context: MatchContext = {}): Candidate[] {
  const work = textWork(index, question);
  if (!work) return [];
  return applyCategory(index, work.scored, context.category)
    .slice(0, top)
    .map((s) => toCandidate(index, s));
}

/** Decide one question row. `cache` (from `createDecideCache` for the same index) reuses work on repeated texts. */
export function decide(index: MatchIndex, question: string, context: MatchContext = {}, cache?: DecideCache): Decision {
  const raw = typeof question === 'string' ? question : String(question ?? '');
  if (raw.trim().length === 0) return { status: 'unmatched', reason: 'empty', score: 0, candidates: [] };
  if (!cache || cache.index !== index) return decideText(index, textWork(index, raw), context.category);
  const byText = decisionsFor(cache, context.category ?? '');
  const done = byText.get(raw);
  if (done) return done;
  let work = cache.texts.get(raw);
  if (work === undefined && !cache.texts.has(raw)) {
    work = textWork(index, raw);
    cache.texts.set(raw, work);
  }
  // a category that boosts none of the ranked entries changes nothing (the category is read only
  // through applyCategory): the decision without it is the same one, made once per text
  if (context.category && (!work || !categoryBoostsAny(index, work.scored, context.category))) {
    const plain = decisionsFor(cache, '');
    let d = plain.get(raw);
    if (!d) {
      d = decideText(index, work, undefined);
      plain.set(raw, d);
    }
    byText.set(raw, d);
    return d;
  }
  const d = decideText(index, work, context.category);
  byText.set(raw, d);
  return d;
}

function decisionsFor(cache: DecideCache, category: string): Map<string, Decision> {
  let m = cache.decisions.get(category);
  if (!m) {
    m = new Map();
    cache.decisions.set(category, m);
  }
  return m;
}

/**
 * The guards an entry must pass to answer a question: its declared scope, topics the bank does not
 * settle, figures and named terms it does not back, and what the question is about that it leaves
 * out. Undefined when none objects.
 */
function guardEntry(index: MatchIndex, work: GuardWork, entryIndex: number): Guarded | undefined {
  // (named terms of examples are not asked about: 「（例：e-ラーニング、集合研修）」)
  const figures = (work.figures ??= extractFigures(work.text));
  const terms = (work.terms ??= namedTerms(work.parts.termText));
  const topics = (work.topics ??= namedTopics(work.text, index.unsettled));
  const e = index.entries[entryIndex];
  if (e && !withinScope(e, work.parts.termText, index.synonyms)) {
    return { reason: 'off-topic', why: `${e.id} answers only questions about ${e.about?.join(', ')}` };
  }
  const unsettled = unbackedTopics(topics, entryTopics(index, entryIndex));
  if (unsettled.length > 0) return { reason: 'below-threshold', why: `topic the bank does not settle: ${unsettled.join(', ')}` };
  if (topics.size > 0) {
    const topicTerms = (work.topicTerms ??= namedTopicTerms(work.text, index.unsettled));
    const unnamed = unbackedTerms(topicTerms, entryTopicTerms(index, entryIndex));
    if (unnamed.length > 0) return { reason: 'below-threshold', why: `topic the bank does not settle: ${unnamed.join(', ')}` };
  }
  const missing = unsupportedFigures(figures, entryFigures(index, entryIndex));
  if (missing.length > 0) return { reason: 'below-threshold', why: `figure not backed by the entry: ${missing.map((f) => f.text).join(', ')}` };
  const unbacked = unsupportedTerms(terms, work.parts.termText, entryTerms(index, entryIndex), index.synonyms);
  if (unbacked.length > 0) {
    return { reason: 'below-threshold', why: `term not backed by the entry: ${unbacked.map((t) => t.text).join(', ')}`, soft: true, namedTerm: true };
  }
  // 「インシデント対応の責任者を定めていますか」 asks who: an entry that names no one (the response
  // steps) does not answer it, however alike the rest of the sentence is. (A compound question's
  // asks are each decided, and checked, on their own.)
  if (e && work.parts.asks.length === 1 && ASKS_WHO.test(work.parts.core) && !namesSomeone(e)) {
    return { reason: 'off-topic', why: `asks who is responsible; ${e.id} names no one`, soft: true };
  }
  const off = offTopic(index, work.q, entryIndex);
  if (off) return { reason: 'off-topic', why: `${off.slice(0, 3).join(', ')}: not covered by ${e?.id}`, soft: true };
  return undefined;
}

type GuardWork = Pick<TextWork, 'text' | 'parts' | 'q' | 'figures' | 'terms' | 'topics' | 'topicTerms'>;

const entryIndexes = new WeakMap<MatchIndex, Map<Entry, number>>();

/**
 * What stands against an entry as kotae's proposal for a question a person decides (the
 * worklist): an `objection` — a topic the bank does not settle, a figure it does not back, a scope
 * the question is outside — withholds the proposal; a `caution` — a named term or a subject of the
 * question the entry does not mention — is shown beside it. A score below the threshold is neither:
 * the person judges that.
 */
export function proposalConcerns(index: MatchIndex, question: string, entry: Entry): { objection?: string; caution?: string } {
  let ids = entryIndexes.get(index);
  if (!ids) {
    ids = new Map(index.entries.map((e, i) => [e, i]));
    entryIndexes.set(index, ids);
  }
  const i = ids.get(entry);
  if (i === undefined) return {};
  const { text } = capQuestion(question);
  const parts = questionParts(text);
  const core = parts.core === text.trim() ? text : parts.core;
  const q = prepareQuestion(index, core);
  if (q.tokens.length === 0) return {};
  const g = guardEntry(index, { text, parts, q }, i);
  if (!g) return {};
  return g.soft ? { caution: g.why } : { objection: g.why };
}

function decideText(index: MatchIndex, work: TextWork | undefined, category: string | undefined): Decision {
  if (!work) return { status: 'unmatched', reason: 'empty', score: 0, candidates: [] };
  const { truncated } = work;
  const scored = applyCategory(index, work.scored, category);
  const candidates = scored.slice(0, CANDIDATES_KEPT).map((s) => toCandidate(index, s));
  const top = scored[0];
  if (!top || top.score < REVIEW_THRESHOLD) {
    return { status: 'unmatched', reason: 'no-candidate', score: top?.score ?? 0, candidates };
  }
  const review = (reason: Decision['reason'], detail?: string): Decision => ({
    status: 'review',
    reason,
    score: top.score,
    candidates,
    ...(detail ? { detail } : {}),
  });
  // The best entry phrased the opposite way (「特権IDを付与せず…」 yes, asked 「付与していますか」) may
  // answer only through a runner-up phrased the question's way whose answer is the flipped one
  // (「特権IDの払い出し」 no): the two agree, so neither is the other's rival.
  let flippedAgrees = false;
  if (!top.samePolarity) {
    const flipped = impliedAnswer(index.entries[top.entry]?.answer as EntryAnswer, false);
    flippedAgrees = scored
      .slice(1, GUARD_FALLBACK_DEPTH)
      .some((s) => s.samePolarity && s.score >= ACCEPT_THRESHOLD && flipped !== undefined && index.entries[s.entry]?.answer === flipped);
    if (!flippedAgrees) return review('polarity');
  }
  if (top.score < ACCEPT_THRESHOLD) return review('below-threshold');
  // Figures and named terms: an entry that does not back them cannot answer; the next candidates
  // above the threshold may (「24時間以内」 asked, the 72-hour entry ranks first, the 24-hour one
  // second). Skipped candidates still count as rivals below.
  const unbackedBy = (s: ScoredEntry): Guarded | undefined => guardEntry(index, work, s.entry);
  let chosen: ScoredEntry | undefined;
  let first: Guarded | undefined;
  for (const s of scored.slice(0, GUARD_FALLBACK_DEPTH)) {
    if (s === top && flippedAgrees) continue;
    if (s.score < ACCEPT_THRESHOLD || !s.samePolarity) break;
    const why = unbackedBy(s);
    if (!why) {
      chosen = s;
      break;
    }
    first ??= why;
  }
  if (!chosen) return review(first?.reason ?? 'below-threshold', first?.why);
  // No other reading of the question (a runner-up too far behind to tie is not read at all):
  // - a runner-up that does not back a term the question names, which the chosen entry backs:
  //   「クラウドサービスカスタマへの通知」 is the notice to business customers, not to consumers. (Only
  //   named terms: one kept out by a figure may be what is asked — 「第三者による診断を毎年」.)
  // - a runner-up matched only through a phrasing that asks whether a rule exists (「特権IDの付与に
  //   関する規程がありますか」): it says there is a rule, not what it says, so it is no rival for a
  //   question on the practice (「特権IDを運用担当者に付与していますか」) — unless it speaks of something
  //   the question names that the chosen entry leaves out (the other half of a compound).
  const asksRule = ASKS_FOR_RULE.test(work.parts.core);
  const rival = bestRival(
    index,
    scored,
    chosen,
    work.open,
    work.parts.termText,
    (s) =>
      chosen.score - s.score < MARGIN &&
      (unbackedBy(s)?.namedTerm === true ||
        (!asksRule && ASKS_FOR_RULE.test(index.phrasings[s.phrasing]?.text ?? '') && !coversWhatEntryLeaves(index, work.q, chosen.entry, s.entry))),
  );
  if (rival && chosen.score - rival.score < MARGIN) {
    return review('near-tie', `rival ${index.entries[rival.entry]?.id} at ${rival.score.toFixed(3)}`);
  }
  if (truncated) return review('too-long');
  const entry = index.entries[chosen.entry];
  if (!entry) return review('below-threshold');
  // 「…することはありますか」 "Do you ever …": an entry that says a thing is done does not say it
  // never fails (an entry that says a thing is not done answers it: 「共用することはありますか」 no)
  const phrasing = index.phrasings[chosen.phrasing]?.text ?? '';
  if (entry.answer === 'yes' && asksForException(work.text) && !asksForException(phrasing)) {
    return review('polarity', 'asks whether it ever happens; the bank says what is done');
  }
  if (antonymous(work.text, phrasing)) return review('polarity', 'asks the opposite of the matched phrasing (無効 / 有効, disable / enable)');
  if (entry.answer === 'yes' && overclaimsRule(work.text, phrasing, [entry.remarks.ja, entry.remarks.en])) {
    return review('polarity', 'asks whether it holds for all or always; the bank says it does as a rule');
  }
  // 「共有アカウントを使用する場合、利用者を記録していますか」: a no that the ask on its own (after the
  // condition) does not get is the bank's no to the condition — the ask is then moot, not answered no
  const premise = CONDITION.exec(work.parts.core);
  if (premise && entry.answer !== 'yes' && !work.open) {
    const ask = decideText(index, textWork(index, premise[1] as string), category);
    if (ask.status !== 'answered' || ask.answer !== entry.answer) return review('polarity', 'the bank answers the condition, not what is asked when it holds');
  }
  // a compound question: every ask on its own must come to the same answer. An ask the bank
  // answers with a description (「認証基盤は何ですか。多要素認証は必須ですか。」) claims no yes or no,
  // so it agrees with the answer of the others
  const also: Entry[] = [];
  if (work.parts.asks.length > 1) {
    for (const ask of work.parts.asks) {
      const d = decideText(index, textWork(index, ask), category);
      const agrees = d.answer === entry.answer || (d.answer === 'describe' && entry.answer !== 'describe');
      if (d.status !== 'answered' || !agrees) return review('compound', `not answered by the bank: ${ask}`);
      // (an ask answered by another entry: its remarks say what the chosen entry's do not)
      for (const e of [d.entry, ...(d.also ?? [])]) if (e && e !== entry && !also.includes(e) && !sameRemarks(e, entry)) also.push(e);
    }
  }
  const cands = chosen === top ? candidates : [toCandidate(index, chosen), ...candidates.filter((c) => c.entry !== entry)];
  // an open question (「認証基盤は何ですか」) is answered with the entry's remarks, never a yes or no
  const answer = work.open ? 'describe' : entry.answer;
  return { status: 'answered', reason: 'confident', entry, ...(also.length > 0 ? { also } : {}), answer, score: chosen.score, candidates: cands };
}

/** A question (or phrasing) that asks whether a written rule exists, not what is done. */
const ASKS_FOR_RULE =
  /(?:規程|規定|ルール|ポリシー|方針|手順|手続き?|基準)(?:書)?(?:が|は)(?:あります|ありますか|存在|整備|定められ|文書化)|(?:規程|規定|ルール|ポリシー|方針|手順|基準)を(?:定め|策定|整備|作成|文書化)|ルール化|\b(?:is|are)\s+there\s+(?:a|any)\s+(?:documented\s+|formal\s+|written\s+)?(?:policy|policies|procedure|procedures|rule|rules|standard)\b|\bdo\s+you\s+have\s+(?:a|an)\s+(?:documented\s+|formal\s+|written\s+)?(?:policy|procedure|rule|standard)\b/iu;

/** A question that asks for a responsible person to be set (not one that names the officer as the one who acts). */
const ASKS_WHO =
  /(?:責任者|担当者|担当役員|担当部署)(?:を|が)?(?:定め|決め|任命|選任|指名|設置|明確)|(?:責任者|担当者)は誰|who\s+is\s+(?:responsible|accountable)|responsible\s+(?:person|owner)|accountable\s+(?:person|owner|executive)|\bowner\s+(?:of|for)\b/iu;

/** A person or role the entry's remarks or phrasings name. */
const SOMEONE = /責任者|代表取締役|取締役|役員|担当者|管理者|発見者|CEO|CTO|CISO|officer|executive|director|administrator|owner/iu;

function namesSomeone(entry: Entry): boolean {
  return SOMEONE.test(`${entry.remarks.ja ?? ''}\n${entry.remarks.en ?? ''}\n${entry.questions.join('\n')}`);
}

/** A condition the ask follows: 「…する場合、」「…の際、」「…時は、」 (the ask is the rest). */
const CONDITION = /^[^。？?]{2,}?(?:場合|際|とき|時)(?:は|には|に|も)?[、,]\s*([^、,]{4,}.*)$/su;

/** Two entries that would write the same remarks (a yes/no entry and the `describe` entry split from it). */
function sameRemarks(a: Entry, b: Entry): boolean {
  return a.remarks.ja === b.remarks.ja && a.remarks.en === b.remarks.en;
}
