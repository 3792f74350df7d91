// Preloaded by scripts/bench.mjs (node --import) when /usr/bin/time is missing: writes the
// process's peak RSS (KB) and CPU time (ms) to $KOTAE_BENCH_USAGE_FILE when the process exits.
import { writeFileSync } from 'node:fs';

const file = process.env.KOTAE_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
