import type { PciControllerModel } from './controllers.js';

export type MachineFamily = 'q35' | 'i440fx' | 'pseries' | 'virt' | 's390-ccw' | 'other';

export const MACHINE_FAMILIES: readonly MachineFamily[] = ['q35', 'i440fx', 'pseries', 'virt', 's390-ccw', 'other'];

const X86 = new Set(['x86_64', 'i686', 'i386']);
const ARM = new Set(['aarch64', 'armv7l', 'armv6l']);
const RISCV = new Set(['riscv64', 'riscv32']);
const PPC64 = new Set(['ppc64', 'ppc64le']);

/**
 * Machine family as libvirt recognises it (`qemuDomainDefAddDefaultDevices`, `src/qemu/qemu_domain.c:3985`,
 * src/qemu/qemu_domain.c:8649 onward).
 */
export function machineFamily(arch: string, machine: string): MachineFamily {
  if (X86.has(arch)) {
    if (machine === 'q35' || machine.startsWith('pc-q35-')) return 'q35';
    if (machine === 'pc' || /^pc-(i440fx-|0\.|1\.)/.test(machine) || machine.startsWith('rhel')) return 'i440fx';
    return 'other';
  }
  if (PPC64.has(arch) && (machine === 'pseries' || machine.startsWith('pseries-'))) return 'pseries';
  if ((ARM.has(arch) || RISCV.has(arch)) && (machine === 'virt' || machine.startsWith('virt-'))) return 'virt';
  if (arch === 's390x' && machine.startsWith('s390-ccw')) return 's390-ccw';
  return 'other';
}

/**
 * The machine libvirt picks when `<type machine>` is absent. For x86 this is
 * QEMU's default `pc` alias; for the others the usual default of the binary.
 */
export function defaultMachine(arch: string): string {
  if (X86.has(arch)) return 'pc';
  if (PPC64.has(arch)) return 'pseries';
  if (ARM.has(arch) || RISCV.has(arch)) return 'virt';
  if (arch === 's390x') return 's390-ccw-virtio';
  return 'unknown';
}

/** The root controller libvirt adds at index 0 (qemuDomainDefAddDefaultDevices). */
export function rootModelFor(family: MachineFamily): PciControllerModel {
  return family === 'q35' || family === 'virt' ? 'pcie-root' : 'pci-root';
}

export interface ReservedFunction {
  readonly slot: number;
  readonly function: number;
  /** What occupies it, for messages. */
  readonly occupant: string;
  /**
   * The libvirt controller that may (and must) sit there, when the function
   * belongs to one (SATA 0 on q35, IDE 0 and PIIX3 USB 0 on i440fx).
   */
  readonly owner?: { readonly controllerType: string; readonly index: number };
}

/**
 * Functions on bus 0 that the chipset occupies (qemuDomainValidateDevicePCISlotsQ35
 * and qemuDomainValidateDevicePCISlotsPIIX3, src/qemu/qemu_domain_address.c:1865, :1755). QEMU creates piix3-ide at 00:01.1 even when the XML
 * has no IDE controller, and libvirt always adds SATA 0 on q35.
 */
export function chipsetFunctions(family: MachineFamily): readonly ReservedFunction[] {
  switch (family) {
    case 'q35':
      return [
        { slot: 0x1f, function: 0, occupant: 'the ICH9 LPC/ISA bridge' },
        { slot: 0x1f, function: 2, occupant: 'the primary SATA controller', owner: { controllerType: 'sata', index: 0 } },
        { slot: 0x1f, function: 3, occupant: 'the ICH9 SMBus controller' },
      ];
    case 'i440fx':
      return [
        { slot: 1, function: 0, occupant: 'the PIIX3 ISA bridge' },
        { slot: 1, function: 1, occupant: 'the PIIX3 IDE controller', owner: { controllerType: 'ide', index: 0 } },
        { slot: 1, function: 3, occupant: 'the PIIX4 ACPI/SMBus controller' },
      ];
    default:
      return [];
  }
}

/** Whether the machine's x86 IO port space (64 KiB, shared) applies (QEMU docs/pcie.txt §3; pseries PHBs have their own windows). */
export function hasSharedIoSpace(family: MachineFamily): boolean {
  return family === 'q35' || family === 'i440fx';
}
