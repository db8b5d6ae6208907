#!/usr/bin/env node
import { abandonedImports } from './import-with-timeout.js';
import { main } from './main.js';

// `pcilint ... | head`: the reader leaving early is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') return;
  process.stderr.write(`pcilint: cannot write output: ${error.message}\n`);
  process.exitCode = 2;
});

process.exitCode = await main({
  argv: process.argv.slice(2),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
});

// A plugin that never finished loading may keep the event loop alive for ever.
if (abandonedImports() > 0) process.exit();
