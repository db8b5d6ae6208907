import { definePack, defineRule } from '@pcilint/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CorpusLinter } from '../src/corpus-linter.js';
import { listedFiles, loadCorpus } from '../src/manifest.js';
import { measureFalseErrors } from '../src/metrics/false-errors.js';
import { measureParse } from '../src/metrics/parse.js';
import { measureRecall } from '../src/metrics/recall.js';
import { PACKS } from '../src/packs.js';
import { makeCorpus, PLACEMENT_OUTPUTS, WRONG_ROOT_LINE } from './synthetic-corpus.js';

const { dir, cleanup } = makeCorpus();
const corpus = loadCorpus(dir);
const linter = new CorpusLinter(corpus.dir, PACKS);

test.after(cleanup);

test('manifest: lists every input and output once', () => {
  assert.is(corpus.entries.length, 7);
  assert.is(corpus.libvirtVersion, '0.0.0-test');
  const files = listedFiles(corpus);
  assert.is(files.length, 11);
  assert.equal(
    files.filter((f) => f.role === 'output').map((f) => f.file),
    [
      'qemuxml2xmloutdata/out-wrong-root.x86_64-latest.xml',
      'qemuxml2xmloutdata/broken-output.xml',
      'qemuxml2xmloutdata/missing.xml',
      PLACEMENT_OUTPUTS.exact,
      PLACEMENT_OUTPUTS.moved,
    ],
  );
});

test('parse: counts files on disk, lists fatals and missing files, no crash', () => {
  const parse = measureParse(corpus, linter);
  assert.is(parse.total, 10);
  assert.is(parse.ok, 10);
  assert.is(parse.rate, 1);
  assert.equal(parse.crashes, []);
  assert.is(parse.fatals.length, 1);
  assert.is(parse.fatals[0].file, 'qemuxml2xmloutdata/broken-output.xml');
  assert.match(parse.fatals[0].message, /^Parsing error/);
  assert.equal(parse.missing, ['qemuxml2xmloutdata/missing.xml']);
});

test('parse: a rule that throws is a crash', () => {
  const crashing = definePack({
    name: 'boom',
    description: 'throws',
    families: 'all',
    rules: [
      defineRule({
        meta: { id: 'boom/always', type: 'problem', docs: { description: 'throws' }, defaultSeverity: 'error', messages: {} },
        check() {
          throw new Error('kaboom');
        },
      }),
    ],
  });
  const crashLinter = new CorpusLinter(corpus.dir, [...PACKS, crashing]);
  const parse = measureParse(corpus, crashLinter);
  // The malformed file never reaches the rules.
  assert.is(parse.total, 10);
  assert.is(parse.ok, 1);
  assert.is(parse.crashes.length, 9);
  assert.match(parse.crashes[0].error, /boom\/always.*kaboom/);
  const recall = measureRecall(corpus, crashLinter);
  assert.is(recall.hits, 0);
  assert.match(recall.misses[0].problem ?? '', /crashed/);
});

test('false errors: an error on a libvirt output counts, with file, position and rule', () => {
  const metric = measureFalseErrors(corpus, linter, []);
  assert.is(metric.files, 4);
  assert.is(metric.count, 1);
  const [error] = metric.errors;
  assert.is(error.file, 'qemuxml2xmloutdata/out-wrong-root.x86_64-latest.xml');
  assert.is(error.ruleId, 'common/root-model-matches-machine');
  assert.is(error.line, WRONG_ROOT_LINE);
  assert.ok(error.column > 0);
  assert.equal(error.entries, ['out-wrong-root']);
  assert.equal(metric.knownRefusals, []);
});

test('false errors: a verified QEMU refusal is excluded but listed; an unmatched one is stale', () => {
  const refusal = {
    file: 'qemuxml2xmloutdata/out-wrong-root.x86_64-latest.xml',
    ruleId: 'common/root-model-matches-machine',
    line: WRONG_ROOT_LINE,
    reason: 'test',
    evidence: 'qemu: test',
  };
  const stale = { ...refusal, line: WRONG_ROOT_LINE + 1 };
  const metric = measureFalseErrors(corpus, linter, [refusal, stale]);
  assert.is(metric.count, 0);
  assert.is(metric.knownRefusals.length, 1);
  assert.is(metric.knownRefusals[0].reason, 'test');
  assert.equal(metric.staleRefusals, [stale]);
});

test('false errors: hotplug-policy rules are not false errors', () => {
  const policy = definePack({
    name: 'policy',
    description: 'hotplug policy at error',
    families: 'all',
    rules: [
      defineRule({
        meta: {
          id: 'policy/spare-ports',
          type: 'suggestion',
          docs: { description: 'policy' },
          defaultSeverity: 'error',
          hotplugPolicy: true,
          messages: { spare: 'no spare port' },
        },
        check(graph, context) {
          context.report({ node: graph.root ?? undefined, messageId: 'spare' });
        },
      }),
    ],
  });
  const metric = measureFalseErrors(corpus, new CorpusLinter(corpus.dir, [...PACKS, policy]), []);
  assert.is(metric.count, 1); // still only common/root-model-matches-machine
  // One per well-formed output: out-wrong-root and the two placement outputs.
  assert.is(metric.hotplugPolicyErrors, 3);
  assert.equal(metric.byRule['policy/spare-ports'], { errors: 3, warnings: 0, hotplugPolicy: true });
});

test('recall: hits, misses, per family, older-caps tag', () => {
  const recall = measureRecall(corpus, linter);
  assert.is(recall.cases, 3);
  assert.is(recall.hits, 1);
  assert.is(recall.rate, 1 / 3);
  assert.equal(recall.byFamily, { i440fx: { cases: 2, hits: 0, rate: 0 }, q35: { cases: 1, hits: 1, rate: 1 } });
  const hit = recall.results.find((r) => r.hit);
  assert.is(hit?.name, 'q35-wrong-root');
  assert.equal(hit?.errorRules, ['common/root-model-matches-machine']);
  assert.equal(
    recall.misses.map((m) => [m.name, m.olderCapsOnly]),
    [
      ['pci-slot-invalid', false],
      ['old-caps-only', true],
    ],
  );
  assert.is(recall.misses[0].errText, "XML error: Invalid PCI address slot='0x20', must be <= 0x1F");
});

test('linter: each file is linted once', () => {
  const fresh = new CorpusLinter(corpus.dir, PACKS);
  measureParse(corpus, fresh);
  const first = fresh.lint('qemuxml2argvdata/q35-wrong-root.xml');
  measureRecall(corpus, fresh);
  assert.is(fresh.lint('qemuxml2argvdata/q35-wrong-root.xml'), first);
  assert.is(fresh.lintedCount, 10);
});

test.run();
