#!/usr/bin/env node
'use strict';
/**
 * Builds the two halves of the app and stamps each one with a fingerprint of the sources it was built from,
 * so `npm start` (scripts/start.js) can tell a current build from a stale one without building again.
 *
 *   node scripts/build.js                 both halves, always (what `npm run build` runs)
 *   node scripts/build.js api             one half
 *   node scripts/build.js --if-stale      only the halves whose sources changed since their last build
 *
 * A half's fingerprint is a SHA-256 over the path and content of every file that feeds its build (INPUTS),
 * specs excluded. The stamp is written inside the half's output folder after a successful build, with the
 * fingerprint taken before the build started: the builders empty that folder first, so a failed or interrupted
 * build leaves no stamp, and a file edited during the build makes the next start build again.
 */
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, sep } = require('node:path');

const ROOT = join(__dirname, '..');
const STAMP = '.build-stamp.json';
/** Bumped when the fingerprint's recipe changes, so old stamps count as stale. */
const RECIPE = 1;
const SHARED = ['package.json', 'package-lock.json'];

/** What feeds each build (files or folders, relative to the root), the npm script that builds it, what it outputs. */
const HALVES = {
  api: {
    inputs: ['apps/api', 'libs', 'tsconfig.json', 'nest-cli.json', ...SHARED],
    script: 'build:api',
    outDir: 'dist/apps/api',
    output: 'dist/apps/api/apps/api/src/main.js',
  },
  admin: {
    // The console imports libs/billing (@app/billing) and the EAS list of libs/invoicing (@app/eas) too.
    inputs: [
      'apps/admin',
      'libs/contracts',
      'libs/billing',
      'libs/invoicing/src/einvoice/electronic-address.ts',
      'angular.json',
      ...SHARED,
    ],
    script: 'build:admin',
    outDir: 'dist/apps/admin',
    output: 'dist/apps/admin/browser/index.html',
  },
};
const NAMES = Object.keys(HALVES);

/** Test files never reach a build; an edit of one does not make the build stale. */
const IGNORED_FILE = /\.(spec|int-spec|e2e-spec|helper-spec)\.ts$/;
const IGNORED_DIR = new Set(['node_modules', 'dist', '.git', '.angular', '.data']);

function listFiles(root, input, out) {
  const abs = join(root, input);
  let st;
  try {
    st = statSync(abs);
  } catch {
    return; // an optional input (libs/contracts) that does not exist
  }
  if (st.isFile()) {
    if (!IGNORED_FILE.test(input)) out.push(input);
    return;
  }
  if (!st.isDirectory()) return;
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.isDirectory() && IGNORED_DIR.has(entry.name)) continue;
    listFiles(root, join(input, entry.name), out);
  }
}

/** SHA-256 over (path, content) of every input file of `name`, in a fixed order. */
function fingerprint(name, root = ROOT) {
  const files = [];
  for (const input of HALVES[name].inputs) listFiles(root, input, files);
  const hash = createHash('sha256').update(`recipe ${RECIPE} ${name}\n`);
  for (const file of [...new Set(files)].sort()) {
    const content = readFileSync(join(root, file));
    hash.update(`${file.split(sep).join('/')}\0${content.length}\0`).update(content);
  }
  return { hash: hash.digest('hex'), files: files.length };
}

function readStamp(name, root = ROOT) {
  try {
    return JSON.parse(readFileSync(join(root, HALVES[name].outDir, STAMP), 'utf8'));
  } catch {
    return null;
  }
}

function writeStamp(name, print, root = ROOT) {
  const stamp = { half: name, fingerprint: print.hash, files: print.files, builtAt: new Date().toISOString() };
  writeFileSync(join(root, HALVES[name].outDir, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
}

/**
 * Why `name` must be built, or null when its build is current: the output is there and the stamp's fingerprint
 * is the fingerprint `print` of the sources now.
 */
function staleReason(name, print, root = ROOT) {
  if (!existsSync(join(root, HALVES[name].output))) return 'not built yet';
  const stamp = readStamp(name, root);
  if (!stamp) return 'built without a stamp';
  if (stamp.fingerprint !== print.hash) return 'sources changed since the last build';
  return null;
}

/** Every half of `names` with its fingerprint now and why it must be built (reason null: its build is current). */
function check(names = NAMES, root = ROOT) {
  return names.map((name) => {
    const print = fingerprint(name, root);
    return { name, print, reason: staleReason(name, print, root) };
  });
}

/**
 * Builds each half of `todo` ({name, print, reason} from check()) through its npm script and stamps it with
 * `print`, taken before the build. `onStart(name, reason)` is told before each build.
 * Returns 0, or the exit code of the first build that failed (later halves are not built).
 */
function build(todo, { root = ROOT, onStart = () => undefined, stdio = 'inherit' } = {}) {
  const npm = process.env.npm_execpath; // set when run by npm: the same npm runs the build scripts
  const [cmd, pre] = npm && npm.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  for (const { name, print, reason } of todo) {
    onStart(name, reason);
    const r = spawnSync(cmd, [...pre, 'run', HALVES[name].script, '--silent'], { cwd: root, stdio, env: process.env });
    if (r.status !== 0) return r.status || 1;
    writeStamp(name, print, root);
  }
  return 0;
}

function main(argv) {
  const ifStale = argv.includes('--if-stale');
  const asked = argv.filter((a) => !a.startsWith('--'));
  const unknown = asked.filter((a) => !NAMES.includes(a));
  if (unknown.length) {
    process.stderr.write(`unknown half "${unknown[0]}" (halves: ${NAMES.join(', ')}; flag: --if-stale)\n`);
    return 2;
  }
  const halves = check(asked.length ? NAMES.filter((n) => asked.includes(n)) : NAMES);
  for (const h of halves) if (ifStale && !h.reason) process.stdout.write(`${h.name}: build is current\n`);
  const todo = ifStale ? halves.filter((h) => h.reason) : halves;
  return build(todo, { onStart: (n, why) => process.stdout.write(`Building ${n}${ifStale && why ? ` (${why})` : ''}…\n`) });
}

module.exports = { HALVES, NAMES, STAMP, fingerprint, staleReason, check, build, readStamp, writeStamp };

if (require.main === module) process.exit(main(process.argv.slice(2)));
