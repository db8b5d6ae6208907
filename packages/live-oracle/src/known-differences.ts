import { readFileSync } from 'node:fs';

export type Measure = 'verdict' | 'placement' | 'hotplug';

export interface Disagreement {
  readonly guest: string;
  readonly family: string;
  readonly measure: Measure;
  readonly detail: string;
}

export interface KnownDifference {
  readonly measure: Measure;
  readonly family: string;
  /** A regular expression the disagreement's detail must match. */
  readonly pattern: string;
  readonly class: string;
  /** What libvirt or QEMU said, recorded by this suite. */
  readonly evidence: string;
}

export interface KnownDifferences {
  /** The number of entries may never grow past this (lower it when an entry goes). */
  readonly threshold: number;
  readonly entries: readonly KnownDifference[];
}

export function loadKnownDifferences(): KnownDifferences {
  return JSON.parse(readFileSync(new URL('../known-differences.json', import.meta.url), 'utf8')) as KnownDifferences;
}

export function isKnown(known: KnownDifferences, d: Disagreement): boolean {
  return known.entries.some((e) => e.measure === d.measure && (e.family === '*' || e.family === d.family) && new RegExp(e.pattern).test(d.detail));
}
