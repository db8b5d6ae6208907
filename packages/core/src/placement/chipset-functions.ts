import type { DeviceGraph } from '../ir/graph.js';
import type { PlacementPrediction } from './predict.js';
import type { SlotAddress } from './items.js';

/**
 * A PCI function on bus 0 that the machine itself provides: no element
 * describes it, yet it takes the address, so a finding about that address
 * (libvirt's "Attempted double use of PCI Address 0000:00:01.1") has to have
 * something to point at in the picture.
 */
export interface ChipsetFunction {
  readonly label: string;
  readonly address: SlotAddress;
  /** libvirt keeps the address free although the machine puts nothing there. */
  readonly reserved: boolean;
}

/**
 * The built-in functions of the root bus (QEMU's hw/i386/pc_q35.c, hw/i386/pc_piix.c, hw/pci-host/gpex.c). Functions that a
 * device of the prediction already stands for (SATA 0 at 00:1f.2, PIIX3 USB
 * at 00:01.2, a written IDE controller 0 at 00:01.1) are left to that device.
 */
export function chipsetFunctions(graph: DeviceGraph, prediction: PlacementPrediction): ChipsetFunction[] {
  const root = prediction.controllers.find((c) => c.index === 0);
  if (!root) return [];
  const at = (slot: number, fn: number) => ({ bus: 0, slot, fn });
  const builtIn = (label: string, slot: number, fn: number): ChipsetFunction => ({ label, address: at(slot, fn), reserved: false });
  const { family } = graph.machine;
  if (family === 'q35' && root.model === 'pcie-root') {
    return [
      builtIn('host bridge (mch)', 0, 0),
      builtIn('ISA/LPC bridge (ICH9-LPC)', 0x1f, 0),
      builtIn('SMBus (ICH9-SMB)', 0x1f, 3),
    ];
  }
  if (family === 'i440fx' && root.model === 'pci-root') {
    const functions = [builtIn('host bridge (i440FX)', 0, 0), builtIn('ISA bridge (PIIX3)', 1, 0)];
    // QEMU creates piix3-ide whether or not the XML has an IDE controller; libvirt's implicit one is the same function.
    const ide = prediction.devices.some((d) => d.item.controllerType === 'ide' && d.item.controllerIndex === 0 && d.address?.bus === 0 && d.address.slot === 1 && d.address.fn === 1);
    if (!ide) functions.push(builtIn('IDE controller (piix3-ide)', 1, 1));
    // libvirt reserves 00:01.3 even without <acpi/>, where QEMU leaves it empty.
    functions.push(graph.machine.acpi
      ? builtIn('ACPI power management (PIIX4_PM)', 1, 3)
      : { label: 'PIIX4_PM (no ACPI)', address: at(1, 3), reserved: true });
    return functions;
  }
  if (family === 'virt' && root.model === 'pcie-root') return [builtIn('host bridge (gpex-root)', 0, 0)];
  return [];
}
