/**
 * One temporary folder per test run, removed at the end: every folder the tests make goes in it
 * (tests/helpers.ts tempDir), and so does kotae's cache, so a test run never fills the user's
 * ~/.cache/kotae and leaves nothing in /tmp.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HAS_SHARED, SHARED } from './helpers.js';

export default function setup(): () => void {
  if (!HAS_SHARED) {
    // .ci/run: CI has ../shared beside the clone, so a missing one is a broken checkout, not a skip
    if (process.env.KOTAE_REQUIRE_SHARED === '1') {
      throw new Error(`KOTAE_REQUIRE_SHARED=1 but ${SHARED} (real-sheets/, eval/) is missing: check the shared folder out beside the repository`);
    }
    process.stderr.write(
      `note: no ${SHARED}: the tests on real questionnaires and labelled sets are skipped; to run them, put the shared folder (real-sheets/, eval/) there\n`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'kotae-tests-'));
  process.env.KOTAE_TEST_TMP = dir;
  const cache = join(dir, 'cache');
  mkdirSync(cache);
  process.env.KOTAE_CACHE_DIR ??= cache;
  return () => rmSync(dir, { recursive: true, force: true });
}
