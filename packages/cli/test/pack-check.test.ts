import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { removeTree, runMain, tempTree } from './helpers.js';

const guest = "<domain type='kvm'><name>g</name><os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os><devices/></domain>\n";

/**
 * The pack a new user writes first, by analogy with an ESLint plugin: the
 * loader reports every mistake at once, each with what to write (issue 14
 * part 9: it used to take six rounds of guessing from one error at a time).
 */
test('a hand-written pack with several mistakes: every problem listed with what to write, exit 2', async () => {
  const dir = tempTree({
    'my-pack.mjs': `export default {
  name: 'acme',
  families: ['x86_64'],
  rules: [{
    meta: { id: 'no-big-buses', type: 'problem', severity: 'error', docs: { description: 'x' }, messages: { big: 'too big' } },
    check(graph, context) {},
  }],
};
`,
    '.pcilintrc.json': JSON.stringify({ packs: ['./my-pack.mjs'] }),
    'guest.xml': guest,
  });
  try {
    const { code, stdout, stderr } = await runMain(['guest.xml'], { cwd: dir });
    assert.is(code, 2);
    assert.is(stdout, '');
    assert.is(stderr, [
      `pcilint: ${dir}/.pcilintrc.json: packs[0]: pack "./my-pack.mjs" is not a valid pcilint rule pack (3 problems):`,
      '  - families[0] is "x86_64", which is not a machine family: use one of q35, i440fx, pseries, virt, s390-ccw, other',
      '  - rule "no-big-buses" must have an id starting with "acme/", the pack\'s name: write id: \'acme/no-big-buses\'',
      '  - rule "no-big-buses": meta.defaultSeverity is missing: write \'error\' (only for what libvirt or QEMU refuses) or \'warn\'',
      '',
    ].join('\n'));
  } finally {
    removeTree(dir);
  }
});

test('the same pack, corrected as the messages say, loads and reports', async () => {
  const dir = tempTree({
    'my-pack.mjs': `export default {
  name: 'acme',
  description: 'ACME fleet policy',
  families: ['q35'],
  rules: [{
    meta: { id: 'acme/no-big-buses', type: 'problem', defaultSeverity: 'error', docs: { description: 'x' }, messages: { seen: 'seen {{n}}' } },
    check(graph, context) { context.report({ at: graph.domainElement.startTagSpan, messageId: 'seen', data: { n: 1 } }); },
  }],
  configs: { recommended: { rules: { 'acme/no-big-buses': 'error' } } },
};
`,
    '.pcilintrc.json': JSON.stringify({ packs: ['./my-pack.mjs'] }),
    'guest.xml': guest,
  });
  try {
    const { code, stdout } = await runMain(['guest.xml', '-f', 'json'], { cwd: dir });
    assert.is(code, 1);
    const [result] = JSON.parse(stdout) as { messages: { ruleId: string; message: string }[] }[];
    assert.equal(result!.messages.filter((m) => m.ruleId === 'acme/no-big-buses').map((m) => m.message), ['seen 1']);
  } finally {
    removeTree(dir);
  }
});

test.run();
