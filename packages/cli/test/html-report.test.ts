import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launchChromium } from './browser.js';
import { repoRoot, runMain } from './helpers.js';

/**
 * The html report as a user sees it, in a real headless Chromium: a section
 * per guest with its picture drawn at a real size, the findings beside it,
 * predicted rows dashed. Also screenshots each picture (docs/topology/NAME.png
 * with PCILINT_UPDATE_GOLDENS=1, else a temporary directory).
 */
const GUESTS = ['i440fx', 'pseries', 'q35', 'virt'];
const update = process.env.PCILINT_UPDATE_GOLDENS === '1';
let browser: Browser;
let page: Page;
const requests: string[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'pcilint-html-'));
const reportFile = path.join(dir, 'report.html');
let code = -1;

test.before(async () => {
  const r = await runMain(['--format', 'html', ...GUESTS.map((g) => `fixtures/topology/${g}.xml`)]);
  code = r.code;
  assert.is(r.stderr, '');
  writeFileSync(reportFile, r.stdout);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(reportFile).href);
});

test.after(async () => {
  await browser?.close();
});

const section = (name: string) => page.locator('section.guest', { has: page.locator('h2 .file', { hasText: `fixtures/topology/${name}.xml` }) });

test('the page is one file: nothing else is requested', () => {
  assert.is(code, 1, 'the i440fx guest has an error');
  assert.equal(requests, [pathToFileURL(reportFile).href]);
});

test('a summary, then one section per guest in order, each with a picture drawn at a real size', async () => {
  assert.is(await page.locator('header .summary').innerText(), '3 problems (1 error, 2 warnings) in 4 files');
  assert.equal(await page.locator('section.guest h2 .file').allInnerTexts(), GUESTS.map((g) => `fixtures/topology/${g}.xml`));
  for (const name of GUESTS) {
    const svg = section(name).locator('figure.picture svg');
    assert.ok(await svg.isVisible(), `${name}: picture not visible`);
    const box = await svg.boundingBox();
    assert.ok(box && box.width > 200 && box.height > 200, `${name}: picture is ${JSON.stringify(box)}`);
    // The picture is beside the findings, not under them, at this width.
    const findings = await section(name).locator('.findings-column').boundingBox();
    assert.ok(findings && findings.x >= box!.x + box!.width, `${name}: findings are not beside the picture`);
  }
});

test('each guest lists its findings; the clean one says so', async () => {
  const items = (name: string) => section(name).locator('li.finding');
  assert.is(await items('i440fx').count(), 1);
  assert.match(await items('i440fx').first().innerText(), /^\[1\] error 21:7 Attempted double use of PCI Address 0000:00:01\.1/);
  assert.match(await items('i440fx').first().locator('.where').innerText(), /points at 00:01\.1 IDE controller \(piix3-ide\) \(built in\); 00:01\.1 memballoon \(virtio\)/);
  assert.is(await items('pseries').count(), 1);
  assert.match(await items('pseries').first().innerText(), /warning 21:43 hostdev 0001:01:00\.0 at 0000:00:01\.0 is on the default PHB[\s\S]*pseries\/hostdev-isolation/);
  assert.is(await items('q35').count(), 1);
  assert.match(await items('q35').first().innerText(), /common\/spare-pcie-ports/);
  assert.is(await items('virt').count(), 0);
  assert.is(await section('virt').locator('p.clean').innerText(), 'No problems found.');
});

test('rows libvirt places are drawn dashed, written rows solid, rows with findings in red or orange', async () => {
  const id = await section('q35').getAttribute('id');
  const outline = (row: string) =>
    page.locator(`[id="a_${id}-${row}"] path`).last().evaluate((p) => {
      const style = getComputedStyle(p);
      return { dash: style.strokeDasharray, stroke: style.stroke, width: style.strokeWidth };
    });
  // device-1: the virtio interface libvirt places; device-0: the disk at its written address; bus-3: a root port libvirt adds.
  assert.is.not((await outline('device-1')).dash, 'none');
  assert.is((await outline('device-0')).dash, 'none');
  assert.is.not((await outline('bus-3')).dash, 'none');
  assert.equal(await outline('bus-2'), { dash: 'none', stroke: 'rgb(230, 81, 0)', width: '3px' });
  const i440fx = await section('i440fx').getAttribute('id');
  const ide = page.locator(`[id="a_${i440fx}-chipset-0-01-1"] path`).last();
  assert.is(await ide.evaluate((p) => getComputedStyle(p).stroke), 'rgb(198, 40, 40)');
});

test('a row with a finding links to it in the list', async () => {
  const id = await section('i440fx').getAttribute('id');
  await page.locator(`[id="a_${id}-device-2"]`).click();
  assert.is(new URL(page.url()).hash, `#${id}-finding-1`);
  const highlighted = await page.locator(`[id="${id}-finding-1"]`).evaluate((li) => getComputedStyle(li).backgroundColor);
  assert.is(highlighted, 'rgb(255, 253, 231)');
});

// The SVG is the one docs/topology keeps (topology-goldens.test.ts checks that they are the same).
test('topology --format svg opens on its own in Chromium; screenshots of the four pictures', async () => {
  const out = update ? path.join(repoRoot, 'docs/topology') : path.join(dir, 'png');
  mkdirSync(out, { recursive: true });
  const alone = await browser.newPage({ deviceScaleFactor: 1.5 });
  for (const name of GUESTS) {
    const svg = path.join(dir, `${name}.svg`);
    writeFileSync(svg, (await runMain(['topology', '--format', 'svg', `fixtures/topology/${name}.xml`])).stdout);
    await alone.goto(pathToFileURL(svg).href);
    const box = await alone.locator('svg').boundingBox();
    assert.ok(box && box.width > 300 && box.height > 300, `${name}: ${JSON.stringify(box)}`);
    const png = await alone.locator('svg').screenshot({ path: path.join(out, `${name}.png`) });
    assert.ok(png.length > 10_000, `${name}: screenshot of ${png.length} bytes`);
  }
  await alone.close();
});

test.run();
