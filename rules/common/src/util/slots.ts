import type { Placement } from '@pcilint/core';

/** Explicit placements grouped by domain:bus:slot, groups in document order of their first member. */
export function groupBySlot(placements: readonly Placement[]): Placement[][] {
  const groups = new Map<string, Placement[]>();
  for (const p of placements) {
    const key = `${p.domain}:${p.bus}:${p.slot}`;
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()];
}

/** `0000:00:05`, a slot as libvirt prints addresses, without the function. */
export function slotLabel(p: Placement): string {
  return `${p.domain.toString(16).padStart(4, '0')}:${p.bus.toString(16).padStart(2, '0')}:${p.slot.toString(16).padStart(2, '0')}`;
}
