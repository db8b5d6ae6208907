import {
  defineRule, lastWrittenPciController, nextControllerIndex, validPlacements,
  type AddedController, type DeviceGraph, type NewController, type PlacementPrediction, type RuleContext,
} from '@pcilint/core';
import { freeTargets, MAX_PHBS, phbTargets, PHB_MODEL_NAME } from '../phb-targets.js';

/**
 * `qemuDomainSetupIsolationGroups`, `src/qemu/qemu_domain_address.c:1416`; QEMU `docs/pcie.txt` §5; docs/pci-hotplug.rst (pseries):
 * assigned host devices "need to be isolated by placing each on a separate
 * pci-root controller, which has to be prepared in advance for hotplug to
 * work". A device attached live is placed by libvirt's search without
 * growth: a PHB of its isolation group, else an empty one other than PHB 0
 * (virDomainPCIAddressGetNextAddr); and PCI controllers cannot be attached
 * live ("'pci' controller cannot be hot plugged.", src/qemu/qemu_hotplug.c).
 * libvirt never adds a spare PHB itself. The count runs on the predicted
 * placement: host devices without an address take empty PHBs first.
 * Enabled by settings.sparePHBs (one per IOMMU group to hot-plug).
 */
export default defineRule({
  meta: {
    id: 'pseries/spare-phb-for-hostdev-hotplug',
    type: 'suggestion',
    docs: { description: 'A pseries guest should keep an empty PHB for every host device (IOMMU group) to be hot-plugged later (setting sparePHBs).', rationale: "A host device hot-plugged later needs an empty PHB: libvirt never puts it on PHB 0, and PCI controllers cannot be hot-plugged (\"'pci' controller cannot be hot plugged.\"), so the PHBs must exist when the guest starts (setting sparePHBs). pseries has at most 31 PHBs." },
    defaultSeverity: 'warn',
    hotplugPolicy: true,
    fixable: true,
    messages: {
      tooFew: "{{free}} empty PHB(s) besides the default one, {{required}} required: add {{missing}} pci-root controller(s).",
      noRoom: "{{free}} empty PHB(s) besides the default one, {{required}} required, and pseries has no room for more.",
      tooFewArgv: "{{free}} empty PHB(s) besides the default one, {{required}} required: add {{missing}} spapr-pci-host-bridge(s).",
    },
  },
  check(graph, context) {
    const required = context.settings.sparePHBs;
    if (required <= 0) return;
    const prediction = context.prediction;
    // A domain libvirt refuses (or too many PHBs) is other rules' business.
    if (prediction.error) return;
    const free = emptyPhbs(prediction);
    if (free >= required) return;

    // Written PHBs that host devices without an address will take.
    const taken = prediction.controllers.filter(
      (c) =>
        c.model === 'pci-root' && c.index !== 0 && c.origin === 'written' &&
        prediction.devices.some((d) => d.addressOrigin === 'predicted' && d.item.group !== 0 && d.address?.bus === c.index),
    ).length;
    const targets = phbTargets(graph, prediction);
    const noRoom = targets.length >= MAX_PHBS || freeTargets(targets).length === 0;
    // The count goes into the message, so the PHBs are sized even when no fix is wanted.
    const phbs = noRoom ? null : sparePhbs(graph, context, required);
    const last = lastWrittenPciController(graph);
    context.report({
      node: last ?? undefined,
      at: last ? last.element : graph.domainElement.children.find((e) => e.name === 'devices') ?? null,
      messageId: noRoom ? 'noRoom' : context.language === 'qemu-argv' ? 'tooFewArgv' : 'tooFew',
      data: {
        free,
        required,
        missing: phbs?.length ?? required - free,
        taken: taken ? ` once host devices without an address have taken ${taken} written PHB(s)` : '',
      },
      fix: phbs ? (fixer) => fixer.insertControllers(phbs) : null,
    });
  },
});

/** PHBs other than PHB 0 that nothing sits on (not even behind a bridge) and that allow hotplug. */
function emptyPhbs(prediction: PlacementPrediction): number {
  const used = new Set<number>();
  for (const c of prediction.controllers) if (c.address) used.add(c.address.bus);
  for (const d of prediction.devices) if (d.address) used.add(d.address.bus);
  return prediction.controllers.filter((c) => c.model === 'pci-root' && c.index !== 0 && !used.has(c.index) && prediction.buses[c.index]?.hotplug !== false).length;
}

/**
 * Complete PHB elements, as every pcilint fix that adds controllers: index = highest
 * index + 1 onward, `<model name>`, and target indexes no PHB holds, so no
 * target libvirt assigns moves. How many: the fewest after which the
 * prediction leaves `required` empty, since host devices without an address
 * take written empty PHBs before libvirt adds new ones.
 */
function sparePhbs(graph: DeviceGraph, context: RuleContext, required: number): NewController[] | null {
  const prediction = context.prediction;
  const firstIndex = nextControllerIndex(graph, validPlacements(graph));
  const targets = freeTargets(phbTargets(graph, prediction));
  for (let add = 1; add <= targets.length && firstIndex + add - 1 <= 255; add++) {
    const phbs: NewController[] = Array.from({ length: add }, (_, i) => ({
      index: firstIndex + i,
      model: 'pci-root',
      modelName: PHB_MODEL_NAME,
      target: [['index', String(targets[i])]],
    }));
    // A PHB plugs into no bus: predictPlacement ignores the address of root controllers.
    const added: AddedController[] = phbs.map((p) => ({ model: p.model, index: p.index, address: { bus: 0, slot: 0, fn: 0 } }));
    const after = context.predictWith(added);
    if (after.error || after.controllers.filter((c) => c.model === 'pci-root').length > MAX_PHBS) return null;
    if (emptyPhbs(after) >= required) return phbs;
  }
  return null;
}
