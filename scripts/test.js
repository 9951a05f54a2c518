#!/usr/bin/env node
/**
 * `npm test`: builds the API and the console (the e2e tests start the built app and load the console),
 * runs `npm run lint` (scripts/lint.js; a failed lint counts as one failed test, and Jest still runs),
 * runs every Jest project (unit, int, e2e) against one real PostgreSQL, and ends with one line
 * `N passed, N failed` (CI reads it). Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit`.
 * RB_SKIP_BUILD=1 skips the build, RB_SKIP_LINT=1 the lint.
 *
 * The two halves build side by side (scripts/build.js's fingerprints and stamps, as `npm run build` writes them),
 * and the lint runs beside the build (it reads sources only; dist/ is in its ignores). Lint output is printed
 * whole once the lint ends, so it does not interleave with the builders'.
 */
const { spawn } = require('node:child_process');
const { mkdirSync, readFileSync, existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { HALVES, check, writeStamp } = require('./build');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const env = { ...process.env, TZ: 'UTC' };

/** Runs `cmd args`, resolves to { code, out }; output inherited, or collected when `collect`. */
function run(cmd, cmdArgs, { collect = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: root, env, stdio: collect ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    if (collect) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('error', (err) => resolve({ code: 1, out: `${out}${err.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

/** `npm run build` with both halves at once: each stamped with the fingerprint taken before its build. */
async function buildAll() {
  const npm = process.env.npm_execpath; // set when run by npm: the same npm runs the build scripts
  const [cmd, pre] = npm && npm.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const halves = check();
  const codes = await Promise.all(
    halves.map(async ({ name, print }) => {
      process.stdout.write(`Building ${name}…\n`);
      const { code } = await run(cmd, [...pre, 'run', HALVES[name].script, '--silent']);
      if (code === 0) writeStamp(name, print);
      return code;
    }),
  );
  return codes.find((c) => c !== 0) ?? 0;
}

async function main() {
  const lint = process.env.RB_SKIP_LINT ? null : run(process.execPath, [join(__dirname, 'lint.js')], { collect: true });
  if (!process.env.RB_SKIP_BUILD) {
    const code = await buildAll();
    if (code !== 0) {
      if (lint) process.stdout.write((await lint).out);
      console.log('0 passed, 1 failed');
      return code || 1;
    }
  }
  let lintFailed = 0;
  if (lint) {
    const { code, out } = await lint;
    process.stdout.write(out);
    if (code !== 0) {
      lintFailed = 1;
      console.log('[test] npm run lint failed (counted as one failure); running the tests anyway');
    }
  }

  const resultsDir = join(root, 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  const out = join(resultsDir, 'jest.json');
  rmSync(out, { force: true });
  const jest = await run(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--json', `--outputFile=${out}`, ...args]);

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
  console.log(`${passed} passed, ${failed} failed`);
  return jest.code === 0 && failed === 0 ? 0 : jest.code || 1;
}

main().then((code) => process.exit(code));
