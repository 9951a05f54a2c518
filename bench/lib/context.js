'use strict';
/**
 * The state shared by the benchmarks of one run: one Postgres (embedded, fsync on), one API process on it,
 * an admin token, a usage:write API key, and the seeded data each benchmark needs, created on demand
 * (so any benchmark also runs alone: `npm run bench -- close`).
 *
 * For bench/pdf.js and bench/mail.js: `await ctx.server()` gives { api, pid, … }; ctx.token / ctx.apiKey;
 * `await ctx.sql(text, params)`; ctx.ensure*(); ctx.measure(fn) → { value, peakRssMb, cpuSeconds }; ctx.size; ctx.log().
 */
const { mkdtempSync, chmodSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');
const { from: copyFrom } = require('pg-copy-streams');
const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');
const data = require('./data');
const pgLib = require('./pg');
const server = require('./server');
const { sampleRss } = require('./rss');
const cpu = require('./cpu');

class Context {
  /**
   * @param {object} [options]
   * @param {boolean} [options.quick] a tenth of the size (--quick)
   * @param {boolean} [options.stats] pg_stat_statements (--stats)
   * @param {boolean} [options.keep] keep the temp folder (--keep)
   * @param {string[]} [options.pgSettings] extra Postgres settings, `name=value` (--pg)
   * @param {(line: string) => void} [options.log]
   */
  constructor({ quick = false, stats = false, keep = false, pgSettings = [], log = console.log } = {}) {
    this.quick = quick;
    this.pgSettings = pgSettings;
    this.stats = stats;
    this.keep = keep;
    this.log = log;
    this.size = data.sizes(quick);
    this.tmp = mkdtempSync(join(tmpdir(), 'rb-bench-'));
    chmodSync(this.tmp, 0o755);
    this.pg = null;
    this.app = null;
    this.client = null;
    this.token = null;
    this.apiKey = null;
    this.organizationId = null;
    /** @type {{ departments?: ReturnType<typeof data.departments>, bodies?: Buffer[] }} */
    this.cache = {};
    /** Set by the runner on SIGINT/SIGTERM: no further benchmark starts. */
    this.aborted = false;
    /**
     * Set by a benchmark that starts something the runner does not know (start.js: a clone's Postgres):
     * the runner calls it on process exit, after killSync().
     * @type {(() => void) | null}
     */
    this.onExit = null;
  }

  /** A fresh folder under the run's temp dir (traversable by the postgres user). */
  dir(name) {
    const d = join(this.tmp, name);
    require('node:fs').mkdirSync(d, { recursive: true });
    chmodSync(d, 0o755);
    return d;
  }

  async db() {
    if (!this.pg) {
      const t = Date.now();
      this.pg = await pgLib.startPostgres(this.dir('db'), { stats: this.stats, settings: this.pgSettings });
      this.log(
        `  postgres up on 127.0.0.1:${this.pg.port} in ${((Date.now() - t) / 1000).toFixed(1)} s (fsync on${this.stats ? ', pg_stat_statements' : ''}${this.pgSettings.length ? `, ${this.pgSettings.join(' ')}` : ''})`,
      );
    }
    return this.pg;
  }

  /**
   * One statement on the run's database (one connection, opened on first use).
   * @param {string} text
   * @param {unknown[]} [params]
   */
  async sql(text, params) {
    if (!this.client) {
      const pg = await this.db();
      this.client = new Client({ connectionString: pg.url, application_name: 'bench' });
      await this.client.connect();
    }
    return this.client.query(text, params);
  }

  /** The API on the run's Postgres, started once (migrations run on its first start). */
  async server() {
    if (this.app && !this.app.hasExited()) return this.app;
    const pg = await this.db();
    const t = Date.now();
    this.app = await server.spawnApp({ dataDir: this.dir('app'), databaseUrl: pg.url });
    await server.waitHealthy(this.app);
    this.token = await server.login(this.app);
    if (!this.organizationId) this.organizationId = (await this.sql('SELECT id FROM organizations ORDER BY created_at LIMIT 1')).rows[0].id;
    if (!this.apiKey) {
      const k = await server.call('POST', `${this.app.api}/api-keys`, {
        token: this.token,
        body: { name: 'bench ingest', scopes: ['usage:write'] },
      });
      this.apiKey = k.key;
    }
    this.log(`  API up (pid ${this.app.pid}) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return this.app;
  }

  async stopServer() {
    if (this.app) await this.app.stop();
    this.app = null;
  }

  /**
   * Runs fn while sampling the API's RSS (peak reset at the start).
   * @template T
   * @param {() => Promise<T>} fn
   */
  async measure(fn) {
    const pgData = this.pg ? join(this.pg.dataDir, 'pg') : null;
    const before = cpu.snapshot(this.app?.pid, pgData);
    const sampler = sampleRss(() => (this.app && !this.app.hasExited() ? this.app.pid : null));
    let value;
    try {
      value = await fn();
    } finally {
      this.lastPeakRssMb = sampler.stop();
    }
    const cpuSeconds = cpu.diff(before, cpu.snapshot(this.app?.pid, pgData));
    return { value, peakRssMb: this.lastPeakRssMb, cpuSeconds };
  }

  get departments() {
    if (!this.cache.departments) this.cache.departments = data.departments(this.size.departments);
    return this.cache.departments;
  }

  /** The POST /sessions/batch bodies (built once: ingest and replay send the same bytes). */
  sessionBodies() {
    if (!this.cache.bodies) {
      const t = Date.now();
      this.cache.bodies = data.sessionBatches(this.size.sessions, this.departments, this.size.batch);
      const mb = this.cache.bodies.reduce((s, b) => s + b.length, 0) / 1048576;
      this.log(`  generated ${this.cache.bodies.length} batch bodies (${mb.toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    return this.cache.bodies;
  }

  sessionCopyChunks() {
    return data.sessionCopyChunks(this.size.sessions, this.departments, this.organizationId);
  }

  /**
   * VACUUM ANALYZE each table (one statement each: VACUUM cannot run in a transaction block).
   * @param {...string} tables
   */
  async vacuum(...tables) {
    for (const t of tables) await this.sql(`VACUUM ANALYZE ${t}`);
  }

  /**
   * @param {string} table
   * @param {string} [where] an SQL condition
   */
  async count(table, where = 'true') {
    return Number((await this.sql(`SELECT count(*)::bigint AS n FROM ${table} WHERE ${where}`)).rows[0].n);
  }

  /** Departments straight into the table (set-based, deterministic ids; setup, not measured). */
  async ensureDepartments() {
    await this.server();
    if ((await this.count('departments')) >= this.size.departments) return;
    const d = this.departments;
    await this.sql(
      `INSERT INTO departments (organization_id, id, name, external_id)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
      [this.organizationId, d.map((x) => x.id), d.map((x) => x.name), d.map((x) => x.externalId)],
    );
    await this.sql('ANALYZE departments');
    this.log(`  ${d.length} departments inserted`);
  }

  /**
   * COPY rows into a table (used by the ingest baseline and to load sessions when ingest did not run).
   * @param {string} table
   * @param {Iterable<Buffer>} chunks COPY text
   */
  async copyInto(table, chunks) {
    const pg = this.runningPg();
    const c = new Client({ connectionString: pg.url, application_name: 'bench-copy' });
    await c.connect();
    try {
      const pgData = join(pg.dataDir, 'pg');
      const before = cpu.snapshot(null, pgData);
      const t = process.hrtime.bigint();
      const stream = c.query(
        copyFrom(
          `COPY ${table} (organization_id, external_id, department_id, technician, type, started_at, ended_at, duration_seconds) FROM STDIN`,
        ),
      );
      await pipeline(Readable.from(chunks, { objectMode: false }), stream);
      const seconds = Number(process.hrtime.bigint() - t) / 1e9;
      this.lastCopyCpu = cpu.diff(before, cpu.snapshot(null, pgData));
      return seconds;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** The seeded sessions present in `sessions` (via COPY when the ingest benchmark did not load them). */
  async ensureSessions() {
    await this.ensureDepartments();
    const have = await this.count('sessions');
    if (have >= this.size.sessions) return;
    if (have > 0) throw new Error(`sessions holds ${have} rows, fewer than ${this.size.sessions}: start from a fresh run`);
    const s = await this.copyInto('sessions', this.sessionCopyChunks());
    await this.vacuum('sessions');
    this.log(`  ${this.size.sessions} sessions loaded with COPY in ${s.toFixed(1)} s`);
  }

  /**
   * One monthly association per department from 2026-01-01 (UTC), through the API: plans of 100
   * associations each (POST /plans with associations), 2 requests at a time.
   */
  async ensureAssociations() {
    await this.ensureDepartments();
    if ((await this.count('associations', 'ended_at IS NULL')) >= this.size.associations) return;
    const t = Date.now();
    const deps = this.departments.slice(0, this.size.associations);
    const { api } = this.runningApp();
    const plans = [];
    for (let i = 0; i * 100 < deps.length; i++) plans.push(deps.slice(i * 100, i * 100 + 100));
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= plans.length) return;
        await server.call('POST', `${api}/plans`, {
          token: this.token,
          body: {
            name: `Bench plan ${String(i + 1).padStart(3, '0')}`,
            currency: 'USD',
            billingType: 'per_session',
            sessionRateMinor: 1250,
            unattendedDeviceRateMinor: 300,
            associations: plans[i].map((d) => ({
              departmentId: d.id,
              billingCycle: 'monthly',
              billStartDate: '2026-01-01',
              dueDays: 10,
              billingAddress: { name: d.name, line1: '1 Main Street', city: 'Springfield', country: 'US' },
              recipients: [`billing+${d.externalId}@example.test`],
              timeZone: 'UTC',
            })),
          },
        });
      }
    };
    await Promise.all([worker(), worker()]);
    await this.vacuum('plans', 'associations');
    this.log(`  ${deps.length} associations on ${plans.length} plans created through the API in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  /** Devices through POST /devices/batch (10,000 per request). */
  async ensureDevices() {
    await this.ensureDepartments();
    if ((await this.count('devices')) >= this.size.devices) return;
    const t = Date.now();
    const { api } = this.runningApp();
    const all = data.devices(this.size.devices, this.departments);
    for (let i = 0; i < all.length; i += 10_000) {
      const r = await server.call(
        'POST',
        `${api}/devices/batch`,
        { token: this.apiKey, body: { devices: all.slice(i, i + 10_000) } },
        [200],
      );
      if (r.accepted + r.duplicates !== Math.min(10_000, all.length - i)) throw new Error(`devices/batch answered ${JSON.stringify(r)}`);
    }
    await this.sql('ANALYZE devices');
    this.log(`  ${all.length} devices created through the API in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  async topStatements() {
    return this.stats ? pgLib.topStatements(this.runningPg().url) : undefined;
  }

  async resetStatements() {
    if (this.stats) await pgLib.resetStatements(this.runningPg().url);
  }

  /** The run's Postgres, for the steps that run after db() (the ensure*() steps and server() start it). */
  runningPg() {
    if (!this.pg) throw new Error('Postgres is not started: await ctx.db() (or ctx.server()) first');
    return this.pg;
  }

  /** The API, for the steps that run after server() (the ensure*() steps start it). */
  runningApp() {
    if (!this.app) throw new Error('the API is not started: await ctx.server() first');
    return this.app;
  }

  /** Stops everything this run started (API, Postgres) and removes the temp dir. Safe to call twice. */
  close() {
    if (!this.closing) this.closing = this.doClose();
    return this.closing;
  }

  async doClose() {
    await server.stopAll();
    this.app = null;
    if (this.client) await this.client.end().catch(() => undefined);
    this.client = null;
    if (this.pg) await this.pg.stop().catch((e) => this.log(`  stopping postgres failed: ${e.message}`));
    this.pg = null;
    if (!this.keep) rmSync(this.tmp, { recursive: true, force: true });
    else this.log(`  kept ${this.tmp}`);
  }

  /** Sync last resort (process exit / signal). */
  killSync() {
    server.killAllSync();
    pgLib.killPostmaster(join(this.tmp, 'db', 'pg'));
  }
}

/**
 * What the runner passes to every benchmark's `run()`.
 * @typedef {object} RunArgs
 * @property {boolean} quick a tenth of the size
 * @property {Context} ctx
 * @property {Record<string, any>} results the results of the benchmarks that ran before in this run, by name
 */

module.exports = { Context };
