// usage: node fixone.mjs pack rule file [settings.json]
import { readFileSync } from 'node:fs';
import { fixText, resolveConfig } from '@pcilint/core';
const [packName, id, file, settingsFile] = process.argv.slice(2);
const pack = (await import(`@pcilint/rules-${packName}`)).default;
const only = Object.fromEntries(pack.rules.map((r) => [r.meta.id, r.meta.id === id ? 'error' : 'off']));
const settings = settingsFile ? JSON.parse(readFileSync(settingsFile, 'utf8')) : undefined;
const out = fixText(readFileSync(file, 'utf8'), resolveConfig([pack], [{ source: 'x', rules: only, settings }]));
process.stderr.write(JSON.stringify({ passes: out.passes, notes: out.notes, remaining: out.result.messages.map((m) => m.ruleId + ' ' + m.message) }) + '\n');
process.stdout.write(out.output);
