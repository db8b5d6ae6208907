import type { DeviceGraph, GraphNode } from '../ir/graph.js';
import type { Span } from '../syntax/source.js';
import { attributeValue, child, sameNameOrdinal, type XmlElement } from '../syntax/xml.js';
import type { Locatable } from './rule.js';

/**
 * Stable paths of the graph nodes messages are about, for fingerprints
 * (SARIF partialFingerprints, GitLab Code Quality): a path must not change
 * when unrelated lines move, so devices are named by what identifies them to
 * libvirt rather than by position where they can be:
 *
 * - a PCI controller by type and index: `/domain/devices/controller[@type='pci'][@index='3']`
 * - a disk by target: `/domain/devices/disk[target/@dev='vda']`
 * - an interface by MAC address, anything with an `<alias name>` by its alias
 * - anything else by its ordinal among devices of the same element name:
 *   `/domain/devices/video[1]` (adding a disk does not renumber videos)
 * - on a QEMU command line, a `-device` by its `id=`: `-device[@id='rp1']`,
 *   else by driver and ordinal: `-device[@driver='e1000'][2]`; devices the
 *   machine type implies hang off `-machine`.
 *
 * A message with no node is about the element it points at (the device that
 * contains it), else the machine; a file that does not parse has `/`.
 */
export class NodePaths {
  private readonly byElement = new Map<XmlElement, GraphNode>();

  constructor(
    private readonly graph: DeviceGraph,
    private readonly text: string,
  ) {
    for (const node of [...graph.controllers, ...graph.devices]) if (node.element) this.byElement.set(node.element, node);
  }

  /** The path for a report: its node, else what `at` points at, else the span it lands on. */
  forReport(node: GraphNode | undefined, at: Locatable | null | undefined, span: Span): string {
    if (node) return this.ofNode(node);
    if (at && 'kind' in at) return this.ofElement(at.kind === 'attribute' ? at.element : at);
    return this.forSpan(span);
  }

  /** The path of the device whose source contains the span, else of the machine. */
  forSpan(span: Span): string {
    if (this.graph.source === 'qemu-argv') return this.argvPathAt(span.start, null);
    // Device elements do not overlap: the one starting last at or before the span is the only candidate.
    const nodes = (this.byStart ??= [...this.byElement.entries()].sort((a, b) => a[0].span.start - b[0].span.start));
    let lo = 0;
    let hi = nodes.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (nodes[mid]![0].span.start <= span.start) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const hit = found >= 0 ? nodes[found]! : null;
    if (hit && span.end <= hit[0].span.end) return this.ofNode(hit[1]);
    return this.machinePath();
  }

  private byStart: [XmlElement, GraphNode][] | undefined;

  ofNode(node: GraphNode): string {
    if (!node.element) {
      // Implicit nodes have no element: the only one with a fixed identity is the root.
      return node.kind === 'controller' && node.index !== null ? `/domain/devices/controller[@type='pci'][@index='${node.index}']` : `/domain/devices/${node.id}`;
    }
    return this.graph.source === 'qemu-argv' ? this.argvPathAt(node.element.span.start, node.element) : xmlPath(node.element);
  }

  private ofElement(element: XmlElement): string {
    // The device that contains the element: rules point at an attribute of an <address>, a <target>...
    for (let e: XmlElement | null = element; e; e = e.parent) {
      const node = this.byElement.get(e);
      if (node) return this.ofNode(node);
    }
    return this.graph.source === 'qemu-argv' ? this.argvPathAt(element.span.start, null) : xmlPath(element);
  }

  private machinePath(): string {
    const type = this.graph.machine.typeElement;
    if (this.graph.source === 'qemu-argv') return '-machine';
    return type ? xmlPath(type) : '/domain';
  }

  /** The command-line option whose value contains `offset`, named by id or driver and ordinal. */
  private argvPathAt(offset: number, element: XmlElement | null): string {
    const layout = this.graph.commandLine;
    if (!layout) return '-machine';
    const words = layout.words;
    const at = words.findIndex((w) => w.start <= offset && offset < Math.max(w.end, w.start + 1));
    if (at < 0) return '-machine';
    const device = layout.devices.find((d) => d.optionWord + 1 === at || d.optionWord === at);
    if (device) {
      if (device.id !== null) return `-device[@id=${quote(device.id)}]`;
      const sameDriver = layout.devices.filter((d) => d.driver === device.driver);
      return `-device[@driver=${quote(device.driver)}][${sameDriver.indexOf(device) + 1}]`;
    }
    const wordText = (i: number) => (words[i] ? this.text.slice(words[i].start, words[i].end) : '');
    const option = wordText(at).startsWith('-') ? wordText(at) : wordText(at - 1);
    if (option === '-drive') {
      const id = /(?:^|,)id=([^,\s'"]+)/.exec(wordText(at))?.[1];
      if (id !== undefined) return `-drive[@id=${quote(id)}]`;
      const drives = words.map((_, i) => i).filter((i) => wordText(i) === '-drive');
      return `-drive[${drives.indexOf(at - 1) + 1}]`;
    }
    if (!option.startsWith('-') || option === '-machine' || option === '-M') {
      // Devices the machine type implies share the -machine value: tell them apart by element.
      return element ? `-machine/${stepOf(element, true)}` : '-machine';
    }
    // An option pcilint could not read (a -device with bad JSON): its ordinal among its kind.
    const same = words.map((_, i) => i).filter((i) => wordText(i) === option);
    return `${option}[${same.indexOf(wordText(at) === option ? at : at - 1) + 1}]`;
  }
}

/** `/domain/devices/controller[@type='pci'][@index='3']`: keyed steps where libvirt has a key. */
export function xmlPath(element: XmlElement): string {
  const steps: string[] = [];
  for (let e: XmlElement | null = element; e; e = e.parent) steps.unshift(stepOf(e, e.parent?.name === 'devices'));
  return '/' + steps.join('/');
}

function stepOf(element: XmlElement, isDevice: boolean): string {
  const key = isDevice ? deviceKey(element) : null;
  if (key) return `${element.name}${key}`;
  const { ordinal, of } = sameNameOrdinal(element);
  // Devices always carry their ordinal, so a second <video> does not rename the first.
  return isDevice || of > 1 ? `${element.name}[${ordinal}]` : element.name;
}

function deviceKey(element: XmlElement): string | null {
  if (element.name === 'controller') {
    const type = attributeValue(element, 'type');
    const index = attributeValue(element, 'index');
    if (type !== undefined && index !== undefined) return `[@type=${quote(type)}][@index=${quote(index)}]`;
  }
  if (element.name === 'disk') {
    const dev = attributeValue(child(element, 'target'), 'dev');
    if (dev !== undefined) return `[target/@dev=${quote(dev)}]`;
  }
  if (element.name === 'interface') {
    const mac = attributeValue(child(element, 'mac'), 'address');
    if (mac !== undefined) return `[mac/@address=${quote(mac.toLowerCase())}]`;
  }
  const alias = attributeValue(child(element, 'alias'), 'name');
  if (alias !== undefined) return `[alias/@name=${quote(alias)}]`;
  return null;
}

/** An XPath string literal. */
function quote(value: string): string {
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}
