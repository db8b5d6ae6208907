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
  if (result.status !== 'success') {
    throw new Error(`Graphviz could not draw the topology: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.output;
}

/** The `<svg>` element alone, for inlining into HTML (no XML declaration, doctype or comments before it). */
export function inlineSvg(svg: string): string {
  return svg.slice(svg.indexOf('<svg'));
}
