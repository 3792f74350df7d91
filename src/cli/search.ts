import chalk from 'chalk';
import { openBank } from '../bank/bank-cache.js';
import { loadIndex } from '../match/index-cache.js';
import { decide, rankCandidates } from '../match/decide.js';
import { reasonText } from '../report/build-report.js';
import { KotaeError } from '../errors.js';
import { parsePositiveInt, resolveBankDir } from './io.js';
import { jsonSafe, neutralizeControls } from '../safe-text.js';

interface SearchFlags {
  bank?: string;
  top: string;
  json?: boolean;
}

export async function runSearch(question: string, flags: SearchFlags): Promise<number> {
  const top = parsePositiveInt(flags.top, '--top');
  if (question.trim() === '') throw new KotaeError('BAD_OPTION', 'the question to search for is empty', 'e.g. kotae search "共有アカウントを使用していますか"');
  const bank = await openBank(resolveBankDir(flags.bank));
  const index = loadIndex(bank);
  const decision = decide(index, question);
  const candidates = rankCandidates(index, question, top);
  if (flags.json) {
    const json = {
      question,
      decision: { status: decision.status, reason: decision.reason, detail: decision.detail, entry: decision.entry?.id, answer: decision.answer, score: decision.score },
      candidates: candidates.map((c) => ({
        entry: c.entry.id,
        answer: c.entry.answer,
        score: c.score,
        phrasing: c.phrasing,
        articles: c.entry.source.regulation ?? [],
      })),
    };
    process.stdout.write(`${jsonSafe(JSON.stringify(json, null, 2))}\n`);
    return 0;
  }
  const lines: string[] = [];
  const verdict =
    decision.status === 'answered' && decision.answer === 'describe'
      ? chalk.green(`answered with remarks: ${decision.entry?.id} (an open question: the remarks are the answer; \`answer\` writes them and leaves the answer cell to a person)`)
      : decision.status === 'answered'
      ? chalk.green(`answered: ${decision.entry?.id} → ${decision.answer}`)
      : chalk.yellow(`${decision.status}: ${reasonText(decision.reason, decision.detail)}`);
  lines.push(`decision  ${verdict} (score ${decision.score.toFixed(3)})`);
  if (candidates.length === 0) lines.push(chalk.dim('no entry shares a word with this question'));
  candidates.forEach((c, i) => {
    const arts = (c.entry.source.regulation ?? []).map((a) => `第${a}条`).join('・');
    lines.push(`${String(i + 1).padStart(2)}. ${c.score.toFixed(3)}  ${chalk.bold(c.entry.id)}  ${c.entry.answer}${arts ? `  ${arts}` : ''}`);
    lines.push(`      ${chalk.dim(neutralizeControls(c.phrasing, ''))}`);
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
