import { fstatSync, writeSync } from 'node:fs';
import type { MainIo, OutputStream } from './main.js';

/**
 * The process's standard streams for main(), built only when used.
 * process.stdin, process.stdout and process.stderr are getters that build
 * Node stream objects and load Node's stream modules (with `tty` and `net`
 * for a terminal or a pipe): a few milliseconds of every one-file run,
 * for a report that is one write. A report to a file, a pipe or /dev/null
 * is written with write(2) instead, which is what process.stdout does
 * synchronously for files and pipes anyway.
 */
export function standardIo(): Pick<MainIo, 'stdout' | 'stderr' | 'stdin'> {
  return {
    stdout: stdoutIsTerminal() ? terminalStdout() : new DescriptorOutput(1, () => process.stdout),
    stderr: lazyStream(() => process.stderr),
    stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
  };
}

/** What a reader leaving early (`pcilint | head`) or a write failing does to the run. */
export function onOutputError(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') return;
  process.stderr.write(`pcilint: cannot write output: ${error.message}\n`);
  process.exitCode = 2;
}

function terminalStdout(): NodeJS.WriteStream {
  process.stdout.on('error', onOutputError);
  return process.stdout;
}

/**
 * Whether standard output is a terminal, without loading `tty` where the
 * answer is plain from fstat: regular files, pipes and sockets are not,
 * nor are Linux's memory devices (/dev/null, major number 1). Any other
 * character device is asked of process.stdout.
 */
function stdoutIsTerminal(): boolean {
  let stats;
  try {
    stats = fstatSync(1);
  } catch {
    return false;
  }
  if (!stats.isCharacterDevice()) return false;
  if (process.platform === 'linux' && Math.floor(stats.rdev / 256) % 4096 === 1) return false;
  return process.stdout.isTTY === true;
}

/**
 * Output to a descriptor that is not a terminal, with write(2). A descriptor
 * left non-blocking by whoever opened it (EAGAIN) hands the rest of the run
 * to the Node stream, which waits for the reader; a reader gone (EPIPE)
 * ends the output quietly, as the stream's error handler did.
 */
class DescriptorOutput implements OutputStream {
  readonly isTTY = false;
  #fallback: OutputStream | null = null;
  #closed = false;

  constructor(
    private readonly fd: number,
    private readonly stream: () => NodeJS.WriteStream,
  ) {}

  write(chunk: string): boolean {
    if (this.#closed) return false;
    if (this.#fallback) return this.#fallback.write(chunk) !== false;
    const bytes = Buffer.from(chunk, 'utf8');
    let written = 0;
    while (written < bytes.length) {
      try {
        written += writeSync(this.fd, bytes, written);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          const stream = this.stream();
          stream.on('error', onOutputError);
          this.#fallback = stream;
          return stream.write(bytes.subarray(written));
        }
        this.#closed = true;
        onOutputError(error as NodeJS.ErrnoException);
        return false;
      }
    }
    return true;
  }
}

/** A Node stream created when first used (stderr: most runs never write to it). */
function lazyStream(open: () => NodeJS.WriteStream): OutputStream {
  let stream: NodeJS.WriteStream | undefined;
  const get = () => (stream ??= open());
  return {
    write: (chunk: string) => get().write(chunk),
    get isTTY() {
      return get().isTTY;
    },
    get columns() {
      return get().columns;
    },
  };
}
