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
  const { findings } = validateBank(resolveBankDir(flags.bank), { now: new Date() });
  process.stdout.write(formatFindings(findings, flags.format));
  return exitCodeFor(findings, Boolean(flags.strict));
}
