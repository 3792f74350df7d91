import { searchBank } from '../app/search-bank.js';
import { openBank } from '../node/bank-cache.js';
import { loadIndex } from '../node/index-cache.js';
import { resolveBankDir } from '../node/output-paths.js';
import { searchToJson, searchToText } from '../report/search.js';
import { parsePositiveInt } from './options.js';
import { terminal } from './style.js';

interface SearchFlags {
  bank?: string;
  top: string;
  json?: boolean;
}

export async function runSearch(question: string, flags: SearchFlags): Promise<number> {
  const top = parsePositiveInt(flags.top, '--top');
  const index = loadIndex(await openBank(resolveBankDir(flags.bank)));
  const { decision, candidates } = searchBank(index, question, top);
  process.stdout.write(flags.json ? searchToJson(question, decision, candidates) : searchToText(decision, candidates, terminal));
  return 0;
}
