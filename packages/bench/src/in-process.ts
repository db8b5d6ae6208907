import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText, lintText, parseXml, resolveConfig, type RulePack } from '@pcilint/core';
import type { Dataset } from './dataset.js';

export interface StageShares {
  readonly perGuestMicros: number;
  readonly parse: number;
  readonly graph: number;
  readonly placement: number;
  readonly rules: number;
}

/**
 * The pipeline's stages as shares of one guest's lint time, in this process:
 * parse the XML; build the graph; predict placement; run the rules (what is
 * left). Medians of several passes over the set after a warm-up.
 */
export async function stageShares(data: Dataset, packNames: readonly string[], passes = 5): Promise<StageShares> {
  const packs = (await Promise.all(packNames.map((n) => import(n)))).map((m) => m.default as RulePack);
  const config = resolveConfig(packs, []);
  const texts = data.files.slice(0, 2000).map((f) => readFileSync(path.join(data.dir, f), 'utf8'));
  const time = (fn: (t: string) => void) => {
    const samples: number[] = [];
    for (let i = 0; i < passes + 1; i++) {
      const t0 = performance.now();
      for (const t of texts) fn(t);
      if (i > 0) samples.push(performance.now() - t0);
    }
    return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  };
  const parse = time((t) => parseXml(t));
  const graph = time((t) => analyzeText(t, config.settings));
  const placement = time((t) => {
    const a = analyzeText(t, config.settings);
    if (a.kind === 'analysis') void a.analysis.prediction;
  });
  const lint = time((t) => lintText(t, config, { computeFixes: false }));
  return {
    perGuestMicros: (lint / texts.length) * 1000,
    parse: parse / lint,
    graph: Math.max(0, graph - parse) / lint,
    placement: Math.max(0, placement - graph) / lint,
    rules: Math.max(0, lint - placement) / lint,
  };
}
