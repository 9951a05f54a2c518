'use strict';
/**
 * close-prepaid (BENCHMARKS.md "close-rules", prepaid only): the `close` workload (one POST /billing-runs closing
 * January 2026 for 10,000 associations, 1,000,000 sessions, 50,000 devices) with a retainer on every plan and a
 * prepaid block on every association, against the same run without them. Both on copies of the same database made
 * before anything is billed (CREATE DATABASE … TEMPLATE), one after the other, each with its own API process.
 *
 * Every association has about 100 sessions in January (per_session plans): a retainer of 60 sessions (fee 50.00,
 * 20 roll over for 2 periods) and a block of 30 sessions leave about 10 as overage, so every bill draws from both
 * and has overage. The prepaid run is checked: one bill per association, and every billed session drawn or billed as
 * overage exactly once (the ledger's draws plus the overage lines' quantities equal the sessions billed).
 */
const { Client } = require('pg');
const { withDatabase, SELLER_PROFILE_JSON } = require('./lib/pg');
const server = require('./lib/server');
const { round } = require('./ingest');

const AS_OF = '2026-02-01T00:00:00Z';
const PLAIN_DB = 'bench_close_plain';
const PREPAID_DB = 'bench_close_prepaid';
const RETAINER = { included: 60, feeMinor: 5000, rolloverCap: 20, rolloverPeriods: 2, overageRateMinor: null };
const BLOCK_UNITS = 30;

/** A block (with its issued invoice and its grant) on every association, as POST /associations/:id/blocks makes them. */
const PREPAID_SQL = [
  `UPDATE plans SET retainer = $1::jsonb`,
  // The seller profile version the block invoices point at, as billing-run.repository.ts sellerSnapshot makes it.
  `WITH org AS (SELECT id, logo, logo_content_type, ${SELLER_PROFILE_JSON} AS profile FROM organizations),
        h AS (SELECT org.*, encode(sha256(convert_to(org.profile::text, 'UTF8')), 'hex') AS sha256 FROM org)
   INSERT INTO seller_profiles (organization_id, id, sha256, profile, logo, logo_content_type)
   SELECT id, gen_random_uuid(), sha256, profile, logo, logo_content_type FROM h ON CONFLICT (organization_id, sha256) DO NOTHING`,
  `CREATE TEMP TABLE nb AS
   SELECT a.organization_id, a.id AS association_id, a.department_id, a.plan_id, gen_random_uuid() AS bill_id, gen_random_uuid() AS block_id,
          row_number() OVER (ORDER BY a.id) AS rn, a.time_zone, trim(p.currency) AS currency, d.name AS department_name, p.name AS plan_name,
          a.billing_address, a.recipients
     FROM associations a JOIN plans p ON p.organization_id = a.organization_id AND p.id = a.plan_id
     JOIN departments d ON d.organization_id = a.organization_id AND d.id = a.department_id`,
  `INSERT INTO bills (organization_id, id, sequence, number, association_id, department_id, plan_id, period_index, period_start, period_end,
                      issue_date, due_date, time_zone, currency, department_name, plan_name, plan_snapshot, billing_address, recipients,
                      status, subtotal_minor, adjustments_minor, total_minor, paid_minor, balance_minor, kind, seller_profile_id,
                      buyer, language, tax_treatment, tax_exemption_reason, tax_rates, taxes, tax_minor, review_until, issued_at)
   SELECT nb.organization_id, nb.bill_id, NULL, NULL, nb.association_id, nb.department_id, nb.plan_id, NULL,
          '2025-12-15T00:00:00Z', '2025-12-16T00:00:00Z', '2025-12-15', '2025-12-29', nb.time_zone, nb.currency, nb.department_name,
          nb.plan_name, '{}'::jsonb, nb.billing_address, nb.recipients, 'draft', 30000, 0, 30000, 0, 30000, 'block',
          (SELECT s.id FROM seller_profiles s WHERE s.organization_id = nb.organization_id LIMIT 1),
          '{}'::jsonb, 'en', 'none', NULL, '[]'::jsonb, '[]'::jsonb, 0, '2099-01-01T00:00:00Z', NULL
     FROM nb`,
  `INSERT INTO prepaid_blocks (organization_id, id, sequence, number, association_id, unit, units, price_minor, currency, purchased_at,
                              expires_at, requires_payment, low_balance_percent, bill_id)
   SELECT organization_id, block_id, rn, 'B-' || lpad(rn::text, 6, '0'), association_id, 'sessions', ${BLOCK_UNITS}, 30000, currency,
          '2025-12-15T00:00:00Z', NULL, false, 0, bill_id
     FROM nb`,
  `INSERT INTO prepaid_ledger (organization_id, id, association_id, kind, source, source_id, quantity, bill_id, period_index)
   SELECT organization_id, gen_random_uuid(), association_id, 'grant', 'block', block_id::text, ${BLOCK_UNITS}, bill_id, NULL FROM nb`,
];

async function billingRun(ctx, dbUrl, label) {
  // The outbox off: the prepaid run queues every block's alert e-mail (each block runs out), and sending them beside
  // the billing run would measure the outbox too (it is `mail`'s business).
  const app = await server.spawnApp({ dataDir: ctx.dir(`app-${label}`), databaseUrl: dbUrl, env: { OUTBOX_CRON: '0 0 1 1 *' } });
  try {
    await server.waitHealthy(app);
    const token = await server.login(app);
    const q = new Client({ connectionString: dbUrl, application_name: 'bench' });
    await q.connect();
    try {
      await q.query('CHECKPOINT');
    } finally {
      await q.end();
    }
    await ctx.resetStatements();
    const t0 = process.hrtime.bigint();
    const res = await server.call('POST', `${app.api}/billing-runs`, { token, body: { asOf: AS_OF } }, [200, 201]);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    ctx.log(`  ${label}: ${res.billsCreated} bills in ${seconds.toFixed(2)} s`);
    const topStatements = await ctx.topStatements();
    // The run left a million dead session versions: vacuum them now, or autovacuum would do it during the next run
    // (on 2 cores, measured: the second run took 1.4× as long while it did).
    const v = new Client({ connectionString: dbUrl, application_name: 'bench' });
    await v.connect();
    try {
      await v.query('VACUUM (ANALYZE) sessions, bills, bill_lines, associations');
    } finally {
      await v.end();
    }
    return { seconds, billsCreated: res.billsCreated, failures: res.failures.length, ...(topStatements ? { topStatements } : {}) };
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
  if ((await ctx.count('bills')) > 0) throw new Error('close-prepaid needs no bills: run it before close');
  await ctx.vacuum('sessions', 'devices', 'associations');
  await ctx.stopServer();
  if (ctx.client) {
    await ctx.client.end();
    ctx.client = null;
  }
  const pg = ctx.runningPg();
  const admin = new Client({ connectionString: pg.serverUrl, application_name: 'bench' });
  await admin.connect();
  try {
    for (const db of [PLAIN_DB, PREPAID_DB]) {
      await admin.query(`DROP DATABASE IF EXISTS ${db}`);
      await admin.query(`CREATE DATABASE ${db} TEMPLATE remote_billing STRATEGY FILE_COPY`);
    }
    const prepaidUrl = withDatabase(pg.url, PREPAID_DB);
    const c = new Client({ connectionString: prepaidUrl, application_name: 'bench' });
    await c.connect();
    try {
      await c.query('BEGIN');
      for (const s of PREPAID_SQL) await c.query(s, s.includes('$1') ? [JSON.stringify(RETAINER)] : []);
      await c.query('COMMIT');
    } finally {
      await c.end();
    }
    // Both copies analyzed alike (the planner's statistics of one must not differ from the other's).
    for (const db of [PLAIN_DB, PREPAID_DB]) {
      const c2 = new Client({ connectionString: withDatabase(pg.url, db), application_name: 'bench' });
      await c2.connect();
      try {
        await c2.query('VACUUM (ANALYZE)');
      } finally {
        await c2.end();
      }
    }
    const prepaid = await billingRun(ctx, prepaidUrl, 'with a retainer and a block');
    const plain = await billingRun(ctx, withDatabase(pg.url, PLAIN_DB), 'without prepaid');

    const v = new Client({ connectionString: prepaidUrl, application_name: 'bench' });
    await v.connect();
    let check;
    try {
      check = (
        await v.query(
          `SELECT (SELECT count(*)::int FROM bills WHERE kind = 'period') AS bills,
                  (SELECT count(*)::int FROM sessions WHERE bill_id IS NOT NULL) AS billed,
                  (SELECT -sum(quantity)::bigint FROM prepaid_ledger WHERE kind = 'draw') AS drawn,
                  (SELECT coalesce(sum(quantity), 0)::bigint FROM bill_lines WHERE kind = 'overage') AS overage,
                  (SELECT count(DISTINCT bill_id)::int FROM prepaid_ledger WHERE kind = 'draw' AND source = 'block') AS block_draws`,
        )
      ).rows[0];
    } finally {
      await v.end();
    }
    const problems = [];
    const expected = size.associations;
    if (plain.billsCreated !== expected || prepaid.billsCreated !== expected || plain.failures || prepaid.failures)
      problems.push(`bills ${plain.billsCreated} / ${prepaid.billsCreated} ≠ ${expected}`);
    if (check.bills !== expected) problems.push(`prepaid bills in table ${check.bills} ≠ ${expected}`);
    if (Number(check.drawn) + Number(check.overage) !== check.billed)
      problems.push(`drawn ${check.drawn} + overage ${check.overage} ≠ billed sessions ${check.billed}`);
    if (problems.length) throw new Error(`close-prepaid: ${problems.join('; ')}`);
    const ratio = prepaid.seconds / plain.seconds;
    return {
      seconds: round(prepaid.seconds, 2),
      baselineSeconds: round(plain.seconds, 2),
      ratio: round(ratio, 2),
      billsCreated: prepaid.billsCreated,
      billedSessions: check.billed,
      drawn: Number(check.drawn),
      overage: Number(check.overage),
      billsDrawingBlocks: check.block_draws,
      ...(prepaid.topStatements ? { statements: { withPrepaid: prepaid.topStatements, without: plain.topStatements } } : {}),
      target: '≤ 1.3× close without prepaid',
      met: ratio <= 1.3,
    };
  } finally {
    for (const db of [PLAIN_DB, PREPAID_DB]) await admin.query(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}

module.exports = { run };
