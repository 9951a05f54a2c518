'use strict';
/**
 * close-rules (BENCHMARKS.md "close-rules", rules part; issue #18 point 8): the `close` workload (one POST /billing-runs
 * closing January 2026 for 10,000 associations, 1,000,000 sessions, 50,000 devices) with rate rules on every plan,
 * against the same run without them. Both on copies of the same database made before anything is billed
 * (CREATE DATABASE … TEMPLATE), one after the other, each with its own API process (outbox off), both vacuumed and
 * analyzed first. Target: ≤ 1.5× the run without rules.
 *
 * The rules (plans.rate_rules, every key of NO_RULES in apps/api/src/rate-rules/rate-rules.ts; rate_version stays 1, so
 * no plan_rate_versions rows are needed): business hours Mon–Fri 08:00–18:00 in the customer's zone (UTC here),
 * weekend Sat–Sun, the public holidays of Bavaria (DE-BY: 1 and 6 January fall in the period) plus 24 December,
 * after hours ×1.5, weekend ×2, holidays at a fixed 2× the plan's rate, graduated tiers (up to 10, up to 30, then the
 * rest: the plan's rate, 80 %, 64 %; upTo in sessions on per_session plans, hours on per_hour ones) and a minimum
 * commitment of 1,400.00 a period (about half the bills, ~100 sessions each, fall short of it). Every bill is thus
 * ruled: the sessions' start, end and type are read and each session is classed and tiered in the API.
 *
 * Checks: the same number of bills in both copies (one per association); in the rules copy, lines of the after-hours
 * and weekend classes exist, every session is billed (has its one bill_id) and the usage lines' quantities add up to
 * the sessions billed (no session counted twice or left out); both copies billed the same sessions. The rules object
 * written by SQL is checked to be what POST /plans stores for the same fields (one throwaway plan on a scratch copy).
 */
const { Client } = require('pg');
const { join } = require('node:path');
const { withDatabase } = require('./lib/pg');
const server = require('./lib/server');
const cpu = require('./lib/cpu');
const { sampleRss } = require('./lib/rss');
const { round } = require('./ingest');

const AS_OF = '2026-02-01T00:00:00Z';
const PLAIN_DB = 'bench_close_plain';
const RULES_DB = 'bench_close_rules';
const SCRATCH_DB = 'bench_close_rules_check';
const COMMITMENT_MINOR = 140_000;

/** The keys of NO_RULES (apps/api/src/rate-rules/rate-rules.ts RULE_KEYS), in its order. */
const RULE_KEYS = [
  'businessHours',
  'weekendDays',
  'holidayCountry',
  'holidayRegion',
  'holidayDates',
  'afterHoursMultiplier',
  'afterHoursRateMinor',
  'weekendMultiplier',
  'weekendRateMinor',
  'holidayMultiplier',
  'holidayRateMinor',
  'tierMode',
  'tiers',
  'unattendedRateMinor',
  'minimumCommitmentMinor',
];

/** A plan's rules for its base rate (per hour or per session). */
function rulesFor(baseMinor) {
  return {
    businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
    weekendDays: [6, 7],
    holidayCountry: 'DE',
    holidayRegion: 'BY',
    holidayDates: ['2026-12-24'],
    afterHoursMultiplier: '1.5',
    afterHoursRateMinor: null,
    weekendMultiplier: '2',
    weekendRateMinor: null,
    holidayMultiplier: null,
    holidayRateMinor: baseMinor * 2,
    tierMode: 'graduated',
    tiers: [
      { upTo: 10, rateMinor: baseMinor },
      { upTo: 30, rateMinor: Math.round(baseMinor * 0.8) },
      { upTo: null, rateMinor: Math.round(baseMinor * 0.64) },
    ],
    unattendedRateMinor: null,
    minimumCommitmentMinor: COMMITMENT_MINOR,
  };
}

/**
 * The same rules in SQL, per plan: the base rate is the plan's session rate (per_session) or hour rate (per_hour);
 * the tiers' upTo (10, 30) counts sessions or hours accordingly.
 */
const RULES_SQL = `
  WITH p AS (
    SELECT organization_id, id,
           CASE WHEN billing_type = 'per_hour' THEN hour_rate_minor ELSE session_rate_minor END::bigint AS base
      FROM plans)
  UPDATE plans SET rate_rules = jsonb_build_object(
      'businessHours', (SELECT jsonb_agg(jsonb_build_object('day', d, 'start', '08:00', 'end', '18:00') ORDER BY d) FROM generate_series(1, 5) d),
      'weekendDays', '[6, 7]'::jsonb,
      'holidayCountry', 'DE',
      'holidayRegion', 'BY',
      'holidayDates', '["2026-12-24"]'::jsonb,
      'afterHoursMultiplier', '1.5',
      'afterHoursRateMinor', NULL,
      'weekendMultiplier', '2',
      'weekendRateMinor', NULL,
      'holidayMultiplier', NULL,
      'holidayRateMinor', p.base * 2,
      'tierMode', 'graduated',
      'tiers', jsonb_build_array(
        jsonb_build_object('upTo', 10, 'rateMinor', p.base),
        jsonb_build_object('upTo', 30, 'rateMinor', round(p.base * 0.8)::bigint),
        jsonb_build_object('upTo', NULL, 'rateMinor', round(p.base * 0.64)::bigint)),
      'unattendedRateMinor', NULL,
      'minimumCommitmentMinor', ${COMMITMENT_MINOR})
    FROM p
   WHERE plans.organization_id = p.organization_id AND plans.id = p.id`;

async function withClient(url, fn) {
  const c = new Client({ connectionString: url, application_name: 'bench' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * What POST /plans stores for these rules (per_session, rate 1250) must be what RULES_SQL writes for such a plan: on a
 * scratch copy of the rules database (dropped afterwards), so neither measured copy gets an extra plan.
 */
async function checkRulesThroughApi(ctx, scratchUrl) {
  const app = await server.spawnApp({ dataDir: ctx.dir('app-rules-check'), databaseUrl: scratchUrl, env: { OUTBOX_CRON: '0 0 1 1 *' } });
  try {
    await server.waitHealthy(app);
    const token = await server.login(app);
    const rules = rulesFor(1250);
    const created = await server.call('POST', `${app.api}/plans`, {
      token,
      body: {
        name: 'Bench rules check',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 1250,
        unattendedDeviceRateMinor: 300,
        ...rules,
      },
    });
    const [api, sql] = await withClient(scratchUrl, async (c) => {
      const a = (await c.query('SELECT rate_rules FROM plans WHERE id = $1', [created.id])).rows[0].rate_rules;
      const s = (
        await c.query(
          `SELECT rate_rules FROM plans WHERE id <> $1 AND billing_type = 'per_session' AND session_rate_minor = 1250 LIMIT 1`,
          [created.id],
        )
      ).rows[0].rate_rules;
      return [a, s];
    });
    const canon = (o) =>
      JSON.stringify(
        Object.fromEntries(
          Object.keys(o)
            .sort()
            .map((k) => [k, o[k]]),
        ),
      );
    if (canon(api) !== canon(sql))
      throw new Error(`close-rules: the rules written by SQL ${canon(sql)} ≠ what POST /plans stores ${canon(api)}`);
    const keys = Object.keys(sql).sort().join(',');
    if (keys !== [...RULE_KEYS].sort().join(',')) throw new Error(`close-rules: stored rules have keys ${keys}, not NO_RULES's`);
  } finally {
    await app.stop();
  }
}

async function billingRun(ctx, dbUrl, label) {
  // The outbox off, as close-prepaid: the billing run is measured, not the e-mails it may queue.
  // BENCH_CPU_PROF=<dir>: the API runs with --cpu-prof into <dir> (a diagnostic; the profile's overhead is in the time).
  const prof = process.env.BENCH_CPU_PROF;
  const nodeArgs = prof ? ['--cpu-prof', `--cpu-prof-dir=${join(prof, label.replace(/\W+/g, '-'))}`] : [];
  const app = await server.spawnApp({ dataDir: ctx.dir(`app-${label}`), databaseUrl: dbUrl, env: { OUTBOX_CRON: '0 0 1 1 *' }, nodeArgs });
  try {
    await server.waitHealthy(app);
    const token = await server.login(app);
    await withClient(dbUrl, (q) => q.query('CHECKPOINT'));
    await ctx.resetStatements();
    const pgData = join(ctx.runningPg().dataDir, 'pg');
    const before = cpu.snapshot(app.pid, pgData);
    const rss = sampleRss(() => (app.hasExited() ? null : app.pid));
    const t0 = process.hrtime.bigint();
    let res;
    let peakRssMb = null;
    try {
      res = await server.call('POST', `${app.api}/billing-runs`, { token, body: { asOf: AS_OF } }, [200, 201]);
    } finally {
      peakRssMb = rss.stop();
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpuSeconds = cpu.diff(before, cpu.snapshot(app.pid, pgData));
    ctx.log(
      `  ${label}: ${res.billsCreated} bills in ${seconds.toFixed(2)} s (CPU: API ${cpuSeconds.appSec} s, Postgres ${cpuSeconds.pgSec} s)`,
    );
    const topStatements = await ctx.topStatements();
    // The run left a million dead session versions: vacuum them now, or autovacuum would do it during the next run.
    await withClient(dbUrl, (v) => v.query('VACUUM (ANALYZE) sessions, bills, bill_lines, associations'));
    return {
      seconds,
      billsCreated: res.billsCreated,
      failures: res.failures.length,
      cpuSeconds,
      peakRssMb,
      ...(topStatements ? { topStatements } : {}),
    };
  } finally {
    await app.stop();
  }
}

/** @param {import('./lib/context').RunArgs} args */
async function run({ ctx }) {
  const { size } = ctx;
  await ctx.ensureSessions();
  await ctx.ensureAssociations();
  await ctx.ensureDevices();
  if ((await ctx.count('bills')) > 0) throw new Error('close-rules needs no bills: run it before close');
  await ctx.vacuum('sessions', 'devices', 'associations');
  await ctx.stopServer();
  if (ctx.client) {
    await ctx.client.end();
    ctx.client = null;
  }
  const pg = ctx.runningPg();
  const admin = new Client({ connectionString: pg.serverUrl, application_name: 'bench' });
  await admin.connect();
  const dbs = [PLAIN_DB, RULES_DB, SCRATCH_DB];
  try {
    for (const db of [PLAIN_DB, RULES_DB]) {
      await admin.query(`DROP DATABASE IF EXISTS ${db}`);
      await admin.query(`CREATE DATABASE ${db} TEMPLATE remote_billing STRATEGY FILE_COPY`);
    }
    const rulesUrl = withDatabase(pg.url, RULES_DB);
    const plainUrl = withDatabase(pg.url, PLAIN_DB);
    const plansRuled = await withClient(rulesUrl, async (c) => {
      const r = await c.query(RULES_SQL);
      // Version 1 only: the billing run reads no plan_rate_versions (the rules are the plan row's).
      const v = await c.query('SELECT count(*)::int AS n FROM plans WHERE rate_version <> 1');
      if (v.rows[0].n !== 0) throw new Error(`close-rules: ${v.rows[0].n} plans have a rate version above 1`);
      return r.rowCount;
    });
    // The SQL-written rules against POST /plans, on a scratch copy of the rules copy.
    await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH_DB}`);
    await admin.query(`CREATE DATABASE ${SCRATCH_DB} TEMPLATE ${RULES_DB} STRATEGY FILE_COPY`);
    await checkRulesThroughApi(ctx, withDatabase(pg.url, SCRATCH_DB));
    await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH_DB}`);
    // Both copies analyzed alike (the planner's statistics of one must not differ from the other's).
    for (const url of [plainUrl, rulesUrl]) await withClient(url, (c) => c.query('VACUUM (ANALYZE)'));

    const rules = await billingRun(ctx, rulesUrl, 'with rate rules');
    const plain = await billingRun(ctx, plainUrl, 'without rules');

    const CHECK_SQL = `
      SELECT (SELECT count(*)::int FROM bills WHERE kind = 'period') AS bills,
             (SELECT count(*)::int FROM sessions WHERE bill_id IS NOT NULL) AS billed,
             (SELECT count(*)::int FROM sessions WHERE bill_id IS NULL) AS unbilled,
             (SELECT coalesce(sum(quantity), 0)::bigint FROM bill_lines WHERE kind = 'sessions') AS line_sessions,
             (SELECT count(*)::int FROM bill_lines WHERE description LIKE '%— after hours%') AS after_hours_lines,
             (SELECT count(*)::int FROM bill_lines WHERE description LIKE '%— weekend%') AS weekend_lines,
             (SELECT count(*)::int FROM bill_lines WHERE description LIKE '%— holiday%') AS holiday_lines,
             (SELECT count(*)::int FROM bill_lines WHERE kind = 'commitment') AS commitment_lines,
             (SELECT count(*)::int FROM bill_lines) AS lines,
             (SELECT coalesce(sum(total_minor), 0)::bigint FROM bills WHERE kind = 'period') AS total_minor,
             (SELECT count(*)::int FROM associations WHERE next_period_index = 1) AS advanced`;
    const [rc, pc] = [await withClient(rulesUrl, (c) => c.query(CHECK_SQL)), await withClient(plainUrl, (c) => c.query(CHECK_SQL))].map(
      (r) => r.rows[0],
    );
    const problems = [];
    const expected = size.associations;
    if (plain.billsCreated !== expected || rules.billsCreated !== expected || plain.failures || rules.failures)
      problems.push(`bills created ${rules.billsCreated} (rules) / ${plain.billsCreated} (plain) ≠ ${expected}`);
    if (rc.bills !== pc.bills || rc.bills !== expected)
      problems.push(`bills in the tables ${rc.bills} (rules) / ${pc.bills} (plain) ≠ ${expected}`);
    if (rc.after_hours_lines === 0) problems.push('no "— after hours" line in the rules copy');
    if (rc.weekend_lines === 0) problems.push('no "— weekend" line in the rules copy');
    if (rc.unbilled !== 0 || pc.unbilled !== 0) problems.push(`unbilled sessions left: ${rc.unbilled} (rules) / ${pc.unbilled} (plain)`);
    if (rc.billed !== pc.billed) problems.push(`sessions billed ${rc.billed} (rules) ≠ ${pc.billed} (plain)`);
    if (Number(rc.line_sessions) !== rc.billed)
      problems.push(`rules copy: usage lines count ${rc.line_sessions} sessions ≠ ${rc.billed} billed`);
    if (Number(pc.line_sessions) !== pc.billed)
      problems.push(`plain copy: usage lines count ${pc.line_sessions} sessions ≠ ${pc.billed} billed`);
    if (rc.advanced !== expected || pc.advanced !== expected)
      problems.push(`associations advanced ${rc.advanced} / ${pc.advanced} ≠ ${expected}`);
    if (problems.length) throw new Error(`close-rules: ${problems.join('; ')}`);
    const ratio = rules.seconds / plain.seconds;
    ctx.lastPeakRssMb = rules.peakRssMb;
    return {
      seconds: round(rules.seconds, 2),
      baselineSeconds: round(plain.seconds, 2),
      ratio: round(ratio, 2),
      billsCreated: rules.billsCreated,
      billedSessions: rc.billed,
      plansWithRules: plansRuled,
      lines: { withRules: rc.lines, without: pc.lines },
      classLines: { afterHours: rc.after_hours_lines, weekend: rc.weekend_lines, holiday: rc.holiday_lines },
      commitmentLines: rc.commitment_lines,
      totalMinor: { withRules: Number(rc.total_minor), without: Number(pc.total_minor) },
      cpuSeconds: { withRules: rules.cpuSeconds, without: plain.cpuSeconds },
      peakRssMb: rules.peakRssMb,
      baselinePeakRssMb: plain.peakRssMb,
      ...(rules.topStatements ? { statements: { withRules: rules.topStatements, without: plain.topStatements } } : {}),
      target: '≤ 1.5× close without rules',
      met: ratio <= 1.5,
    };
  } finally {
    for (const db of dbs) await admin.query(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}

module.exports = { run, rulesFor, RULES_SQL };
