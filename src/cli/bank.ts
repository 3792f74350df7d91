import { exitCodeFor } from '../bank/validate-bank.js';
import { validateBank } from '../node/load-bank.js';
import { formatFindings } from '../report/findings.js';
import { resolveBankDir } from '../node/open-input.js';

interface ValidateFlags {
  bank?: string;
  format: 'text' | 'json';
  strict?: boolean;
}

export function runBankValidate(flags: ValidateFlags): number {
  const { findings } = validateBank(resolveBankDir(flags.bank));
  process.stdout.write(formatFindings(findings, flags.format));
  return exitCodeFor(findings, Boolean(flags.strict));
}
