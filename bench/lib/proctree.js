'use strict';
/**
 * A process and all its descendants (e.g. a headless Chromium: browser, zygotes, renderers, GPU/utility
 * processes): summed resident memory and CPU seconds, read from /proc.
 */
const { readdirSync, readFileSync } = require('node:fs');
const { statusKb } = require('./rss');

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

/** pid and every descendant, with their stat. */
function tree(root) {
  const all = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(Number(d));
    if (s) all.set(Number(d), s);
  }
  const out = new Map();
  if (!all.has(root)) return out;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop();
    out.set(p, all.get(p));
    for (const [pid, s] of all) if (s.ppid === p && !out.has(pid)) stack.push(pid);
  }
  return out;
}

/** CPU seconds of the tree by pid. */
function cpuSnapshot(root) {
  const m = new Map();
  if (!root) return m;
  for (const [pid, s] of tree(root)) m.set(pid, s.cpu);
  return m;
}

/**
 * Samples the tree every everyMs (getRoot() → pid | null): the peak of the summed VmRSS, and the CPU seconds
 * used by every process seen (processes that start during the sampling count in full; one that exits counts
 * up to its last sample, so short-lived processes, e.g. Chromium renderers of recycled pages, are included).
 * stop() → { peakRssMb, cpuSec }.
 */
function sampleTree(getRoot, everyMs = 250) {
  let peakKb = 0;
  let first = true;
  const start = new Map();
  const last = new Map();
  const tick = () => {
    const root = getRoot();
    if (!root) return;
    let kb = 0;
    for (const [pid, s] of tree(root)) {
      kb += statusKb(pid, 'VmRSS') ?? 0;
      if (!start.has(pid)) start.set(pid, first ? s.cpu : 0);
      last.set(pid, s.cpu);
    }
    first = false;
    if (kb > peakKb) peakKb = kb;
  };
  tick();
  const timer = setInterval(tick, everyMs);
  const cpuSec = () => {
    let sec = 0;
    for (const [pid, cpu] of last) sec += cpu - start.get(pid);
    return sec;
  };
  return {
    /** CPU seconds so far (one sample now), unrounded: for splitting a measurement into phases. */
    peek() {
      tick();
      return cpuSec();
    },
    stop() {
      clearInterval(timer);
      tick();
      return { peakRssMb: peakKb ? Math.round(peakKb / 1024) : null, cpuSec: Math.round(cpuSec() * 10) / 10 };
    },
  };
}

module.exports = { stat, tree, cpuSnapshot, sampleTree };
