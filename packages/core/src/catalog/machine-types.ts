import { ownEntry } from './own-entry.js';
/**
 * Which machine types QEMU knows, so an unknown one gets one diagnostic
 * (libvirt refuses it at define: qemuValidateDomainDef, "Emulator '%s' does
 * not support machine type '%s'") instead of rules guessing at its buses.
 * Names from `qemu-system-{x86_64,aarch64,ppc64} -machine help` of QEMU 7.2
 * (Debian 1:7.2+dfsg-7); versioned names by pattern, so a newer QEMU's
 * `pc-q35-9.0` is known too. Arches listed in libvirt's virArch table
 * (src/util/virarch.c) but absent here are not judged: pcilint has no
 * catalog for them.
 */

/** How far pcilint knows a guest's machine. */
export type MachineRecognition =
  /** A machine type QEMU has for the arch: every rule applies. */
  | 'known'
  /** The arch is catalogued and the type is not one of it: libvirt refuses the guest. */
  | 'unknown-machine'
  /** libvirt has no such arch ("Unknown architecture"). */
  | 'unknown-arch'
  /** A real arch pcilint has no machine catalog for (mips, sparc...). */
  | 'uncatalogued-arch';

const X86 = {
  names: ['pc', 'q35', 'isapc', 'microvm', 'none', 'x-remote'],
  // pc-i440fx-*, pc-q35-*, old pc-0.x/pc-1.x aliases, RHEL's pc-*-rhelX.Y.Z
  versioned: /^(pc-(i440fx|q35)-(\d+\.\d+(\.\d+)?|rhel[\d.]+)|pc-[01]\.\d+|rhel[\d.]+)$/,
};

const ARM = {
  names: [
    'virt', 'sbsa-ref', 'none', 'akita', 'ast1030-evb', 'ast2500-evb', 'ast2600-evb', 'bletchley-bmc', 'borzoi', 'canon-a1100', 'cheetah',
    'collie', 'connex', 'cubieboard', 'emcraft-sf2', 'fby35-bmc', 'fby35', 'fp5280g2-bmc', 'fuji-bmc', 'g220a-bmc', 'highbank', 'imx25-pdk',
    'integratorcp', 'kudo-bmc', 'kzm', 'lm3s6965evb', 'lm3s811evb', 'mainstone', 'mcimx6ul-evk', 'mcimx7d-sabre', 'microbit', 'midway',
    'mori-bmc', 'mps2-an385', 'mps2-an386', 'mps2-an500', 'mps2-an505', 'mps2-an511', 'mps2-an521', 'mps3-an524', 'mps3-an547', 'musca-a',
    'musca-b1', 'musicpal', 'n800', 'n810', 'netduino2', 'netduinoplus2', 'npcm750-evb', 'nuri', 'orangepi-pc', 'palmetto-bmc',
    'qcom-dc-scm-v1-bmc', 'qcom-firework-bmc', 'quanta-gbs-bmc', 'quanta-gsj', 'quanta-q71l-bmc', 'rainier-bmc', 'raspi0', 'raspi1ap',
    'raspi2b', 'raspi3ap', 'raspi3b', 'realview-eb', 'realview-eb-mpcore', 'realview-pb-a8', 'realview-pbx-a9', 'romulus-bmc', 'sabrelite',
    'smdkc210', 'sonorapass-bmc', 'spitz', 'stm32vldiscovery', 'supermicrox11-bmc', 'sx1', 'sx1-v1', 'tacoma-bmc', 'terrier', 'tosa',
    'verdex', 'versatileab', 'versatilepb', 'vexpress-a15', 'vexpress-a9', 'witherspoon-bmc', 'xilinx-zynq-a9', 'xlnx-versal-virt',
    'xlnx-zcu102', 'z2',
  ],
  versioned: /^virt-\d+\.\d+$/,
};

const PPC64 = {
  names: [
    'pseries', 'powernv', 'powernv8', 'powernv9', 'powernv10', '40p', 'bamboo', 'g3beige', 'mac99', 'mpc8544ds', 'none', 'pegasos2',
    'ppce500', 'ref405ep', 'sam460ex', 'virtex-ml507',
  ],
  versioned: /^pseries-\d+\.\d+(-sxxm)?$/,
};

// Not installed on the machines the catalog was read on: QEMU 7.2's documented lists.
const RISCV = {
  names: ['virt', 'spike', 'sifive_u', 'sifive_e', 'microchip-icicle-kit', 'shakti_c', 'opentitan', 'none'],
  versioned: /^$/,
};
const S390X = { names: ['s390-ccw-virtio', 'none'], versioned: /^s390-ccw-virtio-\d+\.\d+$/ };

const CATALOG: Readonly<Record<string, { readonly names: readonly string[]; readonly versioned: RegExp }>> = {
  x86_64: X86,
  i686: X86,
  aarch64: ARM,
  armv7l: ARM,
  armv6l: ARM,
  ppc64: PPC64,
  ppc64le: PPC64,
  riscv64: RISCV,
  riscv32: RISCV,
  s390x: S390X,
};

/** libvirt's architectures (src/util/virarch.c virArchData), for "Unknown architecture". */
const LIBVIRT_ARCHES = new Set([
  'none', 'alpha', 'armv6l', 'armv7l', 'armv7b', 'aarch64', 'cris', 'i686', 'ia64', 'lm32', 'loongarch64', 'm68k', 'microblaze',
  'microblazeel', 'mips', 'mipsel', 'mips64', 'mips64el', 'openrisc', 'parisc', 'parisc64', 'ppc', 'ppcle', 'ppc64', 'ppc64le',
  'ppcemb', 'riscv32', 'riscv64', 's390', 's390x', 'sh4', 'sh4eb', 'sparc', 'sparc64', 'unicore32', 'x86_64', 'xtensa', 'xtensaeb',
]);

export function machineRecognition(arch: string, machine: string): MachineRecognition {
  const catalog = ownEntry(CATALOG, arch);
  if (!catalog) return LIBVIRT_ARCHES.has(arch) ? 'uncatalogued-arch' : 'unknown-arch';
  return catalog.names.includes(machine) || catalog.versioned.test(machine) ? 'known' : 'unknown-machine';
}
