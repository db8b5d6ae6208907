import type { DeviceGraph, GraphNode } from './graph.js';

/**
 * How a rule message names a node. For libvirt XML: `pcie-root-port index 2`,
 * `disk 'vda'` (shorter than nodeLabel's `pcie-root-port controller index 2`,
 * so a message naming two nodes still fits one terminal line; the form
 * `pcilint topology` prints). For a QEMU command line, with the graph: the
 * -device's driver and id as written, `pcie-root-port 'pci.2'`, since a
 * command line has no controller indexes or <disk> targets to point at.
 */
export function messageLabel(node: GraphNode, graph?: DeviceGraph): string {
  const written = graph ? commandLineLabel(node, graph) : null;
  if (written) return written;
  if (node.kind === 'controller') return `${node.modelText ?? 'pci controller'}${node.index !== null ? ` index ${node.index}` : ''}`;
  return node.label;
}

/** `driver 'id'` of the -device the node was built from (its element spans the -device value), or null. */
function commandLineLabel(node: GraphNode, graph: DeviceGraph): string | null {
  const layout = graph.commandLine;
  if (!layout || !node.element) return null;
  const start = node.element.span.start;
  const device = layout.devices.find((d) => layout.words[d.optionWord + 1]?.start === start);
  if (!device) return null;
  return device.id ? `${device.driver} '${device.id}'` : `-device ${device.driver}`;
}
