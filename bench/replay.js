'use strict';
/** replay: the same sessions sent again; every one must be recognised as a duplicate (0 new rows). */
const { postBatches } = require('./lib/batches');
const { round } = require('./ingest');

/** @param {import('./lib/context').RunArgs} args */
async function run({ ctx, results }) {
  const { size } = ctx;
  await ctx.ensureSessions();
  const bodies = ctx.sessionBodies();
  const before = await ctx.count('sessions');
  await ctx.resetStatements();
  const { value: r, peakRssMb, cpuSeconds } = await ctx.measure(() => postBatches(ctx.runningApp(), ctx.apiKey, bodies, size.clients));
  const after = await ctx.count('sessions');
  const topStatements = await ctx.topStatements();
  const newRows = after - before;
  if (r.duplicates + r.accepted !== size.sessions) throw new Error(`replay answered ${r.accepted} accepted + ${r.duplicates} duplicates`);
  const sessionsPerSec = Math.round(size.sessions / r.seconds);
  const ingestRate = results.ingest?.sessionsPerSec;
  return {
    sessionsPerSec,
    newRows,
    acceptedReported: r.accepted,
    seconds: round(r.seconds, 2),
    batchP50Ms: r.batchP50Ms,
    batchP99Ms: r.batchP99Ms,
    ...(ingestRate ? { ratioToIngest: round(sessionsPerSec / ingestRate, 3) } : {}),
    peakRssMb,
    cpuSeconds,
    ...(topStatements ? { topStatements } : {}),
    target: '0 new rows; ≥ 1× ingest rate',
    met: newRows === 0 && r.accepted === 0 && (!ingestRate || sessionsPerSec >= ingestRate),
  };
}

module.exports = { run };
