/**
 * A seeded generator of realistic guests for the benchmark: the four machine
 * families in the proportions fleets have them, 2 to 60 PCI nodes (median
 * about 11), half with every address written as libvirt writes them back,
 * half leaving addressing to libvirt, and a few with a mistake. Same seed,
 * same guests, so runs compare.
 */

import { rng as rngFromSeed } from '@pcilint/live-oracle';

export type Family = 'q35' | 'i440fx' | 'pseries' | 'virt';

export interface GeneratedGuest {
  readonly name: string;
  readonly family: Family;
  readonly pciNodes: number;
  readonly text: string;
}

const hex = (v: number, w: number) => '0x' + v.toString(16).padStart(w, '0');

interface Endpoint {
  readonly xml: (address: string) => string;
  readonly express: boolean;
}

function endpoints(rng: () => number, count: number, family: Family, index: number): Endpoint[] {
  const list: Endpoint[] = [];
  const ind = '    ';
  const pick = <T>(items: readonly T[]) => items[Math.floor(rng() * items.length)];
  for (let i = 0; i < count; i++) {
    const kind = pick(['disk', 'disk', 'nic', 'nic', 'scsi', 'serial', 'rng', 'usb', 'hostdev', 'legacy-nic'] as const);
    const n = i;
    switch (kind) {
      case 'disk':
        list.push({ express: true, xml: (a) => `${ind}<disk type='file' device='disk'>\n${ind}  <driver name='qemu' type='qcow2'/>\n${ind}  <source file='/var/lib/libvirt/images/g${index}-${n}.qcow2'/>\n${ind}  <target dev='vd${String.fromCharCode(97 + (n % 26))}${n >= 26 ? n : ''}' bus='virtio'/>\n${a}${ind}</disk>\n` });
        break;
      case 'nic':
        list.push({ express: true, xml: (a) => `${ind}<interface type='network'>\n${ind}  <mac address='52:54:00:${hex(index % 256, 2).slice(2)}:${hex(n % 256, 2).slice(2)}:01'/>\n${ind}  <source network='default'/>\n${ind}  <model type='virtio'/>\n${a}${ind}</interface>\n` });
        break;
      case 'legacy-nic':
        list.push({ express: false, xml: (a) => `${ind}<interface type='network'>\n${ind}  <source network='default'/>\n${ind}  <model type='${family === 'q35' ? 'e1000e' : 'e1000'}'/>\n${a}${ind}</interface>\n` });
        break;
      case 'scsi':
        list.push({ express: true, xml: (a) => `${ind}<controller type='scsi' index='${n}' model='virtio-scsi'>\n${a}${ind}</controller>\n` });
        break;
      case 'serial':
        list.push({ express: true, xml: (a) => `${ind}<controller type='virtio-serial' index='${n}'>\n${a}${ind}</controller>\n` });
        break;
      case 'rng':
        list.push({ express: true, xml: (a) => `${ind}<rng model='virtio'>\n${ind}  <backend model='random'>/dev/urandom</backend>\n${a}${ind}</rng>\n` });
        break;
      case 'usb':
        list.push({ express: true, xml: (a) => `${ind}<controller type='usb' index='${n}' model='qemu-xhci'>\n${a}${ind}</controller>\n` });
        break;
      case 'hostdev':
        list.push({ express: true, xml: (a) => `${ind}<hostdev mode='subsystem' type='pci' managed='yes'>\n${ind}  <source>\n${ind}    <address domain='0x0000' bus='${hex(0x10 + (n % 200), 2)}' slot='0x00' function='0x0'/>\n${ind}  </source>\n${a}${ind}</hostdev>\n` });
        break;
    }
  }
  return list;
}

function addressLine(bus: number, slot: number, fn = 0, multifunction = false): string {
  return `      <address type='pci' domain='0x0000' bus='${hex(bus, 2)}' slot='${hex(slot, 2)}' function='${hex(fn, 1)}'${multifunction ? " multifunction='on'" : ''}/>\n`;
}

export function generateGuest(rng: () => number, index: number): GeneratedGuest {
  const r = rng();
  const family: Family = r < 0.45 ? 'q35' : r < 0.7 ? 'i440fx' : r < 0.85 ? 'virt' : 'pseries';
  // Log-normal-ish: most guests are small, a few are large.
  const pciNodes = Math.max(2, Math.min(60, Math.round(Math.exp(Math.log(11) + 0.6 * gaussian(rng)))));
  const addressed = rng() < 0.5;
  const mistake = rng() < 0.05;
  const machine = { q35: ['x86_64', 'pc-q35-7.2'], i440fx: ['x86_64', 'pc-i440fx-7.2'], virt: ['aarch64', 'virt-7.2'], pseries: ['ppc64le', 'pseries-7.2'] }[family];
  const name = `bench-${family}-${index}`;
  let devices = '';
  if (family === 'q35' || family === 'virt') {
    // Half the nodes are root ports, each with an endpoint behind it, one spare.
    const count = Math.max(1, Math.floor(pciNodes / 2));
    const list = endpoints(rng, count, family, index);
    devices += `    <controller type='pci' index='0' model='pcie-root'/>\n`;
    for (let i = 0; i <= count; i++) {
      const slot = 1 + Math.floor(i / 8);
      const fn = i % 8;
      const chassis = mistake && i === 1 ? 1 : i + 1;
      const addr = addressed ? `      <model name='pcie-root-port'/>\n      <target chassis='${chassis}' port='${hex(0x8 + i, 1)}'/>\n` + addressLine(0, slot, fn, fn === 0) : '';
      devices += addressed ? `    <controller type='pci' index='${i + 1}' model='pcie-root-port'>\n${addr}    </controller>\n` : `    <controller type='pci' model='pcie-root-port'/>\n`;
    }
    list.forEach((e, i) => (devices += e.xml(addressed ? addressLine(i + 1, 0) : '')));
  } else {
    const list = endpoints(rng, pciNodes - 1, family, index);
    devices += family === 'pseries' ? `    <controller type='pci' index='0' model='pci-root'>\n      <model name='spapr-pci-host-bridge'/>\n      <target index='0'/>\n    </controller>\n` : `    <controller type='pci' index='0' model='pci-root'/>\n`;
    const perBus = 28;
    const bridges = list.length > perBus ? Math.ceil((list.length - perBus) / 30) : 0;
    for (let b = 0; b < bridges; b++) {
      devices += addressed
        ? `    <controller type='pci' index='${b + 1}' model='pci-bridge'>\n      <model name='pci-bridge'/>\n      <target chassisNr='${b + 1}'/>\n${addressLine(0, 0x1f - b)}    </controller>\n`
        : `    <controller type='pci' model='pci-bridge'/>\n`;
    }
    list.forEach((e, i) => {
      const bus = i < perBus ? 0 : 1 + Math.floor((i - perBus) / 30);
      const slot = i < perBus ? 2 + i : 1 + ((i - perBus) % 30);
      devices += e.xml(addressed ? addressLine(bus, mistake && i === 1 ? 2 : slot) : '');
    });
  }
  const text = `<domain type='kvm'>
  <name>${name}</name>
  <memory unit='KiB'>${2 ** (20 + Math.floor(rng() * 4))}</memory>
  <vcpu placement='static'>${1 + Math.floor(rng() * 8)}</vcpu>
  <os>
    <type arch='${machine[0]}' machine='${machine[1]}'>hvm</type>
  </os>
  <features>
    <acpi/>
  </features>
  <devices>
${devices}    <memballoon model='virtio'/>
  </devices>
</domain>
`;
  return { name, family, pciNodes, text };
}

function gaussian(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export function* generateGuests(count: number, seed: number): Generator<GeneratedGuest> {
  const rng = rngFromSeed(seed);
  for (let i = 0; i < count; i++) yield generateGuest(rng, i);
}
