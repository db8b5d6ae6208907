import {
  analyzeText, anchorFindings, describeTopology, LineIndex, lintWithAnalysis,
  type FileAnalysis, type ResolvedConfig, type Settings, type TopologyAddress, type TopologyDocument, isDirectiveProblem,
} from '@pcilint/core';

/**
 * A finding to draw: a LintMessage, or a formatter's ESLint-shaped message,
 * which has no `range` (its line and column locate it then).
 */
export interface FindingInput {
  readonly ruleId: string | null;
  readonly severity: 1 | 2;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly range?: readonly [number, number];
  readonly messageId?: string;
}

/** A finding as the picture shows it; `number` is its place (1-based) in the file's list. */
export interface PictureFinding {
  readonly number: number;
  readonly ruleId: string | null;
  readonly severity: 1 | 2;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** `path` of the devices and controllers it points into; empty for the guest as a whole. */
  readonly paths: readonly string[];
  /** The PCI function its `<address>` names. */
  readonly address: TopologyAddress | null;
}

/** What sits at one PCI function: a controller (and so the bus it provides), a device, or the machine's own. */
export interface PictureFunction {
  /** Unique in the picture: `bus:3` for the controller of bus 3, `device:4`, `chipset:0:01.1`. */
  readonly id: string;
  readonly kind: 'controller' | 'device' | 'chipset';
  readonly label: string;
  readonly address: TopologyAddress;
  /** libvirt (or QEMU, on a command line) chooses this address. */
  readonly predicted: boolean;
  /** libvirt adds the thing itself: nothing in the file describes it. */
  readonly added: boolean;
  /** A machine's function libvirt keeps free although nothing is there (i440fx 00:01.3 without ACPI). */
  readonly reserved: boolean;
  readonly multifunction: boolean;
  /** The bus a controller provides. */
  readonly childBus: number | null;
  readonly findings: readonly PictureFinding[];
}

export interface PictureBus {
  readonly index: number;
  readonly model: string;
  readonly modelName: string | null;
  /** libvirt adds this controller. */
  readonly added: boolean;
  /** The controller sits at no address: a root bus. */
  readonly root: boolean;
  /** Findings of the controller; on its row on the parent bus too. */
  readonly findings: readonly PictureFinding[];
  /** By slot, then function; two entries share an address when libvirt would refuse the double use. */
  readonly functions: readonly PictureFunction[];
  /** A hotplug-capable PCIe port left free: one device can be plugged in. */
  readonly freePort: boolean;
  /** Hotplug-capable conventional slots left free. */
  readonly freeSlots: readonly number[];
}

/** One guest, drawn: the topology document, its findings, and the buses with what sits on them. */
export interface TopologyPicture {
  readonly filePath: string;
  readonly document: TopologyDocument & { readonly refusals: readonly Refusal[] };
  readonly buses: readonly PictureBus[];
  readonly findings: readonly PictureFinding[];
  /** Findings that point at no device, function or controller in the picture. */
  readonly guestFindings: readonly PictureFinding[];
}

export type Refusal = { ruleId: string | null; message: string; line: number; column: number };

export type GuestPicture =
  | { readonly kind: 'picture'; readonly picture: TopologyPicture }
  | { readonly kind: 'syntax-error'; readonly message: string; readonly line: number; readonly column: number }
  | { readonly kind: 'skipped'; readonly reason: string };

/** Lints the text and draws it: what `pcilint topology` shows. */
export function lintAndPicture(filePath: string, text: string, resolved: ResolvedConfig): GuestPicture {
  // A waiver comment does not make QEMU accept the guest: directives are not honoured here.
  const { result, analysis } = lintWithAnalysis(text, resolved, { computeFixes: false, inlineConfig: false });
  if (analysis) return { kind: 'picture', picture: pictureOf(filePath, analysis, result.messages) };
  return notDrawn(text, resolved.settings);
}

/**
 * Draws a guest already linted (the html report): `messages` are its
 * findings as reported, `settings` those it was linted with (QEMU
 * capabilities and host devices change the placement).
 */
export function pictureWithFindings(filePath: string, text: string, settings: Settings, messages: readonly FindingInput[]): GuestPicture {
  const analyzed = analyzeText(text, settings);
  if (analyzed.kind === 'analysis') return { kind: 'picture', picture: pictureOf(filePath, analyzed.analysis, messages) };
  return notDrawn(text, settings);
}

function notDrawn(text: string, settings: Settings): GuestPicture {
  const analyzed = analyzeText(text, settings);
  if (analyzed.kind === 'syntax-error') {
    const pos = new LineIndex(text).positionAt(analyzed.error.offset);
    return { kind: 'syntax-error', message: analyzed.error.message, line: pos.line, column: pos.column };
  }
  if (analyzed.kind === 'skipped') return { kind: 'skipped', reason: analyzed.reason };
  throw new Error('a guest that parses was not drawn');
}

const sameFunction = (a: TopologyAddress | null, b: TopologyAddress | null) =>
  !!a && !!b && a.domain === b.domain && a.bus === b.bus && a.slot === b.slot && a.function === b.function;

export function pictureOf(filePath: string, analysis: FileAnalysis, messages: readonly FindingInput[]): TopologyPicture {
  const offset = (m: FindingInput) => m.range?.[0] ?? analysis.lines.offsetAt(m.line, m.column);
  const anchors = anchorFindings(analysis.graph, messages.map((m) => ({ range: [offset(m), offset(m)] as const })));
  const findings: PictureFinding[] = messages.map((m, i) => ({
    number: i + 1, ruleId: m.ruleId, severity: m.severity, message: m.message, line: m.line, column: m.column, ...anchors[i],
  }));
  // An error-severity finding means libvirt or QEMU refuses the guest: a layout
  // with free ports would mislead, so the refusal replaces them (exit 1).
  const refusals = messages.filter((m) => m.severity === 2 && !isDirectiveProblem(m)).map((m) => ({ ruleId: m.ruleId, message: m.message, line: m.line, column: m.column }));
  const document = withRefusals(describeTopology(analysis.graph, analysis.prediction), refusals);

  const marked = new Set<PictureFinding>();
  const findingsOf = (path: string | null, address: TopologyAddress | null) => {
    const hits = findings.filter((f) => (path !== null && f.paths.includes(path)) || sameFunction(f.address, address));
    for (const f of hits) marked.add(f);
    return hits;
  };
  const functions: PictureFunction[] = [
    ...document.controllers.filter((c) => c.address).map((c) => ({
      id: `bus:${c.index}`, kind: 'controller' as const, label: `${c.model} index ${c.index}`, address: c.address!,
      predicted: c.addressOrigin !== 'explicit', added: c.path === null, reserved: false, multifunction: c.multifunction, childBus: c.index,
      findings: findingsOf(c.path, c.address),
    })),
    ...document.devices.flatMap((d, i) => (d.address ? [{
      id: `device:${i}`, kind: 'device' as const, label: d.label, address: d.address,
      predicted: d.origin !== 'explicit', added: d.path === null, reserved: false, multifunction: d.multifunction, childBus: null,
      findings: findingsOf(d.path, d.address),
    }] : [])),
    ...document.chipset.map((f) => ({
      id: `chipset:${f.address.bus}:${hex2(f.address.slot)}.${f.address.function}`, kind: 'chipset' as const, label: f.label, address: f.address,
      predicted: false, added: false, reserved: f.reserved, multifunction: false, childBus: null, findings: findingsOf(null, f.address),
    })),
  ];
  const buses = [...document.controllers].sort((a, b) => a.index - b.index).map((c): PictureBus => ({
    index: c.index,
    model: c.model,
    modelName: c.modelName,
    added: c.origin === 'predicted',
    root: c.address === null,
    findings: findingsOf(c.path, null),
    functions: functions
      .filter((f) => f.address.bus === c.index)
      // The machine's own functions first at a shared address: they were there before the device.
      .sort((a, b) => a.address.slot - b.address.slot || a.address.function - b.address.function || Number(b.kind === 'chipset') - Number(a.kind === 'chipset')),
    freePort: document.free.pciePorts.includes(c.index),
    freeSlots: document.free.conventionalSlots.find((s) => s.bus === c.index)?.slots ?? [],
  }));
  return { filePath, document, buses, findings, guestFindings: findings.filter((f) => !marked.has(f)) };
}

function withRefusals(doc: TopologyDocument, refusals: readonly Refusal[]): TopologyDocument & { refusals: readonly Refusal[] } {
  if (refusals.length === 0) return { ...doc, refusals };
  const first = refusals[0];
  const error = doc.error ?? `${first.message} (${first.ruleId ?? 'pcilint'}, line ${first.line}:${first.column})${refusals.length > 1 ? ` and ${refusals.length - 1} more error(s)` : ''}`;
  return { ...doc, error, free: { pciePorts: [], conventionalSlots: [] }, refusals };
}

export const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** Slot numbers as hex ranges: [2, 3, 4, 6] is "02-04, 06". */
export function slotRanges(slots: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < slots.length; i++) {
    let j = i;
    while (j + 1 < slots.length && slots[j + 1] === slots[j] + 1) j++;
    parts.push(j === i ? hex2(slots[i]) : `${hex2(slots[i])}-${hex2(slots[j])}`);
    i = j;
  }
  return parts.join(', ');
}
