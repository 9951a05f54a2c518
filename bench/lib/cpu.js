'use strict';
/**
 * CPU seconds spent during a measurement by the API process, by Postgres (the postmaster and its
 * children: backends, walwriter, checkpointer, autovacuum…) and by the benchmark runner itself (the load
 * generator): tells whether the app, the database or the client is the bottleneck.
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { cpuSnapshot, stat } = require('./proctree');

function postmasterPid(pgDataDir) {
  try {
    return Number(readFileSync(join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

function snapshot(appPid, pgDataDir) {
  const self = process.cpuUsage();
  return {
    appPid,
    app: appPid ? (stat(appPid)?.cpu ?? null) : null,
    pg: cpuSnapshot(postmasterPid(pgDataDir)),
    self: (self.user + self.system) / 1e6,
  };
}

/** Seconds between two snapshots (processes that exited in between are not counted). */
function diff(a, b) {
  let pg = 0;
  for (const [pid, cpu] of b.pg) pg += cpu - (a.pg.get(pid) ?? 0);
  const r = (x) => Math.round(x * 10) / 10;
  return {
    appSec: a.appPid === b.appPid && a.app !== null && b.app !== null ? r(b.app - a.app) : null,
    pgSec: r(pg),
    benchSec: r(b.self - a.self),
  };
}

module.exports = { snapshot, diff };
