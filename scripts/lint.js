#!/usr/bin/env node
/**
 * `npm run lint`: ESLint (eslint.config.mjs: typescript-eslint, angular-eslint, the import boundaries),
 * `prettier --check .`, and `tsc --noEmit` over the API app, each lib, the test code (tsconfig.spec.json) and
 * the JavaScript benchmarks, checked from their JSDoc (tsconfig.bench.json: allowJs + checkJs).
 * The console's own TypeScript is checked by `ng build`. Every check runs (two at a time: ESLint beside the
 * others), each one's output is printed whole once it ends; exits 1 when any failed.
 */
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const bin = (pkg, file) => join(root, 'node_modules', pkg, file); // not require.resolve: eslint's exports hide its bin
const tsc = (project) => ({ name: `tsc -p ${project}`, cmd: [bin('typescript', 'bin/tsc'), '-p', project, '--noEmit'] });
const lanes = [
  [{ name: 'eslint .', cmd: [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings=0'] }],
  [
    { name: 'prettier --check .', cmd: [bin('prettier', 'bin/prettier.cjs'), '--check', '.', '--log-level=warn'] },
    tsc('apps/api/tsconfig.app.json'),
    tsc('libs/billing/tsconfig.lib.json'),
    tsc('libs/invoicing/tsconfig.lib.json'),
    tsc('tsconfig.spec.json'),
    tsc('tsconfig.bench.json'),
  ],
];

function run(step) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, step.cmd, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => (out += `${err.message}\n`));
    child.on('close', (code) => {
      const ok = code === 0;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`[lint] ${ok ? 'ok  ' : 'FAIL'} ${step.name} (${seconds} s)\n${out.trim() ? `${out.trimEnd()}\n` : ''}`);
      resolve(ok);
    });
  });
}

(async () => {
  const started = Date.now();
  const results = (
    await Promise.all(
      lanes.map(async (lane) => {
        const oks = [];
        for (const step of lane) oks.push(await run(step));
        return oks;
      }),
    )
  ).flat();
  const failed = results.filter((ok) => !ok).length;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`[lint] ${failed ? `${failed} of ${results.length} checks failed` : `all ${results.length} checks passed`} in ${seconds} s`);
  process.exit(failed ? 1 : 0);
})();
