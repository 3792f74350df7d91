import { openBank } from '../node/bank-cache.js';
import { loadIndex } from '../node/index-cache.js';
import { decide, rankCandidates } from '../match/decide.js';
import { searchToJson, searchToText } from '../report/search.js';
import { parsePositiveInt, resolveBankDir } from '../node/open-input.js';
import { terminal } from './style.js';

interface SearchFlags {
  bank?: string;
  top: string;
  json?: boolean;
}

export async function runSearch(question: string, flags: SearchFlags): Promise<number> {
  const top = parsePositiveInt(flags.top, '--top');
  const bank = await openBank(resolveBankDir(flags.bank));
  const index = loadIndex(bank);
  const decision = decide(index, question);
  const candidates = rankCandidates(index, question, top);
  process.stdout.write(flags.json ? searchToJson(question, decision, candidates) : searchToText(decision, candidates, terminal));
  return 0;
}
