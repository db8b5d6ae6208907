import { readFileSync } from 'node:fs';
import { declarativePack, definePack } from '@pcilint/core';
import { parse } from 'yaml';
import uniqueMac from './rules/unique-mac.js';

/*
 * example.org's pack: the declarative rules of rules.yaml (read once, when
 * the pack is loaded) and one TypeScript rule, under one name so one
 * `packs` entry and one recommended preset cover both. rules.yaml sits
 * beside src/ and dist/, so the same URL works from source and from the build.
 */
const RULES_FILE = new URL('../rules.yaml', import.meta.url);

const declarative = declarativePack(parse(readFileSync(RULES_FILE, 'utf8')), 'rules/example-org/rules.yaml');

export const pack = definePack({
  name: declarative.name,
  description: declarative.description,
  families: declarative.families,
  rules: [...declarative.rules, uniqueMac],
});

export default pack;
