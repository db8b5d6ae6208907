import type { ChalkInstance } from 'chalk';
import { hex2, slotRanges, type PictureFinding, type TopologyPicture } from '../topology/picture.js';

/**
 * `pcilint topology` (tree): each bus with one line per function on it, the
 * machine's own functions included, findings marked at the end of the line
 * they point at, then the free slots and what libvirt adds.
 */
export function formatTopology(picture: TopologyPicture, chalk: ChalkInstance): string {
  const doc = picture.document;
  const lines: string[] = [];
  const m = doc.machine;
  lines.push(chalk.underline(picture.filePath), `machine ${m.type} (${m.family}, ${m.arch})`);
  // A rule's message already says who refuses (libvirt or QEMU); a placement failure is libvirt's.
  if (doc.error) {
    const fromRule = doc.refusals.some((r) => doc.error!.startsWith(r.message));
    lines.push(chalk.red.bold(`REFUSED: ${fromRule ? '' : 'libvirt would refuse this domain: '}${doc.error}`));
  }
  const predicted = (yes: boolean) => (yes ? chalk.dim(' (predicted)') : '');
  const marks = (findings: readonly PictureFinding[]) =>
    findings.map((f) => {
      const text = `  [${f.severity === 2 ? 'error' : 'warning'} ${f.line}:${f.column} ${f.ruleId ?? 'pcilint'}]`;
      return f.severity === 2 ? chalk.red(text) : chalk.yellow(text);
    }).join('');
  for (const bus of picture.buses) {
    const name = `${bus.model}${bus.modelName && bus.modelName !== bus.model ? ` [${bus.modelName}]` : ''}`;
    // A controller's findings are on its row on the parent bus; a root bus has no such row.
    lines.push(`bus ${bus.index}: ${name}${predicted(bus.added)}${bus.root ? marks(bus.findings) : ''}`);
    for (const f of bus.functions) {
      const text = f.kind === 'chipset' ? `${f.label}, ${f.reserved ? 'reserved by libvirt' : 'built in'}` : f.added && f.kind === 'device' ? `${f.label}, added by libvirt` : f.label;
      const shown = f.kind === 'chipset' ? chalk.dim(text) : text;
      lines.push(`  ${hex2(f.address.slot)}.${f.address.function}  ${shown}${f.multifunction ? ' multifunction' : ''}${predicted(f.predicted)}${marks(f.findings)}`);
    }
    if (bus.freePort) lines.push(chalk.green('  (empty: a free hotplug-capable port)'));
    else if (bus.functions.length === 0) lines.push(chalk.dim('  (empty)'));
    if (bus.freeSlots.length > 0) lines.push(chalk.green(`  free hotplug-capable slots: ${slotRanges(bus.freeSlots)} (${bus.freeSlots.length})`));
  }
  if (picture.guestFindings.length > 0) lines.push(`guest${marks(picture.guestFindings)}`);
  if (doc.error) {
    lines.push(chalk.red('free hotplug-capable slots: none, the domain would not be defined'));
    return lines.join('\n');
  }
  const ports = doc.free.pciePorts;
  lines.push(`free hotplug-capable PCIe ports: ${ports.length ? ports.map((p) => `bus ${p}`).join(', ') : 'none'}`);
  const slots = doc.free.conventionalSlots.reduce((n, b) => n + b.slots.length, 0);
  lines.push(
    `free hotplug-capable conventional PCI slots: ${slots ? doc.free.conventionalSlots.map((b) => `bus ${b.bus}: ${b.slots.length}`).join(', ') : 'none'}`,
  );
  if (doc.added.length) {
    lines.push(`libvirt will add: ${doc.added.map((c) => `${c.model} index ${c.index}${c.address ? ` at ${hex2(c.address.bus)}:${hex2(c.address.slot)}.${c.address.function}` : ''}`).join(', ')}`);
  }
  return lines.join('\n');
}
