import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, type Stats } from 'node:fs';
import { decodeSource, type DecodeFailure } from '@pcilint/core';
import { errorMessage } from './errors.js';

/**
 * virsh reads at most 10 MiB of domain XML (tools/virsh.h VSH_MAX_XML_FILE,
 * `virsh define` refuses a larger file), so a larger one is no guest libvirt
 * would take: the default limit. `--max-file-size` raises it.
 */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** A file's text, or why pcilint will not lint it (reported as a fatal message at line and column). */
export type SourceRead =
  | {
      readonly kind: 'text';
      readonly text: string;
      /** What fstat said before the file was read (a file read from disk): what the cache records. */
      readonly stats?: Stats;
    }
  | {
      readonly kind: 'refused';
      readonly message: string;
      readonly line: number;
      readonly column: number;
      /** Not read at all (type, size, permissions), as opposed to read and not decodable. */
      readonly unread: boolean;
    };

/**
 * Reads a file named on the command line or found in a directory. Only
 * regular files are read: a FIFO, a device or a socket would block or never
 * end, so it is refused from its type, before a byte is read (opened
 * non-blocking, so opening a FIFO cannot hang either). The size is checked
 * before reading and again while reading (a /proc file says 0).
 */
export function readSourceFile(file: string, maxBytes: number): SourceRead {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    return refusedAtStart(openFailure(file, error));
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return refusedAtStart(`${kindOf(info)}: pcilint reads regular files only (a pipe's output can be linted with --stdin)`);
    if (info.size > maxBytes) return refusedAtStart(tooLarge(info.size, maxBytes));
    const bytes = readAtMost(fd, maxBytes, info.size);
    if (bytes === null) return refusedAtStart(tooLarge(null, maxBytes));
    const read = decoded(bytes);
    return read.kind === 'text' ? { ...read, stats: info } : read;
  } catch (error) {
    return refusedAtStart(`cannot read the file: ${errorMessage(error)}`);
  } finally {
    closeSync(fd);
  }
}

/** Standard input's bytes, under the same limit and decoding. */
export function decodeInput(bytes: Uint8Array, maxBytes: number): SourceRead {
  if (bytes.length > maxBytes) return refusedAtStart(tooLarge(bytes.length, maxBytes));
  return decoded(bytes);
}

function decoded(bytes: Uint8Array): SourceRead {
  const result = decodeSource(bytes);
  return result.kind === 'text' ? result : refusedAt(result.error);
}

/**
 * Up to maxBytes, or null when there is more. The first read asks for the
 * size fstat gave plus one byte; what follows (a file that grew, a /proc file
 * that says 0) is read through one reused 64 KiB buffer. A fresh 1 MiB buffer
 * per file was a gigabyte of garbage over a fleet and tripled GC time in
 * worker threads (bench, 10,000 guests).
 */
function readAtMost(fd: number, maxBytes: number, expectedSize: number): Buffer | null {
  const chunks: Buffer[] = [];
  let total = 0;
  for (let first = true; ; first = false) {
    const room = maxBytes + 1 - total;
    const target = first ? Buffer.allocUnsafe(Math.min(expectedSize + 1, room)) : READ_ON.subarray(0, Math.min(READ_ON.length, room));
    const n = readSync(fd, target, 0, target.length, null);
    if (n === 0) break;
    // Bytes read into the shared buffer are copied out before it is reused.
    chunks.push(first ? target.subarray(0, n) : Buffer.from(target.subarray(0, n)));
    total += n;
    if (total > maxBytes) return null;
    // A short read of a regular file is its end: no second read just to be told so (a syscall per file of a fleet).
    if (first && expectedSize > 0 && n < target.length) break;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

const READ_ON = Buffer.alloc(1 << 16);

function openFailure(file: string, error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') {
    const target = symlinkTarget(file);
    if (target !== null) return `dangling symbolic link: its target ${target} does not exist`;
    return 'no such file';
  }
  if (code === 'ELOOP') return 'symbolic link loop: the link resolves to itself';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied: the file cannot be read';
  if (code === 'EISDIR') return 'is a directory';
  return `cannot open the file: ${errorMessage(error)}`;
}

function symlinkTarget(file: string): string | null {
  try {
    return lstatSync(file).isSymbolicLink() ? readlinkSync(file) : null;
  } catch {
    return null;
  }
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a directory';
  return 'not a regular file';
}

function tooLarge(size: number | null, maxBytes: number): string {
  const what = size === null ? 'the file holds more than' : `the file is ${size} bytes, above`;
  return `${what} the limit of ${maxBytes} bytes (virsh define reads at most 10 MiB of XML); raise it with --max-file-size`;
}

export function refusedAtStart(reason: string): Extract<SourceRead, { kind: 'refused' }> {
  return { kind: 'refused', message: `File not read: ${reason}`, line: 1, column: 1, unread: true };
}

function refusedAt(failure: DecodeFailure): SourceRead {
  return { kind: 'refused', message: `Parsing error: ${failure.message}`, line: failure.line, column: failure.column, unread: false };
}
