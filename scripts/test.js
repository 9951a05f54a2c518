#!/usr/bin/env node
/**
 * `npm test`: builds the API and the console (the e2e tests start the built app and load the console),
 * runs `npm run lint` (scripts/lint.js; a failed lint counts as one failed test, and Jest still runs),
 * runs every Jest project (unit, int, e2e) against one real PostgreSQL, and ends with one line
 * `N passed, N failed` (CI reads it). Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit`.
 * RB_SKIP_BUILD=1 skips the build, RB_SKIP_LINT=1 the lint.
 */
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const env = { ...process.env, TZ: 'UTC' };

if (!process.env.RB_SKIP_BUILD) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', env });
  if (build.status !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(build.status || 1);
  }
}

let lintFailed = 0;
if (!process.env.RB_SKIP_LINT) {
  const lint = spawnSync(process.execPath, [join(__dirname, 'lint.js')], { cwd: root, stdio: 'inherit', env });
  if (lint.status !== 0) {
    lintFailed = 1;
    console.log('[test] npm run lint failed (counted as one failure); running the tests anyway');
  }
}

const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const out = join(resultsDir, 'jest.json');
rmSync(out, { force: true });
const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--json', `--outputFile=${out}`, ...args], {
  cwd: root,
  stdio: 'inherit',
  env,
});

let passed = 0;
let failed = 0;
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
} else {
  failed = 1;
}
failed += lintFailed;
const code = jest.status === 0 && failed === 0 ? 0 : jest.status || 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(code);
