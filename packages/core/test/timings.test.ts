import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addTimings, definePack, defineRule, fixText, lintText, resolveConfig, TimingCollector } from '../src/index.js';

/** A clock the test moves by hand. */
function manualClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

test('a stage started inside another pauses it: stages are exclusive and rules add up to the rules stage', () => {
  const clock = manualClock();
  const timings = new TimingCollector(clock.now);
  timings.time('parse', () => clock.advance(4));
  timings.time(
    'rules',
    () => {
      clock.advance(2);
      timings.time('placement', () => clock.advance(5));
      clock.advance(3);
      timings.time('fix', () => clock.advance(1));
    },
    'demo/a',
  );
  timings.time('rules', () => clock.advance(7), 'demo/b');
  timings.time('rules', () => clock.advance(1), 'demo/a');
  assert.equal(timings.timings(), {
    stages: { parse: 4, graph: 0, placement: 5, rules: 13, fix: 1 },
    rules: { 'demo/a': 6, 'demo/b': 7 },
  });
});

test('a stage that throws is still charged', () => {
  const clock = manualClock();
  const timings = new TimingCollector(clock.now);
  assert.throws(() => timings.time('rules', () => { clock.advance(3); throw new Error('boom'); }, 'x/y'), /boom/);
  assert.equal(timings.timings().rules, { 'x/y': 3 });
});

test('addTimings sums stages and rules', () => {
  const a = { stages: { parse: 1, graph: 2, placement: 3, rules: 4, fix: 5 }, rules: { 'p/a': 4 } };
  const b = { stages: { parse: 10, graph: 0, placement: 0, rules: 6, fix: 0 }, rules: { 'p/a': 1, 'p/b': 5 } };
  assert.equal(addTimings(a, b), { stages: { parse: 11, graph: 2, placement: 3, rules: 10, fix: 5 }, rules: { 'p/a': 5, 'p/b': 5 } });
});

// Every call of the clock moves it by 1: each stage that runs gets a nonzero share.
function countingCollector(): TimingCollector {
  let t = 0;
  return new TimingCollector(() => t++);
}

const usesPlacement = defineRule({
  meta: { id: 'demo/placed', type: 'problem', docs: { description: 'reads the prediction' }, defaultSeverity: 'warn', messages: { m: '{{n}} added' } },
  check(_graph, context) {
    context.report({ messageId: 'm', data: { n: context.prediction.controllers.length } });
  },
});
const fixesRoot = defineRule({
  meta: { id: 'demo/fixer', type: 'problem', fixable: 'code', docs: { description: 'offers a fix' }, defaultSeverity: 'error', messages: { m: 'pci-root on q35' } },
  check(graph, context) {
    const root = graph.controllers.find((c) => c.index === 0 && c.model === 'pci-root');
    const model = root?.element?.attributes.find((a) => a.name === 'model');
    if (root && model) context.report({ messageId: 'm', at: model, fix: (fixer) => fixer.setAttribute(root.element!, 'model', 'pcie-root') });
  },
});
const config = resolveConfig([definePack({ name: 'demo', description: 'timing test pack', families: 'all', rules: [usesPlacement, fixesRoot] })], []);
const q35WithPciRoot = `<domain type='kvm'>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <controller type='pci' index='0' model='pci-root'/>
    <interface type='network'><model type='virtio'/></interface>
  </devices>
</domain>
`;

test('lintText with a collector times every stage and every rule, and reports the same messages', () => {
  const timings = countingCollector();
  const timed = lintText(q35WithPciRoot, config, { timings });
  assert.equal(timed, lintText(q35WithPciRoot, config));
  const { stages, rules } = timings.timings();
  for (const stage of ['parse', 'graph', 'placement', 'rules', 'fix'] as const) assert.ok(stages[stage] > 0, `${stage}: ${stages[stage]}`);
  assert.equal(Object.keys(rules).sort(), ['demo/fixer', 'demo/placed']);
  assert.is(rules['demo/fixer'] + rules['demo/placed'], stages.rules);
});

test('fixText with a collector sums over its passes', () => {
  const once = countingCollector();
  lintText(q35WithPciRoot, config, { timings: once });
  const fixing = countingCollector();
  const outcome = fixText(q35WithPciRoot, config, { timings: fixing });
  assert.ok(outcome.fixed);
  // The input, the fixed pass and the check of the fixed pass: each parses.
  assert.ok(fixing.timings().stages.parse > once.timings().stages.parse);
});

test.run();
