#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// `kotae … | head`: the reader may go away before everything is written; that ends the run
// quietly (as in any Unix tool) instead of with an unhandled EPIPE and a stack trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e?.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.exitCode = 2;
  });
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`error: unexpected failure — this is a bug in kotae\n${e?.stack ?? e}\n`);
    process.exitCode = 2;
  },
);
