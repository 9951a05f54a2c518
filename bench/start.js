'use strict';
/**
 * start: the built server as `npm start` runs it (node dist/…/main.js, no DATABASE_URL: embedded Postgres
 * in a fresh DATA_DIR), from spawn to the first 200 on /api/v1/health. First run includes initdb and the
 * migrations; the second run reuses the folder. The `npm run build` step of `npm start` is not timed.
 */
const { join } = require('node:path');
const { existsSync } = require('node:fs');
const server = require('./lib/server');
const { killPostmaster } = require('./lib/pg');
const { statusKb } = require('./lib/rss');
const { round } = require('./ingest');

async function once(dataDir) {
  const app = await server.spawnApp({ dataDir });
  try {
    const seconds = await server.waitHealthy(app);
    const hwm = statusKb(app.pid, 'VmHWM');
    return { seconds, peakRssMb: hwm ? Math.round(hwm / 1024) : null };
  } finally {
    await app.stop();
    // The app stops its Postgres on SIGTERM; if it could not, stop the postmaster it left.
    if (killPostmaster(join(dataDir, 'pg'))) {
      for (let i = 0; i < 100 && existsSync(join(dataDir, 'pg', 'postmaster.pid')); i++) await server.sleep(100);
    }
  }
}

async function run({ ctx }) {
  const dataDir = ctx.dir('start');
  ctx.onExit = () => killPostmaster(join(dataDir, 'pg'));
  const first = await once(dataDir);
  ctx.log(`  first start: ${first.seconds.toFixed(2)} s`);
  const second = await once(dataDir);
  ctx.log(`  second start: ${second.seconds.toFixed(2)} s`);
  ctx.onExit = null;
  return {
    firstSeconds: round(first.seconds, 2), secondSeconds: round(second.seconds, 2),
    peakRssMb: Math.max(first.peakRssMb ?? 0, second.peakRssMb ?? 0) || null,
    target: '≤ 20 s first, ≤ 8 s after', met: first.seconds <= 20 && second.seconds <= 8,
  };
}

module.exports = { run };
