import { attribute, defineRule, type ControllerNode, type DeviceGraph, type NewController, type RuleContext, maxOf } from '@pcilint/core';
import { defaultGapModel } from '../util/addressing.js';
import { asAddedController, asNewController, samePlacement } from '../util/new-controllers.js';

/**
 * `qemuDomainPCIAddressSetCreate`, `src/qemu/qemu_domain_address.c:1646`: libvirt creates a controller of
 * the machine's default model (pcie-root-port on pcie-root machines, a PHB on
 * pseries, pci-bridge otherwise) for every index missing between 1 and the
 * highest one (qemuDomainPCIAddressSetCreate,
 * src/qemu/qemu_domain_address.c:1646; test pci-autoadd-idx). It works, but
 * the guest gets controllers the XML does not show, and the docs call gaps
 * risky. The fix writes them out as libvirt would add them (`qemuDomainAssignPCIAddresses`, `src/qemu/qemu_domain_address.c:2605`), and
 * only when that changes no predicted address.
 */
export default defineRule({
  meta: {
    id: 'common/controller-index-gap',
    type: 'suggestion',
    docs: { description: 'PCI controller indexes should have no gaps: libvirt silently fills them with default controllers.', rationale: "libvirt silently fills a gap in PCI controller indexes with default controllers at define time, so the defined guest has controllers the XML does not show." },
    defaultSeverity: 'warn',
    fixable: true,
    messages: {
      gap: "No PCI controller has index {{missing}}, below {{label}}: declare {{them}} explicitly.",
    },
  },
  check(graph, context) {
    const written = graph.controllers.filter((c): c is ControllerNode & { index: number } => c.origin === 'written' && c.index !== null && c.index >= 0 && c.index <= 255);
    const present = new Set(written.map((c) => c.index));
    const highest = maxOf(present, 0);
    for (const run of missingRuns(present, highest)) {
      const above = written.filter((c) => c.index > run.last).sort((a, b) => a.index - b.index)[0];
      const count = run.last - run.first + 1;
      context.report({
        node: above,
        at: attribute(above.element ?? undefined, 'index') ?? null,
        messageId: 'gap',
        data: {
          missing: count === 1 ? String(run.first) : `${run.first}-${run.last}`,
          label: `index ${above.index}`,
          count,
          model: defaultGapModel(graph),
          them: count === 1 ? 'it' : 'them',
        },
        fix: (fixer) => {
          const filler = gapFiller(graph, context, run);
          return filler && fixer.insertControllers(filler);
        },
      });
    }
  },
});

interface Run {
  readonly first: number;
  readonly last: number;
}

/** Consecutive missing indexes between 1 and `highest`. */
function missingRuns(present: ReadonlySet<number>, highest: number): Run[] {
  const runs: Run[] = [];
  for (let i = 1; i < highest; i++) {
    if (present.has(i)) continue;
    let last = i;
    while (last + 1 < highest && !present.has(last + 1)) last++;
    runs.push({ first: i, last });
    i = last;
  }
  return runs;
}

/** Inserts the controllers libvirt predicts for the run, if writing them moves nothing. */
function gapFiller(graph: DeviceGraph, context: RuleContext, run: Run): NewController[] | null {
  const before = context.prediction;
  if (before.error) return null;
  const filler = before.controllers.filter((c) => c.origin === 'predicted' && c.index >= run.first && c.index <= run.last).map(asNewController);
  if (filler.length !== run.last - run.first + 1) return null;
  if (graph.machine.family === 'pseries') return filler.map((c) => ({ ...c, target: [['index', String(phbTargets(graph).get(c.index))]] }));
  const added = filler.map(asAddedController);
  if (added.some((a) => a === null)) return null;
  const after = context.predictWith(added as NonNullable<(typeof added)[number]>[]);
  return samePlacement(before, after) ? filler : null;
}

/**
 * The target index libvirt gives each PHB (`qemuDomainSetupIsolationGroups`, `src/qemu/qemu_domain_address.c:1416`): written PHBs
 * without one first, in index order, then the gap fillers it appends, each
 * the lowest unused value from 1 (test pseries-many-buses-2: the filler at
 * index 1 gets target 2). A filler written with that value keeps every PHB's
 * guest domain number.
 */
function phbTargets(graph: DeviceGraph): Map<number, number> {
  const roots = graph.controllers.filter((c) => c.origin === 'written' && c.model === 'pci-root' && c.index !== null && c.index > 0);
  const used = new Set(roots.map((c) => c.target.index?.value).filter((v): v is number => typeof v === 'number'));
  const targets = new Map<number, number>();
  const take = (index: number) => {
    let value = 1;
    while (used.has(value)) value++;
    used.add(value);
    targets.set(index, value);
  };
  for (const c of [...roots].sort((a, b) => a.index! - b.index!)) if (!c.target.index) take(c.index!);
  const present = new Set(graph.controllers.map((c) => c.index));
  const highest = maxOf(graph.controllers.map((c) => (c.origin === 'written' ? c.index ?? 0 : 0)), 0);
  for (let i = 1; i < highest; i++) if (!present.has(i)) take(i);
  return targets;
}
