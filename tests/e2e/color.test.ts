/**
 * NO_COLOR (https://no-color.org) and FORCE_COLOR (as chalk reads it) are honoured by every line
 * kotae prints and by the spinner (issue 14, item 6: NO_COLOR=1 still gave green, bold and a cyan
 * spinner).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorLevel } from '../../src/cli/main.js';
import { BIN, FIXTURES, ROOT, tempDir } from '../helpers.js';

/** An SGR escape (colour, bold …); cursor movements of the spinner are not colour. */
const SGR = /\x1b\[[\d;]*m/u;

/** The environment without any colour preference or CI marker, plus `extra`. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'CI', 'TF_BUILD', 'AGENT_NAME']) delete env[k];
  return { ...env, ...extra };
}

function search(extra: Record<string, string>): string {
  const r = spawnSync(process.execPath, [BIN, 'search', '共有アカウントを使用していますか', '--top', '1'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: envWith(extra),
  });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('colour preferences', () => {
  it('colorLevel: NO_COLOR (not empty) turns colour off; FORCE_COLOR, already applied by chalk, wins', () => {
    expect(colorLevel({ NO_COLOR: '1' }, 3)).toBe(0);
    expect(colorLevel({ NO_COLOR: 'yes' }, 1)).toBe(0);
    expect(colorLevel({ NO_COLOR: '' }, 2)).toBe(2);
    expect(colorLevel({}, 2)).toBe(2);
    expect(colorLevel({ NO_COLOR: '1', FORCE_COLOR: '1' }, 1)).toBe(1);
    expect(colorLevel({ NO_COLOR: '1', FORCE_COLOR: '0' }, 0)).toBe(0);
  });

  // Azure Pipelines (TF_BUILD + AGENT_NAME) is a place where chalk colours output without a terminal
  it('kotae prints colour where the terminal supports it, and none under NO_COLOR', () => {
    const azure = { TF_BUILD: 'True', AGENT_NAME: 'agent' };
    expect(search(azure)).toMatch(SGR);
    expect(search({ ...azure, NO_COLOR: '1' })).not.toMatch(SGR);
    // the explicit request wins, even in a pipe
    expect(search({ NO_COLOR: '1', FORCE_COLOR: '1' })).toMatch(SGR);
  });

  const hasScript = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).status === 0;
  // `script` gives kotae a terminal, so that the spinner runs
  it.skipIf(!hasScript)('the spinner on a terminal: cyan frames by default, plain ones under NO_COLOR', () => {
    const out = join(tempDir(), 'out.xlsx');
    const run = (extra: Record<string, string>) => {
      const cmd = `stty cols 100 rows 30; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} answer ${JSON.stringify(join(FIXTURES, 'sample-checksheet-ja.xlsx'))} -o ${JSON.stringify(out)} --force`;
      const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: envWith(extra), timeout: 60_000 });
      expect(r.status).toBe(0);
      return r.stdout;
    };
    const plain = run({ NO_COLOR: '1' });
    expect(plain).toMatch(/\x1b\[\?25l/u); // the spinner ran (it hides the cursor)
    expect(plain).not.toMatch(SGR);
    expect(run({})).toMatch(/\x1b\[36m/u);
  });
});
