import {
  predictPlacement,
  type DeviceGraph,
  type PciAddress,
  type PlacementPrediction,
  type PredictedDevice,
  type SlotAddress,
} from '@pcilint/core';
import type { CorpusLinter } from '../corpus-linter.js';
import { familyOf, type Corpus, type ManifestEntry } from '../manifest.js';

export interface PlacementCase {
  readonly name: string;
  readonly family: string;
  /** The manifest marks the case PCI-related. */
  readonly pci: boolean;
  readonly input: string;
  /** libvirt's latest-caps xml2xml output(s) the prediction was compared with (usually one). */
  readonly outputs: readonly string[];
  readonly exact: boolean;
  /** The first difference, e.g. "controller index=2 (pcie-root-port): address 00:01.1, predicted 00:02.0"; null when exact. */
  readonly firstDifference: string | null;
  /** Differences found (the comparison goes on after the first one). */
  readonly differences: number;
  /**
   * Devices the prediction gives a PCI address that no PCI-addressed device
   * of the output matches (libvirt gives them none, or a ccw/virtio-mmio one).
   * Not part of exactness, which only looks at the output's PCI addresses; listed to show what it misses.
   */
  readonly predictedOnly: readonly string[];
}

export interface FamilyPlacement {
  readonly cases: number;
  readonly exact: number;
  readonly rate: number;
  readonly pciCases: number;
  readonly pciExact: number;
}

/** multifunction='on' on function-0 addresses: libvirt's output vs the prediction, over the matched items. */
export interface MultifunctionAgreement {
  /** Function-0 addresses where the output or the prediction (or both) says multifunction='on'. */
  readonly checked: number;
  /** Of those, both say it. */
  readonly agree: number;
  /** "case: item (output on|off, predicted on|off)", for the report. */
  readonly disagreements: readonly string[];
}

export interface PlacementMetric {
  readonly cases: number;
  readonly exact: number;
  /** exact / cases (1 when there are no cases). */
  readonly rate: number;
  readonly pciCases: number;
  readonly pciExact: number;
  /** pciExact / pciCases (1 when there are none). */
  readonly pciRate: number;
  readonly byFamily: Readonly<Record<string, FamilyPlacement>>;
  readonly multifunction: MultifunctionAgreement;
  readonly results: readonly PlacementCase[];
  readonly mismatches: readonly PlacementCase[];
  /** Cases with predictedOnly devices (also counted as differences). */
  readonly predictedOnlyCases: readonly PlacementCase[];
  /** Selected entries whose input or output is not on disk (not counted). */
  readonly unavailable: readonly string[];
}

/** The runs the metric compares with: libvirt's own normalised XML with the latest QEMU capabilities. */
export function latestCapsOutputs(entry: ManifestEntry): string[] {
  const outputs = entry.runs
    .filter((r) => r.mode === 'latest-caps' && r.test === 'qemuxml2xmltest' && r.expect === 'pass' && r.output !== null)
    .map((r) => r.output as string);
  return [...new Set(outputs)];
}

/**
 * Metric 4: for every case libvirt defines under the latest capabilities,
 * predict the PCI placement from the input and compare it with libvirt's
 * output: the same controllers (model, index, address, chassis/chassisNr,
 * port) and the same address for every device the output gives a PCI address.
 */
export function measurePlacement(corpus: Corpus, linter: CorpusLinter): PlacementMetric {
  const results: PlacementCase[] = [];
  const unavailable: string[] = [];
  const mf = { checked: 0, agree: 0, disagreements: [] as string[] };
  for (const entry of corpus.entries) {
    if (!entry.input) continue;
    const outputs = latestCapsOutputs(entry);
    if (outputs.length === 0) continue;
    const input = linter.graph(entry.input);
    const outputGraphs = outputs.map((file) => ({ file, outcome: linter.graph(file) }));
    if (input.kind === 'missing' || outputGraphs.some((o) => o.outcome.kind === 'missing')) {
      unavailable.push(entry.name);
      continue;
    }
    const base = { name: entry.name, family: familyOf(entry), pci: entry.pci, input: entry.input, outputs };
    const differences: string[] = [];
    const predictedOnly: string[] = [];
    if (input.kind === 'unavailable') {
      differences.push(`input has no device graph: ${input.problem}`);
    } else {
      let prediction: PlacementPrediction | null = null;
      try {
        prediction = predictPlacement(input.graph);
      } catch (error) {
        differences.push(`predictPlacement threw: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (prediction) {
        for (const { file, outcome } of outputGraphs) {
          const where = outputs.length > 1 ? `${file}: ` : '';
          if (outcome.kind !== 'graph') {
            differences.push(`${where}output has no device graph: ${outcome.kind === 'unavailable' ? outcome.problem : 'missing'}`);
            continue;
          }
          const found = comparePlacement(prediction, outcome.graph);
          differences.push(...found.differences.map((d) => where + d));
          predictedOnly.push(...found.predictedOnly.map((d) => where + d));
          mf.checked += found.multifunction.checked;
          mf.agree += found.multifunction.agree;
          mf.disagreements.push(...found.multifunction.disagreements.map((d) => `${entry.name}: ${where}${d}`));
        }
      }
    }
    results.push({ ...base, exact: differences.length === 0, firstDifference: differences[0] ?? null, differences: differences.length, predictedOnly });
  }

  const byFamily: Record<string, FamilyPlacement> = {};
  for (const family of [...new Set(results.map((r) => r.family))].sort()) {
    const inFamily = results.filter((r) => r.family === family);
    const exact = inFamily.filter((r) => r.exact).length;
    const pci = inFamily.filter((r) => r.pci);
    byFamily[family] = { cases: inFamily.length, exact, rate: exact / inFamily.length, pciCases: pci.length, pciExact: pci.filter((r) => r.exact).length };
  }
  const exact = results.filter((r) => r.exact).length;
  const pci = results.filter((r) => r.pci);
  const pciExact = pci.filter((r) => r.exact).length;
  return {
    cases: results.length,
    exact,
    rate: results.length === 0 ? 1 : exact / results.length,
    pciCases: pci.length,
    pciExact,
    pciRate: pci.length === 0 ? 1 : pciExact / pci.length,
    byFamily,
    multifunction: mf,
    results,
    mismatches: results.filter((r) => !r.exact),
    predictedOnlyCases: results.filter((r) => r.predictedOnly.length > 0),
    unavailable,
  };
}

export interface PlacementComparison {
  /** In order: predicted error, controllers by index, then devices in output order. */
  readonly differences: readonly string[];
  /** Predicted PCI addresses no PCI-addressed output device matched ("video (virtio): predicted 00:01.0"). */
  readonly predictedOnly: readonly string[];
  readonly multifunction: MultifunctionAgreement;
}

/** Compares a prediction with the graph of libvirt's output XML for the same input. */
export function comparePlacement(prediction: PlacementPrediction, output: DeviceGraph): PlacementComparison {
  const differences: string[] = [];
  const mf = { checked: 0, agree: 0, disagreements: [] as string[] };
  const multifunction = (what: string, address: SlotAddress | null, written: PciAddress | null, predicted: boolean) => {
    if (!address || address.fn !== 0) return;
    const libvirt = written?.multifunction === 'on';
    if (!libvirt && !predicted) return;
    mf.checked++;
    if (libvirt && predicted) mf.agree++;
    else mf.disagreements.push(`${what} at ${formatAddress(address)}: multifunction ${libvirt ? 'on' : 'off'}, predicted ${predicted ? 'on' : 'off'}`);
  };

  if (prediction.error) differences.push(`libvirt places every device, pcilint predicts an error: ${prediction.error}`);

  // Controllers: the whole list (written, implicit and added), matched by index.
  const written = [...output.controllers].filter((c) => c.origin === 'written').sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
  const predicted = [...prediction.controllers].sort((a, b) => a.index - b.index);
  const outByIndex = groupBy(written, (c) => c.index ?? -1);
  const predByIndex = groupBy(predicted, (c) => c.index);
  const indexes = [...new Set([...outByIndex.keys(), ...predByIndex.keys()])].sort((a, b) => a - b);
  for (const index of indexes) {
    const outs = outByIndex.get(index) ?? [];
    const preds = predByIndex.get(index) ?? [];
    for (let i = 0; i < Math.max(outs.length, preds.length); i++) {
      const o = outs[i];
      const p = preds[i];
      const name = `controller index=${index}`;
      if (!o) {
        differences.push(`${name}: predicted ${p.model}${p.address ? ` at ${formatAddress(p.address)}` : ''}, libvirt has none`);
        continue;
      }
      const oModel = o.model ?? o.modelText ?? '(no model)';
      const oAddress = slotOf(o.address);
      if (!p) {
        differences.push(`${name}: libvirt has ${oModel}${oAddress ? ` at ${formatAddress(oAddress)}` : ''}, predicted none`);
        continue;
      }
      if (oModel !== p.model) {
        differences.push(`${name}: model ${oModel}, predicted ${p.model}`);
        continue;
      }
      const named = `${name} (${p.model})`;
      if (!sameAddress(oAddress, p.address)) differences.push(`${named}: address ${formatAddress(oAddress)}, predicted ${formatAddress(p.address)}`);
      for (const field of ['chassis', 'chassisNr', 'port'] as const) {
        const ov = o.target[field]?.value ?? null;
        const pv = p.target[field] ?? null;
        if (ov !== pv) differences.push(`${named}: ${field} ${formatTarget(field, ov)}, predicted ${formatTarget(field, pv)}`);
      }
      if (sameAddress(oAddress, p.address)) multifunction(named, oAddress, o.address, p.multifunction);
    }
  }

  // Devices: those with a PCI address in the output, matched to predicted devices by kind, in occurrence order.
  const predictedByKey = groupBy(prediction.devices, (d) =>
    kindKey(d.item.deviceKind, d.item.controllerType, d.item.controllerIndex, d.item.model),
  );
  const seen = new Map<string, number>();
  for (const d of output.devices) {
    const address = slotOf(d.address);
    if (!address) continue;
    const key = kindKey(d.deviceKind, d.controllerType, d.controllerIndex, d.model);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const p: PredictedDevice | undefined = predictedByKey.get(key)?.[occurrence];
    if (!p) {
      differences.push(`${d.label}: address ${formatAddress(address)}, predicted no such device`);
      continue;
    }
    if (!sameAddress(address, p.address)) {
      differences.push(`${d.label}: address ${formatAddress(address)}, predicted ${p.address ? formatAddress(p.address) : 'no address'}`);
      continue;
    }
    multifunction(d.label, address, d.address, p.multifunction);
  }
  const predictedOnly: string[] = [];
  for (const [key, devices] of predictedByKey) {
    for (const p of devices.slice(seen.get(key) ?? 0)) {
      if (p.address) predictedOnly.push(`${p.item.label}: predicted ${formatAddress(p.address)}, no PCI address in the output`);
    }
  }
  // A device pcilint puts on PCI where libvirt did not (CCW on s390x, virtio-mmio) is a difference too.
  differences.push(...predictedOnly);
  return { differences, predictedOnly, multifunction: mf };
}

/**
 * Pairs output devices with predicted ones: element, controller type and
 * index; the model only for ICH9 USB companions, which share a controller
 * index and differ by model.
 */
function kindKey(deviceKind: string, controllerType: string | undefined, controllerIndex: number | undefined, model: string | null): string {
  if (!controllerType) return deviceKind;
  return `${deviceKind}:${controllerType}:${controllerIndex ?? ''}:${model?.startsWith('ich9-') ? model : ''}`;
}

/** A written PCI address as a slot address; null when absent or empty (libvirt would assign one). */
function slotOf(address: PciAddress | null): SlotAddress | null {
  if (!address || address.empty) return null;
  return { bus: address.bus?.value ?? 0, slot: address.slot?.value ?? 0, fn: address.function?.value ?? 0 };
}

function sameAddress(a: SlotAddress | null, b: SlotAddress | null): boolean {
  if (!a || !b) return a === b;
  return a.bus === b.bus && a.slot === b.slot && a.fn === b.fn;
}

/** bus:slot.function in hex, as lspci prints it ("01:00.0", "00:1f.2"); "none" for no address. */
export function formatAddress(address: SlotAddress | null): string {
  if (!address) return 'none';
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `${hex(address.bus)}:${hex(address.slot)}.${address.fn.toString(16)}`;
}

function formatTarget(field: string, value: number | null): string {
  if (value === null) return 'none';
  return field === 'port' ? `0x${value.toString(16)}` : String(value);
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
