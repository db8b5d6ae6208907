import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { CliError, errorMessage } from './errors.js';

export interface OutputTarget {
  write(chunk: string): void;
  close(): void;
}

/**
 * --output-file: the report goes to this file instead of standard output,
 * its directories created. Written as it is produced (stylish and json
 * stream) and always created, even for a clean run, so a CI artifact never
 * shows a previous run's findings.
 */
export function openOutputFile(file: string): OutputTarget {
  let fd: number;
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new Error('it is a directory');
    mkdirSync(path.dirname(file), { recursive: true });
    fd = openSync(file, 'w');
  } catch (error) {
    throw new CliError(`cannot write the report to ${file}: ${errorMessage(error)}`, { cause: error });
  }
  return {
    write(chunk) {
      try {
        writeSync(fd, chunk);
      } catch (error) {
        throw new CliError(`cannot write the report to ${file}: ${errorMessage(error)}`, { cause: error });
      }
    },
    close() {
      closeSync(fd);
    },
  };
}

/**
 * Coalesces a report's writes into chunks of about 64 KiB. Streaming
 * formats write once per file: 10,000 guests were 10,000 write(2) calls,
 * 50 ms of a cached re-run. Not for a terminal, where each file's findings
 * should appear as soon as they are known.
 */
export function coalescedWrites(target: OutputTarget, chunkSize = 1 << 16): OutputTarget & { flush(): void } {
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    target.write(chunk);
  };
  return {
    write(chunk) {
      pending += chunk;
      if (pending.length >= chunkSize) flush();
    },
    flush,
    close() {
      try {
        flush();
      } finally {
        target.close();
      }
    },
  };
}
