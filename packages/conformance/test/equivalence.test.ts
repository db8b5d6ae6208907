import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphFromText, type DeviceGraph } from '@pcilint/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_THRESHOLDS, runCli } from '../src/cli.js';
import { CorpusLinter } from '../src/corpus-linter.js';
import { UsageError } from '../src/errors.js';
import { loadCorpus, type ManifestEntry, type ManifestRun } from '../src/manifest.js';
import { argvXmlPairs, measureEquivalence, topologyOf } from '../src/metrics/equivalence.js';
import { measureFalseErrors } from '../src/metrics/false-errors.js';
import { measureParse } from '../src/metrics/parse.js';
import { measureRecall } from '../src/metrics/recall.js';
import { PACKS } from '../src/packs.js';
import { runConformance } from '../src/run.js';
import { formatReport } from '../src/table.js';
import { evaluateThresholds, loadThresholds, parseThresholds } from '../src/thresholds.js';
import { EQUIVALENCE_FILES as F, makeEquivalenceCorpus, qemuArgs, writeJson, XML } from './synthetic-corpus.js';

const { dir, cleanup } = makeEquivalenceCorpus();
const corpus = loadCorpus(dir);
const linter = new CorpusLinter(corpus.dir, PACKS);
const equivalence = measureEquivalence(corpus, linter);

test.after(cleanup);

function graphOf(text: string): DeviceGraph {
  const built = graphFromText(text);
  if (built.kind === 'syntax-error') throw new Error(built.error.message);
  if (built.kind === 'skipped') throw new Error(built.reason);
  return built.graph;
}

const run = (test: string, output: string | null, capsKey: string, expect = 'pass'): ManifestRun => ({ mode: capsKey.split(' ')[0], test, expect, output, capsKey });
const entryWith = (runs: ManifestRun[]): ManifestEntry => ({
  name: 'case',
  input: 'qemuxml2argvdata/case.xml',
  machineFamily: 'q35',
  xml2xml: [],
  errText: null,
  runs,
  pci: true,
  pciError: null,
});

test('argvXmlPairs: pairs only argv and xml2xml pass runs with equal capsKey', () => {
  const latest = 'latest-caps x86_64 latest';
  const fake = 'fake-caps   QEMU_CAPS_DEVICE_IOH3420';
  assert.equal(argvXmlPairs(entryWith([run('qemuxml2argvtest', 'a.args', latest), run('qemuxml2xmltest', 'a.xml', latest)])), [
    { args: 'a.args', xml: 'a.xml' },
  ]);
  // A fake-caps argv run does not pair with a latest-caps xml run.
  assert.equal(argvXmlPairs(entryWith([run('qemuxml2argvtest', 'a.args', fake), run('qemuxml2xmltest', 'a.xml', latest)])), []);
  // Different explicit caps lists are different QEMUs.
  assert.equal(
    argvXmlPairs(entryWith([run('qemuxml2argvtest', 'a.args', fake), run('qemuxml2xmltest', 'a.xml', 'fake-caps   QEMU_CAPS_ICH9_AHCI')])),
    [],
  );
  // Inactive and active xml2xml runs with one output: one pair; failing runs and runs without output are ignored.
  assert.equal(
    argvXmlPairs(
      entryWith([
        run('qemuxml2argvtest', 'a.args', latest),
        run('qemuxml2xmltest', 'a.xml', latest),
        run('qemuxml2xmltest', 'a.xml', latest),
        run('qemuxml2argvtest', 'b.err', fake, 'parse-error'),
        run('qemuxml2xmltest', 'b.xml', fake, 'parse-error'),
        run('qemuxml2argvtest', null, 'no-caps  '),
        run('qemuxml2xmltest', 'c.xml', 'no-caps  '),
      ]),
    ),
    [{ args: 'a.args', xml: 'a.xml' }],
  );
  // Each argv run pairs with its own caps' output.
  assert.equal(
    argvXmlPairs(
      entryWith([
        run('qemuxml2argvtest', 'a.args', latest),
        run('qemuxml2argvtest', 'b.args', fake),
        run('qemuxml2xmltest', 'b.xml', fake),
        run('qemuxml2xmltest', 'a.xml', latest),
      ]),
    ),
    [
      { args: 'a.args', xml: 'a.xml' },
      { args: 'b.args', xml: 'b.xml' },
    ],
  );
});

test('argvXmlPairs on a loaded manifest: capsKey comes from mode, arch, version and the caps list', () => {
  const byName = (name: string) => corpus.entries.find((e) => e.name === name)!;
  assert.equal(argvXmlPairs(byName('q35-same')), [{ args: F.sameArgs, xml: F.sameXml }]);
  assert.equal(argvXmlPairs(byName('q35-fake-caps')), []);
  const [argv, xml] = byName('q35-fake-caps').runs;
  assert.is(argv.capsKey, 'fake-caps   QEMU_CAPS_DEVICE_IOH3420 QEMU_CAPS_ICH9_AHCI');
  assert.is(xml.capsKey, 'latest-caps x86_64 latest');
});

test('topologyOf: bus path + slot.function -> class, the same for the .args and the output XML', () => {
  const expected = [
    ['root', ['controller:pcie-root']],
    ['root 01.0', ['controller:pcie-root-port']],
    ['root 01.1', ['controller:pcie-root-port']],
    ['root 1f.2', ['controller:sata']],
    ['root/01.0 00.0', ['interface']],
  ];
  const sorted = (graph: DeviceGraph) => [...topologyOf(graph)].sort(([a], [b]) => a.localeCompare(b));
  assert.equal(sorted(graphOf(qemuArgs())), expected);
  assert.equal(sorted(graphOf(XML.q35PlacementOutput('0x01'))), expected);
});

test('measureEquivalence: an agreeing pair, a moved device listed as differences, unpaired and unavailable cases', () => {
  assert.equal(
    equivalence.mismatches.map((m) => m.name),
    ['q35-moved-port'],
  );
  const [moved] = equivalence.mismatches;
  assert.equal(moved, {
    name: 'q35-moved-port',
    family: 'q35',
    pci: false,
    args: F.movedArgs,
    xml: F.movedXml,
    equivalent: false,
    differences: ['only in XML: root 01.1 controller:pcie-root-port', 'only in argv: root 02.0 controller:pcie-root-port'],
    argvProblems: [],
  });
  assert.is(equivalence.pairs, 2, 'q35-fake-caps has no same-caps pair; no-args is unavailable');
  assert.is(equivalence.equivalent, 1);
  assert.is(equivalence.rate, 0.5);
  assert.is(equivalence.pciPairs, 1);
  assert.is(equivalence.pciEquivalent, 1);
  assert.is(equivalence.pciRate, 1);
  assert.equal(equivalence.byFamily, { q35: { pairs: 2, equivalent: 1, rate: 0.5 } });
  assert.equal(equivalence.unavailable, ['no-args: qemuxml2argvdata/no-args.x86_64-latest.args missing']);
});

test('measureEquivalence: a class difference at the same position, and argv front-end problems', () => {
  const scratch = loadCorpus(dir);
  const entry = scratch.entries.find((e) => e.name === 'q35-same')!;
  // Same XML, but the NIC's driver is one pcilint does not know: same position, generic endpoint.
  writeFileSync(join(dir, 'unknown-driver.args'), qemuArgs().replace('"driver":"virtio-net-pci"', '"driver":"idontexist"'));
  const metric = measureEquivalence(
    { ...scratch, entries: [{ ...entry, name: 'unknown-driver', runs: entry.runs.map((r) => (r.test === 'qemuxml2argvtest' ? { ...r, output: 'unknown-driver.args' } : r)) }] },
    new CorpusLinter(scratch.dir, PACKS),
  );
  assert.is(metric.pairs, 1);
  const [pair] = metric.mismatches;
  assert.is(pair.equivalent, false);
  assert.equal(pair.differences.length, 1);
  assert.match(pair.differences[0], /^class differs at root\/01\.0 00\.0: XML interface, argv /);
  assert.equal(pair.argvProblems.length, 1);
  assert.match(pair.argvProblems[0], /unknown device driver 'idontexist'/);
});

test('thresholds: equivalence keys parsed, defaulted, validated and evaluated', () => {
  const base = { parseRate: 0, maxParseFatals: 0, maxFalseErrors: 0, recall: 0 };
  const lenient = parseThresholds(base);
  assert.is(lenient.equivalenceRate, 0);
  assert.is(lenient.equivalencePciRate, 0);
  assert.equal(lenient.equivalenceByFamily, {});
  const parsed = parseThresholds({ ...base, equivalenceRate: 0.9964, equivalencePciRate: 1, equivalenceByFamily: { q35: 0.75, virt: 1 } });
  assert.is(parsed.equivalenceRate, 0.9964);
  assert.equal(parsed.equivalenceByFamily, { q35: 0.75, virt: 1 });
  assert.throws(() => parseThresholds({ ...base, equivalenceRate: 1.5 }), (e: unknown) => e instanceof UsageError && /"equivalenceRate"/.test(e.message));
  assert.throws(() => parseThresholds({ ...base, equivalencePciRate: '1' }), /"equivalencePciRate" must be a number from 0 to 1/);
  assert.throws(() => parseThresholds({ ...base, equivalenceByFamily: [] }), /"equivalenceByFamily" must be an object/);
  assert.throws(() => parseThresholds({ ...base, equivalenceByFamily: { q35: -1 } }), /equivalenceByFamily\.q35/);
  assert.throws(() => parseThresholds({ ...base, equivalenceRates: 1 }), /unknown key "equivalenceRates"/);
  assert.throws(() => parseThresholds({ ...base, equivalence: 1 }), /unknown key "equivalence"/);

  const measured = { parse: measureParse(corpus, linter), falseErrors: measureFalseErrors(corpus, linter, []), recall: measureRecall(corpus, linter), equivalence };
  const checks = evaluateThresholds(measured, parsed).filter((c) => c.id.startsWith('equivalence'));
  assert.equal(
    checks.map((c) => [c.id, c.value, c.threshold, c.pass, c.detail]),
    [
      ['equivalenceRate', 0.5, 0.9964, false, '1/2'],
      ['equivalencePciRate', 1, 1, true, '1/1'],
      ['equivalence:q35', 0.5, 0.75, false, '1/2'],
    ],
  );
  // Without the metric, no equivalence check.
  assert.not.ok(evaluateThresholds({ parse: measured.parse, falseErrors: measured.falseErrors, recall: measured.recall }, parsed).some((c) => c.id.startsWith('equivalence')));
});

test('the shipped thresholds.json carries the equivalence floors', () => {
  const shipped = loadThresholds(DEFAULT_THRESHOLDS);
  assert.is(shipped.equivalencePciRate, 1);
  assert.ok(shipped.equivalenceRate > 0.99 && shipped.equivalenceRate <= 277 / 278);
  assert.ok(shipped.equivalenceByFamily.i440fx <= 173 / 174);
  assert.equal(Object.keys(shipped.equivalenceByFamily).sort(), ['i440fx', 'pseries', 'q35', 'riscv-virt', 's390-ccw-virtio', 'virt']);
});

test('report: equivalence rows, per-family table and the differences list', () => {
  const report = runConformance({
    corpus,
    packs: PACKS,
    refusals: [],
    thresholds: parseThresholds({
      parseRate: 0,
      maxParseFatals: 0,
      maxFalseErrors: 10,
      recall: 0,
      equivalenceRate: 0.5,
      equivalencePciRate: 1,
      equivalenceByFamily: { q35: 0.75, pseries: 1 },
    }),
  });
  assert.is(report.equivalence.pairs, 2);
  assert.equal(report.uncheckedEquivalenceFamilyThresholds, ['pseries']);
  assert.is(report.exitCode, 1);
  const text = formatReport(report);
  assert.match(text, /equivalence \(argv vs XML\)\s+50\.0% \(1\/2\)\s+>= 50\.0%\s+PASS/);
  assert.match(text, /equivalence, PCI-related cases\s+100\.0% \(1\/1\)\s+>= 100\.0%\s+PASS/);
  assert.match(text, /Equivalence \(argv vs XML\) by machine family\nFamily\s+Pairs\s+Equivalent\s+Rate\s+Threshold\s+Status\n/);
  assert.match(text, /\nq35\s+2\s+1\s+50\.0%\s+>= 75\.0%\s+FAIL\n/);
  assert.match(text, /\nall\s+2\s+1\s+50\.0%\s+>= 50\.0%\s+PASS\n/);
  assert.match(text, /\(thresholds for families with no case in this corpus, not checked: pseries\)/);
  assert.ok(
    text.includes(
      [
        'Equivalence differences (1 of 2; argv graph vs XML graph under the same caps, * = PCI-related)',
        `    q35-moved-port [q35]: ${F.movedArgs}`,
        '      only in XML: root 01.1 controller:pcie-root-port',
        '      only in argv: root 02.0 controller:pcie-root-port',
        '',
      ].join('\n'),
    ),
    text,
  );
  assert.match(text, /Note: .*1 equivalence pairs without a device graph/);
  assert.match(formatReport(report, { verbose: true }), /Equivalence pairs whose argv or XML has no device graph \(1\)\n {2}no-args: /);
  assert.match(text, /Result: FAIL \(1 below threshold: equivalence:q35\)/);
});

test('cli --json carries the equivalence metric', () => {
  let stdout = '';
  const thresholds = writeJson(dir, 'equivalence-thresholds.json', {
    parseRate: 0,
    maxFalseErrors: 10,
    recall: 0,
    equivalenceRate: 0.5,
    equivalenceByFamily: { q35: 0.5 },
  });
  const code = runCli([dir, '--json', '--thresholds', thresholds], { stdout: (t) => (stdout += t), stderr: () => {} });
  assert.is(code, 0);
  const report = JSON.parse(stdout);
  assert.is(report.equivalence.pairs, 2);
  assert.equal(report.equivalence.byFamily.q35, { pairs: 2, equivalent: 1, rate: 0.5 });
  assert.is(report.equivalence.mismatches[0].name, 'q35-moved-port');
  assert.ok(report.checks.some((c: { id: string; pass: boolean }) => c.id === 'equivalence:q35' && c.pass));
});

test.run();
