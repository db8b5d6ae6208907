import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture, removeTree, repoRoot, runMain, tempTree } from './helpers.js';

const page = (pack: string, name: string) => path.join(repoRoot, 'rules', pack, 'docs', `${name}.md`);

test('explain: the rule meta, then its page read from the pack that ships it', async () => {
  const { code, stdout, stderr } = await runMain(['explain', 'q35/no-pci-expander-bus']);
  assert.is(stderr, '');
  assert.is(code, 0);
  const header = [
    'q35/no-pci-expander-bus',
    'q35 guests cannot use pci-expander-bus controllers; pcie-expander-bus is the q35 equivalent.',
    '',
    'pack              q35',
    'type              problem',
    'default severity  error',
    'configured        error',
    'fixable           no',
    'hotplug policy    no',
    'options           none',
    `page              ${pathToFileURL(page('q35', 'no-pci-expander-bus')).href}`,
    '',
    '',
  ].join('\n');
  assert.is(stdout, header + readFileSync(page('q35', 'no-pci-expander-bus'), 'utf8').trimEnd() + '\n');
});

test('explain follows the configuration in effect (--rule) and prints JSON', async () => {
  const { code, stdout } = await runMain(['explain', '-f', 'json', '--rule', 'common/spare-pcie-ports: error', 'common/spare-pcie-ports']);
  assert.is(code, 0);
  const doc = JSON.parse(stdout) as Record<string, unknown>;
  assert.equal(
    { ...doc, page: undefined },
    {
      id: 'common/spare-pcie-ports',
      pack: 'common',
      type: 'suggestion',
      description: 'PCI Express machines should keep enough empty hotplug-capable root or downstream ports for devices hot-plugged later.',
      defaultSeverity: 'warn',
      severity: 'error',
      fixable: true,
      hotplugPolicy: true,
      schema: null,
      url: pathToFileURL(page('common', 'spare-pcie-ports')).href,
      page: undefined,
    },
  );
  assert.is(doc.page, readFileSync(page('common', 'spare-pcie-ports'), 'utf8'));
});

test('explain: a third-party pack\'s options schema and page; a web page is named, never fetched', async () => {
  const dir = tempTree({ '.pcilintrc.json': JSON.stringify({ packs: [fixture('packs', 'explain-pack', 'index.mjs')] }) });
  try {
    const withSchema = await runMain(['explain', 'explain-test/max-ports'], { cwd: dir });
    assert.is(withSchema.code, 0, withSchema.stderr);
    const pageFile = fixture('packs', 'explain-pack', 'docs', 'max-ports.md');
    assert.is(withSchema.stdout, [
      'explain-test/max-ports',
      'At most n root ports.',
      '',
      'pack              explain-test',
      'type              suggestion',
      'default severity  warn',
      'configured        off',
      'fixable           yes',
      'hotplug policy    no',
      'options           JSON Schema below',
      `page              ${pathToFileURL(pageFile).href}`,
      '',
      'Options schema:',
      JSON.stringify([{ type: 'object', properties: { n: { type: 'integer', minimum: 1 } }, additionalProperties: false }], null, 2),
      '',
      readFileSync(pageFile, 'utf8').trimEnd(),
      '',
    ].join('\n'));

    const web = await runMain(['explain', 'explain-test/on-the-web', 'explain-test/no-page'], { cwd: dir });
    assert.is(web.code, 0, web.stderr);
    assert.match(web.stdout, /\npage              https:\/\/example\.invalid\/on-the-web\n\nThe docs page is not part of the installed pack; read it at https:\/\/example\.invalid\/on-the-web\n\nexplain-test\/no-page\n/);
    assert.match(web.stdout, /\npage              \(none\)\n\nThis rule ships no docs page\.\n$/);
  } finally {
    removeTree(dir);
  }
});

test('explain: an unknown rule or no rule is a usage error (exit 2) with a suggestion', async () => {
  const unknown = await runMain(['explain', 'q35/spare-pcie-ports']);
  assert.is(unknown.code, 2);
  assert.is(unknown.stdout, '');
  assert.is(unknown.stderr, 'pcilint: unknown rule "q35/spare-pcie-ports" (did you mean "common/spare-pcie-ports"?); pcilint --list-rules lists the loaded rules\n');
  const typo = await runMain(['explain', 'common/adress-conflict']);
  assert.is(typo.stderr, 'pcilint: unknown rule "common/adress-conflict" (did you mean "common/address-conflict"?); pcilint --list-rules lists the loaded rules\n');
  const none = await runMain(['explain']);
  assert.is(none.code, 2);
  assert.is(none.stderr, 'pcilint: explain needs a rule id, e.g. pcilint explain common/address-conflict\nRun "pcilint --help" for usage.\n');
});

test.run();
