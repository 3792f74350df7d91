/**
 * `kotae bank validate`: everything that can be wrong with an answer bank, as data. Findings carry a
 * stable code (tests and CI assert on codes, not prose); report/findings.ts turns them into text
 * or JSON and `exitCodeFor` into an exit code. Only a missing folder throws (BANK_NOT_FOUND).
 */
import { isOpenQuestion } from '../match/open-question.js';
import { bigramProfile, diceOfProfiles } from '../match/similarity.js';
import { parseBank, type BankFolder, type Problem } from './load-bank.js';
import { compareArticleNumbers, REGULATION_REVIEWS_FILE } from './regulation.js';
import type { Bank, Entry } from '../domain/types.js';

export type FindingCode =
  | 'schema'
  | 'too-large'
  | 'encoding'
  | 'symlink'
  | 'regulation'
  | 'duplicate-id'
  | 'contradiction'
  | 'stale'
  | 'regulation-stale'
  | 'dangling-article'
  | 'missing-remarks'
  | 'missing-language'
  | 'about-unreachable'
  | 'question-form'
  | 'uncited-article'
  | 'draft';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  file?: string;
  line?: number;
  col?: number;
  entryId?: string;
  message: string;
  args?: Record<string, unknown>;
}

/** Does the text name one of the terms (NFKC, case-blind; English terms as whole words, plural allowed)? */
function namesAny(text: string, terms: readonly string[]): boolean {
  const folded = text.normalize('NFKC').toLowerCase();
  return terms.some((raw) => {
    const term = raw.normalize('NFKC').toLowerCase().trim();
    if (!/^[\x20-\x7e]+$/u.test(term)) return folded.includes(term);
    const body = term.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&').replace(/\s+/gu, '[\\s\\-]+');
    return new RegExp(`(?<![a-z0-9])${body}(?:s|es)?(?![a-z0-9])`, 'u').test(folded);
  });
}

/** Phrasings this close (character-bigram Dice on normalised text) in entries with different answers contradict. */
const CONTRADICTION_DICE = 0.9;

/**
 * Validate the files of a bank folder as of `now` ("today" for staleness). `bank` is what could be
 * loaded (entries with schema problems left out).
 */
export function validateBankFolder(folder: BankFolder, now: Date): { findings: Finding[]; bank?: Bank } {
  const { bank, problems } = parseBank(folder);
  const findings: Finding[] = problems.map(problemToFinding);
  findings.push(...checkBank(bank, now));
  return { findings: sortFindings(findings), bank };
}

/** The checks that work on a loaded bank (pure: no file access). Duplicate ids are found by the loader. */
function checkBank(bank: Bank, now: Date): Finding[] {
  const findings: Finding[] = [];
  const approved = bank.entries.filter((e) => e.status !== 'draft');
  const drafts = bank.entries.length - approved.length;

  findings.push(...findContradictions(approved));

  const regulation = bank.regulation;
  const known = new Set(regulation?.articles.map((a) => a.number) ?? []);
  const cited = new Set<string>();
  const yearAgo = isoDay(new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate())));

  for (const e of bank.entries) {
    const at = locate(e);
    if (e.reviewed < yearAgo) {
      findings.push({
        code: 'stale',
        severity: 'warning',
        ...at,
        message: `reviewed ${e.reviewed}, more than a year ago (the regulation requires a yearly review, 第1.4条)`,
        args: { reviewed: e.reviewed, limit: yearAgo },
      });
    } else if (regulation?.lastRevised && e.reviewed < regulation.lastRevised) {
      findings.push({
        code: 'stale',
        severity: 'warning',
        ...at,
        message: `reviewed ${e.reviewed}, before the regulation's last revision on ${regulation.lastRevised}`,
        args: { reviewed: e.reviewed, lastRevised: regulation.lastRevised },
      });
    }

    for (const n of e.source.regulation ?? []) {
      cited.add(n);
      if (regulation && !known.has(n)) {
        findings.push({
          code: 'dangling-article',
          severity: 'error',
          ...at,
          message: `cites 第${n}条, which the regulation does not have`,
          args: { article: n },
        });
      }
    }

    const missing = (['ja', 'en'] as const).filter((l) => !e.remarks[l]);
    if (missing.length > 0) {
      // an entry answering with a description has nothing else to say: without any remark it is empty
      const empty = e.answer === 'describe' && missing.length === 2;
      findings.push({
        code: 'missing-remarks',
        severity: empty ? 'error' : 'warning',
        ...at,
        message: empty ? 'answer: describe, but no remark: the remarks are its answer' : `no ${missing.join(' / ')} remark`,
        args: { languages: missing },
      });
    }
    // what / which / how phrasings belong to an entry that answers with its remarks, and only those:
    // a yes/no entry would publish "Yes" to 「認証基盤は何ですか」, and a describe entry never
    // answers a yes/no question (the matcher keeps it for open questions)
    const wrongForm = e.questions.filter((q) => isOpenQuestion(q) !== (e.answer === 'describe'));
    if (wrongForm.length > 0) {
      findings.push({
        code: 'question-form',
        severity: 'warning',
        ...at,
        message:
          e.answer === 'describe'
            ? `${wrongForm.length} phrasing(s) ask yes or no, but the entry answers with a description and is never matched to them, e.g. "${wrongForm[0]}": move them to a yes/no entry`
            : `${wrongForm.length} phrasing(s) ask what / which / how, not yes or no, e.g. "${wrongForm[0]}": move them to an entry with answer: describe (its remarks are the answer)`,
        args: { phrasings: wrongForm },
      });
    }
    if (e.about) {
      // a phrasing that names none of the entry's `about` terms can never be answered by the entry
      const unreachable = e.questions.filter((q) => !namesAny(q, e.about ?? []));
      if (unreachable.length > 0) {
        findings.push({
          code: 'about-unreachable',
          severity: 'warning',
          ...at,
          message: `${unreachable.length} phrasing(s) name none of about: [${e.about.join(', ')}] and can never be answered by this entry, e.g. "${unreachable[0]}"`,
          args: { phrasings: unreachable },
        });
      }
    }
    const langs = new Set(e.questions.map(phrasingLanguage));
    const missingLang = (['ja', 'en'] as const).filter((l) => !langs.has(l));
    if (missingLang.length > 0) {
      findings.push({
        code: 'missing-language',
        severity: 'warning',
        ...at,
        message: `no ${missingLang.map((l) => (l === 'ja' ? 'Japanese' : 'English')).join(' / ')} phrasing`,
        args: { languages: missingLang },
      });
    }
  }

  // 第1.4条: the regulation itself is to be reviewed at least once a year (and revised as needed);
  // answers resting on it age with it. A revision counts as a review; so does a review recorded in
  // regulation/reviews.yaml that found nothing to change.
  const today = isoDay(now);
  const reviews = regulation?.reviews ?? [];
  const reviewsFile = `${bank.dir.split(/[\\/]/u).filter(Boolean).at(-1) ?? '.'}/${REGULATION_REVIEWS_FILE}`;
  for (const r of reviews.filter((x) => x.date > today)) {
    findings.push({
      code: 'schema',
      severity: 'error',
      file: reviewsFile,
      message: `a review dated ${r.date}, after today (${today}): record a review once it has taken place`,
      args: { problem: 'regulation', date: r.date },
    });
  }
  const lastReview = reviews
    .map((r) => r.date)
    .filter((d) => d <= today)
    .sort()
    .at(-1);
  const lastLooked = [regulation?.lastRevised, lastReview]
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
  if (regulation && lastLooked && lastLooked < yearAgo) {
    findings.push({
      code: 'regulation-stale',
      severity: 'warning',
      message:
        `the regulation was last revised on ${regulation.lastRevised ?? '(no date)'}` +
        `${lastReview ? ` and last reviewed on ${lastReview}` : ' and no review is recorded'}, more than a year ago (第1.4条 requires a yearly review); ` +
        `once reviewed, add "- { date: YYYY-MM-DD, by: CTO }" to ${reviewsFile} (or, if it changed, update regulation.txt and its 最終改訂 line)`,
      args: { lastRevised: regulation.lastRevised, lastReview, limit: yearAgo },
    });
  }
  if (regulation) {
    for (const a of regulation.articles) {
      if (cited.has(a.number)) continue;
      findings.push({
        code: 'uncited-article',
        severity: 'info',
        message: `第${a.number}条(${a.title}) is cited by no entry`,
        args: { article: a.number, title: a.title },
      });
    }
  }
  if (drafts > 0) {
    findings.push({
      code: 'draft',
      severity: 'info',
      message: `${drafts} draft entr${drafts === 1 ? 'y' : 'ies'} (drafts never answer)`,
      args: { count: drafts },
    });
  }
  return findings;
}

// --- contradictions --------------------------------------------------------------------------

// Endings that change politeness, not meaning: 「～していますか。」「～していること。」「～する」.
const POLITE_ENDINGS = [
  'されていますか',
  'していますか',
  'していること',
  'されていること',
  'していません',
  'しています',
  'されています',
  'ていますか',
  'でしょうか',
  'ありますか',
  'いますか',
  'ですか',
  'ますか',
  'すること',
  'ること',
  'である',
  'です',
  'ます',
  'こと',
  'する',
  'か',
];

/** NFKC, lower case, no punctuation or spaces, no polite ending. */
export function normalisePhrasing(s: string): string {
  let t = s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '');
  for (let changed = true; changed;) {
    changed = false;
    for (const end of POLITE_ENDINGS) {
      if (t.length > end.length + 1 && t.endsWith(end)) {
        t = t.slice(0, -end.length);
        changed = true;
        break;
      }
    }
  }
  return t;
}

function findContradictions(entries: readonly Entry[]): Finding[] {
  const items = entries.flatMap((entry) =>
    entry.questions.map((q) => {
      const norm = normalisePhrasing(q);
      return { entry, q, norm, profile: bigramProfile(norm) };
    }),
  );
  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const a = items[i]!;
    for (let j = i + 1; j < items.length; j++) {
      const b = items[j]!;
      if (a.entry === b.entry || a.entry.answer === b.entry.answer) continue;
      // a description contradicts no yes or no: "How is X done?" (describe) and "Is X done?" (yes)
      // are both true, and only an open question is answered by the first
      if (a.entry.answer === 'describe' || b.entry.answer === 'describe') continue;
      // Dice can't reach the threshold when the sizes differ too much: skip before counting.
      const minSize = Math.min(a.profile.size, b.profile.size);
      if ((2 * minSize) / (a.profile.size + b.profile.size) < CONTRADICTION_DICE) continue;
      const score = a.norm === b.norm ? 1 : diceOfProfiles(a.profile, b.profile);
      if (score < CONTRADICTION_DICE) continue;
      const key = `${a.entry.id}\u0000${b.entry.id}\u0000${a.norm}`;
      if (reported.has(key)) continue;
      reported.add(key);
      findings.push({
        code: 'contradiction',
        severity: 'error',
        ...locate(b.entry),
        message: `"${b.q}" (${b.entry.answer}) is nearly the same as "${a.q}" in ${a.entry.id} (${a.entry.answer})`,
        args: { other: a.entry.id, phrasing: b.q, otherPhrasing: a.q, similarity: Math.round(score * 1000) / 1000 },
      });
    }
  }
  return findings;
}

// --- helpers ---------------------------------------------------------------------------------

const JAPANESE_RE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/** A phrasing with any kana/kanji is Japanese; one with Latin letters and none is English. */
export function phrasingLanguage(q: string): 'ja' | 'en' | undefined {
  if (JAPANESE_RE.test(q)) return 'ja';
  if (/[A-Za-z]/.test(q)) return 'en';
  return undefined;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function locate(e: Entry): Pick<Finding, 'file' | 'line' | 'col' | 'entryId'> {
  return { ...(e.origin ? { file: e.origin.file, line: e.origin.line, col: e.origin.col } : {}), entryId: e.id };
}

function problemToFinding(p: Problem): Finding {
  return {
    // a file too large, not UTF-8, a link out of the bank or a regulation that cannot be read is
    // not a schema problem; YAML syntax errors count as schema (what `bank validate` always said)
    code: p.code === 'duplicate-id' || p.code === 'too-large' || p.code === 'encoding' || p.code === 'symlink' || p.code === 'regulation' ? p.code : 'schema',
    severity: 'error',
    file: p.file,
    ...(p.line !== undefined ? { line: p.line, col: p.col ?? 1 } : {}),
    ...(p.entryId ? { entryId: p.entryId } : {}),
    message: p.path ? `${p.path}: ${p.message}` : p.message,
    args: { problem: p.code, ...(p.path ? { path: p.path } : {}) },
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((x, y) => {
      const a = x.f;
      const b = y.f;
      return (
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        (a.file ?? '\uffff').localeCompare(b.file ?? '\uffff') ||
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.col ?? 0) - (b.col ?? 0) ||
        articleOrder(a, b) ||
        x.i - y.i
      );
    })
    .map((x) => x.f);
}

function articleOrder(a: Finding, b: Finding): number {
  const x = a.args?.['article'];
  const y = b.args?.['article'];
  return typeof x === 'string' && typeof y === 'string' ? compareArticleNumbers(x, y) : 0;
}

/** 1 when there are errors, or warnings under `strict`; else 0. */
export function exitCodeFor(findings: readonly Finding[], strict: boolean): 0 | 1 {
  if (findings.some((f) => f.severity === 'error')) return 1;
  if (strict && findings.some((f) => f.severity === 'warning')) return 1;
  return 0;
}
