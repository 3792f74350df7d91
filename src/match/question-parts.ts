/**
 * What a question asks, set apart from what only supports it. Real check-sheet rows carry
 * category lead-ins (「【アクセス管理】…」), a purpose (「情報漏えいを防ぐために、」), examples and asides in brackets
 * (「…対策を講じていますか（例：WAFの導入、不審な通信の監視 等）」), and sometimes two asks in one cell
 * (「…を定めていますか。また、関係者に周知していますか。」, numbered sub-items (a)(b)). Matching scores
 * the ask (`core`): a long aside must not dilute a question whose ask the bank answers, and its
 * words must not carry a match on their own. The guards still read the whole text (a figure or a
 * named term in an example is still asked about). A compound question is answered only when every
 * ask is (decide.ts).
 */

export interface QuestionParts {
  /** the ask: the question without its lead-in, examples and asides */
  core: string;
  /** what was set apart from the ask, in order */
  asides: string[];
  /** the ask with the asides that are not examples: what a named term must be backed in (a product
   * named as an example — 「（例：e-ラーニング）」 — is not asked about; one in a clarification is) */
  termText: string;
  /** the separate asks of a compound question; one item when it asks one thing */
  asks: string[];
}

/** A category lead-in at the start: 【アクセス管理】, [Access control], ＜組織＞, 〔物理〕. */
const LEAD_IN = /^\s*[【［[〔＜<《]([^】］\]〕＞>》\n]{1,30})[】］\]〕＞>》]\s*/u;

/** The respondent named as the subject: 「貴社は、」「クラウドサービス事業者は、」 "Does the vendor …" is the frame, not the topic. */
const RESPONDENT =
  /^\s*(?:貴社|御社|貴殿|委託先|受託者|サービス提供者|サービス提供事業者|クラウドサービス事業者|クラウドサービスプロバイダ(?:ー)?|クラウド事業者|事業者|ベンダー?)(?:様)?(?:では|においては|において|は|が)[、,\s]*/u;

/** A purpose before the ask: 「情報漏えいを防ぐために、」 "To prevent unauthorized access, " — why, not what is asked. */
const PURPOSE =
  /^\s*(?:[^。？?！!、,\n]{2,40}?(?:ために|ため)[、,]|(?:to|in order to)\s+(?:prevent|protect|reduce|ensure|avoid|mitigate|minimi[sz]e|limit)\b[^,.?\n]{2,80},)\s*/iu;

/** Brackets of either width holding no other bracket. */
const BRACKETED = /[(（]([^()（）]*)[)）]/gu;

/** An aside that gives examples or a list of what is meant. */
const EXAMPLE_MARK = /例|など|等|e\.g\.|i\.e\.|such as|including|for example|for instance/iu;

/** Brackets holding at most this many characters and no example mark are part of the ask: (MFA), (SLA), （必須）. */
const SHORT_BRACKET = 5;

/** 「例：…」「例えば、…」 running to the end of the sentence. */
const TRAILING_EXAMPLE = /(?:^|[\s、,，])(?:例えば|たとえば|例[:：]|具体的には|e\.g\.,?|for example,?)[^。？?！!\n]*/giu;

/** Where a sentence ends: after 。？！?!, or at a line break. */
const SENTENCE_BREAK = /(?<=[。？?！!])\s*|\n+/u;

/** A sentence that opens a second ask: 「また、…」「併せて…」 "Also, …". */
const ADDED_ASK = /^(?:また|さらに|併せて|あわせて|加えて|なお|かつ|及び|および|also|additionally|in addition|and)[、,，\s]/iu;

/** A numbered sub-item at a line start: (a) a) (1) 1) ① ・ ‐. */
const SUB_ITEM = /^\s*(?:[(（]\s*(?:[a-zａ-ｚ]|\d{1,2}|[ivx]{1,4})\s*[)）]|(?:[a-zａ-ｚ]|\d{1,2})[)）]|[\u2460-\u2473]|[・•])\s*/iu;

/** A sentence that asks for detail (「頻度もご記入ください」 "Please describe …"): the remarks give it; not an ask of its own. */
const DETAIL_REQUEST =
  /(?:ご?記入|ご?記載|お?教え|説明|ご?回答|ご?提示|ご?提出|明記)(?:して|て)?ください[。.]?$|^(?:please\s+)?(?:describe|provide|explain|list|specify|state|give|attach)\b/iu;

/** Sentence ends that make the sentence an ask of its own (a question or a requirement). */
const ASK_END = /(?:か|ですか|ますか|でしょうか|[?？]|こと|している|していること|されている|ている|ください|\?)\s*$/u;

export function questionParts(text: string): QuestionParts {
  const asides: string[] = [];
  const examples = new Set<string>();
  let core = text;
  const respondent = RESPONDENT.exec(core);
  if (respondent) {
    // (the respondent is no term the entry must back either)
    asides.push(respondent[0].trim());
    examples.add(respondent[0].trim());
    core = core.slice(respondent[0].length);
  }
  const lead = LEAD_IN.exec(core);
  if (lead) {
    asides.push((lead[1] ?? '').trim());
    core = core.slice(lead[0].length);
  }
  const purpose = PURPOSE.exec(core);
  if (purpose && core.length - purpose[0].length >= 8) {
    // (the purpose is no example: a term it names is still read by the guards)
    asides.push(purpose[0].replace(/[、,]\s*$/u, '').trim());
    core = core.slice(purpose[0].length);
  }
  core = core.replace(BRACKETED, (whole, inner: string) => {
    const t = inner.trim();
    if (t.length <= SHORT_BRACKET && !EXAMPLE_MARK.test(t)) return whole;
    asides.push(t);
    if (EXAMPLE_MARK.test(t)) examples.add(t);
    return '';
  });
  core = core.replace(TRAILING_EXAMPLE, (m) => {
    asides.push(m.trim());
    examples.add(m.trim());
    return ' ';
  });
  core = core
    .replace(/[ \t\u3000]{2,}/gu, ' ')
    .replace(/[ \t\u3000]+(?=[?？。、,.])/gu, '')
    .replace(/[、,](?=[?？。.])/gu, '')
    .trim();
  // nothing left (the whole cell was an aside): match on the text as it is
  if (core.replace(/[\s、。,.?？]/gu, '').length < 2) return { core: text.trim(), asides: [], termText: text, asks: [text.trim()] };
  // a sentence that asks for detail after the ask (「実施している場合は頻度を記載してください」): the
  // remarks give it; it is no part of what is matched (its terms are still read by the guards)
  // (only after an ask: 「…について教えてください。…されていますか。」 names its topic in the request)
  const sentences = core
    .split(SENTENCE_BREAK)
    .map((x) => x.trim())
    .filter(Boolean);
  const firstAsk = sentences.findIndex((x) => !DETAIL_REQUEST.test(x));
  const requests = sentences.filter((x, i) => i > firstAsk && DETAIL_REQUEST.test(x));
  if (firstAsk >= 0 && requests.length > 0) {
    // (cut out where they stand: the line breaks of sub-items (1)(2) before them stay)
    for (const r of requests) {
      asides.push(r);
      const at = core.lastIndexOf(r);
      core = core.slice(0, at) + core.slice(at + r.length);
    }
    core = core.replace(/[ \t\u3000]*\n\s*/gu, '\n').trim();
  }
  const termText = [core, ...asides.filter((a) => !examples.has(a))].join('\n');
  return { core, asides, termText, asks: asksOf(core) };
}

/**
 * The asks of a question: sub-items under a lead line (each with its lead), or sentences that are
 * each a question or requirement when a later one is joined by 「また、」 or the like, or when
 * every sentence is a question. A sentence of context before the ask (「…の場合、」) is no ask.
 */
function asksOf(core: string): string[] {
  const lines = core
    .split(/\n+/u)
    .map((l) => l.trim())
    .filter(Boolean);
  const items = lines.filter((l) => SUB_ITEM.test(l));
  if (items.length >= 2 && lines.length > items.length) {
    const lead = lines.filter((l) => !SUB_ITEM.test(l)).join(' ');
    return items.map((i) => `${lead} ${i.replace(SUB_ITEM, '')}`.trim());
  }
  const sentences = core
    .split(SENTENCE_BREAK)
    .map((s) => s.trim())
    .filter((s) => s.replace(/[\s、。,.?？!！]/gu, '').length >= 4);
  if (sentences.length < 2) return [core];
  const asks = sentences.filter((s) => !DETAIL_REQUEST.test(s) && ASK_END.test(s.replace(/[。.！!]+$/u, '')));
  const joined = sentences.slice(1).some((s) => ADDED_ASK.test(s));
  const requests = sentences.filter((s) => DETAIL_REQUEST.test(s)).length;
  if (asks.length >= 2 && (joined || asks.length + requests === sentences.length)) return asks.map((a) => a.replace(ADDED_ASK, '').trim());
  return [core];
}
