// Issue 10 part 3 and issue 12 part 6: every rule message is one short line
// saying what is wrong and what to change; the why goes to meta.docs.rationale
// and the docs page. Messages about a command line speak of command lines.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintText, resolveConfig, type RulePack } from '@pcilint/core';
import common from '@pcilint/rules-common';
import i440fx from '@pcilint/rules-i440fx';
import machVirt from '@pcilint/rules-mach-virt';
import pseries from '@pcilint/rules-pseries';
import q35 from '@pcilint/rules-q35';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseJsonOutput, repoRoot, runMain } from './helpers.js';

const PACKS: readonly RulePack[] = [common, q35, i440fx, pseries, machVirt];
const MAX_LENGTH = 100;
/**
 * Rendered messages allowed past MAX_LENGTH, by rule id and fixture, with the
 * reason. Empty today: keep it that way unless a message cannot be shortened
 * without losing what to change.
 */
const LONG_MESSAGE_EXCEPTIONS: Readonly<Record<string, string>> = {};

function fixtureConfig(pack: RulePack, id: string, base: string) {
  const read = (file: string) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
  const options = (read(`${base}.options.json`) as unknown[] | undefined) ?? [];
  const only = Object.fromEntries(pack.rules.map((r) => [r.meta.id, r.meta.id === id ? ['error', ...options] : 'off']));
  return resolveConfig([pack], [{ source: 'fixture', rules: only as never, settings: read(`${base}.settings.json`) }]);
}

for (const pack of PACKS) {
  for (const rule of pack.rules) {
    const id = rule.meta.id;
    test(`${id}: every message of its fixtures is one line of at most ${MAX_LENGTH} characters`, () => {
      const dir = path.join(repoRoot, 'fixtures/rules', id);
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('invalid') && f.endsWith('.xml')) : [];
      let seen = 0;
      for (const file of files) {
        const base = path.join(dir, file.replace(/\.xml$/, ''));
        for (const m of lintText(readFileSync(path.join(dir, file), 'utf8'), fixtureConfig(pack, id, base)).messages) {
          if (m.ruleId !== id) continue;
          seen++;
          assert.not.ok(m.message.includes('\n'), `${file}: a newline in "${m.message}"`);
          if (LONG_MESSAGE_EXCEPTIONS[`${id} ${file}`]) continue;
          assert.ok(m.message.length <= MAX_LENGTH, `${file}: ${m.message.length} characters: "${m.message}"`);
        }
      }
      assert.ok(seen > 0, `${id}: no fixture message was checked`);
    });

    test(`${id}: meta.docs.rationale says why, for explain and SARIF help`, () => {
      const rationale = rule.meta.docs.rationale;
      assert.type(rationale, 'string');
      assert.ok(rationale!.length > 40, `${id}: rationale too short to explain anything`);
      assert.not.ok(rationale!.includes('{{'), `${id}: the rationale is plain text, not a template`);
      // The page shipped with the pack, which meta.docs.url names.
      // Whitespace collapsed: the page wraps its paragraphs at 100 columns, quotes included.
      const page = readFileSync(fileURLToPath(rule.meta.docs.url), 'utf8').replace(/\s+/g, ' ');
      // The evidence quoted in the rationale (libvirt's and QEMU's own words) is on the docs page too.
      for (const quoted of rationale!.match(/"[^"]{12,}"/g) ?? []) {
        const words = quoted.slice(1, -1).split(' ... ')[0]!.slice(0, 40);
        assert.ok(page.includes(words), `${rule.meta.docs.url} does not quote ${quoted}`);
      }
    });
  }
}

const COMMAND_LINE = /\.(args|sh|cmdline)$/;
const commandLines = ['fixtures/argv', 'fixtures/argv-fix'].flatMap((dir) =>
  readdirSync(path.join(repoRoot, dir))
    .filter((f) => COMMAND_LINE.test(f) && !f.includes('.fixed.'))
    .map((f) => path.join(repoRoot, dir, f)),
);

for (const file of commandLines) {
  test(`${path.relative(repoRoot, file)}: messages speak of the command line, not of libvirt XML`, async () => {
    const { stdout } = await runMain(['--format', 'json', file]);
    const [report] = parseJsonOutput(stdout);
    const messages = report!.messages.filter((m) => m.ruleId !== null);
    assert.ok(messages.length > 0, 'the fixture should trigger a rule');
    for (const m of messages) {
      assert.not.ok(m.message.includes("='"), `XML attribute syntax in ${m.ruleId}: "${m.message}"`);
      assert.not.match(m.message, /libvirt/i, `${m.ruleId}: "${m.message}"`);
      assert.not.match(m.message, /<[a-z]/, `an XML element in ${m.ruleId}: "${m.message}"`);
      assert.ok(m.message.length <= MAX_LENGTH && !m.message.includes('\n'), `${m.ruleId}: "${m.message}"`);
    }
  });
}

test('command-line advice names -devices by driver and id, and their properties: port=, chassis_nr=, multifunction=on', async () => {
  const lint = async (file: string) => {
    const [report] = parseJsonOutput((await runMain(['--format', 'json', path.join(repoRoot, file)])).stdout);
    return report!.messages.map((m) => m.message);
  };
  assert.ok((await lint('fixtures/argv-fix/port-renumber.args')).includes("pcie-root-port 'pci.2' has port=16, like pcie-root-port 'pci.1': set port=24."));
  assert.ok((await lint('fixtures/argv-fix/removal.args')).includes('-device pcie-pci-bridge has no chassis_nr= property: remove it.'));
  assert.ok((await lint('fixtures/argv-fix/multifunction.args')).includes("pcie-root-port 'pci.1' at 0000:00:02.0 lacks multifunction=on (functions 1, 2 used): add it."));
});

test('on a command line a missing multifunction=on is an error (QEMU refuses it), in XML a warning (libvirt adds it)', async () => {
  const [argv] = parseJsonOutput((await runMain(['--format', 'json', path.join(repoRoot, 'fixtures/argv-fix/multifunction.args')])).stdout);
  assert.equal(argv!.messages.map((m) => [m.ruleId, m.severity]), [['common/multifunction-off-with-functions', 2]]);
  const xml = path.join(repoRoot, 'fixtures/rules/common/multifunction-flag-missing/invalid-double-quotes.xml');
  const [report] = parseJsonOutput((await runMain(['--format', 'json', xml])).stdout);
  assert.ok(report!.messages.some((m) => m.ruleId === 'common/multifunction-flag-missing' && m.severity === 1));
  assert.not.ok(report!.messages.some((m) => m.ruleId === 'common/multifunction-off-with-functions'));
});

test.run();
