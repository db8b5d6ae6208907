import type { Viz } from '@viz-js/viz';

let viz: Promise<Viz> | undefined;

/**
 * Graphviz source to SVG with Graphviz itself, compiled to WebAssembly
 * (@viz-js/viz): no system Graphviz, no browser. The instance is made once
 * per process (it compiles the module) and reused for every picture.
 */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  const result = (await viz).render(dot, { format: 'svg', engine: 'dot' });
  // Graphviz draws past some errors (a bad label is left out): the DOT is ours, so any error is a bug.
  const errors = result.errors.filter((e) => e.level !== 'warning');
  if (result.status !== 'success' || errors.length > 0) {
    throw new Error(`Graphviz could not draw the topology: ${(errors.length ? errors : result.errors).map((e) => e.message).join(' ')}`);
  }
  return result.output;
}

/** The `<svg>` element alone, for inlining into HTML (no XML declaration, doctype or comments before it). */
export function inlineSvg(svg: string): string {
  return svg.slice(svg.indexOf('<svg'));
}
