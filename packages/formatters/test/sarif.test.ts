// SARIF output validated against the official SARIF 2.1.0 schema (draft-04, read by ajv-draft-04).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatSarif, type FormatterResult } from '../src/index.js';
import { context, lintedAs, q35, repoRoot } from './helpers.js';

// The schema is shared beside the repository (../shared in CI): a missing schema fails the test, never skips it.
const schemaFile = path.resolve(repoRoot, '../shared/schemas/sarif-schema-2.1.0.json');
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
// The schema's uri and date-time formats are checked too.
addFormats(ajv);
const validate = ajv.compile(schema);

function assertValid(sarif: unknown, label: string): void {
  const ok = validate(sarif);
  assert.ok(ok, `${label}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

test('the golden SARIF of the fixture set is valid SARIF 2.1.0', () => {
  const golden = JSON.parse(readFileSync(path.join(repoRoot, 'fixtures/formats/expected/sarif.sarif'), 'utf8')) as unknown;
  assertValid(golden, 'fixtures/formats/expected/sarif.sarif');
});

test('the schema check catches an invalid log (it is not vacuous)', () => {
  assert.not.ok(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }));
  assert.not.ok(validate({ version: '2.0.0', runs: [] }));
});

test('rules, levels, repository-relative URIs, regions and logical locations', () => {
  const sarif = JSON.parse(formatSarif([lintedAs('guests/q35.xml', q35())], context)) as {
    runs: { tool: { driver: { rules: { id: string; helpUri?: string; defaultConfiguration?: { level: string }; shortDescription: { text: string } }[] } }; results: Record<string, any>[]; originalUriBaseIds: Record<string, { uri: string }> }[];
  };
  assertValid(sarif, 'lint of q35()');
  const run = sarif.runs[0]!;
  const chassis = run.tool.driver.rules.find((r) => r.id === 'common/chassis-unique')!;
  assert.is(chassis.defaultConfiguration?.level, 'error');
  // The page shipped inside the installed pack (no network): rules/common/docs/chassis-unique.md.
  assert.match(chassis.helpUri ?? '', /^file:\/\/\/.*\/rules\/common\/docs\/chassis-unique\.md$/);
  assert.ok(chassis.shortDescription.text.length > 0);
  assert.is(run.tool.driver.rules.find((r) => r.id === 'common/spare-pcie-ports')?.defaultConfiguration?.level, 'warning');
  assert.ok(run.originalUriBaseIds['%SRCROOT%']!.uri.endsWith('/'));
  const [first] = run.results;
  assert.is(first!.ruleId, 'common/chassis-unique');
  assert.is(run.tool.driver.rules[first!.ruleIndex]!.id, 'common/chassis-unique');
  assert.is(first!.level, 'error');
  assert.equal(first!.locations[0].physicalLocation.artifactLocation, { uri: 'guests/q35.xml', uriBaseId: '%SRCROOT%', index: 0 });
  assert.equal(first!.locations[0].physicalLocation.region, { startLine: 6, startColumn: 69, endLine: 6, endColumn: 80 });
  assert.equal(first!.locations[0].logicalLocations, [{ fullyQualifiedName: "/domain/devices/controller[@type='pci'][@index='2']", kind: 'element' }]);
});

test('partialFingerprints survive unrelated edits and tell findings apart', () => {
  const fingerprints = (text: string) =>
    (JSON.parse(formatSarif([lintedAs('guests/q35.xml', text)], context)) as { runs: { results: { partialFingerprints: Record<string, string>; locations: any[] }[] }[] })
      .runs[0]!.results.map((r) => [r.partialFingerprints['pcilintNodePath/v1'], r.locations[0].physicalLocation.region.startLine]);
  const before = fingerprints(q35());
  const after = fingerprints(q35("\n    <disk type='file' device='disk'><target dev='vda' bus='virtio'/></disk>\n    <memballoon model='none'/>"));
  assert.is(before.length, 2);
  assert.equal(after.map(([f]) => f), before.map(([f]) => f), 'same fingerprints');
  assert.equal(after.map(([, line]) => line), before.map(([, line]) => (line as number) + 2), 'on moved lines');
  assert.is.not(before[0]![0], before[1]![0]);
});

test('messages without a rule, files outside the repository and standard input stay valid', () => {
  const outside: FormatterResult = { ...lintedAs('x.xml', '<domain><devices></domain>'), filePath: '/elsewhere/guest.xml' };
  const stdin: FormatterResult = { ...lintedAs('y.xml', q35()), filePath: '<text>' };
  const sarif = JSON.parse(formatSarif([outside, stdin], context)) as { runs: { results: any[]; tool: { driver: { rules: { id: string }[] } } }[] };
  assertValid(sarif, 'outside and stdin');
  const [parse] = sarif.runs[0]!.results;
  assert.is(parse.ruleId, 'pcilint/input');
  assert.ok(sarif.runs[0]!.tool.driver.rules.some((r) => r.id === 'pcilint/input'));
  assert.equal(parse.locations[0].physicalLocation.artifactLocation, { uri: 'file:///elsewhere/guest.xml', index: 0 });
});

test.run();
