'use strict';
/**
 * close: one POST /billing-runs {asOf: 2026-02-01} closing January 2026 for every association
 * (10,000 monthly associations, 1,000,000 sessions, 50,000 devices).
 * Baseline: the same work by hand in a few set-based statements, on a copy of the same database made
 * just before the run (CREATE DATABASE … TEMPLATE, so same rows, indexes, constraints and statistics).
 */
const { Client } = require('pg');
const { withDatabase, SELLER_PROFILE_JSON, buyerSql, LANGUAGE_SQL } = require('./lib/pg');
const server = require('./lib/server');
const { round } = require('./ingest');

const AS_OF = '2026-02-01T00:00:00Z';
const BASELINE_DB = 'bench_close_baseline';

/** The whole cycle close in 7 set-based statements, one transaction (per_session plans; one period per association). */
const BASELINE_SQL = [
  `CREATE TEMP TABLE due ON COMMIT DROP AS
   SELECT a.organization_id, a.id AS association_id, a.plan_id, a.department_id, a.next_period_index AS period_index,
          a.next_period_start AS period_start, a.next_period_end AS period_end,
          CASE WHEN a.next_period_index = 0 THEN a.bill_start_date::timestamp AT TIME ZONE a.time_zone ELSE a.next_period_start END AS take_from,
          a.due_days, a.billing_address, a.recipients, a.time_zone, d.name AS department_name,
          p.name AS plan_name, trim(p.currency) AS currency, p.billing_type, p.session_rate_minor, p.hour_rate_minor,
          p.unattended_device_rate_minor, p.billing_increment_minutes, p.minimum_billable_minutes,
          ${buyerSql()} AS buyer, ${LANGUAGE_SQL} AS language,
          gen_random_uuid() AS bill_id, row_number() OVER (ORDER BY a.next_period_end, a.id) AS rn
     FROM associations a
     JOIN plans p ON p.organization_id = a.organization_id AND p.id = a.plan_id
     JOIN departments d ON d.organization_id = a.organization_id AND d.id = a.department_id
     JOIN organizations org ON org.id = a.organization_id
    WHERE a.organization_id = $1 AND a.next_period_end <= $2 AND (a.ended_at IS NULL OR a.next_period_start < a.ended_at)`,
  `ANALYZE due`,
  // Mark the sessions and count them per bill in one pass.
  `CREATE TEMP TABLE used ON COMMIT DROP AS
   WITH marked AS (
     UPDATE sessions s SET bill_id = due.bill_id FROM due
      WHERE s.organization_id = due.organization_id AND s.department_id = due.department_id AND s.bill_id IS NULL
        AND s.started_at >= due.take_from AND s.started_at < due.period_end
     RETURNING s.bill_id)
   SELECT bill_id, count(*)::bigint AS n FROM marked GROUP BY bill_id`,
  `CREATE TEMP TABLE devs ON COMMIT DROP AS
   SELECT due.bill_id, count(*)::bigint AS n
     FROM due JOIN devices dv ON dv.organization_id = due.organization_id AND dv.department_id = due.department_id
      AND dv.enrolled_at < due.period_end AND (dv.removed_at IS NULL OR dv.removed_at > due.period_start)
    GROUP BY due.bill_id`,
  `INSERT INTO bill_sequences (organization_id) VALUES ($1) ON CONFLICT DO NOTHING`,
  // Numbers, bills and their lines in one statement.
  `WITH n AS (SELECT count(*) AS c FROM due),
   seq AS (UPDATE bill_sequences SET last_value = last_value + (SELECT c FROM n) WHERE organization_id = $1
           RETURNING last_value - (SELECT c FROM n) AS base),
   -- The seller profile version, as billing-run.repository.ts sellerSnapshot makes it (same content, same sha256).
   org AS (SELECT id, logo, logo_content_type, ${SELLER_PROFILE_JSON} AS profile FROM organizations WHERE id = $1),
   h AS (SELECT org.*, encode(sha256(convert_to(org.profile::text, 'UTF8')), 'hex') AS sha256 FROM org),
   sp AS (INSERT INTO seller_profiles (organization_id, id, sha256, profile, logo, logo_content_type)
          SELECT id, gen_random_uuid(), sha256, profile, logo, logo_content_type FROM h
          ON CONFLICT (organization_id, sha256) DO NOTHING RETURNING id),
   seller AS (SELECT coalesce((SELECT id FROM sp),
                              (SELECT s.id FROM seller_profiles s JOIN h ON s.organization_id = h.id AND s.sha256 = h.sha256)) AS id),
   rated AS (
     SELECT due.*, coalesce(u.n, 0) AS sessions, coalesce(v.n, 0) AS devices,
            coalesce(u.n, 0) * due.session_rate_minor + coalesce(v.n, 0) * due.unattended_device_rate_minor AS subtotal,
            (seq.base + due.rn)::text AS seqtext, seq.base + due.rn AS sequence
       FROM due CROSS JOIN seq LEFT JOIN used u USING (bill_id) LEFT JOIN devs v USING (bill_id)),
   ins AS (
     INSERT INTO bills (organization_id, id, sequence, number, association_id, department_id, plan_id, period_index, period_start, period_end,
                        issue_date, due_date, time_zone, currency, department_name, plan_name, plan_snapshot, billing_address, recipients,
                        status, subtotal_minor, adjustments_minor, total_minor, paid_minor, balance_minor, kind, seller_profile_id,
                        buyer, language, tax_treatment, tax_exemption_reason, tax_rates, taxes, tax_minor, review_until, issued_at)
     SELECT organization_id, bill_id, sequence,
            'INV-' || CASE WHEN length(seqtext) >= 6 THEN seqtext ELSE lpad(seqtext, 6, '0') END,
            association_id, department_id, plan_id, period_index, period_start, period_end,
            (period_end AT TIME ZONE time_zone)::date - 1, (period_end AT TIME ZONE time_zone)::date - 1 + due_days,
            time_zone, currency, department_name, plan_name,
            jsonb_build_object('name', plan_name, 'currency', currency, 'billingType', billing_type,
              'sessionRateMinor', coalesce(session_rate_minor, 0), 'hourRateMinor', coalesce(hour_rate_minor, 0),
              'unattendedDeviceRateMinor', unattended_device_rate_minor, 'billingIncrementMinutes', billing_increment_minutes,
              'minimumBillableMinutes', minimum_billable_minutes),
            billing_address, recipients, CASE WHEN subtotal > 0 THEN 'unpaid' ELSE 'paid' END, subtotal, 0, subtotal, 0, subtotal,
            'period', (SELECT id FROM seller),
            -- Issued at once (no review window: no draft), untaxed (standard treatment with no rate is 'none').
            buyer, language, 'none', NULL, '[]'::jsonb, '[]'::jsonb, 0, NULL, now()
       FROM rated
     RETURNING id)
   INSERT INTO bill_lines (organization_id, bill_id, position, kind, description, quantity, unit, unit_amount_minor, amount_minor)
   SELECT organization_id, bill_id, 1, 'sessions', 'Remote sessions', sessions, 'session', session_rate_minor, sessions * session_rate_minor FROM rated
   UNION ALL
   SELECT organization_id, bill_id, 2, 'devices', 'Unattended devices', devices, 'device', unattended_device_rate_minor,
          devices * unattended_device_rate_minor FROM rated WHERE devices > 0`,
  `UPDATE associations a
      SET next_period_index = due.period_index + 1, next_period_start = due.period_end,
          next_period_end = ((due.period_end AT TIME ZONE due.time_zone) + interval '1 month') AT TIME ZONE due.time_zone, updated_at = now()
     FROM due WHERE a.organization_id = due.organization_id AND a.id = due.association_id`,
];

const STEP_NAMES = [
  'due associations',
  'analyze due',
  'mark + count sessions',
  'count devices',
  'sequence row',
  'insert bills + lines',
  'advance associations',
];

/**
 * The columns of a bill that both runs must write alike (its id and timestamps aside), each compared as one digest
 * over all January bills in department order: the draft lifecycle (review_until / issued_at), the archive flag, the
 * snapshots and taxes. Numbers are compared as a series (`numbers`): both runs number the bills from the same empty
 * series, but which bill gets which number depends on the order rows come back in (the API's claimDue has no ORDER BY
 * on its outer SELECT), so only the set of (sequence, number) pairs must be the same.
 */
const BILL_FIELDS = {
  association: 'b.association_id',
  plan: 'b.plan_id',
  period: "b.period_index || ':' || b.period_start || ':' || b.period_end || ':' || b.kind",
  status: 'b.status',
  lifecycle: "(b.review_until IS NULL) || ':' || (b.issued_at IS NOT NULL) || ':' || b.archive_pending || ':' || (b.overdue_at IS NULL)",
  amounts:
    "b.subtotal_minor || ':' || b.adjustments_minor || ':' || b.total_minor || ':' || b.paid_minor || ':' || b.balance_minor || ':' || b.credited_minor || ':' || b.supplementary_minor",
  names: "b.time_zone || ':' || b.currency || ':' || b.department_name || ':' || b.plan_name",
  planSnapshot: 'b.plan_snapshot::text',
  billingAddress: 'b.billing_address::text',
  recipients: 'b.recipients::text',
  seller: 'sp.sha256',
  buyer: "b.buyer::text || ':' || b.language",
  taxes:
    "b.tax_treatment || ':' || coalesce(b.tax_exemption_reason, '') || ':' || b.tax_rates::text || ':' || b.taxes::text || ':' || b.tax_minor",
};

/** What both runs must agree on (bill ids and timestamps aside). */
async function summary(q) {
  const bills = (
    await q(
      `SELECT count(*)::int AS bills, sum(subtotal_minor)::bigint AS subtotal, count(*) FILTER (WHERE status = 'unpaid')::int AS unpaid,
            md5(string_agg(department_id || ':' || subtotal_minor || ':' || issue_date || ':' || due_date, ',' ORDER BY department_id)) AS digest
       FROM bills WHERE period_start = '2026-01-01T00:00:00Z'`,
    )
  ).rows[0];
  const fields = (
    await q(
      `SELECT ${Object.entries(BILL_FIELDS)
        .map(
          ([k, e]) => `md5(string_agg(b.department_id || '=' || coalesce((${e})::text, 'NULL'), ',' ORDER BY b.department_id)) AS "${k}"`,
        )
        .join(',\n              ')}
,
              md5(string_agg(b.sequence || ':' || b.number, ',' ORDER BY b.sequence)) AS numbers
         FROM bills b LEFT JOIN seller_profiles sp ON sp.organization_id = b.organization_id AND sp.id = b.seller_profile_id
        WHERE b.period_start = '2026-01-01T00:00:00Z'`,
    )
  ).rows[0];
  const lines = (
    await q(
      `SELECT l.position, l.kind, l.description, l.unit, l.unit_amount_minor::bigint AS unit_amount, count(*)::int AS n,
              sum(l.quantity)::bigint AS quantity, sum(l.amount_minor)::bigint AS amount
       FROM bill_lines l JOIN bills b ON b.organization_id = l.organization_id AND b.id = l.bill_id
      WHERE b.period_start = '2026-01-01T00:00:00Z' GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    )
  ).rows.map((r) => ({ ...r, unit_amount: Number(r.unit_amount), quantity: Number(r.quantity), amount: Number(r.amount) }));
  const lineDigest = (
    await q(
      `SELECT md5(string_agg(b.department_id || ':' || l.position || ':' || l.kind || ':' || l.quantity || ':' || l.amount_minor, ','
                             ORDER BY b.department_id, l.position)) AS d
         FROM bill_lines l JOIN bills b ON b.organization_id = l.organization_id AND b.id = l.bill_id
        WHERE b.period_start = '2026-01-01T00:00:00Z'`,
    )
  ).rows[0].d;
  const billed = Number((await q('SELECT count(*) AS n FROM sessions WHERE bill_id IS NOT NULL')).rows[0].n);
  const advanced = Number((await q(`SELECT count(*) AS n FROM associations WHERE next_period_start = '2026-02-01T00:00:00Z'`)).rows[0].n);
  return {
    bills: bills.bills,
    subtotal: Number(bills.subtotal),
    unpaid: bills.unpaid,
    digest: bills.digest,
    fields,
    lines,
    lineDigest,
    billedSessions: billed,
    advanced,
  };
}

/** The parts of two summaries that differ (for the error message). */
function differences(a, b) {
  const out = {};
  for (const k of Object.keys(a)) {
    if (k === 'fields') {
      for (const f of Object.keys(a.fields)) if (a.fields[f] !== b.fields?.[f]) out[`fields.${f}`] = 'differs';
    } else if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out[k] = { api: a[k], baseline: b[k] };
  }
  return out;
}

/** @param {import('./lib/context').RunArgs} args */
async function run({ ctx }) {
  const { size } = ctx;
  await ctx.ensureSessions();
  await ctx.ensureAssociations();
  await ctx.ensureDevices();
  const unbilled = await ctx.count('sessions', 'bill_id IS NULL');
  if (unbilled !== size.sessions || (await ctx.count('bills')) > 0)
    throw new Error('close needs unbilled sessions and no bills: run it before api');
  await ctx.vacuum('sessions', 'devices', 'associations');

  // The baseline's copy: same data, made while nothing is connected to the source database.
  await ctx.stopServer();
  if (ctx.client) {
    await ctx.client.end();
    ctx.client = null;
  }
  const admin = new Client({ connectionString: ctx.runningPg().serverUrl, application_name: 'bench' });
  await admin.connect();
  let baseline;
  try {
    const t = Date.now();
    await admin.query(`DROP DATABASE IF EXISTS ${BASELINE_DB}`);
    await admin.query(`CREATE DATABASE ${BASELINE_DB} TEMPLATE remote_billing STRATEGY FILE_COPY`);
    ctx.log(`  baseline copy of the database made in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const app = await ctx.server();
    await ctx.sql('CHECKPOINT');
    await ctx.resetStatements();
    const {
      value: api,
      peakRssMb,
      cpuSeconds,
    } = await ctx.measure(async () => {
      const t0 = process.hrtime.bigint();
      const res = await server.call('POST', `${app.api}/billing-runs`, { token: ctx.token, body: { asOf: AS_OF } }, [200, 201]);
      return { ...res, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
    });
    const topStatements = await ctx.topStatements();
    ctx.log(`  billing run: ${api.billsCreated} bills in ${api.seconds.toFixed(2)} s`);
    const apiSummary = await summary((s, p) => ctx.sql(s, p));

    // Baseline, on the copy.
    const bc = new Client({ connectionString: withDatabase(ctx.runningPg().url, BASELINE_DB), application_name: 'bench-baseline' });
    await bc.connect();
    try {
      await bc.query('CHECKPOINT');
      const t0 = process.hrtime.bigint();
      const steps = [];
      const step = async (label, text, params) => {
        const t = process.hrtime.bigint();
        await bc.query(text, params);
        steps.push([label, Math.round(Number(process.hrtime.bigint() - t) / 1e6)]);
      };
      await step('begin', 'BEGIN');
      for (const [i, s] of BASELINE_SQL.entries()) {
        await step(STEP_NAMES[i], s, s.includes('$2') ? [ctx.organizationId, AS_OF] : s.includes('$1') ? [ctx.organizationId] : []);
      }
      await step('commit (deferred FK checks)', 'COMMIT');
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      baseline = { seconds, steps: Object.fromEntries(steps), summary: await summary((s, p) => bc.query(s, p)) };
    } finally {
      await bc.end().catch(() => undefined);
    }
    ctx.log(`  baseline: ${baseline.summary.bills} bills in ${baseline.seconds.toFixed(2)} s`);

    const expected = size.associations;
    const problems = [];
    if (api.billsCreated !== expected) problems.push(`billsCreated ${api.billsCreated} ≠ ${expected}`);
    if (apiSummary.bills !== expected) problems.push(`bills in table ${apiSummary.bills} ≠ ${expected}`);
    if (apiSummary.billedSessions !== size.sessions) problems.push(`billed sessions ${apiSummary.billedSessions} ≠ ${size.sessions}`);
    if (apiSummary.advanced !== expected) problems.push(`associations advanced ${apiSummary.advanced} ≠ ${expected}`);
    const same = JSON.stringify(apiSummary) === JSON.stringify(baseline.summary);
    if (!same) problems.push(`API and baseline disagree: ${JSON.stringify(differences(apiSummary, baseline.summary))}`);
    if (problems.length) throw new Error(`close: ${problems.join('; ')}`);

    return {
      seconds: round(api.seconds, 2),
      baselineSeconds: round(baseline.seconds, 2),
      ratio: round(api.seconds / baseline.seconds, 2),
      billsCreated: api.billsCreated,
      associationsScanned: api.associationsScanned,
      billedSessions: apiSummary.billedSessions,
      subtotalMinor: apiSummary.subtotal,
      sameAsBaseline: same,
      baselineStepsMs: baseline.steps,
      peakRssMb,
      cpuSeconds,
      ...(topStatements ? { topStatements } : {}),
      target: '≤ 3× baseline',
      met: api.seconds / baseline.seconds <= 3,
    };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${BASELINE_DB}`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}

module.exports = { run, BASELINE_SQL };
