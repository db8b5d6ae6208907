#!/usr/bin/env node
// The `pcilint` command. A committed file rather than bundle/bin.js itself: npm links package bins
// before the root `prepare` script builds bundle/, and a fresh clone's `npm ci` skipped the link of
// a file that did not exist yet.
import '../bundle/bin.js';
