import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot, runMain } from './helpers.js';

/**
 * Exact output of `pcilint topology` for one guest of each machine family:
 * fixtures/topology/NAME.{tree.txt,json,dot}, and the SVG kept in the docs
 * (docs/topology/NAME.svg). PCILINT_UPDATE_GOLDENS=1 rewrites them; look at
 * the diff (and the pictures, see docs/topology.md) before committing.
 */
export const GUESTS = ['q35', 'i440fx', 'pseries', 'virt'] as const;
const update = process.env.PCILINT_UPDATE_GOLDENS === '1';
const fixture = (name: string) => path.join(repoRoot, 'fixtures/topology', `${name}.xml`);
// Absolute paths differ between checkouts.
const portable = (text: string) => text.split(repoRoot).join('<repo>');

function checkGolden(file: string, actual: string): void {
  if (update) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `${file} is missing: run PCILINT_UPDATE_GOLDENS=1 npm test -w pcilint`);
  assert.fixture(actual, readFileSync(file, 'utf8'));
}

const EXIT = { q35: 0, i440fx: 1, pseries: 0, virt: 0 } as const;

for (const name of GUESTS) {
  for (const [format, extension] of [['tree', 'tree.txt'], ['json', 'json'], ['dot', 'dot']] as const) {
    test(`topology --format ${format} of fixtures/topology/${name}.xml`, async () => {
      const r = await runMain(['topology', '--no-color', '--format', format, fixture(name)]);
      assert.is(r.stderr, '');
      assert.is(r.code, EXIT[name]);
      checkGolden(path.join(repoRoot, 'fixtures/topology', `${name}.${extension}`), portable(r.stdout));
    });
  }
  test(`topology --format svg of ${name} is the picture in docs/topology/${name}.svg`, async () => {
    const r = await runMain(['topology', '--format', 'svg', fixture(name)]);
    assert.is(r.code, EXIT[name]);
    assert.match(r.stdout, /^<\?xml [^>]*>\n<!DOCTYPE svg/);
    checkGolden(path.join(repoRoot, 'docs/topology', `${name}.svg`), r.stdout);
  });
}

test('the i440fx tree shows the PIIX3 function the error at 00:01.1 points at, beside the device there', async () => {
  const r = await runMain(['topology', '--no-color', fixture('i440fx')]);
  assert.match(r.stdout, /\n {2}01\.1 {2}IDE controller \(piix3-ide\), built in {2}\[error 21:7 common\/address-conflict\]\n {2}01\.1 {2}memballoon \(virtio\) {2}\[error 21:7 common\/address-conflict\]\n/);
});

test('json: each finding says which element and which function it points at', async () => {
  const doc = JSON.parse((await runMain(['topology', '--format', 'json', fixture('i440fx')])).stdout);
  assert.equal(doc.findings.map((f: { ruleId: string; paths: string[]; address: unknown }) => [f.ruleId, f.paths, f.address]), [
    ['common/address-conflict', ['/domain/devices/memballoon'], { domain: 0, bus: 0, slot: 1, function: 1 }],
  ]);
  assert.ok(doc.chipset.some((f: { label: string }) => f.label === 'IDE controller (piix3-ide)'));
});

test('svg: rows libvirt places are dashed, written ones are not, rows with findings are outlined red', async () => {
  const svg = (await runMain(['topology', '--format', 'svg', fixture('q35')])).stdout;
  const row = (id: string) => {
    const at = svg.indexOf(`<g id="a_${id}">`);
    assert.ok(at >= 0, `no row ${id}`);
    return svg.slice(at, svg.indexOf('</g>', at));
  };
  // device:1 is the virtio interface libvirt places; device:0 the disk with a written address.
  assert.match(row('device&#45;1'), /stroke-dasharray/);
  assert.not.match(row('device&#45;0'), /stroke-dasharray/);
  assert.match(row('bus&#45;2'), /stroke="#e65100" stroke-width="3"/);
});

test.run();
