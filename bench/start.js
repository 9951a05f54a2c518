'use strict';
/**
 * start: `npm start` to the first 200 on /api/v1/health as a newcomer waits for it, on a fresh clone.
 *
 *   first   `git clone` of this repository's HEAD (its node_modules linked to this one's: `npm ci` is not
 *           timed), then `npm start`: both builds (nothing is built yet), initdb of the embedded Postgres in
 *           ./.data, the migrations and the first organization.
 *   second  `npm start` again in the same clone: the builds are current (scripts/build.js stamps), the data is there.
 *
 * Each run is stopped like a terminal's Ctrl-C (SIGINT to the process group) and must leave no Postgres behind.
 * Also reported: the built server alone (`node dist/…/main.js` on a fresh DATA_DIR, then again), i.e. start
 * without npm and without the build check, as `serverFirstSeconds` / `serverSecondSeconds`.
 */
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, readFileSync, symlinkSync } = require('node:fs');
const { join } = require('node:path');
const server = require('./lib/server');
const { killPostmaster } = require('./lib/pg');
const { tree } = require('./lib/proctree');
const { statusKb } = require('./lib/rss');
const { round } = require('./ingest');

const ROOT = join(__dirname, '..');

/** The node process that runs scripts/start.js (the API) under npm's pid, or null. */
function appPid(npmPid) {
  for (const pid of tree(npmPid).keys()) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (/(^|\/)node$/.test(argv[0]) && argv[1]?.endsWith('scripts/start.js')) return pid; // not npm's `sh -c`
    } catch {
      // gone
    }
  }
  return null;
}

async function stopPostgresLeft(pgDir) {
  if (!killPostmaster(pgDir)) return false;
  for (let i = 0; i < 100 && existsSync(join(pgDir, 'postmaster.pid')); i++) await server.sleep(100);
  return true;
}

/** `npm start` in `dir`: seconds from spawn to a healthy /health, the API's peak RSS, whether it built, and a clean stop. */
async function npmStart(dir) {
  const port = await server.freePort();
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TZ: 'UTC', PORT: String(port), HOST: '127.0.0.1' };
  const spawnedAt = process.hrtime.bigint();
  const child = spawn('npm', ['start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // npm's pid, the leader of its process group (detached). Undefined only when the spawn failed, and then the
  // child emits 'error', unhandled here, which ends the process: it is set wherever it is read below.
  const npmPid = /** @type {number} */ (child.pid);
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  let exitCode;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exitCode = code ?? signal))));
  const app = { api: `http://127.0.0.1:${port}/api/v1`, spawnedAt, hasExited: () => exitCode !== undefined, output: () => output };
  try {
    const seconds = await server.waitHealthy(app, 300_000);
    const pid = appPid(npmPid);
    const hwm = pid ? statusKb(pid, 'VmHWM') : null;
    return { seconds, peakRssMb: hwm ? Math.round(hwm / 1024) : null, built: output.includes('"msg":"Building '), output };
  } finally {
    if (exitCode === undefined) {
      process.kill(-npmPid, 'SIGINT'); // what Ctrl-C in a terminal does: the whole foreground group
      const t = setTimeout(() => process.kill(-npmPid, 'SIGKILL'), 30_000);
      await exited;
      clearTimeout(t);
    }
    if (await stopPostgresLeft(join(dir, '.data', 'pg')))
      // The check is the point of this run: it fails the run even when the try block returned.
      // eslint-disable-next-line no-unsafe-finally
      throw new Error(`npm start left its PostgreSQL running after SIGINT:\n${output.slice(-3000)}`);
  }
}

/** The built server alone on `dataDir`, as before `npm start` checked builds. */
async function serverOnly(dataDir) {
  const app = await server.spawnApp({ dataDir });
  try {
    return await server.waitHealthy(app);
  } finally {
    await app.stop();
    await stopPostgresLeft(join(dataDir, 'pg'));
  }
}

/** @param {import('./lib/context').RunArgs} args */
async function run({ ctx }) {
  const clone = join(ctx.dir('start'), 'clone');
  const git = spawnSync('git', ['clone', '--quiet', ROOT, clone], { encoding: 'utf8' });
  if (git.status !== 0) throw new Error(`git clone failed: ${git.stderr}`);
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  const head = spawnSync('git', ['-C', clone, 'log', '-1', '--format=%h'], { encoding: 'utf8' }).stdout.trim();
  ctx.onExit = () => killPostmaster(join(clone, '.data', 'pg'));

  const first = await npmStart(clone);
  ctx.log(
    `  fresh clone (${head}), first npm start (build + initdb): ${first.seconds.toFixed(2)} s${first.built ? '' : ' — it did NOT build?'}`,
  );
  const second = await npmStart(clone);
  ctx.log(`  second npm start: ${second.seconds.toFixed(2)} s${second.built ? ' — it built again!' : ' (no build)'}`);
  if (!first.built) throw new Error('the first start of a fresh clone did not build');
  if (second.built) throw new Error(`the second start built again:\n${second.output.slice(-2000)}`);

  const dataDir = ctx.dir('start-server');
  ctx.onExit = () => killPostmaster(join(dataDir, 'pg'));
  const serverFirst = existsSync(server.MAIN_JS) ? await serverOnly(dataDir) : null;
  const serverSecond = serverFirst !== null ? await serverOnly(dataDir) : null;
  ctx.onExit = null;
  if (serverFirst !== null && serverSecond !== null)
    ctx.log(`  built server alone: ${serverFirst.toFixed(2)} s first (initdb), ${serverSecond.toFixed(2)} s second`);
  return {
    firstSeconds: round(first.seconds, 2),
    secondSeconds: round(second.seconds, 2),
    peakRssMb: Math.max(first.peakRssMb ?? 0, second.peakRssMb ?? 0) || null,
    serverFirstSeconds: serverFirst === null ? null : round(serverFirst, 2),
    serverSecondSeconds: serverSecond === null ? null : round(serverSecond, 2),
    commit: head,
    target: 'second ≤ 5 s (first reported)',
    met: second.seconds <= 5,
  };
}

module.exports = { run };
