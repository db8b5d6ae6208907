import type { PciControllerModel } from '../../catalog/controllers.js';

/**
 * Which functions of which slots are taken on each bus, in the order QEMU
 * realizes devices; answers QEMU's automatic address choice.
 */
export class SlotOccupancy {
  private readonly buses = new Map<number, Map<number, Set<number>>>();

  take(bus: number, slot: number, fn: number): void {
    let slots = this.buses.get(bus);
    if (!slots) this.buses.set(bus, (slots = new Map()));
    let fns = slots.get(slot);
    if (!fns) slots.set(slot, (fns = new Set()));
    fns.add(fn);
  }

  isTaken(bus: number, slot: number, fn: number): boolean {
    return this.buses.get(bus)?.get(slot)?.has(fn) ?? false;
  }

  /**
   * QEMU's choice for a device without `addr=` (hw/pci/pci.c,
   * do_pci_register_device): the first slot from the bus's lowest devfn
   * whose function 0 is free; the other functions are not looked at.
   * Null when the bus is full ("no slot/function available").
   */
  firstFreeSlot(bus: number, firstSlot: number, lastSlot: number): number | null {
    for (let slot = firstSlot; slot <= lastSlot; slot++) if (!this.isTaken(bus, slot, 0)) return slot;
    return null;
  }
}

/**
 * The slots QEMU's automatic addressing considers on a bus provided by each
 * controller model. PCIe ports have a single slot; everything else scans all
 * 32 slots from 0 (bus->devfn_min is 0 for every bus pcilint models).
 */
export function autoSlotRange(model: PciControllerModel): { first: number; last: number } {
  switch (model) {
    case 'pcie-root-port':
    case 'pcie-switch-downstream-port':
      return { first: 0, last: 0 };
    default:
      return { first: 0, last: 31 };
  }
}
