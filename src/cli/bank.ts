import { exitCodeFor, formatFindings, validateBank } from '../bank/validate-bank.js';
import { resolve } from 'node:path';
import { resolveBankDir } from './io.js';

interface ValidateFlags {
  bank?: string;
  format: 'text' | 'json';
  strict?: boolean;
}

export function runBankValidate(flags: ValidateFlags): number {
  const dir = resolveBankDir(flags.bank);
  const { findings } = validateBank(dir);
  // which bank: without --bank it is ./answer-bank of the working folder, else the shipped one
  if (flags.format === 'text') process.stdout.write(`bank: ${resolve(dir)}\n`);
  process.stdout.write(formatFindings(findings, flags.format));
  return exitCodeFor(findings, Boolean(flags.strict));
}
