// Numbers from the input never size an array or a loop (issue 12 part 1): each of these used to
// kill the process (V8 out of memory, exit 133/134); now each is one clear finding, exit 1.
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot, runBin } from './helpers.js';

const file = (name: string) => path.join(repoRoot, 'fixtures/bad-input', name);
// A small heap: a regression that allocates by the number fails here instead of swapping.
const run = (name: string) => runBin(['--no-config-lookup', '--no-color', file(name)], { env: { NODE_OPTIONS: '--max-old-space-size=200' } });

test('a twenty-digit controller index: libvirt\'s "Expected integer value", quoted as written', () => {
  const { code, stdout, stderr } = run('index-twenty-digits.xml');
  assert.is(code, 1, stderr);
  // Stylish wraps the message to 80 columns: compare with the wrapping undone.
  assert.ok(unwrapped(stdout).includes("Invalid value for attribute 'index' in element 'controller': '12345678901234567890'. Expected integer value"), stdout);
});

test("bus='0x99999999': the address range error, nothing allocated by it", () => {
  const { code, stdout, stderr } = run('bus-out-of-range.xml');
  assert.is(code, 1, stderr);
  assert.ok(stdout.includes("Invalid PCI address bus='0x99999999', must be <= 0xFF"), stdout);
});

test("index='1000000': too high, and no million controllers predicted", () => {
  const { code, stdout, stderr } = run('index-one-million.xml');
  assert.is(code, 1, stderr);
  assert.ok(stdout.includes('PCI controller index 1000000 too high, maximum is 255'), stdout);
});

function unwrapped(text: string): string {
  return text.replace(/\s+/g, ' ');
}

test.run();
