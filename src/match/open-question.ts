/**
 * Open questions: a text that asks what, which, how, who, when or where (「認証基盤は何ですか」,
 * "Which identity provider do you use?", 「頻度を教えてください」) rather than yes or no. Only such a
 * question is answered by an entry with `answer: describe` (its remarks are the answer), and a
 * yes/no entry must not carry such a phrasing (`bank validate`: question-form).
 *
 * A text is open only when every sentence in it is: 「手順を教えてください。承認を経ていますか。」
 * asks yes or no as well, and that is what its answer cell takes.
 */

// An interrogative or an imperative asking for an account, at the start of a sentence (after a
// "Q3." numbering). "When an employee transfers, is their access updated?" is a yes/no question
// behind a subordinate clause: a comma followed by an auxiliary verb closes it.
const EN_OPEN =
  /^(?:please\s+)?(?:describe|explain|list|provide|specify|outline|identify|what|which|who|whom|whose|how|where|why|when)\b|^(?:within|in|after|for|at|by|to|from|on)\s+(?:how|what|which|whom)\b/iu;
const EN_CLAUSE_THEN_YES_NO =
  /^(?:when|where|if|whenever)\b[^,]*,\s*(?:is|are|was|were|do|does|did|can|could|will|would|has|have|had|should|must|may|might)\b/iu;

// 何を / 何が / 何ですか, どの / どのような / どの程度 (not など-の), どんな, どれ, どこ, 誰, いつ (not いつでも /
// いつも); and requests for an account (教えてください, ご記入ください …) unless what they ask for is
// 有無 / 可否 or a mark (「有無をご記入ください」「○×でお答えください」).
const JA_WH =
  /何(?:を|が|で|に|ですか|でしょうか|か[。？?]?$)|何(?:回|分|秒|時間|日|週|か月|ヶ月|カ月|ケ月|年|名|人|件|文字|桁|割|世代|段階|度)(?!も)|(?<!な)どの|どんな|どれ(?!も|でも)|どこ(?!でも|か)|誰(?!でも|も|か)|いつ(?!でも|も)|いくつ|いくら/u;
// a noun of measure left hanging (「頻度は。」「対応期限は？」): what is it?
const JA_MEASURE_ASKED = /(?:頻度|回数|期限|期間|時間|日数|人数|方法|方式|基準|周期|間隔|時期|担当者|責任者)(?:は|を)[?？。]?$/u;
const JA_REQUEST = /(?:教えて|記入して|記載して|説明して|お答え|ご記入|ご記載|ご説明|ご回答)(?:ください|下さい)/u;
const JA_YES_NO_REQUEST = /有無|可否|「(?:はい|いいえ)」|[○◯×]/u;

const NUMBERING = /^(?:[(（]?(?:q|no\.?|問)?\s*\d+(?:[.\-]\d+)*[.)）:：]?\s*)/iu;

function sentences(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/(?<=[。？?！!])|\r?\n/u)
    .map((s) => s.trim().replace(NUMBERING, '').trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

function isOpenSentence(s: string): boolean {
  if (/[\u3040-\u30ff\u3400-\u9fff]/u.test(s)) return JA_WH.test(s) || JA_MEASURE_ASKED.test(s) || (JA_REQUEST.test(s) && !JA_YES_NO_REQUEST.test(s));
  return EN_OPEN.test(s) && !EN_CLAUSE_THEN_YES_NO.test(s);
}

/** Does every sentence of the text ask for a description (what / which / how / who …), none for yes or no? */
export function isOpenQuestion(text: string): boolean {
  const parts = sentences(text);
  return parts.length > 0 && parts.every(isOpenSentence);
}
