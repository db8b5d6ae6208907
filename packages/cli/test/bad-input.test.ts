// The bad-input catalogue (issue 12 part 2): every broken file a pre-commit hook meets, run
// through the real bin with a small heap and a time bound, with the exact message, position and
// exit status a user gets. A case that hangs, crashes or needs more than 200 MB fails here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { baseEnv, binPath, repoRoot } from './helpers.js';

const guest = readFileSync(path.join(repoRoot, 'fixtures/examples/q35-web-server.xml'), 'utf8');
const dir = mkdtempSync(path.join(os.tmpdir(), 'pcilint-bad-input-'));

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly results: { filePath: string; messages: { ruleId: string | null; fatal?: boolean; line: number; column: number; message: string }[] }[];
  readonly stderr: string;
  readonly ms: number;
}

/** The bin, 200 MB of heap, 20 s: what a hostile file may cost at most. */
function lint(args: readonly string[], input?: Buffer, heapMb = 200): Outcome {
  const started = Date.now();
  const run = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, binPath, '--no-config-lookup', '--format', 'json', ...args], {
    cwd: dir,
    env: baseEnv(),
    input: input ?? '',
    timeout: 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const stdout = run.stdout?.toString('utf8') ?? '';
  return {
    code: run.status,
    signal: run.signal,
    results: stdout.trim() === '' ? [] : JSON.parse(stdout),
    stderr: run.stderr?.toString('utf8') ?? '',
    ms: Date.now() - started,
  };
}

function put(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return name;
}

/** The one fatal message of a file, as [line, column, message]. */
function fatalOf(outcome: Outcome): [number, number, string][] {
  assert.is(outcome.signal, null, `killed by ${outcome.signal} after ${outcome.ms} ms`);
  assert.is(outcome.results.length, 1, outcome.stderr);
  return outcome.results[0]!.messages.map((m) => {
    assert.ok(m.fatal, `not fatal: ${m.message}`);
    return [m.line, m.column, m.message];
  });
}

const UTF8_NOTE = 'libvirt refuses the file ("Input is not proper UTF-8")';
const withBytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

// [name, file content, expected exit status, expected fatal messages]
const fatalCases: [string, string | Buffer, number, [number, number, string][]][] = [
  ['malformed.xml', "<domain type='kvm'>\n  <devices>\n</domain>\n", 1, [[3, 10, 'Parsing error: unexpected close tag']]],
  ['truncated.xml', guest.slice(0, guest.indexOf('</devices>')), 1, [[47, 3, 'Parsing error: unclosed tag: devices']]],
  ['empty.xml', '', 1, [[1, 1, 'Parsing error: the file is empty (libvirt: "Document is empty")']]],
  ['blank.xml', '  \n\t\n', 1, [[1, 1, 'Parsing error: the file is empty (libvirt: "Document is empty")']]],
  ['binary.xml', withBytes([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0xf3, 0x00, 0x3e]), 1, [[1, 10, `Parsing error: byte 0xF3 is not UTF-8; ${UTF8_NOTE}`]]],
  ['nul-bytes.xml', withBytes("<domain type='kvm'>", [0, 0, 0], '</domain>'), 1, [[1, 21, 'Parsing error: disallowed character']]],
  [
    'utf16le.xml',
    withBytes([0xff, 0xfe], [...Buffer.from(guest, 'utf16le')]),
    1,
    [[1, 1, 'Parsing error: the file is UTF-16 little-endian (with a byte order mark); libvirt reads domain XML as UTF-8 and refuses it ("Start tag expected, \'<\' not found"): convert it, e.g. iconv -f UTF-16 -t UTF-8']],
  ],
  [
    'utf16be.xml',
    withBytes([0xfe, 0xff], [...Buffer.from(guest, 'utf16le').swap16()]),
    1,
    [[1, 1, 'Parsing error: the file is UTF-16 big-endian (with a byte order mark); libvirt reads domain XML as UTF-8 and refuses it ("Start tag expected, \'<\' not found"): convert it, e.g. iconv -f UTF-16 -t UTF-8']],
  ],
  [
    'utf16-no-bom.xml',
    Buffer.from(guest, 'utf16le'),
    1,
    [[1, 1, 'Parsing error: the file is UTF-16 little-endian (without a byte order mark); libvirt reads domain XML as UTF-8 and refuses it ("Start tag expected, \'<\' not found"): convert it, e.g. iconv -f UTF-16 -t UTF-8']],
  ],
  ['invalid-utf8.xml', withBytes(guest.slice(0, guest.indexOf('</name>')), [0xe9], guest.slice(guest.indexOf('</name>'))), 1, [[2, 15, `Parsing error: byte 0xE9 is not UTF-8; ${UTF8_NOTE}`]]],
  [
    'latin1-declared.xml',
    withBytes('<?xml version="1.0" encoding="ISO-8859-1"?>\n', guest.slice(0, guest.indexOf('</name>')), [0xe9], guest.slice(guest.indexOf('</name>'))),
    1,
    [[3, 15, `Parsing error: byte 0xE9 is not UTF-8 (the XML declaration names ISO-8859-1, but libvirt reads UTF-8 whatever it says); ${UTF8_NOTE}`]],
  ],
  [
    'billion-laughs.xml',
    `<?xml version="1.0"?>\n<!DOCTYPE domain [\n${['<!ENTITY l0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)].join('\n')}\n]>\n<domain type='kvm'><name>&l9;</name></domain>\n`,
    1,
    [[14, 30, 'Parsing error: entity &l9; is declared in the DOCTYPE, but pcilint does not expand DTD entities: write its value in place']],
  ],
  ['undefined-entity.xml', "<domain type='kvm'><name>&guest;</name></domain>\n", 1, [[1, 33, 'Parsing error: undefined entity &guest; (libvirt: "Entity \'guest\' not defined")']]],
  ['duplicate-attribute.xml', guest.replace("index='1'", "index='1' index='2'"), 1, [[13, 71, 'Parsing error: duplicate attribute: index']]],
  ['args-unbalanced.args', 'qemu-system-x86_64 -machine q35 \\\n  -device "virtio-net-pci,id=n0\n', 1, [[2, 11, 'Parsing error: unterminated double quote']]],
  ['no-qemu.sh', '#!/bin/sh\necho "starting the guest"\nexec /usr/local/bin/run-vm\n', 1, [[1, 1, 'Parsing error: no qemu-system-* command found']]],
  // 0xDE 0xAD is one valid character (U+07AD): the first bad byte is 0xBE, column 2.
  ['random-bytes', withBytes([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]), 1, [[1, 2, `Parsing error: byte 0xBE is not UTF-8; ${UTF8_NOTE}`]]],
  [
    'guest.json',
    '{"name": "not a guest"}\n',
    2,
    [[1, 1, 'File not read: pcilint does not read .json files; it reads libvirt domain XML (.xml) and QEMU command lines (.args, .sh, .bash, .cmdline, or a file without extension)']],
  ],
  [
    'notes.txt',
    'qemu-system-x86_64 -machine q35\n',
    2,
    [[1, 1, 'File not read: pcilint does not read .txt files; it reads libvirt domain XML (.xml) and QEMU command lines (.args, .sh, .bash, .cmdline, or a file without extension)']],
  ],
];

for (const [name, content, code, expected] of fatalCases) {
  test(`bad input ${name}: exit ${code}, ${expected[0]![2].slice(0, 60)}`, () => {
    put(name, content);
    const outcome = lint([name]);
    assert.equal(fatalOf(outcome), expected);
    assert.is(outcome.code, code, outcome.stderr);
  });
}

test('the UTF-8 BOM is read as libvirt reads it: the same findings as without it', () => {
  put('plain.xml', guest);
  put('bom.xml', withBytes([0xef, 0xbb, 0xbf], guest));
  const [bom, plain] = lint(['plain.xml', 'bom.xml']).results;
  const seen = (r: Outcome['results'][number]) => r.messages.map((m) => [m.ruleId, m.line, m.column, m.message]);
  assert.ok(plain!.messages.length > 0);
  // Positions as an editor shows them: the BOM is not a column.
  assert.equal(seen(bom!), seen(plain!));
});

test('an XML declaration naming another encoding, over ASCII text, is linted (libvirt accepts it)', () => {
  put('plain.xml', guest);
  put('latin1-ascii.xml', `<?xml version="1.0" encoding="ISO-8859-1"?>\n${guest}`);
  const outcome = lint(['latin1-ascii.xml', 'plain.xml']);
  const [declared, plain] = outcome.results;
  assert.equal(declared!.messages.map((m) => [m.ruleId, m.line - 1, m.message]), plain!.messages.map((m) => [m.ruleId, m.line, m.message]));
});

test('an external entity is never read: one pointing at a FIFO would hang the run', () => {
  const fifo = path.join(dir, 'entity-fifo');
  spawnSync('mkfifo', [fifo]);
  put('external-entity.xml', `<?xml version="1.0"?>\n<!DOCTYPE domain [<!ENTITY x SYSTEM "file://${fifo}">]>\n<domain type='kvm'><name>&x;</name></domain>\n`);
  const outcome = lint(['external-entity.xml']);
  assert.equal(fatalOf(outcome), [[3, 29, 'Parsing error: external entity &x; is never read (by pcilint or by libvirt): write the value in place']]);
  assert.is(outcome.code, 1);
});

test('billion laughs costs nothing: no expansion, well under a second of work', () => {
  const outcome = lint(['billion-laughs.xml']);
  assert.is(outcome.code, 1);
  assert.ok(outcome.ms < 10_000, `${outcome.ms} ms`);
});

test('100,000 nested elements: no stack overflow, linted', () => {
  const at = guest.indexOf('</devices>');
  put('deep.xml', `${guest.slice(0, at)}${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}${guest.slice(at)}`);
  const outcome = lint(['deep.xml']);
  assert.is(outcome.signal, null);
  assert.is(outcome.code, 0, outcome.stderr);
  assert.ok(outcome.results[0]!.messages.every((m) => !m.fatal));
});

test('a file above the size limit is refused unread; --max-file-size raises the limit', () => {
  const at = guest.indexOf('<devices>');
  put('huge.xml', `${guest.slice(0, at)}<!-- ${'x'.repeat(11 * 1024 * 1024)} -->\n${guest.slice(at)}`);
  const refused = lint(['huge.xml']);
  const size = statSync(path.join(dir, 'huge.xml')).size;
  assert.equal(fatalOf(refused), [
    [1, 1, `File not read: the file is ${size} bytes, above the limit of 10485760 bytes (virsh define reads at most 10 MiB of XML); raise it with --max-file-size`],
  ]);
  assert.is(refused.code, 2);
  assert.match(refused.stderr, '1 file(s) could not be read');
  const raised = lint(['--max-file-size', '12M', 'huge.xml']);
  assert.is(raised.code, 0, raised.stderr);
  assert.ok(raised.results[0]!.messages.every((m) => !m.fatal));
});

test('60,000 interfaces (5 MB) in seconds, not minutes: nothing quadratic in the number of devices', () => {
  const at = guest.indexOf('</devices>');
  const nic = "<interface type='network'><source network='default'/><model type='virtio'/></interface>\n";
  put('many-nics.xml', `${guest.slice(0, at)}${nic.repeat(60_000)}${guest.slice(at)}`);
  // Each NIC and the root port libvirt adds for it: about 600 MB of graph and placement, so more heap here.
  const outcome = lint(['many-nics.xml'], undefined, 1500);
  assert.is(outcome.signal, null, `killed after ${outcome.ms} ms`);
  assert.is(outcome.code, 1, outcome.stderr);
  assert.equal(outcome.results[0]!.messages.map((m) => m.ruleId), ['q35/root-port-capacity']);
});

test('130,000 controllers (6 MB): no quadratic lookups, no argument spread past the stack', () => {
  const at = guest.indexOf('</devices>');
  put('many-controllers.xml', `${guest.slice(0, at)}${"<controller type='pci' model='pcie-root-port'/>\n".repeat(130_000)}${guest.slice(at)}`);
  const outcome = lint(['many-controllers.xml'], undefined, 1500);
  assert.is(outcome.signal, null, `killed after ${outcome.ms} ms`);
  assert.is(outcome.code, 1, outcome.stderr);
  const rules = new Set(outcome.results[0]!.messages.map((m) => m.ruleId));
  assert.ok(rules.has('common/controller-index-rules') && rules.has('q35/root-port-capacity'), [...rules].join(', '));
});

test('--max-file-size rejects what is not a size', () => {
  const outcome = lint(['--max-file-size', '10 parsecs', 'plain.xml']);
  assert.is(outcome.code, 2);
  assert.match(outcome.stderr, '--max-file-size expects a size from 1 byte to 256M (e.g. 10M, 512K), not "10 parsecs"');
});

test('a FIFO named explicitly is refused from its type, never opened for a blocking read', () => {
  spawnSync('mkfifo', [path.join(dir, 'pipe.xml')]);
  const outcome = lint(['pipe.xml']);
  assert.equal(fatalOf(outcome), [[1, 1, "File not read: a FIFO (named pipe): pcilint reads regular files only (a pipe's output can be linted with --stdin)"]]);
  assert.is(outcome.code, 2);
});

test('a character device is refused (reading /dev/zero would never end)', () => {
  const outcome = lint(['/dev/zero']);
  assert.equal(fatalOf(outcome), [[1, 1, "File not read: a character device: pcilint reads regular files only (a pipe's output can be linted with --stdin)"]]);
  assert.is(outcome.code, 2);
});

test('a file whose read fails is reported with the reason, the others are linted, exit 2', () => {
  // /proc/self/mem opens but every read at offset 0 fails (EIO): an unreadable file even for root.
  put('plain.xml', guest);
  const outcome = lint(['/proc/self/mem', 'plain.xml']);
  assert.is(outcome.code, 2);
  const unreadable = outcome.results.find((r) => r.filePath === '/proc/self/mem')!;
  assert.equal(unreadable.messages.map((m) => m.message), ['File not read: cannot read the file: EIO: i/o error, read']);
  assert.ok(outcome.results.some((r) => r.filePath.endsWith('plain.xml') && r.messages.every((m) => !m.fatal)));
});

test('a dangling symlink named explicitly says where it points', () => {
  symlinkSync('/nonexistent/guest.xml', path.join(dir, 'dangling.xml'));
  const outcome = lint(['dangling.xml']);
  assert.equal(fatalOf(outcome), [[1, 1, 'File not read: dangling symbolic link: its target /nonexistent/guest.xml does not exist']]);
  assert.is(outcome.code, 2);
});

test('a symlink loop in a scanned tree: every file once, no descent into the loop', () => {
  put('tree/a/guest.xml', guest);
  symlinkSync('..', path.join(dir, 'tree/a/up'));
  symlinkSync('guest.xml', path.join(dir, 'tree/a/linked.xml'));
  symlinkSync('missing.xml', path.join(dir, 'tree/a/dangling.xml'));
  const outcome = lint(['tree']);
  assert.is(outcome.code, 0, outcome.stderr);
  assert.equal(outcome.results.map((r) => path.relative(dir, r.filePath)), ['tree/a/guest.xml', 'tree/a/linked.xml']);
});

test('a directory named explicitly is searched; one without guests is an unmatched pattern', () => {
  mkdirSync(path.join(dir, 'no-guests'));
  put('no-guests/readme.md', '# nothing here\n');
  const outcome = lint(['no-guests']);
  assert.is(outcome.code, 2);
  assert.is(outcome.stderr, 'pcilint: No files matching the pattern "no-guests" were found.\n');
});

test('a glob matching nothing exits 2 and says so', () => {
  const outcome = lint(['guests/**/*.xml']);
  assert.is(outcome.code, 2);
  assert.is(outcome.stderr, 'pcilint: No files matching the pattern "guests/**/*.xml" were found.\n');
});

test('non-domain XML is skipped, not failed', () => {
  put('network.xml', "<network><name>default</name></network>\n");
  const outcome = lint(['network.xml']);
  assert.is(outcome.code, 0);
  assert.equal(outcome.results[0]!.messages, []);
});

test('invalid JSON in a -device: the command-line problem at its column, the rest still linted', () => {
  put('bad-json.args', "qemu-system-x86_64 -machine q35 -device '{\"driver\":\"virtio-net-pci\",'\n");
  const outcome = lint(['bad-json.args']);
  assert.is(outcome.code, 1);
  const json = outcome.results[0]!.messages.find((m) => m.ruleId === null)!;
  assert.equal([json.line, json.column, json.message], [1, 69, '-device: unexpected end of JSON input: expected a string key in JSON object']);
});

test('standard input: invalid UTF-8 is refused at its position, UTF-16 by name', () => {
  const bad = lint(['--stdin'], withBytes("<domain type='kvm'>\n  <name>x", [0xff], '</name>\n</domain>\n'));
  assert.equal(fatalOf(bad), [[2, 10, `Parsing error: byte 0xFF is not UTF-8; ${UTF8_NOTE}`]]);
  assert.is(bad.code, 1);
  const utf16 = lint(['--stdin'], withBytes([0xff, 0xfe], [...Buffer.from(guest, 'utf16le')]));
  assert.match(fatalOf(utf16)[0]![2], 'UTF-16 little-endian (with a byte order mark)');
});

test('an unknown machine type is one error and only machine-independent rules run', () => {
  put('unknown-machine.xml', guest.replace("machine='pc-q35-7.2'", "machine='pc-foo-1.0'"));
  const outcome = lint(['unknown-machine.xml']);
  assert.is(outcome.code, 1);
  assert.equal(outcome.results[0]!.messages.map((m) => [m.ruleId, m.line, m.column]), [['common/machine-type-known', 6, 25]]);
});

test('numbers out of every range are quoted back as written, nothing sized by them', () => {
  const cases: [string, string, string][] = [
    ["slot='0x02'", "slot='0x100'", "Invalid PCI address slot='0x100', must be <= 0x1F"],
    ["slot='0x02'", "slot='99999999999'", "Invalid value for attribute 'slot' in element 'address': '99999999999'. Expected non-negative integer value"],
    ["index='1'", "index='-1'", "Invalid value for attribute 'index' in element 'controller': '-1'. Expected non-negative value"],
    ["index='1'", "index='1e3'", "Invalid value for attribute 'index' in element 'controller': '1e3'. Expected integer value"],
    ["index='1'", "index='0x2'", "Invalid value for attribute 'index' in element 'controller': '0x2'. Expected integer value"],
    ["index='1'", "index='4294967296'", "Invalid value for attribute 'index' in element 'controller': '4294967296'. Expected integer value"],
  ];
  for (const [from, to, message] of cases) {
    put('number.xml', guest.replace(from, to));
    const outcome = lint(['number.xml']);
    assert.is(outcome.signal, null, to);
    assert.is(outcome.code, 1, to);
    assert.ok(outcome.results[0]!.messages.some((m) => m.message.startsWith(message)), `${to}: ${JSON.stringify(outcome.results[0]!.messages.map((m) => m.message))}`);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
