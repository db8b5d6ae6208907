import type { GraphNode } from './graph.js';

/**
 * How a rule message names a node: `pcie-root-port index 2`, `disk 'vda'`.
 * Shorter than nodeLabel's `pcie-root-port controller index 2` (the model
 * already says it is a controller), so a message that names two nodes still
 * fits one terminal line; the same form `pcilint topology` prints.
 */
export function messageLabel(node: GraphNode): string {
  if (node.kind === 'controller') return `${node.modelText ?? 'pci controller'}${node.index !== null ? ` index ${node.index}` : ''}`;
  return node.label;
}
