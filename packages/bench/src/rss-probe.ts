import { writeFileSync } from 'node:fs';

/**
 * Loaded with `node --import` in front of the real pcilint bin: at exit it
 * writes the process's peak resident set size (KiB) to the file named by
 * PCILINT_BENCH_RSS_FILE, so the benchmark measures the CLI users run.
 */
const target = process.env.PCILINT_BENCH_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
