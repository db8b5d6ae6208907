/**
 * A seeded generator of realistic guests for the live oracle: the same seed always
 * gives the same XML (the differential suite relies on it to reproduce a finding).
 */

export type Family = 'q35' | 'i440fx' | 'pseries' | 'virt';
export const families: readonly Family[] = ['q35', 'i440fx', 'pseries', 'virt'];

export interface GeneratedGuest {
  readonly id: string;
  readonly family: Family;
  readonly arch: string;
  readonly xml: string;
  /** What was planted, or null for a guest meant to be valid. */
  readonly plantedMistake: string | null;
  /** Hostdevs cannot start on a CI machine (no such host device): define-only. */
  readonly startable: boolean;
}

/** mulberry32: small, fast, good enough for test-case generation. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Pick {
  constructor(private readonly next: () => number) {}
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  one<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]; }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) { const j = Math.floor(this.next() * (i + 1)); [xs[i], xs[j]] = [xs[j], xs[i]]; }
    return xs;
  }
}

const machineOf: Record<Family, { arch: string; machine: string }> = {
  q35: { arch: 'x86_64', machine: 'pc-q35-7.2' },
  i440fx: { arch: 'x86_64', machine: 'pc-i440fx-7.2' },
  pseries: { arch: 'ppc64', machine: 'pseries-7.2' },
  virt: { arch: 'aarch64', machine: 'virt-7.2' },
};

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
const pciAddr = (bus: number, slot: number, fn = 0, mf = false): string =>
  `<address type='pci' domain='0x0000' bus='${hex(bus)}' slot='${hex(slot)}' function='0x${fn}'${mf ? " multifunction='on'" : ''}/>`;

const planted = ['duplicate-address', 'slot-behind-root-port', 'root-port-on-i440fx', 'ide-on-q35', 'bridge-on-pseries-phb-index'] as const;

/** Generates guest number `n` of the run seeded with `seed`. */
export function generateGuest(seed: number, n: number): GeneratedGuest {
  const p = new Pick(rng((seed * 1_000_003 + n * 7919) >>> 0));
  const family = families[n % families.length];
  const { arch, machine } = machineOf[family];
  const pcie = family === 'q35' || family === 'virt';
  const addressed = p.chance(0.35);
  const controllers: string[] = [];
  const devices: string[] = [];
  const letters = { vd: 0, sd: 0, hd: 0 };
  const disk = (bus: string, extra = ''): string => {
    const prefix = bus === 'virtio' ? 'vd' : bus === 'ide' ? 'hd' : 'sd';
    const dev = `${prefix}${String.fromCharCode(97 + letters[prefix]++)}`;
    return `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/var/lib/libvirt/images/${dev}.qcow2'/><target dev='${dev}' bus='${bus}'/>${extra}</disk>`;
  };

  // Explicit addresses the way virt-manager users keep them: root ports / slots written out.
  let nextSlot = pcie ? 2 : family === 'pseries' ? 2 : 3;
  let nextBus = 1;
  const explicitPorts: number[] = [];
  if (addressed && pcie) {
    const ports = p.int(1, 4);
    for (let i = 0; i < ports; i++) {
      const fn = i % 8;
      if (i > 0 && fn === 0) nextSlot++;
      controllers.push(`<controller type='pci' index='${nextBus}' model='pcie-root-port'><model name='pcie-root-port'/><target chassis='${nextBus}' port='${hex(0x10 + i)}'/>${pciAddr(0, nextSlot, fn, fn === 0 && ports > 1)}</controller>`);
      explicitPorts.push(nextBus++);
    }
    nextSlot++;
  }
  const explicitAddress = (): string => {
    if (!addressed || !p.chance(0.6)) return '';
    if (pcie) { const bus = explicitPorts.shift(); return bus === undefined ? '' : pciAddr(bus, 0); }
    return pciAddr(0, nextSlot++);
  };

  // Disks on every bus the machine has.
  const buses = family === 'i440fx' ? ['virtio', 'sata', 'scsi', 'usb', 'ide'] : family === 'q35' ? ['virtio', 'sata', 'scsi', 'usb'] : ['virtio', 'scsi', 'usb'];
  const diskCount = p.int(1, 4);
  const usedBuses = new Set<string>();
  for (let i = 0; i < diskCount; i++) {
    const bus = p.one(buses);
    usedBuses.add(bus);
    devices.push(disk(bus, bus === 'virtio' ? explicitAddress() : ''));
  }
  // Controllers, several of a kind sometimes.
  const usbModels = family === 'i440fx' ? ['piix3-uhci', 'qemu-xhci', 'ich9-ehci1', 'nec-xhci'] : ['qemu-xhci', 'nec-xhci'];
  const usbCount = p.chance(0.3) ? 0 : p.int(1, 2);
  for (let i = 0; i < usbCount; i++) controllers.push(`<controller type='usb' index='${i}' model='${p.one(usbModels)}'>${explicitAddress()}</controller>`);
  const scsiModels = family === 'pseries' ? ['virtio-scsi', 'ibmvscsi'] : family === 'virt' ? ['virtio-scsi'] : ['virtio-scsi', 'lsilogic'];
  const scsiCount = usedBuses.has('scsi') ? p.int(1, 2) : p.chance(0.2) ? 1 : 0;
  for (let i = 0; i < scsiCount; i++) {
    const model = p.one(scsiModels);
    controllers.push(`<controller type='scsi' index='${i}' model='${model}'>${model === 'ibmvscsi' ? '' : explicitAddress()}</controller>`);
  }
  if (family === 'q35' || family === 'i440fx') {
    const sataCount = usedBuses.has('sata') ? p.int(0, 2) : 0;
    for (let i = 0; i < sataCount; i++) controllers.push(`<controller type='sata' index='${i}'/>`);
  }
  const serialCount = p.chance(0.5) ? p.int(1, 2) : 0;
  for (let i = 0; i < serialCount; i++) controllers.push(`<controller type='virtio-serial' index='${i}'>${explicitAddress()}</controller>`);
  // NICs.
  const nicModels = family === 'q35' ? ['virtio', 'virtio', 'e1000e', 'e1000'] : family === 'i440fx' ? ['virtio', 'e1000', 'rtl8139'] : ['virtio'];
  const nics = p.int(0, 3);
  for (let i = 0; i < nics; i++) {
    const model = p.one(nicModels);
    const addr = model === 'virtio' || model === 'e1000e' || !pcie ? explicitAddress() : '';
    devices.push(`<interface type='network'><mac address='52:54:00:${hex(n % 256).slice(2)}:${hex(i).slice(2)}:${hex(p.int(0, 255)).slice(2)}'/><source network='default'/><model type='${model}'/>${addr}</interface>`);
  }
  // Hostdevs: define-only (the host device does not exist here).
  const hostdevs = p.chance(0.15) ? p.int(1, 2) : 0;
  for (let i = 0; i < hostdevs; i++) devices.push(`<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x${(0x3b + i).toString(16)}' slot='0x00' function='0x0'/></source></hostdev>`);
  if (p.chance(0.5)) devices.push(`<rng model='virtio'><backend model='random'>/dev/urandom</backend>${explicitAddress()}</rng>`);
  devices.push(`<memballoon model='${p.chance(0.1) ? 'none' : 'virtio'}'>${''}</memballoon>`.replace("model='none'></memballoon>", "model='none'/>"));
  if (family !== 'virt' && p.chance(0.4)) devices.push(family === 'pseries' ? `<video><model type='vga'/></video>` : `<video><model type='${p.one(['vga', 'qxl', 'virtio', 'cirrus'])}'/></video>`);

  // One planted mistake in a share of the guests.
  let mistake: string | null = null;
  if (p.chance(0.2)) {
    const kinds = planted.filter((k) => (k === 'slot-behind-root-port' ? pcie : k === 'root-port-on-i440fx' ? family === 'i440fx' : k === 'ide-on-q35' ? family === 'q35' : k === 'bridge-on-pseries-phb-index' ? family === 'pseries' : true));
    mistake = p.one(kinds);
    if (mistake === 'duplicate-address') {
      const a = pcie ? pciAddr(0, 0x0a) : pciAddr(0, 0x0a);
      devices.push(`<interface type='network'><source network='default'/><model type='${pcie ? 'e1000e' : 'e1000'}'/>${a}</interface>`);
      devices.push(`<rng model='virtio'><backend model='random'>/dev/urandom</backend>${a}</rng>`);
    } else if (mistake === 'slot-behind-root-port') {
      controllers.push(`<controller type='pci' index='${nextBus}' model='pcie-root-port'>${pciAddr(0, 0x1c)}</controller>`);
      devices.push(`<interface type='network'><source network='default'/><model type='virtio'/>${pciAddr(nextBus, 1)}</interface>`);
    } else if (mistake === 'root-port-on-i440fx') {
      controllers.push(`<controller type='pci' index='1' model='pcie-root-port'/>`);
    } else if (mistake === 'ide-on-q35') {
      devices.push(disk('ide'));
    } else {
      // pci-bridge whose bus names a controller index that does not exist.
      controllers.push(`<controller type='pci' index='${nextBus}' model='pci-bridge'>${pciAddr(9, 1)}</controller>`);
    }
  }

  // Controllers written in any order, interleaved with the devices.
  const body = p.shuffle([...controllers, ...devices]);
  const features = family === 'q35' || family === 'i440fx' ? '<features><acpi/><apic/></features>' : family === 'virt' ? '<features><acpi/><gic version=\'3\'/></features>' : '';
  const cpu = family === 'virt' ? "<cpu mode='custom'><model>cortex-a57</model></cpu>" : '';
  const loader = family === 'virt' ? "<loader readonly='yes' type='pflash'>/usr/share/AAVMF/AAVMF_CODE.fd</loader>" : '';
  const xml = `<domain type='qemu'>
  <name>guest-${seed}-${n}</name>
  <memory unit='MiB'>${p.one([512, 1024, 2048])}</memory>
  <vcpu>${p.int(1, 2)}</vcpu>
  <os><type arch='${arch}' machine='${machine}'>hvm</type>${loader}</os>
  ${features}${cpu}
  <devices>
${body.map((b) => `    ${b}`).join('\n')}
  </devices>
</domain>
`;
  return { id: `${seed}-${n}`, family, arch, xml, plantedMistake: mistake, startable: hostdevs === 0 };
}
