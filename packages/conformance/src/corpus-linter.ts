import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  graphFromText,
  lintWithAnalysis,
  resolveConfig,
  type DeviceGraph,
  type LintMessage,
  type LintResult,
  type ResolvedConfig,
  type RulePack,
} from '@pcilint/core';

export type FileOutcome =
  | { readonly kind: 'linted'; readonly file: string; readonly result: LintResult; readonly graph: DeviceGraph | null }
  /** lintText (or reading the file) threw. */
  | { readonly kind: 'crashed'; readonly file: string; readonly error: string; readonly stack?: string }
  /** Listed in the manifest but not on disk. */
  | { readonly kind: 'missing'; readonly file: string };

export type GraphOutcome =
  | { readonly kind: 'graph'; readonly graph: DeviceGraph }
  /** Not on disk. */
  | { readonly kind: 'missing' }
  /** Unreadable, not well-formed, or not a libvirt <domain>. */
  | { readonly kind: 'unavailable'; readonly problem: string };

/**
 * Lints corpus files with one resolved configuration, each file at most once
 * (the metrics share the outcomes).
 */
export class CorpusLinter {
  readonly config: ResolvedConfig;
  private readonly cache = new Map<string, FileOutcome>();
  private readonly rebuilt = new Map<string, GraphOutcome>();

  constructor(
    readonly corpusDir: string,
    readonly packs: readonly RulePack[],
    settings?: Readonly<Record<string, unknown>>,
  ) {
    // No rule layers: each pack's recommended config, as a user with no config gets; settings
    // only to describe an older QEMU (recall cases that fail only with its capabilities).
    this.config = resolveConfig(packs, settings ? [{ source: 'conformance QEMU capabilities', settings }] : []);
  }

  lint(file: string): FileOutcome {
    let outcome = this.cache.get(file);
    if (!outcome) {
      outcome = this.lintUncached(file);
      this.cache.set(file, outcome);
    }
    return outcome;
  }

  /**
   * The device graph of a file: the one lintText built (the file is read and
   * parsed once for every metric). When a rule crashed lintText, the graph is
   * rebuilt without the rules, so a rule bug does not hide the file from
   * metrics that need only the graph.
   */
  graph(file: string): GraphOutcome {
    const outcome = this.lint(file);
    switch (outcome.kind) {
      case 'missing':
        return { kind: 'missing' };
      case 'linted': {
        const { result } = outcome;
        if (outcome.graph) return { kind: 'graph', graph: outcome.graph };
        if (result.skipped !== undefined) return { kind: 'unavailable', problem: `skipped: ${result.skipped}` };
        const fatal = fatalMessage(result);
        return { kind: 'unavailable', problem: fatal ? `${fatal.message} (line ${fatal.line})` : 'no device graph' };
      }
      case 'crashed': {
        let graph = this.rebuilt.get(file);
        if (!graph) {
          graph = this.buildGraph(file);
          this.rebuilt.set(file, graph);
        }
        return graph;
      }
    }
  }

  /** True when the rule only expresses a hotplug/capacity policy. */
  isHotplugPolicy(ruleId: string | null): boolean {
    if (ruleId === null) return false;
    return this.config.rules.get(ruleId)?.rule.meta.hotplugPolicy === true;
  }

  get lintedCount(): number {
    let n = 0;
    for (const outcome of this.cache.values()) if (outcome.kind !== 'missing') n++;
    return n;
  }

  private lintUncached(file: string): FileOutcome {
    const path = isAbsolute(file) ? file : join(this.corpusDir, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing', file };
      return { kind: 'crashed', file, error: `cannot read: ${error instanceof Error ? error.message : String(error)}` };
    }
    try {
      const { result, analysis } = lintWithAnalysis(text, this.config);
      return { kind: 'linted', file, result, graph: analysis?.graph ?? null };
    } catch (error) {
      return { kind: 'crashed', file, ...describe(error) };
    }
  }

  private buildGraph(file: string): GraphOutcome {
    let text: string;
    try {
      text = readFileSync(isAbsolute(file) ? file : join(this.corpusDir, file), 'utf8');
    } catch (error) {
      return { kind: 'unavailable', problem: `cannot read: ${error instanceof Error ? error.message : String(error)}` };
    }
    try {
      const built = graphFromText(text);
      if (built.kind === 'syntax-error') return { kind: 'unavailable', problem: `Parsing error: ${built.error.message}` };
      return built.kind === 'graph' ? { kind: 'graph', graph: built.graph } : { kind: 'unavailable', problem: `skipped: ${built.reason}` };
    } catch (error) {
      return { kind: 'unavailable', problem: `graph builder threw: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}

export function fatalMessage(result: LintResult): LintMessage | undefined {
  return result.messages.find((m) => m.fatal === true);
}

function describe(error: unknown): { error: string; stack?: string } {
  if (!(error instanceof Error)) return { error: String(error) };
  // lintText wraps a rule's exception; the cause's stack says where the rule failed.
  const origin = error.cause instanceof Error ? error.cause : error;
  const frames = origin.stack?.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 5).map((line) => line.trim());
  return frames && frames.length > 0 ? { error: error.message, stack: frames.join('\n') } : { error: error.message };
}
