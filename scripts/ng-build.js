#!/usr/bin/env node
'use strict';
/**
 * `npm run build:admin`: `ng build admin`, guarded against the Angular CLI finishing a build and then never
 * exiting. @angular/build 21.2.14 and later can leave its esbuild service child running after a successful
 * one-shot build (angular/angular-cli#33497, #33894): the bundle is complete, "Output location" is printed,
 * and the process waits forever, which once held a CI run until its 90-minute limit.
 *
 * What this does: runs the same `ng build admin` and passes its output through. When ng exits on its own, its
 * exit code is ours. When it has printed "Output location" and has not exited GRACE_MS later, the build is
 * done: if the console's index.html is there, the build's process group is stopped and we exit 0; if it is
 * not, we exit 1. A build that never reports completion is never taken for a success.
 */
const { spawn } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const INDEX = join(ROOT, 'dist/apps/admin/browser/index.html');
const GRACE_MS = 15000;
const DONE = /Output location:/;

/**
 * Runs `command args` in its own process group, passing its output through. Resolves to the exit code to use:
 * the command's own when it exits; when it has printed `done` and not exited `graceMs` later, 0 if `output`
 * was written since the start (the group is then stopped), else 1.
 */
function runGuarded({
  command,
  args,
  output,
  graceMs = GRACE_MS,
  done = DONE,
  cwd = ROOT,
  log = process.stderr,
  stdout = process.stdout,
  stderr = process.stderr,
}) {
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const child = spawn(command, args, {
      cwd,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so the esbuild child can be stopped with it
    });
    let finished = false;
    let graceTimer = null;
    let tail = '';
    const stopGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const finish = (code) => {
      finished = true;
      if (graceTimer) clearTimeout(graceTimer);
      resolve(code);
    };
    const onHung = () => {
      if (finished) return;
      const built = existsSync(output) && statSync(output).mtimeMs >= startedAt - 1000;
      log.write(
        built
          ? `ng build reported completion but did not exit within ${graceMs / 1000} s (angular/angular-cli#33894); the output is complete, stopping it.\n`
          : `ng build reported completion but did not exit, and ${output} was not written: failing.\n`,
      );
      stopGroup('SIGTERM');
      setTimeout(() => stopGroup('SIGKILL'), 3000).unref();
      finish(built ? 0 : 1);
    };
    const watch = (stream, out) =>
      stream.on('data', (chunk) => {
        out.write(chunk);
        tail = (tail + chunk.toString()).slice(-4096);
        if (!graceTimer && !finished && done.test(tail)) graceTimer = setTimeout(onHung, graceMs);
      });
    watch(child.stdout, stdout);
    watch(child.stderr, stderr);
    child.on('exit', (code, signal) => {
      stopGroup('SIGTERM'); // an esbuild service left behind by a build that did exit
      if (!finished) finish(code ?? (signal ? 1 : 0));
    });
    for (const sig of ['SIGINT', 'SIGTERM']) {
      process.once(sig, () => {
        stopGroup(sig);
        process.exit(130);
      });
    }
  });
}

module.exports = { runGuarded };

if (require.main === module) {
  runGuarded({
    command: process.execPath,
    args: [require.resolve('@angular/cli/bin/ng.js'), 'build', 'admin', ...process.argv.slice(2)],
    output: INDEX,
  }).then((code) => {
    process.exitCode = code;
  });
}
