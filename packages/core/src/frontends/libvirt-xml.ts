import { machineRecognition } from '../catalog/machine-types.js';
import { CONTROLLER_MODELS, isPciControllerModel, type PciControllerModel } from '../catalog/controllers.js';
import {
  DISK_BUS_VIRTIO, INTERFACE_MODELS, IOMMU_MODELS, MEMBALLOON_MODELS, MEMORY_MODELS, NOT_PCI,
  PCI_ENDPOINT_INFO, PCIE_ENDPOINT_INFO, RNG_MODELS, SCSI_CONTROLLER_MODELS, SOUND_MODELS,
  USB_CONTROLLER_MODELS, VIDEO_MODELS, VIRTIO_ENDPOINT, VIRTIO_ONLY, VIRTIO_SERIAL_MODELS, WATCHDOG_MODELS,
  lookupModel, type EndpointModelInfo,
} from '../catalog/devices.js';
import { defaultMachine, machineFamily, rootModelFor, type MachineFamily } from '../catalog/machines.js';
import type {
  Bus, ControllerNode, ControllerTarget, DeviceGraph, DeviceNode, Machine, NumericField, PciAddress,
} from '../ir/graph.js';
import { attribute, attributeValue, child, childElementPaths, childrenNamed, parseXml, type XmlElement, type XmlSyntaxError } from '../syntax/xml.js';
import { timed, type TimingCollector } from '../engine/timings.js';
import { parseCInteger, parseDecimalInteger } from './numbers.js';

export type BuildResult =
  | { readonly kind: 'graph'; readonly graph: DeviceGraph }
  | { readonly kind: 'skipped'; readonly reason: string };

export type DomainXmlGraphResult = BuildResult | { readonly kind: 'syntax-error'; readonly error: XmlSyntaxError };

/** Parses a libvirt document and builds its device graph. */
export function graphFromDomainXmlText(text: string, timings?: TimingCollector): DomainXmlGraphResult {
  const parsed = timed(timings, 'parse', () => parseXml(text));
  return parsed.ok ? timed(timings, 'graph', () => buildGraphFromDomainXml(parsed.root)) : { kind: 'syntax-error', error: parsed.error };
}

/** Builds the device graph from a parsed libvirt document. Non-domain XML is skipped. */
export function buildGraphFromDomainXml(root: XmlElement): BuildResult {
  if (root.name !== 'domain') {
    return { kind: 'skipped', reason: `root element <${root.name}> is not a libvirt <domain>` };
  }
  const machine = readMachine(root);
  const devicesElement = child(root, 'devices');
  const deviceElements = devicesElement ? devicesElement.children : [];
  const devicePaths = devicesElement ? childElementPaths(devicesElement) : [];

  const controllers: ControllerNode[] = [];
  const devices: DeviceNode[] = [];
  let primaryVideoSeen = false;
  for (const [i, element] of deviceElements.entries()) {
    if (element.name === 'controller' && attributeValue(element, 'type') === 'pci') {
      controllers.push(readPciController(element, devicePaths[i]!, machine.family));
      continue;
    }
    const device = readDevice(element, devicePaths[i]!, machine, devices.length, primaryVideoSeen);
    if (!device) continue;
    if (device.primaryVideo) primaryVideoSeen = true;
    devices.push(device);
  }
  assignMissingIndexes(controllers);
  numberIndexlessControllers(devices);
  let rootController = controllers.find((c) => c.index === 0) ?? null;
  if (!rootController) {
    rootController = implicitRoot(machine);
    controllers.push(rootController);
  }
  return {
    kind: 'graph',
    graph: {
      source: 'libvirt-xml',
      machine,
      controllers,
      devices,
      buses: buildBuses(controllers, machine),
      root: rootController,
      domainElement: root,
    },
  };
}

function readMachine(domain: XmlElement): Machine {
  const os = child(domain, 'os');
  const type = os ? child(os, 'type') ?? null : null;
  // libvirt falls back to the host arch; pcilint assumes an x86_64 host, like libvirt's tests.
  const arch = attributeValue(type ?? undefined, 'arch') ?? 'x86_64';
  const machineType = attributeValue(type ?? undefined, 'machine') ?? defaultMachine(arch);
  const family = machineFamily(arch, machineType);
  const features = child(domain, 'features');
  const cpu = child(domain, 'cpu');
  const numa = cpu ? child(cpu, 'numa') : undefined;
  return {
    arch,
    type: machineType,
    family,
    recognition: machineRecognition(arch, machineType),
    expectedRoot: rootModelFor(family) === 'pcie-root' ? 'pcie-root' : 'pci-root',
    typeElement: type,
    acpi: features ? child(features, 'acpi') !== undefined : false,
    numaCells: numa ? childrenNamed(numa, 'cell').length : 0,
  };
}

function numericField(element: XmlElement | undefined, name: string, parse = parseCInteger): NumericField | undefined {
  const attr = attribute(element, name);
  return attr ? { value: parse(attr.value), attr } : undefined;
}

function readPciAddress(addressElement: XmlElement): PciAddress {
  const domain = numericField(addressElement, 'domain') ?? null;
  const bus = numericField(addressElement, 'bus') ?? null;
  const slot = numericField(addressElement, 'slot') ?? null;
  const fn = numericField(addressElement, 'function') ?? null;
  const multifunctionAttr = attribute(addressElement, 'multifunction') ?? null;
  const mf = multifunctionAttr?.value;
  const zeroOrAbsent = (f: NumericField | null) => f === null || f.value === 0;
  return {
    domain,
    bus,
    slot,
    function: fn,
    multifunction: mf === 'on' || mf === 'off' ? mf : null,
    multifunctionAttr,
    empty: zeroOrAbsent(domain) && zeroOrAbsent(bus) && zeroOrAbsent(slot),
    element: addressElement,
  };
}

function addressOf(element: XmlElement): { element: XmlElement | null; type: string | null; pci: PciAddress | null } {
  const addressElement = child(element, 'address') ?? null;
  const type = attributeValue(addressElement ?? undefined, 'type') ?? null;
  return {
    element: addressElement,
    type,
    pci: addressElement && type === 'pci' ? readPciAddress(addressElement) : null,
  };
}

function readPciController(element: XmlElement, path: string, family: MachineFamily): ControllerNode {
  const modelText = attributeValue(element, 'model') ?? null;
  // libvirt reads the controller index in decimal (virXMLPropInt base 10).
  const indexField = numericField(element, 'index', parseDecimalInteger) ?? null;
  const modelElement = child(element, 'model');
  const modelNameAttr = attribute(modelElement, 'name');
  const targetElement = child(element, 'target');
  const nodeElement = targetElement ? child(targetElement, 'node') : undefined;
  const hotplugAttr = attribute(targetElement, 'hotplug');
  const target: ControllerTarget = {
    element: targetElement,
    chassisNr: numericField(targetElement, 'chassisNr'),
    chassis: numericField(targetElement, 'chassis'),
    port: numericField(targetElement, 'port'),
    busNr: numericField(targetElement, 'busNr'),
    index: numericField(targetElement, 'index'),
    hotplug: hotplugAttr ? { value: hotplugAttr.value, attr: hotplugAttr } : undefined,
    node: nodeElement ? { value: parseDecimalInteger(nodeElement.text.trim()), element: nodeElement } : undefined,
  };
  const { element: addressElement, pci } = addressOf(element);
  const indexValue = indexField?.value ?? null;
  // A pci controller without a model: the root at index 0, else the model libvirt
  // uses to fill gaps (`qemuDomainPCIAddressSetCreate`, `src/qemu/qemu_domain_address.c:1646`).
  let model: PciControllerModel | null = isPciControllerModel(modelText ?? undefined) ? (modelText as PciControllerModel) : null;
  if (modelText === null) {
    model = indexValue === 0 ? rootModelFor(family) : family === 'pseries' ? 'pci-root' : rootModelFor(family) === 'pcie-root' ? 'pcie-root-port' : 'pci-bridge';
  }
  return {
    kind: 'controller',
    id: `controller:${path}`,
    origin: 'written',
    element,
    span: element.startTagSpan,
    path,
    modelText,
    model,
    info: model ? CONTROLLER_MODELS[model] : null,
    index: indexValue,
    indexField,
    modelName: modelNameAttr ? { value: modelNameAttr.value, attr: modelNameAttr } : null,
    target,
    pcihole64: child(element, 'pcihole64') ?? null,
    address: pci,
    addressElement,
  };
}

/**
 * libvirt gives a controller without `index` the lowest unused index, in
 * document order (src/conf/domain_postparse.c:1384), whatever its model: an
 * unindexed pcie-root-port in a q35 XML without pcie-root takes index 0 and
 * the domain is refused (checked with the libvirt 9.0 oracle).
 */
function assignMissingIndexes(controllers: ControllerNode[]): void {
  const used = new Set<number>();
  for (const c of controllers) if (c.indexField && c.index !== null) used.add(c.index);
  // Indexes are only ever taken, so the search resumes where the last one stopped (not from 0 each time).
  let index = 0;
  for (let i = 0; i < controllers.length; i++) {
    const c = controllers[i];
    if (c.indexField) continue;
    while (used.has(index)) index++;
    used.add(index);
    controllers[i] = { ...c, index };
  }
}

function implicitRoot(machine: Machine): ControllerNode {
  const model = machine.expectedRoot;
  return {
    kind: 'controller',
    id: 'controller:implicit-root',
    origin: 'implicit',
    element: null,
    span: null,
    path: null,
    modelText: model,
    model,
    info: CONTROLLER_MODELS[model],
    index: 0,
    indexField: null,
    modelName: null,
    target: {},
    pcihole64: null,
    address: null,
    addressElement: null,
  };
}

function buildBuses(controllers: readonly ControllerNode[], machine: Machine): Map<number, Bus> {
  const buses = new Map<number, Bus>();
  for (const c of controllers) {
    if (c.index === null || c.index < 0 || !c.model || !c.info || buses.has(c.index)) continue;
    let hotplug = c.info.hotplugCapable && c.target.hotplug?.value !== 'off';
    // i440fx root hotplug is ACPI-based: without <acpi/> libvirt passes -no-acpi
    // and pci.0 cannot hotplug (oracle README, pitfall 8).
    if (c.model === 'pci-root' && machine.family === 'i440fx' && !machine.acpi) hotplug = false;
    buses.set(c.index, {
      index: c.index,
      controller: c,
      model: c.model,
      accepts: c.info.accepts,
      autoEndpoints: c.info.autoEndpoints,
      slotMin: c.info.slotMin,
      slotMax: c.info.slotMax,
      hotplug,
    });
  }
  return buses;
}

const KIND_LABEL_MODEL = (kind: string, model: string | null) => (model ? `${kind} (${model})` : kind);

function readDevice(element: XmlElement, path: string, machine: Machine, ordinal: number, primaryVideoSeen: boolean): DeviceNode | null {
  const classified = classify(element, machine, primaryVideoSeen);
  if (!classified) return null;
  const { element: addressElement, type: addressType, pci } = addressOf(element);
  return {
    kind: 'device',
    id: `device:${ordinal}`,
    origin: 'written',
    element,
    span: element.startTagSpan,
    path,
    deviceKind: element.name,
    model: classified.model,
    label: classified.label,
    connect: classified.info.connect,
    ioBar: classified.info.ioBar,
    address: pci,
    addressType,
    addressElement,
    ...(classified.extra ?? {}),
  };
}

interface Classified {
  readonly model: string | null;
  readonly label: string;
  readonly info: EndpointModelInfo;
  readonly extra?: Partial<DeviceNode>;
}

/** `qemuDomainDeviceCalculatePCIConnectFlags`, `src/qemu/qemu_domain_address.c:593`, per device element. Returns null for elements that are never devices. */
function classify(element: XmlElement, machine: Machine, primaryVideoSeen: boolean): Classified | null {
  const express = machine.expectedRoot === 'pcie-root';
  const modelAttr = attributeValue(element, 'model');
  switch (element.name) {
    case 'disk': {
      const target = child(element, 'target');
      const dev = attributeValue(target, 'dev');
      const bus = attributeValue(target, 'bus') ?? diskBusFromName(dev);
      const label = dev ? `disk '${dev}'` : 'disk';
      const extra = bus ? { diskBus: bus } : undefined;
      if (bus === 'virtio') return { model: modelAttr ?? 'virtio', label, info: lookupModel(DISK_BUS_VIRTIO, modelAttr), extra };
      return { model: null, label, info: NOT_PCI, extra };
    }
    case 'interface': {
      const type = attributeValue(element, 'type');
      const model = attributeValue(child(element, 'model'), 'type');
      if (type === 'hostdev') {
        return { model: model ?? 'vfio-pci', label: KIND_LABEL_MODEL('interface', 'hostdev'), info: express ? PCIE_ENDPOINT_INFO() : PCI_ENDPOINT_INFO(), extra: { hostAddress: hostPciAddress(element) } };
      }
      const effective = model ?? defaultNicModel(machine);
      return { model: effective, label: KIND_LABEL_MODEL('interface', effective), info: lookupModel(INTERFACE_MODELS, effective) };
    }
    case 'hostdev': {
      const type = attributeValue(element, 'type');
      const mode = attributeValue(element, 'mode') ?? 'subsystem';
      if (mode !== 'subsystem') return { model: null, label: 'hostdev', info: NOT_PCI };
      if (type === 'pci') {
        // An offline linter cannot read sysfs; like libvirt for a missing host
        // device, assume PCI Express on Express machines (`qemuDomainDeviceCalculatePCIConnectFlags`, `src/qemu/qemu_domain_address.c:593`).
        const host = hostPciAddress(element);
        const label = host ? `hostdev ${formatHost(host)}` : 'hostdev';
        return { model: 'vfio-pci', label, info: express ? PCIE_ENDPOINT_INFO() : PCI_ENDPOINT_INFO(), extra: { hostAddress: host } };
      }
      if (type === 'mdev') {
        return { model: modelAttr ?? null, label: KIND_LABEL_MODEL('hostdev mdev', modelAttr ?? null), info: modelAttr === 'vfio-pci' ? PCIE_ENDPOINT_INFO() : NOT_PCI };
      }
      if (type === 'scsi_host') return { model: modelAttr ?? 'virtio', label: 'hostdev scsi_host', info: lookupModel(VIRTIO_ONLY, modelAttr) };
      return { model: null, label: KIND_LABEL_MODEL('hostdev', type ?? null), info: NOT_PCI };
    }
    case 'controller':
      return classifyController(element, machine);
    case 'video': {
      const modelElement = child(element, 'model');
      const type = attributeValue(modelElement, 'type');
      const info = lookupModel(VIDEO_MODELS, type);
      const primary = !primaryVideoSeen && type !== 'none' && type !== 'ramfb';
      return { model: type ?? null, label: KIND_LABEL_MODEL('video', type ?? null), info, extra: { primaryVideo: primary } };
    }
    case 'sound':
      return { model: modelAttr ?? null, label: KIND_LABEL_MODEL('sound', modelAttr ?? null), info: lookupModel(SOUND_MODELS, modelAttr) };
    case 'watchdog':
      return { model: modelAttr ?? null, label: KIND_LABEL_MODEL('watchdog', modelAttr ?? null), info: lookupModel(WATCHDOG_MODELS, modelAttr) };
    case 'memballoon':
      return { model: modelAttr ?? null, label: KIND_LABEL_MODEL('memballoon', modelAttr ?? null), info: lookupModel(MEMBALLOON_MODELS, modelAttr) };
    case 'rng':
      return { model: modelAttr ?? 'virtio', label: KIND_LABEL_MODEL('rng', modelAttr ?? 'virtio'), info: lookupModel(RNG_MODELS, modelAttr) };
    case 'filesystem': {
      const driverType = attributeValue(child(element, 'driver'), 'type');
      if (driverType === 'loop' || driverType === 'nbd' || driverType === 'ploop') return { model: null, label: 'filesystem', info: NOT_PCI };
      if (driverType === 'virtiofs') return { model: 'virtiofs', label: 'filesystem (virtiofs)', info: VIRTIO_ENDPOINT };
      return { model: modelAttr ?? 'virtio', label: 'filesystem (9p)', info: lookupModel(VIRTIO_ONLY, modelAttr) };
    }
    case 'input': {
      const bus = attributeValue(element, 'bus');
      const type = attributeValue(element, 'type') ?? 'input';
      if (bus !== 'virtio') return { model: null, label: `input ${type}`, info: NOT_PCI };
      return { model: modelAttr ?? 'virtio', label: `input ${type} (virtio)`, info: lookupModel(VIRTIO_ONLY, modelAttr) };
    }
    case 'serial': {
      const targetType = attributeValue(child(element, 'target'), 'type');
      return { model: targetType ?? null, label: 'serial', info: targetType === 'pci-serial' ? PCI_ENDPOINT_INFO('always') : NOT_PCI };
    }
    case 'shmem':
      return { model: attributeValue(child(element, 'model'), 'type') ?? 'ivshmem-plain', label: `shmem '${attributeValue(element, 'name') ?? ''}'`, info: PCI_ENDPOINT_INFO() };
    case 'iommu':
      return { model: modelAttr ?? null, label: KIND_LABEL_MODEL('iommu', modelAttr ?? null), info: lookupModel(IOMMU_MODELS, modelAttr) };
    case 'vsock':
      // Post-parse turns an unset model into virtio (`qemuDomainDeviceCalculatePCIConnectFlags`, `src/qemu/qemu_domain_address.c:593`).
      return { model: modelAttr ?? 'virtio', label: 'vsock', info: machine.family === 's390-ccw' ? NOT_PCI : lookupModel(VIRTIO_ONLY, modelAttr) };
    case 'memory':
      return { model: modelAttr ?? null, label: KIND_LABEL_MODEL('memory', modelAttr ?? null), info: lookupModel(MEMORY_MODELS, modelAttr) };
    case 'qemu-device': {
      // Only built by the command-line front-end: a PCI driver libvirt has no element for.
      const driver = attributeValue(element, 'driver') ?? 'device';
      const info = attributeValue(element, 'connect') === 'pcie' ? PCIE_ENDPOINT_INFO() : PCI_ENDPOINT_INFO();
      return { model: driver, label: `device '${driver}'`, info };
    }
    case 'console':
      // Never PCI; libvirt's output repeats serial 0 as console 0, address included.
      return null;
    case 'panic': case 'tpm': case 'channel': case 'parallel': case 'hub': case 'redirdev':
    case 'smartcard': case 'nvram': case 'graphics': case 'audio': case 'lease': case 'crypto':
      return { model: modelAttr ?? null, label: element.name, info: NOT_PCI };
    default:
      return null;
  }
}

/**
 * Non-PCI controllers written without `index` get the lowest index of their type
 * no other controller uses, in document order (oracle, libvirt 9.0: two index-less
 * virtio-serial controllers become 0 and 1; one written before `index='0'` becomes 1).
 */
function numberIndexlessControllers(devices: DeviceNode[]): void {
  const used = new Map<string, Set<number>>();
  const indexless: number[] = [];
  devices.forEach((d, i) => {
    if (d.deviceKind !== 'controller' || d.controllerType === undefined) return;
    if (d.element && attributeValue(d.element, 'index') === undefined) indexless.push(i);
    else {
      const set = used.get(d.controllerType) ?? new Set<number>();
      used.set(d.controllerType, set.add(d.controllerIndex ?? 0));
    }
  });
  // Per type, the search resumes where the last one stopped: indexes are only ever taken.
  const next = new Map<string, number>();
  for (const i of indexless) {
    const d = devices[i];
    const type = d.controllerType!;
    const set = used.get(type) ?? new Set<number>();
    let index = next.get(type) ?? 0;
    while (set.has(index)) index++;
    next.set(type, index);
    used.set(type, set.add(index));
    if (index !== d.controllerIndex) {
      devices[i] = { ...d, controllerIndex: index, label: d.label.replace(/ index \d+$/, ` index ${index}`) };
    }
  }
}

function classifyController(element: XmlElement, machine: Machine): Classified {
  const type = attributeValue(element, 'type') ?? 'unknown';
  const index = parseDecimalInteger(attributeValue(element, 'index') ?? '0') ?? 0;
  const model = attributeValue(element, 'model');
  const extra: Partial<DeviceNode> = { controllerType: type, controllerIndex: index };
  const label = (m: string | null) => `${type} controller${m ? ` (${m})` : ''} index ${index}`;
  switch (type) {
    case 'usb': {
      const effective = model ?? defaultUsbModel(machine);
      return { model: effective, label: label(effective), info: lookupModel(USB_CONTROLLER_MODELS, effective), extra };
    }
    case 'scsi': {
      const effective = model ?? defaultScsiModel(machine);
      return { model: effective, label: label(effective), info: lookupModel(SCSI_CONTROLLER_MODELS, effective), extra };
    }
    case 'sata':
      return { model: model ?? null, label: label(model ?? null), info: PCI_ENDPOINT_INFO(), extra };
    case 'ide':
      return { model: model ?? null, label: label(model ?? null), info: PCI_ENDPOINT_INFO('always'), extra };
    case 'virtio-serial':
      return { model: model ?? 'virtio', label: label(model ?? null), info: lookupModel(VIRTIO_SERIAL_MODELS, model), extra };
    default:
      return { model: model ?? null, label: label(model ?? null), info: NOT_PCI, extra };
  }
}

/** qemuDomainDefaultNetModel: virtio on ARM/RISC-V/s390, spapr-vlan on pseries, rtl8139 on x86. */
function defaultNicModel(machine: Machine): string {
  if (machine.family === 'virt' || machine.family === 's390-ccw') return 'virtio';
  if (machine.family === 'pseries') return 'spapr-vlan';
  return 'rtl8139';
}

/**
 * The model libvirt gives a *written* USB controller without one
 * (qemuDomainControllerDefPostParse): piix3-uhci on every x86 machine, q35
 * included (oracle: it lands behind a new pcie-to-pci-bridge), pci-ohci on
 * pseries, qemu-xhci on ARM/RISC-V virt. The USB controller libvirt adds
 * when the XML has none is another matter (placement/implicit-devices.ts).
 */
function defaultUsbModel(machine: Machine): string {
  switch (machine.family) {
    case 'pseries':
      return 'pci-ohci';
    case 'virt':
      return 'qemu-xhci';
    default:
      return 'piix3-uhci';
  }
}

/** libvirt's default SCSI model per arch: ibmvscsi on pseries, virtio-scsi on virt, lsilogic on x86. */
function defaultScsiModel(machine: Machine): string {
  if (machine.family === 'pseries') return 'ibmvscsi';
  if (machine.family === 'virt' || machine.family === 's390-ccw') return 'virtio-scsi';
  return 'lsilogic';
}

function hostPciAddress(element: XmlElement): DeviceNode['hostAddress'] {
  const source = child(element, 'source');
  const address = source ? child(source, 'address') : undefined;
  if (!address) return undefined;
  const get = (name: string) => parseCInteger(attributeValue(address, name) ?? '0');
  const [domain, bus, slot, fn] = [get('domain'), get('bus'), get('slot'), get('function')];
  // An unparsable host address is not an address: two broken ones must not look like duplicates.
  if (domain === null || bus === null || slot === null || fn === null) return undefined;
  return { domain, bus, slot, function: fn, element: address };
}

/**
 * libvirt's virDiskNameToBusDeviceIndex default when `<target bus>` is absent:
 * the bus follows the device name prefix.
 */
function diskBusFromName(dev: string | undefined): string | undefined {
  if (!dev) return undefined;
  if (dev.startsWith('vd')) return 'virtio';
  if (dev.startsWith('sd')) return 'scsi';
  if (dev.startsWith('hd')) return 'ide';
  if (dev.startsWith('fd')) return 'fdc';
  if (dev.startsWith('xvd')) return 'xen';
  if (dev.startsWith('ubd')) return 'uml';
  return undefined;
}

function formatHost(h: NonNullable<DeviceNode['hostAddress']>): string {
  return `${h.domain.toString(16).padStart(4, '0')}:${h.bus.toString(16).padStart(2, '0')}:${h.slot.toString(16).padStart(2, '0')}.${h.function}`;
}
