import type { ConnectType } from '../catalog/connect.js';
import { formatPciAddress } from '../frontends/numbers.js';
import type { Bus, ControllerNode, DeviceGraph, DeviceNode, GraphNode, PciAddress } from './graph.js';

/** A node with a usable explicit PCI address (not empty, all numbers parsed). */
export interface Placement {
  readonly node: GraphNode;
  readonly address: PciAddress;
  readonly domain: number;
  readonly bus: number;
  readonly slot: number;
  readonly function: number;
}

/** Every node whose `<address type='pci'>` is explicit and numeric, in document order. */
export function explicitPlacements(graph: DeviceGraph): Placement[] {
  const result: Placement[] = [];
  for (const node of allNodes(graph)) {
    const a = node.address;
    if (!a || a.empty) continue;
    const domain = a.domain ? a.domain.value : 0;
    const bus = a.bus ? a.bus.value : 0;
    const slot = a.slot ? a.slot.value : 0;
    const fn = a.function ? a.function.value : 0;
    if (domain === null || bus === null || slot === null || fn === null) continue;
    result.push({ node, address: a, domain, bus, slot, function: fn });
  }
  return result;
}

/** Controllers first (document order), then devices: the order rules report in. */
export function allNodes(graph: DeviceGraph): GraphNode[] {
  return [...graph.controllers, ...graph.devices];
}

export function placementLabel(p: Placement): string {
  return formatPciAddress(p.domain, p.bus, p.slot, p.function);
}

/** Human name of a node for messages: "pcie-root-port index 3", "interface (virtio)". */
export function nodeLabel(node: GraphNode): string {
  if (node.kind === 'controller') return `${node.modelText ?? 'pci'} controller${node.index !== null ? ` index ${node.index}` : ''}`;
  return node.label;
}

/**
 * The connect types a node offers upstream for an explicit address (brief
 * §2.1, §4.3): endpoints follow the machine (Express only on pcie-root
 * machines); controllers plug as their own type, and a pci-bridge also
 * counts as a PCI endpoint (libvirt's relaxation for explicit addresses).
 */
export function offeredTypes(graph: DeviceGraph, node: GraphNode): ConnectType[] {
  if (node.kind === 'controller') {
    const plugs = node.info?.plugsAs;
    if (!plugs) return [];
    return plugs === 'pci-bridge' ? ['pci-bridge', 'pci-endpoint'] : [plugs];
  }
  return deviceTypes(graph, node);
}

export function deviceTypes(graph: DeviceGraph, device: DeviceNode): ConnectType[] {
  const express = graph.machine.expectedRoot === 'pcie-root';
  switch (device.connect) {
    case 'pci':
      return ['pci-endpoint'];
    case 'pcie':
    case 'either':
    case 'integrated':
      return [express ? 'pcie-endpoint' : 'pci-endpoint'];
    case 'none':
      // libvirt treats a non-PCI device that has a PCI address as a PCI endpoint.
      return ['pci-endpoint'];
  }
}

/**
 * Whether the bus accepts the node at an explicit address: the relaxed rule
 * of brief §4.3 (a bus that takes either endpoint type takes both).
 */
export function busAcceptsExplicit(bus: Bus, offered: readonly ConnectType[]): boolean {
  const accepts = new Set(bus.accepts);
  if (accepts.has('pci-endpoint') || accepts.has('pcie-endpoint')) {
    accepts.add('pci-endpoint');
    accepts.add('pcie-endpoint');
  }
  return offered.some((t) => accepts.has(t));
}

/** Placements whose bus is the given controller index. */
export function placementsOnBus(placements: readonly Placement[], index: number): Placement[] {
  return placements.filter((p) => p.bus === index);
}

/** The controller providing bus `index`, if any. */
export function controllerAt(graph: DeviceGraph, index: number): ControllerNode | undefined {
  return graph.buses.get(index)?.controller;
}
