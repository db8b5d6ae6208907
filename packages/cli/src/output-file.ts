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
