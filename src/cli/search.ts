import { searchBank } from '../app/search-bank.js';
import { KotaeError } from '../domain/errors.js';
import { openBank } from '../node/bank-cache.js';
import { loadIndex } from '../node/index-cache.js';
import { resolveBankDir } from '../node/output-paths.js';
import { entryToJson, entryToText, idNote, searchToJson, searchToText } from '../report/search.js';
import { parsePositiveInt } from './options.js';
import { terminal } from './style.js';

interface SearchFlags {
  bank?: string;
  top: string;
  json?: boolean;
}

export async function runSearch(question: string, flags: SearchFlags): Promise<number> {
  const top = parsePositiveInt(flags.top, '--top');
  if (question.trim() === '') throw new KotaeError('BAD_OPTION', 'the question to search for is empty', 'e.g. kotae search "共有アカウントを使用していますか"');
  const bank = await openBank(resolveBankDir(flags.bank));
  const result = searchBank(bank.entries, loadIndex(bank), question, top);
  if (result.kind === 'entry') {
    process.stdout.write(flags.json ? entryToJson(result.entry) : entryToText(result.entry, terminal));
    return 0;
  }
  const { decision, candidates, didYouMean } = result;
  process.stdout.write(flags.json ? searchToJson(question, decision, candidates) : searchToText(decision, candidates, terminal));
  process.stderr.write(idNote(question, didYouMean));
  return 0;
}
