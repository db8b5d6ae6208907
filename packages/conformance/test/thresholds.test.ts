import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../src/errors.js';
import { CorpusLinter } from '../src/corpus-linter.js';
import { loadCorpus } from '../src/manifest.js';
import { measureFalseErrors } from '../src/metrics/false-errors.js';
import { measureParse } from '../src/metrics/parse.js';
import { measureRecall } from '../src/metrics/recall.js';
import { PACKS } from '../src/packs.js';
import { runConformance } from '../src/run.js';
import { formatReport } from '../src/table.js';
import { evaluateThresholds, exitCodeFor, parseThresholds } from '../src/thresholds.js';
import { makeCorpus } from './synthetic-corpus.js';

const { dir, cleanup } = makeCorpus();
const corpus = loadCorpus(dir);
const linter = new CorpusLinter(corpus.dir, PACKS);
// Synthetic corpus: parse 10/10 with 1 fatal, 1 false error, recall 1/3 (q35 1/1, i440fx 0/2).
const measured = { parse: measureParse(corpus, linter), falseErrors: measureFalseErrors(corpus, linter, []), recall: measureRecall(corpus, linter) };

test.after(cleanup);

test('thresholds met exactly: exit 0 (a rate equal to its threshold passes)', () => {
  const checks = evaluateThresholds(
    measured,
    parseThresholds({ parseRate: 1, maxParseFatals: 1, maxFalseErrors: 1, recall: 1 / 3, recallByFamily: { q35: 1, i440fx: 0 } }),
  );
  assert.ok(checks.every((c) => c.pass));
  assert.equal(
    checks.map((c) => c.id),
    ['parseRate', 'maxParseFatals', 'maxFalseErrors', 'recall', 'recall:i440fx', 'recall:q35'],
  );
  assert.is(exitCodeFor(checks), 0);
});

test('a metric below its threshold: exit 1, and the failing checks are named', () => {
  const checks = evaluateThresholds(
    measured,
    parseThresholds({ parseRate: 1, maxParseFatals: 1, maxFalseErrors: 0, recall: 0.3, recallByFamily: { i440fx: 0.5, q35: 1 } }),
  );
  assert.equal(
    checks.filter((c) => !c.pass).map((c) => c.id),
    ['maxFalseErrors', 'recall:i440fx'],
  );
  assert.is(exitCodeFor(checks), 1);
});

test('fatal parse errors have their own threshold (default 0)', () => {
  const checks = evaluateThresholds(measured, parseThresholds({ parseRate: 1, maxFalseErrors: 5, recall: 0 }));
  assert.equal(
    checks.filter((c) => !c.pass).map((c) => c.id),
    ['maxParseFatals'],
  );
});

test('a family threshold with no case in the corpus is not checked', () => {
  const report = runConformance({
    corpus,
    packs: PACKS,
    refusals: [],
    thresholds: parseThresholds({ parseRate: 1, maxParseFatals: 1, maxFalseErrors: 1, recall: 0, recallByFamily: { pseries: 1 } }),
  });
  assert.is(report.exitCode, 0);
  assert.equal(report.uncheckedFamilyThresholds, ['pseries']);
});

test('invalid thresholds are usage errors', () => {
  assert.throws(() => parseThresholds({ parseRate: 2, maxFalseErrors: 0, recall: 0 }), (e: unknown) => e instanceof UsageError);
  assert.throws(() => parseThresholds({ parseRate: 1, maxFalseErrors: -1, recall: 0 }), (e: unknown) => e instanceof UsageError);
  assert.throws(() => parseThresholds({ parseRate: 1, maxFalseErrors: 0 }), /recall/);
  assert.throws(() => parseThresholds({ parseRate: 1, maxFalseErrors: 0, recall: 0, recal: 1 }), /unknown key "recal"/);
  assert.throws(() => parseThresholds([]), (e: unknown) => e instanceof UsageError);
});

test('table: metric rows, per-family recall and the lists', () => {
  const report = runConformance({
    corpus,
    packs: PACKS,
    refusals: [],
    thresholds: parseThresholds({ parseRate: 1, maxFalseErrors: 0, recall: 0.5, recallByFamily: { q35: 1 } }),
  });
  const text = formatReport(report);
  assert.match(text, /parse \(files linted without crash\)\s+100\.0% \(10\/10\)\s+>= 100\.0%\s+PASS/);
  assert.match(text, /fatal XML parse errors\s+1\s+<= 0\s+FAIL/);
  assert.match(text, /false errors on libvirt outputs\s+1 \(4 files\)\s+<= 0\s+FAIL/);
  assert.match(text, /recall on PCI errors\s+33\.3% \(1\/3\)\s+>= 50\.0%\s+FAIL/);
  assert.match(text, /q35\s+1\s+1\s+100\.0%\s+>= 100\.0%\s+PASS/);
  assert.match(text, /i440fx\s+2\s+0\s+0\.0%\s+-\s+-/);
  assert.match(text, /qemuxml2xmloutdata\/out-wrong-root\.x86_64-latest\.xml:7:\d+ {2}common\/root-model-matches-machine/);
  assert.match(text, /libvirt accepts, QEMU refuses \(verified\)/);
  assert.match(text, /old-caps-only \[i440fx\] \(fails only with older QEMU caps\)/);
  assert.match(text, /pci-slot-invalid \[i440fx\]\n {6}libvirt: XML error: Invalid PCI address slot='0x20'/);
  assert.match(text, /Result: FAIL \(3 below threshold: maxParseFatals, maxFalseErrors, recall\)/);
  assert.match(formatReport(report, { verbose: true }), /Recall hits \(1\)\n {2}q35-wrong-root \[q35\]: common\/root-model-matches-machine/);
});

test.run();
