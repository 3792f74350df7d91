/**
 * Coverage of a set of sheets by the bank (`kotae coverage`, `bank export --coverage`): per sheet
 * the share of question rows answered / review / unmatched, the most frequent topics left for a
 * person (clusters of similar questions), and the approved entries no sheet needed. Pure: workbook
 * models and bank in, figures out; node/coverage-run.ts reads the files (in parallel) and
 * report/coverage.ts renders the figures.
 */
import { bigramProfile, diceOfProfiles, type BigramProfile } from '../match/similarity.js';
import type { Entry } from '../domain/types.js';
import type { LayoutOverrides } from '../layout/types.js';
import type { MatchIndex } from '../match/match-index.js';
import { normalizeText } from '../match/normalize.js';
import type { WorkbookModel } from '../workbook/model.js';
import { planAnswers } from '../plan/plan-answers.js';

export interface SheetCoverage {
  file: string;
  sheet: string;
  questions: number;
  answered: number;
  review: number;
  unmatched: number;
}

/** A question row left for a person. */
export interface OpenQuestion {
  file: string;
  sheet: string;
  row: number;
  question: string;
  status: 'review' | 'unmatched';
}

/** What one workbook contributes; `error` when it could not be read or holds no questionnaire. */
export interface FileCoverage {
  file: string;
  sheets: SheetCoverage[];
  open: OpenQuestion[];
  /** entry id → question rows it answered */
  answeredBy: Record<string, number>;
  error?: string;
}

/** Plans answers for one workbook (nothing is written) and counts. */
export function coverageOfWorkbook(wb: WorkbookModel, file: string, index: MatchIndex, overrides: LayoutOverrides = {}): FileCoverage {
  const plan = planAnswers(wb, index, { overrides });
  const sheets = new Map<string, SheetCoverage>();
  for (const s of plan.summaries) {
    sheets.set(s.sheet, {
      file,
      sheet: s.sheet,
      questions: s.answered + s.review + s.unmatched,
      answered: s.answered,
      review: s.review,
      unmatched: s.unmatched,
    });
  }
  const open: OpenQuestion[] = [];
  const answeredBy: Record<string, number> = {};
  for (const r of plan.results) {
    // a row answered with remarks (an open question) is still open for its answer cell, but its
    // entry was asked for: it is no unused entry, and `bank export --coverage` counts it
    if (r.entry && (r.status === 'answered' || r.reason === 'describe')) {
      for (const e of [r.entry, ...(r.also ?? [])]) answeredBy[e.id] = (answeredBy[e.id] ?? 0) + 1;
    }
    if (r.status !== 'answered') open.push({ file, sheet: r.sheet, row: r.row, question: r.question, status: r.status });
  }
  return { file, sheets: [...sheets.values()], open, answeredBy };
}

export interface Figures {
  questions: number;
  answered: number;
  review: number;
  unmatched: number;
  /** answered / questions; 0 when there are no question rows */
  answeredShare: number;
}

export interface Topic {
  /** question rows in the cluster */
  count: number;
  review: number;
  unmatched: number;
  example: string;
  /** where the example is */
  where: { file: string; sheet: string; row: number };
}

export interface CoverageReport {
  files: { file: string; error?: string }[];
  sheets: (SheetCoverage & { answeredShare: number })[];
  overall: Figures;
  topics: Topic[];
  /** approved entries that answered no row of any sheet */
  unusedEntries: { id: string; category: string; question: string }[];
  /** approved entry id → rows answered, most first */
  answeredBy: { id: string; rows: number }[];
  readable: number;
  unreadable: number;
}

function share(n: number, d: number): number {
  return d > 0 ? n / d : 0;
}

/** Above this Dice of character bigrams two open questions are one topic. */
const TOPIC_DICE = 0.45;

/**
 * Greedy clustering: each question joins the first topic whose example is similar enough, else
 * starts one. Questions are taken longest-first within equal keys so the example is a full question.
 */
export function clusterTopics(open: readonly OpenQuestion[], threshold = TOPIC_DICE): Topic[] {
  const clusters: { topic: Topic; profile: BigramProfile; key: string }[] = [];
  const byKey = new Map<string, Topic>();
  for (const q of open) {
    const key = normalizeText(q.question);
    if (!key) continue;
    const same = byKey.get(key);
    if (same) {
      same.count++;
      same[q.status]++;
      continue;
    }
    const profile = bigramProfile(key);
    let best: { topic: Topic; score: number } | undefined;
    for (const c of clusters) {
      const s = diceOfProfiles(c.profile, profile);
      if (s >= threshold && (!best || s > best.score)) best = { topic: c.topic, score: s };
    }
    if (best) {
      best.topic.count++;
      best.topic[q.status]++;
      byKey.set(key, best.topic);
      continue;
    }
    const topic: Topic = {
      count: 1,
      review: q.status === 'review' ? 1 : 0,
      unmatched: q.status === 'unmatched' ? 1 : 0,
      example: q.question,
      where: { file: q.file, sheet: q.sheet, row: q.row },
    };
    clusters.push({ topic, profile, key });
    byKey.set(key, topic);
  }
  return clusters.map((c) => c.topic).sort((a, b) => b.count - a.count || a.example.localeCompare(b.example));
}

/** Sums the files' figures, clusters what is left open, and lists the entries nothing needed. */
export function summarizeCoverage(files: readonly FileCoverage[], entries: readonly Entry[], opts: { topics?: number } = {}): CoverageReport {
  const sheets = files.flatMap((f) => f.sheets).map((s) => ({ ...s, answeredShare: share(s.answered, s.questions) }));
  const overall: Figures = { questions: 0, answered: 0, review: 0, unmatched: 0, answeredShare: 0 };
  for (const s of sheets) {
    overall.questions += s.questions;
    overall.answered += s.answered;
    overall.review += s.review;
    overall.unmatched += s.unmatched;
  }
  overall.answeredShare = share(overall.answered, overall.questions);
  const counts = new Map<string, number>();
  for (const f of files) for (const [id, n] of Object.entries(f.answeredBy)) counts.set(id, (counts.get(id) ?? 0) + n);
  const approved = entries.filter((e) => e.status !== 'draft');
  const unusedEntries = approved.filter((e) => !counts.has(e.id)).map((e) => ({ id: e.id, category: e.category, question: String(e.questions[0] ?? '') }));
  const answeredBy = [...counts].map(([id, rows]) => ({ id, rows })).sort((a, b) => b.rows - a.rows || a.id.localeCompare(b.id));
  const topics = clusterTopics(files.flatMap((f) => f.open)).slice(0, opts.topics ?? 10);
  const unreadable = files.filter((f) => f.error !== undefined).length;
  return {
    files: files.map((f) => ({ file: f.file, ...(f.error !== undefined ? { error: f.error } : {}) })),
    sheets,
    overall,
    topics,
    unusedEntries,
    answeredBy,
    readable: files.length - unreadable,
    unreadable,
  };
}

/** 1 when the overall answered share is below `min` (a finding), else 0. */
export function coverageExitCode(report: CoverageReport, min: number): 0 | 1 {
  return report.overall.answeredShare < min ? 1 : 0;
}

/** The results with each workbook named as the output shows it (`names`: path → name relative to the arguments). */
export function relabelCoverage(results: FileCoverage[], names: ReadonlyMap<string, string>): FileCoverage[] {
  const name = (f: string) => names.get(f) ?? f;
  return results.map((r) => ({
    ...r,
    file: name(r.file),
    sheets: r.sheets.map((s) => ({ ...s, file: name(s.file) })),
    open: r.open.map((q) => ({ ...q, file: name(q.file) })),
  }));
}
