'use strict';
/**
 * api: GET /api/v1/bills?limit=50 with ~1,000,000 bills in the table (autocannon, 10 connections, 20 s),
 * against GET /api/v1/health on the same server with the same load.
 *
 * Setup (SQL, not measured): next to the active January associations, one ended "history" association per
 * department (monthly, from 99 or 100 months before 2026-01-01, ended then), with one bill per month of it
 * in the shape billing-run.repository.ts insertBills writes (plan snapshot, address, lines), until the
 * table holds the target count.
 */
const autocannon = require('autocannon');
const { round } = require('./ingest');
const { ensureSellerProfile, PLAN_SNAPSHOT_SQL, buyerSql, LANGUAGE_SQL, sellerProfileIdSql } = require('./lib/pg');

async function ensureBills(ctx) {
  const { size } = ctx;
  await ctx.ensureAssociations();
  const have = await ctx.count('bills');
  if (have >= size.bills * 0.99) return;
  const deps = size.associations;
  const months = Math.ceil((size.bills - have) / deps);
  const t = Date.now();
  await ctx.sql('BEGIN');
  try {
    await ctx.sql(
      `INSERT INTO associations (organization_id, id, plan_id, department_id, billing_cycle, bill_start_date, due_days, billing_address,
                                 recipients, time_zone, starts_at, ended_at, next_period_index, next_period_start, next_period_end, created_at, updated_at)
       SELECT a.organization_id, md5('history:' || a.id)::uuid, a.plan_id, a.department_id, 'monthly',
              (date '2026-01-01' - make_interval(months => $2))::date, a.due_days, a.billing_address, a.recipients, a.time_zone,
              (date '2026-01-01' - make_interval(months => $2)) AT TIME ZONE a.time_zone,
              timestamptz '2026-01-01T00:00:00Z', $2, timestamptz '2026-01-01T00:00:00Z', timestamptz '2026-02-01T00:00:00Z',
              timestamptz '2017-01-01T00:00:00Z', now()
         FROM associations a WHERE a.organization_id = $1 AND a.ended_at IS NULL`,
      [ctx.organizationId, months],
    );
    await ctx.sql(`INSERT INTO bill_sequences (organization_id) VALUES ($1) ON CONFLICT DO NOTHING`, [ctx.organizationId]);
    await ensureSellerProfile((text, params) => ctx.sql(text, params), ctx.organizationId);
    const base = Number(
      (await ctx.sql('SELECT last_value FROM bill_sequences WHERE organization_id = $1', [ctx.organizationId])).rows[0].last_value,
    );
    // Quantities vary per department and month (deterministic); every bill has a sessions line and most a devices line.
    await ctx.sql(
      `INSERT INTO bills (organization_id, id, sequence, number, association_id, department_id, plan_id, period_index, period_start, period_end,
                          issue_date, due_date, time_zone, currency, department_name, plan_name, plan_snapshot, billing_address, recipients,
                          status, subtotal_minor, adjustments_minor, total_minor, paid_minor, balance_minor, seller_profile_id,
                          kind, buyer, language, review_until, issued_at)
       SELECT organization_id, id, seq, 'INV-' || CASE WHEN length(seq::text) >= 6 THEN seq::text ELSE lpad(seq::text, 6, '0') END,
              association_id, department_id, plan_id, k, ps, pe, (pe AT TIME ZONE 'UTC')::date - 1, (pe AT TIME ZONE 'UTC')::date - 1 + due_days,
              time_zone, currency, department_name, plan_name, plan_snapshot, billing_address, recipients,
              CASE WHEN amt > 0 THEN 'unpaid' ELSE 'paid' END, amt, 0, amt, 0, amt, ${sellerProfileIdSql('$1')},
              -- issued (not drafts: bills_draft_check), untaxed (the defaults), issued when their period closed
              'period', buyer, language, NULL, pe
         FROM (
           SELECT h.organization_id, md5(h.id || ':' || k)::uuid AS id, $3 + row_number() OVER (ORDER BY k, h.id) AS seq,
                  h.id AS association_id, h.department_id, h.plan_id, k, per.ps, per.pe, h.due_days, h.time_zone, trim(p.currency) AS currency,
                  d.name AS department_name, p.name AS plan_name,
                  ${PLAN_SNAPSHOT_SQL}, ${buyerSql('h')} AS buyer, ${LANGUAGE_SQL} AS language,
                  h.billing_address, h.recipients,
                  (abs(hashtext(h.id || ':' || k)) % 200) * p.session_rate_minor
                    + (abs(hashtext(k || ':' || h.id)) % 8) * p.unattended_device_rate_minor AS amt
             FROM associations h
             JOIN plans p ON p.organization_id = h.organization_id AND p.id = h.plan_id
             JOIN departments d ON d.organization_id = h.organization_id AND d.id = h.department_id
             JOIN organizations org ON org.id = h.organization_id
             CROSS JOIN LATERAL generate_series(0, $2 - 1) AS k
             CROSS JOIN LATERAL (SELECT (h.bill_start_date + make_interval(months => k))::timestamp AT TIME ZONE 'UTC' AS ps,
                                        (h.bill_start_date + make_interval(months => k + 1))::timestamp AT TIME ZONE 'UTC' AS pe) per
            WHERE h.organization_id = $1 AND h.ended_at = timestamptz '2026-01-01T00:00:00Z') x`,
      [ctx.organizationId, months, base],
    );
    await ctx.sql(
      `INSERT INTO bill_lines (organization_id, bill_id, position, kind, description, quantity, unit, unit_amount_minor, amount_minor)
       SELECT b.organization_id, b.id, 1, 'sessions', 'Remote sessions', r.q, 'session', p.session_rate_minor, r.q * p.session_rate_minor
         FROM bills b JOIN plans p ON p.organization_id = b.organization_id AND p.id = b.plan_id
         CROSS JOIN LATERAL (SELECT abs(hashtext(b.association_id || ':' || b.period_index)) % 200 AS q) r
        WHERE b.organization_id = $1 AND b.period_start < '2026-01-01T00:00:00Z'
       UNION ALL
       SELECT b.organization_id, b.id, 2, 'devices', 'Unattended devices', r.dv, 'device', p.unattended_device_rate_minor, r.dv * p.unattended_device_rate_minor
         FROM bills b JOIN plans p ON p.organization_id = b.organization_id AND p.id = b.plan_id
         CROSS JOIN LATERAL (SELECT abs(hashtext(b.period_index || ':' || b.association_id)) % 8 AS dv) r
        WHERE b.organization_id = $1 AND b.period_start < '2026-01-01T00:00:00Z' AND r.dv > 0`,
      [ctx.organizationId],
    );
    await ctx.sql(
      'UPDATE bill_sequences SET last_value = (SELECT max(sequence) FROM bills WHERE organization_id = $1) WHERE organization_id = $1',
      [ctx.organizationId],
    );
    await ctx.sql('COMMIT');
  } catch (e) {
    await ctx.sql('ROLLBACK').catch(() => undefined);
    throw e;
  }
  await ctx.vacuum('bills', 'bill_lines', 'associations');
  ctx.log(
    `  bills table filled to ${await ctx.count('bills')} rows (${months} months of history per department) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
}

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

async function load(url, token, seconds, connections) {
  const r = await cannon({ url, connections, duration: seconds, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bad = r.non2xx + r.errors + r.timeouts;
  if (bad > 0 || r.requests.total === 0)
    throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests.total}`);
  return { reqPerSec: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, total: r.requests.total };
}

/** @param {import('./lib/context').RunArgs} args */
async function run({ ctx }) {
  const { size } = ctx;
  const app = await ctx.server();
  await ensureBills(ctx);
  const bills = await ctx.count('bills');
  const billsUrl = `${app.api}/bills?limit=50`;
  const healthUrl = `${app.api}/health`;
  // A page must really be 50 bills.
  const { call } = require('./lib/server');
  const page = await call('GET', billsUrl, { token: ctx.token }, [200]);
  if (!Array.isArray(page.items) || page.items.length !== 50) throw new Error(`GET /bills?limit=50 gave ${page.items?.length} items`);

  await ctx.sql('CHECKPOINT');
  // Warm-up (JIT, caches), not counted.
  await load(billsUrl, ctx.token, 1, size.apiConnections);
  await load(healthUrl, null, 1, size.apiConnections);
  await ctx.resetStatements();
  const { value: b, peakRssMb, cpuSeconds } = await ctx.measure(() => load(billsUrl, ctx.token, size.apiSeconds, size.apiConnections));
  const topStatements = await ctx.topStatements();
  const {
    value: h,
    peakRssMb: healthPeak,
    cpuSeconds: healthCpuSeconds,
  } = await ctx.measure(() => load(healthUrl, null, size.apiSeconds, size.apiConnections));
  const ratio = round(b.reqPerSec / h.reqPerSec, 3);
  return {
    p99Ms: b.p99Ms,
    p50Ms: b.p50Ms,
    reqPerSec: b.reqPerSec,
    healthReqPerSec: h.reqPerSec,
    healthP99Ms: h.p99Ms,
    ratio,
    bills,
    seconds: size.apiSeconds,
    connections: size.apiConnections,
    peakRssMb: Math.max(peakRssMb ?? 0, healthPeak ?? 0) || null,
    cpuSeconds,
    healthCpuSeconds,
    ...(topStatements ? { topStatements } : {}),
    target: 'p99 ≤ 50 ms and ≥ 0.3× health req/s',
    met: b.p99Ms <= 50 && ratio >= 0.3,
  };
}

module.exports = { run, ensureBills };
