'use strict';
/**
 * The benchmarks' own PostgreSQL: the app's embedded one (apps/api/src/database/embedded-postgres.ts),
 * started here so the runner knows its URL and can make scratch tables and template copies.
 * Not ephemeral: fsync and full_page_writes stay on, like `npm start`.
 */
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');

const ROOT = join(__dirname, '../..');
let tsRegistered = false;

function loadEmbedded() {
  if (!tsRegistered) {
    require(join(ROOT, 'test/support/register-ts'));
    tsRegistered = true;
  }
  return require(join(ROOT, 'apps/api/src/database/embedded-postgres'));
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Runs fn with a connected client and always closes it.
 * @template T
 * @param {string} url
 * @param {(c: Client) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withClient(url, fn) {
  const c = new Client({ connectionString: url, application_name: 'bench' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * Starts Postgres in dataDir. With stats, pg_stat_statements is preloaded (needs one restart) so
 * benchmarks can report where the database time goes.
 * @param {string} dataDir
 * @param {object} [options]
 * @param {boolean} [options.stats] preload pg_stat_statements
 * @param {boolean} [options.ephemeral] fsync and full_page_writes off (the benchmarks keep them on)
 * @param {string[]} [options.settings] extra `name=value` settings (--pg), set with ALTER SYSTEM
 * @param {(line: string) => void} [options.log] the embedded Postgres's progress lines (default: none)
 */
async function startPostgres(dataDir, { stats = false, ephemeral = false, settings = [], log } = {}) {
  const { startEmbeddedPostgres, freePort } = loadEmbedded();
  const port = await freePort();
  let db = await startEmbeddedPostgres({ dataDir, port, database: 'remote_billing', ephemeral, log });
  // Extra settings (experiments, e.g. --pg shared_buffers=1GB) and pg_stat_statements need a restart.
  const alter = settings.map((kv) => {
    const i = kv.indexOf('=');
    if (i < 1 || !/^[a-z_.]+$/.test(kv.slice(0, i))) throw new Error(`--pg expects name=value, got "${kv}"`);
    return [kv.slice(0, i), kv.slice(i + 1)];
  });
  if (stats) alter.push(['shared_preload_libraries', 'pg_stat_statements']);
  if (alter.length) {
    await withClient(db.url, async (c) => {
      for (const [k, v] of alter) await c.query(`ALTER SYSTEM SET ${k} = ${c.escapeLiteral(v)}`);
    });
    await db.stop();
    db = await startEmbeddedPostgres({ dataDir, port, database: 'remote_billing', ephemeral, log });
  }
  if (stats) await withClient(db.url, (c) => c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'));
  return { url: db.url, serverUrl: withDatabase(db.url, 'postgres'), port, dataDir, stop: () => db.stop(), stats };
}

/** The plan snapshot a bill stores (as the billing run writes it), from plans aliased `p`: for bills made by SQL in setup. */
const PLAN_SNAPSHOT_SQL = `jsonb_build_object('name', p.name, 'currency', trim(p.currency), 'billingType', p.billing_type,
                    'sessionRateMinor', coalesce(p.session_rate_minor, 0), 'hourRateMinor', coalesce(p.hour_rate_minor, 0),
                    'unattendedDeviceRateMinor', p.unattended_device_rate_minor, 'billingIncrementMinutes', p.billing_increment_minutes,
                    'minimumBillableMinutes', p.minimum_billable_minutes) AS plan_snapshot`;

/**
 * What a bill prints of its seller, from an unaliased organizations row: the JSON of a seller profile version, as
 * apps/api's billing-run.repository.ts SELLER_PROFILE_JSON builds it (the same content hashes to the same sha256,
 * so bills made here and by the API share one version).
 */
const SELLER_PROFILE_JSON = `jsonb_build_object('name', name, 'legalName', legal_name, 'address', address, 'vatId', vat_id,
  'taxNumber', tax_number, 'companyRegistration', company_registration, 'contactEmail', contact_email, 'phone', phone,
  'website', website, 'accountHolder', account_holder, 'iban', iban, 'bic', bic, 'paymentInstructions', payment_instructions,
  'paymentTerms', payment_terms, 'invoiceFooter', invoice_footer,
  'logo', CASE WHEN logo IS NULL THEN NULL ELSE jsonb_build_object('contentType', logo_content_type, 'sha256', logo_sha256,
    'width', logo_width, 'height', logo_height) END)`;

/**
 * The buyer snapshot and language a bill copies (as the billing run's composeBill writes them), from the association
 * aliased `a` (`buyerSql(alias)`), its department `d` and organization `org`: for bills made by SQL.
 */
const buyerSql = (a = 'a') => `jsonb_build_object('legalName', d.legal_name, 'vatId', d.vat_id, 'buyerReference', ${a}.buyer_reference,
                    'purchaseOrder', ${a}.purchase_order)`;
const LANGUAGE_SQL = `coalesce(d.invoice_language, org.invoice_language)`;

/**
 * Bills inserted by SQL point at a seller profile version (apps/api's seller_profiles): `ensureSellerProfile`
 * makes the organization's current one (as the billing run does), `sellerProfileIdSql(org)` reads it (`org`: a SQL
 * expression). `sql` is called as a plain function: pass `(text, params) => ctx.sql(text, params)`, not `ctx.sql`.
 * @param {(text: string, params?: unknown[]) => Promise<unknown>} sql
 * @param {string} organizationId
 */
async function ensureSellerProfile(sql, organizationId) {
  await sql(
    `WITH o AS (SELECT id, logo, logo_content_type, ${SELLER_PROFILE_JSON} AS profile FROM organizations WHERE id = $1)
     INSERT INTO seller_profiles (organization_id, id, sha256, profile, logo, logo_content_type)
     SELECT id, gen_random_uuid(), encode(sha256(convert_to(profile::text, 'UTF8')), 'hex'), profile, logo, logo_content_type FROM o
     ON CONFLICT (organization_id, sha256) DO NOTHING`,
    [organizationId],
  );
}
const sellerProfileIdSql = (org) =>
  `(SELECT sp.id FROM seller_profiles sp WHERE sp.organization_id = ${org} ORDER BY sp.created_at LIMIT 1)`;

/** Last resort (sync, for process exit): stop a postmaster still holding dataDir/pg. */
function killPostmaster(pgDataDir) {
  const pidFile = join(pgDataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmd.includes('postgres')) return false;
    process.kill(pid, 'SIGINT'); // fast shutdown
    return true;
  } catch {
    return false;
  }
}

/** The top statements by total time since the last reset (needs --stats). */
async function topStatements(url, limit = 8) {
  return withClient(url, async (c) => {
    const r = await c.query(
      `SELECT calls, round(total_exec_time)::bigint AS total_ms, round(mean_exec_time::numeric, 2) AS mean_ms, rows,
              regexp_replace(left(query, 160), '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    );
    return r.rows.map((x) => ({
      calls: Number(x.calls),
      totalMs: Number(x.total_ms),
      meanMs: Number(x.mean_ms),
      rows: Number(x.rows),
      query: x.query,
    }));
  });
}

async function resetStatements(url) {
  await withClient(url, (c) => c.query('SELECT pg_stat_statements_reset()'));
}

module.exports = {
  PLAN_SNAPSHOT_SQL,
  SELLER_PROFILE_JSON,
  buyerSql,
  LANGUAGE_SQL,
  ensureSellerProfile,
  sellerProfileIdSql,
  ROOT,
  withDatabase,
  withClient,
  startPostgres,
  killPostmaster,
  topStatements,
  resetStatements,
  loadEmbedded,
};
