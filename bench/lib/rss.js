'use strict';
/**
 * Peak resident memory of the API process: VmRSS sampled every 200 ms, and VmHWM (the kernel's own
 * high-water mark) after resetting it through /proc/<pid>/clear_refs at the start of the measurement.
 * The pid is read at every tick, so a server restarted mid-benchmark is followed.
 */
const { readFileSync, writeFileSync } = require('node:fs');

function statusKb(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** getPid: () => pid | null. Returns { stop(): peakMb | null }. */
function sampleRss(getPid, everyMs = 200) {
  let peakKb = 0;
  const reset = new Set();
  const tick = () => {
    const pid = getPid();
    if (!pid) return;
    if (!reset.has(pid)) {
      if (resetPeak(pid)) reset.add(pid);
      else reset.add(-pid); // could not reset: only VmRSS samples count for this pid
    }
    const rss = statusKb(pid, 'VmRSS');
    if (rss && rss > peakKb) peakKb = rss;
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      const pid = getPid();
      if (pid && reset.has(pid)) {
        const hwm = statusKb(pid, 'VmHWM');
        if (hwm && hwm > peakKb) peakKb = hwm;
      }
      return peakKb ? Math.round(peakKb / 1024) : null;
    },
  };
}

module.exports = { sampleRss, statusKb, resetPeak };
