// npm run docs:rules: writes docs/rules/README.md from the built-in packs' meta.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PACKS } from '../src/default-packs.js';
import { loadPacks } from '../src/pack-loader.js';
import { rulesIndexMarkdown } from '../src/rules-index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const indexDir = path.join(repoRoot, 'docs/rules');
const file = path.join(indexDir, 'README.md');
writeFileSync(file, rulesIndexMarkdown(await loadPacks(DEFAULT_PACKS, repoRoot), indexDir));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
