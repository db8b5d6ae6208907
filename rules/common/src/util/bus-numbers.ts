import { minOf } from '@pcilint/core';
/**
 * Guest bus numbers and pci(e)-expander-bus `busNr` (QEMU `docs/pcie.txt` §4). Shared by common/expander-busnr and
 * common/bus-number-budget.
 */
import type { ControllerNode, DeviceGraph, PciControllerModel, PlacementPrediction } from '@pcilint/core';

export type ExpanderModel = 'pci-expander-bus' | 'pcie-expander-bus';

export interface ExpanderBusNr {
  readonly controller: ControllerNode & { readonly index: number; readonly model: ExpanderModel };
  /** The written busNr, or the one libvirt assigns; null when libvirt cannot assign one. */
  readonly busNr: number | null;
  readonly written: boolean;
}

function isExpander(model: PciControllerModel | null): model is ExpanderModel {
  return model === 'pci-expander-bus' || model === 'pcie-expander-bus';
}

/**
 * Whether libvirt lets this expander model exist on the machine at all
 * (pxb on i440fx, pxb-pcie on q35 and virt: `virDomainPCIAddressBusSetModel`, `src/conf/domain_addr.c:479`); elsewhere other
 * rules report the controller and its busNr is moot.
 */
function expanderAllowed(graph: DeviceGraph, model: ExpanderModel): boolean {
  const family = graph.machine.family;
  if (model === 'pci-expander-bus') return family === 'i440fx' && graph.root?.model === 'pci-root';
  return (family === 'q35' || family === 'virt') && graph.root?.model === 'pcie-root';
}

/**
 * The written expanders with their effective busNr, in index order (the
 * order of libvirt's controller array). A missing busNr becomes the lowest
 * busNr of any PCI controller (256 if none) minus 2, one expander after the
 * other; when that lowest is 2 or less libvirt fails
 * (qemuDomainAddressFindNewBusNr, src/qemu/qemu_domain_address.c:2534;
 * oracle: two unnumbered pxbs get 254 and 252). Expanders with an
 * unparsable busNr are left out: libvirt refuses that text first.
 */
export function expanderBusNrs(graph: DeviceGraph): ExpanderBusNr[] {
  const seen = new Set<number>();
  const expanders: ExpanderBusNr['controller'][] = [];
  for (const c of graph.controllers) {
    if (c.origin !== 'written' || c.index === null || !isExpander(c.model) || seen.has(c.index)) continue;
    if (c.target.busNr && c.target.busNr.value === null) continue;
    if (!expanderAllowed(graph, c.model)) continue;
    seen.add(c.index);
    expanders.push(c as ExpanderBusNr['controller']);
  }
  expanders.sort((a, b) => a.index - b.index);
  const values = expanders.map((c) => c.target.busNr?.value ?? null);
  return expanders.map((controller, i) => {
    if (values[i] !== null) return { controller, busNr: values[i], written: true };
    const lowest = minOf(values.filter((v): v is number => v !== null), 256);
    const busNr = lowest <= 2 ? null : lowest - 2;
    values[i] = busNr;
    return { controller, busNr, written: false };
  });
}

/** The bus numbers one root's hierarchy needs from the firmware's depth-first numbering. */
export interface BusNumberDemand {
  /** Bus 0 and everything below it that is not behind an expander. */
  readonly main: number;
  /** Per expander index: its own root bus, pxb's internal bridge, and every bridge or port below it. */
  readonly byExpander: ReadonlyMap<number, number>;
  /** Per expander index: how many bridges and ports sit below it. */
  readonly below: ReadonlyMap<number, number>;
}

/**
 * Counts bus numbers on the predicted topology (libvirt's added root ports
 * and bridges included): every root port, switch port, pci-bridge,
 * pcie-to-pci-bridge and dmi-to-pci-bridge takes one, a pxb two (its root
 * bus and its internal pci-bridge), a pxb-pcie one.
 */
export function busNumberDemand(prediction: PlacementPrediction): BusNumberDemand {
  const parentOf = new Map<number, number>();
  const modelOf = new Map<number, PciControllerModel>();
  for (const c of prediction.controllers) {
    modelOf.set(c.index, c.model);
    if (c.address) parentOf.set(c.index, c.address.bus);
  }
  let main = 1;
  const byExpander = new Map<number, number>();
  const below = new Map<number, number>();
  for (const c of prediction.controllers) {
    if (c.model === 'pci-root' || c.model === 'pcie-root') continue;
    if (isExpander(c.model)) {
      byExpander.set(c.index, (byExpander.get(c.index) ?? 0) + (c.model === 'pci-expander-bus' ? 2 : 1));
      continue;
    }
    const owner = owningExpander(c.index, parentOf, modelOf);
    if (owner === undefined) continue;
    if (owner === null) main++;
    else {
      byExpander.set(owner, (byExpander.get(owner) ?? 0) + 1);
      below.set(owner, (below.get(owner) ?? 0) + 1);
    }
  }
  return { main, byExpander, below };
}

/**
 * The expander whose hierarchy holds the controller, null for bus 0's,
 * undefined when its address chain is broken (no address, a loop).
 */
function owningExpander(index: number, parentOf: ReadonlyMap<number, number>, modelOf: ReadonlyMap<number, PciControllerModel>): number | null | undefined {
  let current = index;
  for (let hops = 0; hops < 256; hops++) {
    const parent = parentOf.get(current);
    if (parent === undefined) return undefined;
    if (parent === 0) return null;
    const model = modelOf.get(parent);
    if (model === undefined) return undefined;
    if (isExpander(model)) return parent;
    current = parent;
  }
  return undefined;
}
