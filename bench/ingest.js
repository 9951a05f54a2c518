'use strict';
/**
 * ingest: the seeded sessions through POST /api/v1/sessions/batch (batches of 1,000, 4 clients, usage:write
 * API key), against a COPY of the same rows into a scratch table with the same columns and indexes.
 */
const { postBatches } = require('./lib/batches');

/** @param {import('./lib/context').RunArgs} args */
async function run({ ctx }) {
  const { size } = ctx;
  await ctx.ensureDepartments();
  if ((await ctx.count('sessions')) > 0) throw new Error('ingest needs an empty sessions table: run it first in a run');
  const bodies = ctx.sessionBodies();

  // Baseline: COPY of the same rows into a scratch table with the same columns, defaults, checks and indexes.
  await ctx.sql('DROP TABLE IF EXISTS bench_copy_sessions');
  await ctx.sql('CREATE TABLE bench_copy_sessions (LIKE sessions INCLUDING ALL)');
  const chunks = ctx.sessionCopyChunks();
  await ctx.sql('CHECKPOINT');
  const copySeconds = await ctx.copyInto('bench_copy_sessions', chunks);
  const copied = await ctx.count('bench_copy_sessions');
  if (copied !== size.sessions) throw new Error(`COPY stored ${copied} rows, expected ${size.sessions}`);
  await ctx.sql('DROP TABLE bench_copy_sessions');
  await ctx.sql('CHECKPOINT');
  const copyCpuSeconds = /** @type {NonNullable<typeof ctx.lastCopyCpu>} */ (ctx.lastCopyCpu); // set by copyInto above
  ctx.log(`  COPY baseline: ${size.sessions} rows in ${copySeconds.toFixed(2)} s`);

  await ctx.resetStatements();
  const { value: r, peakRssMb, cpuSeconds } = await ctx.measure(() => postBatches(ctx.runningApp(), ctx.apiKey, bodies, size.clients));
  const stored = await ctx.count('sessions');
  if (r.accepted !== size.sessions || stored !== size.sessions) {
    throw new Error(`ingest accepted ${r.accepted} and stored ${stored} sessions, expected ${size.sessions}`);
  }
  const topStatements = await ctx.topStatements();
  await ctx.vacuum('sessions');

  const sessionsPerSec = Math.round(size.sessions / r.seconds);
  const copyRowsPerSec = Math.round(size.sessions / copySeconds);
  return {
    sessionsPerSec,
    copyRowsPerSec,
    ratio: round(sessionsPerSec / copyRowsPerSec, 3),
    seconds: round(r.seconds, 2),
    copySeconds: round(copySeconds, 2),
    batchP50Ms: r.batchP50Ms,
    batchP99Ms: r.batchP99Ms,
    peakRssMb,
    cpuSeconds,
    copyCpuSeconds: { pgSec: copyCpuSeconds.pgSec, benchSec: copyCpuSeconds.benchSec },
    ...(topStatements ? { topStatements } : {}),
    target: '≥ 30,000 sessions/s, aim for 0.5× COPY',
    met: sessionsPerSec >= 30_000,
  };
}

const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;

module.exports = { run, round };
