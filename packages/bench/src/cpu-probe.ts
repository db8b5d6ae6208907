import { writeFileSync } from 'node:fs';

/**
 * Loaded with `node --import` in front of the real pcilint bin: at exit it
 * writes the CPU time (user + system, microseconds, every thread of the
 * process: workers included) to the file named by PCILINT_BENCH_CPU_FILE.
 * CPU time, unlike wall time, hardly moves when other jobs share the machine.
 */
const target = process.env.PCILINT_BENCH_CPU_FILE;
if (target) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(target, String(user + system));
  });
}
