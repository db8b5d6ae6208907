#!/usr/bin/env node
/**
 * node packages/live-oracle/dist/record-refusals.js
 * For every error-severity rule, runs its invalid-*.xml fixtures through live libvirt
 * (define, then start when defined) and records the first refusal in
 * fixtures/live-oracle/rule-refusals.json, so "libvirt refuses" can be traced.
 * Only what libvirt needs to read a fixture at all is added: a <memory>, a domain type.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from './run.js';
import { defineDomain, startAndHotplug } from './libvirt.js';
import { pcilintBin } from './pcilint-cli.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const rules = JSON.parse(run(process.execPath, [pcilintBin, '--list-rules', '--format', 'json']).stdout) as { id: string; pack: string; severity: string }[];

export function readableByLibvirt(xml: string): string {
  let x = xml;
  if (!/<domain\b[^>]*\btype=/.test(x)) x = x.replace(/<domain\b/, "<domain type='qemu'");
  x = x.replace(/(<domain\b[^>]*\btype=)(['"])kvm\2/, "$1'qemu'");
  if (!/<memory\b/.test(x)) x = x.replace(/(<domain\b[^>]*>)/, "$1<memory unit='MiB'>256</memory>");
  return x;
}

const out: Record<string, { fixture: string; refusedBy: 'define' | 'start' | null; text: string | null }[]> = {};
for (const rule of rules.filter((r) => r.severity === 'error')) {
  const dir = `${repo}fixtures/rules/${rule.pack}/${rule.id.split('/')[1]}/`;
  if (!existsSync(dir)) { out[rule.id] = []; continue; }
  out[rule.id] = [];
  for (const f of readdirSync(dir).filter((n) => /^invalid-.*\.xml$/.test(n) && !n.endsWith('.fixed.xml')).sort()) {
    const xml = readableByLibvirt(readFileSync(dir + f, 'utf8'));
    const def = defineDomain(xml);
    let refusedBy: 'define' | 'start' | null = null;
    let text: string | null = null;
    if (!def.accepted) { refusedBy = 'define'; text = def.error; }
    else if (!/<hostdev\b/.test(xml)) {
      const live = startAndHotplug(xml, []);
      if (!live.started) { refusedBy = 'start'; text = live.error; }
    }
    out[rule.id].push({ fixture: `fixtures/rules/${rule.pack}/${rule.id.split('/')[1]}/${f}`, refusedBy, text });
    process.stdout.write(`${rule.id} ${f}: ${refusedBy ?? 'accepted'} ${text?.split('\n')[0] ?? ''}\n`);
  }
}
writeFileSync(`${repo}fixtures/live-oracle/rule-refusals.json`, JSON.stringify(out, null, 2) + '\n');
