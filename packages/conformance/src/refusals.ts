import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from './errors.js';

/**
 * A diagnostic on a libvirt output that is right after all: libvirt accepts
 * the XML but QEMU refuses to start it, verified against a real QEMU.
 */
export interface KnownRefusal {
  /** Output file relative to the corpus dir, as in the manifest's xml2xml. */
  readonly file: string;
  readonly ruleId: string;
  /** 1-based line of the diagnostic; null/absent matches every line of the file. */
  readonly line: number | null;
  readonly reason: string;
  /** What QEMU printed, with its version. */
  readonly evidence: string;
}

export function loadKnownRefusals(path: string): KnownRefusal[] {
  if (!existsSync(path)) throw new UsageError(`known QEMU refusals file not found: ${path}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(raw)) throw new UsageError(`${path}: expected a JSON array of { file, ruleId, line, reason, evidence }`);
  return raw.map((item, i) => {
    const where = `${path}: [${i}]`;
    if (typeof item !== 'object' || item === null) throw new UsageError(`${where}: expected an object`);
    const { file, ruleId, line, reason, evidence } = item as Record<string, unknown>;
    if (typeof file !== 'string' || file === '') throw new UsageError(`${where}: "file" must be a non-empty string`);
    if (typeof ruleId !== 'string' || ruleId === '') throw new UsageError(`${where}: "ruleId" must be a non-empty string`);
    if (line !== undefined && line !== null && !(Number.isInteger(line) && (line as number) > 0)) {
      throw new UsageError(`${where}: "line" must be a positive integer or null`);
    }
    if (typeof reason !== 'string' || reason.trim() === '') throw new UsageError(`${where}: "reason" must be a non-empty string`);
    if (typeof evidence !== 'string' || evidence.trim() === '') throw new UsageError(`${where}: "evidence" must be a non-empty string`);
    return { file: normalisePath(file), ruleId, line: (line as number | null | undefined) ?? null, reason, evidence };
  });
}

export function refusalMatches(refusal: KnownRefusal, file: string, ruleId: string | null, line: number): boolean {
  return refusal.file === normalisePath(file) && refusal.ruleId === ruleId && (refusal.line === null || refusal.line === line);
}

function normalisePath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}
