import type { DeviceGraph, GraphNode, PciAddress } from '../ir/graph.js';
import type { Span } from '../syntax/source.js';
import type { TopologyAddress } from './topology.js';

/** Where in the topology picture one finding belongs. */
export interface FindingAnchor {
  /** `path` of the controller or device whose element holds the finding (the innermost, ties all). */
  readonly paths: readonly string[];
  /** The PCI function named by the `<address>` the finding points into, when it names one. */
  readonly address: TopologyAddress | null;
}

const within = (span: Span, offset: number) => span.start <= offset && offset < span.end;

/**
 * Anchors findings (by their source range) to the elements of the topology:
 * a finding inside a device's element marks that device, and one inside its
 * `<address>` also marks the function it names, so what else sits there (a
 * PIIX3 function, a second device) is marked too. A finding outside every
 * device (the machine type, `</devices>`) anchors to nothing: the guest.
 */
export function anchorFindings(graph: DeviceGraph, findings: readonly { readonly range: readonly [number, number] }[]): FindingAnchor[] {
  const nodes: GraphNode[] = [...graph.controllers, ...graph.devices].filter((n) => n.element !== null && n.path !== null);
  return findings.map(({ range: [offset] }) => {
    let innermost: GraphNode[] = [];
    let size = Infinity;
    for (const node of nodes) {
      const span = node.element!.span;
      if (!within(span, offset)) continue;
      const length = span.end - span.start;
      if (length < size) {
        innermost = [node];
        size = length;
      } else if (length === size) innermost.push(node);
    }
    const address = innermost.map((n) => n.address).find((a): a is PciAddress => a !== null && within(a.element.span, offset));
    return { paths: [...new Set(innermost.map((n) => n.path!))], address: address ? functionOf(address) : null };
  });
}

function functionOf(address: PciAddress): TopologyAddress | null {
  const domain = address.domain?.value ?? 0;
  const bus = address.bus?.value ?? 0;
  const slot = address.slot?.value ?? null;
  const fn = address.function?.value ?? 0;
  // An empty address asks libvirt to choose: it names no function.
  if (address.empty || slot === null) return null;
  return { domain, bus, slot, function: fn };
}
