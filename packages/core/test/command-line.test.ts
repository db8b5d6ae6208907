import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  isQemuProgram,
  looksLikeQemuCommandLine,
  parseCommandLine,
  wordSpan,
  type CommandLine,
  type Word,
} from '../src/syntax/command-line.js';
import { parseDeviceOption } from '../src/syntax/qemu-options.js';
import { LineIndex } from '../src/syntax/source.js';

function parse(text: string): CommandLine {
  const r = parseCommandLine(text);
  if (!r.ok) throw new Error(`${r.error.message} at ${r.error.offset}`);
  return r.commandLine;
}

const texts = (words: readonly Word[]) => words.map((w) => w.text);
const raw = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

/** Asserts the word's text and that wordSpan over all of it covers the expected source. */
function assertWord(source: string, word: Word, text: string, rawText: string): void {
  assert.is(word.text, text);
  assert.is(raw(source, word.span), rawText);
  assert.is(word.offsets.length, word.text.length + 1);
}

const ARGS_FILE = `LC_ALL=C \\
PATH=/bin \\
HOME=/tmp/lib/domain--1-QEMUGuest1 \\
/usr/bin/qemu-system-x86_64 \\
-name guest=QEMUGuest1,debug-threads=on \\
-machine q35,usb=off \\
-device '{"driver":"pcie-root-port","port":16,"chassis":1,"id":"pci.1","bus":"pcie.0","multifunction":true,"addr":"0x2"}' \\
-device ide-hd,bus=ide.0,drive=libvirt-1-format,id=sata0-0-0 \\
-msg timestamp=on
`;

test('args-file: env assignments, continuations and single-quoted JSON', () => {
  const c = parse(ARGS_FILE);
  assert.is(c.format, 'args-file');
  assert.equal(texts(c.env), ['LC_ALL=C', 'PATH=/bin', 'HOME=/tmp/lib/domain--1-QEMUGuest1']);
  assertWord(ARGS_FILE, c.program, '/usr/bin/qemu-system-x86_64', '/usr/bin/qemu-system-x86_64');
  assert.is(c.args[0].text, '-name');
  assert.is(c.args.length, 10);
  const json = c.args[5];
  assert.ok(json.text.startsWith('{"driver":"pcie-root-port"'));
  assert.ok(raw(ARGS_FILE, json.span).startsWith(`'{"driver"`), 'span includes the quotes');
  assert.is(raw(ARGS_FILE, wordSpan(json, 0, json.text.length)), json.text, 'text range maps inside the quotes');
  assert.is(c.args[9].text, 'timestamp=on');
});

test('args-file: word spans resolve to the right line and column', () => {
  const c = parse(ARGS_FILE);
  const index = new LineIndex(ARGS_FILE);
  assert.equal(index.positionAt(c.program.span.start), { line: 4, column: 1 });
  assert.equal(index.positionAt(c.args[4].span.start), { line: 7, column: 1 });
  assert.equal(index.positionAt(c.args[5].span.start), { line: 7, column: 9 });
});

const SCRIPT = `#!/bin/bash
# Start the test VM; don't forget the bridge
set -euo pipefail
MEM=4G
DISK="$HOME/vm disk.qcow2"
ip link show br0 >/dev/null || exit 1

exec sudo env LIBVIRT_DEBUG=1 qemu-system-x86_64 \\
  -machine q35,accel=kvm \\
  -m "$MEM" -smp $(nproc) \\
  -drive file="$DISK",if=none,id=d0 \\
  -drive file=my\\ disk.img,if=none \\
  -device "virtio-net-pci,netdev=n0,"'bus=pci.1' \\
  -device '{"driver":"virtio-blk-pci","drive":"d0"}' \\
  -serial stdio > /tmp/qemu.log 2>&1
echo "never reached"
`;

test('shell script: shebang, comments, other commands, wrappers and exec', () => {
  const c = parse(SCRIPT);
  assert.is(c.format, 'shell-script');
  assert.is(c.program.text, 'qemu-system-x86_64');
  assert.equal(texts(c.env), ['LIBVIRT_DEBUG=1']);
  assert.equal(texts(c.args), [
    '-machine', 'q35,accel=kvm',
    '-m', '$MEM', '-smp', '$(nproc)',
    '-drive', 'file=$DISK,if=none,id=d0',
    '-drive', 'file=my disk.img,if=none',
    '-device', 'virtio-net-pci,netdev=n0,bus=pci.1',
    '-device', '{"driver":"virtio-blk-pci","drive":"d0"}',
    '-serial', 'stdio',
  ]);
});

test('shell quoting: mixed adjacent quotes, escaped space, literal "$VAR"', () => {
  const c = parse(SCRIPT);
  const mixed = c.args[11];
  assert.is(raw(SCRIPT, mixed.span), `"virtio-net-pci,netdev=n0,"'bus=pci.1'`);
  const bus = mixed.text.indexOf('pci.1');
  assert.is(raw(SCRIPT, wordSpan(mixed, bus, bus + 5)), 'pci.1');
  // A range across the quote boundary takes in both quotes between the chars.
  const across = mixed.text.indexOf('n0,bus');
  assert.is(raw(SCRIPT, wordSpan(mixed, across, across + 6)), `n0,"'bus`);

  const escaped = c.args[9];
  assert.is(raw(SCRIPT, escaped.span), 'file=my\\ disk.img,if=none');
  const space = escaped.text.indexOf(' ');
  assert.is(raw(SCRIPT, wordSpan(escaped, space, space + 5)), '\\ disk', 'the escape is part of the range');

  const mem = c.args[3];
  assert.is(raw(SCRIPT, mem.span), '"$MEM"');
  assert.is(raw(SCRIPT, wordSpan(mem, 0, 4)), '$MEM');
});

test('the invocation ends at ; && || | & ) and an unescaped newline', () => {
  for (const end of [';', ' && true', ' || true', ' | tee log', ' &', ')', '\n-m 2G']) {
    const c = parse(`(qemu-system-x86_64 -m 1G${end}`);
    assert.equal(texts(c.args), ['-m', '1G'], JSON.stringify(end));
  }
});

test('the first qemu invocation in a script is taken; echo of the name is not one', () => {
  const c = parse(`echo qemu-system-x86_64 is great\nif kvm -m 512 -nographic; then\n  qemu-system-aarch64 -M virt\nfi\n`);
  assert.is(c.program.text, 'kvm');
  assert.equal(texts(c.args), ['-m', '512', '-nographic']);
});

test('assignments only count when unquoted before the program', () => {
  const text = `"A=1" qemu-system-x86_64`;
  const r = parseCommandLine(text);
  assert.not.ok(r.ok, '"A=1" is the command word, so qemu is not at a command position');
  const c = parse(`A=1 B='x y' qemu-system-x86_64 -S`);
  assert.equal(texts(c.env), ['A=1', 'B=x y']);
});

test('double quotes escape only $ ` " \\ and newline; backslash-newline joins', () => {
  const text = 'qemu-system-x86_64 "a\\$b\\"c\\d\\\\e" "x\\\ny" f\\\ng';
  const c = parse(text);
  assert.equal(texts(c.args), ['a$b"c\\d\\e', 'xy', 'fg']);
  const joined = c.args[2];
  assert.is(raw(text, wordSpan(joined, 0, 2)), 'f\\\ng');
});

test('command substitutions keep their text literally, even with blanks and parentheses', () => {
  const text = 'qemu-system-x86_64 -smp $(( $(nproc) / 2 )) -name "$(hostname -s)-vm" -uuid `uuidgen` -m ${MEM:-2G}';
  const c = parse(text);
  assert.equal(texts(c.args), ['-smp', '$(( $(nproc) / 2 ))', '-name', '$(hostname -s)-vm', '-uuid', '`uuidgen`', '-m', '${MEM:-2G}']);
});

test("bash $'...' quoting is decoded", () => {
  const c = parse(`qemu-system-x86_64 -name $'it\\'s\\x41'`);
  assert.is(c.args[1].text, "it'sA");
});

test('here-document bodies are skipped, apostrophes included', () => {
  const text = `cat > vm.cfg <<'EOF'\nit's not a command: qemu-system-x86_64 -m 1\nEOF\nqemu-system-x86_64 -readconfig vm.cfg\n`;
  const c = parse(text);
  assert.is(c.program.span.start, text.lastIndexOf('qemu-system-x86_64'));
  assert.equal(texts(c.args), ['-readconfig', 'vm.cfg']);
});

test('CRLF line endings: backslash-CRLF continues the command', () => {
  const c = parse('qemu-system-x86_64 \\\r\n  -m 1G \\\r\n  -S\r\n');
  assert.equal(texts(c.args), ['-m', '1G', '-S']);
});

test('unterminated quotes are errors at the opening quote', () => {
  const single = `qemu-system-x86_64 \\\n  -device 'virtio-net,id=n0 \\\n  -m 1G\n`;
  const r1 = parseCommandLine(single);
  assert.not.ok(r1.ok);
  if (!r1.ok) {
    assert.is(r1.error.message, 'unterminated single quote');
    assert.is(r1.error.offset, single.indexOf("'"));
  }
  const double = `qemu-system-x86_64 -name "guest`;
  const r2 = parseCommandLine(double);
  assert.not.ok(r2.ok);
  if (!r2.ok) {
    assert.is(r2.error.message, 'unterminated double quote');
    assert.is(r2.error.offset, double.indexOf('"'));
  }
  const subst = `qemu-system-x86_64 \\
  -smp $(nproc`;
  const r3 = parseCommandLine(subst);
  assert.ok(!r3.ok && r3.error.offset === subst.indexOf('$'));
});

test('proc cmdline: NUL-separated, trailing NUL, empty arguments kept', () => {
  const text = '/usr/libexec/qemu-kvm\0-name\0guest=vm1\0-append\0\0-device\0{"driver":"virtio-net-pci","id":"a b"}\0';
  const c = parse(text);
  assert.is(c.format, 'proc-cmdline');
  assert.is(c.program.text, '/usr/libexec/qemu-kvm');
  assert.equal(texts(c.args), ['-name', 'guest=vm1', '-append', '', '-device', '{"driver":"virtio-net-pci","id":"a b"}']);
  const empty = c.args[3];
  assert.equal(empty.span, { start: text.indexOf('\0\0') + 1, end: text.indexOf('\0\0') + 1 });
  assert.is(raw(text, c.args[5].span), c.args[5].text);
});

test('ps line: raw JSON without quotes, JSON with blanks, ps columns before the program', () => {
  const line =
    'qemu     4242  3.1  2.0 /usr/bin/qemu-system-x86_64 -name guest=vm1 -device {"driver":"pcie-root-port","id":"pci.1","bus":"pcie.0"} -device {"driver":"virtio-blk-pci","serial":"a b c"} -S\n';
  const c = parse(line);
  assert.is(c.format, 'ps-line');
  assert.equal(texts(c.env), []);
  assert.equal(texts(c.args), [
    '-name', 'guest=vm1',
    '-device', '{"driver":"pcie-root-port","id":"pci.1","bus":"pcie.0"}',
    '-device', '{"driver":"virtio-blk-pci","serial":"a b c"}',
    '-S',
  ]);
  assert.is(raw(line, c.args[5].span), c.args[5].text);
});

test('a one-line command with quotes outside JSON or shell operators is parsed as shell', () => {
  const quoted = parse(`qemu-system-x86_64 -name "my vm" -S`);
  assert.is(quoted.format, 'args-file');
  assert.equal(texts(quoted.args), ['-name', 'my vm', '-S']);
  const backgrounded = parse(`qemu-system-x86_64 -m 1G -S > log & echo started`);
  assert.is(backgrounded.format, 'shell-script');
  assert.equal(texts(backgrounded.args), ['-m', '1G', '-S']);
});

test('no qemu command and empty input are errors', () => {
  const none = parseCommandLine('#!/bin/sh\necho hello\n');
  assert.ok(!none.ok && none.error.message === 'no qemu-system-* command found');
  const empty = parseCommandLine('  \n');
  assert.ok(!empty.ok && empty.error.message === 'empty input');
  assert.not.ok(parseCommandLine('').ok);
});

test('isQemuProgram matches qemu-system-*, qemu-kvm and kvm by basename', () => {
  for (const yes of ['qemu-system-x86_64', '/usr/bin/qemu-system-ppc64', '/usr/libexec/qemu-kvm', 'kvm', './qemu-system-aarch64']) {
    assert.ok(isQemuProgram(yes), yes);
  }
  for (const no of ['qemu-img', 'qemu-system-', '/usr/bin/kvm-ok', 'qemu', 'virsh', '/opt/kvm/']) {
    assert.not.ok(isQemuProgram(no), no);
  }
});

test('looksLikeQemuCommandLine: by content, never XML', () => {
  assert.ok(looksLikeQemuCommandLine(ARGS_FILE));
  assert.ok(looksLikeQemuCommandLine(SCRIPT));
  assert.ok(looksLikeQemuCommandLine('qemu-kvm\x00-m\x00512\x00'));
  assert.ok(looksLikeQemuCommandLine(`qemu-system-x86_64 -device 'oops`), 'a broken invocation is still one');
  assert.not.ok(looksLikeQemuCommandLine(`<domain type='kvm'><emulator>/usr/bin/qemu-system-x86_64</emulator></domain>`));
  assert.not.ok(looksLikeQemuCommandLine('  \n<?xml version="1.0"?>\n<domain/>'));
  assert.not.ok(looksLikeQemuCommandLine('#!/bin/sh\napt-get install qemu-kvm\n'));
  assert.not.ok(looksLikeQemuCommandLine('Notes: run qemu-system-x86_64 with -m 1G.\nThen check.'));
  assert.not.ok(looksLikeQemuCommandLine(''));
});

test('wordSpan: empty ranges, clamping and the end offset after quotes', () => {
  const text = `qemu-system-x86_64 'ab'"c" ''`;
  const c = parse(text);
  const [abc, empty] = c.args;
  assert.is(abc.text, 'abc');
  assert.equal(abc.offsets, [20, 21, 24, 25]);
  assert.is(raw(text, wordSpan(abc, 1, 3)), `b'"c`);
  assert.equal(wordSpan(abc, 3, 3), { start: 25, end: 25 });
  assert.equal(wordSpan(abc, -5, 99), { start: 20, end: 25 });
  assert.is(empty.text, '');
  assert.equal(empty.span, { start: 27, end: 29 });
  assert.equal(wordSpan(empty, 0, 0), { start: 28, end: 28 }, 'inside the quotes');
});

const CORPUS = '/work/shared/corpus/libvirt-9.0.0/qemuxml2argvdata';

test('libvirt qemuxml2argv corpus: every .args file parses and every -device value too (skipped without the corpus)', () => {
  if (!existsSync(CORPUS)) return;
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.args'));
  assert.ok(files.length > 0);
  for (const file of files) {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const r = parseCommandLine(text);
    if (!r.ok) return assert.unreachable(`${file}: ${r.error.message} at ${r.error.offset}`);
    const c = r.commandLine;
    assert.is(c.format, 'args-file', file);
    assert.ok(isQemuProgram(c.program.text), file);
    assert.is(c.args[0]?.text, '-name', file);
    c.args.forEach((word, i) => {
      if (c.args[i - 1]?.text !== '-device') return;
      const device = parseDeviceOption(word);
      if (!device.ok) assert.unreachable(`${file}: ${device.error.message} in ${word.text}`);
    });
  }
});

test.run();
