import { CONTROLLER_MODELS } from '../catalog/controllers.js';
import type { CommandLineDevice, CommandLineLayout, CommandLineProperty, DeviceGraph } from '../ir/graph.js';
import type { Span } from '../syntax/source.js';
import type { XmlAttribute, XmlElement } from '../syntax/xml.js';
import { mergeEdits, type Edit } from './edit.js';
import type { NewController, RuleFixer } from './rule-fixer.js';

/**
 * The RuleFixer for QEMU command lines (.args files and shell scripts): the
 * graph's libvirt-shaped elements point into the command line, and each
 * operation is printed as a `-device` property edit in that device's syntax
 * (key=value with `,,` escaping, or JSON) and in the shell quoting of its
 * word. /proc/PID/cmdline and `ps` lines get no fixes: they are snapshots of
 * a running process, not files anyone starts a guest from, and a ps line has
 * lost the quoting a fixed command would need.
 */
export function createArgvFixer(sourceText: string, graph: DeviceGraph): RuleFixer {
  const layout = graph.commandLine;
  const none = () => null;
  if (!layout || (layout.format !== 'args-file' && layout.format !== 'shell-script')) {
    return { setValue: none, setAttribute: none, removeAttributes: none, removeElement: none, appendChild: none, insertControllers: none };
  }
  const printer = new ArgvPrinter(sourceText, graph, layout);
  return {
    setValue: (attr, value) => printer.setValue(attr, value),
    setAttribute: (element, name, value) => printer.setAttribute(element, name, value),
    removeAttributes: (attrs) => printer.removeAttributes(attrs),
    removeElement: (element) => printer.removeElement(element),
    // Appending an element (virtio-mmio -> PCI) means another driver on a command line.
    appendChild: none,
    insertControllers: (controllers) => printer.insertControllers(controllers),
  };
}

/** How a `-device` value word is quoted as a whole; null when quotes cover only parts of it. */
type Quoting = 'none' | 'single' | 'double';

/** Property types QEMU's JSON syntax wants for the properties fixes write. */
const JSON_NUMBERS = new Set(['chassis', 'port', 'chassis_nr', 'bus_nr', 'index', 'numa_node']);
const JSON_BOOLEANS = new Set(['multifunction', 'hotplug']);

/** libvirt `<target>` attribute -> QEMU property. */
const TARGET_PROPERTIES: Readonly<Record<string, string>> = {
  chassis: 'chassis', port: 'port', chassisNr: 'chassis_nr', busNr: 'bus_nr', index: 'index', hotplug: 'hotplug',
};

/** Order libvirt writes controller properties in (qemuBuildControllerPCIDevProps). */
const NEW_TARGET_ORDER = ['port', 'chassis', 'chassis_nr', 'bus_nr', 'index'];

interface Located {
  readonly device: CommandLineDevice;
  readonly property: CommandLineProperty;
}

class ArgvPrinter {
  constructor(private readonly text: string, private readonly graph: DeviceGraph, private readonly layout: CommandLineLayout) {}

  setValue(attr: XmlAttribute, value: string): Edit | null {
    const located = this.locate(attr);
    // A <target> value QEMU defaults (chassis 0 without chassis=) is set by writing the property.
    if (!located && attr.element?.name === 'target' && sameSpan(attr.valueSpan, attr.element.span)) return this.setAttribute(attr.element, attr.name, value);
    if (!located) return null;
    const qemuValue = this.qemuValue(attr.element, attr.name, value, located.device);
    return qemuValue === null ? null : this.replaceValue(located, qemuValue);
  }

  setAttribute(element: XmlElement, name: string, value: string): Edit | null {
    const key = propertyKey(element, name);
    const device = this.deviceContaining(element.span);
    if (!key || !device) return null;
    const qemuValue = this.qemuValue(element, name, value, device);
    if (qemuValue === null) return null;
    const existing = findLast(device.properties, key);
    if (existing) return this.replaceValue({ device, property: existing }, qemuValue);
    const last = device.properties[device.properties.length - 1];
    const encoded = device.syntax === 'json' ? `,${JSON.stringify(key)}:${jsonLiteral(key, qemuValue, this.jsonQuote(device))}` : `,${key}=${keyvalEscape(qemuValue)}`;
    const shell = this.shellEscape(device, encoded);
    if (shell === null) return null;
    // JSON: after the last member's value; key=value: after the last property.
    return { range: [last.span.end, last.span.end], text: shell };
  }

  removeAttributes(attrs: readonly XmlAttribute[]): Edit | null {
    const targets = new Map<CommandLineProperty, Located>();
    for (const attr of attrs) {
      const located = this.locate(attr);
      if (!located || located.property.key === 'driver') return null;
      targets.set(located.property, located);
    }
    const edits: Edit[] = [];
    for (const located of targets.values()) {
      const edit = this.removeProperty(located);
      if (!edit) return null;
      edits.push(edit);
    }
    return mergeEdits(this.text, edits);
  }

  removeElement(element: XmlElement): Edit | null {
    const device = this.deviceContaining(element.span);
    if (!device) return null;
    const valueWord = this.layout.words[device.optionWord + 1];
    if (element.parent?.name === 'devices' && sameSpan(element.span, valueWord)) {
      // `-device X` goes with the separator before it (blanks, `\`-newline, indentation).
      const previous = this.layout.words[device.optionWord - 1];
      return { range: [previous.end, valueWord.end], text: '' };
    }
    // A child element that is a property of its own: an address written as addr=, a NUMA node.
    const keys = element.name === 'address' ? ['addr', 'multifunction'] : element.name === 'node' ? ['numa_node'] : [];
    const owner = device.properties.find((p) => keys.includes(p.key) && sameSpan(p.span, element.span));
    if (!owner) return null;
    const edits = device.properties.filter((p) => keys.includes(p.key)).map((p) => this.removeProperty({ device, property: p }));
    if (edits.some((e) => e === null)) return null;
    return mergeEdits(this.text, edits as Edit[]);
  }

  insertControllers(controllers: readonly NewController[]): Edit | null {
    if (controllers.length === 0) return null;
    const { devices, words } = this.layout;
    const anchor = [...devices].reverse().find((d) => d.controllerIndex !== null) ?? devices[devices.length - 1] ?? null;
    const anchorWord = anchor ? anchor.optionWord + 1 : words.length - 1;
    const separator = anchor
      ? this.blanks(words[anchor.optionWord - 1].end, words[anchor.optionWord].start)
      : words.length > 1 ? this.blanks(words[words.length - 2].end, words[words.length - 1].start) : ' ';
    const inner = anchor ? this.blanks(words[anchor.optionWord].end, words[anchor.optionWord + 1].start) : ' ';
    const syntax = anchor?.syntax ?? 'keyval';
    const quoting = (anchor && this.quoting(anchor)) ?? (syntax === 'json' ? 'single' : 'none');
    const usedIds = new Set(devices.map((d) => d.id).filter((id): id is string => id !== null));
    const busNames = new Map<number, string>();
    for (const d of devices) if (d.controllerIndex !== null && d.id) busNames.set(d.controllerIndex, d.id);
    let text = '';
    for (const c of controllers) {
      const driver = c.modelName ?? CONTROLLER_MODELS[c.model]?.qemuDriver ?? (c.model === 'pci-root' ? 'spapr-pci-host-bridge' : null);
      if (!driver) return null;
      let id = `pci.${c.index}`;
      for (let k = 1; usedIds.has(id); k++) id = `pci.${c.index}-${k}`;
      usedIds.add(id);
      const props: [string, string][] = [];
      const target = new Map(c.target ?? []);
      // QEMU's defaults (chassis 0, chassis_nr 0) clash or are refused; libvirt writes the index.
      if ((c.model === 'pcie-root-port' || c.model === 'pcie-switch-downstream-port') && !target.has('chassis')) target.set('chassis', String(c.index));
      if (c.model === 'pci-bridge' && !target.has('chassisNr')) target.set('chassisNr', String(c.index));
      const byKey = new Map<string, string>();
      for (const [name, value] of target) {
        const key = TARGET_PROPERTIES[name];
        if (!key) return null;
        byKey.set(key, value);
      }
      for (const key of NEW_TARGET_ORDER) if (byKey.has(key)) props.push([key, byKey.get(key)!]);
      props.push(['id', id]);
      if (c.address) {
        const bus = c.address.bus === 0 ? this.layout.rootBus : busNames.get(c.address.bus);
        if (!bus) return null;
        props.push(['bus', bus]);
        if (c.address.multifunction) props.push(['multifunction', 'on']);
        props.push(['addr', devfnText(c.address.slot, c.address.function)]);
      }
      busNames.set(c.index, id);
      const value =
        syntax === 'json'
          ? `{"driver":${JSON.stringify(driver)}${props.map(([k, v]) => `,${JSON.stringify(k)}:${jsonLiteral(k, v, '"')}`).join('')}}`
          : [driver, ...props.map(([k, v]) => `${k}=${keyvalEscape(v)}`)].join(',');
      const word = quoteWord(value, quoting);
      if (word === null) return null;
      text += `${separator}-device${inner}${word}`;
    }
    const at = words[anchorWord].end;
    return { range: [at, at], text };
  }

  // -------------------------------------------------------------------------

  /** The -device property an attribute was read from; null for synthesised attributes. */
  private locate(attr: XmlAttribute): Located | null {
    const key = propertyKey(attr.element, attr.name);
    const device = this.deviceContaining(attr.valueSpan);
    if (!key || !device) return null;
    const property = device.properties.find((p) => p.key === key && sameSpan(p.valueSpan, attr.valueSpan));
    return property ? { device, property } : null;
  }

  private deviceContaining(span: Span): CommandLineDevice | null {
    for (const d of this.layout.devices) {
      const word = this.layout.words[d.optionWord + 1];
      if (word && span.start >= word.start && span.end <= word.end) return d;
    }
    return null;
  }

  /** libvirt's value for `element`'s attribute `name` as the QEMU property wants it. */
  private qemuValue(element: XmlElement | null, name: string, value: string, device: CommandLineDevice): string | null {
    if (element?.name === 'address') {
      if (name === 'slot' || name === 'function') {
        const field = (n: string) => (n === name ? value : element.attributes.find((a) => a.name === n)?.value ?? '0');
        const slot = Number(field('slot'));
        const fn = Number(field('function'));
        if (!Number.isInteger(slot) || !Number.isInteger(fn)) return null;
        const addr = findLast(device.properties, 'addr');
        // A JSON devfn written as a number stays one.
        return addr?.type === 'number' ? String((slot << 3) | fn) : devfnText(slot, fn);
      }
      if (name === 'bus') {
        const index = Number(value);
        if (!Number.isInteger(index)) return null;
        if (index === 0) return this.layout.rootBus;
        return this.layout.devices.find((d) => d.controllerIndex === index)?.id ?? null;
      }
    }
    return value;
  }

  private replaceValue({ device, property }: Located, value: string): Edit | null {
    let encoded: string;
    let range: Span = property.valueSpan;
    if (device.syntax === 'json') {
      if (property.type === 'string') encoded = jsonStringContent(value, this.text[property.valueSpan.start - 1] === "'" ? "'" : '"');
      else if (property.type === 'number') {
        const n = Number(value);
        if (!Number.isFinite(n)) return null;
        encoded = String(n);
      } else if (property.type === 'boolean') {
        const b = booleanOf(value);
        if (b === null) return null;
        encoded = String(b);
      } else return null;
    } else if (property.form === 'flag') {
      // `multifunction` (a bare flag) becomes `multifunction=on`.
      range = property.span;
      encoded = `${property.key}=${keyvalEscape(value)}`;
    } else encoded = keyvalEscape(value);
    const shell = this.shellEscape(device, encoded);
    return shell === null ? null : { range: [range.start, range.end], text: shell };
  }

  /** Drops a property with its separator: the `,` (and JSON blanks) before it, after it for a JSON first member. */
  private removeProperty({ device, property }: Located): Edit | null {
    if (property.key === 'driver' && property.form === 'implied') return null;
    if (this.quoting(device) === null) return null;
    const ordered = [...device.properties].sort((a, b) => a.span.start - b.span.start);
    const i = ordered.indexOf(property);
    if (i > 0) return { range: [ordered[i - 1].span.end, property.span.end], text: '' };
    if (ordered.length > 1) return { range: [property.span.start, ordered[1].span.start], text: '' };
    return null;
  }

  private quoting(device: CommandLineDevice): Quoting | null {
    const word = this.layout.words[device.optionWord + 1];
    const raw = this.text.slice(word.start, word.end);
    if (/^'[^']*'$/.test(raw)) return 'single';
    if (/^"(?:[^"\\$`]|\\[\s\S])*"$/.test(raw)) return 'double';
    if (!/['"\\$`\s]/.test(raw)) return 'none';
    return null;
  }

  /** Text to place inside the device's word, escaped for its shell quoting; null when that cannot be done cleanly. */
  private shellEscape(device: CommandLineDevice, text: string): string | null {
    const quoting = this.quoting(device);
    if (quoting === null) return null;
    return escapeFor(text, quoting);
  }

  private jsonQuote(device: CommandLineDevice): '"' | "'" {
    const first = device.properties[0];
    return first && this.text[first.valueSpan.start - 1] === "'" ? "'" : '"';
  }

  /** The separator between two words when it is only blanks and `\`-newlines, else one space. */
  private blanks(from: number, to: number): string {
    const between = this.text.slice(from, to);
    return /^(?:[ \t]|\\\r?\n)+$/.test(between) ? between : ' ';
  }
}

/** The QEMU property behind a libvirt attribute of the synthetic tree, or null. */
function propertyKey(element: XmlElement | null, name: string): string | null {
  switch (element?.name) {
    case 'address':
      return name === 'slot' || name === 'function' ? 'addr' : name === 'bus' || name === 'multifunction' ? name : null;
    case 'target':
      return TARGET_PROPERTIES[name] ?? null;
    case 'model':
      return name === 'name' && element.parent?.name === 'controller' ? 'driver' : null;
    default:
      return null;
  }
}

function escapeFor(text: string, quoting: Quoting): string | null {
  if (quoting === 'single') return text.includes("'") ? null : text;
  if (quoting === 'double') return text.replace(/[\\"$`]/g, (c) => '\\' + c);
  return /^[A-Za-z0-9_.,=:/@%+-]*$/.test(text) ? text : null;
}

function quoteWord(value: string, quoting: Quoting): string | null {
  const inner = escapeFor(value, quoting);
  if (inner === null) return null;
  return quoting === 'single' ? `'${inner}'` : quoting === 'double' ? `"${inner}"` : inner;
}

/** QEMU's devfn text as libvirt writes it: `0x2`, `0x2.0x1`. */
function devfnText(slot: number, fn: number): string {
  return fn === 0 ? `0x${slot.toString(16)}` : `0x${slot.toString(16)}.0x${fn.toString(16)}`;
}

function keyvalEscape(value: string): string {
  return value.replace(/,/g, ',,');
}

function jsonStringContent(value: string, quote: '"' | "'"): string {
  const content = JSON.stringify(value).slice(1, -1);
  return quote === "'" ? content.replace(/'/g, "\\'") : content;
}

/** A JSON literal for a property fixes write, typed as QEMU's JSON syntax requires. */
function jsonLiteral(key: string, value: string, quote: '"' | "'"): string {
  if (JSON_NUMBERS.has(key) && Number.isFinite(Number(value))) return String(Number(value));
  if (JSON_BOOLEANS.has(key) && booleanOf(value) !== null) return String(booleanOf(value));
  return quote + jsonStringContent(value, quote) + quote;
}

function booleanOf(value: string): boolean | null {
  if (['on', 'true', 'yes'].includes(value)) return true;
  if (['off', 'false', 'no'].includes(value)) return false;
  return null;
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

function findLast(properties: readonly CommandLineProperty[], key: string): CommandLineProperty | undefined {
  for (let i = properties.length - 1; i >= 0; i--) if (properties[i].key === key) return properties[i];
  return undefined;
}
