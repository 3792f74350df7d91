import { resolve } from 'node:path';
import { exitCodeFor } from '../bank/validate-bank.js';
import { validateBank } from '../node/load-bank.js';
import { resolveBankDir } from '../node/output-paths.js';
import { formatFindings } from '../report/findings.js';

interface ValidateFlags {
  bank?: string;
  format: 'text' | 'json';
  strict?: boolean;
}

export function runBankValidate(flags: ValidateFlags): number {
  const dir = resolveBankDir(flags.bank);
  const { findings } = validateBank(dir, { now: new Date() });
  // which bank: without --bank it is ./answer-bank of the working folder, else the shipped one
  if (flags.format === 'text') process.stdout.write(`bank: ${resolve(dir)}\n`);
  process.stdout.write(formatFindings(findings, flags.format));
  return exitCodeFor(findings, Boolean(flags.strict));
}
