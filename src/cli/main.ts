import chalk from 'chalk';
import { Command, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import { isKotaeError } from '../domain/errors.js';
import { neutralizeControls } from '../domain/safe-text.js';
import { addLayoutFlags, addPasswordFlag } from './flags.js';

const EXIT_HELP = `
Exit codes:
  0  done
  1  findings at or above the failing threshold (bank validate errors, or warnings with --strict;
     coverage below --min; bank import conflicts; apply: rows not written, bank conflicts)
  2  could not run (bad flags, unreadable workbook, invalid answer bank)`;

function version(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

/** Builds the command tree. Each action sets `exitCode`; only `main` exits. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('kotae')
    .description("Fill customers' security check sheets (セキュリティチェックシート) from your answer bank — offline.")
    .version(version())
    .option('--debug', 'show stack traces')
    .addHelpText('after', EXIT_HELP)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  addPasswordFlag(
    addLayoutFlags(
      program
        .command('answer')
        .description('fill a check sheet: writes <name>.answered.xlsx and a report of the rows left for a person')
        .argument('<file>', "the customer's workbook (.xlsx / .xlsm; .xls / .ods are converted with LibreOffice when installed)")
        .option('-o, --output <path>', 'the filled workbook (default: <name>.answered.xlsx beside the input)')
        .option('--bank <dir>', 'answer bank folder (default: ./answer-bank, else the shipped bank)')
        .option('--report <path>', 'unmatched-items report: .xlsx (default), .md, .json or .csv')
        .option('--no-cite', 'do not append the regulation article to remarks')
        .option('--overwrite', 'also fill answer cells that are not empty (never formulas)')
        .option('--force', 'replace an existing output / report file')
        .option('--json', 'print the summary as JSON')
        .option('-q, --quiet', 'print nothing on success'),
    ),
  ).action(async (file: string, flags) => setExit(await (await import('./answer.js')).runAnswer(file, flags)));

  addPasswordFlag(
    addLayoutFlags(
      program
        .command('inspect')
        .description('show the layout kotae detects: sheets, columns, question rows, answer words')
        .argument('<file>', 'the workbook')
        .option('--json', 'machine-readable layout'),
    ),
    false,
  ).action(async (file: string, flags) => setExit(await (await import('./inspect.js')).runInspect(file, flags)));

  addPasswordFlag(
    program
      .command('apply')
      .description('write the rows marked 採用 (Use) in a worklist report into the answered workbook, and let the bank learn them')
      .argument('<report>', 'the <name>.report.xlsx that `kotae answer` wrote, with decisions in its 判断 (Decision) column')
      .option('--bank <dir>', 'answer bank folder that learns (default: ./answer-bank, else the shipped bank)')
      .option('--no-learn', 'write the workbook only; the bank learns nothing')
      .option('--overwrite', 'also replace answer / remarks cells that hold something else (never formulas)')
      .option('--source <source>', '"<customer>, <date>" credited in learned drafts (default: the input file name, today)')
      .option('--owner <name>', 'owner of the draft entries', 'CTO')
      .option('--dry-run', 'check the decisions and print what would happen; write nothing')
      .option('--json', 'print the outcome as JSON')
      .addHelpText(
        'after',
        '\nExit codes: 0 done; 1 some rows were not written (a cell not empty or a formula) or the bank has a conflicting answer; 2 could not run (nothing written: a report that is not a worklist, edited or stale, a decision that cannot be applied).',
      ),
  ).action(async (report: string, flags) => setExit(await (await import('./apply.js')).runApply(report, flags)));

  program
    .command('search')
    .description('the bank entries that best match a question, with scores, answers and cited articles')
    .argument('<question>', 'the question text')
    .option('--bank <dir>', 'answer bank folder (default: ./answer-bank, else the shipped bank)')
    .option('--top <n>', 'how many entries', '5')
    .option('--json', 'machine-readable')
    .action(async (question: string, flags) => setExit(await (await import('./search.js')).runSearch(question, flags)));

  const bank = program.command('bank').description('curate the answer bank');
  bank
    .command('validate')
    .description('check schema, duplicate ids, contradictions, stale reviews and article references')
    .option('--bank <dir>', 'answer bank folder (default: ./answer-bank, else the shipped bank)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'warnings fail too (exit 1)')
    .action(async (flags) => setExit((await import('./bank-validate.js')).runBankValidate(flags)));

  addLayoutFlags(
    bank
      .command('import')
      .description('grow the bank from completed sheets: new phrasings, conflicts, drafts in inbox/')
      .argument('<files...>', "completed workbooks (.xlsx / .xlsm), answered in the customer's vocabulary")
      .requiredOption('--source <source>', '"<customer>, <date>": whose sheet and when it was answered, e.g. "Acme Corp, 2025-08-30"')
      .option('--bank <dir>', 'answer bank folder (default: ./answer-bank, else the shipped bank)')
      .option('--owner <name>', 'owner of the draft entries', 'CTO')
      .option('--dry-run', 'print what would change, write nothing')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
      .addHelpText(
        'after',
        '\nExit codes: 0 done; 1 conflicts found (a response contradicts the bank: reported, those rows change nothing; the other rows are imported); 2 could not run.',
      ),
  ).action(async (files: string[], flags) => setExit(await (await import('./bank-import.js')).runBankImport(files, flags)));

  bank
    .command('export')
    .description('your own security check sheet from the approved bank (publish your most-asked answers)')
    .option('--bank <dir>', 'answer bank folder (default: ./answer-bank, else the shipped bank)')
    .addOption(new Option('--format <format>', 'output format (default: from -o, else xlsx)').choices(['xlsx', 'md']))
    .option('-o, --output <path>', 'output file (default: kotae-security-answers.xlsx / .md in the current folder)')
    .addOption(new Option('--lang <lang>', 'language of questions, answers and remarks').choices(['ja', 'en']).default('ja'))
    .option('--coverage <sheets...>', 'count how many question rows of these sheets / folders each entry answers; most-asked first')
    .option('--force', 'replace an existing output file')
    .action(async (flags) => setExit(await (await import('./bank-export.js')).runBankExport(flags)));

  program
    .command('coverage')
    .description('how much of a set of sheets the bank answers, the most frequent unmatched topics, unused entries')
    .argument('<paths...>', 'workbooks (.xlsx / .xlsm) or folders (searched recursively)')
    .option('--bank <dir>', 'answer bank folder (default: ./answer-bank, else the shipped bank)')
    .option('--min <share>', 'fail (exit 1) when the overall answered share is below this, 0–1', '0')
    .option('--top <n>', 'how many unmatched topics to list', '10')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'md']).default('text'))
    .addHelpText('after', '\nExit codes: 0 answered share at or above --min (default 0); 1 below --min; 2 could not run or no workbook could be read.')
    .action(async (paths: string[], flags) => setExit(await (await import('./coverage.js')).runCoverage(paths, flags)));

  return program;
}

/**
 * The colour level for the terminal, from what chalk detected (it reads FORCE_COLOR itself:
 * 0 / false off, 1 / true / empty basic, 2 256 colours, 3 truecolor) and NO_COLOR
 * (https://no-color.org): present and not empty, it turns colour off — in the text and in the
 * spinner, which colours its frames through the same chalk. FORCE_COLOR, the explicit request,
 * wins over NO_COLOR (as in Node itself and force-color.org).
 */
export function colorLevel(env: NodeJS.ProcessEnv, detected: number): number {
  if (env.FORCE_COLOR !== undefined) return detected;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  return detected;
}

export async function main(argv: string[]): Promise<number> {
  chalk.level = colorLevel(process.env, chalk.level) as typeof chalk.level;
  let exitCode = 0;
  const debug = argv.includes('--debug');
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are not failures; usage errors are "could not run"
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isKotaeError(e)) {
      // messages quote sheet names, file names and bank text: controls made visible (newlines kept)
      process.stderr.write(`${chalk.red('error:')} ${neutralizeControls(e.message, '\n')}\n`);
      if (e.hint) process.stderr.write(`${chalk.yellow('hint:')} ${neutralizeControls(e.hint, '\n')}\n`);
      if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
      return 2;
    }
    const err = e as Error;
    process.stderr.write(`${chalk.red('error:')} unexpected failure — this is a bug in kotae, please report it with the stack below\n`);
    process.stderr.write(`${err?.stack ?? String(e)}\n`);
    return 2;
  }
}
