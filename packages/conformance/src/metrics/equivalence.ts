import { chipsetFunctions, type ControllerNode, type DeviceGraph, type DeviceNode, type PciAddress } from '@pcilint/core';
import type { CorpusLinter, GraphOutcome } from '../corpus-linter.js';
import { familyOf, type Corpus, type ManifestEntry, type ManifestRun } from '../manifest.js';

/**
 * Metric 5 (issue 4): the graph pcilint builds from the QEMU command line
 * libvirt generated must show the same PCI topology as the graph it builds
 * from libvirt's normalised XML of the same case under the same QEMU
 * capabilities: every controller and device on the same bus path, slot and
 * function, with the same model class.
 */
export interface EquivalencePair {
  readonly name: string;
  readonly family: string;
  readonly pci: boolean;
  readonly args: string;
  readonly xml: string;
  readonly equivalent: boolean;
  /** "only in XML: 00:02.0 controller:pcie-root-port", "class differs at ...". */
  readonly differences: readonly string[];
  /** Front-end problems reported on the command line (should be none). */
  readonly argvProblems: readonly string[];
}

export interface FamilyEquivalence {
  readonly pairs: number;
  readonly equivalent: number;
  readonly rate: number;
}

export interface EquivalenceMetric {
  readonly pairs: number;
  readonly equivalent: number;
  readonly rate: number;
  readonly pciPairs: number;
  readonly pciEquivalent: number;
  readonly pciRate: number;
  readonly byFamily: Readonly<Record<string, FamilyEquivalence>>;
  readonly mismatches: readonly EquivalencePair[];
  /** Pairs whose files are not on disk (not counted; a file that builds no graph counts as a difference). */
  readonly unavailable: readonly string[];
}

/** (args, xml) outputs of one case produced under the same capabilities. */
export function argvXmlPairs(entry: ManifestEntry): { args: string; xml: string }[] {
  const passing = (test: string) => entry.runs.filter((r): r is ManifestRun & { output: string } => r.test === test && r.expect === 'pass' && r.output !== null);
  const pairs = new Map<string, { args: string; xml: string }>();
  for (const argv of passing('qemuxml2argvtest')) {
    const xml = passing('qemuxml2xmltest').find((r) => r.capsKey === argv.capsKey);
    if (xml) pairs.set(`${argv.output}|${xml.output}`, { args: argv.output, xml: xml.output });
  }
  return [...pairs.values()];
}

export function measureEquivalence(corpus: Corpus, linter: CorpusLinter): EquivalenceMetric {
  const results: EquivalencePair[] = [];
  const unavailable: string[] = [];
  for (const entry of corpus.entries) {
    for (const { args, xml } of argvXmlPairs(entry)) {
      const fromArgs = linter.graph(args);
      const fromXml = linter.graph(xml);
      if (fromArgs.kind === 'missing' || fromXml.kind === 'missing') {
        unavailable.push(`${entry.name}: ${[args, xml].filter((_, i) => [fromArgs, fromXml][i].kind === 'missing').join(', ')} missing`);
        continue;
      }
      if (fromArgs.kind !== 'graph' || fromXml.kind !== 'graph') {
        // A file on disk that builds no graph is a failure of pcilint, not an excuse: it counts against the rate.
        const problem = (file: string, outcome: GraphOutcome) => (outcome.kind === 'unavailable' ? [`no graph from ${file}: ${outcome.problem}`] : []);
        results.push({
          name: entry.name, family: familyOf(entry), pci: entry.pci, args, xml, equivalent: false,
          differences: [...problem(args, fromArgs), ...problem(xml, fromXml)], argvProblems: [],
        });
        continue;
      }
      const differences = compareTopology(topologyOf(fromXml.graph), topologyOf(fromArgs.graph), chipsetPositions(fromArgs.graph));
      results.push({
        name: entry.name,
        family: familyOf(entry),
        pci: entry.pci,
        args,
        xml,
        equivalent: differences.length === 0,
        differences,
        argvProblems: (fromArgs.graph.sourceProblems ?? []).map((p) => `${p.severity}: ${p.message}`),
      });
    }
  }
  const rate = (n: number, d: number) => (d === 0 ? 1 : n / d);
  const byFamily: Record<string, FamilyEquivalence> = {};
  for (const r of [...results].sort((a, b) => a.family.localeCompare(b.family))) {
    const f = byFamily[r.family] ?? { pairs: 0, equivalent: 0, rate: 1 };
    const pairs = f.pairs + 1;
    const equivalent = f.equivalent + (r.equivalent ? 1 : 0);
    byFamily[r.family] = { pairs, equivalent, rate: rate(equivalent, pairs) };
  }
  const equivalent = results.filter((r) => r.equivalent).length;
  const pci = results.filter((r) => r.pci);
  const pciEquivalent = pci.filter((r) => r.equivalent).length;
  return {
    pairs: results.length,
    equivalent,
    rate: rate(equivalent, results.length),
    pciPairs: pci.length,
    pciEquivalent,
    pciRate: rate(pciEquivalent, pci.length),
    byFamily,
    mismatches: results.filter((r) => !r.equivalent || r.argvProblems.length > 0),
    unavailable,
  };
}

/** Position (bus path + slot.function) -> model class, for every PCI function of a graph. */
export function topologyOf(graph: DeviceGraph): Map<string, string[]> {
  const byIndex = new Map(graph.controllers.filter((c) => c.index !== null).map((c) => [c.index as number, c] as const));
  const pathCache = new Map<number, string>();
  const busPath = (index: number, depth = 0): string => {
    const cached = pathCache.get(index);
    if (cached !== undefined) return cached;
    const controller = byIndex.get(index);
    let path: string;
    if (!controller || depth > 64) path = `?bus${index}`;
    else if (controller.model === 'pci-root' || controller.model === 'pcie-root') {
      // Extra pseries PHBs are roots too; their target index names them.
      path = index === 0 ? 'root' : `phb${controller.target.index?.value ?? `?${index}`}`;
    } else if (!controller.address || controller.address.bus?.value == null) path = `?unplaced${index}`;
    else path = `${busPath(controller.address.bus.value, depth + 1)}/${slotFunction(controller.address)}`;
    pathCache.set(index, path);
    return path;
  };
  const items = new Map<string, string[]>();
  const add = (position: string, cls: string) => {
    const list = items.get(position) ?? [];
    list.push(cls);
    items.set(position, list);
  };
  for (const c of graph.controllers) {
    if (c.index === null) continue;
    if (c.model === 'pci-root' || c.model === 'pcie-root') add(busPath(c.index), controllerClass(c));
    else if (c.address && c.address.bus?.value != null) add(`${busPath(c.address.bus.value)} ${slotFunction(c.address)}`, controllerClass(c));
  }
  for (const d of graph.devices) {
    if (!d.address || d.address.bus?.value == null || d.address.empty) continue;
    add(`${busPath(d.address.bus.value)} ${slotFunction(d.address)}`, deviceClass(d));
  }
  return items;
}

function slotFunction(address: PciAddress): string {
  const hex = (n: number | null | undefined, width: number) => (n == null ? '?' : n.toString(16).padStart(width, '0'));
  return `${hex(address.slot?.value, 2)}.${hex(address.function?.value ?? 0, 1)}`;
}

function controllerClass(c: ControllerNode): string {
  return `controller:${c.model ?? c.modelText ?? '?'}`;
}

/** The kind of device, independent of how each syntax spells it (interface type='hostdev' is a hostdev). */
function deviceClass(d: DeviceNode): string {
  if (d.hostAddress || d.model === 'vfio-pci') return 'hostdev';
  return d.controllerType ? `controller:${d.controllerType}` : d.deviceKind;
}

/**
 * Root-bus functions the chipset itself provides (QEMU hw/i386/pc_piix.c, pc_q35.c: PIIX3 IDE at
 * 00:01.1, ICH9 SATA at 00:1f.2). QEMU creates them whatever the command line
 * says, so the argv graph has them; libvirt's XML lists them only when a disk
 * uses them. Present only on the argv side, they are not a difference.
 */
function chipsetPositions(graph: DeviceGraph): Set<string> {
  return new Set(chipsetFunctions(graph.machine.family).map((f) => `root ${f.slot.toString(16).padStart(2, '0')}.${f.function.toString(16)}`));
}

function compareTopology(xml: Map<string, string[]>, argv: Map<string, string[]>, chipset: ReadonlySet<string>): string[] {
  const differences: string[] = [];
  for (const [position, classes] of xml) {
    const other = argv.get(position);
    if (!other) differences.push(`only in XML: ${position} ${classes.join('+')}`);
    else if ([...classes].sort().join('+') !== [...other].sort().join('+')) differences.push(`class differs at ${position}: XML ${classes.join('+')}, argv ${other.join('+')}`);
  }
  for (const [position, classes] of argv) {
    if (!xml.has(position) && !chipset.has(position)) differences.push(`only in argv: ${position} ${classes.join('+')}`);
  }
  return differences;
}
