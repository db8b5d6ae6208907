import {
  defineRule, messageLabel, type ControllerNode, type DeviceGraph, type PlacementPrediction, type RuleContext,
} from '@pcilint/core';
import { C_INT_MAX, freeTargets, MAX_PHBS, MAX_TARGET_INDEX, phbTargets, PHB_MODEL_NAME, type PhbTarget } from '../phb-targets.js';

/**
 * `qemuDomainSetupIsolationGroups`, `src/qemu/qemu_domain_address.c:1416`; `hw/ppc/spapr_pci.c`.
 * libvirt: virDomainControllerDefValidate (src/conf/domain_validate.c:1144-1159)
 * refuses a target index outside 0-30 and a target 0 that is not on
 * controller index 0 (or the reverse); the parser refuses what is not a
 * non-negative int. QEMU: spapr_phb_realize (hw/ppc/spapr_pci.c) refuses a
 * second PHB with the same index, "PHB %d already attached". libvirt checks
 * no duplicates, and even creates one itself when a PHB without `<model
 * name>` has a written target that an earlier PHB is given (phbTargets).
 * Every message was checked with the libvirt 9.0 / QEMU 7.2 oracle.
 * More than 31 PHBs is pseries/max-phbs's finding, so duplicates are left to
 * it then.
 */
export default defineRule({
  meta: {
    id: 'pseries/phb-target-index',
    type: 'problem',
    docs: { description: 'A pseries PHB target index must be 0 for controller index 0 only, 1-30 otherwise, and unique.', rationale: "Each PHB needs its own target index, 0-30 (SPAPR_MAX_PHBS), and only the default PHB (index 0) has target index 0. libvirt accepts two PHBs with one target index but QEMU refuses to start (\"PHB N already attached\"). A PHB without a written target gets the lowest target index that no PHB with a <model name> holds." },
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      notANumber: "Invalid value for attribute 'index' in element 'target': '{{text}}'. Expected integer value.",
      negative: "Invalid value for attribute 'index' in element 'target': '{{text}}'. Expected non-negative value.",
      outOfRange: "PCI controller target index '{{value}}' out of range - must be 0-30.{{hint}}",
      zeroMismatch: "Only the PHB with index 0 may have target index 0: {{label}} has {{value}}.{{hint}}",
      duplicate: "PHB target index {{value}} is also that of {{other}}{{how}}.{{hint}}",
      outOfRangeArgv: "{{label}} has index={{value}}, out of range - must be 0-30.{{hint}}",
      duplicateArgv: "PHB index={{value}} is also that of {{other}}.{{hint}}",
    },
  },
  check(graph, context) {
    const prediction = context.prediction;
    const targets = phbTargets(graph, prediction);
    const argv = context.language === 'qemu-argv';
    for (const c of graph.controllers) {
      if (c.origin !== 'written' || c.model !== 'pci-root' || c.index === null || !c.target.index) continue;
      const attr = c.target.index.attr;
      const value = c.target.index.value;
      if (value === null || value > C_INT_MAX) {
        context.report({ node: c, at: attr, messageId: 'notANumber', data: { text: attr.value } });
      } else if (value < 0) {
        context.report({ node: c, at: attr, messageId: 'negative', data: { text: attr.value } });
      } else if (value > MAX_TARGET_INDEX || (c.index === 0) !== (value === 0)) {
        const wanted = wantedTarget(graph, prediction, targets, c);
        context.report({
          node: c,
          at: attr,
          messageId: value > MAX_TARGET_INDEX ? (argv ? 'outOfRangeArgv' : 'outOfRange') : 'zeroMismatch',
          data: { label: messageLabel(c, graph), value, hint: !wanted ? '' : argv ? ` Use index=${wanted}.` : ` Use target index ${wanted}.` },
          fix: wanted ? (fixer) => fixer.setValue(attr, wanted) : null,
        });
      }
    }
    if (targets.length <= MAX_PHBS) reportDuplicates(graph, prediction, targets, context);
  },
});

/**
 * QEMU creates the default PHB first, then the others in libvirt's array
 * order: the later of two PHBs with one target index is refused. The later
 * one always has its target written (an automatic target never repeats one
 * seen before it), so the diagnostic points at that attribute.
 */
function reportDuplicates(
  graph: DeviceGraph,
  prediction: PlacementPrediction,
  targets: readonly PhbTarget[],
  context: RuleContext,
): void {
  const firstWith = new Map<number, PhbTarget>();
  for (const t of targets) {
    if (t.effective === null || t.effective > MAX_TARGET_INDEX || (t.index === 0) !== (t.effective === 0)) continue; // refused by libvirt already
    const first = firstWith.get(t.effective);
    if (!first) {
      firstWith.set(t.effective, t);
      continue;
    }
    const c = t.controller;
    if (!c?.target.index) continue;
    const attr = c.target.index.attr;
    const wanted = wantedTarget(graph, prediction, targets, c);
    const how = first.auto
      ? ' (from libvirt)'
      : '';
    const hint = first.auto
      ? ` Add a <model name>${wanted ? ` or use ${wanted}` : ''}.`
      : !wanted ? '' : context.language === 'qemu-argv' ? ` Use index=${wanted}.` : ` Use target index ${wanted}.`;
    context.report({
      node: c,
      at: attr,
      messageId: context.language === 'qemu-argv' ? 'duplicateArgv' : 'duplicate',
      data: { value: t.effective, other: first.controller ? messageLabel(first.controller, graph) : `the PHB libvirt adds at index ${first.index}`, how, hint },
      fix: wanted ? (fixer) => fixer.setValue(attr, wanted) : null,
    });
  }
}

/**
 * The target index to write instead: 0 on controller index 0, otherwise the
 * lowest target index no PHB holds, provided libvirt's own assignment then
 * gives no other PHB the same value.
 */
function wantedTarget(graph: DeviceGraph, prediction: PlacementPrediction, targets: readonly PhbTarget[], c: ControllerNode): string | null {
  if (!c.target.index) return null;
  if (c.index === 0) return '0';
  for (const candidate of freeTargets(targets)) {
    const after = phbTargets(graph, prediction, new Map([[c, candidate]]));
    if (after.filter((t) => t.effective === candidate).length === 1) return String(candidate);
  }
  return null;
}
