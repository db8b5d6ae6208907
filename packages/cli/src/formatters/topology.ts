import type { TopologyDocument } from '@pcilint/core';
import type { ChalkInstance } from 'chalk';

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** The predicted tree for people: each bus with what sits on it, then free slots and additions. */
export function formatTopology(filePath: string, doc: TopologyDocument & { refusals?: readonly { message: string }[] }, chalk: ChalkInstance): string {
  const lines: string[] = [];
  const m = doc.machine;
  lines.push(chalk.underline(filePath), `machine ${m.type} (${m.family}, ${m.arch})`);
  // A rule's message already says who refuses (libvirt or QEMU); a placement failure is libvirt's.
  if (doc.error) {
    const fromRule = doc.refusals?.some((r) => doc.error!.startsWith(r.message));
    lines.push(chalk.red.bold(`REFUSED: ${fromRule ? '' : 'libvirt would refuse this domain: '}${doc.error}`));
  }
  const predicted = (origin: string) => (origin === 'written' || origin === 'explicit' ? '' : chalk.dim(' (predicted)'));
  for (const bus of [...doc.controllers].sort((a, b) => a.index - b.index)) {
    lines.push(`bus ${bus.index}: ${bus.model}${bus.modelName && bus.modelName !== bus.model ? ` [${bus.modelName}]` : ''}${predicted(bus.origin)}`);
    const children = [
      ...doc.controllers.filter((c) => c.address?.bus === bus.index).map((c) => ({
        address: c.address!, text: `${c.model} index ${c.index}`, origin: c.addressOrigin === 'explicit' ? 'explicit' : 'predicted', mf: c.multifunction,
      })),
      ...doc.devices.filter((d) => d.address?.bus === bus.index).map((d) => ({
        address: d.address!, text: d.path ? d.label : `${d.label}, added by libvirt`, origin: d.origin, mf: d.multifunction,
      })),
    ].sort((a, b) => a.address.slot - b.address.slot || a.address.function - b.address.function);
    for (const c of children) {
      lines.push(`  ${hex2(c.address.slot)}.${c.address.function}  ${c.text}${c.mf ? ' multifunction' : ''}${predicted(c.origin)}`);
    }
    if (children.length === 0) lines.push(chalk.dim('  (empty)'));
  }
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
