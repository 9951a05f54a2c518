#!/usr/bin/env node
'use strict';
/**
 * `npm start`: builds the halves of the app whose sources changed since their last build (scripts/build.js
 * keeps a stamp per half), then runs the built server in this same process. A current build starts at once.
 *
 * The server is loaded with require(), not spawned: it is this process, so SIGINT/SIGTERM reach its own
 * handlers (drain HTTP, stop PostgreSQL) exactly as with `node dist/apps/api/apps/api/src/main.js`, and its exit
 * code is npm's. The lines this script prints are JSON like the server's (context "Start").
 */
const { join } = require('node:path');
const { build, check } = require('./build');

const MAIN_JS = join(__dirname, '..', 'dist/apps/api/apps/api/src/main.js');
const quiet = ['warn', 'error', 'fatal', 'silent'].includes(process.env.LOG_LEVEL ?? '');

function log(msg) {
  if (!quiet) process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), context: 'Start', msg })}\n`);
}

const halves = check();
const todo = halves.filter((h) => h.reason);
for (const h of halves) if (!h.reason) log(`${h.name}: build is current (${h.print.files} source files unchanged)`);
const code = build(todo, { onStart: (name, reason) => log(`Building ${name}: ${reason}`) });
if (code !== 0) {
  process.stderr.write(`The build failed (exit code ${code}): the server was not started.\n`);
  process.exit(code);
}
require(MAIN_JS);
