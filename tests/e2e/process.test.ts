/** How kotae behaves as a process: a reader that goes away, a cache folder that cannot exist. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, kotae, tempDir } from '../helpers.js';

/** Run the CLI with its stdout already closed on our side (as `kotae … | head` ends up). */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolveRun({ code, stderr }));
  });
}

describe('kotae as a process', () => {
  it('ends quietly when the reader of its output goes away (kotae … | head)', async () => {
    for (const args of [['--help'], ['bank', '--help'], ['search', '多要素認証を導入していますか', '--json']]) {
      const r = await runWithClosedStdout(args);
      expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at /);
      expect(r.code).toBe(0);
    }
  });

  it.skipIf(!existsSync('/proc/self'))('answers with a cache folder that cannot be made (it only costs speed)', () => {
    // Node 20's mkdirSync(…, { recursive: true }) never returns for a path under /proc
    const out = join(tempDir('kotae-proc-cache-'), 'sample.answered.xlsx');
    const r = kotae(['answer', join(FIXTURES, 'sample-checksheet-ja.xlsx'), '-o', out, '--quiet'], {
      env: { KOTAE_CACHE_DIR: '/proc/kotae-cache-cannot-exist' },
    });
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    expect(readdirSync(join(out, '..')).sort()).toEqual(['sample.answered.xlsx', 'sample.report.xlsx']);
  });
});
