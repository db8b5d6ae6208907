import { ownEntry } from '../../catalog/own-entry.js';
import { chipsetFunctions, rootModelFor, type MachineFamily } from '../../catalog/machines.js';
import {
  CONTROLLER_TARGET_PROPERTIES, DISPLAY_DRIVERS_REPLACING_DEFAULT_VGA, VGA_INTERFACE_DRIVERS, classifyDriver,
  defaultNicDriver, type ElementShape,
} from '../../catalog/qemu-drivers.js';
import type { PciControllerModel } from '../../catalog/controllers.js';
import type { CommandLineDevice, CommandLineProperty, DeviceGraph, GraphNode, SourceProblem } from '../../ir/graph.js';
import { parseCommandLine, type CommandLine, type CommandLineError, type Word } from '../../syntax/command-line.js';
import { parseDeviceOption, propertyValueText, type OptionProperty } from '../../syntax/qemu-options.js';
import type { Span } from '../../syntax/source.js';
import { materialize, type SyntheticAttribute, type SyntheticElement } from '../../syntax/synthetic-xml.js';
import { timed, type TimingCollector } from '../../engine/timings.js';
import { buildGraphFromDomainXml } from '../libvirt-xml.js';
import { readMachine, parseOption, type ArgvMachine } from './machine.js';
import { splitOptions, type OptionUse } from './options.js';
import { SlotOccupancy, autoSlotRange } from './slots.js';

export type ArgvGraphResult =
  | { readonly kind: 'graph'; readonly graph: DeviceGraph }
  | { readonly kind: 'syntax-error'; readonly error: CommandLineError };

/** Parses a QEMU command line (args file, script, /proc cmdline, ps line) and builds its device graph. */
export function graphFromCommandLineText(text: string, timings?: TimingCollector): ArgvGraphResult {
  const parsed = timed(timings, 'parse', () => parseCommandLine(text));
  if (!parsed.ok) return { kind: 'syntax-error', error: parsed.error };
  return { kind: 'graph', graph: timed(timings, 'graph', () => buildGraphFromCommandLine(parsed.commandLine)) };
}

/** One PCI function the command line creates, in the order QEMU realizes it. */
interface PlacedFunction {
  readonly element: SyntheticElement;
  readonly implicit: boolean;
  readonly predictedAddress: boolean;
}

interface BusRef {
  readonly index: number;
  readonly model: PciControllerModel;
}

const ROOT_BUS_NAME = (family: MachineFamily) => (rootModelFor(family) === 'pcie-root' ? 'pcie.0' : 'pci.0');

const attr = (name: string, value: string, span?: Span, valueSpan?: Span): SyntheticAttribute => ({ name, value, span, valueSpan });
const hex = (n: number, width = 2) => `0x${n.toString(16).padStart(width, '0')}`;
const isOn = (v: unknown) => v === true || ['on', 'true', 'yes', 'y'].includes(String(v));
const isOff = (v: unknown) => v === false || ['off', 'false', 'no', 'n'].includes(String(v));

/**
 * Builds the graph of a QEMU command line as a libvirt-shaped tree whose
 * spans point into the command line (syntax/synthetic-xml.ts), then runs the
 * libvirt builder on it: one IR, and every rule pack runs unchanged.
 * QEMU's own devices and automatic addresses are modelled here (`qemuDomainDefAddDefaultDevices`, `src/qemu/qemu_domain.c:3985`; `qemuBuildControllerPCIDevProps`, `src/qemu/qemu_command.c:2678`).
 */
export function buildGraphFromCommandLine(commandLine: CommandLine): DeviceGraph {
  const problems: SourceProblem[] = [];
  const options = splitOptions(commandLine.args, problems);
  const machine = readMachine(commandLine.program, options, problems);
  const devices = parseDevices(options);
  const builder = new ArgvGraphBuilder(machine, problems, globalProperties(options, problems));
  builder.addMachineDevices(options, devices);
  for (const device of devices) builder.addDevice(device);
  for (const option of options) {
    if (option.name === 'drive') builder.addDrive(option, parseOption(option, null, problems));
  }
  return builder.finish(commandLine, devices);
}

/**
 * One `-device`, parsed once: the machine defaults look at the drivers, then
 * each is added in order (its syntax problem, if any, is reported in turn).
 */
type DeviceOption =
  | {
      readonly kind: 'device'; readonly optionWord: Word; readonly word: Word; readonly syntax: 'keyval' | 'json';
      readonly driver: OptionProperty & { readonly value: string }; readonly properties: readonly OptionProperty[];
    }
  | { readonly kind: 'invalid'; readonly problem: SourceProblem };

function parseDevices(options: readonly OptionUse[]): DeviceOption[] {
  const devices: DeviceOption[] = [];
  for (const option of options) {
    if (option.name !== 'device' || !option.value) continue;
    const parsed = parseDeviceOption(option.value);
    if (!parsed.ok) {
      devices.push({ kind: 'invalid', problem: { severity: 'error', message: `-device: ${parsed.error.message}`, span: parsed.error.span } });
      continue;
    }
    const driver = parsed.properties.find((p) => p.key === 'driver');
    if (!driver || typeof driver.value !== 'string') {
      devices.push({ kind: 'invalid', problem: { severity: 'error', message: "-device: Parameter 'driver' is missing", span: option.value.span } });
      continue;
    }
    devices.push({
      kind: 'device', optionWord: option.nameWord, word: option.value, syntax: parsed.syntax,
      driver: { ...driver, value: driver.value }, properties: parsed.properties,
    });
  }
  return devices;
}

type Globals = Map<string, Map<string, OptionProperty>>;

/** `-global driver.prop=value` and `-global driver=D,property=P,value=V`. */
function globalProperties(options: readonly OptionUse[], problems: SourceProblem[]): Globals {
  const globals: Globals = new Map();
  const set = (driver: string, property: string, p: OptionProperty) => {
    if (!globals.has(driver)) globals.set(driver, new Map());
    globals.get(driver)!.set(property, p);
  };
  for (const option of options) {
    if (option.name !== 'global') continue;
    const properties = parseOption(option, null, problems);
    const named = new Map(properties.map((p) => [p.key, p] as const));
    const driver = named.get('driver');
    const property = named.get('property');
    const value = named.get('value');
    if (driver && property && value) {
      set(propertyValueText(driver), propertyValueText(property), value);
      continue;
    }
    for (const p of properties) {
      const dot = p.key.lastIndexOf('.');
      if (dot > 0) set(p.key.slice(0, dot), p.key.slice(dot + 1), p);
    }
  }
  return globals;
}

class ArgvGraphBuilder {
  private readonly controllers: SyntheticElement[] = [];
  private readonly functions: PlacedFunction[] = [];
  private readonly busNames = new Map<string, BusRef>();
  private readonly ids = new Set<string>();
  private readonly occupancy = new SlotOccupancy();
  private readonly typeIndexes = new Map<string, number>();
  private readonly implicitControllers = new Set<SyntheticElement>();
  private readonly predictedControllers = new Set<SyntheticElement>();
  /** The controller index each PCI-controller -device got, by its value word. */
  private readonly controllerIndexOfWord = new Map<Word, number>();
  private nextControllerIndex = 1;

  constructor(
    private readonly machine: ArgvMachine,
    private readonly problems: SourceProblem[],
    private readonly globals: Globals,
  ) {
    const rootModel = rootModelFor(machine.family);
    const rootAttributes = [attr('type', 'pci'), attr('index', '0'), attr('model', rootModel, machine.typeSpan)];
    const pseries = machine.family === 'pseries';
    const hotplug = machine.family === 'i440fx' ? globals.get('PIIX4_PM')?.get('acpi-root-pci-hotplug') : undefined;
    const targetAttributes: SyntheticAttribute[] = [];
    if (pseries) targetAttributes.push(attr('index', '0'));
    if (hotplug && isOff(hotplug.value)) targetAttributes.push(attr('hotplug', 'off', hotplug.span, hotplug.valueSpan));
    const root: SyntheticElement = {
      name: 'controller',
      span: machine.typeSpan,
      attributes: rootAttributes,
      children: [
        ...(pseries ? [{ name: 'model', span: machine.typeSpan, attributes: [attr('name', 'spapr-pci-host-bridge')] }] : []),
        ...(targetAttributes.length ? [{ name: 'target', span: machine.typeSpan, attributes: targetAttributes }] : []),
      ],
    };
    this.controllers.push(root);
    this.implicitControllers.add(root);
    this.busNames.set(ROOT_BUS_NAME(machine.family), { index: 0, model: rootModel });
    // The host bridge sits at 00:00.0 on x86 and on the virt GPEX; pseries PHBs have none.
    if (machine.family !== 'pseries' && machine.family !== 's390-ccw') this.occupancy.take(0, 0, 0);
    for (const f of chipsetFunctions(machine.family)) this.occupancy.take(0, f.slot, f.function);
  }

  /**
   * What the machine creates before any -device (QEMU 7.2 pc_init1,
   * pc_q35_init, virt machvirt_init, spapr): chipset IDE/SATA/USB at fixed
   * functions, then the VGA and NICs at the first free slots.
   */
  addMachineDevices(options: readonly OptionUse[], devices: readonly DeviceOption[]): void {
    const { family } = this.machine;
    const span = this.machine.typeSpan;
    if (family === 'q35') this.addFixed(shapeElement({ name: 'controller', attrs: { type: 'sata' } }, span, []), 0x1f, 2);
    if (family === 'i440fx') this.addFixed(shapeElement({ name: 'controller', attrs: { type: 'ide' } }, span, []), 1, 1);
    if (this.machine.usb && this.machine.usbSpan) {
      const usbSpan = this.machine.usbSpan;
      if (family === 'i440fx') this.addFixed(shapeElement({ name: 'controller', attrs: { type: 'usb', model: 'piix3-uhci' } }, usbSpan, []), 1, 2);
      if (family === 'q35') {
        // ehci_create_ich9_with_companions(bus, 0x1d): EHCI at .7, its UHCI companions at .0-.2.
        this.addFixed(shapeElement({ name: 'controller', attrs: { type: 'usb', model: 'ich9-ehci1' } }, usbSpan, []), 0x1d, 7);
        ['ich9-uhci1', 'ich9-uhci2', 'ich9-uhci3'].forEach((model, fn) =>
          this.addFixed(shapeElement({ name: 'controller', attrs: { type: 'usb', model } }, usbSpan, []), 0x1d, fn));
      }
    }
    this.addDefaultVga(options, devices);
    if (family === 'pseries' && this.machine.usb && this.machine.usbSpan) {
      // After the VGA (oracle: VGA 00:00.0, nec-usb-xhci 00:01.0 on pseries-7.2).
      this.addAuto(shapeElement({ name: 'controller', attrs: { type: 'usb', model: 'nec-xhci' } }, this.machine.usbSpan, []), 0, this.machine.usbSpan, true);
    }
    this.addNics(options);
  }

  private addDefaultVga(options: readonly OptionUse[], devices: readonly DeviceOption[]): void {
    let driver: string | null = null;
    let span = this.machine.typeSpan;
    const vga = options.filter((o) => o.name === 'vga' && o.value).pop();
    if (vga?.value) {
      const requested = vga.value.text;
      if (!Object.hasOwn(VGA_INTERFACE_DRIVERS, requested)) {
        this.problems.push({ severity: 'error', message: `unknown -vga type '${requested}'`, span: vga.value.span });
        return;
      }
      driver = VGA_INTERFACE_DRIVERS[requested];
      span = vga.value.span;
    } else if (this.machine.defaults && this.hasDefaultVga() && !devices.some((d) => d.kind === 'device' && DISPLAY_DRIVERS_REPLACING_DEFAULT_VGA.has(d.driver.value))) {
      driver = 'VGA';
    }
    if (!driver) return;
    const cls = classifyDriver(driver);
    if (cls.kind === 'endpoint') this.addAuto(shapeElement(cls.shape, span, []), 0, span, true);
  }

  /** pc, q35 and pseries create a standard VGA by default; virt has no default display device. */
  private hasDefaultVga(): boolean {
    return this.machine.family === 'q35' || this.machine.family === 'i440fx' || this.machine.family === 'pseries';
  }

  private addNics(options: readonly OptionUse[]): void {
    let networkOptions = 0;
    for (const option of options) {
      if (option.name !== 'net' && option.name !== 'nic' && option.name !== 'netdev') continue;
      networkOptions++;
      if (option.name === 'netdev') continue;
      const properties = parseOption(option, 'type', this.problems);
      const type = properties.find((p) => p.key === 'type');
      if (option.name === 'net' && type?.value !== 'nic') continue;
      if (option.name === 'nic' && type?.value === 'none') continue;
      const model = properties.find((p) => p.key === 'model');
      const driver = model ? nicDriverForModel(propertyValueText(model)) : defaultNicDriver(this.machine.family);
      if (!driver || !option.value) continue;
      this.addDeviceFromProperties(driver, option.value, properties, model ?? null, true);
    }
    if (networkOptions === 0 && this.machine.defaults) {
      const driver = defaultNicDriver(this.machine.family);
      const cls = driver ? classifyDriver(driver) : null;
      if (cls?.kind === 'endpoint') this.addAuto(shapeElement(cls.shape, this.machine.typeSpan, []), 0, this.machine.typeSpan, true);
    }
  }

  /** `-drive if=virtio` becomes a virtio-blk-pci after every -device (QEMU drive_new). */
  addDrive(option: OptionUse, properties: readonly OptionProperty[]): void {
    const iface = properties.find((p) => p.key === 'if');
    if (!option.value || !iface || propertyValueText(iface) !== 'virtio') return;
    if (this.machine.family === 's390-ccw') return;
    this.addDeviceFromProperties('virtio-blk-pci', option.value, properties, iface ?? null, false);
  }

  addDevice(device: DeviceOption): void {
    if (device.kind === 'invalid') {
      this.problems.push(device.problem);
      return;
    }
    this.addDeviceFromProperties(device.driver.value, device.word, device.properties, device.driver, false);
  }

  private addDeviceFromProperties(
    driver: string, word: Word, properties: readonly OptionProperty[], driverProperty: OptionProperty | null, implicit: boolean,
  ): void {
    const get = (key: string) => findLast(properties, key);
    const id = get('id');
    if (id && typeof id.value === 'string') {
      if (this.ids.has(id.value)) {
        this.problems.push({ severity: 'error', message: `Duplicate ID '${id.value}' for device`, span: id.valueSpan });
      }
      this.ids.add(id.value);
    }
    const cls = classifyDriver(driver);
    const driverSpan = driverProperty?.valueSpan ?? word.span;
    if (cls.kind === 'not-pci') return;
    if (cls.kind === 'unknown' && !get('addr') && !get('bus')) {
      this.problems.push({ severity: 'warn', message: `unknown device driver '${driver}': pcilint cannot tell whether it takes a PCI slot`, span: driverSpan });
      return;
    }
    const bus = this.resolveBus(get('bus'));
    if (!bus) return;
    if (cls.kind === 'pci-controller') {
      this.addPciController(driver, cls.model, word, properties, driverSpan, bus);
      return;
    }
    let element: SyntheticElement;
    if (cls.kind === 'endpoint') {
      element = shapeElement(cls.shape, word.span, endpointExtras(cls.shape, get), driverSpan);
    } else {
      if (cls.kind === 'unknown') {
        this.problems.push({ severity: 'warn', message: `unknown device driver '${driver}': treated as a PCI endpoint because it has a bus or addr`, span: driverSpan });
      }
      const connect = cls.kind === 'generic' ? cls.connect : 'pci';
      element = { name: 'qemu-device', span: word.span, attributes: [attr('driver', driver, driverSpan), attr('connect', connect)] };
    }
    this.place(element, bus, properties, word.span, implicit);
  }

  private resolveBus(busProperty: OptionProperty | undefined): BusRef | null {
    if (!busProperty) return { index: 0, model: rootModelFor(this.machine.family) };
    const name = propertyValueText(busProperty);
    const bus = this.busNames.get(name);
    if (!bus) {
      // QEMU resolves bus= when the device is created, so a bus defined later on the line does not exist yet.
      this.problems.push({ severity: 'error', message: `Bus '${name}' not found`, span: busProperty.valueSpan });
      return null;
    }
    return bus;
  }

  private addPciController(
    driver: string, model: PciControllerModel, word: Word, properties: readonly OptionProperty[], driverSpan: Span, bus: BusRef,
  ): void {
    const index = this.nextControllerIndex++;
    this.controllerIndexOfWord.set(word, index);
    const targetAttributes: SyntheticAttribute[] = [];
    const targetChildren: SyntheticElement[] = [];
    for (const p of properties) {
      const name = ownEntry(CONTROLLER_TARGET_PROPERTIES, p.key);
      if (name === 'hotplug') targetAttributes.push(attr('hotplug', isOff(p.value) ? 'off' : 'on', p.span, p.valueSpan));
      else if (name) targetAttributes.push(attr(name, propertyValueText(p), p.span, p.valueSpan));
      else if (p.key === 'numa_node') targetChildren.push({ name: 'node', span: p.span, text: propertyValueText(p) });
    }
    // QEMU's chassis default is 0 (hw/pci-bridge/pcie_root_port.c), not libvirt's "the index":
    // two ports without chassis= clash (oracle: "Can't add chassis slot, error -16").
    if ((model === 'pcie-root-port' || model === 'pcie-switch-downstream-port') && !properties.some((p) => p.key === 'chassis')) {
      targetAttributes.push(attr('chassis', '0'));
    }
    const globalHotplug = this.globals.get(driver)?.get('hotplug');
    if (globalHotplug && !properties.some((p) => p.key === 'hotplug')) {
      targetAttributes.push(attr('hotplug', isOff(globalHotplug.value) ? 'off' : 'on', globalHotplug.span, globalHotplug.valueSpan));
    }
    const element: SyntheticElement = {
      name: 'controller',
      span: word.span,
      attributes: [attr('type', 'pci'), attr('index', String(index)), attr('model', model, driverSpan)],
      children: [
        { name: 'model', span: driverSpan, attributes: [attr('name', driver, driverSpan)] },
        ...(targetAttributes.length || targetChildren.length ? [{ name: 'target', span: word.span, attributes: targetAttributes, children: targetChildren }] : []),
      ],
    };
    if (model === 'pci-root') {
      // spapr-pci-host-bridge: a new root bus, named after the id with ".0" (qbus naming).
      this.controllers.push(element);
      const id = findLast(properties, 'id');
      if (id) this.busNames.set(`${propertyValueText(id)}.0`, { index, model });
      return;
    }
    const id = findLast(properties, 'id');
    if (id) this.busNames.set(propertyValueText(id), { index, model });
    this.place(element, bus, properties, word.span, false, true);
  }

  /** Adds a function at its written address, or where QEMU would put it. */
  private place(element: SyntheticElement, bus: BusRef, properties: readonly OptionProperty[], span: Span, implicit: boolean, isController = false): void {
    const addr = findLast(properties, 'addr');
    const busProperty = findLast(properties, 'bus');
    const multifunction = findLast(properties, 'multifunction');
    let slot: number | null;
    let fn = 0;
    let predicted = false;
    if (addr) {
      const parsed = parseDevfn(addr.value);
      if (!parsed) {
        this.problems.push({ severity: 'error', message: `Property 'addr' doesn't take value '${propertyValueText(addr)}'`, span: addr.valueSpan });
        return;
      }
      ({ slot, fn } = parsed);
    } else {
      const range = autoSlotRange(bus.model);
      slot = this.occupancy.firstFreeSlot(bus.index, range.first, range.last);
      predicted = true;
      if (slot === null) {
        this.problems.push({ severity: 'error', message: 'PCI: no slot/function available, all 32 slots are taken', span });
        return;
      }
    }
    this.occupancy.take(bus.index, slot, fn);
    const addressAttributes = [
      attr('type', 'pci'),
      attr('domain', '0x0000'),
      attr('bus', hex(bus.index), busProperty?.span, busProperty?.valueSpan),
      attr('slot', hex(slot), addr?.span, addr?.valueSpan),
      attr('function', hex(fn, 1), addr?.span, addr?.valueSpan),
      ...(multifunction ? [attr('multifunction', isOn(multifunction.value) ? 'on' : 'off', multifunction.span, multifunction.valueSpan)] : []),
    ];
    const withAddress: SyntheticElement = {
      ...element,
      children: [...(element.children ?? []), { name: 'address', span: addr?.span ?? span, attributes: addressAttributes }],
    };
    if (isController) {
      this.controllers.push(withAddress);
      if (predicted) this.predictedControllers.add(withAddress);
      return;
    }
    this.functions.push({ element: this.withTypeIndex(withAddress), implicit, predictedAddress: predicted });
  }

  private addFixed(element: SyntheticElement, slot: number, fn: number): void {
    this.occupancy.take(0, slot, fn);
    const address: SyntheticElement = {
      name: 'address',
      span: element.span,
      attributes: [attr('type', 'pci'), attr('domain', '0x0000'), attr('bus', '0x00'), attr('slot', hex(slot)), attr('function', hex(fn, 1))],
    };
    this.functions.push({ element: this.withTypeIndex({ ...element, children: [...(element.children ?? []), address] }), implicit: true, predictedAddress: false });
  }

  private addAuto(element: SyntheticElement, busIndex: number, span: Span, implicit: boolean): void {
    this.place(element, { index: busIndex, model: rootModelFor(this.machine.family) }, [], span, implicit);
  }

  /** Non-PCI controllers (usb, scsi, sata, ide, virtio-serial) are numbered per type in order. */
  private withTypeIndex(element: SyntheticElement): SyntheticElement {
    if (element.name !== 'controller') return element;
    const type = element.attributes?.find((a) => a.name === 'type')?.value ?? '';
    const index = this.typeIndexes.get(type) ?? 0;
    this.typeIndexes.set(type, index + 1);
    return { ...element, attributes: [...(element.attributes ?? []), attr('index', String(index))] };
  }

  finish(commandLine: CommandLine, devices: readonly DeviceOption[]): DeviceGraph {
    const span = commandLine.program.span;
    const m = this.machine;
    const deviceElements = [...this.controllers, ...this.functions.map((f) => f.element)];
    const domain: SyntheticElement = {
      name: 'domain',
      span,
      attributes: [attr('type', 'kvm')],
      children: [
        { name: 'os', span, children: [{ name: 'type', span: m.typeSpan, attributes: [attr('arch', m.arch), attr('machine', m.type, m.typeSpan, m.typeSpan)] }] },
        ...(m.acpi ? [{ name: 'features', span, children: [{ name: 'acpi', span }] }] : []),
        ...(m.numaCells ? [{ name: 'cpu', span, children: [{ name: 'numa', span, children: Array.from({ length: m.numaCells }, () => ({ name: 'cell', span })) }] }] : []),
        { name: 'devices', span, children: deviceElements },
      ],
    };
    const root = materialize(domain);
    const built = buildGraphFromDomainXml(root);
    if (built.kind !== 'graph') throw new Error(`internal: argv graph skipped: ${built.reason}`);
    const materializedDevices = root.children.find((c) => c.name === 'devices')!.children;
    const implicit = new Set<object>();
    const predicted = new Set<object>();
    deviceElements.forEach((synthetic, i) => {
      const element = materializedDevices[i];
      if (this.implicitControllers.has(synthetic)) implicit.add(element);
      if (this.predictedControllers.has(synthetic)) predicted.add(element);
      const placed = this.functions[i - this.controllers.length];
      if (placed?.implicit) implicit.add(element);
      if (placed?.predictedAddress) predicted.add(element);
    });
    const mark = <T extends GraphNode>(node: T): T => {
      const element = node.element as object | null;
      if (!element) return node;
      let result = node;
      if (implicit.has(element)) result = { ...result, origin: 'implicit' };
      // 00:00.0 is libvirt's "assign one for me"; on a command line it is a real slot (pseries VGA).
      if (result.address?.empty) result = { ...result, address: { ...result.address, empty: false } };
      if (predicted.has(element) && result.address) {
        result = { ...result, address: { ...result.address, predicted: true } };
      }
      return result;
    };
    const graph = built.graph;
    const controllers = graph.controllers.map(mark);
    const byOldController = new Map(graph.controllers.map((c, i) => [c, controllers[i]] as const));
    const buses = new Map([...graph.buses].map(([index, bus]) => [index, { ...bus, controller: byOldController.get(bus.controller) ?? bus.controller }] as const));
    return {
      ...graph,
      source: 'qemu-argv',
      sourceProblems: this.problems,
      commandLine: this.layout(commandLine, devices),
      controllers,
      devices: graph.devices.map(mark),
      buses,
      root: graph.root ? byOldController.get(graph.root) ?? graph.root : null,
    };
  }

  /** The command line's layout for the fix printer (fix/argv-fixer.ts). */
  private layout(commandLine: CommandLine, devices: readonly DeviceOption[]): DeviceGraph['commandLine'] {
    const words = [commandLine.program, ...commandLine.args];
    const wordIndex = new Map(words.map((w, i) => [w, i] as const));
    const laidOut: CommandLineDevice[] = [];
    for (const d of devices) {
      if (d.kind !== 'device') continue;
      const optionWord = wordIndex.get(d.optionWord);
      if (optionWord === undefined) continue;
      const id = findLast(d.properties, 'id');
      laidOut.push({
        optionWord,
        syntax: d.syntax,
        driver: d.driver.value,
        id: id && typeof id.value === 'string' ? id.value : null,
        controllerIndex: this.controllerIndexOfWord.get(d.word) ?? null,
        properties: d.properties.map((p): CommandLineProperty => ({ key: p.key, form: p.form, type: valueType(p.value), span: p.span, valueSpan: p.valueSpan })),
      });
    }
    return { format: commandLine.format, words: words.map((w) => w.span), rootBus: ROOT_BUS_NAME(this.machine.family), devices: laidOut };
  }
}

function valueType(value: OptionProperty['value']): CommandLineProperty['type'] {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'other';
}

function findLast(properties: readonly OptionProperty[], key: string): OptionProperty | undefined {
  for (let i = properties.length - 1; i >= 0; i--) if (properties[i].key === key) return properties[i];
  return undefined;
}

/** QEMU's `-net nic,model=` names: `virtio` is virtio-net-pci; others are driver names. */
function nicDriverForModel(model: string): string {
  return model === 'virtio' ? 'virtio-net-pci' : model;
}

/**
 * QEMU's PCI devfn property (hw/core/qdev-properties-system.c,
 * set_pci_devfn): an integer devfn, or "slot[.function]" in hex.
 */
export function parseDevfn(value: OptionProperty['value']): { slot: number; fn: number } | null {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value < 256 ? { slot: value >> 3, fn: value & 7 } : null;
  }
  if (typeof value !== 'string') return null;
  const match = /^(?:0x)?([0-9a-f]+)(?:\.(?:0x)?([0-9a-f]+))?$/i.exec(value.trim());
  if (!match) return null;
  const slot = parseInt(match[1], 16);
  const fn = match[2] === undefined ? 0 : parseInt(match[2], 16);
  // QEMU refuses slot > 0x1f or function > 7 at parse time; keep them so the range rule points at them.
  return { slot, fn };
}

/** Children an endpoint needs from its properties: the host address of vfio-pci. */
function endpointExtras(shape: ElementShape, get: (key: string) => OptionProperty | undefined): SyntheticElement[] {
  if (shape.name === 'hostdev' && shape.attrs?.type === 'pci') {
    const host = get('host');
    const parsed = host ? parseHostAddress(propertyValueText(host)) : null;
    if (!host || !parsed) return [];
    return [{
      name: 'source',
      span: host.span,
      children: [{
        name: 'address',
        span: host.valueSpan,
        attributes: [attr('domain', hex(parsed.domain, 4)), attr('bus', hex(parsed.bus)), attr('slot', hex(parsed.slot)), attr('function', hex(parsed.fn, 1))],
      }],
    }];
  }
  return [];
}

/** vfio-pci `host=`: `[domain:]bus:slot.function` in hex. */
function parseHostAddress(text: string): { domain: number; bus: number; slot: number; fn: number } | null {
  const match = /^(?:([0-9a-f]{1,4}):)?([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])$/i.exec(text);
  if (!match) return null;
  return { domain: parseInt(match[1] ?? '0', 16), bus: parseInt(match[2], 16), slot: parseInt(match[3], 16), fn: parseInt(match[4], 16) };
}

/** A catalog shape as a synthetic element; attributes point at the driver name when one is given. */
function shapeElement(shape: ElementShape, span: Span, extraChildren: readonly SyntheticElement[], driverSpan?: Span): SyntheticElement {
  const toElement = (s: ElementShape, top: boolean): SyntheticElement => ({
    name: s.name,
    span,
    attributes: Object.entries(s.attrs ?? {}).map(([name, value]) => attr(name, value, top && name === 'model' ? driverSpan : undefined)),
    children: (s.children ?? []).map((c) => toElement(c, false)),
  });
  const element = toElement(shape, true);
  return { ...element, children: [...(element.children ?? []), ...extraChildren] };
}
