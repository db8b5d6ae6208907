/**
 * Which machines libvirt 9.0 gives a PCI bus. The graph front-end adds an
 * implicit root to every domain; libvirt does not (qemuDomainDefAddDefaultDevices,
 * src/qemu/qemu_domain.c:3985, and qemuDomainSupportsPCI, :8891). Candidate
 * for @pcilint/core (the front-end should not add a root on these machines).
 */
import type { Machine } from '@pcilint/core';

const X86 = new Set(['i686', 'x86_64']);
const ARM = new Set(['armv6l', 'armv7l', 'armv7b', 'aarch64']);
const RISCV = new Set(['riscv32', 'riscv64']);
const MIPS = new Set(['mips', 'mipsel', 'mips64', 'mips64el']);
/** Arches where libvirt always adds a pci-root (s390x assumes QEMU's zpci device, present on every s390x QEMU libvirt 9.0 supports). */
const ALWAYS_PCI = new Set(['ppc64', 'ppc64le', 'ppc', 'ppcemb', 'alpha', 'sh4', 'sh4eb', 'sparc64', 's390', 's390x', 'loongarch64']);

const isVirt = (machine: string) => machine === 'virt' || machine.startsWith('virt-');

/**
 * libvirt adds a PCI root controller for the machine. False for x86 isapc
 * and microvm, ARM machines other than virt (versatilepb included, despite
 * its PCI bus), RISC-V machines other than virt, MIPS machines other than
 * malta, and arches libvirt knows no PCI for. Oracle: isapc, microvm,
 * armv7l vexpress-a9, versatilepb and realview-eb, aarch64 sbsa-ref and
 * versatilepb refuse a PCI address with "No PCI buses available".
 */
export function libvirtAddsPciRoot(machine: Machine): boolean {
  const { arch, type } = machine;
  if (X86.has(arch)) return type !== 'isapc' && type !== 'microvm';
  if (ARM.has(arch)) return isVirt(type);
  if (RISCV.has(arch)) return isVirt(type);
  if (MIPS.has(arch)) return type === 'malta';
  return ALWAYS_PCI.has(arch);
}

/**
 * libvirt assigns PCI addresses on this machine even without a PCI root
 * (qemuDomainSupportsPCI: every arch but ARM and RISC-V, and ARM
 * versatilepb), so an unaddressed PCI device or an empty
 * `<address type='pci'/>` fails at define. Elsewhere libvirt leaves them
 * alone. Oracle: versatilepb refuses an unaddressed virtio NIC, realview-eb
 * and vexpress-a9 accept it; vexpress-a9 keeps an empty PCI address.
 */
export function libvirtAutoAssignsPci(machine: Machine): boolean {
  if (ARM.has(machine.arch)) return machine.type === 'versatilepb';
  return !RISCV.has(machine.arch);
}

/**
 * ARM QEMU binaries have no PIIX4 power-management device, so libvirt's probe
 * never finds its `acpi-root-pci-hotplug` property there (oracle: `hotplug` on
 * the pci-root of an aarch64 versatilepb guest is refused).
 */
export function isArmArch(arch: string): boolean {
  return ARM.has(arch);
}

export function isX86Arch(arch: string): boolean {
  return X86.has(arch);
}

export function isS390Arch(arch: string): boolean {
  return arch === 's390' || arch === 's390x';
}
