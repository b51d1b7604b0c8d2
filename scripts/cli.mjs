#!/usr/bin/env node
// npm run cli: the scripting CLI (src/cli/main.ts, run compiled from dist/), building dist/ first when it is missing
// or stale. The check runs in this process, not in a `precli` script: that would start a second Node for every call.
import { ensureBuilt } from './build.mjs';

const code = ensureBuilt();
if (code === 0) await import('../dist/src/cli/main.js');
else process.exitCode = code;
