/**
 * One temporary folder per test run, removed at the end: every folder the tests make goes in it
 * (tests/helpers.ts tempDir), and so does kotae's cache, so a test run never fills the user's
 * ~/.cache/kotae and leaves nothing in /tmp.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'kotae-tests-'));
  process.env.KOTAE_TEST_TMP = dir;
  const cache = join(dir, 'cache');
  mkdirSync(cache);
  process.env.KOTAE_CACHE_DIR ??= cache;
  return () => rmSync(dir, { recursive: true, force: true });
}
