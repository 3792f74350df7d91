#!/usr/bin/env node
// `npm run build` / `npm test` start from an empty dist/: tsc never deletes the output of a source
// file that was moved or removed, and a stale dist/cli/io.js would keep a test that imports the
// old path passing.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
