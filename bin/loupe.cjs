#!/usr/bin/env node
// The `loupe` command (`npx loupe …` in a checkout): runs the TypeScript CLI through tsx.
'use strict';
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`loupe: Node 22.12 or newer is required (this is ${process.version}).\n`);
  process.exit(1);
}
require('tsx/cjs/api').register();
require('../electron/core/cli/main.ts');
