import type { ControllerNode, DeviceGraph, PlacementPrediction } from '@pcilint/core';

/** QEMU's SPAPR_MAX_PHBS (include/hw/pci-host/spapr.h): target indexes 0-30. */
export const MAX_PHBS = 31;
export const MAX_TARGET_INDEX = MAX_PHBS - 1;

/** The model name that makes a pci-root a PHB for libvirt (virDomainControllerIsPSeriesPHB). */
export const PHB_MODEL_NAME = 'spapr-pci-host-bridge';

/** libvirt reads `<target index>` with virXMLPropInt (base 0: hex and octal too) into a C int. */
export const C_INT_MAX = 2 ** 31 - 1;

/** One PHB (pci-root controller on pseries) in libvirt's controller-array order. */
export interface PhbTarget {
  /** Controller index: the bus number addresses use. */
  readonly index: number;
  /** The written controller; null for the implicit default PHB and PHBs libvirt adds. */
  readonly controller: ControllerNode | null;
  readonly origin: 'written' | 'implicit' | 'predicted';
  /** The `<target index>` as written, when it is a number libvirt parses (a non-negative C int). */
  readonly written: number | null;
  /** libvirt chose the target itself (none written). */
  readonly auto: boolean;
  /** The target index the PHB ends with; null when libvirt finds none ("No usable target index found"). */
  readonly effective: number | null;
}

/** A `<target index>` libvirt parses, or null (no attribute, not an int, negative: a parse error). */
export function writtenTarget(controller: ControllerNode | null): number | null {
  const value = controller?.target.index?.value;
  return value === undefined || value === null || value < 0 || value > C_INT_MAX ? null : value;
}

/**
 * The PHBs of a pseries guest with the target index each ends up with, in
 * the order libvirt keeps its controller array, which is also the order of
 * the `-device spapr-pci-host-bridge` arguments (`qemuDomainSetupIsolationGroups`, `src/qemu/qemu_domain_address.c:1416`).
 *
 * libvirt's array: written controllers sorted by index (those written
 * without one after them, in document order), then the default PHB when it
 * was not written, then the PHBs libvirt adds (gap fillers, growth) by index.
 * qemuDomainAssignPCIAddresses walks that array; for each PHB it first sets
 * the model name, then, when no target is written, takes 0 for index 0 or
 * the lowest target in 1-31 that no PHB *with a model name* holds
 * (qemuDomainAddressFindNewTargetIndex). A later PHB whose target is written
 * but whose `<model name>` is not has no name yet, so its target is not seen
 * and can be handed out twice (checked with the libvirt 9.0 oracle).
 *
 * `overrides` replaces written targets (or gives one), to check a fix.
 */
export function phbTargets(graph: DeviceGraph, prediction: PlacementPrediction, overrides: ReadonlyMap<ControllerNode, number> = new Map()): PhbTarget[] {
  const phbs = prediction.controllers.filter((c) => c.model === 'pci-root');
  const documentOrder = (c: ControllerNode) => graph.controllers.indexOf(c);
  // Controllers a fix would add (written, no node yet) count as written with an index.
  const unindexed = (c: (typeof phbs)[number]) => (c.node && !c.node.indexField ? 1 : 0);
  const written = phbs
    .filter((c) => c.origin === 'written')
    .sort((a, b) => unindexed(a) - unindexed(b) || (unindexed(a) ? documentOrder(a.node!) - documentOrder(b.node!) : a.index - b.index));
  const implicit = phbs.filter((c) => c.origin === 'implicit');
  const added = phbs.filter((c) => c.origin === 'predicted').sort((a, b) => a.index - b.index);

  const entries = [...written, ...implicit, ...added].map((c) => {
    const target = c.node && overrides.has(c.node) ? overrides.get(c.node)! : writtenTarget(c.node);
    const modelName = c.node?.modelName?.value ?? null;
    return { c, target, named: modelName === PHB_MODEL_NAME, canBeNamed: modelName === null || modelName === PHB_MODEL_NAME };
  });
  const result: PhbTarget[] = [];
  for (const entry of entries) {
    // qemuDomainPCIControllerSetDefaultModelName runs before the target is chosen.
    if (entry.canBeNamed) entry.named = true;
    const auto = entry.target === null;
    if (auto) entry.target = entry.c.index === 0 ? 0 : lowestFreeTarget(entries);
    result.push({ index: entry.c.index, controller: entry.c.node, origin: entry.c.origin, written: auto ? null : entry.target, auto, effective: entry.target });
  }
  return result;
}

function lowestFreeTarget(entries: readonly { target: number | null; named: boolean }[]): number | null {
  // libvirt tries 1-31; 31 then fails validation.
  for (let target = 1; target <= MAX_PHBS; target++) {
    if (!entries.some((e) => e.named && e.target === target)) return target;
  }
  return null;
}

/** Target indexes 1-30 that no PHB holds, lowest first: what a new or corrected PHB can take. */
export function freeTargets(targets: readonly PhbTarget[]): number[] {
  const used = new Set(targets.map((t) => t.effective));
  const free: number[] = [];
  for (let target = 1; target <= MAX_TARGET_INDEX; target++) if (!used.has(target)) free.push(target);
  return free;
}
