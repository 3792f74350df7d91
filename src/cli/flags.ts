/**
 * Options shared by several commands. Kept apart from the commands themselves so that building the
 * command tree loads none of them: each command's module is imported only when it runs.
 */
import type { Command } from 'commander';

export function addLayoutFlags(cmd: Command): Command {
  return cmd
    .option('--sheet <name>', 'only this sheet (also reaches hidden sheets)')
    .option('--header-row <n>', 'the header row, when detection picks the wrong one')
    .option('--question-col <col>', 'the question column (letter or number)')
    .option('--answer-col <col>', 'the answer column (letter or number)')
    .option('--remarks-col <col>', 'the remarks column (letter or number)')
    .option('--vocab <items>', 'answer words for yes,no,partial,na, e.g. "○,×,△,－" or "yes=可,no=否"');
}

/** --password: shared by `answer` and `inspect` (only `answer` writes a copy to encrypt). */
export function addPasswordFlag(cmd: Command, writes = true): Command {
  return cmd.option(
    '--password <password>',
    `open a password-protected workbook (or set KOTAE_PASSWORD)${writes ? '; the answered copy is encrypted with it' : ''}`,
  );
}
