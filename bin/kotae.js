#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`error: unexpected failure — this is a bug in kotae\n${e?.stack ?? e}\n`);
    process.exitCode = 2;
  },
);
