import { graphFromText, sourceLanguageOf, type SourceLanguage } from '../frontends/graph-from-text.js';
import type { DeviceGraph } from '../ir/graph.js';
import { hostExpressFromSettings, isolationGroupsFromSettings, predictPlacement, type AddedController, type PlacementPrediction } from '../placement/predict.js';
import { LineIndex } from '../syntax/source.js';
import type { Settings } from './settings.js';
import type { TimingCollector } from './timings.js';

/**
 * Everything pcilint derives from one file under one set of settings,
 * computed once and lazily: the graph, and libvirt's placement predicted
 * with the file's QEMU capabilities and host-device isolation groups. The
 * linter, every rule, the fixer and `pcilint topology` read this one object,
 * so a lint, a fix and a topology of a file never disagree.
 */
export interface FileAnalysis {
  readonly text: string;
  readonly language: SourceLanguage;
  readonly lines: LineIndex;
  readonly graph: DeviceGraph;
  readonly settings: Settings;
  /** libvirt's placement of the file as written (first use computes it). */
  readonly prediction: PlacementPrediction;
  /** The placement if these controllers were written too: how a fix sizes itself. */
  predictWith(added: readonly AddedController[]): PlacementPrediction;
}

export type AnalysisResult =
  | { readonly kind: 'analysis'; readonly analysis: FileAnalysis }
  | { readonly kind: 'skipped'; readonly reason: string; readonly language: SourceLanguage }
  | { readonly kind: 'syntax-error'; readonly language: SourceLanguage; readonly error: { readonly message: string; readonly offset: number } };

/** `timings`, when given, collects the parse, graph and placement stages (pcilint --stats). */
export function analyzeText(text: string, settings: Settings, language: SourceLanguage = sourceLanguageOf(text), timings?: TimingCollector): AnalysisResult {
  const built = graphFromText(text, language, timings);
  if (built.kind === 'syntax-error') return built;
  if (built.kind === 'skipped') return { kind: 'skipped', reason: built.reason, language };
  return { kind: 'analysis', analysis: fileAnalysis(text, built.graph, settings, timings) };
}

function fileAnalysis(text: string, graph: DeviceGraph, settings: Settings, timings: TimingCollector | undefined): FileAnalysis {
  const isolation = isolationGroupsFromSettings(settings.hostdevs);
  const express = hostExpressFromSettings(settings.hostdevs);
  const predict = (added: readonly AddedController[]) => predictPlacement(graph, settings.caps, added, isolation, express);
  const predictWith = timings ? (added: readonly AddedController[]) => timings.time('placement', () => predict(added)) : predict;
  return new LazyFileAnalysis(text, graph, settings, predictWith);
}

/**
 * A class, not an object literal with getters: such a literal is a dictionary-mode object, and V8's
 * young-generation collections kept everything one referenced (the file's graph and tree) alive, so a
 * fleet run promoted every file to the old generation. Measured: 200,000 literals with a getter over 50
 * small objects each promoted 181 MB in scavenges, the same as a class 0.1 MB (`node --trace-gc-nvp`).
 */
class LazyFileAnalysis implements FileAnalysis {
  readonly language: SourceLanguage;
  #lines: LineIndex | undefined;
  #prediction: PlacementPrediction | undefined;

  constructor(
    readonly text: string,
    readonly graph: DeviceGraph,
    readonly settings: Settings,
    readonly predictWith: (added: readonly AddedController[]) => PlacementPrediction,
  ) {
    this.language = graph.source;
  }

  get lines(): LineIndex {
    return (this.#lines ??= new LineIndex(this.text));
  }

  get prediction(): PlacementPrediction {
    return (this.#prediction ??= this.predictWith([]));
  }
}
