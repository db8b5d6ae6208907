import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, type RulePack } from '@pcilint/core';
import { UsageError } from './errors.js';
import { loadCorpus } from './manifest.js';
import { PACKS } from './packs.js';
import { loadKnownRefusals } from './refusals.js';
import { runConformance } from './run.js';
import { formatReport } from './table.js';
import { loadThresholds } from './thresholds.js';

export const DEFAULT_THRESHOLDS = fileURLToPath(new URL('../thresholds.json', import.meta.url));
export const DEFAULT_REFUSALS = fileURLToPath(new URL('../known-qemu-refusals.json', import.meta.url));

export const USAGE = `Usage: npm run conformance -- <corpus-dir> [options]

Lints libvirt's test corpus (a directory with manifest.json, e.g. ../shared/corpus/libvirt-9.0.0)
with the built-in packs' recommended configs and checks parse rate, false errors, recall,
placement (predicted PCI addresses vs libvirt's latest-caps outputs) and equivalence
(PCI topology from libvirt's .args vs from its output XML, same caps) against thresholds.json.

Options:
  --json                print the report as JSON on stdout
  -v, --verbose         also list recall hits, per-rule counts, crash stacks, missing files
  --thresholds <file>   thresholds file (default: packages/conformance/thresholds.json)
  --refusals <file>     known QEMU refusals (default: packages/conformance/known-qemu-refusals.json)
  -h, --help            show this help

Exit status: 0 every metric reaches its threshold, 1 some metric is below it,
2 usage error (bad option, missing or invalid corpus), 3 internal error.
`;

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Runs the command; returns the exit status. */
export function runCli(argv: readonly string[], io: Io, packs: readonly RulePack[] = PACKS): number {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        allowPositionals: true,
        strict: true,
        options: {
          json: { type: 'boolean', default: false },
          verbose: { type: 'boolean', short: 'v', default: false },
          thresholds: { type: 'string' },
          refusals: { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('missing the corpus directory (e.g. ../shared/corpus/libvirt-9.0.0)');
    if (positionals.length > 1) throw new UsageError(`expected one corpus directory, got ${positionals.length}: ${positionals.join(' ')}`);
    const thresholds = loadThresholds(values.thresholds ?? DEFAULT_THRESHOLDS);
    const refusals = loadKnownRefusals(values.refusals ?? DEFAULT_REFUSALS);
    const corpus = loadCorpus(positionals[0]);
    const report = runConformance({ corpus, packs, thresholds, refusals });
    io.stdout(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report, { verbose: values.verbose }));
    return report.exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`pcilint conformance: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr(`pcilint conformance: invalid pack configuration: ${error.message}\n`);
      return 2;
    }
    io.stderr(`pcilint conformance: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 3;
  }
}
