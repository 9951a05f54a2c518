'use strict';
/**
 * CPU seconds spent during a measurement by the API process, by Postgres (the postmaster and its
 * children: backends, walwriter, checkpointer, autovacuum…) and by the benchmark runner itself (the load
 * generator): tells whether the app, the database or the client is the bottleneck.
 */
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const TICK = 100; // USER_HZ on Linux

function stat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICK };
  } catch {
    return null;
  }
}

function postmasterPid(pgDataDir) {
  try {
    return Number(readFileSync(join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

/** CPU seconds of the postmaster and every child, by pid. */
function pgProcesses(pm) {
  const out = new Map();
  if (!pm) return out;
  const root = stat(pm);
  if (root) out.set(pm, root.cpu);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(Number(d));
    if (s && s.ppid === pm) out.set(Number(d), s.cpu);
  }
  return out;
}

function snapshot(appPid, pgDataDir) {
  const self = process.cpuUsage();
  return { appPid, app: appPid ? stat(appPid)?.cpu ?? null : null, pg: pgProcesses(postmasterPid(pgDataDir)), self: (self.user + self.system) / 1e6 };
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
