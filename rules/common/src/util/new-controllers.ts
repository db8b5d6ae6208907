/**
 * Writing out controllers libvirt would add, for fixes that make them
 * explicit: complete elements, so the
 * result is deterministic and survives re-definition).
 */
import { hex, type AddedController, type NewController, type PlacementPrediction, type PredictedController } from '@pcilint/core';

/** A predicted controller as a complete `<controller type='pci'>`: model name, targets and address as libvirt fills them in. */
export function asNewController(c: PredictedController): NewController {
  const target: [string, string][] = [];
  const t = c.target;
  if (t.chassisNr !== undefined) target.push(['chassisNr', String(t.chassisNr)]);
  if (t.chassis !== undefined) target.push(['chassis', String(t.chassis)]);
  if (t.port !== undefined) target.push(['port', hex(t.port, 1)]);
  if (t.busNr !== undefined) target.push(['busNr', String(t.busNr)]);
  if (t.index !== undefined) target.push(['index', String(t.index)]);
  return {
    index: c.index,
    model: c.model,
    ...(c.modelName ? { modelName: c.modelName } : {}),
    ...(target.length ? { target } : {}),
    ...(c.address ? { address: { bus: c.address.bus, slot: c.address.slot, function: c.address.fn, multifunction: c.multifunction } } : {}),
  };
}

/** The same controllers as prediction input, for checking a fix by predicting again. */
export function asAddedController(c: NewController): AddedController | null {
  if (!c.address) return null;
  return { model: c.model, index: c.index, address: { bus: c.address.bus, slot: c.address.slot, fn: c.address.function } };
}

/** Every controller and device ends up at the same address in both predictions. */
export function samePlacement(a: PlacementPrediction, b: PlacementPrediction): boolean {
  if (a.error || b.error || a.controllers.length !== b.controllers.length || a.devices.length !== b.devices.length) return false;
  const key = (x: { bus: number; slot: number; fn: number } | null) => (x ? `${x.bus}:${x.slot}.${x.fn}` : '-');
  const controllers = (p: PlacementPrediction) => p.controllers.map((c) => `${c.index}:${c.model}@${key(c.address)}`).sort().join(' ');
  return controllers(a) === controllers(b) && a.devices.every((d, i) => key(d.address) === key(b.devices[i].address));
}
