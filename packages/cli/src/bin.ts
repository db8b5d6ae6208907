#!/usr/bin/env node
import { abandonedImports } from './import-with-timeout.js';
import { main } from './main.js';
import { standardIo } from './standard-streams.js';

// No top-level await: this module is also the entry of the CommonJS start-up bundle (bin/pcilint.cjs).
void main({
  argv: process.argv.slice(2),
  ...standardIo(),
  cwd: process.cwd(),
  env: process.env,
}).then((status) => {
  process.exitCode = status;
  // A plugin that never finished loading may keep the event loop alive for ever.
  if (abandonedImports() > 0) process.exit();
});
