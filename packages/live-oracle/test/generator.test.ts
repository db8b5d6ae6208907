import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseXml } from '@pcilint/core';
import { generateGuest, families } from '../src/generator.js';

test('the same seed and number give the same guest', () => {
  for (let n = 0; n < 20; n++) assert.is(generateGuest(42, n).xml, generateGuest(42, n).xml);
});

test('different seeds give different guests', () => {
  const a = Array.from({ length: 20 }, (_, n) => generateGuest(1, n).xml);
  const b = Array.from({ length: 20 }, (_, n) => generateGuest(2, n).xml);
  assert.ok(a.filter((x, i) => x !== b[i]).length >= 18);
});

test('every guest is well-formed XML of its family, all four families appear', () => {
  const seen = new Set<string>();
  for (let n = 0; n < 200; n++) {
    const g = generateGuest(7, n);
    assert.ok(parseXml(g.xml).ok, g.id);
    seen.add(g.family);
    const machine = /machine='([^']+)'/.exec(g.xml)?.[1] ?? '';
    assert.ok(machine.startsWith({ q35: 'pc-q35', i440fx: 'pc-i440fx', pseries: 'pseries', virt: 'virt' }[g.family]), `${g.id} ${machine}`);
  }
  assert.equal([...seen].sort(), [...families].sort());
});

test('a share carries one planted mistake, most carry none', () => {
  const guests = Array.from({ length: 400 }, (_, n) => generateGuest(3, n));
  const planted = guests.filter((g) => g.plantedMistake !== null).length;
  assert.ok(planted > 40 && planted < 140, `planted ${planted}`);
});

test('the generator covers addresses, several controllers of a kind, every disk bus and hostdevs', () => {
  const all = Array.from({ length: 400 }, (_, n) => generateGuest(5, n).xml).join('\n');
  for (const needle of ["type='pci' domain=", "<controller type='usb' index='1'", "<controller type='scsi' index='1'", "<controller type='sata'", "<controller type='virtio-serial' index='1'",
    "bus='sata'", "bus='scsi'", "bus='usb'", "bus='ide'", "bus='virtio'", '<hostdev ']) {
    assert.ok(all.includes(needle), needle);
  }
});

test('controllers are not always written before devices (any order)', () => {
  const orders = Array.from({ length: 100 }, (_, n) => generateGuest(9, n).xml).filter((x) => {
    const c = x.indexOf('<controller'), d = x.indexOf('<disk');
    return c > d && c >= 0 && d >= 0;
  });
  assert.ok(orders.length > 0);
});

test.run();
