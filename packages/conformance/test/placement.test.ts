import { graphFromText, predictPlacement, type DeviceGraph } from '@pcilint/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../src/cli.js';
import { CorpusLinter } from '../src/corpus-linter.js';
import { UsageError } from '../src/errors.js';
import { loadCorpus, type Corpus } from '../src/manifest.js';
import { measureFalseErrors } from '../src/metrics/false-errors.js';
import { measureParse } from '../src/metrics/parse.js';
import { measureRecall } from '../src/metrics/recall.js';
import { comparePlacement, formatAddress, latestCapsOutputs, measurePlacement } from '../src/metrics/placement.js';
import { PACKS } from '../src/packs.js';
import { runConformance } from '../src/run.js';
import { formatReport } from '../src/table.js';
import { evaluateThresholds, parseThresholds } from '../src/thresholds.js';
import { makeCorpus, PLACEMENT_OUTPUTS, writeJson, XML } from './synthetic-corpus.js';

const { dir, cleanup } = makeCorpus();
const corpus = loadCorpus(dir);
const linter = new CorpusLinter(corpus.dir, PACKS);
const placement = measurePlacement(corpus, linter);

test.after(cleanup);

function graphOf(text: string): DeviceGraph {
  const built = graphFromText(text);
  if (built.kind === 'syntax-error') throw new Error(built.error.message);
  if (built.kind === 'skipped') throw new Error(built.reason);
  return built.graph;
}

const prediction = predictPlacement(graphOf(XML.q35PlacementInput));
const libvirtOutput = XML.q35PlacementOutput('0x01');

test('selection: only entries with an input and a latest-caps qemuxml2xmltest pass run', () => {
  // out-wrong-root has an xml2xml output but only argv runs: not a placement case.
  assert.equal(
    placement.results.map((r) => r.name),
    ['q35-placement', 'q35-placement-moved'],
  );
  assert.equal(placement.results[0].outputs, [PLACEMENT_OUTPUTS.exact]);
  assert.equal(placement.unavailable, []);
  const entry = corpus.entries.find((e) => e.name === 'q35-placement')!;
  assert.equal(latestCapsOutputs(entry), [PLACEMENT_OUTPUTS.exact]);
  const other = { ...entry, runs: entry.runs.map((r) => ({ ...r, mode: 'fake-caps' })) };
  assert.equal(latestCapsOutputs(other), []);
});

test('exact case and mismatch: first difference, rates per family and over PCI-related cases', () => {
  const [exact, moved] = placement.results;
  assert.is(exact.exact, true);
  assert.is(exact.firstDifference, null);
  assert.is(exact.differences, 0);
  assert.is(moved.exact, false);
  assert.is(moved.firstDifference, 'interface (virtio): address 02:00.0, predicted 01:00.0');
  assert.is(moved.differences, 1);
  assert.equal(placement.mismatches, [moved]);
  assert.is(placement.cases, 2);
  assert.is(placement.exact, 1);
  assert.is(placement.rate, 0.5);
  assert.is(placement.pciCases, 2);
  assert.is(placement.pciExact, 1);
  assert.is(placement.pciRate, 0.5);
  assert.equal(placement.byFamily, { q35: { cases: 2, exact: 1, rate: 0.5, pciCases: 2, pciExact: 1 } });
  // Root port 1 at 00:01.0 carries multifunction='on' in both outputs, as predicted.
  assert.equal(placement.multifunction, { checked: 2, agree: 2, disagreements: [] });
  assert.equal(placement.predictedOnlyCases, []);
});

test('the prediction for the synthetic q35 input is what the hand-written output says', () => {
  assert.is(prediction.error, null);
  assert.equal(
    prediction.controllers.map((c) => [c.index, c.model, formatAddress(c.address), c.target.chassis ?? null, c.target.port ?? null, c.multifunction]),
    [
      [0, 'pcie-root', 'none', null, null, false],
      [1, 'pcie-root-port', '00:01.0', 1, 8, true],
      [2, 'pcie-root-port', '00:01.1', 2, 9, false],
    ],
  );
});

test('compare: controller differences (missing, chassis, port, model) and multifunction disagreement', () => {
  const noSpare = libvirtOutput.replace(/ {4}<controller type='pci' index='2'[\s\S]*?<\/controller>\n/, '');
  assert.equal(comparePlacement(prediction, graphOf(noSpare)).differences, [
    'controller index=2: predicted pcie-root-port at 00:01.1, libvirt has none',
  ]);
  const chassis = libvirtOutput.replace("chassis='1' port='0x8'", "chassis='5' port='0x10'");
  assert.equal(comparePlacement(prediction, graphOf(chassis)).differences, [
    'controller index=1 (pcie-root-port): chassis 5, predicted 1',
    'controller index=1 (pcie-root-port): port 0x10, predicted 0x8',
  ]);
  const model = libvirtOutput.replace("index='2' model='pcie-root-port'", "index='2' model='pcie-to-pci-bridge'");
  assert.equal(comparePlacement(prediction, graphOf(model)).differences[0], 'controller index=2: model pcie-to-pci-bridge, predicted pcie-root-port');
  const off = comparePlacement(prediction, graphOf(libvirtOutput.replace(" multifunction='on'", '')));
  assert.equal(off.differences, []);
  assert.equal(off.multifunction, {
    checked: 1,
    agree: 0,
    disagreements: ['controller index=1 (pcie-root-port) at 00:01.0: multifunction off, predicted on'],
  });
});

test('compare: a device the prediction lacks, and predicted addresses the output does not have', () => {
  const extraNic = libvirtOutput.replace(
    '    <input type=\'mouse\'',
    `    <interface type='user'>
      <model type='virtio'/>
      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>
    </interface>
    <input type='mouse'`,
  );
  assert.equal(comparePlacement(prediction, graphOf(extraNic)).differences, ['interface (virtio): address 02:00.0, predicted no such device']);
  const noNicAddress = libvirtOutput.replace(/ {6}<address type='pci' domain='0x0000' bus='0x01'[^\n]*\n/, '');
  const compared = comparePlacement(prediction, graphOf(noNicAddress));
  assert.equal(compared.predictedOnly, ['interface (virtio): predicted 01:00.0, no PCI address in the output']);
  assert.equal(compared.differences, compared.predictedOnly, 'a device predicted on PCI that libvirt kept off PCI is a difference');
});

test('an input without a device graph is a mismatch; a missing output makes the case unavailable', () => {
  const broken: Corpus = {
    ...corpus,
    entries: [
      { ...corpus.entries.find((e) => e.name === 'q35-placement')!, name: 'bad-input', input: 'qemuxml2xmloutdata/broken-output.xml' },
      {
        ...corpus.entries.find((e) => e.name === 'q35-placement')!,
        name: 'no-output',
        runs: [{ mode: 'latest-caps', test: 'qemuxml2xmltest', expect: 'pass', output: 'qemuxml2xmloutdata/missing.xml' }],
      },
    ],
  };
  const metric = measurePlacement(broken, linter);
  assert.is(metric.cases, 1);
  assert.match(metric.results[0].firstDifference ?? '', /^input has no device graph: Parsing error/);
  assert.equal(metric.unavailable, ['no-output']);
});

test('thresholds: placement rate, PCI rate and per family, evaluated like the others', () => {
  const measured = {
    parse: measureParse(corpus, linter),
    falseErrors: measureFalseErrors(corpus, linter, []),
    recall: measureRecall(corpus, linter),
    placement,
  };
  const base = { parseRate: 0, maxParseFatals: 0, maxFalseErrors: 0, recall: 0 };
  const checks = evaluateThresholds(
    measured,
    parseThresholds({ ...base, placementRate: 1, placementPciRate: 0.5, placementByFamily: { q35: 0.75, virt: 1 } }),
  );
  const placementChecks = checks.filter((c) => c.id.startsWith('placement'));
  assert.equal(
    placementChecks.map((c) => [c.id, c.value, c.pass, c.detail]),
    [
      ['placementRate', 0.5, false, '1/2'],
      ['placementPciRate', 0.5, true, '1/2'],
      ['placement:q35', 0.5, false, '1/2'],
    ],
  );
  // Absent keys: no floor.
  const lenient = parseThresholds(base);
  assert.is(lenient.placementRate, 0);
  assert.is(lenient.placementPciRate, 0);
  assert.equal(lenient.placementByFamily, {});
  assert.throws(() => parseThresholds({ ...base, placementRate: 1.5 }), (e: unknown) => e instanceof UsageError && /placementRate/.test(e.message));
  assert.throws(() => parseThresholds({ ...base, placementByFamily: [] }), /"placementByFamily" must be an object/);
  assert.throws(() => parseThresholds({ ...base, placementByFamily: { q35: -1 } }), /placementByFamily\.q35/);
});

test('report: placement rows, per-family table, mismatch list with * and the threshold failure', () => {
  const report = runConformance({
    corpus,
    packs: PACKS,
    refusals: [],
    thresholds: parseThresholds({
      parseRate: 1,
      maxParseFatals: 1,
      maxFalseErrors: 1,
      recall: 0,
      placementRate: 1,
      placementPciRate: 0.5,
      placementByFamily: { q35: 0.5, pseries: 1 },
    }),
  });
  assert.is(report.placement.exact, 1);
  assert.equal(report.uncheckedPlacementFamilyThresholds, ['pseries']);
  assert.is(report.exitCode, 1);
  const text = formatReport(report);
  assert.match(text, /placement \(latest-caps xml2xml\)\s+50\.0% \(1\/2\)\s+>= 100\.0%\s+FAIL/);
  assert.match(text, /placement, PCI-related cases\s+50\.0% \(1\/2\)\s+>= 50\.0%\s+PASS/);
  assert.match(text, /Placement \(latest-caps xml2xml\) by machine family\nFamily\s+Cases\s+Exact\s+Rate\s+PCI exact\s+Threshold\s+Status/);
  assert.match(text, /\nq35\s+2\s+1\s+50\.0%\s+1\/2\s+>= 50\.0%\s+PASS/);
  assert.match(text, /\nall\s+2\s+1\s+50\.0%\s+1\/2\s+>= 100\.0%\s+FAIL/);
  assert.match(text, /multifunction='on' on function 0: 2\/2 agree/);
  assert.match(
    text,
    /Placement differences \(1 of 2; first difference per case, \* = PCI-related\)\n {2}\* q35-placement-moved \[q35\]: interface \(virtio\): address 02:00\.0, predicted 01:00\.0\n/,
  );
  assert.match(text, /Result: FAIL \(1 below threshold: placementRate\)/);
});

test('cli --json carries the placement metric', () => {
  let stdout = '';
  const thresholds = writeJson(dir, 'placement-thresholds.json', {
    parseRate: 1,
    maxParseFatals: 1,
    maxFalseErrors: 1,
    recall: 0,
    placementRate: 0.5,
    placementByFamily: { q35: 0.5 },
  });
  const code = runCli([dir, '--json', '--thresholds', thresholds], { stdout: (t) => (stdout += t), stderr: () => {} });
  assert.is(code, 0);
  const report = JSON.parse(stdout);
  assert.is(report.placement.cases, 2);
  assert.is(report.placement.exact, 1);
  assert.equal(report.placement.byFamily.q35, { cases: 2, exact: 1, rate: 0.5, pciCases: 2, pciExact: 1 });
  const moved = report.placement.results.find((r: { name: string }) => r.name === 'q35-placement-moved');
  assert.is(moved.firstDifference, 'interface (virtio): address 02:00.0, predicted 01:00.0');
  assert.ok(report.checks.some((c: { id: string; pass: boolean }) => c.id === 'placement:q35' && c.pass));
});

test.run();
